import { ArrowLeftOutlined, CarOutlined, CheckOutlined, ImportOutlined, RollbackOutlined, SendOutlined, StopOutlined, SwapOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Collapse, Descriptions, Result, Row, Skeleton, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import { useApiQuery, useErrorReporter } from '../../api/hooks.js';
import { LoadError } from '../../components/LoadError.js';
import { PageTitle } from '../../components/PageTitle.js';
import { formatDateTime, formatYen, type Locale } from '../../lib/format.js';
import { Link, navigate } from '../../lib/router.js';
import type { PageProps } from '../../routes.js';
import { ChannelAccountLabel, formatTaxRate, LineStateTag, OrderStatusTag, textIn, useLocale } from './channelUi.js';
import { useCan } from '../../auth/AuthContext.js';
import { CancelOrderDialog, RefundLineDialog, ReturnLineDialog, SubstituteLineDialog } from './OrderDialogs.js';
import type { ChannelOrder, ChannelOrderLine, OrderContact } from './types.js';
import { OrderShipmentsCard } from '../shipping/OrderShipmentsCard.js';
import type { OrderShipment } from '../shipping/types.js';

/** Line states that a substitute piece can resolve: no piece matched, or the matched piece is gone. */
const SUBSTITUTABLE: ReadonlyArray<ChannelOrderLine['state']> = ['unmatched', 'short'];

/** Renders the order as the channel sent it: XML text as it came, anything else as indented JSON. */
function rawText(raw: unknown): string {
  if (typeof raw === 'string') return raw;
  return JSON.stringify(raw, null, 2) ?? '';
}

/** Renders a history entry's detail. A message the server stored in both languages shows in the user's, anything else as JSON. */
function detailText(detail: Record<string, unknown>, locale: Locale): string {
  if (typeof detail.ja === 'string' && typeof detail.en === 'string') return textIn({ ja: detail.ja, en: detail.en }, locale) ?? '';
  return Object.keys(detail).length === 0 ? '' : JSON.stringify(detail);
}

function ContactCard({ title, contact, email }: { title: string; contact: OrderContact; email?: string | null }) {
  const { t } = useTranslation();
  return (
    <Card size="small" title={title}>
      <Descriptions size="small" column={1}>
        <Descriptions.Item label={t('channels.orders.name')}>{contact.name}</Descriptions.Item>
        {contact.nameKana && <Descriptions.Item label={t('channels.orders.nameKana')}>{contact.nameKana}</Descriptions.Item>}
        {email !== undefined && <Descriptions.Item label={t('channels.orders.email')}>{email ?? '—'}</Descriptions.Item>}
        <Descriptions.Item label={t('channels.orders.phone')}>{contact.phone ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('channels.orders.postalCode')}>{contact.postalCode ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('channels.orders.address')}>{contact.address || '—'}</Descriptions.Item>
      </Descriptions>
    </Card>
  );
}

function TotalsCard({ order }: { order: ChannelOrder }) {
  const { t } = useTranslation();
  const { totals } = order;

  // Coupons and points are positive amounts that reduce the total (the import checks
  // goods + shipping + fees − coupon − points = total), so they are shown with a minus sign.
  return (
    <Card size="small" title={t('channels.orders.totals')}>
      <Descriptions size="small" column={1} data-testid="order-totals">
        <Descriptions.Item label={t('channels.orders.goods')}>{formatYen(totals.goods)}</Descriptions.Item>
        <Descriptions.Item label={t('channels.orders.shipping')}>{formatYen(totals.shipping)}</Descriptions.Item>
        <Descriptions.Item label={t('channels.orders.fees')}>{formatYen(totals.fees)}</Descriptions.Item>
        <Descriptions.Item label={t('channels.orders.coupon')}>{formatYen(-totals.coupon)}</Descriptions.Item>
        <Descriptions.Item label={t('channels.orders.points')}>{formatYen(-totals.points)}</Descriptions.Item>
        <Descriptions.Item label={t('channels.orders.grandTotal')}>
          <Typography.Text strong>{formatYen(totals.total)}</Typography.Text>
        </Descriptions.Item>
      </Descriptions>
      {totals.taxByRate.length > 0 && (
        <Table
          style={{ marginTop: 8 }}
          size="small"
          rowKey="rate"
          pagination={false}
          dataSource={totals.taxByRate}
          columns={[
            { title: t('channels.orders.taxRate'), dataIndex: 'rate', render: (value: number) => formatTaxRate(value) },
            { title: t('channels.orders.taxable'), dataIndex: 'taxable', align: 'right', render: (value: number) => formatYen(value) },
            { title: t('channels.orders.tax'), dataIndex: 'tax', align: 'right', render: (value: number) => formatYen(value) },
          ]}
        />
      )}
    </Card>
  );
}

/** Shows one channel order (受注詳細) with its lines, amounts, buyer, raw data and history, and the confirm, cancel and resolve actions. */
export function ChannelOrderDetailPage({ params }: PageProps) {
  const { t } = useTranslation();
  const locale = useLocale();
  const { message, modal } = App.useApp();
  const reportError = useErrorReporter();
  const id = Number(params.id);
  const valid = Number.isInteger(id) && id > 0;
  const { data: order, error, loading, reload } = useApiQuery<ChannelOrder>(valid ? `/api/channel-orders/${id}` : null);
  const [dialog, setDialog] = useState<{ kind: 'cancel' } | { kind: 'substitute' | 'refund' | 'return'; line: ChannelOrderLine }>();
  const [acting, setActing] = useState<'confirm' | 'resolve' | 'ship'>();
  const can = useCan();

  if (!valid) return <Result status="404" title={t('channels.orders.invalidId')} />;
  if (error) return <LoadError error={error} onRetry={reload} />;
  if (loading && !order) return <Skeleton active />;
  if (!order) return <Skeleton active />;

  const open = order.status !== 'shipped' && order.status !== 'cancelled';

  const post = async (action: 'confirm' | 'resolve' | 'ship', doneKey: string) => {
    setActing(action);
    try {
      await api.post(`/api/channel-orders/${order.id}/${action}`);
      void message.success(t(doneKey));
      reload();
    } catch (cause) {
      reportError(cause);
    } finally {
      setActing(undefined);
    }
  };

  const confirmResolve = () => {
    modal.confirm({
      title: t('channels.orders.resolveConfirm'),
      content: t('channels.orders.resolveConfirmHint'),
      okText: t('channels.orders.resolve'),
      cancelText: t('common.cancel'),
      onOk: () => post('resolve', 'channels.orders.resolved'),
    });
  };

  const confirmShip = () => {
    modal.confirm({
      title: t('channels.orders.shipConfirm'),
      content: t('channels.orders.shipConfirmHint'),
      okText: t('channels.orders.ship'),
      cancelText: t('common.cancel'),
      onOk: () => post('ship', 'channels.orders.shipped'),
    });
  };

  const lineColumns: TableColumnsType<ChannelOrderLine> = [
    { title: t('channels.orders.externalCode'), dataIndex: 'externalCode', render: (value: string | null) => value ?? '—' },
    { title: t('channels.orders.variantCode'), dataIndex: 'variantCode', responsive: ['lg'], render: (value: string | null) => value ?? '—' },
    { title: t('channels.orders.itemTitle'), dataIndex: 'title', ellipsis: true, width: 280 },
    {
      title: t('channels.orders.unitPrice'),
      dataIndex: 'unitPrice',
      align: 'right',
      render: (value: number, line) => (
        <Space size={4}>
          {formatYen(value)}
          <Tag color={line.taxIncluded ? undefined : 'orange'}>{t(line.taxIncluded ? 'channels.orders.taxIncluded' : 'channels.orders.taxExcluded')}</Tag>
        </Space>
      ),
    },
    { title: t('channels.orders.quantity'), dataIndex: 'quantity', align: 'right' },
    { title: t('channels.orders.taxRate'), dataIndex: 'taxRate', align: 'right', render: (value: number | null) => formatTaxRate(value) },
    { title: t('channels.orders.stockNumber'), dataIndex: 'stockNumber', render: (value: string | null, line) => (value && line.itemId ? <Link to={`/items/${line.itemId}`}>{value}</Link> : '—') },
    {
      title: t('channels.orders.lineState'),
      dataIndex: 'state',
      render: (value: ChannelOrderLine['state'], line) => (
        <Space size={4} wrap>
          <LineStateTag state={value} />
          {line.consignor && (
            <Tag color="purple" data-testid={`order-line-consignor-${line.id}`}>
              {t('channels.orders.consigned', { name: line.consignor.name })}
            </Tag>
          )}
        </Space>
      ),
    },
    {
      title: t('channels.orders.refunded'),
      dataIndex: 'refundedAmount',
      align: 'right',
      render: (value: number) => (value > 0 ? formatYen(-value) : '—'),
    },
    { title: t('channels.orders.problem'), key: 'problem', render: (_, line) => (line.problem ? <Typography.Text type="danger">{textIn(line.problem, locale)}</Typography.Text> : null) },
    {
      title: '',
      key: 'actions',
      render: (_, line) =>
        open && SUBSTITUTABLE.includes(line.state) ? (
          <Button size="small" icon={<SwapOutlined />} onClick={() => setDialog({ kind: 'substitute', line })} data-testid={`order-line-substitute-${line.id}`}>
            {t('channels.orders.substitute')}
          </Button>
        ) : line.state === 'sold' && line.returnedAt === null && can('sales.refund') ? (
          <Space size={4}>
            <Button size="small" icon={<RollbackOutlined />} onClick={() => setDialog({ kind: 'refund', line })} data-testid={`order-line-refund-${line.id}`}>
              {t('channels.orders.refund')}
            </Button>
            <Button size="small" icon={<ImportOutlined />} onClick={() => setDialog({ kind: 'return', line })} data-testid={`order-line-return-${line.id}`}>
              {t('channels.orders.receiveReturn')}
            </Button>
          </Space>
        ) : line.returnedAt !== null ? (
          <Tag>{t('channels.orders.returned')}</Tag>
        ) : null,
    },
  ];

  const closeAndReload = (doneKey: string) => {
    setDialog(undefined);
    void message.success(t(doneKey));
    reload();
  };

  return (
    <>
      <PageTitle
        title={
          <Space wrap>
            {t('channels.orders.detailTitle', { number: order.orderNumber })}
            <OrderStatusTag status={order.status} />
            {order.flagged && <Tag color="red">{t('channels.orders.flagged')}</Tag>}
          </Space>
        }
        subtitle={<ChannelAccountLabel kind={order.channelKind} name={order.channelAccountName} />}
        extra={
          <>
            <Button icon={<ArrowLeftOutlined />} onClick={() => navigate('/channels/orders')}>
              {t('channels.orders.back')}
            </Button>
            {/* The server sends no confirmation for a flagged order, so the button waits for the flag to go. */}
            {open && !order.flagged && (
              <Button icon={<SendOutlined />} loading={acting === 'confirm'} onClick={() => void post('confirm', 'channels.orders.confirmed')} data-testid="order-confirm">
                {t('channels.orders.confirm')}
              </Button>
            )}
            {/* The server refuses to ship while a line holds no piece, so the button waits for it. */}
            {order.status === 'to_ship' && !order.lines.some((line) => SUBSTITUTABLE.includes(line.state)) && (
              <Button type="primary" icon={<CarOutlined />} loading={acting === 'ship'} onClick={confirmShip} data-testid="order-ship">
                {t('channels.orders.ship')}
              </Button>
            )}
            {open && (
              <Button danger icon={<StopOutlined />} onClick={() => setDialog({ kind: 'cancel' })} data-testid="order-cancel">
                {t('channels.orders.cancel')}
              </Button>
            )}
          </>
        }
      />

      {order.flagged && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 16 }}
          data-testid="order-flag"
          title={t('channels.orders.flaggedTitle')}
          description={
            <>
              {order.flagReason && (
                <Typography.Paragraph strong style={{ marginBottom: 8 }}>
                  {textIn(order.flagReason, locale)}
                </Typography.Paragraph>
              )}
              <div>{t('channels.orders.resolutionLead')}</div>
              <ol style={{ margin: '4px 0 0', paddingInlineStart: 20 }}>
                <li>{t('channels.orders.resolutionSubstitute')}</li>
                <li>{t('channels.orders.resolutionCancel')}</li>
              </ol>
            </>
          }
          action={
            <Button icon={<CheckOutlined />} loading={acting === 'resolve'} onClick={confirmResolve} data-testid="order-resolve">
              {t('channels.orders.resolve')}
            </Button>
          }
        />
      )}
      {!order.totalsCheck.ok && (
        <Alert type="warning" showIcon style={{ marginBottom: 16 }} data-testid="order-totals-check" title={t('channels.orders.totalsMismatch')} description={textIn(order.totalsCheck.message, locale)} />
      )}

      <Card size="small" style={{ marginBottom: 16 }}>
        <Descriptions size="small" column={{ xs: 1, md: 2, xl: 4 }}>
          <Descriptions.Item label={t('channels.orders.orderNumber')}>{order.orderNumber}</Descriptions.Item>
          <Descriptions.Item label={t('channels.orders.orderedAt')}>{formatDateTime(order.orderedAt, locale)}</Descriptions.Item>
          <Descriptions.Item label={t('channels.orders.importedAt')}>{formatDateTime(order.importedAt, locale)}</Descriptions.Item>
          <Descriptions.Item label={t('channels.orders.total')}>{formatYen(order.total)}</Descriptions.Item>
        </Descriptions>
      </Card>

      <Card size="small" title={t('channels.orders.lines')} style={{ marginBottom: 16 }}>
        <Table<ChannelOrderLine> rowKey="id" size="small" pagination={false} columns={lineColumns} dataSource={order.lines} scroll={{ x: 'max-content' }} data-testid="order-lines" />
      </Card>

      {/* The order schema types a shipment's status and carrier as plain strings, which the card narrows to the shipping enums. */}
      <OrderShipmentsCard orderId={order.id} canCreate={open} shipments={order.shipments as OrderShipment[]} onCreated={reload} />

      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        <Col xs={24} lg={8}>
          <ContactCard title={t('channels.orders.buyerTitle')} contact={order.buyer} email={order.buyer.email} />
        </Col>
        <Col xs={24} lg={8}>
          {order.delivery ? (
            <ContactCard title={t('channels.orders.deliveryTitle')} contact={order.delivery} />
          ) : (
            <Card size="small" title={t('channels.orders.deliveryTitle')}>
              {t('channels.orders.deliverySame')}
            </Card>
          )}
        </Col>
        <Col xs={24} lg={8}>
          <TotalsCard order={order} />
        </Col>
      </Row>

      <Collapse
        items={[
          {
            key: 'history',
            label: t('channels.orders.history'),
            children: (
              <Table
                rowKey={(entry) => `${entry.at}-${entry.action}`}
                size="small"
                pagination={false}
                dataSource={order.history}
                columns={[
                  { title: t('channels.orders.historyAt'), dataIndex: 'at', render: (value: string) => formatDateTime(value, locale) },
                  { title: t('channels.orders.historyAction'), dataIndex: 'action', render: (value: string) => t(`channels.orders.historyActions.${value}`, { defaultValue: value }) },
                  { title: t('channels.orders.historyDetail'), dataIndex: 'detail', render: (value: Record<string, unknown>) => detailText(value, locale) },
                ]}
              />
            ),
          },
          {
            key: 'raw',
            label: t('channels.orders.raw'),
            children: (
              <pre style={{ maxHeight: 480, overflow: 'auto', margin: 0, fontSize: 12, whiteSpace: 'pre-wrap', wordBreak: 'break-all' }} data-testid="order-raw">
                {rawText(order.raw)}
              </pre>
            ),
          },
        ]}
      />

      {dialog?.kind === 'cancel' && <CancelOrderDialog order={order} onClose={() => setDialog(undefined)} onDone={() => closeAndReload('channels.orders.cancelled')} />}
      {dialog?.kind === 'return' && <ReturnLineDialog order={order} line={dialog.line} onClose={() => setDialog(undefined)} onDone={() => closeAndReload('channels.orders.returnDone')} />}
      {dialog?.kind === 'refund' && <RefundLineDialog order={order} line={dialog.line} onClose={() => setDialog(undefined)} onDone={() => closeAndReload('channels.orders.refundDone')} />}
      {dialog?.kind === 'substitute' && <SubstituteLineDialog order={order} line={dialog.line} onClose={() => setDialog(undefined)} onDone={() => closeAndReload('channels.orders.substituted')} />}
    </>
  );
}
