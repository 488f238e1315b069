import type { Customer } from '../../db/schema.js';
import { foldForSearch } from '../../shared/text.js';

// Pure rules of the customer record: what search matches, which dates fall in the upcoming
// window, and what a merge copies. No I/O here; service.ts applies them.

/** Offset from a hiragana letter to its katakana (ぁ U+3041 → ァ U+30A1). */
const HIRAGANA_TO_KATAKANA = 0x60;

/** Most words of a search query that are matched; later words are ignored. */
const MAX_QUERY_WORDS = 8;

/** Characters people type between the digits of a phone number, full-width ones after NFKC. */
const PHONE_PUNCTUATION = /[\s\-‐‑‒–—―−ー()+]/g;

/** Returns the digits of a phone number ("090-1234-5678" → "09012345678"), or null when it has none. */
export function phoneDigits(phone: string | null | undefined): string | null {
  if (!phone) return null;
  const digits = phone.normalize('NFKC').replace(/\D/g, '');
  return digits === '' ? null : digits;
}

/**
 * Brings a reading (フリガナ) to the stored form: full-width katakana, single spaces.
 * Half-width katakana become full-width (NFKC) and hiragana become katakana, so
 * "ﾔﾏﾀﾞ", "やまだ" and "ヤマダ" are stored alike.
 */
export function normalizeKana(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[\u3041-\u3096]/g, (char) => String.fromCharCode(char.charCodeAt(0) + HIRAGANA_TO_KATAKANA))
    .replace(/\s+/g, ' ')
    .trim();
}

/** "山田 花子": family name first, as Japanese names are written. */
export function customerDisplayName(row: { family_name: string; given_name: string | null }): string {
  return row.given_name ? `${row.family_name} ${row.given_name}` : row.family_name;
}

export interface SearchableCustomer {
  code: string;
  family_name: string;
  given_name: string | null;
  family_name_kana: string | null;
  given_name_kana: string | null;
  email: string | null;
  phone_digits: string | null;
}

/**
 * Builds the text stored in customers.search_text: code, names and readings each alone and run
 * together (so "山田花子" matches as well as "山田 花子"), email and phone digits, folded
 * by foldForSearch like the query.
 */
export function buildCustomerSearchText(customer: SearchableCustomer): string {
  const parts = [
    customer.code,
    customer.family_name,
    customer.given_name,
    `${customer.family_name}${customer.given_name ?? ''}`,
    customer.family_name_kana,
    customer.given_name_kana,
    `${customer.family_name_kana ?? ''}${customer.given_name_kana ?? ''}`,
    customer.email,
    customer.phone_digits,
  ];
  return foldForSearch(parts.filter((part) => part != null && part !== '').join(' '));
}

/** One word of a search query. */
export interface SearchTerm {
  /** The folded word, matched as a substring of search_text. */
  word: string;
  /**
   * The word's digits when the word looks like (part of) a phone number, such as
   * "090-1234"; matched as a substring of phone_digits. Null for other words.
   */
  digits: string | null;
}

/** Splits a query into folded words; a word of digits and phone punctuation also matches phone numbers. */
export function parseSearchQuery(query: string): SearchTerm[] {
  const words = [...new Set(foldForSearch(query).split(' ').filter((word) => word !== ''))].slice(0, MAX_QUERY_WORDS);
  return words.map((word) => {
    const stripped = word.replace(PHONE_PUNCTUATION, '');
    const digits = /^\d+$/.test(stripped) ? stripped : null;
    return { word, digits };
  });
}

// Upcoming birthdays and anniversaries. Dates are calendar dates without a time zone, so
// the arithmetic runs on UTC midnights, where no day is skipped or repeated.

function toUtc(date: string): Date {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, day));
}

