import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { EChart } from '../../components/EChart.js';
import { PageTitle } from '../../components/PageTitle.js';
import type { Locale } from '../../lib/format.js';
import { pairedBarsOption } from './charts.js';
import { hasColumn } from './reportTable.js';
import { ReportFilters, useReportFilters } from './ReportFilters.js';
import { ReportView, useReport } from './ReportView.js';

/**
 * 担当者別販売実績: each staff member's sales, units, tickets, average ticket, returns and margin
 * for the period, against their target, with a chart of sales against target.
 */
export function StaffReportPage() {
  const { t, i18n } = useTranslation();
  const locale: Locale = i18n.language === 'en' ? 'en' : 'ja';
  const filters = useReportFilters();
  const { data, error, loading, reload } = useReport('staff-performance', filters.query);

  const option = useMemo(() => (data && hasColumn(data, 'staffName') ? pairedBarsOption(data, 'staffName', ['salesIncl', 'target'], locale) : undefined), [data, locale]);
  const height = Math.max(200, (data?.rows.length ?? 0) * 48 + 60);

  return (
    <>
      <PageTitle title={t('analytics.staff.title')} subtitle={t('analytics.staff.lead')} />
      <ReportFilters filters={filters} />
      <ReportView
        table={data}
        loading={loading}
        error={error}
        onRetry={reload}
        exportQuery={filters.query}
        testId="staff-performance"
        chart={option && data && data.rows.length > 0 && <EChart option={option} height={height} ariaLabel={t('analytics.staff.chartLabel')} data-testid="staff-chart" />}
      />
    </>
  );
}
