import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Form, Input, Modal, Select, Switch, Table, Tag, type TableColumnsType } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import { useApiQuery, useErrorReporter } from '../../api/hooks.js';
import type { Location } from '../../api/types.js';
import { DateField } from '../../components/DateField.js';
import { LoadError } from '../../components/LoadError.js';
import { PageTitle } from '../../components/PageTitle.js';
import { useReferenceData } from '../../data/ReferenceData.js';

type LocationForm = Omit<Location, 'id'>;

const EDITABLE_KINDS = ['store', 'warehouse', 'exhibition', 'partner'] as const;

function LocationModal({ location, onClose, onSaved }: { location: Location | 'new'; onClose: () => void; onSaved: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<LocationForm>();
  const [saving, setSaving] = useState(false);
  const reportError = useErrorReporter();
  const { message } = App.useApp();
  const kind = Form.useWatch('kind', form);

  useEffect(() => {
    form.setFieldsValue(location === 'new' ? { kind: 'store', isActive: true } : location);
  }, [form, location]);

  const save = async (values: LocationForm) => {
    setSaving(true);
    try {
      if (location === 'new') await api.post('/api/locations', values);
      else await api.put(`/api/locations/${location.id}`, values);
      void message.success(t('common.saved'));
      onSaved();
    } catch (error) {
      reportError(error, form);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      title={location === 'new' ? t('locations.new') : t('locations.edit', { name: location.name })}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={saving}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form<LocationForm> form={form} layout="vertical" onFinish={(values) => void save(values)} data-testid="location-form">
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
      </Form>
    </Modal>
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
