import { describe, expect, it } from 'vitest';
import { isDomainError } from '../../shared/errors.js';
import { checkRefunds, checkStaffShares, expectedCash, returnedLineFigures, returnedRateTax, settlePayments } from './rules.js';

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
    return undefined;
  } catch (error) {
    if (isDomainError(error)) return error.code;
    throw error;
  }
}

describe('settlePayments', () => {
  it('gives change on cash and none on other methods', () => {
    expect(
      settlePayments(
        [
          { method: 'card', amount: 60_000, reference: '1234' },
          { method: 'cash', amount: 12_300, tendered: 20_000 },
        ],
        72_300,
      ),
    ).toEqual([
      { method: 'card', amount: 60_000, tendered: null, change: null, reference: '1234' },
      { method: 'cash', amount: 12_300, tendered: 20_000, change: 7_700, reference: null },
    ]);
  });

  it('takes cash without tendered as exact', () => {
    expect(settlePayments([{ method: 'cash', amount: 500 }], 500)[0]).toMatchObject({ tendered: 500, change: 0 });
  });

  it.each([
    ['short', [{ method: 'card' as const, amount: 999 }], 1_000, 'payments_do_not_match_total'],
    ['over', [{ method: 'card' as const, amount: 1_001 }], 1_000, 'payments_do_not_match_total'],
    ['too little cash tendered', [{ method: 'cash' as const, amount: 1_000, tendered: 900 }], 1_000, 'cash_tendered_too_low'],
    ['tendered on a card', [{ method: 'card' as const, amount: 1_000, tendered: 2_000 }], 1_000, 'tendered_not_cash'],
  ])('rejects %s payments', (_, payments, total, code) => {
    expect(codeOf(() => settlePayments(payments, total))).toBe(code);
  });

  it('settles a free sale with no payments', () => {
    expect(settlePayments([], 0)).toEqual([]);
  });
});

describe('checkStaffShares', () => {
  const name = (id: number) => `user ${id}`;
  it('accepts shares of 100 % in total', () => {
    expect(() => checkStaffShares([{ userId: 1, sharePercent: 34 }, { userId: 2, sharePercent: 33 }, { userId: 3, sharePercent: 33 }], name)).not.toThrow();
  });
  it('rejects other totals and a user listed twice', () => {
    expect(codeOf(() => checkStaffShares([{ userId: 1, sharePercent: 50 }], name))).toBe('staff_shares_not_100');
    expect(codeOf(() => checkStaffShares([{ userId: 1, sharePercent: 50 }, { userId: 1, sharePercent: 50 }], name))).toBe('staff_duplicate');
  });
});

describe('returnedLineFigures', () => {
  // 3 units at 10,001 with 3,000 of line discount and 1,001 of a document discount.
  const line = { quantity: 3, grossAmount: 30_003, lineDiscount: 3_000, allocatedReduction: 1_001, finalAmount: 26_002 };
  const none = { quantity: 0, grossAmount: 0, lineDiscount: 0, allocatedReduction: 0, finalAmount: 0 };

  it('gives back the whole line at once', () => {
    expect(returnedLineFigures(line, 3, none)).toEqual(line);
  });

  it('prorates parts and lets the last return take the remainder', () => {
    const first = returnedLineFigures(line, 1, none);
    // 30,003 / 3 = 10,001; 3,000 / 3 = 1,000; 1,001 / 3 = 333.67, rounded down.
    expect(first).toEqual({ quantity: 1, grossAmount: 10_001, lineDiscount: 1_000, allocatedReduction: 333, finalAmount: 8_668 });
    const second = returnedLineFigures(line, 2, first);
    expect(second).toEqual({ quantity: 2, grossAmount: 20_002, lineDiscount: 2_000, allocatedReduction: 668, finalAmount: 17_334 });
    expect(first.finalAmount + second.finalAmount).toBe(line.finalAmount);
  });

  it('refuses more than is left', () => {
    expect(() => returnedLineFigures(line, 3, { ...none, quantity: 1 })).toThrow(RangeError);
  });
});

describe('returnedRateTax', () => {
  const original = { ratePercent: 10, total: 33_000, tax: 3_000 };

  it('gives back all the tax left when the rate is returned in full', () => {
    expect(returnedRateTax(original, 33_000, { total: 0, tax: 0 }, 'down')).toBe(3_000);
    expect(returnedRateTax(original, 22_001, { total: 10_999, tax: 999 }, 'down')).toBe(2_001);
  });

  it.each([
    // The tax in 10,999 at 10 % is 999.909.
    ['down', 999],
    ['half_up', 1_000],
    ['up', 1_000],
  ] as const)('computes a part with the sale rounding (%s)', (rounding, tax) => {
    expect(returnedRateTax(original, 10_999, { total: 0, tax: 0 }, rounding)).toBe(tax);
  });

  it('never gives back more tax than is left', () => {
    expect(returnedRateTax({ ratePercent: 10, total: 1_000, tax: 90 }, 999, { total: 0, tax: 0 }, 'up')).toBe(90);
  });
});

describe('checkRefunds', () => {
  const paid = new Map([
    ['card', 30_000],
    ['cash', 5_000],
  ] as const);

  it('accepts refunds to the methods paid, and cash or store credit beyond them', () => {
    expect(checkRefunds([{ method: 'card', amount: 30_000 }, { method: 'store_credit', amount: 5_000 }], 35_000, paid, new Map())).toHaveLength(2);
  });

  it('limits card refunds to what the card paid and has not had back', () => {
    expect(codeOf(() => checkRefunds([{ method: 'card', amount: 20_000 }], 20_000, paid, new Map([['card', 15_000]])))).toBe('refund_exceeds_paid');
    expect(codeOf(() => checkRefunds([{ method: 'qr', amount: 1 }], 1, paid, new Map()))).toBe('refund_exceeds_paid');
  });

  it('requires refunds to add up to the return total', () => {
    expect(codeOf(() => checkRefunds([{ method: 'cash', amount: 4_000 }], 5_000, paid, new Map()))).toBe('refunds_do_not_match_total');
  });
});

describe('expectedCash', () => {
  it('adds cash taken and subtracts cash refunded, ignoring other methods', () => {
    expect(
      expectedCash(30_000, [
        { kind: 'sale', method: 'cash', amount: 12_000 },
        { kind: 'sale', method: 'card', amount: 50_000 },
        { kind: 'return', method: 'cash', amount: 2_000 },
      ]),
    ).toBe(40_000);
  });
});
