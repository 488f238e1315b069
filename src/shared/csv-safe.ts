import { stringify } from 'csv-stringify/sync';
import iconv from 'iconv-lite';

/** Encodings a CSV export can be written in: UTF-8 with a byte order mark, or Windows Shift_JIS. */
export const CSV_ENCODINGS = ['utf8', 'cp932'] as const;
export type CsvEncoding = (typeof CSV_ENCODINGS)[number];

export type CsvCell = string | number | boolean | null | undefined;

// Excel and LibreOffice read a cell that starts with one of these as a formula, so text
// from users could run a formula when the file is opened (CSV injection).
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * Makes one cell safe to open in a spreadsheet: text starting with = + - @, a tab or a
 * carriage return gets a leading apostrophe, so it is shown as text. Numbers are returned
 * unchanged and stay numbers, negative ones included; null and undefined become empty.
 */
export function excelSafeCell(value: CsvCell): string | number {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  return FORMULA_START.test(value) ? `'${value}` : value;
}

// Characters that JIS X 0208 and Unicode map differently from Windows: text typed on a Mac
// or converted by a JIS table carries the left ones, which CP932 lacks and iconv-lite would
// write as "?". Each becomes the character Windows shows in its place (an en dash, which
// CP932 does not have at all, becomes a hyphen).
const CP932_FOLDS: Record<string, string> = {
  '\u301C': '\uFF5E', // 〜 wave dash → ～
  '\u2212': '\uFF0D', // − minus sign → －
  '\u2016': '\u2225', // ‖ → ∥
  '\u00A2': '\uFFE0', // ¢ → ￠
  '\u00A3': '\uFFE1', // £ → ￡
  '\u00AC': '\uFFE2', // ¬ → ￢
  '\u2014': '\u2015', // — em dash → ―
  '\u2013': '-', // – en dash → -
};
const CP932_FOLD_PATTERN = new RegExp(`[${Object.keys(CP932_FOLDS).join('')}]`, 'g');

/** Replaces the characters of CP932_FOLDS, so a CP932 file keeps them instead of "?". */
export function foldForCp932(text: string): string {
  return text.replace(CP932_FOLD_PATTERN, (char) => CP932_FOLDS[char] ?? char);
}

/**
 * Writes a header row and data rows as CSV that Excel opens correctly: every cell passes
 * excelSafeCell, lines end in CRLF, and the bytes are UTF-8 with a BOM (so Excel detects
 * UTF-8) or CP932. CP932 cannot hold every Unicode character, and iconv-lite writes "?"
 * for the ones it lacks (some rare kanji, emoji).
 */
export function toExcelCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[], encoding: CsvEncoding): Buffer {
  const text = stringify([header.map(excelSafeCell), ...rows.map((row) => row.map(excelSafeCell))], {
    record_delimiter: 'windows',
  });

  if (encoding === 'cp932') return iconv.encode(foldForCp932(text), 'cp932');
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
}
