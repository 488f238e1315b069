import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Col, Descriptions, Form, InputNumber, Popconfirm, Row, Segmented, Select, Space, Table, Tag, Input, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import { useApiQuery, useErrorReporter } from '../../api/hooks.js';
import { DateField } from '../../components/DateField.js';
import { LoadError } from '../../components/LoadError.js';
import { PageTitle } from '../../components/PageTitle.js';
import { RecordFormModal } from '../../components/RecordFormModal.js';
import { YenInput } from '../../components/YenInput.js';
import type { PageProps } from '../../routes.js';
import { formatYen, todayInTokyo } from '../../lib/format.js';
import { measureRule, YEN } from '../../lib/measures.js';
import { Link, navigate } from '../../lib/router.js';
import type { Agreement, Bearer, ConsignedPiece, Consignor, PayableEntry } from './consignmentTypes.js';
import { percentRule, wholeNumberRule } from './consignmentRules.js';

/** Rejects 0 or nothing for a charge that the consignor bears, as the API does. */
function aboveZeroWhenConsignorBears(bearer: Bearer | undefined, message: string) {
  return {
    validator: async (_rule: unknown, value: number | null | undefined) => {
      if (bearer === 'consignor' && !(typeof value === 'number' && value > 0)) throw new Error(message);
    },
  };
}

type AgreementForm = Omit<Agreement, 'id' | 'number' | 'status'>;

const BEARERS: Bearer[] = ['consignor', 'shop'];

/** Returns a function that words an agreement's terms briefly: "手数料 20%" or "ネット金額". */
export function useAgreementSummary() {
  const { t } = useTranslation();
  return (agreement: Pick<Agreement, 'terms' | 'commissionRatePercent'>) =>
    agreement.terms === 'commission' ? t('consignment.agreement.summaryCommission', { rate: agreement.commissionRatePercent }) : t('consignment.agreement.summaryNet');
}

