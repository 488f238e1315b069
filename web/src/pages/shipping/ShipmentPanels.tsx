import { CopyOutlined, MailOutlined, RedoOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Descriptions, Input, Skeleton, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import { useApiQuery, useErrorReporter } from '../../api/hooks.js';
import { LoadError } from '../../components/LoadError.js';
import { formatDateTime } from '../../lib/format.js';
import { Link } from '../../lib/router.js';
import { textIn, useLocale } from '../channels/channelUi.js';
import { ReportStatusTag } from './shippingUi.js';
import type { ShipmentNotification, ShipmentOutput, ShipmentReport } from './types.js';

/** Lists the reports of the shipment to its channels (モール反映), with a retry button on the failed ones. */
export function ReportsCard({ shipment, onChanged }: { shipment: ShipmentOutput; onChanged: (changed: ShipmentOutput) => void }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const { message } = App.useApp();
  const reportError = useErrorReporter();
  const [retrying, setRetrying] = useState<number>();

  const retry = async (report: ShipmentReport) => {
    setRetrying(report.id);
    try {
      const changed = await api.post<ShipmentOutput>(`/api/shipments/${shipment.id}/reports/${report.id}/retry`);
      void message.success(t('shipping.reports.retried', { order: report.orderNumber }));
      onChanged(changed);
    } catch (cause) {
      reportError(cause);
    } finally {
      setRetrying(undefined);
    }
  };

  return (
    <Card size="small" title={t('shipping.reports.title')} style={{ marginBottom: 16 }}>
      <Table<ShipmentReport>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={shipment.reports}
        locale={{ emptyText: t('shipping.reports.empty') }}
        scroll={{ x: 'max-content' }}
        data-testid="shipment-reports"
        columns={[
          { title: t('shipping.columns.orderNumber'), dataIndex: 'orderNumber', render: (value: string, report) => <Link to={`/channels/orders/${report.orderId}`}>{value}</Link> },
          { title: t('shipping.columns.channel'), dataIndex: 'channelName' },
          { title: t('shipping.columns.status'), dataIndex: 'status', render: (value: ShipmentReport['status']) => <ReportStatusTag status={value} locale={locale} /> },
          { title: t('shipping.columns.acceptedAt'), dataIndex: 'acceptedAt', render: (value: string | null) => formatDateTime(value, locale) || '—' },
          { title: t('shipping.columns.trackingNumber'), dataIndex: 'trackingNumber', render: (value: string | null) => value ?? '—' },
          { title: t('shipping.columns.attempts'), dataIndex: 'attempts', align: 'right' },
          {
            title: t('shipping.columns.error'),
            dataIndex: 'lastError',
            render: (value: ShipmentReport['lastError']) => (value ? <Typography.Text type="danger">{textIn(value, locale)}</Typography.Text> : null),
          },
          {
            title: '',
            key: 'retry',
            render: (_, report) =>
              report.status === 'failed' ? (
                <Button size="small" icon={<RedoOutlined />} loading={retrying === report.id} onClick={() => void retry(report)} data-testid={`report-retry-${report.id}`}>
                  {t('shipping.reports.retry')}
                </Button>
              ) : null,
          },
        ]}
      />
    </Card>
  );
}

/**
 * Shows the shipping notification mail (発送通知メール) as the server writes it. The text can be copied
 * into the channel's message form, and it is sent from here only when the server has SMTP.
 */
export function NotificationCard({ shipment }: { shipment: ShipmentOutput }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const { message } = App.useApp();
  const reportError = useErrorReporter();
  const { data, error, loading, reload } = useApiQuery<ShipmentNotification>(`/api/shipments/${shipment.id}/notification`, { locale });
  const [to, setTo] = useState('');
  const [sending, setSending] = useState(false);

  const copy = async (notification: ShipmentNotification) => {
    try {
      await navigator.clipboard.writeText(`${notification.subject}\n\n${notification.text}`);
      void message.success(t('shipping.notification.copied'));
    } catch {
      // The clipboard API needs a secure context (https or localhost); on a plain-http LAN address the user copies by hand.
      void message.warning(t('shipping.notification.copyFailed'));
    }
  };

  const send = async () => {
    setSending(true);
    try {
      await api.post<{ sentAt: string }>(`/api/shipments/${shipment.id}/notification`, { locale, to: to.trim() || undefined });
      void message.success(t('shipping.notification.sent'));
      reload();
    } catch (cause) {
      reportError(cause);
    } finally {
      setSending(false);
    }
  };

  return (
    <Card size="small" title={t('shipping.notification.title')} style={{ marginBottom: 16 }} data-testid="shipment-notification">
      {error && <LoadError error={error} onRetry={reload} />}
      {!data && loading && <Skeleton active />}
      {data && (
        <>
          <Descriptions size="small" column={1}>
            <Descriptions.Item label={t('shipping.notification.to')}>{data.to ?? t('shipping.notification.noAddress')}</Descriptions.Item>
            <Descriptions.Item label={t('shipping.notification.subject')}>{data.subject}</Descriptions.Item>
            {data.sentAt && <Descriptions.Item label={t('shipping.notification.sentAt')}>{formatDateTime(data.sentAt, locale)}</Descriptions.Item>}
          </Descriptions>
          <Input.TextArea readOnly value={data.text} autoSize={{ minRows: 6, maxRows: 18 }} style={{ marginBottom: 8 }} data-testid="notification-text" />
          <Space wrap>
            <Button icon={<CopyOutlined />} onClick={() => void copy(data)} data-testid="notification-copy">
              {t('shipping.notification.copy')}
            </Button>
            {data.smtpConfigured && (
              <>
                <Input style={{ width: 260 }} type="email" placeholder={data.to ?? t('shipping.notification.toPlaceholder')} aria-label={t('shipping.notification.to')} value={to} onChange={(event) => setTo(event.target.value)} />
                <Button type="primary" icon={<MailOutlined />} loading={sending} disabled={!data.to && !to.trim()} onClick={() => void send()} data-testid="notification-send">
                  {data.sentAt ? t('shipping.notification.sendAgain') : t('shipping.notification.send')}
                </Button>
              </>
            )}
          </Space>
          {!data.smtpConfigured && <Alert type="info" showIcon style={{ marginTop: 8 }} title={t('shipping.notification.noSmtp')} />}
        </>
      )}
    </Card>
  );
}
