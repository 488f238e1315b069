import { z } from 'zod';
import type { Locale } from '../../shared/errors.js';
import { CATEGORIES, CATEGORY_LABELS, type Category } from '../items/attributes.js';
import type { ColumnType, Label, ReportColumn, ReportRow } from './table.js';

// Small builders shared by the product and inventory reports.

export function column(key: string, ja: string, en: string, type: ColumnType): ReportColumn {
  return { key, label: { ja, en }, type };
}

export function note(ja: string, en: string): Label {
  return { ja, en };
}

/** Sum of a numeric column over rows; null cells count as 0. */
export function sumColumn(rows: readonly ReportRow[], key: string): number {
  return rows.reduce((total, row) => total + Number(row[key] ?? 0), 0);
}

export function categoryName(category: string, locale: Locale): string {
  return CATEGORY_LABELS[category as Category]?.[locale] ?? category;
}

/** Menu order of categories; codes outside the list sort after it, by code. */
export function compareCategories(a: string, b: string): number {
  const rank = (code: string) => {
    const index = (CATEGORIES as readonly string[]).indexOf(code);
    return index === -1 ? CATEGORIES.length : index;
  };
  return rank(a) - rank(b) || a.localeCompare(b);
}

/** Text shown for an empty metal or brand. */
export const NONE_LABEL: Label = { ja: '（なし）', en: '(none)' };

/** Category code; the validation message lists the codes. */
export const categoryParam = z.enum(CATEGORIES).optional();

/** Whole days, 1 to 3,650 (ten years). */
export const daysParam = z.coerce.number().int().min(1).max(3650);
