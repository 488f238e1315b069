import { LogoutOutlined } from '@ant-design/icons';
import { App, Button, Card, Col, Descriptions, Form, Input, Popconfirm, Row, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import { useApiQuery, useErrorReporter, useFormSubmit } from '../../api/hooks.js';
import type { RolesResponse, SessionResponse } from '../../api/types.js';
import { useAuth } from '../../auth/AuthContext.js';
import { FormErrorAlert } from '../../components/FormErrorAlert.js';
import { PageTitle } from '../../components/PageTitle.js';
import { useScopedLocations } from '../../data/ReferenceData.js';
import { clearErrorsOnChange } from '../../lib/formErrors.js';
import type { Locale } from '../../lib/format.js';
import { roleName } from '../users/roleName.js';
import { LanguageSwitch } from '../../layout/LanguageSwitch.js';
import { PasswordRules } from './PasswordRules.js';

interface ProfileValues {
  displayName: string;
  defaultLocationId: number | null;
}

interface PasswordValues {
  currentPassword: string;
  newPassword: string;
  confirmPassword: string;
}

/** Renders the name and default location, saved together. The language applies as soon as it is picked. */
function ProfileCard() {
  const { t, i18n } = useTranslation();
  const { user, applySession } = useAuth();
  const [form] = Form.useForm<ProfileValues>();
  const { error, saving, submit } = useFormSubmit(form);
  const locations = useScopedLocations('act');
  const roles = useApiQuery<RolesResponse>('/api/roles');
  const { message } = App.useApp();

  if (!user) return null;
  const role = roles.data?.roles.find((r) => r.code === user.role);
  const locale: Locale = i18n.language === 'en' ? 'en' : 'ja';

  const save = async (values: ProfileValues) => {
    const saved = await submit(async () => {
      const session = await api.put<SessionResponse>('/api/auth/profile', { displayName: values.displayName.trim(), defaultLocationId: values.defaultLocationId ?? null });
      await applySession(session);
    });
    if (saved) void message.success(t('common.saved'));
  };

  return (
    <Card size="small" title={t('profile.sectionAccount')}>
      <Descriptions size="small" column={1} style={{ marginBottom: 16 }}>
        <Descriptions.Item label={t('common.email')}>{user.email}</Descriptions.Item>
        <Descriptions.Item label={t('profile.role')}>{role ? roleName(role, locale) : user.role}</Descriptions.Item>
        <Descriptions.Item label={t('profile.locations')}>
          {user.scope.all ? t('users.allLocations') : locations.map((l) => l.name).join(t('access.listSeparator')) || t('users.noLocations')}
        </Descriptions.Item>
      </Descriptions>
      <div style={{ marginBottom: 24 }}>
        <div style={{ marginBottom: 8 }}>{t('users.language')}</div>
        <LanguageSwitch size="middle" testId="profile-language" />
        <div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('profile.languageHint')}
          </Typography.Text>
        </div>
      </div>
      <FormErrorAlert error={error} />
      <Form<ProfileValues>
        form={form}
        layout="vertical"
        initialValues={{ displayName: user.displayName, defaultLocationId: user.defaultLocationId }}
        onValuesChange={clearErrorsOnChange(form)}
        onFinish={(values) => void save(values)}
        data-testid="profile-form"
      >
        <Form.Item name="displayName" label={t('users.displayName')} rules={[{ required: true, whitespace: true, message: t('common.required') }]}>
          <Input maxLength={100} autoComplete="name" />
        </Form.Item>
        <Form.Item name="defaultLocationId" label={t('users.defaultLocation')} extra={t('profile.defaultLocationHint')}>
          <Select
            allowClear
            placeholder={t('users.noDefaultLocation')}
            options={locations.map((l) => ({ value: l.id, label: `${l.code} ${l.name}` }))}
            notFoundContent={t('common.noLocations')}
            data-testid="profile-default-location"
          />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={saving}>
          {t('common.save')}
        </Button>
      </Form>
    </Card>
  );
}

/** Renders the password change. The server checks the current password and then ends the user's other sessions. */
function PasswordCard() {
  const { t } = useTranslation();
  const [form] = Form.useForm<PasswordValues>();
  const { error, saving, submit } = useFormSubmit(form);
  const { message } = App.useApp();

  const save = async (values: PasswordValues) => {
    if (!(await submit(() => api.post<void>('/api/auth/password', { currentPassword: values.currentPassword, newPassword: values.newPassword })))) return;
    form.resetFields();
    void message.success(t('profile.passwordChanged'), 5);
  };

  return (
    <Card size="small" title={t('profile.sectionPassword')}>
      <Typography.Paragraph>
        <PasswordRules />
      </Typography.Paragraph>
      <FormErrorAlert error={error} />
      <Form<PasswordValues> form={form} layout="vertical" onValuesChange={clearErrorsOnChange(form)} onFinish={(values) => void save(values)} data-testid="password-form">
        <Form.Item name="currentPassword" label={t('profile.currentPassword')} rules={[{ required: true, message: t('common.required') }]}>
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <Form.Item name="newPassword" label={t('users.newPassword')} rules={[{ required: true, message: t('common.required') }]}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="confirmPassword"
          label={t('profile.confirmPassword')}
          dependencies={['newPassword']}
          rules={[
            { required: true, message: t('common.required') },
            ({ getFieldValue }) => ({
              validator: (_, value: string | undefined) =>
                !value || value === getFieldValue('newPassword') ? Promise.resolve() : Promise.reject(new Error(t('profile.passwordsDiffer'))),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={saving}>
          {t('profile.changePassword')}
        </Button>
      </Form>
    </Card>
  );
}

/** Renders the button that ends every session of the user, for a lost phone or a shared computer left signed in. */
function SessionsCard() {
  const { t } = useTranslation();
  const { signOutEverywhere } = useAuth();
  const [busy, setBusy] = useState(false);
  const reportError = useErrorReporter();

  const run = async () => {
    setBusy(true);
    try {
      await signOutEverywhere();
    } catch (error) {
      reportError(error);
      setBusy(false);
    }
  };

  return (
    <Card size="small" title={t('profile.sectionSessions')}>
      <Typography.Paragraph>{t('profile.signOutEverywhereLead')}</Typography.Paragraph>
      <Popconfirm title={t('profile.signOutEverywhereConfirm')} okText={t('profile.signOutEverywhere')} okButtonProps={{ danger: true }} cancelText={t('common.cancel')} onConfirm={() => run()}>
        <Button danger icon={<LogoutOutlined />} loading={busy} data-testid="sign-out-everywhere">
          {t('profile.signOutEverywhere')}
        </Button>
      </Popconfirm>
    </Card>
  );
}

/** Renders the signed-in user's own settings: name, language, default location, password and sessions. */
export function ProfilePage() {
  const { t } = useTranslation();
  return (
    <>
      <PageTitle title={t('profile.title')} />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <ProfileCard />
        </Col>
        <Col xs={24} lg={12}>
          <Space direction="vertical" size={16} style={{ width: '100%' }}>
            <PasswordCard />
            <SessionsCard />
          </Space>
        </Col>
      </Row>
    </>
  );
}
