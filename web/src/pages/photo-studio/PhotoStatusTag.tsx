import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { PhotoStatus } from './types.js';

const STATUS_COLORS: Record<PhotoStatus, string> = {
  queued: 'default',
  processing: 'processing',
  done: 'gold',
  failed: 'error',
  accepted: 'success',
};

/** A photo's processing status in words: waiting, processing, to review, failed or accepted. */
export function PhotoStatusTag({ status }: { status: PhotoStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATUS_COLORS[status]} data-testid={`photo-status-${status}`}>
      {t(`photoStudio.status.${status}`)}
    </Tag>
  );
}
