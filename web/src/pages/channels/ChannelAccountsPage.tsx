import { PlusOutlined } from '@ant-design/icons';
import { Button, Form, Input, Select, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiQuery } from '../../api/hooks.js';
import { LoadError } from '../../components/LoadError.js';
import { PageTitle } from '../../components/PageTitle.js';
import { RecordFormModal } from '../../components/RecordFormModal.js';
import type { ChannelAccountOutput } from '../../../../src/modules/channels/accounts/schemas.js';

type ChannelKind = ChannelAccountOutput['kind'];

interface AccountForm {
  kind: ChannelKind;
  name: string;
  settings: Record<string, string>;
  credentials: Record<string, string>;
}

/** Fields each channel kind takes, as the server's CHANNEL_FIELDS lists them. */
const FIELDS: Record<ChannelKind, { settings: string[]; required: string[]; credentials: string[]; secretsRequired: string[] }> = {
  rakuten: { settings: ['baseUrl', 'shopUrl'], required: [], credentials: ['serviceSecret', 'licenseKey'], secretsRequired: ['serviceSecret', 'licenseKey'] },
  yahoo: {
    settings: ['sellerId', 'baseUrl'],
    required: ['sellerId'],
    credentials: ['clientId', 'clientSecret', 'accessToken', 'refreshToken', 'publicKey', 'publicKeyVersion'],
    secretsRequired: ['clientId', 'clientSecret'],
  },
  own_site: { settings: ['baseUrl'], required: ['baseUrl'], credentials: ['apiToken', 'webhookSecret'], secretsRequired: ['apiToken', 'webhookSecret'] },
};

function AccountModal({ account, onClose, onSaved }: { account: ChannelAccountOutput | 'new'; onClose: () => void; onSaved: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<AccountForm>();
  const chosenKind = Form.useWatch('kind', form);
  const kind: ChannelKind = account === 'new' ? (chosenKind ?? 'rakuten') : account.kind;
  const fields = FIELDS[kind];
  const record =
    account === 'new'
      ? { initialValues: { kind: 'rakuten' as const, settings: {}, credentials: {} } }
      : { id: account.id, kind: account.kind, name: account.name, settings: account.settings as Record<string, string>, credentials: {} };

  return (
    <RecordFormModal<AccountForm>
      form={form}
      title={account === 'new' ? t('channels.new') : t('channels.edit', { name: account.name })}
      collectionPath="/api/channel-accounts"
      record={record}
      onClose={onClose}
      onSaved={onSaved}
      testId="channel-account-form"
    >
      <Form.Item name="kind" label={t('channels.kind')}>
        <Select disabled={account !== 'new'} options={(['rakuten', 'yahoo', 'own_site'] as const).map((value) => ({ value, label: t(`channels.kinds.${value}`) }))} />
      </Form.Item>
      <Form.Item name="name" label={t('channels.name')} rules={[{ required: true, message: t('common.required') }]}>
        <Input maxLength={100} />
      </Form.Item>
      {fields.settings.map((field) => (
        <Form.Item key={field} name={['settings', field]} label={t(`channels.fields.${field}`)} rules={fields.required.includes(field) ? [{ required: true, message: t('common.required') }] : []}>
          <Input maxLength={500} />
        </Form.Item>
      ))}
      <Typography.Paragraph type="secondary">{account === 'new' ? t('channels.secretsLead') : t('channels.secretsKeepLead')}</Typography.Paragraph>
      {fields.credentials.map((field) => (
        <Form.Item
          key={field}
          name={['credentials', field]}
          label={t(`channels.fields.${field}`)}
          rules={account === 'new' && fields.secretsRequired.includes(field) ? [{ required: true, message: t('common.required') }] : []}
          extra={account !== 'new' && account.credentialsSet.includes(field) ? t('channels.secretSet') : undefined}
        >
          {field === 'publicKey' ? <Input.TextArea rows={3} autoComplete="off" /> : <Input.Password autoComplete="new-password" />}
        </Form.Item>
      ))}
    </RecordFormModal>
  );
}

/** Lists the accounts on online channels and edits them. Credentials are sent, never shown. */
export function ChannelAccountsPage() {
  const { t } = useTranslation();
  const { data, error, loading, reload } = useApiQuery<{ accounts: ChannelAccountOutput[] }>('/api/channel-accounts');
  const [editing, setEditing] = useState<ChannelAccountOutput | 'new'>();

  const columns: TableColumnsType<ChannelAccountOutput> = [
    { title: t('channels.kind'), dataIndex: 'kind', width: 160, render: (kind: ChannelKind) => t(`channels.kinds.${kind}`) },
    { title: t('channels.name'), dataIndex: 'name' },
    {
      title: t('common.status'),
      key: 'status',
      render: (_, account) =>
        account.status === 'active' ? <Tag color="green">{t('channels.active')}</Tag> : <Tag color="orange">{t('channels.paused', { reason: account.pausedReason ?? '' })}</Tag>,
    },
    { title: t('channels.lastError'), dataIndex: 'lastError', render: (value: string | null) => value ?? '—' },
  ];

  return (
    <>
      <PageTitle
        title={t('channels.title')}
        subtitle={t('channels.lead')}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="channel-account-new">
            {t('channels.new')}
          </Button>
        }
      />
      {error && <LoadError error={error} onRetry={reload} />}
      <Table<ChannelAccountOutput>
        rowKey="id"
        size="middle"
        loading={loading}
        columns={columns}
        dataSource={data?.accounts ?? []}
        pagination={false}
        onRow={(row) => ({ onClick: () => setEditing(row), style: { cursor: 'pointer' } })}
        scroll={{ x: 'max-content' }}
      />
      {editing && (
        <AccountModal
          account={editing}
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
