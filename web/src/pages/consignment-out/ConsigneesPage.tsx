import { PlusOutlined, SearchOutlined } from '@ant-design/icons';
import { Button, Card, Form, Input, InputNumber, Select, Switch, Table, Tag, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiQuery } from '../../api/hooks.js';
import { DateField } from '../../components/DateField.js';
import { LoadError } from '../../components/LoadError.js';
import { PageTitle } from '../../components/PageTitle.js';
import { RecordFormModal } from '../../components/RecordFormModal.js';
import { todayInTokyo } from '../../lib/format.js';
import { useDebouncedValue } from '../../lib/useDebouncedValue.js';
import { percentRule, wholeNumberRule } from '../consignment-in/consignmentRules.js';
import type { Agreement, Consignee, ConsigneeKind } from './types.js';

const KINDS: ConsigneeKind[] = ['partner_shop', 'department_store', 'other'];

type ConsigneeForm = Omit<Consignee, 'id' | 'locationId' | 'locationCode' | 'piecesOut'>;
type AgreementForm = Pick<Agreement, 'consigneeId' | 'terms' | 'ratePercent' | 'reportingCycle' | 'returnDueDays' | 'startsOn' | 'status' | 'note'>;

function ConsigneeModal({ consignee, onClose, onSaved }: { consignee: Consignee | 'new'; onClose: () => void; onSaved: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<ConsigneeForm>();
  const required = [{ required: true, message: t('common.required') }];

  return (
    <RecordFormModal<ConsigneeForm>
      form={form}
      title={consignee === 'new' ? t('consignmentOut.consignees.new') : t('consignmentOut.consignees.edit', { name: consignee.name })}
      collectionPath="/api/consignment-out/consignees"
      record={consignee === 'new' ? { initialValues: { kind: 'partner_shop', isActive: true } } : consignee}
      onClose={onClose}
      onSaved={onSaved}
      testId="consignee-form"
    >
      <Form.Item name="code" label={t('consignmentOut.consignees.code')} rules={required} extra={t('consignmentOut.consignees.codeHint')}>
        <Input maxLength={18} autoFocus />
      </Form.Item>
      <Form.Item name="name" label={t('consignmentOut.consignees.name')} rules={required}>
        <Input maxLength={100} />
      </Form.Item>
      <Form.Item name="nameKana" label={t('consignmentOut.consignees.nameKana')}>
        <Input maxLength={200} />
      </Form.Item>
      <Form.Item name="kind" label={t('consignmentOut.consignees.kind')} rules={required}>
        <Select options={KINDS.map((kind) => ({ value: kind, label: t(`consignmentOut.kind.${kind}`) }))} />
      </Form.Item>
      <Form.Item name="contactPerson" label={t('consignmentOut.consignees.contactPerson')}>
        <Input maxLength={100} />
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
      <Form.Item name="isActive" label={t('common.active')} valuePropName="checked" extra={t('consignmentOut.consignees.inactiveHint')}>
        <Switch />
      </Form.Item>
    </RecordFormModal>
  );
}

function AgreementModal({ agreement, consigneeId, onClose, onSaved }: { agreement: Agreement | 'new'; consigneeId: number; onClose: () => void; onSaved: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<AgreementForm>();
  const terms = Form.useWatch('terms', form);
  const required = [{ required: true, message: t('common.required') }];
  const initialValues: Partial<AgreementForm> = { consigneeId, terms: 'rate', reportingCycle: 'monthly', returnDueDays: 90, startsOn: todayInTokyo(), status: 'active' };

  return (
    <RecordFormModal<AgreementForm>
      form={form}
      title={agreement === 'new' ? t('consignmentOut.agreements.new') : t('consignmentOut.agreements.edit', { number: agreement.number })}
      collectionPath="/api/consignment-out/agreements"
      record={agreement === 'new' ? { initialValues } : agreement}
      onClose={onClose}
      onSaved={onSaved}
      testId="agreement-form"
    >
      <Form.Item name="consigneeId" hidden>
        <InputNumber />
      </Form.Item>
      <Form.Item name="terms" label={t('consignmentOut.agreements.terms')} rules={required}>
        <Select options={(['rate', 'net'] as const).map((value) => ({ value, label: t(`consignmentOut.terms.${value}`) }))} />
      </Form.Item>
      {terms === 'rate' && (
        <Form.Item name="ratePercent" label={t('consignmentOut.agreements.ratePercent')} rules={[...required, percentRule(t)]} extra={t('consignmentOut.agreements.rateHint')}>
          <InputNumber<number> step={0.5} addonAfter="%" style={{ width: 200 }} data-testid="consignee-agreement-rate" />
        </Form.Item>
      )}
      <Form.Item name="reportingCycle" label={t('consignmentOut.agreements.reportingCycle')} rules={required}>
        <Select options={(['weekly', 'semimonthly', 'monthly'] as const).map((value) => ({ value, label: t(`consignmentOut.cycle.${value}`) }))} />
      </Form.Item>
      <Form.Item name="returnDueDays" label={t('consignmentOut.agreements.returnDueDays')} rules={[...required, wholeNumberRule(t, 1, 3650)]} extra={t('consignmentOut.agreements.returnDueDaysHint')}>
        <InputNumber<number> style={{ width: 200 }} />
      </Form.Item>
      <Form.Item name="startsOn" label={t('consignmentOut.agreements.startsOn')} rules={required}>
        <DateField allowClear={false} />
      </Form.Item>
      <Form.Item name="status" label={t('consignmentOut.agreements.status')} rules={required}>
        <Select options={(['active', 'ended'] as const).map((value) => ({ value, label: t(`consignmentOut.agreementStatus.${value}`) }))} />
      </Form.Item>
      <Form.Item name="note" label={t('common.notes')}>
        <Input.TextArea rows={2} maxLength={1000} />
      </Form.Item>
    </RecordFormModal>
  );
}

/** Lists a consignee's agreements when its row is expanded. */
function AgreementsPanel({ consignee }: { consignee: Consignee }) {
  const { t } = useTranslation();
  const { data, error, loading, reload } = useApiQuery<{ agreements: Agreement[] }>('/api/consignment-out/agreements', { consigneeId: consignee.id });
  const [editing, setEditing] = useState<Agreement | 'new'>();

  const columns: TableColumnsType<Agreement> = [
    { title: t('consignmentOut.agreements.number'), dataIndex: 'number', width: 150 },
    {
      title: t('consignmentOut.agreements.terms'),
      dataIndex: 'terms',
      render: (terms: Agreement['terms'], row) => (terms === 'rate' ? `${t('consignmentOut.terms.rate')} ${row.ratePercent}%` : t('consignmentOut.terms.net')),
    },
    { title: t('consignmentOut.agreements.reportingCycle'), dataIndex: 'reportingCycle', render: (cycle: string) => t(`consignmentOut.cycle.${cycle}`) },
    { title: t('consignmentOut.agreements.returnDueDays'), dataIndex: 'returnDueDays', align: 'right' },
    { title: t('consignmentOut.agreements.startsOn'), dataIndex: 'startsOn' },
    {
      title: t('consignmentOut.agreements.status'),
      dataIndex: 'status',
      render: (status: Agreement['status']) => <Tag color={status === 'active' ? 'green' : undefined}>{t(`consignmentOut.agreementStatus.${status}`)}</Tag>,
    },
  ];

  return (
    <Card
      size="small"
      title={t('consignmentOut.agreements.title')}
      extra={
        <Button size="small" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="new-agreement">
          {t('consignmentOut.agreements.new')}
        </Button>
      }
    >
      {error && <LoadError error={error} onRetry={reload} />}
      <Table<Agreement>
        rowKey="id"
        size="small"
        loading={loading}
        columns={columns}
        dataSource={data?.agreements ?? []}
        pagination={false}
        locale={{ emptyText: t('consignmentOut.agreements.none') }}
        onRow={(row) => ({ onClick: () => setEditing(row), style: { cursor: 'pointer' } })}
      />
      {editing && (
        <AgreementModal
          agreement={editing}
          consigneeId={consignee.id}
          onClose={() => setEditing(undefined)}
          onSaved={() => {
            setEditing(undefined);
            reload();
          }}
        />
      )}
    </Card>
  );
}

/** Consignees with their partner locations and agreements. */
export function ConsigneesPage() {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const q = useDebouncedValue(search.trim(), 300);
  const { data, error, loading, reload } = useApiQuery<{ consignees: Consignee[] }>('/api/consignment-out/consignees', { includeInactive: 'true', q });
  const [editing, setEditing] = useState<Consignee | 'new'>();

  const columns: TableColumnsType<Consignee> = [
    { title: t('consignmentOut.consignees.code'), dataIndex: 'code', width: 120 },
    { title: t('consignmentOut.consignees.name'), dataIndex: 'name', render: (name: string, row) => (row.nameKana ? `${name}（${row.nameKana}）` : name) },
    { title: t('consignmentOut.consignees.kind'), dataIndex: 'kind', width: 120, render: (kind: ConsigneeKind) => t(`consignmentOut.kind.${kind}`) },
    { title: t('consignmentOut.consignees.location'), dataIndex: 'locationCode', width: 140 },
    { title: t('consignmentOut.consignees.piecesOut'), dataIndex: 'piecesOut', width: 100, align: 'right' },
    { title: t('consignmentOut.consignees.contactPerson'), dataIndex: 'contactPerson', responsive: ['lg'] },
    { title: t('common.phone'), dataIndex: 'phone', responsive: ['md'] },
    {
      title: t('common.status'),
      dataIndex: 'isActive',
      width: 100,
      render: (active: boolean) => (active ? <Tag color="green">{t('common.active')}</Tag> : <Tag>{t('common.inactive')}</Tag>),
    },
    {
      key: 'edit',
      width: 80,
      render: (_value, row) => (
        <Button
          size="small"
          onClick={(event) => {
            // A row click expands the agreements, so the button edits without toggling them.
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
        title={t('consignmentOut.consignees.title')}
        subtitle={t('consignmentOut.consignees.lead')}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="new-consignee">
            {t('consignmentOut.consignees.new')}
          </Button>
        }
      />
      <Input
        allowClear
        prefix={<SearchOutlined />}
        placeholder={t('consignmentOut.consignees.searchPlaceholder')}
        value={search}
        onChange={(event) => setSearch(event.target.value)}
        style={{ maxWidth: 360, marginBottom: 12 }}
      />
      {error && <LoadError error={error} onRetry={reload} />}
      <Table<Consignee>
        rowKey="id"
        size="middle"
        loading={loading}
        columns={columns}
        dataSource={data?.consignees ?? []}
        expandable={{ expandedRowRender: (row) => <AgreementsPanel consignee={row} />, expandRowByClick: true }}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        scroll={{ x: 'max-content' }}
        data-testid="consignees-table"
      />
      {editing && (
        <ConsigneeModal
          consignee={editing}
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