function AgreementModal({ consignorId, onClose, onSaved }: { consignorId: number; onClose: () => void; onSaved: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<AgreementForm>();
  const terms = Form.useWatch('terms', form) as Agreement['terms'] | undefined;
  const feeBearer = Form.useWatch('feeBearer', form) as Bearer | undefined;
  const shippingBearer = Form.useWatch('shippingBearer', form) as Bearer | undefined;
  const bearerOptions = BEARERS.map((value) => ({ value, label: t(`consignment.bearer.${value}`) }));
  const required = [{ required: true, message: t('common.required') }];

  return (
    <RecordFormModal<AgreementForm>
      form={form}
      title={t('consignment.agreement.new')}
      collectionPath="/api/consignment/agreements"
      record={{
        initialValues: {
          consignorId,
          terms: 'commission',
          discountBearer: 'consignor',
          feeBearer: 'shop',
          feeRatePercent: 0,
          shippingBearer: 'shop',
          shippingCost: 0,
          closingDay: 31,
          startsOn: todayInTokyo(),
        },
      }}
      onClose={onClose}
      onSaved={onSaved}
      testId="agreement-form"
    >
      <Form.Item name="consignorId" hidden>
        <InputNumber />
      </Form.Item>
      <Form.Item name="terms" label={t('consignment.agreement.terms')} rules={required}>
        <Select data-testid="agreement-terms" options={(['commission', 'net'] as const).map((value) => ({ value, label: t(`consignment.terms.${value}`) }))} />
      </Form.Item>
      {terms === 'commission' && (
        <Form.Item name="commissionRatePercent" label={t('consignment.agreement.commissionRate')} extra={t('consignment.agreement.commissionRateHint')} rules={[...required, percentRule(t)]}>
          <InputNumber<number> step={0.5} suffix="%" style={{ width: 160 }} data-testid="agreement-rate" />
        </Form.Item>
      )}
      <Row gutter={12}>
        <Col xs={24} sm={8}>
          <Form.Item name="discountBearer" label={t('consignment.agreement.discountBearer')}>
            <Select options={bearerOptions} />
          </Form.Item>
        </Col>
        <Col xs={12} sm={8}>
          <Form.Item name="feeBearer" label={t('consignment.agreement.feeBearer')}>
            <Select options={bearerOptions} />
          </Form.Item>
        </Col>
        <Col xs={12} sm={8}>
          <Form.Item
            name="feeRatePercent"
            label={t('consignment.agreement.feeRate')}
            dependencies={['feeBearer']}
            rules={[percentRule(t), aboveZeroWhenConsignorBears(feeBearer, t('consignment.rules.feeRateRequired'))]}
          >
            <InputNumber<number> step={0.1} suffix="%" style={{ width: '100%' }} disabled={feeBearer !== 'consignor'} data-testid="agreement-fee-rate" />
          </Form.Item>
        </Col>
        <Col xs={12} sm={8}>
          <Form.Item name="shippingBearer" label={t('consignment.agreement.shippingBearer')}>
            <Select options={bearerOptions} />
          </Form.Item>
        </Col>
        <Col xs={12} sm={8}>
          <Form.Item
            name="shippingCost"
            label={t('consignment.agreement.shippingCost')}
            dependencies={['shippingBearer']}
            rules={[measureRule(t, YEN), aboveZeroWhenConsignorBears(shippingBearer, t('consignment.rules.shippingCostRequired'))]}
          >
            <YenInput disabled={shippingBearer !== 'consignor'} data-testid="agreement-shipping-cost" />
          </Form.Item>
        </Col>
        <Col xs={12} sm={8}>
          <Form.Item name="closingDay" label={t('consignment.agreement.closingDay')} extra={t('consignment.agreement.closingDayHint')} rules={[wholeNumberRule(t, 1, 31)]}>
            <InputNumber<number> style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col xs={12} sm={8}>
          <Form.Item name="startsOn" label={t('consignment.agreement.startsOn')} rules={required}>
            <DateField allowClear={false} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col xs={12} sm={8}>
          <Form.Item name="returnDueOn" label={t('consignment.agreement.returnDueOn')}>
            <DateField style={{ width: '100%' }} />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="note" label={t('common.notes')}>
        <Input.TextArea rows={2} maxLength={1000} />
      </Form.Item>
    </RecordFormModal>
  );
}

function AgreementsCard({ consignorId, onChanged }: { consignorId: number; onChanged: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const reportError = useErrorReporter();
  const summary = useAgreementSummary();
  const { data, error, loading, reload } = useApiQuery<{ agreements: Agreement[] }>('/api/consignment/agreements', { consignorId: String(consignorId) });
  const [adding, setAdding] = useState(false);

  const end = async (agreement: Agreement) => {
    try {
      await api.post(`/api/consignment/agreements/${agreement.id}/end`);
      void message.success(t('common.saved'));
      reload();
      onChanged();
    } catch (cause) {
      reportError(cause);
    }
  };

  const bearer = (value: Bearer) => t(`consignment.bearer.${value}`);
  const columns: TableColumnsType<Agreement> = [
    { title: t('consignment.agreement.number'), dataIndex: 'number', width: 150 },
    { title: t('consignment.agreement.terms'), key: 'terms', render: (_, row) => summary(row) },
    { title: t('consignment.agreement.discountBearer'), dataIndex: 'discountBearer', render: bearer },
    { title: t('consignment.agreement.feeBearer'), key: 'fee', render: (_, row) => (row.feeBearer === 'consignor' ? `${bearer(row.feeBearer)}（${row.feeRatePercent}%）` : bearer(row.feeBearer)) },
    { title: t('consignment.agreement.shippingBearer'), key: 'shipping', render: (_, row) => (row.shippingBearer === 'consignor' ? `${bearer(row.shippingBearer)}（${formatYen(row.shippingCost)}）` : bearer(row.shippingBearer)) },
    { title: t('consignment.agreement.closingDay'), dataIndex: 'closingDay', render: (day: number) => (day === 31 ? t('consignment.agreement.monthEnd') : day) },
    { title: t('consignment.agreement.startsOn'), dataIndex: 'startsOn' },
    { title: t('consignment.agreement.returnDueOn'), dataIndex: 'returnDueOn' },
    {
      title: t('consignment.agreement.status'),
      dataIndex: 'status',
      render: (status: Agreement['status']) => <Tag color={status === 'active' ? 'green' : undefined}>{t(`consignment.agreement.${status}`)}</Tag>,
    },
    {
      key: 'end',
      render: (_, row) =>
        row.status === 'active' && (
          <Popconfirm title={t('consignment.detail.endConfirm', { number: row.number })} onConfirm={() => void end(row)} okText={t('consignment.detail.endAgreement')} cancelText={t('common.cancel')}>
            <Button size="small" danger>
              {t('consignment.detail.endAgreement')}
            </Button>
          </Popconfirm>
        ),
    },
  ];

  return (
    <Card
      size="small"
      title={t('consignment.detail.agreements')}
      style={{ marginBottom: 12 }}
      extra={
        <Button icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="agreement-add">
          {t('consignment.detail.addAgreement')}
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
        locale={{ emptyText: t('consignment.detail.noAgreements') }}
        scroll={{ x: 'max-content' }}
        data-testid="agreements-table"
      />
      {adding && (
        <AgreementModal
          consignorId={consignorId}
          onClose={() => setAdding(false)}
          onSaved={() => {
            setAdding(false);
            reload();
          }}
        />
      )}
    </Card>
  );
}

function PiecesCard({ consignorId }: { consignorId: number }) {
  const { t } = useTranslation();
  const [status, setStatus] = useState<ConsignedPiece['status'] | 'all'>('held');
  const { data, error, loading, reload } = useApiQuery<{ pieces: ConsignedPiece[] }>(`/api/consignment/consignors/${consignorId}/pieces`, status === 'all' ? {} : { status });
  const summary = useAgreementSummary();

  const columns: TableColumnsType<ConsignedPiece> = [
    { title: t('items.stockNumber'), dataIndex: 'stockNumber', width: 140, render: (value: string, row) => <Link to={`/items/${row.itemId}`}>{value}</Link> },
    { title: t('items.name'), dataIndex: 'name' },
    { title: t('items.retailPrice'), dataIndex: 'retailPrice', align: 'right', render: (price: number) => formatYen(price) },
    { title: t('consignment.agreement.terms'), key: 'terms', render: (_, row) => (row.terms === 'net' ? `${summary(row)} ${formatYen(row.netAmount)}` : summary(row)) },
    { title: t('consignment.detail.location'), key: 'location', render: (_, row) => row.locations.map((location) => location.name).join('、') },
    { title: t('consignment.detail.receivedOn'), dataIndex: 'receivedOn', width: 110 },
    { title: t('consignment.agreement.returnDueOn'), dataIndex: 'returnDueOn', width: 110 },
    { title: t('common.status'), dataIndex: 'status', width: 100, render: (value: string) => <Tag>{t(`consignment.pieceStatus.${value}`)}</Tag> },
  ];

  return (
    <Card
      size="small"
      title={t('consignment.detail.pieces')}
      style={{ marginBottom: 12 }}
      extra={
        <Segmented
          value={status}
          onChange={(value) => setStatus(value as typeof status)}
          options={[
            { value: 'held', label: t('consignment.pieceStatus.held') },
            { value: 'sold', label: t('consignment.pieceStatus.sold') },
            { value: 'returned', label: t('consignment.pieceStatus.returned') },
            { value: 'all', label: t('common.all') },
          ]}
        />
      }
    >
      {error && <LoadError error={error} onRetry={reload} />}
      <Table<ConsignedPiece> rowKey="itemId" size="small" loading={loading} columns={columns} dataSource={data?.pieces ?? []} pagination={{ pageSize: 50, hideOnSinglePage: true }} scroll={{ x: 'max-content' }} data-testid="consigned-pieces" />
    </Card>
  );
}

function PayablesCard({ consignorId }: { consignorId: number }) {
  const { t } = useTranslation();
  const { data, error, loading, reload } = useApiQuery<{ entries: PayableEntry[]; openAmount: number }>(`/api/consignment/consignors/${consignorId}/payables`, { open: 'true' });

  const columns: TableColumnsType<PayableEntry> = [
    { title: t('consignment.detail.date'), dataIndex: 'businessDate', width: 110 },
    { title: t('items.stockNumber'), dataIndex: 'stockNumber', width: 140, render: (value: string, row) => <Link to={`/items/${row.itemId}`}>{value}</Link> },
    { title: t('items.name'), dataIndex: 'itemName' },
    { title: t('consignment.detail.source'), dataIndex: 'sourceType', render: (value: string, row) => `${t(`consignment.source.${value}`, { defaultValue: value })} ${row.note ?? ''}` },
    { title: t('consignment.detail.soldAmount'), dataIndex: 'soldAmount', align: 'right', render: (value: number) => formatYen(value) },
    { title: t('consignment.detail.commission'), dataIndex: 'commissionAmount', align: 'right', render: (value: number) => formatYen(value) },
    { title: t('consignment.detail.deductions'), key: 'deductions', align: 'right', render: (_, row) => formatYen(row.feeAmount + row.shippingAmount) },
    { title: t('consignment.detail.amountOwed'), dataIndex: 'amount', align: 'right', render: (value: number) => <Typography.Text strong>{formatYen(value)}</Typography.Text> },
  ];

  return (
    <Card size="small" title={t('consignment.detail.payables')} extra={data && <Typography.Text strong data-testid="payables-total">{t('consignment.detail.payablesTotal', { amount: formatYen(data.openAmount) })}</Typography.Text>}>
      {error && <LoadError error={error} onRetry={reload} />}
      <Table<PayableEntry> rowKey="id" size="small" loading={loading} columns={columns} dataSource={data?.entries ?? []} pagination={{ pageSize: 50, hideOnSinglePage: true }} scroll={{ x: 'max-content' }} data-testid="consignor-payables" />
    </Card>
  );
}

/** Shows one consignor: details, agreements (add and end), pieces held, sold or returned, and open payables. */
export function ConsignorDetailPage({ params }: PageProps) {
  const { t } = useTranslation();
  const id = Number(params.id);
  const { data: consignor, error, reload } = useApiQuery<Consignor>(`/api/consignment/consignors/${id}`);

  if (error) return <LoadError error={error} onRetry={reload} />;
  if (!consignor) return <PageTitle title={t('consignment.consignors.title')} />;

  return (
    <>
      <PageTitle
        title={consignor.name}
        subtitle={`${consignor.code} / ${t(`consignment.kind.${consignor.kind}`)}`}
        extra={
          <Space wrap>
            <Button type="primary" onClick={() => navigate(`/consignment/receive?consignorId=${id}`)} disabled={!consignor.isActive}>
              {t('consignment.detail.receive')}
            </Button>
            <Button onClick={() => navigate(`/consignment/returns?consignorId=${id}`)}>{t('consignment.detail.return')}</Button>
          </Space>
        }
      />
      <Card size="small" style={{ marginBottom: 12 }}>
        <Descriptions size="small" column={{ xs: 1, md: 3 }}>
          <Descriptions.Item label={t('consignment.consignors.held')}>{consignor.heldCount}</Descriptions.Item>
          <Descriptions.Item label={t('consignment.consignors.openAmount')}>{formatYen(consignor.openAmount)}</Descriptions.Item>
          <Descriptions.Item label={t('common.status')}>{consignor.isActive ? t('common.active') : t('common.inactive')}</Descriptions.Item>
          <Descriptions.Item label={t('common.invoiceRegistrationNumber')}>{consignor.invoiceRegistrationNumber ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('consignment.consignors.bankAccount')}>{consignor.bankAccount ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('common.phone')}>{consignor.phone ?? '—'}</Descriptions.Item>
          {consignor.idCheckMethod && (
            <Descriptions.Item label={t('consignment.consignors.idCheckMethod')}>
              {t(`idCheckMethod.${consignor.idCheckMethod}`)} / {consignor.idCheckedOn} / {t('consignment.consignors.idCheckedBy')}: {consignor.idCheckedByName ?? '—'}
            </Descriptions.Item>
          )}
        </Descriptions>
      </Card>
      <AgreementsCard consignorId={id} onChanged={reload} />
      <PiecesCard consignorId={id} />
      <PayablesCard consignorId={id} />
    </>
  );
}
