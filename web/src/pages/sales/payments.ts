import type { PaymentMethod } from './types.js';

/** One payment (or refund) row as the clerk edits it. */
export interface PaymentRow {
  key: string;
  method: PaymentMethod;
  /** Yen applied to the sale; null while empty. */
  amount: number | null;
  /** Cash handed over (cash rows of a sale only); null while empty. */
  tendered: number | null;
  reference: string;
}

let rowCounter = 0;

export function newPaymentRow(method: PaymentMethod, amount: number | null = null): PaymentRow {
  rowCounter += 1;
  return { key: `payment-${rowCounter}`, method, amount, tendered: null, reference: '' };
}

function isWholeYen(value: number | null): value is number {
  return value !== null && Number.isInteger(value) && value > 0;
}

/** Sum of the amounts typed so far; empty rows count as zero. */
export function paidTotal(rows: PaymentRow[]): number {
  return rows.reduce((sum, row) => sum + (isWholeYen(row.amount) ? row.amount : 0), 0);
}

/** Change for one cash row: what was handed over minus what the sale takes, or 0. */
export function changeOf(row: PaymentRow): number {
  if (row.method !== 'cash' || !isWholeYen(row.tendered) || !isWholeYen(row.amount)) return 0;
  return Math.max(0, row.tendered - row.amount);
}

export type PaymentProblem =
  | { code: 'none' }
  | { code: 'amountMissing'; row: number }
  | { code: 'tenderedShort'; row: number }
  | { code: 'remaining'; amount: number }
  | { code: 'over'; amount: number };

/**
 * Checks the rows against the total due, in the order a clerk fixes them. Each row needs a
 * whole positive amount, and cash handed over must cover its amount. The amounts must add
 * up to the total exactly, because change comes from the cash handed over.
 * Returns the first problem, or undefined when the rows are ready to send.
 */
export function paymentProblem(rows: PaymentRow[], total: number): PaymentProblem | undefined {
  if (rows.length === 0) return total > 0 ? { code: 'none' } : undefined;
  for (const [index, row] of rows.entries()) {
    if (!isWholeYen(row.amount)) return { code: 'amountMissing', row: index + 1 };
    if (row.method === 'cash' && row.tendered !== null && row.tendered < row.amount) return { code: 'tenderedShort', row: index + 1 };
  }
  const paid = paidTotal(rows);
  if (paid < total) return { code: 'remaining', amount: total - paid };
  if (paid > total) return { code: 'over', amount: paid - total };
  return undefined;
}

/** Converts the rows to API payments. `withTendered` is false for refunds, which hand no cash over. */
export function toPaymentInputs(rows: PaymentRow[], withTendered: boolean) {
  return rows.map((row) => ({
    method: row.method,
    amount: row.amount ?? 0,
    ...(withTendered && row.method === 'cash' && row.tendered !== null ? { tendered: row.tendered } : {}),
    ...(row.reference.trim() ? { reference: row.reference.trim() } : {}),
  }));
}
