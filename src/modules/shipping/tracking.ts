import { defineErrors } from '../../shared/errors.js';

// Tracking numbers (送り状番号・お問い合わせ番号) and their check digits. Domestic numbers of
// Yamato, Sagawa and Japan Post are 12 digits whose last digit is the first 11 read as one
// integer, modulo 7. International mail (EMS, 国際小包) uses UPU S10: two letters, an 8-digit
// serial, a check digit and the country code. The rules cannot tell carriers apart, so the
// carrier always comes from the shipment.

export const CARRIERS = ['yamato', 'sagawa', 'japanpost'] as const;
export type Carrier = (typeof CARRIERS)[number];

/** Carrier names for messages, by language. */
export const CARRIER_NAMES: Record<Carrier, { ja: string; en: string }> = {
  yamato: { ja: 'ヤマト運輸', en: 'Yamato Transport' },
  sagawa: { ja: '佐川急便', en: 'Sagawa Express' },
  japanpost: { ja: '日本郵便', en: 'Japan Post' },
};

/** Weights of the S10 serial digits, left to right. */
const S10_WEIGHTS = [8, 6, 4, 2, 3, 5, 9, 7] as const;

export const trackingErrors = defineErrors({
  tracking_number_format: {
    kind: 'invalid',
    ja: (p: { number: string; carrierJa: string; formatJa: string }) =>
      `「${p.number}」は${p.carrierJa}の送り状番号の形式ではありません。${p.formatJa}で入力してください。`,
    en: (p: { number: string; carrierEn: string; formatEn: string }) =>
      `"${p.number}" is not a ${p.carrierEn} tracking number. Enter ${p.formatEn}.`,
  },
  tracking_check_digit: {
    kind: 'invalid',
    ja: (p: { number: string; expected: number; actual: string }) =>
      `送り状番号「${p.number}」のチェックデジットが違います（末尾が ${p.actual}、正しくは ${p.expected}）。番号を読み直してください。`,
    en: (p: { number: string; expected: number; actual: string }) =>
      `The tracking number "${p.number}" has a wrong check digit (it ends in ${p.actual}; it should be ${p.expected}). Check the number.`,
  },
});

/**
 * Folds a typed or scanned number: full-width characters to half-width, letters to upper
 * case, and hyphens and spaces removed (Japan Post prints 1234-5678-9012).
 */
export function normalizeTrackingNumber(number: string): string {
  return number.normalize('NFKC').toUpperCase().replace(/[\s\-‐‑–—―−ー]/g, '');
}

/** Returns the check digit of a domestic number from its first 11 digits: their value modulo 7. */
export function domesticCheckDigit(first11: string): number {
  return Number(BigInt(first11) % 7n);
}

/** Returns the S10 check digit of an 8-digit serial. */
export function s10CheckDigit(serial: string): number {
  const sum = [...serial].reduce((total, digit, index) => total + Number(digit) * S10_WEIGHTS[index]!, 0);
  const check = 11 - (sum % 11);
  if (check === 10) return 0;
  if (check === 11) return 5;
  return check;
}

function formatError(number: string, carrier: Carrier, details: unknown) {
  const international = carrier === 'japanpost';
  // Excel shows a 12-digit number as 4.44414E+11 and saves it so, losing the last digits.
  const exponent = /^\d(\.\d+)?E\+\d+$/i.test(number.trim());
  return trackingErrors.tracking_number_format({
    number,
    carrierJa: CARRIER_NAMES[carrier].ja,
    carrierEn: CARRIER_NAMES[carrier].en,
    formatJa:
      (international ? '数字 12 桁（国際郵便は EE123456785JP のような英字 2 文字・数字 9 桁・英字 2 文字）' : '数字 12 桁') +
      (exponent ? '。Excel で開いて保存すると番号が指数表示になり桁が失われるため、配送会社のファイルをそのまま取り込んでください' : ''),
    formatEn:
      (international ? '12 digits (or, for international mail, 2 letters, 9 digits and 2 letters such as EE123456785JP)' : '12 digits') +
      (exponent ? '. Saving the file in Excel turns the numbers into exponent form and loses digits, so import the carrier\'s file as it came' : ''),
  }, details);
}

/**
 * Checks a tracking number of a carrier and returns it folded. Raises tracking_number_format
 * for a wrong shape and tracking_check_digit, naming the right digit, for a wrong check digit.
 * `details` goes into the error, e.g. `{ field: 'trackingNumber' }` so a form marks its input.
 */
export function checkTrackingNumber(number: string, carrier: Carrier, details?: unknown): string {
  const folded = normalizeTrackingNumber(number);

  if (/^\d{12}$/.test(folded)) {
    const expected = domesticCheckDigit(folded.slice(0, 11));
    if (Number(folded[11]) !== expected) throw trackingErrors.tracking_check_digit({ number: folded, expected, actual: folded[11]! }, details);
    return folded;
  }

  // UPU S10 numbers are Japan Post's international mail; Yamato and Sagawa issue none.
  const s10 = /^[A-Z]{2}(\d{8})(\d)[A-Z]{2}$/.exec(folded);
  if (carrier === 'japanpost' && s10) {
    const expected = s10CheckDigit(s10[1]!);
    if (Number(s10[2]) !== expected) throw trackingErrors.tracking_check_digit({ number: folded, expected, actual: s10[2]! }, details);
    return folded;
  }

  throw formatError(number, carrier, details);
}
