import { PlusOutlined, SearchOutlined } from '@ant-design/icons';
import { Button, Form, Input, Select, Switch, Table, Tag, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiQuery } from '../../api/hooks.js';
import type { Supplier } from '../../api/types.js';
import { LoadError } from '../../components/LoadError.js';
import { PageTitle } from '../../components/PageTitle.js';
import { RecordFormModal } from '../../components/RecordFormModal.js';
import { useDebouncedValue } from '../../lib/useDebouncedValue.js';

type SupplierForm = Omit<Supplier, 'id'>;

function SupplierModal({ supplier, onClose, onSaved }: { supplier: Supplier | 'new'; onClose: () => void; onSaved: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<SupplierForm>();

  return (
    <RecordFormModal<SupplierForm>
      form={form}
      title={supplier === 'new' ? t('suppliers.new') : t('suppliers.edit', { name: supplier.name })}
      collectionPath="/api/suppliers"
      record={supplier === 'new' ? { initialValues: { kind: 'business', isActive: true } } : supplier}
      onClose={onClose}
      onSaved={onSaved}
      testId="supplier-form"
    >
        <Form.Item name="code" label={t('suppliers.code')} rules={[{ required: true, message: t('common.required') }]} extra={t('suppliers.codeHint')}>
          <Input maxLength={20} autoFocus />
        </Form.Item>
        <Form.Item name="name" label={t('suppliers.name')} rules={[{ required: true, message: t('common.required') }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="nameKana" label={t('suppliers.nameKana')}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="kind" label={t('suppliers.kind')} rules={[{ required: true }]}>
          <Select
            options={[
              { value: 'business', label: t('supplierKind.business') },
              { value: 'individual', label: t('supplierKind.individual') },
            ]}
          />
        </Form.Item>
        <Form.Item name="invoiceRegistrationNumber" label={t('common.invoiceRegistrationNumber')} extra={t('common.invoiceRegistrationNumberHint')}>
          <Input maxLength={14} placeholder="T7000012050002" />
        </Form.Item>
        <Form.Item name="postalCode" label={t('common.postalCode')}>
          <Input maxLength={10} />
        </Form.Item>
        <Form.Item name="address" label={t('common.address')}>
          <Input maxLength={300} />
        </Form.Item>
        <Form.Item name="phone" label={t('common.phone')}>
          <Input maxLength={30} inputMode="tel" />
        </Form.Item>
        <Form.Item name="email" label={t('common.email')}>
          <Input maxLength={254} inputMode="email" />
        </Form.Item>
        <Form.Item name="notes" label={t('common.notes')}>
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
        <Form.Item name="isActive" label={t('common.active')} valuePropName="checked">
          <Switch />
        </Form.Item>
    </RecordFormModal>
  );
}

export function SuppliersPage() {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const q = useDebouncedValue(search.trim(), 300);
  const { data, error, loading, reload } = useApiQuery<{ suppliers: Supplier[] }>('/api/suppliers', { includeInactive: 'true', q });
  const [editing, setEditing] = useState<Supplier | 'new'>();

  const columns: TableColumnsType<Supplier> = [
    { title: t('suppliers.code'), dataIndex: 'code', width: 120 },
    { title: t('suppliers.name'), dataIndex: 'name', render: (name: string, row) => (row.nameKana ? `${name}（${row.nameKana}）` : name) },
    { title: t('suppliers.kind'), dataIndex: 'kind', width: 110, render: (kind: string) => t(`supplierKind.${kind}`) },
    { title: t('common.invoiceRegistrationNumber'), dataIndex: 'invoiceRegistrationNumber', responsive: ['lg'] },
    { title: t('common.phone'), dataIndex: 'phone', responsive: ['md'] },
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
        title={t('suppliers.title')}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
            {t('suppliers.new')}
          </Button>
        }
      />
      <Input
        allowClear
        prefix={<SearchOutlined />}
        placeholder={t('suppliers.searchPlaceholder')}
        value={search}
        onChange={(event) => setSearch(event.target.value)}
        style={{ maxWidth: 360, marginBottom: 12 }}
      />
      {error && <LoadError error={error} onRetry={reload} />}
      <Table<Supplier>
        rowKey="id"
        size="middle"
        loading={loading}
        columns={columns}
        dataSource={data?.suppliers ?? []}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        onRow={(row) => ({ onClick: () => setEditing(row), style: { cursor: 'pointer' } })}
        scroll={{ x: 'max-content' }}
      />
      {editing && (
        <SupplierModal
          supplier={editing}
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
