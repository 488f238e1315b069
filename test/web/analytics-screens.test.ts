import { describe, expect, it } from 'vitest';
import { periodSeriesOption } from '../../web/src/pages/analytics/charts.js';
import { periodAxis, presetPeriod } from '../../web/src/pages/analytics/periods.js';
import { formatCell } from '../../web/src/pages/analytics/reportTable.js';
import type { ReportTable } from '../../src/modules/analytics/table.js';

describe('analytics period presets', () => {
  it('runs this month to today', () => {
    expect(presetPeriod('this_month', '2026-12-06', 4)).toEqual({ from: '2026-12-01', to: '2026-12-06' });
  });

  it('takes the whole of last month across a year end', () => {
    expect(presetPeriod('last_month', '2026-01-15', 4)).toEqual({ from: '2025-12-01', to: '2025-12-31' });
  });

  it('takes a leap February whole', () => {
    expect(presetPeriod('last_month', '2028-03-01', 4)).toEqual({ from: '2028-02-01', to: '2028-02-29' });
  });

  it('starts the fiscal year in its start month', () => {
    expect(presetPeriod('this_fiscal_year', '2026-12-06', 4)).toEqual({ from: '2026-04-01', to: '2026-12-06' });
    expect(presetPeriod('this_fiscal_year', '2026-03-31', 4)).toEqual({ from: '2025-04-01', to: '2026-03-31' });
    expect(presetPeriod('this_fiscal_year', '2026-12-06', 1)).toEqual({ from: '2026-01-01', to: '2026-12-06' });
  });
});

describe('analytics period axis', () => {
  it('lists every day', () => {
    expect(periodAxis('day', '2026-02-27', '2026-03-02')).toEqual(['2026-02-27', '2026-02-28', '2026-03-01', '2026-03-02']);
  });

  it('lists weeks by their Monday', () => {
    // 2026-12-06 is a Sunday, so its week starts on Monday 2026-11-30.
    expect(periodAxis('week', '2026-12-06', '2026-12-14')).toEqual(['2026-11-30', '2026-12-07', '2026-12-14']);
  });

  it('lists months across a year end', () => {
    expect(periodAxis('month', '2026-11-15', '2027-01-03')).toEqual(['2026-11', '2026-12', '2027-01']);
  });

  it('leaves fiscal years to the rows', () => {
    expect(periodAxis('fiscal_year', '2026-01-01', '2026-12-31')).toBeUndefined();
  });
});

describe('analytics cells', () => {
  it('formats each column type', () => {
    expect(formatCell(1234567, 'yen')).toBe('¥1,234,567');
    expect(formatCell(-1234, 'yen')).toBe('-¥1,234');
    expect(formatCell(12345, 'number')).toBe('12,345');
    expect(formatCell(1.5, 'decimal')).toBe('1.50');
    expect(formatCell(0.853, 'percent')).toBe('85.3 %');
    expect(formatCell(null, 'yen')).toBe('');
    expect(formatCell('2026-12', 'month')).toBe('2026-12');
  });
});

describe('sales chart', () => {
  const table: ReportTable = {
    id: 'sales-totals',
    title: { ja: '売上集計', en: 'Sales totals' },
    notes: [],
    columns: [
      { key: 'period', label: { ja: '期間', en: 'Period' }, type: 'text' },
      { key: 'group', label: { ja: 'コード', en: 'Key' }, type: 'text' },
      { key: 'groupName', label: { ja: '集計区分', en: 'Group' }, type: 'text' },
      { key: 'salesIncl', label: { ja: '純売上（税込）', en: 'Net sales (tax incl.)' }, type: 'yen' },
    ],
    rows: [
      { period: '2026-12-01', group: '1', groupName: '銀座店', salesIncl: 100 },
      { period: '2026-12-03', group: '1', groupName: '銀座店', salesIncl: 50 },
      { period: '2026-12-03', group: '2', groupName: '表参道店', salesIncl: 30 },
    ],
    totals: null,
  };

  it('puts one series per group on every day of the axis', () => {
    const option = periodSeriesOption(table, 'salesIncl', 'ja', 'bar', true, ['2026-12-01', '2026-12-02', '2026-12-03']) as { xAxis: { data: string[] }; series: Array<{ name: string; data: number[]; stack?: string }> };
    expect(option.xAxis.data).toEqual(['2026-12-01', '2026-12-02', '2026-12-03']);
    expect(option.series.map((series) => series.name)).toEqual(['銀座店', '表参道店']);
    expect(option.series[0]!.data).toEqual([100, 0, 50]);
    expect(option.series[1]!.data).toEqual([0, 0, 30]);
    expect(option.series[0]!.stack).toBe('total');
  });

  it('puts the groups on the axis for a single period', () => {
    const single = { ...table, rows: table.rows.map((row) => ({ ...row, period: 'total' })) };
    const option = periodSeriesOption(single, 'salesIncl', 'en', 'bar', false) as { xAxis: { data: string[] }; series: Array<{ name: string; data: number[] }> };
    expect(option.xAxis.data).toEqual(['銀座店', '表参道店']);
    expect(option.series).toHaveLength(1);
    expect(option.series[0]!.name).toBe('Net sales (tax incl.)');
    expect(option.series[0]!.data).toEqual([150, 30]);
  });
});
