import { PlusOutlined } from '@ant-design/icons';
import { Button, Form, Input, Switch, Table, Tag, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiQuery } from '../../api/hooks.js';
import { LoadError } from '../../components/LoadError.js';
import { LocationSelect } from '../../components/LocationSelect.js';
import { PageTitle } from '../../components/PageTitle.js';
import { RecordFormModal } from '../../components/RecordFormModal.js';
import type { RegisterOutput } from './types.js';

interface RegisterForm {
  locationId: number;
  code: string;
  name: string;
  isActive: boolean;
}

function RegisterModal({ register, onClose, onSaved }: { register: RegisterOutput | 'new'; onClose: () => void; onSaved: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<RegisterForm>();
  return (
    <RecordFormModal<RegisterForm>
      form={form}
      title={register === 'new' ? t('registers.new') : t('registers.edit', { name: register.name })}
      collectionPath="/api/registers"
      record={register === 'new' ? { initialValues: { isActive: true } } : register}
      onClose={onClose}
      onSaved={onSaved}
      testId="register-form"
    >
      <Form.Item name="locationId" label={t('registers.location')} rules={[{ required: true, message: t('common.chooseLocation') }]}>
        <LocationSelect scope="all" />
      </Form.Item>
      <Form.Item name="code" label={t('registers.code')} rules={[{ required: true, message: t('common.required') }]} extra={t('registers.codeHint')}>
        <Input maxLength={20} />
      </Form.Item>
      <Form.Item name="name" label={t('registers.name')} rules={[{ required: true, message: t('common.required') }]}>
        <Input maxLength={100} />
      </Form.Item>
      <Form.Item name="isActive" label={t('common.active')} valuePropName="checked">
        <Switch />
      </Form.Item>
    </RecordFormModal>
  );
}

/** Lists the registers (レジ) of each location and edits them. Every sale and register close belongs to one register. */
export function RegistersPage() {
  const { t } = useTranslation();
  const { data, error, loading, reload } = useApiQuery<{ registers: RegisterOutput[] }>('/api/registers');
  const [editing, setEditing] = useState<RegisterOutput | 'new'>();

  const columns: TableColumnsType<RegisterOutput> = [
    { title: t('registers.location'), dataIndex: 'locationName' },
    { title: t('registers.code'), dataIndex: 'code', width: 120 },
    { title: t('registers.name'), dataIndex: 'name' },
    {
      title: t('common.status'),
      dataIndex: 'isActive',
      width: 100,
      render: (active: boolean) => (active ? <Tag color="green">{t('common.active')}</Tag> : <Tag>{t('common.inactive')}</Tag>),
    },
  ];

  return (
    <>
      <PageTitle
        title={t('registers.title')}
        subtitle={t('registers.lead')}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="register-new">
            {t('registers.new')}
          </Button>
        }
      />
      {error && <LoadError error={error} onRetry={reload} />}
      <Table<RegisterOutput>
        rowKey="id"
        size="middle"
        loading={loading}
        columns={columns}
        dataSource={data?.registers ?? []}
        pagination={false}
        onRow={(row) => ({ onClick: () => setEditing(row), style: { cursor: 'pointer' } })}
        scroll={{ x: 'max-content' }}
      />
      {editing && (
        <RegisterModal
          register={editing}
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
