import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCan } from '../../auth/AuthContext.js';
import { formatDateTime, type Locale } from '../../lib/format.js';
import { Link } from '../../lib/router.js';
import { textIn, useLocale } from '../channels/channelUi.js';
import { CreateFromOrdersDialog } from './CreateFromOrdersDialog.js';
import { ReportStatusTag, ShipmentStatusTag, TrackingLink } from './shippingUi.js';
import type { OrderShipment } from './types.js';

/** Renders the channel report state of one shipment as "モール反映: 受付済み <time>", 未反映 or 失敗 with the channel's message. */
function ReportSummary({ reports, locale }: { reports: OrderShipment['reports']; locale: Locale }) {
  const { t } = useTranslation();
  if (reports.length === 0) return <Typography.Text type="secondary">{t('shipping.orderCard.noReport')}</Typography.Text>;
  return (
    <Space direction="vertical" size={2}>
      {reports.map((report, index) => (
        <Space key={index} size={4} wrap>
          <span>{t('shipping.orderCard.report')}</span>
          <ReportStatusTag status={report.status} acceptedAt={report.acceptedAt} locale={locale} />
          {report.lastError && <Typography.Text type="danger">{textIn(report.lastError, locale)}</Typography.Text>}
        </Space>
      ))}
    </Space>
  );
}

/**
 * Lists the shipments (出荷) of a channel order, each linking to its shipment screen, and a button
 * that creates a shipment for the order. Users without shipping.manage see neither.
 */
export function OrderShipmentsCard({ orderId, canCreate, shipments, onCreated }: { orderId: number; canCreate: boolean; shipments: OrderShipment[]; onCreated: () => void }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const can = useCan();
  const { message } = App.useApp();
  const [creating, setCreating] = useState(false);
  if (!can('shipping.manage')) return null;

  return (
    <Card
      size="small"
      title={t('shipping.orderCard.title')}
      style={{ marginBottom: 16 }}
      data-testid="order-shipments"
      extra={
        canCreate && (
          <Button size="small" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="order-create-shipment">
            {t('shipping.orderCard.create')}
          </Button>
        )
      }
    >
      <Table<OrderShipment>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={shipments}
        locale={{ emptyText: t('shipping.orderCard.empty') }}
        scroll={{ x: 'max-content' }}
        columns={[
          { title: t('shipping.columns.number'), dataIndex: 'number', render: (value: string, row) => <Link to={`/shipping/${row.id}`}>{value}</Link> },
          { title: t('shipping.columns.status'), dataIndex: 'status', render: (value: OrderShipment['status']) => <ShipmentStatusTag status={value} /> },
          { title: t('shipping.columns.carrier'), dataIndex: 'carrier', render: (value: OrderShipment['carrier']) => (value ? t(`shipping.carriers.${value}`) : '—') },
          { title: t('shipping.columns.trackingNumber'), dataIndex: 'trackingNumber', render: (value: string | null, row) => <TrackingLink number={value} url={row.trackingUrl} /> },
          { title: t('shipping.columns.shippedAt'), dataIndex: 'shippedAt', render: (value: string | null) => formatDateTime(value, locale) || '—' },
          { title: t('shipping.columns.report'), key: 'reports', render: (_, row) => <ReportSummary reports={row.reports} locale={locale} /> },
        ]}
      />
      {creating && (
        <CreateFromOrdersDialog
          orderIds={[orderId]}
          onClose={() => setCreating(false)}
          onCreated={(created) => {
            setCreating(false);
            void message.success(t('shipping.fromOrders.created', { count: created.length }));
            onCreated();
          }}
        />
      )}
    </Card>
  );
}
