import { z } from 'zod';
import { bilingual } from '../../shared/zod.js';
import { businessDate, isCalendarDate } from '../../shared/time.js';
import { RING_SIZE_MAX_TENTHS, RING_SIZE_MIN_TENTHS } from '../items/attributes.js';
import { pageOutput, pageQuery } from '../stock-lines/schemas.js';
import { FINGERS, MAX_ANNIVERSARIES, PREFECTURE_NAMES } from './reference.js';
import { normalizeKana } from './rules.js';

// Request and response shapes of the customer routes. Custom checks name the field in
// both languages, because a counter clerk reads them in a notification as often as
// under the field.

interface FieldLabel {
  ja: string;
  en: string;
}

const LABELS = {
  familyName: { ja: '姓', en: 'the family name' },
  givenName: { ja: '名', en: 'the given name' },
  familyNameKana: { ja: 'フリガナ（姓）', en: 'the family name reading' },
  givenNameKana: { ja: 'フリガナ（名）', en: 'the given name reading' },
  phone: { ja: '電話番号', en: 'the phone number' },
  email: { ja: 'メールアドレス', en: 'the email address' },
  postalCode: { ja: '郵便番号', en: 'the postal code' },
  address: { ja: '住所', en: 'the address' },
  anniversaryLabel: { ja: '記念日の名前', en: 'the anniversary name' },
  preferences: { ja: 'お好み', en: 'the preferences' },
  notes: { ja: 'メモ', en: 'the notes' },
  reason: { ja: '理由', en: 'the reason' },
} satisfies Record<string, FieldLabel>;

/** Trimmed text of at most `max` characters; the messages name the field. */
function boundedText(label: FieldLabel, max: number) {
  return z
    .string()
    .trim()
    .refine(
      (value) => value.length <= max,
      bilingual(`${label.ja}は ${max} 文字以内で入力してください。`, `Enter at most ${max} characters for ${label.en}.`),
    );
}

function requiredText(label: FieldLabel, max: number) {
  return boundedText(label, max).refine(
    (value) => value.length > 0,
    bilingual(`${label.ja}を入力してください。`, `Enter ${label.en}.`),
  );
}

/** Optional text: empty becomes null. */
function optionalField(label: FieldLabel, max: number) {
  return boundedText(label, max)
    .transform((value) => (value === '' ? null : value))
    .nullable()
    .optional();
}

/** Accepts a reading in katakana or hiragana and stores it as full-width katakana (see normalizeKana). */
function kanaField(label: FieldLabel) {
  return z
    .string()
    .transform(normalizeKana)
    .refine(
      (value) => value.length <= 50,
      bilingual(`${label.ja}は 50 文字以内で入力してください。`, `Enter at most 50 characters for ${label.en}.`),
    )
    .refine(
      (value) => /^[\u30A1-\u30FA\u30FC\u30FB ]*$/.test(value),
      bilingual(`${label.ja}はカタカナかひらがなで入力してください（例: ヤマダ）。`, `Enter ${label.en} in katakana or hiragana (example: ヤマダ).`),
    )
    .transform((value) => (value === '' ? null : value))
    .nullable()
    .optional();
}

const phoneField = z
  .string()
  .transform((value) => value.normalize('NFKC').trim())
  .refine(
    (value) => value === '' || (/^[0-9+\-()\s]+$/.test(value) && value.replace(/\D/g, '').length >= 6 && value.replace(/\D/g, '').length <= 15),
    bilingual(
      '電話番号は数字とハイフンで入力してください（例: 090-1234-5678）。数字は 6〜15 桁です。',
      'Enter the phone number in digits and hyphens (example: 090-1234-5678), with 6 to 15 digits.',
    ),
  )
  .transform((value) => (value === '' ? null : value))
  .nullable()
  .optional();

const emailField = z
  .string()
  .trim()
  .transform((value) => (value === '' ? null : value))
  .refine(
    (value) => value === null || (value.length <= 254 && z.email().safeParse(value).success),
    bilingual('メールアドレスの形式で入力してください（例: hanako@example.jp）。', 'Enter an email address (example: hanako@example.jp).'),
  )
  .nullable()
  .optional();

/** Japanese postal code, stored as "123-4567"; full-width digits are accepted. */
const postalCodeField = z
  .string()
  .transform((value) => value.normalize('NFKC').trim())
  .refine(
    (value) => value === '' || /^\d{3}-?\d{4}$/.test(value),
    bilingual('郵便番号は 7 桁の数字で入力してください（例: 100-0005）。', 'Enter the postal code as 7 digits (example: 100-0005).'),
  )
  .transform((value) => (value === '' ? null : `${value.replace('-', '').slice(0, 3)}-${value.replace('-', '').slice(3)}`))
  .nullable()
  .optional();

