import { DownloadOutlined } from '@ant-design/icons';
import { Button, Dropdown } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { downloadFile, type Query } from '../api/client.js';
import { useErrorReporter } from '../api/hooks.js';

interface CsvDownloadButtonProps {
  path: string;
  query?: Query;
  /** Used when the response names no file. */
  fallbackName: string;
  testId?: string;
}

/** Downloads a CSV export in Shift_JIS (CP932, for Excel) or UTF-8, as the user picks. */
export function CsvDownloadButton({ path, query, fallbackName, testId }: CsvDownloadButtonProps) {
  const { t } = useTranslation();
  const reportError = useErrorReporter();
  const [busy, setBusy] = useState(false);

  const download = async (encoding: 'cp932' | 'utf8') => {
    setBusy(true);
    try {
      await downloadFile(path, { ...query, encoding }, fallbackName);
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
      <Button icon={<DownloadOutlined />} loading={busy} data-testid={testId}>
        {t('csv.export')}
      </Button>
    </Dropdown>
  );
}
