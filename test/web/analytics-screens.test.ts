import { describe, expect, it } from 'vitest';
import { axisTooltip, dailyOption, paretoOption, periodSeriesOption } from '../../web/src/pages/analytics/charts.js';
import { monthLabel, periodAxis, presetPeriod } from '../../web/src/pages/analytics/periods.js';
import { formatCell, percentOf } from '../../web/src/pages/analytics/reportTable.js';
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

  it('rounds percents as the exports do', () => {
    // 0.4085 * 1000 is 408.49999… in floating point, so a one-step rounding gives 40.8.
    expect(formatCell(0.4085, 'percent')).toBe('40.9 %');
    expect(percentOf(0.4085)).toBe(40.9);
    expect(percentOf(0.253)).toBe(25.3);
    expect(percentOf(1.2345)).toBe(123.5);
    expect(formatCell(0, 'percent')).toBe('0.0 %');
  });
});

describe('analytics month names', () => {
  it('names months in each language', () => {
    expect(monthLabel(4, 'ja')).toBe('4月');
    expect(monthLabel(4, 'en')).toBe('April');
    expect(monthLabel(12, 'en')).toBe('December');
  });
});

describe('chart tooltips', () => {
  const format = axisTooltip((seriesIndex) => (seriesIndex === 1 ? 'percent' : 'yen')).formatter;

  it('leaves out series without a value', () => {
    const html = format([
      { axisValueLabel: '12-03', marker: '', seriesName: '累計', seriesIndex: 0, value: 253000 },
      { axisValueLabel: '12-03', marker: '', seriesName: '目標累計', seriesIndex: 1, value: null },
    ]);
    expect(html).toContain('累計');
    expect(html).toContain('¥253,000');
    expect(html).not.toContain('目標累計');
  });

  it('formats each series by its type', () => {
    const html = format([
      { axisValueLabel: 'A', seriesName: 'Sales', seriesIndex: 0, value: 1000 },
      { axisValueLabel: 'A', seriesName: 'Share', seriesIndex: 1, value: 0.4085 },
    ]);
    expect(html).toContain('¥1,000');
    expect(html).toContain('40.9 %');
  });

  it('escapes names from the data', () => {
    const html = format([{ axisValueLabel: '<b>', seriesName: 'A&B', seriesIndex: 0, value: 1 }]);
    expect(html).toContain('&lt;b&gt;');
    expect(html).toContain('A&amp;B');
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

describe('dashboard daily chart', () => {
  const table: ReportTable = {
    id: 'dashboard-daily',
    title: { ja: '今月の日別売上', en: 'This month by day' },
    notes: [],
    columns: [
      { key: 'date', label: { ja: '日付', en: 'Date' }, type: 'date' },
      { key: 'salesIncl', label: { ja: '売上（税込）', en: 'Sales (tax incl.)' }, type: 'yen' },
      { key: 'cumulative', label: { ja: '累計', en: 'Cumulative' }, type: 'yen' },
      { key: 'targetCumulative', label: { ja: '目標累計', en: 'Target to date' }, type: 'yen' },
    ],
    rows: [
      { date: '2026-12-01', salesIncl: 100, cumulative: 100, targetCumulative: null },
      { date: '2026-12-02', salesIncl: 0, cumulative: 100, targetCumulative: null },
      { date: '2026-12-03', salesIncl: 50, cumulative: 150, targetCumulative: null },
    ],
    totals: null,
  };

  it('draws daily sales as bars', () => {
    const option = dailyOption(table, 'ja') as { xAxis: { data: string[] }; series: Array<{ name: string; type: string; data: Array<number | null>; yAxisIndex?: number }> };
    expect(option.xAxis.data).toEqual(['12-01', '12-02', '12-03']);
    const bars = option.series.find((series) => series.type === 'bar');
    expect(bars?.name).toBe('売上（税込）');
    expect(bars?.data).toEqual([100, 0, 50]);
    expect(bars?.yAxisIndex).toBe(1);
  });

  it('keeps both cumulative lines', () => {
    const option = dailyOption(table, 'ja') as { series: Array<{ name: string; type: string; data: Array<number | null> }> };
    const lines = option.series.filter((series) => series.type === 'line');
    expect(lines.map((series) => series.name)).toEqual(['累計', '目標累計']);
    expect(lines[0]!.data).toEqual([100, 100, 150]);
    expect(lines[1]!.data).toEqual([null, null, null]);
  });
});

describe('ABC chart', () => {
  it('labels every bar', () => {
    const names = ['K18 ダイヤモンド リング', 'Pt900 パール ペンダント', 'K18 ネックレス', 'ピアス', 'ブレスレット', 'バングル', 'ブローチ', 'アンクレット'];
    const table: ReportTable = {
      id: 'abc',
      title: { ja: 'ABC 分析', en: 'ABC analysis' },
      notes: [],
      columns: [
        { key: 'name', label: { ja: '名前', en: 'Name' }, type: 'text' },
        { key: 'sales', label: { ja: '売上', en: 'Sales' }, type: 'yen' },
        { key: 'cumulativeShare', label: { ja: '累積構成比', en: 'Cumulative share' }, type: 'percent' },
      ],
      rows: names.map((name, index) => ({ name, sales: 1000 - index * 100, cumulativeShare: (index + 1) / names.length })),
      totals: null,
    };
    const option = paretoOption(table, 'name', 'sales', 'cumulativeShare', 'ja') as { xAxis: { data: string[]; axisLabel: { interval: number; rotate: number; overflow: string; show: boolean } } };
    expect(option.xAxis.data).toEqual(names);
    expect(option.xAxis.axisLabel.interval).toBe(0);
    expect(option.xAxis.axisLabel.rotate).toBeGreaterThan(0);
    expect(option.xAxis.axisLabel.overflow).toBe('truncate');
    expect(option.xAxis.axisLabel.show).toBe(true);
  });
});