function formatUtc(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Returns the date `days` days after a "YYYY-MM-DD" date (negative for before). */
export function addDays(date: string, days: number): string {
  const utc = toUtc(date);
  utc.setUTCDate(utc.getUTCDate() + days);
  return formatUtc(utc);
}

/** Whole days from `from` to `to`, both "YYYY-MM-DD". */
export function daysBetween(from: string, to: string): number {
  return Math.round((toUtc(to).getTime() - toUtc(from).getTime()) / 86_400_000);
}

/**
 * Maps each month-day ("MM-DD") that falls in the window of `days` dates starting at
 * `from` to its date in the window. A window that crosses the year end contains December
 * and January dates of consecutive years. In a year without 29 February, "02-29" maps to
 * 28 February, the day such birthdays are usually celebrated.
 */
export function monthDaysInWindow(from: string, days: number): Map<string, string> {
  const window = new Map<string, string>();
  for (let offset = 0; offset < days; offset += 1) {
    const date = addDays(from, offset);
    const monthDay = date.slice(5);
    window.set(monthDay, date);
    if (monthDay === '02-28' && !isLeapYear(Number(date.slice(0, 4)))) window.set('02-29', date);
  }
  return window;
}

/** Returns the "MM-DD" part of a "YYYY-MM-DD" date. */
export function monthDayOf(date: string): string {
  return date.slice(5, 10);
}

/** Completed years from an original date to an occurrence of it (age, years married). */
export function yearsSince(original: string, occurrence: string): number {
  return Number(occurrence.slice(0, 4)) - Number(original.slice(0, 4));
}

// Merging two records of one person.

/** Columns a merge copies from the source when the target's value is empty, in this order. */
const FILLABLE_COLUMNS = [
  'given_name',
  'family_name_kana',
  'given_name_kana',
  'phone',
  'email',
  'postal_code',
  'prefecture',
  'address',
  'birthday',
  'preferences',
  'notes',
  'home_location_id',
] as const satisfies readonly (keyof Customer)[];

export interface Anniversary {
  label: string;
  date: string;
}

export interface RingSize {
  finger: string;
  sizeTenths: number;
}

export type MergeFill = Partial<Pick<Customer, (typeof FILLABLE_COLUMNS)[number] | 'phone_digits' | 'birthday_md' | 'anniversaries_json' | 'ring_sizes_json' | 'consent_to_contact' | 'consent_updated_at'>>;

function isEmpty(value: unknown): boolean {
  return value === null || value === undefined || value === '';
}

/**
 * Decides what the target of a merge takes from the source. Empty target columns get the source's
 * value. Anniversaries are combined (an entry with the same label and date once). Ring
 * sizes are added for fingers the target has none for. Consent to contact follows the
 * record whose consent changed last, because that is the customer's latest choice.
 * Returns the columns to update and the names of the columns that change.
 */
export function mergeFill(target: Customer, source: Customer): { fill: MergeFill; changed: string[] } {
  const fill: MergeFill = {};
  for (const column of FILLABLE_COLUMNS) {
    if (isEmpty(target[column]) && !isEmpty(source[column])) (fill as Record<string, unknown>)[column] = source[column];
  }
  if (fill.phone !== undefined) fill.phone_digits = source.phone_digits;
  if (fill.birthday !== undefined) fill.birthday_md = source.birthday_md;

  const targetAnniversaries = JSON.parse(target.anniversaries_json) as Anniversary[];
  const sourceAnniversaries = JSON.parse(source.anniversaries_json) as Anniversary[];
  const addedAnniversaries = sourceAnniversaries.filter(
    (entry) => !targetAnniversaries.some((existing) => existing.label === entry.label && existing.date === entry.date),
  );
  if (addedAnniversaries.length > 0) fill.anniversaries_json = JSON.stringify([...targetAnniversaries, ...addedAnniversaries]);

  const targetSizes = JSON.parse(target.ring_sizes_json) as RingSize[];
  const sourceSizes = JSON.parse(source.ring_sizes_json) as RingSize[];
  const addedSizes = sourceSizes.filter((entry) => !targetSizes.some((existing) => existing.finger === entry.finger));
  if (addedSizes.length > 0) fill.ring_sizes_json = JSON.stringify([...targetSizes, ...addedSizes]);

  const sourceConsentIsNewer =
    source.consent_updated_at !== null && (target.consent_updated_at === null || source.consent_updated_at > target.consent_updated_at);
  if (sourceConsentIsNewer && source.consent_to_contact !== target.consent_to_contact) {
    fill.consent_to_contact = source.consent_to_contact;
    fill.consent_updated_at = source.consent_updated_at;
  }

  const changed = Object.keys(fill).filter((column) => column !== 'phone_digits' && column !== 'birthday_md');
  return { fill, changed };
}
