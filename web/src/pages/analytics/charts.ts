import type { EChartOption } from '../../components/EChart.js';
import type { Locale } from '../../lib/format.js';
import { columnLabel, compactYen, firstTextColumn, formatCell, isNumeric, numberOf, textOf, type ReportTable } from './reportTable.js';

// Chart options built from a ReportTable's rows. Each takes the figures from the table the
// screen shows beside it, so chart and table cannot disagree.

const yenAxis = (locale: Locale) => ({ type: 'value' as const, axisLabel: { formatter: (value: number) => compactYen(value, locale) } });

type ValueType = 'yen' | 'number' | 'percent';

/** The part of an ECharts axis tooltip parameter the formatter reads. */
interface TooltipItem {
  axisValueLabel?: string;
  name?: string;
  marker?: string;
  seriesName?: string;
  seriesIndex?: number;
  value?: unknown;
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Names come from the data (store and product names), and the tooltip is HTML. */
function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => HTML_ESCAPES[character]!);
}

/**
 * An axis tooltip: the category, then each series' value there, formatted by `typeOf` its
 * series index. Series without a value at that category (null, such as the target line when no
 * target is set) are left out, so the tooltip never lists a name with nothing beside it.
 */
export function axisTooltip(typeOf: (seriesIndex: number) => ValueType) {
  return {
    trigger: 'axis' as const,
    formatter: (params: unknown) => {
      const items = (Array.isArray(params) ? params : [params]) as TooltipItem[];
      const header = escapeHtml(items[0]?.axisValueLabel ?? items[0]?.name ?? '');
      const lines = items
        .filter((item) => typeof item.value === 'number')
        .map((item) => {
          const value = formatCell(item.value as number, typeOf(item.seriesIndex ?? 0));
          return `${item.marker ?? ''}${escapeHtml(item.seriesName ?? '')}<span style="float:right;margin-left:16px;font-weight:600">${escapeHtml(value)}</span>`;
        });
      return [header, ...lines].join('<br/>');
    },
  };
}

function yenTooltip(type: ValueType = 'yen') {
  return axisTooltip(() => type);
}

/**
 * Category axis labels for named bars: every label is drawn (interval 0), turned when there
 * are many, and cut with an ellipsis beyond 120 px; the tooltip shows the whole name.
 */
function namedCategoryLabels(count: number) {
  return { interval: 0, rotate: count > 5 ? 35 : 0, width: 120, overflow: 'truncate' as const };
}

/** The column that holds a row's period: the first date or month column, else one named period. */
export function periodColumn(table: ReportTable): string | undefined {
  return (table.columns.find((column) => column.type === 'date' || column.type === 'month') ?? table.columns.find((column) => /period|fiscal/i.test(column.key)))?.key;
}

/** The group's name column (groupName), else the first text column that is not the period. */
export function groupColumn(table: ReportTable, period: string | undefined): string | undefined {
  if (table.columns.some((column) => column.key === 'groupName')) return 'groupName';
  return table.columns.find((column) => column.key !== period && !isNumeric(column.type) && column.type !== 'date' && column.type !== 'month')?.key;
}

/**
 * Bars (or lines) of one value per period, one series per group: stacked bars add up to the
 * period's total. Without a period axis the groups are the axis; without a group column
 * there is one series.
 */
export function periodSeriesOption(table: ReportTable, valueKey: string, locale: Locale, kind: 'bar' | 'line', stacked: boolean, axis?: string[]): EChartOption {
  // `axis` lists every period of the filter (see periodAxis). Without it, a period shared by
  // every row (the whole period's total) is no axis, and the groups are.
  const found = periodColumn(table);
  const period = found && (axis !== undefined || new Set(table.rows.map((row) => textOf(row, found))).size > 1) ? found : undefined;
  const group = groupColumn(table, found);
  const axisKey = period ?? group;
  const categories = period && axis ? axis : [...new Set(table.rows.map((row) => (axisKey ? textOf(row, axisKey) : '')))];
  const groups = period && group ? [...new Set(table.rows.map((row) => textOf(row, group)))] : [columnLabel(table, valueKey, locale)];

  const series = groups.map((name) => {
    const data = categories.map((category) =>
      table.rows
        .filter((row) => (axisKey ? textOf(row, axisKey) === category : true) && (period && group ? textOf(row, group) === name : true))
        .reduce((sum, row) => sum + numberOf(row, valueKey), 0),
    );
    return { name, type: kind, data, stack: stacked && kind === 'bar' ? 'total' : undefined, barMaxWidth: 56 };
  });

  return {
    tooltip: yenTooltip(),
    legend: { type: 'scroll', top: 0 },
    grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: categories },
    yAxis: yenAxis(locale),
    series,
  };
}

/** Horizontal bars of two yen columns per row, e.g. sales against target per staff member. */
export function pairedBarsOption(table: ReportTable, nameKey: string, keys: string[], locale: Locale): EChartOption {
  const rows = [...table.rows].reverse();
  return {
    tooltip: yenTooltip(),
    legend: { top: 0 },
    grid: { left: 8, right: 24, top: 36, bottom: 8, containLabel: true },
    yAxis: { type: 'category', data: rows.map((row) => textOf(row, nameKey)) },
    xAxis: yenAxis(locale),
    series: keys.filter((key) => table.columns.some((column) => column.key === key)).map((key) => ({ name: columnLabel(table, key, locale), type: 'bar', data: rows.map((row) => (row[key] === null ? null : numberOf(row, key))) })),
  };
}

