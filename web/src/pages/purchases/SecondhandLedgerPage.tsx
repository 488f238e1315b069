import { Alert, Space, Table, Tooltip, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiQuery } from '../../api/hooks.js';
import { useCan } from '../../auth/AuthContext.js';
import type { Page, SecondhandEntry } from '../../api/types.js';
import { CsvDownloadButton } from '../../components/CsvDownloadButton.js';
import { DateField } from '../../components/DateField.js';
import { LoadError } from '../../components/LoadError.js';
import { PageTitle } from '../../components/PageTitle.js';
import { formatYen } from '../../lib/format.js';
import { Link } from '../../lib/router.js';

/** Rows of the secondhand ledger (古物台帳): what was bought, from whom, and how the seller was identified. */
export function SecondhandTable({ entries, loading, pagination }: { entries: SecondhandEntry[]; loading?: boolean; pagination?: false | { current: number; total: number; onChange: (page: number) => void } }) {
  const { t } = useTranslation();
  const columns: TableColumnsType<SecondhandEntry> = [
    { title: t('secondhand.acquiredOn'), dataIndex: 'acquiredOn', width: 110 },
    { title: t('purchases.number'), dataIndex: 'purchaseNumber', render: (value: string, row) => <Link to={`/purchases/${row.purchaseId}`}>{value}</Link> },
    { title: t('items.stockNumber'), dataIndex: 'stockNumber', render: (value: string, row) => <Link to={`/items/${row.itemId}`}>{value}</Link> },
    // A long description would push the seller columns off screen, so it is cut to one line with the full text on hover.
    { title: t('secondhand.itemDescription'), dataIndex: 'itemDescription', width: 240, ellipsis: { showTitle: false }, render: (value: string) => <Tooltip title={value} placement="topLeft">{value}</Tooltip> },
    { title: t('lines.quantity'), dataIndex: 'quantity', align: 'right' },
    { title: t('secondhand.price'), dataIndex: 'price', align: 'right', render: (value: number) => formatYen(value) },
    { title: t('seller.name'), dataIndex: 'sellerName' },
    { title: t('seller.address'), dataIndex: 'sellerAddress', width: 220, ellipsis: { showTitle: false }, render: (value: string) => <Tooltip title={value} placement="topLeft">{value}</Tooltip> },
    { title: t('seller.occupation'), dataIndex: 'sellerOccupation' },
    { title: t('seller.ageOrBirthDate'), key: 'age', render: (_, row) => row.sellerBirthDate ?? (row.sellerAge !== null ? t('seller.ageYears', { age: row.sellerAge }) : '') },
    {
      title: t('seller.idCheckMethod'),
      key: 'idCheck',
      render: (_, row) => [t(`idCheckMethod.${row.idCheckMethod}`), row.idCheckDescription, row.idDocumentNumber].filter(Boolean).join(' / '),
    },
    { title: t('secondhand.checkedBy'), dataIndex: 'checkedByName' },
  ];
  return (
    <Table<SecondhandEntry>
      rowKey="id"
      size="small"
      loading={loading}
      columns={columns}
      dataSource={entries}
      scroll={{ x: 'max-content' }}
      pagination={pagination === undefined || pagination === false ? false : { ...pagination, pageSize: 50, showSizeChanger: false, hideOnSinglePage: true }}
    />
  );
}

export function SecondhandLedgerPage() {
  const { t } = useTranslation();
  const can = useCan();
  const [from, setFrom] = useState<string | null>(null);
  const [to, setTo] = useState<string | null>(null);
  const [page, setPage] = useState(1);
  const { data, error, loading, reload } = useApiQuery<{ entries: SecondhandEntry[] } & Page>('/api/secondhand-ledger', { from, to, page, pageSize: 50 });

  return (
    <>
      <PageTitle
        title={t('secondhand.title')}
        extra={can('data.export') && <CsvDownloadButton path="/api/secondhand-ledger/export" query={{ from, to }} fallbackName="secondhand-ledger.csv" />}
      />
      <Alert type="info" showIcon title={t('secondhand.privacyNote')} style={{ marginBottom: 12 }} />
      <Space wrap style={{ marginBottom: 12 }}>
        <DateField placeholder={t('common.from')} value={from} onChange={(value) => { setFrom(value); setPage(1); }} />
        <DateField placeholder={t('common.to')} value={to} onChange={(value) => { setTo(value); setPage(1); }} />
      </Space>
      {error && <LoadError error={error} onRetry={reload} />}
      <SecondhandTable entries={data?.entries ?? []} loading={loading} pagination={{ current: page, total: data?.total ?? 0, onChange: setPage }} />
    </>
  );
}
