import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Segmented, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiQuery } from '../../api/hooks.js';
import type { Page } from '../../api/types.js';
import { LoadError } from '../../components/LoadError.js';
import { LocationSelect } from '../../components/LocationSelect.js';
import { PageTitle } from '../../components/PageTitle.js';
import { useAttributeLabels } from '../../data/ReferenceData.js';
import { formatDateTime, formatYen, type Locale } from '../../lib/format.js';
import { Link, navigate } from '../../lib/router.js';
import type { PageProps } from '../../routes.js';
import { StartStocktakeDialog } from './StartStocktakeDialog.js';
import { STATUS_COLORS, STOCKTAKE_STATUSES, type Stocktake, type StocktakeStatus } from './types.js';

const PAGE_SIZE = 50;

/** Counts, newest first, with their variance summaries; filters by location and status, and starts a count. */
export function StocktakesPage(_props: PageProps) {
  const { t, i18n } = useTranslation();
  const locale: Locale = i18n.language === 'en' ? 'en' : 'ja';
  const { message } = App.useApp();
  const { label } = useAttributeLabels();
  const [locationId, setLocationId] = useState<number | null>(null);
  const [status, setStatus] = useState<StocktakeStatus | 'all'>('all');
  const [page, setPage] = useState(1);
  const [starting, setStarting] = useState(false);
  const { data, error, loading, reload } = useApiQuery<{ stocktakes: Stocktake[] } & Page>('/api/stocktakes', {
    locationId,
    status: status === 'all' ? undefined : status,
    page,
    pageSize: PAGE_SIZE,
  });
  const showCost = (data?.stocktakes ?? []).some((row) => row.summary.missingCost !== undefined);

  const count = (key: keyof Stocktake['summary'], title: string) => ({
    title,
    key,
    align: 'right' as const,
    render: (_: unknown, row: Stocktake) => row.summary[key],
  });

  const columns: TableColumnsType<Stocktake> = [
    { title: t('stocktakes.columns.number'), dataIndex: 'number', render: (number: string, row) => <Link to={`/stocktakes/${row.id}`}>{number}</Link> },
    { title: t('stocktakes.columns.location'), dataIndex: 'locationName' },
    { title: t('stocktakes.columns.category'), dataIndex: 'category', responsive: ['md'], render: (value: string | null) => (value ? label('categories', value) : t('stocktakes.allCategories')) },
    { title: t('common.status'), dataIndex: 'status', render: (value: StocktakeStatus) => <Tag color={STATUS_COLORS[value]}>{t(`stocktakes.status.${value}`)}</Tag> },
    { title: t('stocktakes.columns.startedAt'), dataIndex: 'startedAt', responsive: ['lg'], render: (value: string) => formatDateTime(value, locale) },
    { title: t('stocktakes.columns.closedAt'), dataIndex: 'closedAt', responsive: ['lg'], render: (value: string | null) => formatDateTime(value, locale) },
    { ...count('countedPieces', t('stocktakes.summary.counted')) },
    { ...count('missing', t('stocktakes.summary.missing')) },
    { ...count('unexpected', t('stocktakes.summary.unexpected')), responsive: ['md'] },
    { ...count('misplaced', t('stocktakes.summary.misplaced')), responsive: ['md'] },
    { ...count('duplicates', t('stocktakes.summary.duplicates')), responsive: ['xl'] },
    { ...count('unknownCodes', t('stocktakes.summary.unknown')), responsive: ['xl'] },
    ...(showCost
      ? [{ title: t('stocktakes.summary.missingCost'), key: 'missingCost', align: 'right' as const, responsive: ['lg' as const], render: (_: unknown, row: Stocktake) => formatYen(row.summary.missingCost) }]
      : []),
    { title: t('stocktakes.summary.missingRetail'), key: 'missingRetail', align: 'right', responsive: ['lg'], render: (_, row) => formatYen(row.summary.missingRetail) },
  ];

  return (
    <>
      <PageTitle
        title={t('stocktakes.title')}
        subtitle={t('stocktakes.lead')}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setStarting(true)} data-testid="start-stocktake">
            {t('stocktakes.start.open')}
          </Button>
        }
      />
      <Space wrap style={{ marginBottom: 12 }}>
        <Typography.Text type="secondary">{t('stocktakes.columns.location')}</Typography.Text>
        <LocationSelect
          allowClear
          value={locationId}
          placeholder={t('stocktakes.allLocations')}
          onChange={(value) => {
            setLocationId(value);
            setPage(1);
          }}
          style={{ width: 240 }}
          data-testid="stocktakes-location-filter"
        />
        <Segmented<StocktakeStatus | 'all'>
          aria-label={t('stocktakes.filterStatus')}
          value={status}
          onChange={(value) => {
            setStatus(value);
            setPage(1);
          }}
          options={[{ value: 'all' as const, label: t('common.all') }, ...STOCKTAKE_STATUSES.map((value) => ({ value, label: t(`stocktakes.status.${value}`) }))]}
        />
      </Space>
      {error && <LoadError error={error} onRetry={reload} />}
      <Table<Stocktake>
        rowKey="id"
        size="middle"
        loading={loading}
        columns={columns}
        dataSource={data?.stocktakes ?? []}
        onRow={(row) => ({ onClick: () => navigate(`/stocktakes/${row.id}`), style: { cursor: 'pointer' } })}
        locale={{ emptyText: t('stocktakes.empty') }}
        pagination={{ current: page, pageSize: PAGE_SIZE, total: data?.total ?? 0, onChange: setPage, showSizeChanger: false, hideOnSinglePage: true }}
        scroll={{ x: 'max-content' }}
        data-testid="stocktakes-table"
      />
      {starting && (
        <StartStocktakeDialog
          onClose={() => setStarting(false)}
          onStarted={(started) => {
            setStarting(false);
            void message.success(t('stocktakes.start.done', { number: started.number, count: started.bookLines }));
            navigate(`/stocktakes/${started.id}`);
          }}
        />
      )}
    </>
  );
}
