import { Alert, Button } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../api/client.js';

/**
 * A failed load with the server's message. A refusal (HTTP 403) shows the server's message,
 * which names the missing permission or location, without a retry button, because a retry
 * cannot succeed until an administrator changes the user's role.
 */
export function LoadError({ error, onRetry }: { error: ApiError; onRetry: () => void }) {
  const { t } = useTranslation();
  const forbidden = error.status === 403;
  return (
    <Alert
      type={forbidden ? 'warning' : 'error'}
      showIcon
      title={error.message}
      description={error.requestId ? t('errors.requestId', { id: error.requestId }) : undefined}
      action={forbidden ? undefined : <Button onClick={onRetry}>{t('common.retry')}</Button>}
      style={{ marginBottom: 16 }}
      data-testid={forbidden ? 'forbidden-error' : 'load-error'}
    />
  );
}
