import { PlusOutlined, SearchOutlined } from '@ant-design/icons';
import { Button, Col, Divider, Form, Input, Row, Select, Switch, Table, Tag, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiQuery } from '../../api/hooks.js';
import { DateField } from '../../components/DateField.js';
import { LoadError } from '../../components/LoadError.js';
import { PageTitle } from '../../components/PageTitle.js';
import { RecordFormModal } from '../../components/RecordFormModal.js';
import { formatYen } from '../../lib/format.js';
import { navigate } from '../../lib/router.js';
import { useDebouncedValue } from '../../lib/useDebouncedValue.js';
import { ID_CHECK_METHODS } from '../purchases/SellerFields.js';
import type { Consignor } from './consignmentTypes.js';
import { isForbiddenIdNumber } from './consignmentRules.js';

type ConsignorForm = Omit<Consignor, 'id' | 'idCheckedBy' | 'idCheckedByName' | 'heldCount' | 'openAmount'>;

/**
 * Renders the identity check of a consignor. An individual's pieces are pre-owned goods
 * taken in from a private person, so for them the check is required, as the server also
 * enforces. A 12-digit number is rejected as an individual number (My Number) under every
 * method but the driving licence, whose number also has 12 digits.
 */
function IdentityFields({ required }: { required: boolean }) {
  const { t } = useTranslation();
  const method = Form.useWatch('idCheckMethod') as string | undefined;
  const rules = required ? [{ required: true, message: t('common.required') }] : [];

  return (
    <>
      <Divider plain>{t('consignment.consignors.identityTitle')}</Divider>
      <Row gutter={12}>
        <Col xs={24} sm={8}>
          <Form.Item name="idCheckMethod" label={t('consignment.consignors.idCheckMethod')} rules={rules}>
            <Select allowClear data-testid="consignor-id-method" options={ID_CHECK_METHODS.map((value) => ({ value, label: t(`idCheckMethod.${value}`) }))} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={8}>
          <Form.Item
            name="idDocumentNumber"
            label={t('consignment.consignors.idDocumentNumber')}
            dependencies={['idCheckMethod']}
            extra={method === 'my_number_card' ? t('seller.myNumberHint') : undefined}
            rules={[
              ...rules,
              {
                validator: async (_, value) => {
                  if (isForbiddenIdNumber(method, value == null ? null : String(value))) throw new Error(t('consignment.rules.individualNumber'));
                },
              },
            ]}
          >
            <Input maxLength={50} autoComplete="off" />
          </Form.Item>
        </Col>
        <Col xs={24} sm={8}>
          <Form.Item name="idCheckedOn" label={t('consignment.consignors.idCheckedOn')} rules={rules}>
            <DateField style={{ width: '100%' }} />
          </Form.Item>
        </Col>
      </Row>
    </>
  );
}

