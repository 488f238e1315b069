import { excelSafeCell } from '../../shared/csv-safe.js';
import { rowMessages, type Bilingual } from './row-messages.js';

// Cell conversions between the text a person reads in a spreadsheet and the base units
// stored in the database. Decimal text is parsed digit by digit, never through a float,
// so "0.29" grams is exactly 29 centigrams.

export type CellResult<T> = { ok: true; value: T } | { ok: false; message: Bilingual };

const FORMULA_START = /^'+[=+\-@\t\r]/;
const TEXT_FORMULA = /^="(\d+)"$/;
/** Digit-only codes Excel would show wrongly: a leading zero is dropped, 12+ digits go to 1.2E+11. */
const FRAGILE_DIGITS = /^(0\d*|\d{12,})$/;

/**
 * Makes a text cell safe to open in Excel (see excelSafeCell). A value that already starts
 * with apostrophes before a formula character gets one more, so readCell can always remove
 * exactly one and give back the original text.
 */
export function writeTextCell(value: string | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (FORMULA_START.test(value)) return `'${value}`;
  return String(excelSafeCell(value));
}

/**
 * Writes a digit-only code such as a JAN or "000123" as ="000123", which Excel, LibreOffice
 * and Google Sheets show as text with its leading zeros. readCodeCell turns it back; a
 * spreadsheet saving the file writes the plain digits. Other codes go through writeTextCell.
 */
export function writeCodeCell(value: string | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (FRAGILE_DIGITS.test(value)) return `="${value}"`;
  return writeTextCell(value);
}

/** Trims a cell and removes the apostrophe that writeTextCell or a person put before a formula character. */
export function readCell(raw: string | undefined): string {
  const text = (raw ?? '').trim();
  return FORMULA_START.test(text) ? text.slice(1) : text;
}

/** Reads a code cell, unwrapping the ="000123" form that writeCodeCell produces. */
export function readCodeCell(raw: string | undefined): string {
  const text = readCell(raw);
  const match = TEXT_FORMULA.exec(text);
  return match ? match[1]! : text;
}

/**
 * Parses a non-negative decimal written in a human unit into an integer of the base unit:
 * parseScaled("1.25", 2, "g") is 125 centigrams. Full-width digits, thousands separators
 * and a trailing unit are accepted. More decimals than `decimals` are an error, not
 * rounded, unless they are zeros.
 */
export function parseScaled(text: string, decimals: number, unit: string): CellResult<number> {
  const cleaned = text
    .normalize('NFKC')
    .replace(/[,\s]/g, '')
    .replace(/^[¥\\]/, '')
    .replace(new RegExp(`(${escapeRegExp(unit)}|円)$`, 'i'), '');
  const match = /^(\d+)(?:\.(\d*))?$/.exec(cleaned);
  if (!match) return { ok: false, message: rowMessages.notANumber(unit) };

  const fraction = (match[2] ?? '').replace(/0+$/, '');
  if (fraction.length > decimals) {
    return { ok: false, message: decimals === 0 ? rowMessages.wholeYen() : rowMessages.tooManyDecimals(decimals, unit) };
  }
  const value = Number(match[1]! + fraction.padEnd(decimals, '0'));
  if (!Number.isSafeInteger(value)) return { ok: false, message: rowMessages.notANumber(unit) };
  return { ok: true, value };
}

/** Writes an integer of a base unit as a decimal in the human unit, without trailing zeros. */
export function formatScaled(value: number | null, decimals: number): string {
  if (value === null) return '';
  if (decimals === 0) return String(value);
  const digits = String(value).padStart(decimals + 1, '0');
  const whole = digits.slice(0, -decimals);
  const fraction = digits.slice(-decimals).replace(/0+$/, '');
  return fraction === '' ? whole : `${whole}.${fraction}`;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Folds a label for comparison: NFKC, lower case, no spaces, hyphens or underscores. */
export function foldLabel(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/[\s_\-・]/g, '');
}

/**
 * Builds a lookup from every accepted spelling of a value to its code. Each entry lists
 * the code and its other spellings; codes are accepted as written too.
 */
export function labelLookup<T extends string>(entries: ReadonlyArray<readonly [T, ...string[]]>): (text: string) => T | undefined {
  const byLabel = new Map<string, T>();
  for (const [code, ...labels] of entries) {
    for (const label of [code, ...labels]) byLabel.set(foldLabel(label), code);
  }
  return (text) => byLabel.get(foldLabel(text));
}
