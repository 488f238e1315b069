import ExcelJS from 'exceljs';
import type { Locale } from '../../shared/errors.js';
import { formatJapanTime } from '../../shared/time.js';
import { excelSafeCell, toExcelCsv, type CsvCell } from '../../shared/csv-safe.js';
import type { ReportCell, ReportColumn, ReportTable } from './table.js';

// Exports of a ReportTable: CSV in UTF-8 with a byte order mark or in CP932 (Shift_JIS, for
// older Excel), and Excel workbooks. Every format carries the same rows and totals as the
// screen. Text cells pass excelSafeCell, so a name starting with "=" stays text.

export const EXPORT_FORMATS = ['csv', 'csv_cp932', 'xlsx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportFile {
  body: Buffer;
  contentType: string;
  fileName: string;
}

const TOTAL_LABEL = { ja: '合計', en: 'Total' };

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * A fraction as a percentage with one decimal, rounded from whole basis points first so that
 * 0.4085 gives 40.9 as the screens show it (0.4085 × 1000 is 408.4999… in floating point).
 */
export function percentWithOneDecimal(fraction: number): number {
  return Math.round(Math.round(fraction * 10_000) / 10) / 10;
}

/** Times are stored in UTC; files show them in Japan time as the screens do. */
function fileText(value: string): string {
  return ISO_TIME.test(value) ? formatJapanTime(value) : value;
}

/** A percent column is a fraction in the table; CSV files show it as a percentage with one decimal. */
function csvValue(value: ReportCell, column: ReportColumn): CsvCell {
  if (value === null) return '';
  if (column.type === 'percent' && typeof value === 'number') return percentWithOneDecimal(value);
  return typeof value === 'string' ? fileText(value) : value;
}

function headerOf(column: ReportColumn, locale: Locale): string {
  return column.type === 'percent' ? `${column.label[locale]} (%)` : column.label[locale];
}

/** Rows of the file: data rows, then the totals row labelled in its first column. */
function bodyRows(table: ReportTable, locale: Locale): ReportCell[][] {
  const rows = table.rows.map((row) => table.columns.map((column) => row[column.key] ?? null));
  if (table.totals) {
    rows.push(table.columns.map((column, index) => (index === 0 && (table.totals![column.key] ?? null) === null ? TOTAL_LABEL[locale] : (table.totals![column.key] ?? null))));
  }
  return rows;
}

export function reportCsv(table: ReportTable, locale: Locale, encoding: 'utf8' | 'cp932'): Buffer {
  const header = table.columns.map((column) => headerOf(column, locale));
  const rows = bodyRows(table, locale).map((row) => row.map((value, index) => csvValue(value, table.columns[index]!)));
  return toExcelCsv(header, rows, encoding);
}

const NUMBER_FORMATS: Partial<Record<ReportColumn['type'], string>> = {
  yen: '#,##0;-#,##0',
  number: '#,##0;-#,##0',
  decimal: '#,##0.00;-#,##0.00',
  percent: '0.0%',
};

export async function reportXlsx(table: ReportTable, locale: Locale): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'tsunagu';
  const sheet = workbook.addWorksheet(table.title[locale].slice(0, 31).replace(/[\\/?*[\]:]/g, ' '));

  // Title and notes above the table, then the header row.
  sheet.addRow([table.title[locale]]).font = { bold: true, size: 13 };
  for (const note of table.notes) sheet.addRow([note[locale]]);
  sheet.addRow([]);
  const header = sheet.addRow(table.columns.map((column) => column.label[locale]));
  header.font = { bold: true };

  const rows = bodyRows(table, locale);
  rows.forEach((values, rowIndex) => {
    const row = sheet.addRow(values.map((value) => (typeof value === 'string' ? excelSafeCell(fileText(value)) : value)));
    if (table.totals && rowIndex === rows.length - 1) row.font = { bold: true };
  });
  table.columns.forEach((column, index) => {
    const format = NUMBER_FORMATS[column.type];
    const sheetColumn = sheet.getColumn(index + 1);
    if (format) sheetColumn.numFmt = format;
    sheetColumn.width = Math.min(40, Math.max(10, column.label[locale].length * 2 + 2));
  });

  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export async function exportReport(table: ReportTable, format: ExportFormat, locale: Locale, fileStem: string): Promise<ExportFile> {
  if (format === 'xlsx') {
    return { body: await reportXlsx(table, locale), contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', fileName: `${fileStem}.xlsx` };
  }
  const encoding = format === 'csv_cp932' ? 'cp932' : 'utf8';
  return { body: reportCsv(table, locale, encoding), contentType: `text/csv; charset=${encoding === 'cp932' ? 'Shift_JIS' : 'utf-8'}`, fileName: `${fileStem}.csv` };
}
