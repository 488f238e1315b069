// Display and entry conversions. The API carries measured values as integers in base units
// (yen, centigrams, milli-carats, millimetres, tenths of a ring size), so no float reaches
// the database. Screens show grams, carats, centimetres and 号.

export type Locale = 'ja' | 'en';
export type TaxRounding = 'down' | 'half_up' | 'up';

const groupedInteger = new Intl.NumberFormat('ja-JP', { maximumFractionDigits: 0 });

/** "¥1,234,567"; negative amounts as "-¥1,234". Empty text for a missing amount. */
export function formatYen(amount: number | null | undefined): string {
  if (amount === null || amount === undefined) return '';
  const sign = amount < 0 ? '-' : '';
  return `${sign}¥${groupedInteger.format(Math.abs(amount))}`;
}

/** Fixed decimals without float noise: 350 cg at scale 100 with 2 digits is "3.50". */
function scaled(value: number, scale: number, digits: number): string {
  const sign = value < 0 ? '-' : '';
  const magnitude = Math.abs(value);
  const whole = Math.floor(magnitude / scale);
  const fraction = String(magnitude % scale).padStart(digits, '0');
  return `${sign}${groupedInteger.format(whole)}.${fraction}`;
}

/** Metal weight: 350 cg is "3.50 g". */
export function formatGrams(centigrams: number | null | undefined): string {
  if (centigrams === null || centigrams === undefined) return '';
  return `${scaled(centigrams, 100, 2)} g`;
}

/** Carat weight: 1012 mct is "1.012 ct". */
export function formatCarats(milliCarats: number | null | undefined): string {
  if (milliCarats === null || milliCarats === undefined) return '';
  return `${scaled(milliCarats, 1000, 3)} ct`;
}

/** Japanese ring size: 115 tenths is "11.5号" in Japanese and "size 11.5" in English. */
export function formatRingSize(tenths: number | null | undefined, locale: Locale = 'ja'): string {
  if (tenths === null || tenths === undefined) return '';
  const size = tenths % 10 === 0 ? String(tenths / 10) : (tenths / 10).toFixed(1);
  return locale === 'en' ? `size ${size}` : `${size}号`;
}

/** Unit shown after a ring size input: 号 in Japanese, none in English, where the label says "Ring size". */
export function ringSizeSuffix(locale: Locale): string | undefined {
  return locale === 'en' ? undefined : '号';
}

/** Length: 455 mm is "45.5 cm", 450 mm is "45 cm". */
export function formatLengthCm(millimetres: number | null | undefined): string {
  if (millimetres === null || millimetres === undefined) return '';
  return `${millimetres % 10 === 0 ? millimetres / 10 : (millimetres / 10).toFixed(1)} cm`;
}

/** Formats a quantity in an item's unit: pieces as a count, the other units converted for people. */
export function formatQuantity(quantity: number, unit: string, locale: Locale): string {
  switch (unit) {
    case 'cg':
      return formatGrams(quantity);
    case 'mct':
      return formatCarats(quantity);
    case 'cm':
      return `${groupedInteger.format(quantity)} cm`;
    default:
      if (locale === 'ja') return `${groupedInteger.format(quantity)}点`;
      return quantity === 1 ? '1 pc' : `${groupedInteger.format(quantity)} pcs`;
  }
}

/**
 * Converts a decimal entered on screen to whole base units: grams to centigrams is
 * toBaseUnits(3.5, 100) = 350. Rounding to the nearest unit absorbs binary float error,
 * so 0.29 g (0.29 * 100 = 28.999…) becomes 29 cg, not 28.
 */
export function toBaseUnits(value: number | null | undefined, scale: number): number | null {
  if (value === null || value === undefined || Number.isNaN(value)) return null;
  return Math.round(value * scale);
}

/** Converts base units back to the unit on screen, for filling an edit form. */
export function fromBaseUnits(value: number | null | undefined, scale: number): number | null {
  if (value === null || value === undefined) return null;
  return value / scale;
}

/**
 * Consumption tax on a tax-excluded amount in yen, rounded the way the company chose.
 * Works on integers (amount × rate is exact) so that half_up never misrounds.
 */
export function computeTax(amountYen: number, ratePercent: number, rounding: TaxRounding): number {
  const hundredths = amountYen * ratePercent;
  const whole = Math.floor(hundredths / 100);
  const remainder = hundredths - whole * 100;
  if (rounding === 'down' || remainder === 0) return whole;
  if (rounding === 'up') return whole + 1;
  return remainder >= 50 ? whole + 1 : whole;
}

const dateTimeFormats: Record<Locale, Intl.DateTimeFormat> = {
  ja: new Intl.DateTimeFormat('ja-JP', { timeZone: 'Asia/Tokyo', dateStyle: 'medium', timeStyle: 'short' }),
  en: new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Tokyo', dateStyle: 'medium', timeStyle: 'short' }),
};

/** Formats an ISO UTC timestamp in Japan time, e.g. "2026/12/04 19:00". */
export function formatDateTime(iso: string | null | undefined, locale: Locale): string {
  if (!iso) return '';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dateTimeFormats[locale].format(date);
}

const timestampFormats: Record<Locale, Intl.DateTimeFormat> = {
  ja: new Intl.DateTimeFormat('ja-JP', { timeZone: 'Asia/Tokyo', dateStyle: 'medium', timeStyle: 'medium' }),
  en: new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Tokyo', dateStyle: 'medium', timeStyle: 'medium' }),
};

/** Formats an ISO UTC timestamp in Japan time to the second, e.g. "2026/12/04 19:00:05", for the audit trail. */
export function formatTimestamp(iso: string | null | undefined, locale: Locale): string {
  if (!iso) return '';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : timestampFormats[locale].format(date);
}

/** Today's business date (YYYY-MM-DD) in Asia/Tokyo, whatever the browser's time zone. */
export function todayInTokyo(now: Date = new Date()): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tokyo', year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(now);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}
