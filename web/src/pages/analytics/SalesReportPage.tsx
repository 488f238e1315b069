import { Flex, Select, Segmented } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { EChart } from '../../components/EChart.js';
import { PageTitle } from '../../components/PageTitle.js';
import type { Locale } from '../../lib/format.js';
import { periodSeriesOption } from './charts.js';
import { periodAxis } from './periods.js';
import { hasColumn } from './reportTable.js';
import { ReportFilters, useReportFilters, useUrlChoice } from './ReportFilters.js';
import { ReportView, useReport } from './ReportView.js';

const GRAINS = ['month', 'day', 'week', 'fiscal_year', 'total'] as const;
const GROUPS = ['none', 'location', 'channel', 'category', 'metal', 'brand', 'supplier', 'staff'] as const;
const CHART_KINDS = ['bar', 'line'] as const;
const LAYOUTS = ['stacked', 'grouped'] as const;

/**
 * 売上集計: sales by day, week, month or fiscal year, optionally split by location, channel,
 * category, metal, brand, supplier or staff member, as a chart of tax-included sales and the
 * report's table.
 */
export function SalesReportPage() {
  const { t, i18n } = useTranslation();
  const locale: Locale = i18n.language === 'en' ? 'en' : 'ja';
  const filters = useReportFilters();
  const [grain, setGrain] = useUrlChoice('grain', GRAINS);
  const [groupBy, setGroupBy] = useUrlChoice('groupBy', GROUPS);
  const [kind, setKind] = useUrlChoice('chart', CHART_KINDS);
  const [layout, setLayout] = useUrlChoice('layout', LAYOUTS);
  const query = useMemo(() => ({ ...filters.query, grain, groupBy }), [filters.query, grain, groupBy]);
  const { data, error, loading, reload } = useReport('sales-totals', query);

  // Every day, week or month of the filter is on the axis, so a period without sales shows as zero.
  const option = useMemo(() => {
    if (!data || !hasColumn(data, 'salesIncl')) return undefined;
    return periodSeriesOption(data, 'salesIncl', locale, kind, layout === 'stacked', periodAxis(grain, filters.from, filters.to));
  }, [data, locale, kind, layout, grain, filters.from, filters.to]);

  return (
    <>
      <PageTitle title={t('analytics.sales.title')} subtitle={t('analytics.sales.lead')} />
      <ReportFilters filters={filters} />
      <Flex gap={12} wrap align="center" style={{ marginBottom: 16 }}>
        <Select
          aria-label={t('analytics.sales.grain')}
          value={grain}
          style={{ width: 160 }}
          options={GRAINS.map((value) => ({ value, label: t(`analytics.sales.grains.${value}`) }))}
          onChange={setGrain}
          data-testid="sales-grain"
        />
        <Select
          aria-label={t('analytics.sales.groupBy')}
          value={groupBy}
          style={{ width: 180 }}
          options={GROUPS.map((value) => ({ value, label: t(`analytics.sales.groups.${value}`) }))}
          onChange={setGroupBy}
          data-testid="sales-group-by"
        />
        <Segmented value={kind} options={CHART_KINDS.map((value) => ({ value, label: t(`analytics.chart.${value}`) }))} onChange={setKind} />
        {groupBy !== 'none' && kind === 'bar' && <Segmented value={layout} options={LAYOUTS.map((value) => ({ value, label: t(`analytics.chart.${value}`) }))} onChange={setLayout} />}
      </Flex>
      <ReportView
        table={data}
        loading={loading}
        error={error}
        onRetry={reload}
        exportQuery={query}
        testId="sales-totals"
        chart={option && data && data.rows.length > 0 && <EChart option={option} ariaLabel={t('analytics.sales.chartLabel')} data-testid="sales-chart" />}
      />
    </>
  );
}
