// Fixed lists of jewelry attributes. Codes are stored; labels are for screens and CSV.

export const CATEGORIES = [
  'ring',
  'necklace',
  'pendant',
  'earrings',
  'pierced_earrings',
  'bracelet',
  'bangle',
  'brooch',
  'loose_stone',
  'watch',
  'other',
] as const;
export type Category = (typeof CATEGORIES)[number];

export const CATEGORY_LABELS: Record<Category, { ja: string; en: string }> = {
  ring: { ja: 'リング', en: 'Ring' },
  necklace: { ja: 'ネックレス', en: 'Necklace' },
  pendant: { ja: 'ペンダント', en: 'Pendant' },
  earrings: { ja: 'イヤリング', en: 'Earrings' },
  pierced_earrings: { ja: 'ピアス', en: 'Pierced earrings' },
  bracelet: { ja: 'ブレスレット', en: 'Bracelet' },
  bangle: { ja: 'バングル', en: 'Bangle' },
  brooch: { ja: 'ブローチ', en: 'Brooch' },
  loose_stone: { ja: 'ルース', en: 'Loose stone' },
  watch: { ja: '時計', en: 'Watch' },
  other: { ja: 'その他', en: 'Other' },
};

/**
 * Metal and fineness codes as Japanese tags print them. A piece of two metals is written
 * with a slash, e.g. "PT900/K18".
 */
export const METAL_CODES = [
  'PT1000',
  'PT950',
  'PT900',
  'PT850',
  'K24',
  'K22',
  'K20',
  'K18',
  'K18YG',
  'K18WG',
  'K18PG',
  'K14',
  'K14YG',
  'K14WG',
  'K14PG',
  'K10',
  'K10YG',
  'K10WG',
  'K10PG',
  'SV1000',
  'SV950',
  'SV925',
  'PD',
  'TI',
  'SS',
  'OTHER',
] as const;
export type MetalCode = (typeof METAL_CODES)[number];

/** Whether text is a metal code or a combination of up to three joined by "/". */
export function isValidMetal(text: string): boolean {
  const parts = text.split('/');
  return parts.length <= 3 && parts.every((part) => (METAL_CODES as readonly string[]).includes(part));
}

/** Upper-cases and folds full-width forms, so "ｋ１８ｗｇ" and "k18wg" read as "K18WG". */
export function normalizeMetal(text: string): string {
  return text.normalize('NFKC').toUpperCase().replace(/\s+/g, '').replace(/[／]/g, '/');
}

export const CONDITIONS = ['new', 'pre_owned'] as const;
/** Grades for pre-owned pieces, best first: S unused, A fine, B good, C used, D flawed. */
export const CONDITION_GRADES = ['S', 'A', 'B', 'C', 'D'] as const;

export const STONE_SHAPES = [
  'round',
  'oval',
  'pear',
  'marquise',
  'heart',
  'emerald',
  'princess',
  'cushion',
  'radiant',
  'asscher',
  'baguette',
  'cabochon',
  'other',
] as const;

/** GIA diamond clarity grades, best first. */
export const DIAMOND_CLARITIES = ['FL', 'IF', 'VVS1', 'VVS2', 'VS1', 'VS2', 'SI1', 'SI2', 'I1', 'I2', 'I3'] as const;
/** Diamond cut grades as Japanese grading reports state them. */
export const DIAMOND_CUTS = ['3EX', 'EXCELLENT', 'VERY_GOOD', 'GOOD', 'FAIR', 'POOR'] as const;

export const CERTIFICATE_KINDS = ['grading_report', 'identification_report'] as const;

export const TRACKINGS = ['unique', 'quantity'] as const;
/** Units of quantity-tracked goods: pieces, centimetres of chain, milli-carats, centigrams. */
export const UNITS = ['piece', 'cm', 'mct', 'cg'] as const;

/** Japanese ring sizes (号) run from 1 to 30 in half sizes; stored in tenths. */
export const RING_SIZE_MIN_TENTHS = 10;
export const RING_SIZE_MAX_TENTHS = 300;

/** Upper bounds that catch unit mistakes (grams typed as centigrams and the like). */
export const MAX_METAL_WEIGHT_CG = 1_000_000; // 10 kg
export const MAX_CARAT_MCT = 1_000_000; // 1,000 ct
export const MAX_LENGTH_MM = 10_000; // 10 m
export const MAX_PRICE_YEN = 10_000_000_000; // ¥10 billion

/**
 * Checks a JAN/EAN-13 or EAN-8 code with its modulo-10 check digit (weights 3 and 1 from
 * the right, excluding the check digit).
 */
export function isValidJanCode(code: string): boolean {
  if (!/^(\d{8}|\d{13})$/.test(code)) return false;
  const digits = [...code].map(Number);
  const check = digits.pop()!;
  let sum = 0;
  digits.reverse().forEach((digit, index) => {
    sum += digit * (index % 2 === 0 ? 3 : 1);
  });
  return (10 - (sum % 10)) % 10 === check;
}

/** Japanese qualified-invoice registration number: "T" and 13 digits. */
export function isValidInvoiceRegistrationNumber(text: string): boolean {
  if (!/^T\d{13}$/.test(text)) return false;
  // The 13 digits are a corporate number, or an individual's number, whose first digit is
  // a check digit: 9 - (sum of digits × weights 1,2 alternating from the right) mod 9.
  const digits = [...text.slice(1)].map(Number);
  const check = digits[0]!;
  const body = digits.slice(1).reverse();
  const sum = body.reduce((acc, digit, index) => acc + digit * (index % 2 === 0 ? 1 : 2), 0);
  return check === 9 - (sum % 9);
}
