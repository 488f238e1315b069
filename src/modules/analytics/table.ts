import { z } from 'zod';

// Every analytics report answers with the same shape, a ReportTable: labelled columns, rows
// and a totals row. The screens draw their tables and charts from it, and the CSV and Excel
// exports are written from the same object, so a figure is the same wherever it is read.

export interface Label {
  ja: string;
  en: string;
}

/**
 * How a column's values are read and shown. yen and number are whole numbers; decimal has up
 * to two places (shared staff credit gives 0.5 pieces); percent is a fraction (0.853 = 85.3 %);
 * date is YYYY-MM-DD and month YYYY-MM.
 */
export const COLUMN_TYPES = ['text', 'date', 'month', 'yen', 'number', 'decimal', 'percent'] as const;
export type ColumnType = (typeof COLUMN_TYPES)[number];

export interface ReportColumn {
  key: string;
  label: Label;
  type: ColumnType;
}

export type ReportCell = string | number | null;
export type ReportRow = Record<string, ReportCell>;

export interface ReportTable {
  /** The report's id, also its URL segment and export file name. */
  id: string;
  title: Label;
  /** What the figures cover, for the screen and the first lines of an export. */
  notes: Label[];
  columns: ReportColumn[];
  rows: ReportRow[];
  /** Sums (or overall rates) of the rows; null when a total means nothing. */
  totals: ReportRow | null;
}

const label = z.object({ ja: z.string(), en: z.string() });
const cell = z.union([z.string(), z.number(), z.null()]);

export const reportTableOutput = z.object({
  id: z.string(),
  title: label,
  notes: z.array(label),
  columns: z.array(z.object({ key: z.string(), label, type: z.enum(COLUMN_TYPES) })),
  rows: z.array(z.record(z.string(), cell)),
  totals: z.record(z.string(), cell).nullable(),
});

/** Whole hundredths (quantity × share percent) as a number with two decimals. */
export function fromHundredths(value: number): number {
  return Math.round(value) / 100;
}

/** a / b as a fraction rounded to 4 places, or null when b is 0. */
export function ratio(a: number, b: number): number | null {
  if (b === 0) return null;
  return Math.round((a / b) * 10_000) / 10_000;
}
