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

/**
 * Upper-cases and folds full-width forms, so "ｋ１８ｗｇ" and "k18wg" read as "K18WG". The
 * separators that tags also use between combined metals ("・", "+") become "/", and the
 * "18K" order becomes "K18".
 */
export function normalizeMetal(text: string): string {
  return text
    .normalize('NFKC')
    .toUpperCase()
    .replace(/\s+/g, '')
    .replace(/[／・･+]/g, '/')
    .split('/')
    .map((part) => part.replace(/^(\d{2})K(YG|WG|PG)?$/, 'K$1$2'))
    .join('/');
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
  // The first of the 13 digits is the corporate-number check digit: 9 - (sum of the other
  // digits × weights 1,2 alternating from the right) mod 9.
  // NOTE: the tax agency documents this rule for corporate numbers; numbers issued to sole
  // proprietors are assumed to follow it too.
  const digits = [...text.slice(1)].map(Number);
  const check = digits[0]!;
  const body = digits.slice(1).reverse();
  const sum = body.reduce((acc, digit, index) => acc + digit * (index % 2 === 0 ? 1 : 2), 0);
  return check === 9 - (sum % 9);
}

/** A screen label in both languages. */
export interface Label {
  ja: string;
  en: string;
}

export const METAL_LABELS: Record<MetalCode, Label> = {
  PT1000: { ja: 'Pt1000 プラチナ', en: 'Pt1000 platinum' },
  PT950: { ja: 'Pt950 プラチナ', en: 'Pt950 platinum' },
  PT900: { ja: 'Pt900 プラチナ', en: 'Pt900 platinum' },
  PT850: { ja: 'Pt850 プラチナ', en: 'Pt850 platinum' },
  K24: { ja: 'K24 純金', en: 'K24 pure gold' },
  K22: { ja: 'K22 ゴールド', en: 'K22 gold' },
  K20: { ja: 'K20 ゴールド', en: 'K20 gold' },
  K18: { ja: 'K18 ゴールド', en: 'K18 gold' },
  K18YG: { ja: 'K18 イエローゴールド', en: 'K18 yellow gold' },
  K18WG: { ja: 'K18 ホワイトゴールド', en: 'K18 white gold' },
  K18PG: { ja: 'K18 ピンクゴールド', en: 'K18 pink gold' },
  K14: { ja: 'K14 ゴールド', en: 'K14 gold' },
  K14YG: { ja: 'K14 イエローゴールド', en: 'K14 yellow gold' },
  K14WG: { ja: 'K14 ホワイトゴールド', en: 'K14 white gold' },
  K14PG: { ja: 'K14 ピンクゴールド', en: 'K14 pink gold' },
  K10: { ja: 'K10 ゴールド', en: 'K10 gold' },
  K10YG: { ja: 'K10 イエローゴールド', en: 'K10 yellow gold' },
  K10WG: { ja: 'K10 ホワイトゴールド', en: 'K10 white gold' },
  K10PG: { ja: 'K10 ピンクゴールド', en: 'K10 pink gold' },
  SV1000: { ja: 'SV1000 純銀', en: 'SV1000 fine silver' },
  SV950: { ja: 'SV950 シルバー', en: 'SV950 silver' },
  SV925: { ja: 'SV925 シルバー', en: 'SV925 sterling silver' },
  PD: { ja: 'パラジウム', en: 'Palladium' },
  TI: { ja: 'チタン', en: 'Titanium' },
  SS: { ja: 'ステンレス', en: 'Stainless steel' },
  OTHER: { ja: 'その他', en: 'Other' },
};

export const STONE_SHAPE_LABELS: Record<(typeof STONE_SHAPES)[number], Label> = {
  round: { ja: 'ラウンド', en: 'Round' },
  oval: { ja: 'オーバル', en: 'Oval' },
  pear: { ja: 'ペアシェイプ', en: 'Pear' },
  marquise: { ja: 'マーキス', en: 'Marquise' },
  heart: { ja: 'ハートシェイプ', en: 'Heart' },
  emerald: { ja: 'エメラルドカット', en: 'Emerald' },
  princess: { ja: 'プリンセスカット', en: 'Princess' },
  cushion: { ja: 'クッション', en: 'Cushion' },
  radiant: { ja: 'ラディアント', en: 'Radiant' },
  asscher: { ja: 'アッシャー', en: 'Asscher' },
  baguette: { ja: 'バゲット', en: 'Baguette' },
  cabochon: { ja: 'カボション', en: 'Cabochon' },
  other: { ja: 'その他', en: 'Other' },
};

