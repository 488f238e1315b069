// Whole-yen allocation shared by split costs and tax-document reductions. Pure functions: no
// database, no rounding drift.

/** Ratios may have up to this many decimal places (carat weights to 0.001 ct, for example). */
export const RATIO_DECIMALS = 3;
const RATIO_SCALE = 10 ** RATIO_DECIMALS;

/** Checks that a ratio is positive, finite and has at most RATIO_DECIMALS decimal places. */
export function isValidRatio(ratio: number): boolean {
  if (!Number.isFinite(ratio) || ratio <= 0) return false;
  const scaled = ratio * RATIO_SCALE;
  return Math.abs(scaled - Math.round(scaled)) < 1e-6 && Math.round(scaled) >= 1;
}

function byLargestRemainderFirst(a: { remainder: bigint; index: number }, b: { remainder: bigint; index: number }): number {
  if (a.remainder === b.remainder) return a.index - b.index;
  return a.remainder > b.remainder ? -1 : 1;
}

/**
 * Splits a whole number of yen into parts proportional to the ratios so that the parts add
 * up to the total exactly (largest-remainder method). Each part first gets the floor of its
 * exact share. The yen left over then go one each to the parts with the largest remainders,
 * and between equal remainders to the earlier part. ¥100,000 in three equal parts is
 * 33,334 / 33,333 / 33,333.
 *
 * Ratios are scaled to integers (RATIO_DECIMALS places) and the arithmetic is done in
 * BigInt, so no floating-point error reaches the result. Throws on a negative or
 * fractional total, an empty list or an invalid ratio.
 */
export function allocateByRatio(total: number, ratios: readonly number[]): number[] {
  if (!Number.isSafeInteger(total) || total < 0) throw new RangeError(`total must be a non-negative whole number of yen, got ${total}`);
  if (ratios.length === 0) throw new RangeError('at least one ratio is needed');
  const invalid = ratios.find((ratio) => !isValidRatio(ratio));
  if (invalid !== undefined) {
    throw new RangeError(`ratio ${invalid} is invalid: it must be positive with at most ${RATIO_DECIMALS} decimal places`);
  }

  const weights = ratios.map((ratio) => BigInt(Math.round(ratio * RATIO_SCALE)));
  const weightSum = weights.reduce((sum, weight) => sum + weight, 0n);
  const totalBig = BigInt(total);

  const floors = weights.map((weight) => (totalBig * weight) / weightSum);
  const remainders = weights.map((weight) => (totalBig * weight) % weightSum);
  let leftover = Number(totalBig - floors.reduce((sum, part) => sum + part, 0n));

  // leftover < number of parts, because each floor loses less than one yen.
  const order = remainders.map((remainder, index) => ({ remainder, index })).sort(byLargestRemainderFirst);
  const parts = floors.map(Number);
  for (const { index } of order) {
    if (leftover === 0) break;
    parts[index]! += 1;
    leftover -= 1;
  }
  return parts;
}

/** Sum of whole yen amounts. */
export function sumAmounts(amounts: readonly number[]): number {
  return amounts.reduce((sum, amount) => sum + amount, 0);
}
