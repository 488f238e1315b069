import type { PaymentMethod } from '../../db/schema.js';
import { taxIncludedIn, type TaxRounding } from '../tax/rounding.js';
import { saleErrors } from './errors.js';

// Pure rules of counter sales: payments, staff shares, what a return gives back, and the
// cash a register should hold. No I/O here, so every rule is tested with plain values.

export const PAYMENT_METHOD_LABELS: Record<PaymentMethod, { ja: string; en: string }> = {
  cash: { ja: '現金', en: 'Cash' },
  card: { ja: 'クレジットカード', en: 'Card' },
  electronic_money: { ja: '電子マネー', en: 'Electronic money' },
  qr: { ja: 'QR コード決済', en: 'QR payment' },
  bank_transfer: { ja: '銀行振込', en: 'Bank transfer' },
  store_credit: { ja: '預り金・商品券', en: 'Store credit' },
};

export interface PaymentEntry {
  method: PaymentMethod;
  amount: number;
  tendered?: number | undefined;
  reference?: string | null | undefined;
}

export interface SettledPayment {
  method: PaymentMethod;
  amount: number;
  tendered: number | null;
  change: number | null;
  reference: string | null;
}

/**
 * Checks that payments settle a total exactly and works out the change of cash payments.
 * Amounts are what each method pays towards the sale; cash `tendered` is what the
 * customer handed over, and the change is tendered - amount.
 */
export function settlePayments(payments: readonly PaymentEntry[], total: number): SettledPayment[] {
  const settled = payments.map((payment, index): SettledPayment => {
    if (payment.method !== 'cash' && payment.tendered !== undefined) {
      throw saleErrors.tendered_not_cash({}, { field: `payments.${index}.tendered` });
    }
    if (payment.method === 'cash' && payment.tendered !== undefined && payment.tendered < payment.amount) {
      throw saleErrors.cash_tendered_too_low({ tendered: payment.tendered, amount: payment.amount }, { field: `payments.${index}.tendered` });
    }
    const tendered = payment.method === 'cash' ? (payment.tendered ?? payment.amount) : null;
    return {
      method: payment.method,
      amount: payment.amount,
      tendered,
      change: tendered === null ? null : tendered - payment.amount,
      reference: payment.reference ?? null,
    };
  });

  const paid = settled.reduce((sum, payment) => sum + payment.amount, 0);
  if (paid !== total) throw saleErrors.payments_do_not_match_total({ paid, total }, { field: 'payments' });
  return settled;
}

export interface StaffShare {
  userId: number;
  sharePercent: number;
}

/** Checks staff shares: each user once, whole percents adding up to 100. */
export function checkStaffShares(shares: readonly StaffShare[], nameOf: (userId: number) => string): void {
  const seen = new Set<number>();
  for (const [index, share] of shares.entries()) {
    if (seen.has(share.userId)) throw saleErrors.staff_duplicate({ name: nameOf(share.userId) }, { field: `staff.${index}.userId` });
    seen.add(share.userId);
  }
  const total = shares.reduce((sum, share) => sum + share.sharePercent, 0);
  if (total !== 100) throw saleErrors.staff_shares_not_100({ total }, { field: 'staff' });
}

/** The money figures of one sale line, as stored. */
export interface LineFigures {
  quantity: number;
  grossAmount: number;
  lineDiscount: number;
  allocatedReduction: number;
  finalAmount: number;
}

/**
 * The part of a sold line that a return of `quantity` gives back. Every figure is
 * prorated by quantity and rounded down, except that the return taking the last units
 * gets exactly what earlier returns left, so all returns of a line add up to the line.
 * `alreadyReturned` holds the quantity and figures of earlier (not voided) returns.
 */
export function returnedLineFigures(line: LineFigures, quantity: number, alreadyReturned: LineFigures): LineFigures {
  const remaining = line.quantity - alreadyReturned.quantity;
  if (!Number.isInteger(quantity) || quantity <= 0 || quantity > remaining) {
    throw new RangeError(`cannot return ${quantity} of a line with ${remaining} left`);
  }
  const share = (field: 'grossAmount' | 'lineDiscount' | 'allocatedReduction'): number =>
    quantity === remaining ? line[field] - alreadyReturned[field] : Math.floor((line[field] * quantity) / line.quantity);

  const grossAmount = share('grossAmount');
  const lineDiscount = share('lineDiscount');
  const allocatedReduction = share('allocatedReduction');
  return { quantity, grossAmount, lineDiscount, allocatedReduction, finalAmount: grossAmount - lineDiscount - allocatedReduction };
}

