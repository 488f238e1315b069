import { allocateByRatio } from '../../shared/allocation.js';
import { assertWholeYen, divideRounded, taxIncludedIn, taxOn, type TaxRounding } from './rounding.js';

// The tax engine: every amount a receipt, an invoice, a report or an export shows for a
// sales document is computed here, so they always agree. Pure functions over whole yen.
// The rules, with worked examples, are in docs/tax.md.

/** Whether prices are stated with consumption tax (総額表示, the default) or without it. */
export type PriceBasis = 'included' | 'excluded';

/** A discount on one line or on the whole document: a yen amount, or a percentage. */
export type Discount = { yen: number } | { percent: number };

/** A document-level reduction: a discount, a coupon or points, applied in the given order. */
export interface Reduction {
  kind: 'discount' | 'coupon' | 'points';
  discount: Discount;
}

export interface TaxLineInput {
  /** Price of one unit in yen, on `priceBasis`. */
  unitPrice: number;
  quantity: number;
  /** Consumption tax rate in percent: 10 (standard), 8 (reduced) or 0 (not taxed). */
  ratePercent: number;
  /** Basis of `unitPrice`; the document's basis when absent. */
  priceBasis?: PriceBasis;
  discount?: Discount;
}

export interface TaxDocumentInput {
  /** Basis on which the document states its amounts and totals. */
  basis: PriceBasis;
  rounding: TaxRounding;
  lines: readonly TaxLineInput[];
  reductions?: readonly Reduction[];
}

export interface TaxLineResult {
  ratePercent: number;
  quantity: number;
  /** Unit price on the document's basis. */
  unitPrice: number;
  /** unitPrice × quantity. */
  grossAmount: number;
  lineDiscount: number;
  /** grossAmount − lineDiscount. */
  amount: number;
  /** This line's share of the document-level reductions. */
  allocatedReduction: number;
  /** amount − allocatedReduction: what the customer pays for the line, on the document basis. */
  finalAmount: number;
}

export interface TaxRateResult {
  ratePercent: number;
  /** Sum of the lines' final amounts at this rate, on the document basis. */
  amount: number;
  /** Tax-included total at this rate (対象額, 税込). */
  total: number;
  /** Tax-excluded total at this rate (税抜). */
  net: number;
  /** Consumption tax at this rate, rounded once for the whole document. */
  tax: number;
}

export interface TaxDocumentResult {
  basis: PriceBasis;
  rounding: TaxRounding;
  lines: TaxLineResult[];
  /** One entry per rate present, highest rate first. */
  rates: TaxRateResult[];
  /** Sum of the line amounts after line discounts, before document reductions. */
  subtotal: number;
  /** Sum of the document reductions. */
  reductionTotal: number;
  /** Tax-included amount the customer pays. */
  total: number;
  net: number;
  tax: number;
}

const VALID_RATES = new Set([10, 8, 0]);

/**
 * Converts a unit price to the document's basis. A tax-excluded price on a tax-included
 * document becomes price × (100 + r) / 100, and the other way round, rounded by the
 * company's mode. This is a price conversion for display, done per unit like a price tag.
 * The tax itself is still computed once per rate on the document.
 */
export function unitPriceOnBasis(unitPrice: number, ratePercent: number, from: PriceBasis, to: PriceBasis, rounding: TaxRounding): number {
  assertWholeYen(unitPrice, 'unit price');
  if (from === to) return unitPrice;
  const price = BigInt(unitPrice);
  const rate = BigInt(ratePercent);
  const converted = to === 'included' ? divideRounded(price * (100n + rate), 100n, rounding) : divideRounded(price * 100n, 100n + rate, rounding);
  return Number(converted);
}

/**
 * Yen taken off `amount` by a discount. A percentage is rounded down, so a discount never
 * exceeds its percentage. Throws when the discount is negative or larger than the amount.
 */
export function discountAmount(amount: number, discount: Discount | undefined): number {
  if (discount === undefined) return 0;

  let yen: number;
  if ('yen' in discount) {
    assertWholeYen(discount.yen, 'discount');
    yen = discount.yen;
  } else {
    if (!Number.isFinite(discount.percent) || discount.percent < 0 || discount.percent > 100) {
      throw new RangeError(`discount percent must be between 0 and 100, got ${discount.percent}`);
    }
    // Percent to two decimal places (12.5 %), in integers: amount × percent×100 / 10000.
    const hundredths = BigInt(Math.round(discount.percent * 100));
    yen = Number(divideRounded(BigInt(amount) * hundredths, 10_000n, 'down'));
  }

  if (yen < 0) throw new RangeError(`discount must not be negative, got ${yen}`);
  if (yen > amount) throw new RangeError(`discount of ${yen} yen exceeds the amount of ${amount} yen`);
  return yen;
}

