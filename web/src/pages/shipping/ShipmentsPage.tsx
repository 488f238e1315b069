import { CheckSquareOutlined, FileTextOutlined, ImportOutlined, PlusOutlined, PrinterOutlined, ProfileOutlined, SettingOutlined, WarningOutlined } from '@ant-design/icons';
import { App, Button, Flex, Input, Select, Space, Table, Tabs, Tooltip, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import { useApiQuery, useErrorReporter } from '../../api/hooks.js';
import { useCan } from '../../auth/AuthContext.js';
import { LoadError } from '../../components/LoadError.js';
import { PageTitle } from '../../components/PageTitle.js';
import { Link, navigate } from '../../lib/router.js';
import { useDebouncedValue } from '../../lib/useDebouncedValue.js';
import { useLocale } from '../channels/channelUi.js';
import { CarrierFileDialog } from './CarrierFileDialog.js';
import { CreateFromOrdersDialog } from './CreateFromOrdersDialog.js';
import { openShipmentPdf, ReportStatusTag, ShipmentStatusTag, TrackingLink, useCarrierServiceLabel } from './shippingUi.js';
import { TrackingImportDialog } from './TrackingImportDialog.js';
import { CARRIERS, EDITABLE_STATUSES, SHIPMENT_STATUSES, type Carrier, type ShipmentStatus, type ShipmentSummary } from './types.js';

type Dialog = 'fromOrders' | 'carrierFile' | 'trackingImport';

/** Lists shipments (出荷管理) by status tab, with the bulk actions of the packing bench on the selected rows. */
export function ShipmentsPage() {
  const { t } = useTranslation();
  const locale = useLocale();
  const can = useCan();
  const { message } = App.useApp();
  const reportError = useErrorReporter();
  const carrierServiceLabel = useCarrierServiceLabel();
  const [status, setStatus] = useState<ShipmentStatus>('to_ship');
  const [carrier, setCarrier] = useState<Carrier | null>(null);
  const [search, setSearch] = useState('');
  const q = useDebouncedValue(search.trim(), 300);
  const [selected, setSelected] = useState<ShipmentSummary[]>([]);
  const [dialog, setDialog] = useState<Dialog>();
  const [changing, setChanging] = useState<ShipmentStatus>();
  const { data, error, loading, reload } = useApiQuery<{ shipments: ShipmentSummary[] }>('/api/shipments', { status, q, carrier });

  const ids = selected.map((shipment) => shipment.id);

  const changeTab = (next: ShipmentStatus) => {
    setStatus(next);
    setSelected([]);
  };

  const changeStatus = async (next: 'picking' | 'packed') => {
    setChanging(next);
    try {
      const result = await api.post<{ shipments: ShipmentSummary[] }>('/api/shipments/status', { ids, status: next });
      void message.success(t('shipping.list.statusChanged', { count: result.shipments.length, status: t(`shipping.status.${next}`) }));
      setSelected([]);
      reload();
    } catch (cause) {
      reportError(cause);
    } finally {
      setChanging(undefined);
    }
  };

  const closeAndReload = () => {
    setDialog(undefined);
    setSelected([]);
    reload();
  };

  const columns: TableColumnsType<ShipmentSummary> = [
    {
      title: t('shipping.columns.number'),
      dataIndex: 'number',
      render: (value: string, row) => (
        <Space size={4}>
          <Link to={`/shipping/${row.id}`}>{value}</Link>
          {row.addressProblems > 0 && (
            <Tooltip title={t('shipping.list.addressProblems', { count: row.addressProblems })}>
              <WarningOutlined style={{ color: '#faad14' }} aria-label={t('shipping.list.addressProblems', { count: row.addressProblems })} data-testid={`address-problem-${row.id}`} />
            </Tooltip>
          )}
        </Space>
      ),
    },
    { title: t('shipping.columns.status'), dataIndex: 'status', render: (value: ShipmentStatus) => <ShipmentStatusTag status={value} /> },
    { title: t('shipping.columns.recipient'), dataIndex: 'recipientName' },
    { title: t('shipping.columns.prefecture'), dataIndex: 'prefecture', responsive: ['md'] },
    {
      title: t('shipping.columns.orders'),
      key: 'orders',
      render: (_, row) => [...row.orderNumbers, ...row.saleNumbers].join(', ') || '—',
    },
    { title: t('shipping.columns.pieces'), dataIndex: 'pieces', align: 'right' },
    { title: t('shipping.columns.carrierService'), key: 'carrier', render: (_, row) => carrierServiceLabel(row.carrier, row.service) },
    { title: t('shipping.columns.shipDate'), dataIndex: 'shipDate', responsive: ['lg'], render: (value: string | null) => value ?? '—' },
    { title: t('shipping.columns.trackingNumber'), dataIndex: 'trackingNumber', render: (value: string | null, row) => <TrackingLink number={value} url={row.trackingUrl} /> },
    {
      title: t('shipping.columns.report'),
      dataIndex: 'reportStatus',
      render: (value: ShipmentSummary['reportStatus'], row) => (value ? <ReportStatusTag status={value} acceptedAt={row.reportAcceptedAt} locale={locale} /> : '—'),
    },
  ];

  // The server moves only parcels that have not shipped, and refuses the whole request otherwise.
  const allOpen = selected.length > 0 && selected.every((shipment) => EDITABLE_STATUSES.includes(shipment.status));

  return (
    <>
      <PageTitle
        title={t('shipping.list.title')}
        subtitle={t('shipping.list.lead')}
        extra={
          <>
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setDialog('fromOrders')} data-testid="shipments-from-orders">
              {t('shipping.fromOrders.open')}
            </Button>
            <Button icon={<ImportOutlined />} onClick={() => setDialog('trackingImport')} data-testid="shipments-tracking-import">
              {t('shipping.trackingImport.open')}
            </Button>
            {can('settings.change') && (
              <Button icon={<SettingOutlined />} onClick={() => navigate('/shipping/settings')}>
                {t('shipping.settings.title')}
              </Button>
            )}
          </>
        }
      />
      <Tabs
        activeKey={status}
        onChange={(key) => changeTab(key as ShipmentStatus)}
        items={SHIPMENT_STATUSES.map((value) => ({ key: value, label: t(`shipping.status.${value}`) }))}
        data-testid="shipment-tabs"
      />
      <Flex wrap gap={8} style={{ marginBottom: 12 }}>
        <Input.Search
          allowClear
          style={{ width: 320 }}
          placeholder={t('shipping.list.search')}
          aria-label={t('shipping.list.search')}
          value={search}
          onChange={(event) => setSearch(event.target.value)}
          data-testid="shipment-search"
        />
        <Select<Carrier>
          allowClear
          style={{ width: 200 }}
          aria-label={t('shipping.list.filterCarrier')}
          placeholder={t('shipping.list.filterCarrier')}
          value={carrier}
          onChange={(value) => setCarrier(value ?? null)}
          options={CARRIERS.map((value) => ({ value, label: t(`shipping.carriers.${value}`) }))}
        />
      </Flex>
      <Flex wrap gap={8} align="center" style={{ marginBottom: 12 }} data-testid="shipment-bulk-actions">
        <Typography.Text type="secondary">{t('shipping.list.selected', { count: selected.length })}</Typography.Text>
        <Button icon={<PrinterOutlined />} disabled={selected.length === 0} onClick={() => openShipmentPdf('picking-list', ids)} data-testid="shipments-picking-list">
          {t('shipping.list.pickingList')}
        </Button>
        <Button icon={<FileTextOutlined />} disabled={selected.length === 0} onClick={() => openShipmentPdf('packing-slips', ids)} data-testid="shipments-packing-slips">
          {t('shipping.list.packingSlips')}
        </Button>
        <Button icon={<ProfileOutlined />} disabled={!allOpen} loading={changing === 'picking'} onClick={() => void changeStatus('picking')} data-testid="shipments-mark-picking">
          {t('shipping.list.markPicking')}
        </Button>
        <Button icon={<CheckSquareOutlined />} disabled={!allOpen} loading={changing === 'packed'} onClick={() => void changeStatus('packed')} data-testid="shipments-mark-packed">
          {t('shipping.list.markPacked')}
        </Button>
        <Button disabled={selected.length === 0} onClick={() => setDialog('carrierFile')} data-testid="shipments-carrier-file">
          {t('shipping.carrierFile.open')}
        </Button>
      </Flex>
      {error && <LoadError error={error} onRetry={reload} />}
      <Table<ShipmentSummary>
        rowKey="id"
        size="middle"
        loading={loading}
        columns={columns}
        dataSource={data?.shipments ?? []}
        rowSelection={{ selectedRowKeys: ids, onChange: (_, rows) => setSelected(rows) }}
        pagination={{ pageSize: 100, showSizeChanger: false, hideOnSinglePage: true }}
        locale={{ emptyText: t('shipping.list.empty') }}
        scroll={{ x: 'max-content' }}
        data-testid="shipments-table"
      />

      {dialog === 'fromOrders' && (
        <CreateFromOrdersDialog
          onClose={() => setDialog(undefined)}
          onCreated={(shipments) => {
            void message.success(t('shipping.fromOrders.created', { count: shipments.length }));
            closeAndReload();
          }}
        />
      )}
      {dialog === 'carrierFile' && <CarrierFileDialog ids={ids} carriers={selected.map((shipment) => shipment.carrier)} onClose={() => setDialog(undefined)} onExported={closeAndReload} />}
      {dialog === 'trackingImport' && <TrackingImportDialog onClose={() => setDialog(undefined)} onApplied={closeAndReload} />}
    </>
  );
}
