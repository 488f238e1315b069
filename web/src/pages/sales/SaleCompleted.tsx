import { ShoppingCartOutlined } from '@ant-design/icons';
import { Button, Descriptions, Result, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatYen } from '../../lib/format.js';
import { navigate } from '../../lib/router.js';
import { ReceiptButtons } from './ReceiptButtons.js';
import type { SaleOutput } from './types.js';

/** Shows the completed sale: its number, the change to hand back, the receipt buttons, and the next sale. */
export function SaleCompleted({ sale, onNext }: { sale: SaleOutput; onNext: () => void }) {
  const { t } = useTranslation();
  const change = sale.payments.reduce((sum, payment) => sum + (payment.change ?? 0), 0);
  return (
    <Result
      status="success"
      title={<span data-testid="sale-completed-title">{t('sales.completedTitle', { number: sale.number })}</span>}
      subTitle={
        <Descriptions size="small" column={{ xs: 1, sm: 2 }} style={{ maxWidth: 480, margin: '0 auto' }}>
          <Descriptions.Item label={t('sales.total')}>
            <span data-testid="sale-completed-total">{formatYen(sale.total)}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('payments.change')}>
            <Typography.Text strong style={{ fontSize: 20 }} data-testid="sale-completed-change">
              {formatYen(change)}
            </Typography.Text>
          </Descriptions.Item>
        </Descriptions>
      }
      extra={
        <Space orientation="vertical" size="middle">
          <ReceiptButtons saleId={sale.id} />
          <Space wrap>
            <Button type="primary" size="large" icon={<ShoppingCartOutlined />} autoFocus onClick={onNext} data-testid="sale-next">
              {t('sales.nextSale')}
            </Button>
            <Button size="large" onClick={() => navigate(`/sales/${sale.id}`)} data-testid="sale-open">
              {t('sales.openSale')}
            </Button>
          </Space>
        </Space>
      }
    />
  );
}