/** Applies line prices and line discounts, on the document's basis. */
function priceLines(input: TaxDocumentInput): Omit<TaxLineResult, 'allocatedReduction' | 'finalAmount'>[] {
  return input.lines.map((line, index) => {
    if (!VALID_RATES.has(line.ratePercent)) throw new RangeError(`line ${index}: tax rate must be 10, 8 or 0 percent, got ${line.ratePercent}`);
    if (!Number.isSafeInteger(line.quantity) || line.quantity <= 0) {
      throw new RangeError(`line ${index}: quantity must be a positive whole number, got ${line.quantity}`);
    }

    const unitPrice = unitPriceOnBasis(line.unitPrice, line.ratePercent, line.priceBasis ?? input.basis, input.basis, input.rounding);
    if (unitPrice < 0) throw new RangeError(`line ${index}: unit price must not be negative, got ${unitPrice}`);
    const grossAmount = unitPrice * line.quantity;
    assertWholeYen(grossAmount, `line ${index} amount`);
    const lineDiscount = discountAmount(grossAmount, line.discount);
    return { ratePercent: line.ratePercent, quantity: line.quantity, unitPrice, grossAmount, lineDiscount, amount: grossAmount - lineDiscount };
  });
}

/** Total of the document reductions, each applied to what the previous ones left. */
function reductionTotalOf(subtotal: number, reductions: readonly Reduction[]): number {
  let remaining = subtotal;
  for (const reduction of reductions) remaining -= discountAmount(remaining, reduction.discount);
  return subtotal - remaining;
}

/**
 * Spreads the document reductions over the lines in proportion to their amounts, by the
 * largest-remainder method, so that every line, and so every rate, carries its exact share
 * and the shares add up to the reductions to the yen.
 */
function allocateReductions(amounts: readonly number[], reductionTotal: number): number[] {
  const shares = amounts.map(() => 0);
  const paying = amounts.map((amount, index) => ({ amount, index })).filter((line) => line.amount > 0);
  if (reductionTotal === 0 || paying.length === 0) return shares;

  const parts = allocateByRatio(
    reductionTotal,
    paying.map((line) => line.amount),
  );
  paying.forEach((line, position) => {
    shares[line.index] = parts[position]!;
  });
  return shares;
}

/** Consumption tax and totals of one rate, from its amount on the document basis. */
function rateTotals(ratePercent: number, amount: number, basis: PriceBasis, rounding: TaxRounding): TaxRateResult {
  if (basis === 'included') {
    const tax = taxIncludedIn(amount, ratePercent, rounding);
    return { ratePercent, amount, total: amount, net: amount - tax, tax };
  }
  const tax = taxOn(amount, ratePercent, rounding);
  return { ratePercent, amount, total: amount + tax, net: amount, tax };
}

/**
 * Computes a sales document: line amounts, the reductions spread over the lines, and per
 * rate the total, the tax-excluded amount and the consumption tax. Tax is computed once per
 * rate on the document's amount at that rate, never summed from per-line roundings, as the
 * qualified-invoice rules require. Throws RangeError on invalid input (a rate other than
 * 10, 8 or 0, a non-positive quantity, a discount larger than what it reduces).
 */
export function computeTaxDocument(input: TaxDocumentInput): TaxDocumentResult {
  const priced = priceLines(input);
  const subtotal = priced.reduce((sum, line) => sum + line.amount, 0);
  assertWholeYen(subtotal, 'subtotal');

  const reductionTotal = reductionTotalOf(subtotal, input.reductions ?? []);
  const shares = allocateReductions(
    priced.map((line) => line.amount),
    reductionTotal,
  );
  const lines: TaxLineResult[] = priced.map((line, index) => ({
    ...line,
    allocatedReduction: shares[index]!,
    finalAmount: line.amount - shares[index]!,
  }));

  const amountByRate = new Map<number, number>();
  for (const line of lines) amountByRate.set(line.ratePercent, (amountByRate.get(line.ratePercent) ?? 0) + line.finalAmount);
  const rates = [...amountByRate.entries()]
    .sort(([a], [b]) => b - a)
    .map(([ratePercent, amount]) => rateTotals(ratePercent, amount, input.basis, input.rounding));

  return {
    basis: input.basis,
    rounding: input.rounding,
    lines,
    rates,
    subtotal,
    reductionTotal,
    total: rates.reduce((sum, rate) => sum + rate.total, 0),
    net: rates.reduce((sum, rate) => sum + rate.net, 0),
    tax: rates.reduce((sum, rate) => sum + rate.tax, 0),
  };
}
