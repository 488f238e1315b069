import { PlusOutlined } from '@ant-design/icons';
import { Button, Space, Table, Tag, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiQuery } from '../../api/hooks.js';
import type { Page, PurchaseSummary } from '../../api/types.js';
import { DateField } from '../../components/DateField.js';
import { LoadError } from '../../components/LoadError.js';
import { LocationSelect } from '../../components/LocationSelect.js';
import { PageTitle } from '../../components/PageTitle.js';
import { SupplierSelect } from '../../components/SupplierSelect.js';
import { formatYen } from '../../lib/format.js';
import { Link, navigate } from '../../lib/router.js';

export function PurchasesListPage() {
  const { t } = useTranslation();
  const [from, setFrom] = useState<string | null>(null);
  const [to, setTo] = useState<string | null>(null);
  const [supplierId, setSupplierId] = useState<number | null>(null);
  const [locationId, setLocationId] = useState<number | null>(null);
  const [page, setPage] = useState(1);
  const { data, error, loading, reload } = useApiQuery<{ purchases: PurchaseSummary[] } & Page>('/api/purchases', { from, to, supplierId, locationId, page, pageSize: 50 });

  const filter = <T,>(set: (value: T) => void) => (value: T) => {
    set(value);
    setPage(1);
  };

  const columns: TableColumnsType<PurchaseSummary> = [
    { title: t('purchases.number'), dataIndex: 'number', render: (value: string, row) => <Link to={`/purchases/${row.id}`}>{value}</Link> },
    { title: t('purchases.date'), dataIndex: 'purchasedOn' },
    { title: t('purchases.supplier'), dataIndex: 'supplierName' },
    { title: t('purchases.location'), dataIndex: 'locationName', responsive: ['md'] },
    { title: t('purchases.supplierDocumentNumber'), dataIndex: 'supplierDocumentNumber', responsive: ['xl'] },
    { title: t('purchases.pieces'), dataIndex: 'lineCount', align: 'right', responsive: ['md'] },
    { title: t('purchases.subtotal'), dataIndex: 'subtotal', align: 'right', responsive: ['lg'], render: (value: number) => formatYen(value) },
    { title: t('purchases.taxAmount'), dataIndex: 'taxAmount', align: 'right', responsive: ['lg'], render: (value: number) => formatYen(value) },
    { title: t('purchases.total'), dataIndex: 'total', align: 'right', render: (value: number) => formatYen(value) },
    { title: '', dataIndex: 'isSecondhand', render: (value: boolean) => (value ? <Tag color="purple">{t('purchases.secondhand')}</Tag> : null) },
  ];

  return (
    <>
      <PageTitle
        title={t('purchases.title')}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/purchases/new')}>
            {t('nav.purchaseEntry')}
          </Button>
        }
      />
      <Space wrap style={{ marginBottom: 12 }}>
        <DateField placeholder={t('common.from')} value={from} onChange={filter(setFrom)} />
        <DateField placeholder={t('common.to')} value={to} onChange={filter(setTo)} />
        <SupplierSelect allowClear value={supplierId} onChange={filter(setSupplierId)} style={{ width: 220 }} />
        <LocationSelect allowClear value={locationId} onChange={filter(setLocationId)} style={{ width: 200 }} />
      </Space>
      {error && <LoadError error={error} onRetry={reload} />}
      <Table<PurchaseSummary>
        rowKey="id"
        size="middle"
        loading={loading}
        columns={columns}
        dataSource={data?.purchases ?? []}
        onRow={(row) => ({ onClick: () => navigate(`/purchases/${row.id}`), style: { cursor: 'pointer' } })}
        pagination={{ current: page, pageSize: 50, total: data?.total ?? 0, onChange: setPage, showSizeChanger: false, hideOnSinglePage: true }}
        scroll={{ x: 'max-content' }}
      />
    </>
  );
}