/** Vertical bars of the numeric columns `keys` against the first text column. */
export function barsOption(table: ReportTable, nameKey: string, keys: string[], locale: Locale, stacked = false): EChartOption {
  const present = keys.filter((key) => table.columns.some((column) => column.key === key));
  const type = table.columns.find((column) => column.key === present[0])?.type;
  return {
    tooltip: yenTooltip(type === 'percent' ? 'percent' : type === 'yen' ? 'yen' : 'number'),
    legend: { type: 'scroll', top: 0 },
    grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: table.rows.map((row) => textOf(row, nameKey)), axisLabel: namedCategoryLabels(table.rows.length) },
    yAxis: type === 'yen' ? yenAxis(locale) : type === 'percent' ? { type: 'value', axisLabel: { formatter: (value: number) => `${Math.round(value * 100)}%` } } : { type: 'value' },
    series: present.map((key) => ({ name: columnLabel(table, key, locale), type: 'bar', barMaxWidth: 56, stack: stacked ? 'total' : undefined, data: table.rows.map((row) => numberOf(row, key)) })),
  };
}

/**
 * A Pareto chart: bars of a value by rank and a line of the cumulative share (0–1) on a second
 * axis. Past 20 ranks the names are left off the axis and shown only in the tooltip.
 */
export function paretoOption(table: ReportTable, nameKey: string, valueKey: string, shareKey: string, locale: Locale): EChartOption {
  return {
    tooltip: axisTooltip((seriesIndex) => (seriesIndex === 1 ? 'percent' : 'yen')),
    legend: { top: 0 },
    grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: table.rows.map((row) => textOf(row, nameKey)), axisLabel: { ...namedCategoryLabels(table.rows.length), show: table.rows.length <= 20 } },
    yAxis: [yenAxis(locale), { type: 'value', min: 0, max: 1, axisLabel: { formatter: (value: number) => `${Math.round(value * 100)}%` } }],
    series: [
      { name: columnLabel(table, valueKey, locale), type: 'bar', data: table.rows.map((row) => numberOf(row, valueKey)) },
      { name: columnLabel(table, shareKey, locale), type: 'line', yAxisIndex: 1, data: table.rows.map((row) => numberOf(row, shareKey)) },
    ],
  };
}

/** Ant Design's blue for the running total, a light blue for the daily bars, grey for the target. */
const DAILY_COLORS = { cumulative: '#1677ff', daily: '#91caff', target: '#8c8c8c' };

/**
 * Charts the dashboard's month by day: each day's sales (salesIncl) as bars on the right axis, and
 * the running total (cumulative) against the target spread over the days (targetCumulative)
 * as lines on the left axis. Daily sales are a small part of the month's total, so they get
 * their own scale. Returns undefined when the table has no date or running-total column.
 */
export function dailyOption(table: ReportTable, locale: Locale): EChartOption | undefined {
  const date = table.columns.find((column) => column.type === 'date')?.key ?? firstTextColumn(table)?.key;
  const lines = ['cumulative', 'targetCumulative'].filter((key) => table.columns.some((column) => column.key === key));
  if (!date || lines.length === 0) return undefined;

  const valuesOf = (key: string) => table.rows.map((row) => (row[key] === null ? null : numberOf(row, key)));
  const lineSeries = lines.map((key) => ({
    name: columnLabel(table, key, locale),
    type: 'line',
    data: valuesOf(key),
    color: key === 'targetCumulative' ? DAILY_COLORS.target : DAILY_COLORS.cumulative,
    lineStyle: key === 'targetCumulative' ? { type: 'dashed' } : { width: 3 },
  }));
  const hasBars = table.columns.some((column) => column.key === 'salesIncl');
  const barSeries = hasBars ? [{ name: columnLabel(table, 'salesIncl', locale), type: 'bar', yAxisIndex: 1, barMaxWidth: 16, color: DAILY_COLORS.daily, data: valuesOf('salesIncl') }] : [];

  return {
    tooltip: yenTooltip(),
    legend: { top: 0 },
    grid: { left: 8, right: 16, top: 60, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: table.rows.map((row) => textOf(row, date).slice(5)) },
    // Each axis is named by its series, so the two yen scales are not mistaken for one.
    yAxis: [
      { ...yenAxis(locale), name: columnLabel(table, 'cumulative', locale), nameTextStyle: { align: 'left' } },
      { ...yenAxis(locale), name: hasBars ? columnLabel(table, 'salesIncl', locale) : undefined, nameTextStyle: { align: 'right' }, splitLine: { show: false } },
    ],
    series: [...barSeries, ...lineSeries],
  };
}

/** A pie of one value column by a text column, slices without a value left out. */
export function pieOption(table: ReportTable, nameKey: string, valueKey: string): EChartOption {
  // Rows of one name (a location split by category) are added up into one slice.
  const sums = new Map<string, number>();
  for (const row of table.rows) sums.set(textOf(row, nameKey), (sums.get(textOf(row, nameKey)) ?? 0) + numberOf(row, valueKey));
  return {
    tooltip: { trigger: 'item', valueFormatter: (value: unknown) => formatCell(value as number, 'yen') },
    legend: { type: 'scroll', bottom: 0 },
    series: [{ type: 'pie', radius: ['35%', '65%'], data: [...sums].filter(([, value]) => value > 0).map(([name, value]) => ({ name, value })) }],
  };
}
