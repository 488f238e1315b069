import { describe, expect, it } from 'vitest';
import { consumptionTax, purchaseTotals } from './totals.js';

describe('consumptionTax', () => {
  it.each([
    // amount, rate, down, half_up, up
    [1_234, 10, 123, 123, 124],
    [1_235, 10, 123, 124, 124],
    [1_239, 10, 123, 124, 124],
    [1_230, 10, 123, 123, 123],
    [999, 8, 79, 80, 80],
    [1_006, 8, 80, 80, 81],
    [0, 10, 0, 0, 0],
    [55_555, 0, 0, 0, 0],
  ])('%d yen at %d%%', (amount, rate, down, halfUp, up) => {
    expect(consumptionTax(amount, rate, 'down')).toBe(down);
    expect(consumptionTax(amount, rate, 'half_up')).toBe(halfUp);
    expect(consumptionTax(amount, rate, 'up')).toBe(up);
  });

  it('stays exact above 2^53 intermediate products', () => {
    expect(consumptionTax(9_007_199_254_740_991, 10, 'down')).toBe(900_719_925_474_099);
  });

  it('rejects fractions and negatives', () => {
    expect(() => consumptionTax(10.5, 10, 'down')).toThrow(RangeError);
    expect(() => consumptionTax(-1, 10, 'down')).toThrow(RangeError);
    expect(() => consumptionTax(100, 8.5, 'down')).toThrow(RangeError);
  });
});

describe('purchaseTotals', () => {
  it('computes tax once per document', () => {
    // Rounded per line, 10% of ¥333 would be ¥33 three times (¥99). On the subtotal it is
    // ¥99.9, which rounds half up to ¥100.
    const totals = purchaseTotals(
      [
        { quantity: 1, unitCost: 333 },
        { quantity: 1, unitCost: 333 },
        { quantity: 1, unitCost: 333 },
      ],
      10,
      'half_up',
    );
    expect(totals.lineAmounts).toEqual([333, 333, 333]);
    expect(totals.subtotal).toBe(999);
    expect(totals.taxAmount).toBe(100);
    expect(totals.total).toBe(1_099);
  });

  it('multiplies quantity by unit cost', () => {
    const totals = purchaseTotals([{ quantity: 250, unitCost: 12 }], 10, 'down');
    expect(totals.lineAmounts).toEqual([3_000]);
    expect(totals.total).toBe(3_300);
  });
});
