import { DownloadOutlined } from '@ant-design/icons';
import { Button, Dropdown } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { downloadFile } from '../api/client.js';
import { useErrorReporter } from '../api/hooks.js';
import { todayInTokyo } from '../lib/format.js';

/**
 * Downloads the item CSV in Shift_JIS (CP932, for Excel) or UTF-8. The export route filters
 * by category and status only, so a list filtered otherwise exports more than it shows.
 */
export function ExportButton({ filters }: { filters?: { category?: string; status?: string } }) {
  const { t } = useTranslation();
  const reportError = useErrorReporter();
  const [busy, setBusy] = useState(false);

  const download = async (encoding: 'cp932' | 'utf8') => {
    setBusy(true);
    try {
      await downloadFile('/api/items/export', { ...filters, encoding }, `items-${todayInTokyo()}.csv`);
    } catch (error) {
      reportError(error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dropdown
      menu={{
        items: [
          { key: 'cp932', label: t('csv.exportCp932') },
          { key: 'utf8', label: t('csv.exportUtf8') },
        ],
        onClick: ({ key }) => void download(key as 'cp932' | 'utf8'),
      }}
    >
      <Button icon={<DownloadOutlined />} loading={busy} data-testid="export-button">
        {t('csv.export')}
      </Button>
    </Dropdown>
  );
}
