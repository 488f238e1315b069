import { ArrowLeftOutlined, RollbackOutlined, SendOutlined, StopOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Descriptions, Input, InputNumber, Modal, Result, Row, Select, Skeleton, Space, Table, Tag, Typography, type ButtonProps } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, newIdempotencyKey } from '../../api/client.js';
import { useApiQuery } from '../../api/hooks.js';
import { useCan } from '../../auth/AuthContext.js';
import { LoadError } from '../../components/LoadError.js';
import { PageTitle } from '../../components/PageTitle.js';
import { useReferenceData } from '../../data/ReferenceData.js';
import { formatDateTime, formatYen, type Locale } from '../../lib/format.js';
import { Link, navigate } from '../../lib/router.js';
import type { PageProps } from '../../routes.js';
import { ReceiptButtons } from './ReceiptButtons.js';
import { RegisterSelect } from './RegisterSelect.js';
import { useSellingRegisters } from './registers.js';
import { ReturnDialog } from './ReturnDialog.js';
import { SaleKindTag, SaleStatusTag } from './SaleTags.js';
import { SaleTotals } from './SaleTotals.js';
import { discountText, lineDiscountText } from './discounts.js';
import { PAYMENT_METHOD_ORDER, type PaymentMethod, type SaleLineOutput, type SaleOutput } from './types.js';
import { VoidDialog } from './VoidDialog.js';
import { ConsignedTag, useItemConsignors } from '../consignment-in/ConsignedTag.js';
import { CreateFromSaleDialog } from '../shipping/CreateFromSaleDialog.js';

