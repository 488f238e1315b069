import type { ReportCell, ReportColumn, ReportRow, ReportTable } from '../../../../src/modules/analytics/table.js';
import { formatYen, type Locale } from '../../lib/format.js';

// Reading a ReportTable on screen: cell text by column type, and the figures the charts take
// from the same rows, so a chart never shows a number the table beside it does not.

export type { ReportCell, ReportColumn, ReportRow, ReportTable };

const grouped = new Intl.NumberFormat('ja-JP', { maximumFractionDigits: 0 });
const twoPlaces = new Intl.NumberFormat('ja-JP', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/**
 * A fraction as a percent rounded to one decimal place, by the same rule as the CSV and Excel
 * exports: first to whole hundredths of a percent, then to tenths. Rounding 0.4085 * 1000 in
 * one step gives 408.49999… and so 40.8; this gives 40.9, as the exports do.
 */
export function percentOf(fraction: number): number {
  return Math.round(Math.round(fraction * 10_000) / 10) / 10;
}

/** Cell text as the screen shows it: ¥1,234 for yen, 1,234 for counts, 85.3 % for a fraction of 0.853. */
export function formatCell(value: ReportCell | undefined, type: ReportColumn['type']): string {
  if (value === null || value === undefined || value === '') return '';
  if (typeof value === 'string') return value;
  switch (type) {
    case 'yen':
      return formatYen(value);
    case 'number':
      return grouped.format(value);
    case 'decimal':
      return twoPlaces.format(value);
    case 'percent':
      return `${percentOf(value).toFixed(1)} %`;
    default:
      return String(value);
  }
}

/** Numbers are right-aligned so that their digits line up. */
export function isNumeric(type: ReportColumn['type']): boolean {
  return type === 'yen' || type === 'number' || type === 'decimal' || type === 'percent';
}

export function columnLabel(table: ReportTable, key: string, locale: Locale): string {
  return table.columns.find((column) => column.key === key)?.label[locale] ?? key;
}

export function hasColumn(table: ReportTable, key: string): boolean {
  return table.columns.some((column) => column.key === key);
}

/** A cell as a number for a chart; text and empty cells count as 0. */
export function numberOf(row: ReportRow, key: string): number {
  const value = row[key];
  return typeof value === 'number' ? value : 0;
}

/** A cell as chart axis text. */
export function textOf(row: ReportRow, key: string): string {
  const value = row[key];
  return value === null || value === undefined ? '' : String(value);
}

/** The first column that names what a row is (a period, a person, a category): the chart's category axis. */
export function firstTextColumn(table: ReportTable): ReportColumn | undefined {
  return table.columns.find((column) => !isNumeric(column.type));
}

/** The column that names a row for people: groupName, name or a *Name column, else the first text column. */
export function nameColumn(table: ReportTable): string | undefined {
  const keys = table.columns.filter((column) => column.type === 'text').map((column) => column.key);
  return keys.find((key) => key === 'groupName') ?? keys.find((key) => key === 'name') ?? keys.find((key) => key.endsWith('Name')) ?? firstTextColumn(table)?.key;
}

/** Whole yen on a chart axis: 1.2M yen is "120万" in Japanese and "1.2M" in English. */
export function compactYen(value: number, locale: Locale): string {
  return new Intl.NumberFormat(locale === 'ja' ? 'ja-JP' : 'en-US', { notation: 'compact', maximumFractionDigits: 1 }).format(value);
}
