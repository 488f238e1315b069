import { ArrowLeftOutlined, CheckCircleOutlined, FileTextOutlined, RollbackOutlined, StopOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Collapse, Input, Result, Row, Skeleton, Space, Table, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { api } from '../../api/client.js';
import { useApiQuery, useErrorReporter } from '../../api/hooks.js';
import { LoadError } from '../../components/LoadError.js';
import { PageTitle } from '../../components/PageTitle.js';
import { formatDateTime, formatYen, type Locale } from '../../lib/format.js';
import { Link, navigate } from '../../lib/router.js';
import type { PageProps } from '../../routes.js';
import { textIn, useLocale } from '../channels/channelUi.js';
import { ShipCard } from './ShipCard.js';
import { ShipmentForm } from './ShipmentForm.js';
import { NotificationCard, ReportsCard } from './ShipmentPanels.js';
import { openShipmentPdf, ShipmentStatusTag, useCarrierServiceLabel, useFieldLabel } from './shippingUi.js';
import { EDITABLE_STATUSES, type ShipmentOutput } from './types.js';

type Line = ShipmentOutput['lines'][number];
type HistoryEntry = ShipmentOutput['history'][number];

/**
 * Renders a history entry's detail as "label: value" pairs in the user's language: a message
 * stored in both languages, changed field names, statuses and the rest as plain values.
 */
function detailText(detail: Record<string, unknown>, locale: Locale, t: TFunction): string {
  if (typeof detail.ja === 'string' && typeof detail.en === 'string') return textIn({ ja: detail.ja, en: detail.en }, locale) ?? '';
  const label = (key: string) => t(`shipping.historyDetail.${key}`, { defaultValue: key });
  const value = (key: string, raw: unknown): string => {
    if (key === 'fields' && Array.isArray(raw)) return raw.map((field) => t(`shipping.fields.${String(field)}`, { defaultValue: String(field) })).join('、');
    if (key === 'from' && typeof raw === 'string' && raw in STATUS_NAMES) return t(`shipping.status.${raw}`);
    if (Array.isArray(raw)) return raw.map(String).join('、');
    if (raw === null || raw === undefined) return '—';
    return typeof raw === 'object' ? JSON.stringify(raw) : String(raw);
  };
  return Object.entries(detail)
    .map(([key, raw]) => `${label(key)}: ${value(key, raw)}`)
    .join(' / ');
}

/** Statuses whose names the history translates. */
const STATUS_NAMES = { to_ship: true, picking: true, packed: true, shipped: true, delivered: true, returned: true, cancelled: true };

/** Lists the channel orders and register sales whose lines the parcel carries. */
function SourcesCard({ shipment }: { shipment: ShipmentOutput }) {
  const { t } = useTranslation();
  const locale = useLocale();
  return (
    <Card size="small" title={t('shipping.detail.sources')} style={{ marginBottom: 16 }} data-testid="shipment-sources">
      {shipment.orders.length === 0 && shipment.sales.length === 0 && <Typography.Text type="secondary">{t('shipping.detail.noSources')}</Typography.Text>}
      <Space direction="vertical" size={4}>
        {shipment.orders.map((order) => (
          <span key={`order-${order.id}`}>
            <Link to={`/channels/orders/${order.id}`}>{order.orderNumber}</Link>
            <Typography.Text type="secondary">{` ${order.channelName} · ${formatDateTime(order.orderedAt, locale)}`}</Typography.Text>
          </span>
        ))}
        {shipment.sales.map((sale) => (
          <span key={`sale-${sale.id}`}>
            <Link to={`/sales/${sale.id}`}>{sale.number}</Link>
            <Typography.Text type="secondary">{` ${t('shipping.detail.sale')} · ${sale.businessDate}`}</Typography.Text>
          </span>
        ))}
      </Space>
    </Card>
  );
}

/** Shows one shipment (出荷詳細): recipient and delivery, lines, waybill, channel reports, notification mail and history. */
export function ShipmentDetailPage({ params }: PageProps) {
  const { t } = useTranslation();
  const locale = useLocale();
  const { message, modal } = App.useApp();
  const reportError = useErrorReporter();
  const carrierServiceLabel = useCarrierServiceLabel();
  const fieldLabel = useFieldLabel();
  const id = Number(params.id);
  const valid = Number.isInteger(id) && id > 0;
  const loaded = useApiQuery<ShipmentOutput>(valid ? `/api/shipments/${id}` : null);
  // Actions return the changed shipment, which replaces the loaded one without another request.
  const [shipment, setShipment] = useState<ShipmentOutput>();
  useEffect(() => setShipment(loaded.data), [loaded.data]);

  if (!valid) return <Result status="404" title={t('shipping.detail.invalidId')} />;
  if (loaded.error) return <LoadError error={loaded.error} onRetry={loaded.reload} />;
  if (!shipment) return <Skeleton active />;

  const editable = EDITABLE_STATUSES.includes(shipment.status);

  const act = async (action: 'deliver' | 'return' | 'cancel', doneKey: string, body?: unknown) => {
    try {
      setShipment(await api.post<ShipmentOutput>(`/api/shipments/${shipment.id}/${action}`, body));
      void message.success(t(doneKey));
    } catch (cause) {
      reportError(cause);
    }
  };

  const confirmDeliver = () =>
    modal.confirm({
      title: t('shipping.detail.deliverConfirm', { number: shipment.number }),
      okText: t('shipping.detail.deliver'),
      cancelText: t('common.cancel'),
      onOk: () => act('deliver', 'shipping.detail.delivered'),
    });

  const confirmReturn = () => {
    let reason = '';
    modal.confirm({
      title: t('shipping.detail.returnConfirm', { number: shipment.number }),
      content: (
        <>
          <Typography.Paragraph>{t('shipping.detail.returnHint')}</Typography.Paragraph>
          <Input.TextArea rows={2} maxLength={500} placeholder={t('shipping.detail.returnReason')} aria-label={t('shipping.detail.returnReason')} onChange={(event) => (reason = event.target.value)} />
        </>
      ),
      okText: t('shipping.detail.return'),
      okButtonProps: { danger: true },
      cancelText: t('common.cancel'),
      onOk: () => act('return', 'shipping.detail.returned', { reason: reason.trim() || null }),
    });
  };

  const confirmCancel = () =>
    modal.confirm({
      title: t('shipping.detail.cancelConfirm', { number: shipment.number }),
      content: t('shipping.detail.cancelHint'),
      okText: t('shipping.detail.cancel'),
      okButtonProps: { danger: true },
      cancelText: t('common.back'),
      onOk: () => act('cancel', 'shipping.detail.cancelled'),
    });

  return (
    <>
      <PageTitle
        title={
          <Space wrap>
            {t('shipping.detail.title', { number: shipment.number })}
            <span data-testid="shipment-status">
              <ShipmentStatusTag status={shipment.status} />
            </span>
          </Space>
        }
        subtitle={carrierServiceLabel(shipment.carrier, shipment.service)}
        extra={
          <>
            <Button icon={<ArrowLeftOutlined />} onClick={() => navigate('/shipping')}>
              {t('shipping.detail.back')}
            </Button>
            <Button icon={<FileTextOutlined />} onClick={() => openShipmentPdf('packing-slips', [shipment.id])} data-testid="shipment-packing-slip">
              {t('shipping.detail.packingSlip')}
            </Button>
            {shipment.status === 'shipped' && (
              <Button icon={<CheckCircleOutlined />} onClick={confirmDeliver} data-testid="shipment-deliver">
                {t('shipping.detail.deliver')}
              </Button>
            )}
            {(shipment.status === 'shipped' || shipment.status === 'delivered') && (
              <Button danger icon={<RollbackOutlined />} onClick={confirmReturn} data-testid="shipment-return">
                {t('shipping.detail.return')}
              </Button>
            )}
            {editable && (
              <Button danger icon={<StopOutlined />} onClick={confirmCancel} data-testid="shipment-cancel">
                {t('shipping.detail.cancel')}
              </Button>
            )}
          </>
        }
      />

      {shipment.addressProblems.length > 0 && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          title={t('shipping.detail.addressProblems')}
          data-testid="shipment-address-problems"
          description={
            <ul style={{ margin: 0, paddingInlineStart: 18 }}>
              {shipment.addressProblems.map((problem) => (
                // Address problems name the recipient's own fields ("phone"), so the prefix finds their labels.
                <li key={`${problem.field}-${problem.message.ja}`}>{`${fieldLabel(`recipient.${problem.field}`)}: ${textIn(problem.message, locale)}`}</li>
              ))}
            </ul>
          }
        />
      )}

      <ShipCard shipment={shipment} onChanged={setShipment} />
      {/* Keyed by the change time, so that a saved or shipped shipment resets the form. The prefix keeps the key apart from the mail card's, because sibling keys must differ. */}
      <ShipmentForm key={`form-${shipment.updatedAt}`} shipment={shipment} onSaved={setShipment} />

      <Row gutter={16}>
        <Col xs={24} lg={16}>
          <Card size="small" title={t('shipping.detail.lines')} style={{ marginBottom: 16 }}>
            <Table<Line>
              rowKey="id"
              size="small"
              pagination={false}
              dataSource={shipment.lines}
              scroll={{ x: 'max-content' }}
              data-testid="shipment-lines"
              columns={[
                { title: t('shipping.columns.stockNumber'), dataIndex: 'stockNumber', render: (value: string | null, line) => (value && line.itemId ? <Link to={`/items/${line.itemId}`}>{value}</Link> : (value ?? '—')) },
                { title: t('shipping.columns.title'), dataIndex: 'title' },
                { title: t('shipping.columns.quantity'), dataIndex: 'quantity', align: 'right' },
                { title: t('shipping.columns.unitPrice'), dataIndex: 'unitPrice', align: 'right', render: (value: number) => formatYen(value) },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} lg={8}>
          <SourcesCard shipment={shipment} />
        </Col>
      </Row>

      {/* Only channel orders are reported; a parcel of register sales has nothing to show here. */}
      {shipment.orders.length > 0 && <ReportsCard shipment={shipment} onChanged={setShipment} />}
      {/* The server writes the mail only once the parcel has a carrier and tracking number. */}
      {shipment.carrier !== null && shipment.trackingNumber !== null && <NotificationCard key={`mail-${shipment.updatedAt}`} shipment={shipment} />}

      <Collapse
        items={[
          {
            key: 'history',
            label: t('shipping.detail.history'),
            children: (
              <Table<HistoryEntry>
                rowKey={(entry) => `${entry.at}-${entry.action}`}
                size="small"
                pagination={false}
                dataSource={shipment.history}
                columns={[
                  { title: t('shipping.columns.at'), dataIndex: 'at', render: (value: string) => formatDateTime(value, locale) },
                  { title: t('shipping.columns.action'), dataIndex: 'action', render: (value: string) => t(`shipping.historyActions.${value}`, { defaultValue: value }) },
                  { title: t('shipping.columns.user'), dataIndex: 'userName', render: (value: string | null) => value ?? '—' },
                  { title: t('shipping.columns.detail'), dataIndex: 'detail', render: (value: Record<string, unknown>) => detailText(value, locale, t) },
                ]}
              />
            ),
          },
        ]}
      />
    </>
  );
}
