import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';

/**
 * States the password rules the server enforces (at least 12 characters, no common or
 * leaked password, no part of the email address), so that a new password passes first time.
 */
export function PasswordRules() {
  const { t } = useTranslation();
  return (
    <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="password-rules">
      {t('password.rules')}
    </Typography.Text>
  );
}
