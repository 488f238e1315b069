import { ShoppingCartOutlined } from '@ant-design/icons';
import { Button, Input, Select, Space, Table, Tag, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiQuery } from '../../api/hooks.js';
import { useCan } from '../../auth/AuthContext.js';
import { CsvDownloadButton } from '../../components/CsvDownloadButton.js';
import { DateField } from '../../components/DateField.js';
import { LoadError } from '../../components/LoadError.js';
import { LocationSelect } from '../../components/LocationSelect.js';
import { PageTitle } from '../../components/PageTitle.js';
import { formatDateTime, formatYen, todayInTokyo, type Locale } from '../../lib/format.js';
import { Link, navigate } from '../../lib/router.js';
import { useDebouncedValue } from '../../lib/useDebouncedValue.js';
import { useSellingRegisters } from './registers.js';
import { RegisterSelect } from './RegisterSelect.js';
import { SaleKindTag, SaleStatusTag } from './SaleTags.js';
import type { SaleSummary } from './types.js';

const PAGE_SIZE = 50;

/** The sales and returns list (売上一覧), filtered by date, location, register, kind, status or number. */
export function SalesListPage() {
  const { t, i18n } = useTranslation();
  const locale: Locale = i18n.language === 'en' ? 'en' : 'ja';
  const can = useCan();
  const today = todayInTokyo();
  const [from, setFrom] = useState<string | null>(today);
  const [to, setTo] = useState<string | null>(today);
  const [locationId, setLocationId] = useState<number | null>(null);
  const [registerId, setRegisterId] = useState<number | null>(null);
  const [kind, setKind] = useState<'sale' | 'return' | null>(null);
  const [status, setStatus] = useState<'completed' | 'voided' | null>(null);
  const [search, setSearch] = useState('');
  const q = useDebouncedValue(search.trim(), 300);
  const [page, setPage] = useState(1);
  const registers = useSellingRegisters();
  const { data, error, loading, reload } = useApiQuery<{ sales: SaleSummary[]; total: number; page: number; pageSize: number }>('/api/sales', {
    from,
    to,
    locationId,
    registerId,
    kind,
    status,
    q,
    page,
    pageSize: PAGE_SIZE,
  });

  const filter = <T,>(set: (value: T) => void) => (value: T) => {
    set(value);
    setPage(1);
  };

  const columns: TableColumnsType<SaleSummary> = [
    { title: t('sales.number'), dataIndex: 'number', render: (value: string, row) => <Link to={`/sales/${row.id}`}>{value}</Link> },
    {
      title: t('sales.kind'),
      dataIndex: 'kind',
      render: (_, row) => (
        <Space size={4}>
          <SaleKindTag kind={row.kind} />
          <SaleStatusTag status={row.status} />
        </Space>
      ),
    },
    { title: t('sales.soldAt'), dataIndex: 'soldAt', render: (value: string) => formatDateTime(value, locale) },
    { title: t('registers.register'), key: 'register', responsive: ['md'], render: (_, row) => `${row.locationName} / ${row.registerName}` },
    { title: t('sales.customer'), dataIndex: 'customerName', responsive: ['lg'], render: (value: string | null) => value ?? '—' },
    { title: t('sales.itemCount'), dataIndex: 'itemCount', align: 'right', responsive: ['md'] },
    { title: t('sales.taxTotal'), dataIndex: 'taxTotal', align: 'right', responsive: ['lg'], render: (value: number, row) => formatYen(row.kind === 'return' ? -value : value) },
    {
      title: t('sales.total'),
      dataIndex: 'total',
      align: 'right',
      render: (value: number, row) => <span style={{ textDecoration: row.status === 'voided' ? 'line-through' : undefined }}>{formatYen(row.kind === 'return' ? -value : value)}</span>,
    },
    { title: t('sales.clerk'), dataIndex: 'createdByName', responsive: ['xl'], render: (value: string | null) => value ?? '—' },
    {
      title: t('sales.originalSale'),
      dataIndex: 'originalSaleNumber',
      responsive: ['xl'],
      render: (value: string | null, row) => (value && row.originalSaleId ? <Link to={`/sales/${row.originalSaleId}`}>{value}</Link> : null),
    },
  ];

  return (
    <>
      <PageTitle
        title={t('sales.listTitle')}
        extra={
          <>
            {can('data.export') && <CsvDownloadButton path="/api/sales/export.csv" query={{ from, to, locationId }} fallbackName={`sales-${from ?? ''}-${to ?? ''}.csv`} testId="sales-export" />}
            {can('sales.sell') && (
              <Button type="primary" icon={<ShoppingCartOutlined />} onClick={() => navigate('/sales/new')}>
                {t('sales.registerTitle')}
              </Button>
            )}
          </>
        }
      />
      <Space wrap style={{ marginBottom: 12 }}>
        <DateField placeholder={t('common.from')} value={from} onChange={filter(setFrom)} data-testid="sales-from" />
        <DateField placeholder={t('common.to')} value={to} onChange={filter(setTo)} data-testid="sales-to" />
        <LocationSelect allowClear value={locationId} onChange={filter(setLocationId)} style={{ width: 180 }} />
        <RegisterSelect allowClear registers={registers.registers.filter((r) => !locationId || r.locationId === locationId)} value={registerId} onChange={filter(setRegisterId)} style={{ width: 200 }} />
        <Select<'sale' | 'return'>
          allowClear
          aria-label={t('sales.kind')}
          placeholder={t('sales.kind')}
          style={{ width: 120 }}
          value={kind}
          onChange={filter((value: 'sale' | 'return' | undefined) => setKind(value ?? null))}
          options={[
            { value: 'sale', label: t('sales.kindSale') },
            { value: 'return', label: t('sales.kindReturn') },
          ]}
        />
        <Select<'completed' | 'voided'>
          allowClear
          aria-label={t('sales.status')}
          placeholder={t('sales.status')}
          style={{ width: 120 }}
          value={status}
          onChange={filter((value: 'completed' | 'voided' | undefined) => setStatus(value ?? null))}
          options={[
            { value: 'completed', label: t('sales.statusCompleted') },
            { value: 'voided', label: t('sales.statusVoided') },
          ]}
        />
        <Input.Search
          allowClear
          style={{ width: 240 }}
          placeholder={t('sales.searchPlaceholder')}
          aria-label={t('sales.searchPlaceholder')}
          value={search}
          onChange={(event) => {
            setSearch(event.target.value);
            setPage(1);
          }}
          data-testid="sales-search"
        />
      </Space>
      {error && <LoadError error={error} onRetry={reload} />}
      <Table<SaleSummary>
        rowKey="id"
        size="middle"
        loading={loading}
        columns={columns}
        dataSource={data?.sales ?? []}
        onRow={(row) => ({ onClick: () => navigate(`/sales/${row.id}`), style: { cursor: 'pointer' } })}
        pagination={{ current: page, pageSize: PAGE_SIZE, total: data?.total ?? 0, onChange: setPage, showSizeChanger: false, hideOnSinglePage: true }}
        scroll={{ x: 'max-content' }}
        data-testid="sales-table"
      />
    </>
  );
}