const prefectureField = z
  .string()
  .trim()
  .transform((value) => (value === '' ? null : value))
  .refine(
    (value) => value === null || PREFECTURE_NAMES.includes(value),
    bilingual('都道府県は一覧から選んでください（例: 東京都）。', 'Choose the prefecture from the list (example: 東京都).'),
  )
  .nullable()
  .optional();

/** Earliest year accepted in a birthday or an anniversary, to catch typing mistakes. */
const EARLIEST_YEAR = 1900;

const birthdayField = z
  .string()
  .trim()
  .transform((value) => (value === '' ? null : value))
  .refine(
    (value) => value === null || (isCalendarDate(value) && Number(value.slice(0, 4)) >= EARLIEST_YEAR && value <= businessDate()),
    bilingual(
      '誕生日は YYYY-MM-DD の形で、1900 年から今日までの日付を入力してください。',
      'Enter the birthday as YYYY-MM-DD, from 1900 up to today.',
    ),
  )
  .nullable()
  .optional();

const anniversaryInput = z.object({
  label: requiredText(LABELS.anniversaryLabel, 50),
  date: z
    .string()
    .trim()
    .refine(
      (value) => isCalendarDate(value) && Number(value.slice(0, 4)) >= EARLIEST_YEAR && Number(value.slice(0, 4)) <= 2200,
      bilingual('記念日の日付は YYYY-MM-DD の形で入力してください（例: 2015-06-20）。', 'Enter the anniversary date as YYYY-MM-DD (example: 2015-06-20).'),
    ),
});

const ringSizeInput = z.object({
  finger: z.enum(FINGERS),
  sizeTenths: z
    .number()
    .refine(
      (value) => Number.isInteger(value) && value >= RING_SIZE_MIN_TENTHS && value <= RING_SIZE_MAX_TENTHS && value % 5 === 0,
      bilingual('リングサイズは 1〜30 号の 0.5 号単位で入力してください。', 'Enter a ring size from 1 to 30 in steps of 0.5.'),
    ),
});

export const customerInput = z.object({
  familyName: requiredText(LABELS.familyName, 50),
  givenName: optionalField(LABELS.givenName, 50),
  familyNameKana: kanaField(LABELS.familyNameKana),
  givenNameKana: kanaField(LABELS.givenNameKana),
  phone: phoneField,
  email: emailField,
  postalCode: postalCodeField,
  prefecture: prefectureField,
  address: optionalField(LABELS.address, 300),
  birthday: birthdayField,
  anniversaries: z
    .array(anniversaryInput)
    .default([])
    .refine(
      (entries) => entries.length <= MAX_ANNIVERSARIES,
      bilingual(`記念日は ${MAX_ANNIVERSARIES} 件までです。不要な記念日を削除してください。`, `Record at most ${MAX_ANNIVERSARIES} anniversaries. Remove the ones no longer needed.`),
    ),
  ringSizes: z
    .array(ringSizeInput)
    .default([])
    .refine(
      (sizes) => new Set(sizes.map((size) => size.finger)).size === sizes.length,
      bilingual('リングサイズは指ごとに 1 つだけ登録できます。同じ指の行を削除してください。', 'Record one ring size per finger. Remove the repeated finger.'),
    ),
  preferences: optionalField(LABELS.preferences, 2000),
  consentToContact: z.boolean().default(false),
  notes: optionalField(LABELS.notes, 2000),
  homeLocationId: z.number().int().positive().nullable().optional(),
});

export type CustomerInput = z.infer<typeof customerInput>;

export const anniversaryOutput = z.object({ label: z.string(), date: z.string() });
export const ringSizeOutput = z.object({ finger: z.string(), sizeTenths: z.number().describe('Japanese ring size (号) × 10') });

/** A record reference: merged records point at the record they resolve to. */
const customerRef = z.object({ id: z.number(), code: z.string() });

