// Rounding of yen fractions. Amounts are whole yen and every division is done in BigInt,
// so no floating-point error reaches a receipt.

/** The company's rounding mode for consumption tax (端数処理): 切り捨て, 四捨五入, 切り上げ. */
export type TaxRounding = 'down' | 'half_up' | 'up';

export const TAX_ROUNDINGS: readonly TaxRounding[] = ['down', 'half_up', 'up'];

/**
 * Divides two whole numbers and rounds the quotient to a whole number by `mode`. The mode
 * applies to the magnitude, so a negative amount (a return) rounds to the exact negation of
 * the positive one. Throws on a zero denominator or unsafe integers.
 */
export function divideRounded(numerator: bigint, denominator: bigint, mode: TaxRounding): bigint {
  if (denominator === 0n) throw new RangeError('cannot divide by zero');
  const negative = numerator < 0n !== denominator < 0n;
  const top = numerator < 0n ? -numerator : numerator;
  const bottom = denominator < 0n ? -denominator : denominator;

  let quotient: bigint;
  if (mode === 'down') quotient = top / bottom;
  else if (mode === 'up') quotient = (top + bottom - 1n) / bottom;
  else quotient = (top * 2n + bottom) / (bottom * 2n);

  return negative ? -quotient : quotient;
}

/** Checks that a value is a whole number of yen that arithmetic on Numbers keeps exact. */
export function assertWholeYen(value: number, what: string): void {
  if (!Number.isSafeInteger(value)) throw new RangeError(`${what} must be a whole number of yen, got ${value}`);
}

/**
 * Consumption tax contained in a tax-included amount at `ratePercent`: amount × r / (100 + r),
 * rounded once by `mode`.
 */
export function taxIncludedIn(amount: number, ratePercent: number, mode: TaxRounding): number {
  assertWholeYen(amount, 'amount');
  return Number(divideRounded(BigInt(amount) * BigInt(ratePercent), BigInt(100 + ratePercent), mode));
}

/** Consumption tax on a tax-excluded amount at `ratePercent`: amount × r / 100, rounded once by `mode`. */
export function taxOn(amount: number, ratePercent: number, mode: TaxRounding): number {
  assertWholeYen(amount, 'amount');
  return Number(divideRounded(BigInt(amount) * BigInt(ratePercent), 100n, mode));
}