function ConsignorModal({ consignor, onClose, onSaved }: { consignor: Consignor | 'new'; onClose: () => void; onSaved: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<ConsignorForm>();
  const kind = Form.useWatch('kind', form) as Consignor['kind'] | undefined;

  return (
    <RecordFormModal<ConsignorForm>
      form={form}
      title={consignor === 'new' ? t('consignment.consignors.new') : t('consignment.consignors.edit', { name: consignor.name })}
      collectionPath="/api/consignment/consignors"
      record={consignor === 'new' ? { initialValues: { kind: 'dealer', isActive: true } } : consignor}
      onClose={onClose}
      onSaved={onSaved}
      testId="consignor-form"
    >
      <Row gutter={12}>
        <Col xs={24} sm={8}>
          <Form.Item name="code" label={t('consignment.consignors.code')} rules={[{ required: true, message: t('common.required') }]} extra={t('consignment.consignors.codeHint')}>
            <Input maxLength={20} autoFocus />
          </Form.Item>
        </Col>
        <Col xs={24} sm={16}>
          <Form.Item name="kind" label={t('consignment.consignors.kind')} rules={[{ required: true }]}>
            <Select
              data-testid="consignor-kind"
              options={(['dealer', 'maker', 'individual'] as const).map((value) => ({ value, label: t(`consignment.kind.${value}`) }))}
            />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="name" label={t('consignment.consignors.name')} rules={[{ required: true, message: t('common.required') }]}>
        <Input maxLength={200} />
      </Form.Item>
      <Form.Item name="nameKana" label={t('consignment.consignors.nameKana')}>
        <Input maxLength={200} />
      </Form.Item>
      {kind !== 'individual' && (
        <Form.Item name="invoiceRegistrationNumber" label={t('common.invoiceRegistrationNumber')} extra={t('common.invoiceRegistrationNumberHint')}>
          <Input maxLength={14} placeholder="T7000012050002" />
        </Form.Item>
      )}
      <Row gutter={12}>
        <Col xs={24} sm={8}>
          <Form.Item name="postalCode" label={t('common.postalCode')}>
            <Input maxLength={10} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={16}>
          <Form.Item name="address" label={t('common.address')}>
            <Input maxLength={300} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="phone" label={t('common.phone')}>
            <Input maxLength={30} inputMode="tel" />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="email" label={t('common.email')}>
            <Input maxLength={254} inputMode="email" />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="bankAccount" label={t('consignment.consignors.bankAccount')} extra={t('consignment.consignors.bankAccountHint')}>
        <Input maxLength={300} />
      </Form.Item>
      {kind === 'individual' && <IdentityFields required />}
      <Form.Item name="notes" label={t('common.notes')}>
        <Input.TextArea rows={2} maxLength={2000} />
      </Form.Item>
      <Form.Item name="isActive" label={t('common.active')} valuePropName="checked">
        <Switch />
      </Form.Item>
    </RecordFormModal>
  );
}

/** Lists consignors with the pieces held for each and what is owed to them; a row opens the consignor. */
export function ConsignorsPage() {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const q = useDebouncedValue(search.trim(), 300);
  const { data, error, loading, reload } = useApiQuery<{ consignors: Consignor[] }>('/api/consignment/consignors', { includeInactive: 'true', q });
  const [editing, setEditing] = useState<Consignor | 'new'>();

  const columns: TableColumnsType<Consignor> = [
    { title: t('consignment.consignors.code'), dataIndex: 'code', width: 120 },
    { title: t('consignment.consignors.name'), dataIndex: 'name', render: (name: string, row) => (row.nameKana ? `${name}（${row.nameKana}）` : name) },
    { title: t('consignment.consignors.kind'), dataIndex: 'kind', width: 110, render: (kind: string) => t(`consignment.kind.${kind}`) },
    { title: t('consignment.consignors.held'), dataIndex: 'heldCount', width: 100, align: 'right' },
    { title: t('consignment.consignors.openAmount'), dataIndex: 'openAmount', width: 140, align: 'right', render: (amount: number) => formatYen(amount) },
    { title: t('common.phone'), dataIndex: 'phone', responsive: ['md'] },
    {
      title: t('common.status'),
      dataIndex: 'isActive',
      width: 100,
      render: (active: boolean) => (active ? <Tag color="green">{t('common.active')}</Tag> : <Tag>{t('common.inactive')}</Tag>),
    },
    {
      key: 'edit',
      width: 90,
      render: (_, row) => (
        <Button
          size="small"
          onClick={(event) => {
            event.stopPropagation();
            setEditing(row);
          }}
        >
          {t('common.edit')}
        </Button>
      ),
    },
  ];

  return (
    <>
      <PageTitle
        title={t('consignment.consignors.title')}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="consignor-new">
            {t('consignment.consignors.new')}
          </Button>
        }
      />
      <Input
        allowClear
        prefix={<SearchOutlined />}
        placeholder={t('consignment.consignors.searchPlaceholder')}
        value={search}
        onChange={(event) => setSearch(event.target.value)}
        style={{ maxWidth: 360, marginBottom: 12 }}
      />
      {error && <LoadError error={error} onRetry={reload} />}
      <Table<Consignor>
        rowKey="id"
        size="middle"
        loading={loading}
        columns={columns}
        dataSource={data?.consignors ?? []}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        onRow={(row) => ({ onClick: () => navigate(`/consignment/consignors/${row.id}`), style: { cursor: 'pointer' } })}
        scroll={{ x: 'max-content' }}
        data-testid="consignors-table"
      />
      {editing && (
        <ConsignorModal
          consignor={editing}
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
