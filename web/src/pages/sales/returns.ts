import type { SaleLineOutput } from './types.js';

/** The clerk's choice for one returnable line of the original sale. */
export interface ReturnChoice {
  selected: boolean;
  quantity: number;
  destination: 'stock' | 'write_off';
  /** Location the piece goes back to; null until one is chosen. */
  locationId: number | null;
}

/** Lines that can still come back, each with its first choice: not selected, all of it, back to stock. */
export function initialChoices(lines: SaleLineOutput[], locationId: number | null): Map<number, ReturnChoice> {
  return new Map(
    lines
      .filter((line) => line.returnableQuantity > 0)
      .map((line) => [line.id, { selected: false, quantity: line.returnableQuantity, destination: 'stock', locationId }]),
  );
}

/**
 * The refund the selected lines add up to, from the amounts the sale recorded: a whole
 * line returns what the customer paid for it (discounts and the share of document
 * reductions included).
 * NOTE: a part of a quantity line is prorated here and rounded down. The server decides the
 * exact amount, and its message names the total to refund when the rows do not match it.
 */
export function refundEstimate(lines: SaleLineOutput[], choices: Map<number, ReturnChoice>): { total: number; exact: boolean } {
  let total = 0;
  let exact = true;
  for (const line of lines) {
    const choice = choices.get(line.id);
    if (!choice?.selected) continue;
    if (choice.quantity === line.quantity) {
      total += line.finalAmount;
    } else {
      total += Math.floor((line.finalAmount * choice.quantity) / line.quantity);
      exact = false;
    }
  }
  return { total, exact };
}
