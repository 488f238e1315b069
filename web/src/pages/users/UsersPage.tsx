import { EditOutlined, KeyOutlined, PlusOutlined, StopOutlined, UndoOutlined } from '@ant-design/icons';
import { App, Button, Form, Input, Popconfirm, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import { useApiQuery, useErrorReporter, useFormSubmit } from '../../api/hooks.js';
import type { RolesResponse, UserAccount } from '../../api/types.js';
import { useAuth } from '../../auth/AuthContext.js';
import { FormDialog } from '../../components/FormDialog.js';
import { LoadError } from '../../components/LoadError.js';
import { PageTitle } from '../../components/PageTitle.js';
import { useReferenceData } from '../../data/ReferenceData.js';
import { clearErrorsOnChange } from '../../lib/formErrors.js';
import { formatDateTime, type Locale } from '../../lib/format.js';
import { PasswordRules } from '../profile/PasswordRules.js';
import { roleName } from './roleName.js';
import { UserFormModal } from './UserFormModal.js';

/** Renders the dialog that sets a new password for a user who forgot theirs. The server ends that user's sessions. */
function ResetPasswordModal({ user, onClose }: { user: UserAccount; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ password: string }>();
  const { error, saving, submit } = useFormSubmit(form);
  const { message } = App.useApp();

  const save = async ({ password }: { password: string }) => {
    if (!(await submit(() => api.post<void>(`/api/users/${user.id}/password`, { password })))) return;
    void message.success(t('users.passwordReset', { name: user.displayName || user.email }));
    onClose();
  };

  return (
    <FormDialog form={form} title={t('users.resetPasswordTitle', { name: user.displayName || user.email })} okText={t('users.resetPassword')} saving={saving} error={error} onClose={onClose}>
      <Typography.Paragraph>{t('users.resetPasswordLead')}</Typography.Paragraph>
      <Form form={form} layout="vertical" onValuesChange={clearErrorsOnChange(form)} onFinish={(values) => void save(values)} data-testid="reset-password-form">
        <Form.Item name="password" label={t('users.newPassword')} rules={[{ required: true, message: t('common.required') }]} extra={<PasswordRules />}>
          <Input.Password autoComplete="new-password" autoFocus />
        </Form.Item>
      </Form>
    </FormDialog>
  );
}

/** Staff accounts: who may sign in, with which role, at which locations. Needs 'users.manage'. */
export function UsersPage() {
  const { t, i18n } = useTranslation();
  const locale: Locale = i18n.language === 'en' ? 'en' : 'ja';
  const { user: me } = useAuth();
  const { data, error, loading, reload } = useApiQuery<{ users: UserAccount[] }>('/api/users');
  const roles = useApiQuery<RolesResponse>('/api/roles');
  const { locations } = useReferenceData();
  const [editing, setEditing] = useState<UserAccount | 'new'>();
  const [resetting, setResetting] = useState<UserAccount>();
  const [busyId, setBusyId] = useState<number>();
  const reportError = useErrorReporter();
  const { message } = App.useApp();

  const roleList = useMemo(() => roles.data?.roles ?? [], [roles.data]);

  // Switching the language in the header changes the signed-in user's stored language,
  // which their own row shows, so the list is read again.
  const myLocale = me?.locale;
  const shownLocale = useRef(myLocale);
  useEffect(() => {
    if (myLocale === shownLocale.current) return;
    shownLocale.current = myLocale;
    reload();
  }, [myLocale, reload]);

  const canManage = (user: UserAccount) => {
    if (!me || me.isOwner) return true;
    if (user.isOwner) return false;
    const role = roleList.find((r) => r.code === user.role);
    return role !== undefined && role.permissions.every((permission) => me.permissions.includes(permission));
  };
  const locationName = (id: number) => {
    const location = locations.find((l) => l.id === id);
    return location ? location.name : `#${id}`;
  };
  const roleLabel = (code: string) => {
    const role = roleList.find((r) => r.code === code);
    return role ? roleName(role, locale) : code;
  };

  const setActive = async (user: UserAccount, isActive: boolean) => {
    setBusyId(user.id);
    try {
      await api.put<UserAccount>(`/api/users/${user.id}`, { isActive });
      void message.success(t(isActive ? 'users.reactivated' : 'users.deactivated', { name: user.displayName || user.email }));
      reload();
    } catch (cause) {
      reportError(cause);
    } finally {
      setBusyId(undefined);
    }
  };

  const columns: TableColumnsType<UserAccount> = [
    {
      title: t('users.displayName'),
      key: 'name',
      render: (_, user) => (
        <div>
          <div>
            {user.displayName}
            {user.id === me?.id && (
              <Tag style={{ marginInlineStart: 8 }} color="blue">
                {t('users.you')}
              </Tag>
            )}
          </div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {user.email}
          </Typography.Text>
        </div>
      ),
    },
    {
      title: t('users.role'),
      dataIndex: 'role',
      render: (code: string, user) => (user.isOwner ? <Tag color="gold">{t('users.owner')}</Tag> : roleLabel(code)),
    },
    {
      title: t('users.locations'),
      key: 'locations',
      render: (_, user) =>
        user.isOwner || user.allLocations ? (
          t('users.allLocations')
        ) : user.locationIds.length === 0 ? (
          <Typography.Text type="warning">{t('users.noLocations')}</Typography.Text>
        ) : (
          <Space size={[4, 4]} wrap>
            {user.locationIds.map((id) => (
              <Tag key={id} color={id === user.defaultLocationId ? 'geekblue' : undefined}>
                {locationName(id)}
              </Tag>
            ))}
          </Space>
        ),
    },
    {
      title: t('users.defaultLocation'),
      dataIndex: 'defaultLocationId',
      responsive: ['lg'],
      render: (id: number | null) => (id === null ? '—' : locationName(id)),
    },
    { title: t('users.language'), dataIndex: 'locale', responsive: ['xl'], render: (value: Locale) => (value === 'en' ? 'English' : '日本語') },
    {
      title: t('common.status'),
      dataIndex: 'isActive',
      render: (active: boolean) => (active ? <Tag color="green">{t('users.active')}</Tag> : <Tag>{t('users.inactive')}</Tag>),
    },
    { title: t('users.lastLogin'), dataIndex: 'lastLoginAt', responsive: ['lg'], render: (value: string | null) => (value ? formatDateTime(value, locale) : t('users.never')) },
    {
      title: '',
      key: 'actions',
      render: (_, user) => {
        const name = user.displayName || user.email;
        const isMe = user.id === me?.id;
        // The server lets a manager change only users whose permissions they all hold.
        const beyond = !isMe && !canManage(user);
        const beyondTitle = beyond ? t('users.beyondYourPermissions') : undefined;
        return (
          <Space size={4} wrap>
            <Button size="small" icon={<EditOutlined />} onClick={() => setEditing(user)} disabled={beyond} title={beyondTitle} aria-label={t('users.editNamed', { name })}>
              {t('common.edit')}
            </Button>
            <Button
              size="small"
              icon={<KeyOutlined />}
              onClick={() => setResetting(user)}
              disabled={isMe || beyond}
              title={isMe ? t('users.cannotResetOwnPassword') : beyondTitle}
              aria-label={t('users.resetPasswordNamed', { name })}
            >
              {t('users.resetPassword')}
            </Button>
            {user.isActive ? (
              <Popconfirm
                title={t('users.deactivateConfirm', { name })}
                okText={t('users.deactivate')}
                okButtonProps={{ danger: true }}
                cancelText={t('common.cancel')}
                onConfirm={() => setActive(user, false)}
                disabled={isMe || beyond}
              >
                <Button
                  size="small"
                  danger
                  icon={<StopOutlined />}
                  loading={busyId === user.id}
                  disabled={isMe || beyond}
                  title={isMe ? t('users.cannotDeactivateSelf') : beyondTitle}
                >
                  {t('users.deactivate')}
                </Button>
              </Popconfirm>
            ) : (
              <Popconfirm
                title={t('users.reactivateConfirm', { name })}
                okText={t('users.reactivate')}
                cancelText={t('common.cancel')}
                onConfirm={() => setActive(user, true)}
                disabled={beyond}
              >
                <Button size="small" icon={<UndoOutlined />} loading={busyId === user.id} disabled={beyond} title={beyondTitle}>
                  {t('users.reactivate')}
                </Button>
              </Popconfirm>
            )}
          </Space>
        );
      },
    },
  ];

  return (
    <>
      <PageTitle
        title={t('users.title')}
        subtitle={t('users.lead')}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="new-user">
            {t('users.new')}
          </Button>
        }
      />
      {error && <LoadError error={error} onRetry={reload} />}
      {roles.error && <LoadError error={roles.error} onRetry={roles.reload} />}
      <Table<UserAccount>
        rowKey="id"
        size="middle"
        loading={loading}
        columns={columns}
        dataSource={data?.users ?? []}
        pagination={false}
        scroll={{ x: 'max-content' }}
        data-testid="users-table"
      />
      {editing && (
        <UserFormModal
          user={editing}
          roles={roleList}
          onClose={() => setEditing(undefined)}
          onSaved={(saved) => {
            void message.success(t(editing === 'new' ? 'users.created' : 'users.saved', { name: saved.displayName || saved.email }));
            setEditing(undefined);
            reload();
          }}
        />
      )}
      {resetting && <ResetPasswordModal user={resetting} onClose={() => setResetting(undefined)} />}
    </>
  );
}