/** Shows one sale or return (売上詳細): lines, tax per rate, payments, staff, returns, partial refunds, and the reprint, return, partial refund and void actions. */
export function SaleDetailPage({ params }: PageProps) {
  const { t, i18n } = useTranslation();
  const locale: Locale = i18n.language === 'en' ? 'en' : 'ja';
  const { message } = App.useApp();
  const can = useCan();
  const { locations } = useReferenceData();
  const id = Number(params.id);
  const valid = Number.isInteger(id) && id > 0;
  const { data: sale, error, loading, reload } = useApiQuery<SaleOutput>(valid ? `/api/sales/${id}` : null);
  const [dialog, setDialog] = useState<'return' | 'void' | 'deliver'>();
  const [refundLine, setRefundLine] = useState<SaleLineOutput>();
  const consignors = useItemConsignors(sale?.lines.map((line) => line.itemId) ?? []);

  if (!valid) return <Result status="404" title={t('errors.pageNotFound')} />;
  if (error) return <LoadError error={error} onRetry={reload} />;
  if (loading && !sale) return <Skeleton active />;
  if (!sale) return <Skeleton active />;

  const isReturn = sale.kind === 'return';
  const canReturn = can('sales.refund') && !isReturn && sale.status === 'completed' && sale.lines.some((line) => line.returnableQuantity > 0);
  const canVoid = can('sales.refund') && sale.voidable;
  const canDeliver = can('shipping.manage') && !isReturn && sale.status === 'completed';
  const canRefund = can('sales.refund') && !isReturn && sale.status === 'completed';
  const partialRefunds = sale.partialRefunds ?? [];
  const locationName = (locationId: number | null) => (locationId === null ? t('sales.destinationWriteOff') : (locations.find((l) => l.id === locationId)?.name ?? String(locationId)));

  const onReturned = (returned: SaleOutput, exchange: boolean) => {
    setDialog(undefined);
    void message.success(t('sales.returned', { number: returned.number, total: formatYen(returned.total) }));
    if (exchange) {
      const query = new URLSearchParams({ exchangeOf: returned.number });
      if (sale.customerId !== null) {
        query.set('customerId', String(sale.customerId));
        if (sale.customerName) query.set('customerName', sale.customerName);
      }
      navigate(`/sales/new?${query.toString()}`);
    } else {
      reload();
    }
  };

  const lineColumns = [
    { title: '#', dataIndex: 'lineNo', width: 48 },
    { title: t('items.stockNumber'), dataIndex: 'stockNumber', render: (value: string, line: SaleLineOutput) => <Link to={`/items/${line.itemId}`}>{value}</Link> },
    {
      title: t('items.name'),
      dataIndex: 'itemName',
      render: (value: string, line: SaleLineOutput) => (
        <>
          <ConsignedTag consignor={consignors.get(line.itemId)} />
          {value}
        </>
      ),
    },
    { title: t('sales.quantity'), dataIndex: 'quantity', align: 'right' as const },
    {
      title: t('sales.unitPrice'),
      dataIndex: 'unitPrice',
      align: 'right' as const,
      render: (value: number, line: SaleLineOutput) => (
        <Space size={4}>
          {formatYen(value)}
          {line.priceBasis === 'excluded' && <Tag color="orange">{t('sales.priceExcluded')}</Tag>}
        </Space>
      ),
    },
    { title: t('sales.taxRate'), dataIndex: 'taxRatePercent', align: 'right' as const, render: (value: number) => `${value}%` },
    {
      title: t('sales.lineDiscount'),
      key: 'discount',
      align: 'right' as const,
      responsive: ['md' as const],
      render: (_: unknown, line: SaleLineOutput) => lineDiscountText(line),
    },
    {
      title: t('sales.allocatedReduction'),
      dataIndex: 'allocatedReduction',
      align: 'right' as const,
      responsive: ['lg' as const],
      render: (value: number) => (value > 0 ? formatYen(-value) : ''),
    },
    { title: t('sales.amount'), dataIndex: 'finalAmount', align: 'right' as const, render: (value: number) => <Typography.Text strong>{formatYen(value)}</Typography.Text> },
    ...(canRefund
      ? [
          {
            title: t('sales.partialRefund.column'),
            key: 'refund',
            render: (_: unknown, line: SaleLineOutput) =>
              (line.refundableAmount ?? 0) > 0 && (
                <Button size="small" onClick={() => setRefundLine(line)} data-testid={`sale-refund-${line.stockNumber}`}>
                  {t('sales.partialRefund.button')}
                </Button>
              ),
          },
        ]
      : []),
    isReturn
      ? { title: t('sales.returnDestination'), key: 'destination', render: (_: unknown, line: SaleLineOutput) => locationName(line.returnLocationId) }
      : { title: t('sales.returnable'), dataIndex: 'returnableQuantity', align: 'right' as const },
  ];

  return (
    <>
      <PageTitle
        title={
          <Space>
            <span data-testid="sale-number">{t(isReturn ? 'sales.returnHeading' : 'sales.saleHeading', { number: sale.number })}</span>
            <SaleKindTag kind={sale.kind} />
            <SaleStatusTag status={sale.status} />
          </Space>
        }
        extra={
          <>
            <Button icon={<ArrowLeftOutlined />} onClick={() => navigate('/sales')}>
              {t('sales.listTitle')}
            </Button>
            {canDeliver && (
              <Button icon={<SendOutlined />} onClick={() => setDialog('deliver')} data-testid="sale-deliver">
                {t('shipping.fromSale.button')}
              </Button>
            )}
            {canReturn && (
              <Button icon={<RollbackOutlined />} onClick={() => setDialog('return')} data-testid="sale-return">
                {t('sales.returnButton')}
              </Button>
            )}
            {canVoid && (
              <Button danger icon={<StopOutlined />} onClick={() => setDialog('void')} data-testid="sale-void">
                {t('sales.void')}
              </Button>
            )}
          </>
        }
      />
      <Card size="small" style={{ marginBottom: 16 }}>
        <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }}>
          <Descriptions.Item label={t('sales.soldAt')}>{formatDateTime(sale.soldAt, locale)}</Descriptions.Item>
          <Descriptions.Item label={t('sales.businessDate')}>{sale.businessDate}</Descriptions.Item>
          <Descriptions.Item label={t('registers.register')}>{`${sale.locationName} / ${sale.registerName}`}</Descriptions.Item>
          <Descriptions.Item label={t('sales.customer')}>
            {sale.customerId !== null && can('customers.personal_data') ? <Link to={`/customers/${sale.customerId}`}>{sale.customerName}</Link> : (sale.customerName ?? '—')}
          </Descriptions.Item>
          <Descriptions.Item label={t('sales.clerk')}>{sale.createdByName ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('sales.staff')}>
            <span data-testid="sale-staff-list">{sale.staff.map((member) => (sale.staff.length > 1 ? `${member.displayName} ${member.sharePercent}%` : member.displayName)).join('、')}</span>
          </Descriptions.Item>
          {sale.originalSaleId !== null && (
            <Descriptions.Item label={t('sales.originalSale')}>
              <Link to={`/sales/${sale.originalSaleId}`}>{sale.originalSaleNumber}</Link>
            </Descriptions.Item>
          )}
          {sale.reason && <Descriptions.Item label={t('sales.returnReason')}>{sale.reason}</Descriptions.Item>}
          {sale.invoiceRegistrationNumber && <Descriptions.Item label={t('common.invoiceRegistrationNumber')}>{sale.invoiceRegistrationNumber}</Descriptions.Item>}
          <Descriptions.Item label={t('sales.receiptPrints')}>{sale.receiptPrintCount}</Descriptions.Item>
          {!isReturn && sale.refundedTotal > 0 && <Descriptions.Item label={t('sales.refundedTotal')}>{formatYen(sale.refundedTotal)}</Descriptions.Item>}
          {partialRefunds.length > 0 && (
            <Descriptions.Item label={t('sales.partialRefund.total')}>{formatYen(partialRefunds.reduce((sum, refund) => sum + refund.amount, 0))}</Descriptions.Item>
          )}
          {sale.voidedAt && (
            <Descriptions.Item label={t('sales.voidedAt')}>
              {formatDateTime(sale.voidedAt, locale)} {sale.voidReason ? `（${sale.voidReason}）` : ''}
            </Descriptions.Item>
          )}
          {sale.note && <Descriptions.Item label={t('sales.note')}>{sale.note}</Descriptions.Item>}
        </Descriptions>
      </Card>

      <Card size="small" title={t('sales.lines')} style={{ marginBottom: 16 }}>
        <Table<SaleLineOutput> rowKey="id" size="small" pagination={false} dataSource={sale.lines} columns={lineColumns} scroll={{ x: 'max-content' }} data-testid="sale-lines" />
      </Card>

      {partialRefunds.length > 0 && (
        <Card size="small" title={t('sales.partialRefund.listTitle')} style={{ marginBottom: 16 }}>
          <Table
            rowKey="id"
            size="small"
            pagination={false}
            dataSource={partialRefunds}
            scroll={{ x: 'max-content' }}
            data-testid="sale-partial-refunds"
            columns={[
              { title: t('sales.number'), dataIndex: 'number' },
              { title: t('sales.businessDate'), dataIndex: 'businessDate' },
              { title: t('items.stockNumber'), dataIndex: 'stockNumber' },
              { title: t('payments.amount'), dataIndex: 'amount', align: 'right', render: (value: number) => formatYen(-value) },
              { title: t('payments.methodLabel'), dataIndex: 'method', render: (value: string) => t(`payments.method.${value}`) },
              { title: t('payments.reference'), dataIndex: 'reference', responsive: ['md'] },
              { title: t('sales.partialRefund.reason'), dataIndex: 'reason' },
              { title: t('sales.clerk'), dataIndex: 'createdByName', responsive: ['lg'] },
            ]}
          />
        </Card>
      )}

      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('sales.totals')}>
            <SaleTotals figures={sale} testId="sale-detail-totals" />
            {sale.reductions.length > 0 && (
              <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
                {sale.reductions.map((reduction) => `${t(`sales.reductionKind.${reduction.kind}`)} ${discountText(reduction.discount)}`).join('、')}
              </Typography.Paragraph>
            )}
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title={t(isReturn ? 'payments.refundsTitle' : 'payments.title')} style={{ marginBottom: 16 }}>
            <Table
              rowKey="key"
              size="small"
              pagination={false}
              // Payments have no id of their own; their order in the sale is stable.
              dataSource={sale.payments.map((payment, index) => ({ ...payment, key: index }))}
              data-testid="sale-payments-list"
              columns={[
                { title: t('payments.methodLabel'), dataIndex: 'method', render: (value: string) => t(`payments.method.${value}`) },
                { title: t('payments.amount'), dataIndex: 'amount', align: 'right', render: (value: number) => formatYen(value) },
                { title: t('payments.tendered'), dataIndex: 'tendered', align: 'right', render: (value: number | null) => formatYen(value) },
                { title: t('payments.change'), dataIndex: 'change', align: 'right', render: (value: number | null) => formatYen(value) },
                { title: t('payments.reference'), dataIndex: 'reference', responsive: ['md'] },
              ]}
            />
          </Card>
          <Card size="small" title={t('sales.receipt')} style={{ marginBottom: 16 }}>
            <ReceiptButtons saleId={sale.id} reprint={sale.receiptPrintCount > 0} onOpened={() => window.setTimeout(reload, 1500)} />
          </Card>
          {!isReturn && (
            <Card size="small" title={t('sales.returnsMade')}>
              {sale.returns.length === 0 ? (
                <Typography.Text type="secondary">{t('sales.noReturns')}</Typography.Text>
              ) : (
                <ul style={{ margin: 0, paddingInlineStart: 18 }} data-testid="sale-returns">
                  {sale.returns.map((ret) => (
                    <li key={ret.id}>
                      <Link to={`/sales/${ret.id}`}>{ret.number}</Link> {formatYen(-ret.total)} {ret.status === 'voided' && <Tag color="red">{t('sales.statusVoided')}</Tag>}
                    </li>
                  ))}
                </ul>
              )}
            </Card>
          )}
        </Col>
      </Row>

      {refundLine && (
        <PartialRefundDialog
          sale={sale}
          line={refundLine}
          onClose={() => setRefundLine(undefined)}
          onRefunded={(amount) => {
            setRefundLine(undefined);
            void message.success(t('sales.partialRefund.done', { stockNumber: refundLine.stockNumber, amount: formatYen(amount) }));
            reload();
          }}
        />
      )}
      {dialog === 'deliver' && <CreateFromSaleDialog saleId={sale.id} onClose={() => setDialog(undefined)} onCreated={(shipment) => navigate(`/shipping/${shipment.id}`)} />}
      {dialog === 'return' && <ReturnDialog sale={sale} open onClose={() => setDialog(undefined)} onReturned={onReturned} />}
      {dialog === 'void' && (
        <VoidDialog
          sale={sale}
          open
          onClose={() => setDialog(undefined)}
          onVoided={(voided) => {
            setDialog(undefined);
            void message.success(t('sales.voided', { number: voided.number }));
            reload();
          }}
        />
      )}
    </>
  );
}

