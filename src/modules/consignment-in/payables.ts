import type { Bearer } from '../../db/schema.js';

// What a sale of a consigned piece owes the consignor. Pure rules: no database.
//
// All amounts are integer yen, tax included, as the buyer paid them. A sold line is judged as
// it stands now (after every refund or return), and the payable entries of the line always
// add up to payableFor(the line now). A correction is therefore the difference between the
// figures now and the sum of the entries already written, whatever happened in between.
//
// The rules, in order:
// 1. soldAmount = listAmount - discountAmount - refundAmount: what the shop finally got.
// 2. The consignor's base: soldAmount when the consignor bears discounts; otherwise the
//    list price less refunds (the shop absorbs its own discounts and coupons). A refund after
//    the sale always lowers the base: the price finally paid is lower for both sides.
// 3. Commission terms: commission = base x rate, rounded down to the yen (a fraction of a yen
//    stays with the consignor); the consignor gets base - commission.
//    Net terms: the consignor gets the agreed net amount scaled by base / listAmount, rounded
//    down; the "commission" shown is what the shop keeps, base - that amount.
// 4. Fees (card, electronic money, QR, mall) are deducted only when the consignor bears them:
//    feeBearingAmount x fee rate, rounded down, where feeBearingAmount is the part of the
//    sold amount paid through a fee-charging method.
// 5. Shipping is deducted only when the consignor bears it: shipping cost x shipments.
// 6. amount = consignor's share - fee - shipping. It may be negative when deductions exceed
//    the share; the statement shows it as a deduction from other sales.

export const BASIS_POINTS = 10_000;

export interface PayableTerms {
  terms: 'commission' | 'net';
  /** Basis points (2000 = 20 %); required for commission terms. */
  commissionRateBp: number | null;
  /** Yen owed for the piece at its full price; required for net terms. */
  netAmount: number | null;
  discountBearer: Bearer;
  feeBearer: Bearer;
  feeRateBp: number;
  shippingBearer: Bearer;
  /** Yen per shipment. */
  shippingCost: number;
}

export interface SoldLine {
  /** Price before any discount: unit price x quantity, yen tax included. */
  listAmount: number;
  /** Line discounts, document discounts and coupons allocated to the line. */
  discountAmount: number;
  /** Refunded to the buyer after the sale without the piece coming back. */
  refundAmount: number;
  /** Part of the sold amount paid by a fee-charging method (capped at the sold amount). */
  feeBearingAmount: number;
  /** Shipments charged to this line: 1 on one consigned line of a shipped order, else 0. */
  shipments: number;
}

export interface PayableFigures {
  listAmount: number;
  discountAmount: number;
  refundAmount: number;
  soldAmount: number;
  commissionAmount: number;
  feeAmount: number;
  shippingAmount: number;
  /** Owed to the consignor. */
  amount: number;
}

export const ZERO_FIGURES: PayableFigures = Object.freeze({
  listAmount: 0,
  discountAmount: 0,
  refundAmount: 0,
  soldAmount: 0,
  commissionAmount: 0,
  feeAmount: 0,
  shippingAmount: 0,
  amount: 0,
});

function assertYen(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`${name} must be a whole number of yen >= 0, got ${value}`);
}

function shareOf(amount: number, bp: number): number {
  // Integer arithmetic: amount x bp stays far below 2^53 for prices up to ¥10 billion.
  return Math.floor((amount * bp) / BASIS_POINTS);
}

/** The payable of a sold line as it is now. */
export function payableFor(terms: PayableTerms, line: SoldLine): PayableFigures {
  for (const [name, value] of Object.entries(line)) assertYen(name, value);
  const soldAmount = Math.max(0, line.listAmount - line.discountAmount - line.refundAmount);
  const base = terms.discountBearer === 'consignor' ? soldAmount : Math.max(0, line.listAmount - line.refundAmount);

  let share: number;
  if (terms.terms === 'commission') {
    if (terms.commissionRateBp === null) throw new RangeError('commission terms need a commission rate');
    share = base - shareOf(base, terms.commissionRateBp);
  } else {
    if (terms.netAmount === null) throw new RangeError('net terms need a net amount');
    share = line.listAmount === 0 ? 0 : Math.floor((terms.netAmount * base) / line.listAmount);
  }

  const feeAmount = terms.feeBearer === 'consignor' ? shareOf(Math.min(line.feeBearingAmount, soldAmount), terms.feeRateBp) : 0;
  const shippingAmount = terms.shippingBearer === 'consignor' ? terms.shippingCost * line.shipments : 0;
  return {
    listAmount: line.listAmount,
    discountAmount: line.discountAmount,
    refundAmount: line.refundAmount,
    soldAmount,
    commissionAmount: base - share,
    feeAmount,
    shippingAmount,
    amount: share - feeAmount - shippingAmount,
  };
}

/** Field-by-field difference target - written; all zero when nothing changed. */
export function payableCorrection(target: PayableFigures, written: PayableFigures): PayableFigures {
  return {
    listAmount: target.listAmount - written.listAmount,
    discountAmount: target.discountAmount - written.discountAmount,
    refundAmount: target.refundAmount - written.refundAmount,
    soldAmount: target.soldAmount - written.soldAmount,
    commissionAmount: target.commissionAmount - written.commissionAmount,
    feeAmount: target.feeAmount - written.feeAmount,
    shippingAmount: target.shippingAmount - written.shippingAmount,
    amount: target.amount - written.amount,
  };
}

export function isZero(figures: PayableFigures): boolean {
  return Object.values(figures).every((value) => value === 0);
}
