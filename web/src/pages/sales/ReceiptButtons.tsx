import { FilePdfOutlined, PrinterOutlined } from '@ant-design/icons';
import { Button, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { apiUrl } from '../../api/client.js';
import { currentLocale } from '../../i18n/index.js';

/** Returns the URL of a sale's receipt page for a roll printer (58 or 80 mm), in the screen language. */
export function receiptUrl(saleId: number, width: 58 | 80): string {
  return apiUrl(`/api/sales/${saleId}/receipt`, { width, locale: currentLocale() });
}

export function receiptPdfUrl(saleId: number): string {
  return apiUrl(`/api/sales/${saleId}/receipt.pdf`, { locale: currentLocale() });
}

/**
 * Opens the receipt in a new window: the printable page for 58/80 mm receipt printers, or
 * the A4 qualified invoice as PDF. Every opening counts as a print on the server, which
 * marks the second and later ones as a copy.
 */
export function ReceiptButtons({ saleId, onOpened, reprint = false }: { saleId: number; onOpened?: () => void; reprint?: boolean }) {
  const { t } = useTranslation();
  const open = (url: string) => {
    window.open(url, '_blank');
    onOpened?.();
  };
  return (
    <Space wrap>
      <Button icon={<PrinterOutlined />} onClick={() => open(receiptUrl(saleId, 58))} data-testid="receipt-58">
        {t(reprint ? 'sales.reprint58' : 'sales.receipt58')}
      </Button>
      <Button icon={<PrinterOutlined />} onClick={() => open(receiptUrl(saleId, 80))} data-testid="receipt-80">
        {t(reprint ? 'sales.reprint80' : 'sales.receipt80')}
      </Button>
      <Button icon={<FilePdfOutlined />} onClick={() => open(receiptPdfUrl(saleId))} data-testid="receipt-a4">
        {t(reprint ? 'sales.reprintA4' : 'sales.receiptA4')}
      </Button>
    </Space>
  );
}