/**
 * Asks for the amount, refund method, reference and reason of a partial refund (一部返金) of
 * one line, showing what may still be refunded. The server checks the same limit and what is
 * left of card, electronic money or QR payments, and the dialog shows its message on rejection.
 */
function PartialRefundDialog({ sale, line, onClose, onRefunded }: { sale: SaleOutput; line: SaleLineOutput; onClose: () => void; onRefunded: (amount: number) => void }) {
  const { t } = useTranslation();
  const { modal } = App.useApp();
  const limit = line.refundableAmount ?? 0;
  const [amount, setAmount] = useState<number | null>(null);
  // The largest payment's method: a refund usually goes back the way most of the money came.
  const [method, setMethod] = useState<PaymentMethod>([...sale.payments].sort((a, b) => b.amount - a.amount)[0]?.method ?? 'cash');
  // The sale's own register may be closed down since (an exhibition that ended), so the refund
  // can be paid from another one.
  const registers = useSellingRegisters();
  const [registerId, setRegisterId] = useState<number | null>(null);
  useEffect(() => {
    if (registerId !== null || registers.registers.length === 0) return;
    const own = registers.registers.some((register) => register.id === sale.registerId);
    setRegisterId(own ? sale.registerId : (registers.initialRegisterId ?? null));
  }, [registerId, registers.registers, registers.initialRegisterId, sale.registerId]);
  const [reference, setReference] = useState('');
  const [reason, setReason] = useState('');
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string>();
  const idempotencyKey = useRef<string | undefined>(undefined);

  const submit = async () => {
    if (amount === null || !Number.isInteger(amount) || amount < 1 || amount > limit) {
      setError(t('sales.partialRefund.amountInvalid', { limit: formatYen(limit) }));
      return;
    }
    if (!reason.trim()) {
      setError(t('sales.partialRefund.reasonRequired'));
      return;
    }
    if (registerId === null) {
      setError(t('registers.chooseFirst'));
      return;
    }
    // Refunding all that is left while the customer keeps the piece is rare and cannot be
    // undone. A piece that comes back is a return instead.
    if (amount === limit && !(await modal.confirm({ title: t('sales.partialRefund.wholeTitle'), content: t('sales.partialRefund.wholeHint'), okText: t('sales.partialRefund.submit'), cancelText: t('common.cancel') }))) return;
    await send(amount, registerId);
  };

  const send = async (amount: number, registerId: number) => {
    const body = { lineId: line.id, amount, method, registerId, reason: reason.trim(), ...(reference.trim() ? { reference: reference.trim() } : {}) };
    idempotencyKey.current ??= newIdempotencyKey();
    setSaving(true);
    setError(undefined);
    try {
      await api.post<SaleOutput>(`/api/sales/${sale.id}/refunds`, body, { idempotencyKey: idempotencyKey.current });
      idempotencyKey.current = undefined;
      onRefunded(amount);
    } catch (cause) {
      setError(cause instanceof ApiError || cause instanceof Error ? cause.message : String(cause));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      title={t('sales.partialRefund.title', { stockNumber: line.stockNumber })}
      okText={t('sales.partialRefund.submit')}
      okButtonProps={{ loading: saving, 'data-testid': 'partial-refund-submit' } as ButtonProps}
      cancelText={t('common.cancel')}
      onOk={() => void submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('sales.partialRefund.lead')}</Typography.Paragraph>
      <Descriptions size="small" column={1} style={{ marginBottom: 12 }}>
        <Descriptions.Item label={t('sales.item')}>{`${line.stockNumber} ${line.itemName}`}</Descriptions.Item>
        <Descriptions.Item label={t('sales.paidForLine')}>{formatYen(line.finalAmount)}</Descriptions.Item>
        <Descriptions.Item label={t('sales.partialRefund.limit')}>
          <Typography.Text strong data-testid="partial-refund-limit">
            {formatYen(limit)}
          </Typography.Text>
        </Descriptions.Item>
      </Descriptions>
      <Space direction="vertical" style={{ width: '100%' }}>
        {/* No min, max or precision: Ant Design would silently change a typed value to fit. submit() reports it instead. */}
        <InputNumber<number>
          autoFocus
          prefix="¥"
          style={{ width: '100%' }}
          aria-label={t('sales.partialRefund.amount')}
          placeholder={t('sales.partialRefund.amount')}
          value={amount}
          onChange={setAmount}
          data-testid="partial-refund-amount"
        />
        <RegisterSelect registers={registers.registers} value={registerId} onChange={setRegisterId} style={{ width: '100%' }} data-testid="partial-refund-register" />
        <Select<PaymentMethod>
          style={{ width: '100%' }}
          aria-label={t('sales.partialRefund.method')}
          value={method}
          onChange={setMethod}
          options={PAYMENT_METHOD_ORDER.map((value) => ({ value, label: t(`payments.method.${value}`) }))}
          data-testid="partial-refund-method"
        />
        <Input maxLength={100} aria-label={t('payments.reference')} placeholder={t('payments.reference')} value={reference} onChange={(event) => setReference(event.target.value)} />
        <Input.TextArea
          rows={2}
          maxLength={500}
          aria-label={t('sales.partialRefund.reason')}
          placeholder={t('sales.partialRefund.reason')}
          value={reason}
          onChange={(event) => setReason(event.target.value)}
          data-testid="partial-refund-reason"
        />
      </Space>
      {error && <Alert type="error" showIcon role="alert" style={{ marginTop: 12 }} title={error} data-testid="partial-refund-error" />}
    </Modal>
  );
}
