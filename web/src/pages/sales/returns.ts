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
