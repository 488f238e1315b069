import { Card, Col, Empty, Flex, Progress, Row, Statistic, Tag, Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiQuery } from '../../api/hooks.js';
import { EChart } from '../../components/EChart.js';
import { LoadError } from '../../components/LoadError.js';
import { PageTitle } from '../../components/PageTitle.js';
import { formatDateTime, formatYen, type Locale } from '../../lib/format.js';
import { dailyOption, pairedBarsOption } from './charts.js';
import { columnLabel, formatCell, nameColumn, percentOf, type ReportTable } from './reportTable.js';
import { ReportFilters, useReportFilters } from './ReportFilters.js';
import { ReportView } from './ReportView.js';

const TABLE_KEYS = ['today', 'month', 'daily', 'recentOrders', 'syncHealth', 'aging'] as const;
type TableKey = (typeof TABLE_KEYS)[number];

export interface Dashboard {
  businessDate: string;
  month: string;
  tables: Partial<Record<TableKey, ReportTable>>;
}

/** Colours of the sync states, by the label the server sends in either language. */
const STATE_COLORS: Record<string, string> = { 稼働中: 'green', Running: 'green', 停止中: 'default', Paused: 'default', エラーあり: 'red', Failing: 'red' };

/** The first column whose key matches, among columns of the given type. */
function findKey(table: ReportTable | undefined, type: string, pattern: RegExp): string | undefined {
  return table?.columns.find((column) => column.type === type && pattern.test(column.key))?.key;
}

/** Sales, target, achievement and forecast of a table's totals row, by their column names. */
function headline(table: ReportTable | undefined) {
  const totals = table?.totals ?? undefined;
  const sales = findKey(table, 'yen', /^sales|actual/i) ?? table?.columns.find((column) => column.type === 'yen')?.key;
  const target = findKey(table, 'yen', /target/i);
  const achievement = findKey(table, 'percent', /achiev/i);
  const forecast = findKey(table, 'yen', /forecast/i);
  const value = (key: string | undefined) => (totals && key && typeof totals[key] === 'number' ? (totals[key] as number) : null);
  return { sales, target, achievement, forecast, salesValue: value(sales), targetValue: value(target), achievementValue: value(achievement), forecastValue: value(forecast) };
}

/** A card of a period's sales against its target: the figures, and achievement as a bar. */
function TargetCard({ title, table, testId }: { title: string; table: ReportTable | undefined; testId: string }) {
  const { t, i18n } = useTranslation();
  const locale: Locale = i18n.language === 'en' ? 'en' : 'ja';
  const figures = headline(table);
  return (
    <Card size="small" title={title} data-testid={testId} style={{ height: '100%' }}>
      <Flex gap={24} wrap>
        <Statistic title={table && figures.sales ? columnLabel(table, figures.sales, locale) : t('analytics.dashboard.sales')} value={formatYen(figures.salesValue ?? 0)} data-testid={`${testId}-sales`} />
        {figures.targetValue !== null && <Statistic title={columnLabel(table!, figures.target!, locale)} value={formatYen(figures.targetValue)} />}
        {figures.forecastValue !== null && <Statistic title={columnLabel(table!, figures.forecast!, locale)} value={formatYen(figures.forecastValue)} />}
      </Flex>
      {figures.achievementValue !== null ? (
        <div style={{ marginTop: 12 }}>
          <Typography.Text type="secondary">
            {columnLabel(table!, figures.achievement!, locale)}: {formatCell(figures.achievementValue, 'percent')}
          </Typography.Text>
          <Progress percent={Math.min(100, percentOf(figures.achievementValue))} showInfo={false} status={figures.achievementValue >= 1 ? 'success' : 'normal'} />
        </div>
      ) : (
        <Typography.Text type="secondary">{t('analytics.dashboard.noTarget')}</Typography.Text>
      )}
    </Card>
  );
}

/**
 * 分析ダッシュボード: today's and this month's sales against target per location, the month's
 * sales and running total by day, recent channel orders, the channels' sync health and pieces
 * in stock past the aging threshold. Each chart has its figures in a table, and each table
 * exports.
 */
export function DashboardPage() {
  const { t, i18n } = useTranslation();
  const locale: Locale = i18n.language === 'en' ? 'en' : 'ja';
  const filters = useReportFilters();
  const query = useMemo(() => ({ locationIds: filters.query.locationIds ?? '' }), [filters.query.locationIds]);
  const { data, error, loading, reload } = useApiQuery<Dashboard>('/api/analytics/dashboard', query);
  const tables = data?.tables ?? {};

  const monthTable = tables.month;
  const monthName = monthTable ? nameColumn(monthTable) : undefined;
  const monthSales = headline(monthTable).sales;
  const monthOption = useMemo(
    () => (monthTable && monthName && monthSales && monthTable.rows.length > 0 ? pairedBarsOption(monthTable, monthName, [monthSales, headline(monthTable).target ?? ''], locale) : undefined),
    [monthTable, monthName, monthSales, locale],
  );
  const daily = useMemo(() => (tables.daily && tables.daily.rows.length > 0 ? dailyOption(tables.daily, locale) : undefined), [tables.daily, locale]);

  // Timestamps (orderedAt, lastSuccessAt) come as ISO UTC and are shown in Japan time.
  const timestamp = (key: string, value: unknown) => (key.endsWith('At') && typeof value === 'string' ? formatDateTime(value, locale) : undefined);

  const view = (key: TableKey, extra: Partial<Parameters<typeof ReportView>[0]> = {}) => (
    <ReportView
      title={tables[key]?.title[locale] ?? t(`analytics.dashboard.tables.${key}`)}
      table={tables[key]}
      loading={loading}
      exportPath="/api/analytics/dashboard/export"
      exportQuery={{ ...query, table: key }}
      testId={`dashboard-${key}`}
      pageSize={10}
      {...extra}
    />
  );

  return (
    <>
      <PageTitle title={t('analytics.dashboard.title')} subtitle={data && t('analytics.dashboard.asOf', { date: data.businessDate })} />
      <ReportFilters filters={filters} period={false} channels={false} />
      {error && <LoadError error={error} onRetry={reload} />}
      {!data && !error && <Card loading />}
      {data && (
        <>
          <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
            <Col xs={24} md={12}>
              <TargetCard title={t('analytics.dashboard.today', { date: data.businessDate })} table={tables.today} testId="dashboard-today-card" />
            </Col>
            <Col xs={24} md={12}>
              <TargetCard title={t('analytics.dashboard.month', { month: data.month })} table={tables.month} testId="dashboard-month-card" />
            </Col>
          </Row>
          {view('today')}
          {view('month', { chart: monthOption && <EChart option={monthOption} height={Math.max(180, (monthTable?.rows.length ?? 0) * 44 + 60)} ariaLabel={t('analytics.dashboard.monthChart')} data-testid="dashboard-month-chart" /> })}
          {view('daily', { chart: daily ? <EChart option={daily} ariaLabel={t('analytics.dashboard.dailyChart')} data-testid="dashboard-daily-chart" /> : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />, pageSize: 31 })}
          {view('recentOrders', { renderCell: (key, value) => timestamp(key, value) })}
          {view('syncHealth', { renderCell: (key, value, text) => (key === 'state' && typeof value === 'string' ? <Tag color={STATE_COLORS[value] ?? 'default'}>{text}</Tag> : timestamp(key, value)) })}
          {view('aging')}
        </>
      )}
    </>
  );
}
