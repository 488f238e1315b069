import { Col, Row } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useCan } from '../../auth/AuthContext.js';
import { EChart } from '../../components/EChart.js';
import { PageTitle } from '../../components/PageTitle.js';
import { pieOption } from './charts.js';
import { nameColumn, type ReportTable } from './reportTable.js';
import { ReportFilters, useReportFilters } from './ReportFilters.js';
import { ReportView, useReport } from './ReportView.js';

/** The yen column that holds the value at cost, or the first yen column. */
function valueColumn(table: ReportTable): string | undefined {
  const yen = table.columns.filter((column) => column.type === 'yen');
  return (yen.find((column) => /cost|value/i.test(column.key) && !/consign/i.test(column.key)) ?? yen[0])?.key;
}

/**
 * 在庫評価・委託残: our own stock at cost by location and category (consigned pieces apart),
 * what we owe consignors for sold pieces, and our pieces still out on consignment. All three
 * are as of now, so only the location filter applies. The payables need 'consignment.settle'
 * as well, so users without it do not see (or request) that panel.
 */
export function InventoryReportPage() {
  const { t } = useTranslation();
  const filters = useReportFilters();
  const stockQuery = useMemo(() => ({ locationIds: filters.query.locationIds ?? '' }), [filters.query.locationIds]);
  const value = useReport('inventory-value', stockQuery);
  const seesPayables = useCan()('consignment.settle');
  const payables = useReport(seesPayables ? 'consignment-payables' : null, stockQuery);
  const outstanding = useReport('consignment-out-outstanding', stockQuery);

  const table = value.data;
  const location = table && nameColumn(table);
  const amount = table && valueColumn(table);
  const option = useMemo(() => (table && location && amount ? pieOption(table, location, amount) : undefined), [table, location, amount]);

  return (
    <>
      <PageTitle title={t('analytics.inventory.title')} subtitle={t('analytics.inventory.lead')} />
      <ReportFilters filters={filters} period={false} channels={false} />
      <ReportView
        title={t('analytics.inventory.value')}
        table={value.data}
        loading={value.loading}
        error={value.error}
        onRetry={value.reload}
        exportQuery={stockQuery}
        testId="inventory-value"
        chart={
          option &&
          table &&
          table.rows.length > 0 && (
            <Row>
              <Col xs={24} lg={12}>
                <EChart option={option} height={280} ariaLabel={t('analytics.inventory.chartLabel')} data-testid="inventory-chart" />
              </Col>
            </Row>
          )
        }
      />
      {seesPayables && (
        <ReportView
          title={t('analytics.inventory.payables')}
          table={payables.data}
          loading={payables.loading}
          error={payables.error}
          onRetry={payables.reload}
          exportQuery={stockQuery}
          testId="consignment-payables"
        />
      )}
      <ReportView title={t('analytics.inventory.outstanding')} table={outstanding.data} loading={outstanding.loading} error={outstanding.error} onRetry={outstanding.reload} exportQuery={stockQuery} testId="consignment-out-outstanding" />
    </>
  );
}