export const customerOutput = z.object({
  id: z.number(),
  code: z.string(),
  familyName: z.string(),
  givenName: z.string().nullable(),
  familyNameKana: z.string().nullable(),
  givenNameKana: z.string().nullable(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  postalCode: z.string().nullable(),
  prefecture: z.string().nullable(),
  address: z.string().nullable(),
  birthday: z.string().nullable(),
  anniversaries: z.array(anniversaryOutput),
  ringSizes: z.array(ringSizeOutput),
  preferences: z.string().nullable(),
  consentToContact: z.boolean(),
  consentUpdatedAt: z.string().nullable(),
  notes: z.string().nullable(),
  homeLocationId: z.number().nullable(),
  /** The record this one was merged into, or null. */
  mergedInto: customerRef.nullable(),
  anonymizedAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export type CustomerOutput = z.infer<typeof customerOutput>;

/** A compact row of the customer list. */
export const customerSummaryOutput = z.object({
  id: z.number(),
  code: z.string(),
  familyName: z.string(),
  givenName: z.string().nullable(),
  familyNameKana: z.string().nullable(),
  givenNameKana: z.string().nullable(),
  phone: z.string().nullable(),
  birthday: z.string().nullable(),
  consentToContact: z.boolean(),
  /** Business date of the latest completed sale, returns left out. */
  lastPurchaseDate: z.string().nullable(),
  mergedIntoId: z.number().nullable(),
  anonymizedAt: z.string().nullable(),
});

export type CustomerSummaryOutput = z.infer<typeof customerSummaryOutput>;

const flag = z.enum(['true', 'false']).optional();

export const customerListQuery = z.object({
  q: z.string().max(200).optional(),
  /** Also list records merged into another one. */
  includeMerged: flag,
  /** Also list anonymised records. */
  includeAnonymized: flag,
  ...pageQuery,
});

export const customerListOutput = z.object({ customers: z.array(customerSummaryOutput), ...pageOutput });

export const PURCHASE_SOURCES = ['sale'] as const;

export const purchaseLineOutput = z.object({
  itemId: z.number(),
  stockNumber: z.string(),
  name: z.string(),
  quantity: z.number(),
  /** Amount the customer paid for the line (or got back on a return), tax included, in yen. */
  amount: z.number(),
});

/** One document of a customer's purchase history. */
export const purchaseOutput = z.object({
  /** Origin of the document: a counter sale. Channel orders are a later source. */
  source: z.enum(PURCHASE_SOURCES),
  id: z.number(),
  kind: z.enum(['sale', 'return']),
  number: z.string(),
  businessDate: z.string(),
  locationId: z.number().nullable(),
  locationName: z.string().nullable(),
  status: z.string(),
  /** Tax-included total in yen. Returns are positive too, and `kind` marks them. */
  total: z.number(),
  taxTotal: z.number(),
  /** The record the document was made out to, which differs after a merge kept history apart. */
  customerId: z.number(),
  lines: z.array(purchaseLineOutput),
});

export type PurchaseOutput = z.infer<typeof purchaseOutput>;

export const customerDetailOutput = z.object({
  customer: customerOutput,
  /** Records merged into this one. */
  mergedFrom: z.array(customerRef),
  purchases: z.array(purchaseOutput),
  /** True when sales at locations outside the user's scope were left out. */
  purchasesLimitedToScope: z.boolean(),
});

export const customerCreatedOutput = customerRef.describe(
  'Only the id and code, so the stored idempotent response holds no personal data; read the record with GET.',
);

export const mergeInput = z.object({ sourceId: z.number().int().positive() });

export const mergeOutput = z.object({
  target: customerRef,
  source: customerRef,
  movedSaleCount: z.number(),
  /** Fields of the target that were filled from the source. */
  filledFields: z.array(z.string()),
});

export const anonymizeInput = z.object({ reason: requiredText(LABELS.reason, 500) });

export const anonymizeOutput = z.object({
  id: z.number(),
  code: z.string(),
  anonymizedAt: z.string(),
  /** Records merged into this one that were anonymised with it. */
  mergedRecordCount: z.number(),
});

export const birthdaysQuery = z.object({
  days: z.coerce.number().int().min(1).max(366).default(30),
  /** First day of the window, "YYYY-MM-DD"; today in Japan when left out. */
  from: z
    .string()
    .refine(isCalendarDate, bilingual('開始日は YYYY-MM-DD の形で入力してください。', 'Enter the start date as YYYY-MM-DD.'))
    .optional(),
});

export const upcomingDateOutput = z.object({
  customerId: z.number(),
  code: z.string(),
  familyName: z.string(),
  givenName: z.string().nullable(),
  kind: z.enum(['birthday', 'anniversary']),
  /** The anniversary's name; null for a birthday. */
  label: z.string().nullable(),
  /** The date as recorded. */
  originalDate: z.string(),
  /** When it falls in the window. */
  date: z.string(),
  daysUntil: z.number(),
  /** Age reached, or years since the anniversary. */
  years: z.number(),
  consentToContact: z.boolean(),
});

export const birthdaysOutput = z.object({ from: z.string(), to: z.string(), entries: z.array(upcomingDateOutput) });

/**
 * Format of a customer's data export. The CSV is UTF-8 with a byte order mark only:
 * CP932 would turn characters it lacks (rare kanji in names) into "?", and a disclosure
 * must not lose any.
 */
export const exportQuery = z.object({ format: z.enum(['json', 'csv']).default('json') });