/** Clarity grades print the same in both languages. */
export const DIAMOND_CLARITY_LABELS: Record<(typeof DIAMOND_CLARITIES)[number], Label> = Object.fromEntries(
  DIAMOND_CLARITIES.map((grade) => [grade, { ja: grade, en: grade }]),
) as Record<(typeof DIAMOND_CLARITIES)[number], Label>;

export const DIAMOND_CUT_LABELS: Record<(typeof DIAMOND_CUTS)[number], Label> = {
  '3EX': { ja: '3EX（トリプルエクセレント）', en: '3EX (triple excellent)' },
  EXCELLENT: { ja: 'エクセレント', en: 'Excellent' },
  VERY_GOOD: { ja: 'ベリーグッド', en: 'Very good' },
  GOOD: { ja: 'グッド', en: 'Good' },
  FAIR: { ja: 'フェア', en: 'Fair' },
  POOR: { ja: 'プア', en: 'Poor' },
};

export const CONDITION_LABELS: Record<(typeof CONDITIONS)[number], Label> = {
  new: { ja: '新品', en: 'New' },
  pre_owned: { ja: '中古', en: 'Pre-owned' },
};

export const CONDITION_GRADE_LABELS: Record<(typeof CONDITION_GRADES)[number], Label> = {
  S: { ja: 'S（未使用品）', en: 'S (unused)' },
  A: { ja: 'A（美品）', en: 'A (fine)' },
  B: { ja: 'B（良品）', en: 'B (good)' },
  C: { ja: 'C（使用感あり）', en: 'C (visibly used)' },
  D: { ja: 'D（難あり）', en: 'D (flawed)' },
};

export const CERTIFICATE_KIND_LABELS: Record<(typeof CERTIFICATE_KINDS)[number], Label> = {
  grading_report: { ja: '鑑定書（ダイヤモンド）', en: 'Grading report (diamond)' },
  identification_report: { ja: '鑑別書（色石など）', en: 'Identification report (coloured stones)' },
};

export const TRACKING_LABELS: Record<(typeof TRACKINGS)[number], Label> = {
  unique: { ja: '1点物', en: 'Unique piece' },
  quantity: { ja: '数量管理', en: 'Counted by quantity' },
};

export const UNIT_LABELS: Record<(typeof UNITS)[number], Label> = {
  piece: { ja: '個', en: 'pieces' },
  cm: { ja: 'cm', en: 'cm' },
  mct: { ja: '0.001 ct', en: '0.001 ct' },
  cg: { ja: '0.01 g', en: '0.01 g' },
};

export const ITEM_STATUSES = ['in_stock', 'sold', 'written_off', 'returned_to_supplier', 'consumed', 'out_of_stock', 'returned_to_consignor'] as const;

export const ITEM_STATUS_LABELS: Record<(typeof ITEM_STATUSES)[number], Label> = {
  in_stock: { ja: '在庫あり', en: 'In stock' },
  sold: { ja: '販売済', en: 'Sold' },
  written_off: { ja: '償却済', en: 'Written off' },
  returned_to_supplier: { ja: '仕入先へ返品済', en: 'Returned to supplier' },
  consumed: { ja: '分割・結合で消費', en: 'Consumed by a split or combine' },
  out_of_stock: { ja: '在庫なし', en: 'Out of stock' },
  returned_to_consignor: { ja: '委託者へ返却済', en: 'Returned to consignor' },
};

/** Consumption tax rates an item may carry, in percent. */
export const TAX_RATES_PERCENT = [10, 8, 0] as const;

/**
 * Whether items.retail_price includes consumption tax (総額表示, the default) or is stated
 * without it (税抜). The same values as the tax engine's PriceBasis.
 */
export const PRICE_BASES = ['included', 'excluded'] as const;
