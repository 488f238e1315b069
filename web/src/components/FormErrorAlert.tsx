import { Alert } from 'antd';
import { useTranslation } from 'react-i18next';
import type { FormErrorState } from '../api/hooks.js';

/**
 * Shows a failed save at the top of its form. When the fields show their own errors, the
 * alert tells the user to fix them and lists only the field errors no field shows. Otherwise
 * it shows the server's message, which is already in the user's language.
 */
export function FormErrorAlert({ error }: { error: FormErrorState | undefined }) {
  const { t } = useTranslation();
  if (!error) return null;
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      style={{ marginBottom: 16 }}
      data-testid="form-error"
      title={error.someOnFields ? t('errors.checkFieldsHint') : error.message}
      description={
        <>
          {error.someOnFields && error.unplaced.length > 0 && (
            <ul style={{ margin: 0, paddingInlineStart: 18 }}>
              {error.unplaced.map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ul>
          )}
          {error.requestId && <div style={{ fontSize: 12, opacity: 0.7 }}>{t('errors.requestId', { id: error.requestId })}</div>}
        </>
      }
    />
  );
}
