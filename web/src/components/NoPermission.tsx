import { LockOutlined } from '@ant-design/icons';
import { Button, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { permissionName, type Permission } from '../auth/permissions.js';
import { navigate } from '../lib/router.js';

/**
 * Renders the page shown in place of a screen the user may not open, naming the permission
 * it needs. `anyOf` lists permissions of which one would be enough.
 */
export function NoPermission({ anyOf, homePath }: { anyOf: Permission[]; homePath: string }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language === 'en' ? 'en' : 'ja';
  const names = anyOf.map((permission) => t('access.permissionQuoted', { name: permissionName(permission, locale) }));
  return (
    <Result
      status="403"
      icon={<LockOutlined style={{ fontSize: 64, color: '#8a5a44' }} />}
      title={t('access.forbiddenTitle')}
      subTitle={
        <span data-testid="no-permission">
          {names.length > 1 ? t('access.forbiddenAnyOf', { permissions: names.join(t('access.listSeparator')) }) : t('access.forbidden', { permission: names[0] ?? '' })}
        </span>
      }
      extra={<Button onClick={() => navigate(homePath)}>{t('access.goHome')}</Button>}
    />
  );
}
