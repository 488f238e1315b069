import { PlusOutlined } from '@ant-design/icons';
import { Button, Form, Input, Select, Switch, Table, Tag, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiQuery } from '../../api/hooks.js';
import type { Location } from '../../api/types.js';
import { DateField } from '../../components/DateField.js';
import { LoadError } from '../../components/LoadError.js';
import { PageTitle } from '../../components/PageTitle.js';
import { RecordFormModal } from '../../components/RecordFormModal.js';
import { useReferenceData } from '../../data/ReferenceData.js';

type LocationForm = Omit<Location, 'id'>;

const EDITABLE_KINDS = ['store', 'warehouse', 'exhibition', 'partner'] as const;

function LocationModal({ location, onClose, onSaved }: { location: Location | 'new'; onClose: () => void; onSaved: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<LocationForm>();
  const kind = Form.useWatch('kind', form);

  return (
    <RecordFormModal<LocationForm>
      form={form}
      title={location === 'new' ? t('locations.new') : t('locations.edit', { name: location.name })}
      collectionPath="/api/locations"
      record={location === 'new' ? { initialValues: { kind: 'store', isActive: true } } : location}
      onClose={onClose}
      onSaved={onSaved}
      testId="location-form"
    >
        <Form.Item name="code" label={t('locations.code')} rules={[{ required: true, message: t('common.required') }]} extra={t('locations.codeHint')}>
          <Input maxLength={20} autoFocus />
        </Form.Item>
        <Form.Item name="name" label={t('locations.name')} rules={[{ required: true, message: t('common.required') }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="kind" label={t('locations.kind')} rules={[{ required: true }]}>
          <Select options={EDITABLE_KINDS.map((value) => ({ value, label: t(`locationKind.${value}`) }))} />
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
        {kind === 'exhibition' && (
          <>
            <Form.Item name="startsOn" label={t('locations.startsOn')}>
              <DateField />
            </Form.Item>
            <Form.Item name="endsOn" label={t('locations.endsOn')}>
              <DateField />
            </Form.Item>
          </>
        )}
        <Form.Item name="isActive" label={t('common.active')} valuePropName="checked">
          <Switch />
        </Form.Item>
    </RecordFormModal>
  );
}

export function LocationsPage() {
  const { t } = useTranslation();
  const { data, error, loading, reload } = useApiQuery<{ locations: Location[] }>('/api/locations', { includeInactive: 'true' });
  const [editing, setEditing] = useState<Location | 'new'>();
  const { reloadLocations } = useReferenceData();

  const columns: TableColumnsType<Location> = [
    { title: t('locations.code'), dataIndex: 'code', width: 120 },
    { title: t('locations.name'), dataIndex: 'name' },
    { title: t('locations.kind'), dataIndex: 'kind', width: 140, render: (kind: string) => t(`locationKind.${kind}`) },
    { title: t('common.address'), dataIndex: 'address', responsive: ['lg'] },
    {
      title: t('locations.period'),
      key: 'period',
      responsive: ['md'],
      render: (_, row) => (row.startsOn || row.endsOn ? `${row.startsOn ?? ''} – ${row.endsOn ?? ''}` : ''),
    },
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
        title={t('locations.title')}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
            {t('locations.new')}
          </Button>
        }
      />
      {error && <LoadError error={error} onRetry={reload} />}
      <Table<Location>
        rowKey="id"
        size="middle"
        loading={loading}
        columns={columns}
        dataSource={(data?.locations ?? []).filter((l) => l.kind !== 'transit')}
        pagination={false}
        onRow={(row) => ({ onClick: () => setEditing(row), style: { cursor: 'pointer' } })}
        scroll={{ x: 'max-content' }}
      />
      {editing && (
        <LocationModal
          location={editing}
          onClose={() => setEditing(undefined)}
          onSaved={() => {
            setEditing(undefined);
            reload();
            reloadLocations();
          }}
        />
      )}
    </>
  );
}
