import { CheckOutlined, PlusOutlined, StopOutlined } from '@ant-design/icons';
import { App, Button, Input, Modal, Popconfirm, Segmented, Space, Table, Tag, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, newIdempotencyKey } from '../../api/client.js';
import { useApiQuery, useErrorReporter } from '../../api/hooks.js';
import { useCan } from '../../auth/AuthContext.js';
import type { Page, Transfer, TransferStatus, TransferSummary } from '../../api/types.js';
import { DocumentLines } from '../../components/DocumentLines.js';
import { LoadError } from '../../components/LoadError.js';
import { LocationSelect } from '../../components/LocationSelect.js';
import { PageTitle } from '../../components/PageTitle.js';
import { formatDateTime, formatQuantity, type Locale } from '../../lib/format.js';
import { navigate } from '../../lib/router.js';

const STATUS_COLORS: Record<TransferStatus, string> = { in_transit: 'gold', received: 'green', cancelled: 'default' };

function TransferLines({ id }: { id: number }) {
  const { t, i18n } = useTranslation();
  const locale: Locale = i18n.language === 'en' ? 'en' : 'ja';
  return (
    <DocumentLines<Transfer['lines'][number]>
      path={`/api/transfers/${id}`}
      columns={[
        { title: t('transfers.sentQuantity'), dataIndex: 'quantity', render: (value: number, line) => formatQuantity(value, line.unit, locale) },
        { title: t('transfers.receivedQuantity'), dataIndex: 'receivedQuantity', render: (value: number, line) => formatQuantity(value, line.unit, locale) },
      ]}
    />
  );
}

/** Transfers in transit (to receive or cancel) and past transfers. */
export function TransfersPage() {
  const { t, i18n } = useTranslation();
  const locale: Locale = i18n.language === 'en' ? 'en' : 'ja';
  const [status, setStatus] = useState<TransferStatus | 'all'>('in_transit');
  const [locationId, setLocationId] = useState<number | null>(null);
  const [page, setPage] = useState(1);
  const { data, error, loading, reload } = useApiQuery<{ transfers: TransferSummary[] } & Page>('/api/transfers', {
    status: status === 'all' ? undefined : status,
    locationId,
    page,
    pageSize: 50,
  });
  const [busyId, setBusyId] = useState<number>();
  const [cancelling, setCancelling] = useState<TransferSummary>();
  const [cancelReason, setCancelReason] = useState('');
  const reportError = useErrorReporter();
  const { message } = App.useApp();
  const canTransfer = useCan()('stock.transfer');

  const receive = async (transfer: TransferSummary) => {
    setBusyId(transfer.id);
    try {
      await api.post(`/api/transfers/${transfer.id}/receive`, {}, { idempotencyKey: newIdempotencyKey() });
      void message.success(t('transfers.received', { number: transfer.number }));
      reload();
    } catch (cause) {
      reportError(cause);
    } finally {
      setBusyId(undefined);
    }
  };

  const cancel = async () => {
    if (!cancelling) return;
    setBusyId(cancelling.id);
    try {
      await api.post(`/api/transfers/${cancelling.id}/cancel`, { reason: cancelReason });
      void message.success(t('transfers.cancelled', { number: cancelling.number }));
      setCancelling(undefined);
      setCancelReason('');
      reload();
    } catch (cause) {
      reportError(cause);
    } finally {
      setBusyId(undefined);
    }
  };

  const columns: TableColumnsType<TransferSummary> = [
    { title: t('transfers.number'), dataIndex: 'number', width: 150 },
    { title: t('transfers.from'), dataIndex: 'fromLocationName' },
    { title: t('transfers.to'), dataIndex: 'toLocationName' },
    { title: t('transfers.sentAt'), dataIndex: 'sentAt', responsive: ['md'], render: (value: string) => formatDateTime(value, locale) },
    { title: t('transfers.receivedAt'), dataIndex: 'receivedAt', responsive: ['lg'], render: (value: string | null) => formatDateTime(value, locale) },
    { title: t('common.status'), dataIndex: 'status', render: (value: TransferStatus) => <Tag color={STATUS_COLORS[value]}>{t(`transferStatus.${value}`)}</Tag> },
    { title: t('common.notes'), dataIndex: 'note', responsive: ['lg'] },
    {
      title: '',
      key: 'actions',
      render: (_, transfer) =>
        canTransfer &&
        transfer.status === 'in_transit' && (
          <Space onClick={(event) => event.stopPropagation()}>
            <Popconfirm
              title={t('transfers.receiveConfirm', { number: transfer.number, location: transfer.toLocationName })}
              okText={t('transfers.receive')}
              cancelText={t('common.cancel')}
              onConfirm={() => receive(transfer)}
            >
              <Button type="primary" size="small" icon={<CheckOutlined />} loading={busyId === transfer.id} data-testid={`receive-${transfer.number}`}>
                {t('transfers.receive')}
              </Button>
            </Popconfirm>
            <Button size="small" danger icon={<StopOutlined />} disabled={busyId === transfer.id} onClick={() => setCancelling(transfer)}>
              {t('transfers.cancel')}
            </Button>
          </Space>
        ),
    },
  ];

  return (
    <>
      <PageTitle
        title={t('transfers.title')}
        extra={
          canTransfer && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/transfers/new')} data-testid="new-transfer">
              {t('transfers.new')}
            </Button>
          )
        }
      />
      <Space wrap style={{ marginBottom: 12 }}>
        <Segmented<TransferStatus | 'all'>
          value={status}
          onChange={(value) => {
            setStatus(value);
            setPage(1);
          }}
          options={[
            { value: 'in_transit', label: t('transferStatus.in_transit') },
            { value: 'received', label: t('transferStatus.received') },
            { value: 'cancelled', label: t('transferStatus.cancelled') },
            { value: 'all', label: t('common.all') },
          ]}
        />
        <LocationSelect
          allowClear
          placeholder={t('transfers.filterLocation')}
          value={locationId}
          onChange={(value) => {
            setLocationId(value);
            setPage(1);
          }}
          style={{ width: 240 }}
        />
      </Space>
      {error && <LoadError error={error} onRetry={reload} />}
      <Table<TransferSummary>
        rowKey="id"
        size="middle"
        loading={loading}
        columns={columns}
        dataSource={data?.transfers ?? []}
        expandable={{ expandedRowRender: (transfer) => <TransferLines id={transfer.id} />, expandRowByClick: true }}
        pagination={{ current: page, pageSize: 50, total: data?.total ?? 0, onChange: setPage, showSizeChanger: false, hideOnSinglePage: true }}
        scroll={{ x: 'max-content' }}
        data-testid="transfers-table"
      />
      <Modal
        open={cancelling !== undefined}
        title={t('transfers.cancelTitle', { number: cancelling?.number ?? '' })}
        okText={t('transfers.cancel')}
        okButtonProps={{ danger: true, loading: busyId === cancelling?.id }}
        cancelText={t('common.close')}
        onOk={() => void cancel()}
        onCancel={() => setCancelling(undefined)}
      >
        <p>{t('transfers.cancelLead', { location: cancelling?.fromLocationName ?? '' })}</p>
        <Input.TextArea rows={3} maxLength={1000} placeholder={t('transfers.cancelReason')} value={cancelReason} onChange={(event) => setCancelReason(event.target.value)} />
      </Modal>
    </>
  );
}
