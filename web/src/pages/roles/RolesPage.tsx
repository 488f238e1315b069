import { CheckOutlined, DeleteOutlined, EditOutlined, MinusOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Checkbox, Col, Form, Input, Popconfirm, Row, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import { useApiQuery, useErrorReporter, useFormSubmit, type FieldNameMapper } from '../../api/hooks.js';
import type { PermissionInfo, Role, RolesResponse } from '../../api/types.js';
import { FormDialog } from '../../components/FormDialog.js';
import { LoadError } from '../../components/LoadError.js';
import { PageTitle } from '../../components/PageTitle.js';
import { clearErrorsOnChange } from '../../lib/formErrors.js';
import type { Locale } from '../../lib/format.js';
import { roleName } from '../users/roleName.js';

interface RoleFormValues {
  code?: string;
  nameJa: string;
  nameEn: string;
  permissions: string[];
}

/** "permissions.3" from the API goes on the checkbox group as a whole. */
const mapRoleField: FieldNameMapper = (path) => (path[0] === 'permissions' ? ['permissions'] : path);

function permissionLabel(permission: PermissionInfo, locale: Locale): string {
  return locale === 'en' ? permission.labelEn : permission.labelJa;
}

/** Creates a custom role or edits one: its names in both languages and a checkbox per permission. */
function RoleFormModal({ role, permissions, onClose, onSaved }: { role: Role | 'new'; permissions: PermissionInfo[]; onClose: () => void; onSaved: () => void }) {
  const { t, i18n } = useTranslation();
  const locale: Locale = i18n.language === 'en' ? 'en' : 'ja';
  const [form] = Form.useForm<RoleFormValues>();
  const { error, saving, submit } = useFormSubmit(form, mapRoleField);
  const { message } = App.useApp();
  const isNew = role === 'new';

  const save = async (values: RoleFormValues) => {
    const body = { nameJa: values.nameJa.trim(), nameEn: values.nameEn.trim(), permissions: values.permissions };
    const saved = await submit(() =>
      isNew ? api.post<Role>('/api/roles', { ...body, code: values.code?.trim() }) : api.put<Role>(`/api/roles/${encodeURIComponent(role.code)}`, body),
    );
    if (!saved) return;
    void message.success(t('common.saved'));
    onSaved();
  };

  return (
    <FormDialog form={form} width={640} title={isNew ? t('roles.new') : t('roles.edit', { name: roleName(role, locale) })} saving={saving} error={error} onClose={onClose}>
      <Form<RoleFormValues>
        form={form}
        layout="vertical"
        initialValues={isNew ? { nameJa: '', nameEn: '', permissions: ['stock.view'] } : { nameJa: role.nameJa, nameEn: role.nameEn, permissions: role.permissions }}
        onValuesChange={clearErrorsOnChange(form)}
        onFinish={(values) => void save(values)}
        data-testid="role-form"
      >
        {isNew && (
          <Form.Item
            name="code"
            label={t('roles.code')}
            extra={t('roles.codeHint')}
            rules={[{ required: true, message: t('common.required') }]}
          >
            <Input maxLength={40} autoComplete="off" autoFocus />
          </Form.Item>
        )}
        <Row gutter={12}>
          <Col xs={24} sm={12}>
            <Form.Item name="nameJa" label={t('roles.nameJa')} rules={[{ required: true, whitespace: true, message: t('common.required') }]}>
              <Input maxLength={60} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="nameEn" label={t('roles.nameEn')} rules={[{ required: true, whitespace: true, message: t('common.required') }]}>
              <Input maxLength={60} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="permissions" label={t('roles.permissions')} extra={t('roles.permissionsHint')}>
          <Checkbox.Group style={{ width: '100%' }}>
            <Row gutter={[8, 4]}>
              {permissions.map((permission) => (
                <Col key={permission.code} xs={24} sm={12}>
                  <Checkbox value={permission.code}>{permissionLabel(permission, locale)}</Checkbox>
                </Col>
              ))}
            </Row>
          </Checkbox.Group>
        </Form.Item>
      </Form>
    </FormDialog>
  );
}

/**
 * Shows the permission matrix: one row per permission, one column per role, a check where
 * the role grants it. Built-in roles are read-only, and custom roles can be created, edited
 * and deleted. Needs 'users.manage'.
 */
export function RolesPage() {
  const { t, i18n } = useTranslation();
  const locale: Locale = i18n.language === 'en' ? 'en' : 'ja';
  const { data, error, loading, reload } = useApiQuery<RolesResponse>('/api/roles');
  const [editing, setEditing] = useState<Role | 'new'>();
  const [deleting, setDeleting] = useState<string>();
  const reportError = useErrorReporter();
  const { message } = App.useApp();
  const roles = data?.roles ?? [];
  const permissions = data?.permissions ?? [];

  const remove = async (role: Role) => {
    setDeleting(role.code);
    try {
      await api.delete<void>(`/api/roles/${encodeURIComponent(role.code)}`);
      void message.success(t('roles.deleted', { name: roleName(role, locale) }));
      reload();
    } catch (cause) {
      reportError(cause);
    } finally {
      setDeleting(undefined);
    }
  };

  const roleHeader = (role: Role) => (
    <Space direction="vertical" size={2} data-testid={`role-${role.code}`}>
      <Typography.Text strong>{roleName(role, locale)}</Typography.Text>
      <Space size={4} wrap>
        {role.isBuiltin ? <Tag>{t('roles.builtin')}</Tag> : <Tag color="blue">{t('roles.custom')}</Tag>}
        <Typography.Text type="secondary" style={{ fontSize: 12, fontWeight: 400 }}>
          {t('roles.userCount', { count: role.userCount })}
        </Typography.Text>
      </Space>
      {!role.isBuiltin && (
        <Space size={0}>
          <Button size="small" type="link" icon={<EditOutlined />} onClick={() => setEditing(role)} aria-label={t('roles.editNamed', { name: roleName(role, locale) })}>
            {t('common.edit')}
          </Button>
          <Popconfirm
            title={role.userCount > 0 ? t('roles.deleteInUse', { name: roleName(role, locale), count: role.userCount }) : t('roles.deleteConfirm', { name: roleName(role, locale) })}
            okText={t('roles.delete')}
            okButtonProps={{ danger: true }}
            cancelText={t('common.cancel')}
            onConfirm={() => remove(role)}
          >
            <Button size="small" type="link" danger icon={<DeleteOutlined />} loading={deleting === role.code} aria-label={t('roles.deleteNamed', { name: roleName(role, locale) })}>
              {t('roles.delete')}
            </Button>
          </Popconfirm>
        </Space>
      )}
    </Space>
  );

  const columns: TableColumnsType<PermissionInfo> = [
    {
      title: t('roles.permission'),
      key: 'permission',
      fixed: 'left',
      width: 220,
      render: (_, permission) => (
        <div>
          <div>{permissionLabel(permission, locale)}</div>
          <Typography.Text type="secondary" style={{ fontSize: 11 }} code>
            {permission.code}
          </Typography.Text>
        </div>
      ),
    },
    ...roles.map((role) => ({
      title: roleHeader(role),
      key: role.code,
      align: 'center' as const,
      render: (_: unknown, permission: PermissionInfo) =>
        role.permissions.includes(permission.code) ? (
          <CheckOutlined style={{ color: '#389e0d', fontSize: 16 }} aria-label={t('roles.granted')} role="img" />
        ) : (
          <MinusOutlined style={{ color: '#d9d9d9' }} aria-label={t('roles.notGranted')} role="img" />
        ),
    })),
  ];

  return (
    <>
      <PageTitle
        title={t('roles.title')}
        subtitle={t('roles.lead')}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} disabled={!data} data-testid="new-role">
            {t('roles.new')}
          </Button>
        }
      />
      {error && <LoadError error={error} onRetry={reload} />}
      <Table<PermissionInfo>
        rowKey="code"
        size="small"
        bordered
        loading={loading}
        columns={columns}
        dataSource={permissions}
        pagination={false}
        scroll={{ x: 'max-content' }}
        data-testid="roles-matrix"
      />
      {editing && (
        <RoleFormModal
          role={editing}
          permissions={permissions}
          onClose={() => setEditing(undefined)}
          onSaved={() => {
            setEditing(undefined);
            reload();
          }}
        />
      )}
    </>
  );
}
