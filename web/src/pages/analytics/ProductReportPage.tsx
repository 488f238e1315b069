import { Flex, InputNumber, Segmented, Tabs } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useCan } from '../../auth/AuthContext.js';
import { EChart, type EChartOption } from '../../components/EChart.js';
import { PageTitle } from '../../components/PageTitle.js';
import type { Locale } from '../../lib/format.js';
import { barsOption, paretoOption } from './charts.js';
import { hasColumn, nameColumn, type ReportTable } from './reportTable.js';
import { ReportFilters, useReportFilters, useUrlChoice, useUrlState } from './ReportFilters.js';
import { ReportView, useReport } from './ReportView.js';

const TABS = ['sell-through', 'stock-aging', 'slow-movers', 'abc', 'sold-where', 'sold-where-location', 'days-to-sell'] as const;

/** Tabs about the stock on hand now, which no period applies to. */
const STOCK_TABS: readonly Tab[] = ['stock-aging', 'slow-movers'];
type Tab = (typeof TABS)[number];

/** Report options of each tab: the query parameter and its values, the first being the default. */
const OPTIONS: Record<Tab, Array<{ param: string; values: readonly string[] }>> = {
  'sell-through': [{ param: 'by', values: ['category', 'price_band'] }],
  'stock-aging': [],
  'slow-movers': [],
  abc: [
    { param: 'basis', values: ['sales', 'margin'] },
    { param: 'level', values: ['item', 'category'] },
  ],
  'sold-where': [
    { param: 'by', values: ['category', 'metal', 'brand'] },
    { param: 'measure', values: ['sales', 'units'] },
  ],
  'sold-where-location': [
    { param: 'by', values: ['category', 'metal', 'brand'] },
    { param: 'measure', values: ['sales', 'units'] },
  ],
  'days-to-sell': [],
};

/** Columns of a type, in table order, leaving out those named in `except`. */
function keysOfType(table: ReportTable, types: string[], except: RegExp = /^$/): string[] {
  return table.columns.filter((column) => types.includes(column.type) && !except.test(column.key)).map((column) => column.key);
}

/** The chart of each tab, from the rows of its table. */
function chartOf(tab: Tab, table: ReportTable, locale: Locale): EChartOption | undefined {
  const name = nameColumn(table);
  if (!name || table.rows.length === 0) return undefined;
  switch (tab) {
    case 'sell-through': {
      const rate = keysOfType(table, ['percent'])[0];
      return rate ? barsOption(table, name, [rate], locale) : undefined;
    }
    case 'stock-aging':
      // Aging buckets are the count columns; the totals and values are in the table.
      return barsOption(table, name, table.columns.filter((column) => /^d\d/.test(column.key)).map((column) => column.key), locale, true);
    case 'abc': {
      const value = keysOfType(table, ['yen'])[0];
      return value && hasColumn(table, 'cumulativeShare') ? paretoOption(table, name, value, 'cumulativeShare', locale) : undefined;
    }
    case 'sold-where':
    case 'sold-where-location':
      return barsOption(table, name, table.columns.filter((column) => /^(ch|loc)_/.test(column.key)).map((column) => column.key), locale, true);
    case 'days-to-sell': {
      const days = keysOfType(table, ['decimal'])[0];
      return days ? barsOption(table, name, [days], locale) : undefined;
    }
    default:
      return undefined;
  }
}

/**
 * 商品分析: sell-through, stock aging, slow movers, ABC ranking, what sold where and days to
 * sell, one tab each, with a chart above each table. Margin-based ABC is offered only to
 * users who may see cost.
 */
export function ProductReportPage() {
  const { t, i18n } = useTranslation();
  const locale: Locale = i18n.language === 'en' ? 'en' : 'ja';
  const seesCost = useCan()('cost.view');
  const filters = useReportFilters();
  const [tab, setTab] = useUrlChoice('tab', TABS);
  const { get, set } = useUrlState();

  const options = OPTIONS[tab].map((option) => ({
    ...option,
    values: option.param === 'basis' && !seesCost ? option.values.filter((value) => value !== 'margin') : option.values,
  }));
  const choices = Object.fromEntries(options.map((option) => [option.param, option.values.includes(get(option.param) ?? '') ? get(option.param)! : option.values[0]!]));
  const choiceKey = JSON.stringify(choices);
  const stock = STOCK_TABS.includes(tab);
  const minDays = tab === 'slow-movers' && /^\d+$/.test(get('minDays') ?? '') ? get('minDays')! : '';
  // Stock tabs send only the locations (and slow movers a day threshold), because no period applies to stock on hand.
  const query = useMemo(
    () => (stock ? { locationIds: filters.query.locationIds ?? '', minDays } : { ...filters.query, ...choices }),
    [filters.query, choiceKey, stock, minDays], // eslint-disable-line react-hooks/exhaustive-deps
  );
  const { data, error, loading, reload } = useReport(tab, query);
  const table = data?.id === tab ? data : undefined;
  const option = useMemo(() => (table ? chartOf(tab, table, locale) : undefined), [table, tab, locale]);

  return (
    <>
      <PageTitle title={t('analytics.products.title')} subtitle={t('analytics.products.lead')} />
      <ReportFilters filters={filters} period={!stock} channels={!stock} />
      <Tabs
        activeKey={tab}
        onChange={(key) => set({ tab: key === TABS[0] ? null : key, by: null, basis: null, level: null, measure: null, minDays: null })}
        items={TABS.map((key) => ({ key, label: t(`analytics.products.tabs.${key}`) }))}
        data-testid="product-tabs"
      />
      {(options.length > 0 || tab === 'slow-movers') && (
        <Flex gap={12} wrap align="center" style={{ marginBottom: 16 }}>
          {tab === 'slow-movers' && (
            <InputNumber<number>
              min={1}
              max={3650}
              precision={0}
              aria-label={t('analytics.products.minDays')}
              placeholder={t('analytics.products.minDaysDefault')}
              addonBefore={t('analytics.products.minDays')}
              addonAfter={t('analytics.settings.days')}
              value={minDays === '' ? null : Number(minDays)}
              onChange={(value) => set({ minDays: value === null ? null : String(value) })}
              data-testid="product-min-days"
            />
          )}
          {options.map((option) => (
            <Segmented
              key={option.param}
              value={choices[option.param]}
              options={option.values.map((value) => ({ value, label: t(`analytics.products.options.${option.param}.${value}`) }))}
              onChange={(value) => set({ [option.param]: value === option.values[0] ? null : value })}
              data-testid={`product-option-${option.param}`}
            />
          ))}
        </Flex>
      )}
      <ReportView
        table={table}
        loading={loading}
        error={error}
        onRetry={reload}
        exportQuery={query}
        testId={tab}
        chart={option && <EChart option={option} ariaLabel={t(`analytics.products.tabs.${tab}`)} data-testid="product-chart" />}
      />
    </>
  );
}
