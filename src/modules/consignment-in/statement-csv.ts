import { toExcelCsv, type CsvCell, type CsvEncoding } from '../../shared/csv-safe.js';
import type { Locale } from '../../shared/errors.js';
import type { StatementDetail, StatementLine } from './statement-schemas.js';

// The statement as CSV: one row per sold line, then one per adjustment, with the figures of
// the PDF. Amounts are signed yen, so the amount column adds up to the amount owed, and on
// every row sold - commission - fees - shipping + shop-borne discount = amount.

const HEADERS: Record<Locale, string[]> = {
  ja: ['精算書番号', '区分', '在庫番号', '品名', '日付', '販売区分', '販売番号', '定価', '値引', '返金', '売上額', '販売手数料', '決済手数料', '送料', '当店負担の値引', 'お支払額', '精算済みの精算書'],
  en: ['Statement', 'Kind', 'Stock number', 'Name', 'Date', 'Sold via', 'Sale reference', 'List price', 'Discounts', 'Refunds', 'Sold amount', 'Commission', 'Payment fees', 'Shipping', 'Discounts borne by the shop', 'Amount owed', 'First settled in'],
};

const KIND_LABELS = { sale: { ja: '販売', en: 'Sale' }, adjustment: { ja: '調整', en: 'Adjustment' } } as const;

export const SOLD_VIA_LABELS = {
  counter: { ja: '店頭', en: 'Counter' },
  channel: { ja: '通販', en: 'Online' },
  other: { ja: 'その他', en: 'Other' },
} as const;

function row(statement: StatementDetail, line: StatementLine, kind: keyof typeof KIND_LABELS, locale: Locale): CsvCell[] {
  return [
    statement.number,
    KIND_LABELS[kind][locale],
    line.stockNumber,
    line.name,
    line.date,
    SOLD_VIA_LABELS[line.soldVia.kind][locale],
    line.soldVia.reference,
    line.listAmount,
    line.discountAmount,
    line.refundAmount,
    line.soldAmount,
    line.commissionAmount,
    line.feeAmount,
    line.shippingAmount,
    line.shopDiscountAmount,
    line.amount,
    line.settledIn,
  ];
}

/** Builds the CSV file of a statement in the user's language and the chosen encoding. */
export function statementCsv(statement: StatementDetail, locale: Locale, encoding: CsvEncoding): { csv: Buffer; rowCount: number } {
  const rows = [...statement.lines.map((line) => row(statement, line, 'sale', locale)), ...statement.adjustments.map((line) => row(statement, line, 'adjustment', locale))];
  return { csv: toExcelCsv(HEADERS[locale], rows, encoding), rowCount: rows.length };
}

/** Makes a file name of the statement number's safe characters, for Content-Disposition. */
export function statementFileName(number: string, extension: 'csv' | 'pdf'): string {
  const safe = number.replace(/[^A-Za-z0-9._-]/g, '_');
  return `statement-${safe || 'statement'}.${extension}`;
}
