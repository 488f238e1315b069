// Purchase slip arithmetic. Pure functions over whole yen.

import { taxOn, type TaxRounding } from '../tax/rounding.js';

/**
 * Consumption tax on a tax-excluded amount, computed once per document as the invoice
 * rules require, rounded to whole yen by the company's rounding mode. The tax engine does
 * the arithmetic, so purchase slips and sales documents round alike.
 */
export function consumptionTax(taxExcluded: number, ratePercent: number, rounding: TaxRounding): number {
  if (!Number.isSafeInteger(taxExcluded) || taxExcluded < 0) throw new RangeError(`amount must be a non-negative whole number of yen, got ${taxExcluded}`);
  if (!Number.isInteger(ratePercent) || ratePercent < 0) throw new RangeError(`tax rate must be a non-negative whole percent, got ${ratePercent}`);
  return taxOn(taxExcluded, ratePercent, rounding);
}

export interface PurchaseTotals {
  /** Amount of each line (quantity × unit cost), tax-excluded. */
  lineAmounts: number[];
  subtotal: number;
  taxAmount: number;
  total: number;
}

/** Line amounts, subtotal, tax and total of a purchase slip. */
export function purchaseTotals(
  lines: readonly { quantity: number; unitCost: number }[],
  ratePercent: number,
  rounding: TaxRounding,
): PurchaseTotals {
  const lineAmounts = lines.map((line) => line.quantity * line.unitCost);
  const subtotal = lineAmounts.reduce((sum, amount) => sum + amount, 0);
  const taxAmount = consumptionTax(subtotal, ratePercent, rounding);
  return { lineAmounts, subtotal, taxAmount, total: subtotal + taxAmount };
}