export interface RateFigures {
  ratePercent: number;
  /** Tax-included total of the rate. */
  total: number;
  tax: number;
}

/**
 * Consumption tax given back by a return at one rate. When the return leaves nothing of
 * the rate unreturned, it gives back exactly the tax not yet given back, so a sale returned
 * in parts reverses its tax to the yen. Otherwise the tax contained in the returned
 * tax-included amount is computed with the sale's rounding, and capped at what is left.
 */
export function returnedRateTax(
  original: RateFigures,
  returnedTotal: number,
  earlier: { total: number; tax: number },
  rounding: TaxRounding,
): number {
  const taxLeft = original.tax - earlier.tax;
  if (earlier.total + returnedTotal >= original.total) return taxLeft;
  return Math.min(taxIncludedIn(returnedTotal, original.ratePercent, rounding), taxLeft);
}

/**
 * Lowers what a return gives back for a line to at most what the customer still has paid
 * for it (`paidLeft`: the line's final amount minus earlier returns and partial refunds).
 * The yen taken off are added to the allocated reduction, so the stored figures add up.
 */
export function withoutPartialRefunds(figures: LineFigures, paidLeft: number): LineFigures {
  const refunded = Math.max(0, figures.finalAmount - Math.max(0, paidLeft));
  if (refunded === 0) return figures;
  return { ...figures, allocatedReduction: figures.allocatedReduction + refunded, finalAmount: figures.finalAmount - refunded };
}

/** Payment methods whose refund goes back the way the money came (a card cancellation). */
const REFUND_LIMITED_METHODS: readonly PaymentMethod[] = ['card', 'electronic_money', 'qr'];

/**
 * Returns the yen that may still be refunded to card, electronic money or QR payment: what
 * the sale paid that way minus what returns and partial refunds gave back that way. Cash,
 * bank transfer and store credit have no limit of their own, so they get null.
 */
export function refundableByMethod(method: PaymentMethod, paidByMethod: ReadonlyMap<PaymentMethod, number>, refundedByMethod: ReadonlyMap<PaymentMethod, number>): number | null {
  if (!REFUND_LIMITED_METHODS.includes(method)) return null;
  return (paidByMethod.get(method) ?? 0) - (refundedByMethod.get(method) ?? 0);
}

/**
 * Checks refunds of a return: they add up to the return's total, and a refund to a card,
 * electronic money or QR payment is at most what was paid that way and not yet refunded
 * (see refundableByMethod).
 * Cash, bank transfer and store credit refunds are limited only by the return's total,
 * which never exceeds what is left of the sale.
 */
export function checkRefunds(
  refunds: readonly PaymentEntry[],
  returnTotal: number,
  paidByMethod: ReadonlyMap<PaymentMethod, number>,
  refundedByMethod: ReadonlyMap<PaymentMethod, number>,
): SettledPayment[] {
  const thisReturn = new Map<PaymentMethod, number>();
  for (const [index, refund] of refunds.entries()) {
    const sum = (thisReturn.get(refund.method) ?? 0) + refund.amount;
    thisReturn.set(refund.method, sum);
    const available = refundableByMethod(refund.method, paidByMethod, refundedByMethod);
    if (available !== null && sum > available) {
      throw saleErrors.refund_exceeds_paid(
        { methodJa: PAYMENT_METHOD_LABELS[refund.method].ja, methodEn: PAYMENT_METHOD_LABELS[refund.method].en, amount: sum, available },
        { field: `refunds.${index}.amount` },
      );
    }
  }

  const refunded = refunds.reduce((sum, refund) => sum + refund.amount, 0);
  if (refunded !== returnTotal) throw saleErrors.refunds_do_not_match_total({ refunded, total: returnTotal }, { field: 'refunds' });
  return refunds.map((refund) => ({ method: refund.method, amount: refund.amount, tendered: null, change: null, reference: refund.reference ?? null }));
}

export interface CashMovement {
  kind: 'sale' | 'return';
  method: PaymentMethod;
  amount: number;
}

/**
 * Cash that should be in a register's drawer: the float, plus cash applied to sales (the
 * change already taken out), minus cash refunded on returns.
 */
export function expectedCash(floatAmount: number, payments: readonly CashMovement[]): number {
  return payments.reduce((cash, payment) => {
    if (payment.method !== 'cash') return cash;
    return payment.kind === 'sale' ? cash + payment.amount : cash - payment.amount;
  }, floatAmount);
}
