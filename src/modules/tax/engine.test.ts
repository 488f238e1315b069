import { describe, expect, it } from 'vitest';
import { computeTaxDocument, discountAmount, unitPriceOnBasis, type TaxDocumentInput, type TaxLineInput } from './engine.js';
import { divideRounded, taxIncludedIn, taxOn, TAX_ROUNDINGS, type TaxRounding } from './rounding.js';

// Expected values are worked by hand; the comment on each case shows the arithmetic.

const line = (unitPrice: number, ratePercent: number, extra: Partial<TaxLineInput> = {}): TaxLineInput => ({
  unitPrice,
  quantity: 1,
  ratePercent,
  ...extra,
});

const document = (lines: TaxLineInput[], extra: Partial<TaxDocumentInput> = {}): TaxDocumentInput => ({
  basis: 'included',
  rounding: 'down',
  lines,
  ...extra,
});

describe('rounding', () => {
  it.each([
    // numerator, denominator, down, half_up, up
    [10n, 4n, 2n, 3n, 3n], // 2.5
    [9n, 4n, 2n, 2n, 3n], // 2.25
    [11n, 4n, 2n, 3n, 3n], // 2.75
    [8n, 4n, 2n, 2n, 2n], // exact
    [0n, 7n, 0n, 0n, 0n],
  ])('divides %i by %i', (numerator, denominator, down, halfUp, up) => {
    expect(divideRounded(numerator, denominator, 'down')).toBe(down);
    expect(divideRounded(numerator, denominator, 'half_up')).toBe(halfUp);
    expect(divideRounded(numerator, denominator, 'up')).toBe(up);
  });

  it('rounds negatives as mirrored positives', () => {
    for (const mode of TAX_ROUNDINGS) {
      expect(divideRounded(-10n, 4n, mode)).toBe(-divideRounded(10n, 4n, mode));
      expect(divideRounded(-9n, 4n, mode)).toBe(-divideRounded(9n, 4n, mode));
    }
  });

  it('rejects division by zero', () => {
    expect(() => divideRounded(1n, 0n, 'down')).toThrow(RangeError);
  });

  it.each<[number, number, TaxRounding, number]>([
    // 1,000 × 10 / 110 = 90.909…
    [1_000, 10, 'down', 90],
    [1_000, 10, 'half_up', 91],
    [1_000, 10, 'up', 91],
    // 1,005 × 10 / 110 = 91.363…
    [1_005, 10, 'down', 91],
    [1_005, 10, 'half_up', 91],
    [1_005, 10, 'up', 92],
    // 1,000 × 8 / 108 = 74.074…
    [1_000, 8, 'down', 74],
    [1_000, 8, 'half_up', 74],
    [1_000, 8, 'up', 75],
    // 1,080 × 8 / 108 = 80 exactly
    [1_080, 8, 'up', 80],
    [11_000, 10, 'up', 1_000],
  ])('tax in ¥%i at %i%% rounds %s to %i', (amount, rate, mode, expected) => {
    expect(taxIncludedIn(amount, rate, mode)).toBe(expected);
  });

  it.each<[number, number, TaxRounding, number]>([
    // 1,005 × 10 / 100 = 100.5, the one exact half
    [1_005, 10, 'down', 100],
    [1_005, 10, 'half_up', 101],
    [1_005, 10, 'up', 101],
    // 1,001 × 8 / 100 = 80.08
    [1_001, 8, 'down', 80],
    [1_001, 8, 'half_up', 80],
    [1_001, 8, 'up', 81],
  ])('tax on ¥%i at %i%% rounds %s to %i', (amount, rate, mode, expected) => {
    expect(taxOn(amount, rate, mode)).toBe(expected);
  });
});

describe('tax document', () => {
  it('computes one rate on included prices', () => {
    // 11,000 + 5,500 = 16,500; 16,500 × 10 / 110 = 1,500 exactly.
    const result = computeTaxDocument(document([line(11_000, 10), line(5_500, 10)]));
    expect(result.rates).toEqual([{ ratePercent: 10, amount: 16_500, total: 16_500, net: 15_000, tax: 1_500 }]);
    expect(result.total).toBe(16_500);
    expect(result.tax).toBe(1_500);
  });

  it('keeps mixed rates apart', () => {
    // 10%: 1,100 → tax 100. 8%: 1,080 → tax 80.
    const result = computeTaxDocument(document([line(1_100, 10), line(1_080, 8)]));
    expect(result.rates).toEqual([
      { ratePercent: 10, amount: 1_100, total: 1_100, net: 1_000, tax: 100 },
      { ratePercent: 8, amount: 1_080, total: 1_080, net: 1_000, tax: 80 },
    ]);
    expect(result.total).toBe(2_180);
    expect(result.tax).toBe(180);
  });

  it('rounds once per rate, not per line', () => {
    // Seven lines of ¥105 at 10%, half up: per line 9.545… would round to 10 each (70),
    // but the document rounds 735 × 10 / 110 = 66.81… once, to 67.
    const lines = Array.from({ length: 7 }, () => line(105, 10));
    const result = computeTaxDocument(document(lines, { rounding: 'half_up' }));
    expect(result.tax).toBe(67);
    expect(result.rates[0]).toEqual({ ratePercent: 10, amount: 735, total: 735, net: 668, tax: 67 });
  });

  it.each<[TaxRounding, number, number]>([
    // 10%: 10,329 × 10 / 110 = 939 exactly; 8%: 5,071 × 8 / 108 = 375.62…
    ['down', 939, 375],
    ['half_up', 939, 376],
    ['up', 939, 376],
  ])('spreads a coupon across rates, rounding %s', (rounding, tax10, tax8) => {
    // Coupon ¥1,000 over 11,000 and 5,400 (16,400): 670.73… and 329.26…, floors 670 and
    // 329, and the spare yen goes to the larger remainder: 671 and 329.
    const result = computeTaxDocument(
      document([line(11_000, 10), line(5_400, 8)], { rounding, reductions: [{ kind: 'coupon', discount: { yen: 1_000 } }] }),
    );
    expect(result.lines.map((l) => l.allocatedReduction)).toEqual([671, 329]);
    expect(result.rates.map((r) => [r.ratePercent, r.total, r.tax])).toEqual([
      [10, 10_329, tax10],
      [8, 5_071, tax8],
    ]);
    expect(result.total).toBe(15_400);
    expect(result.rates.reduce((sum, r) => sum + r.total, 0)).toBe(result.subtotal - result.reductionTotal);
  });

  it('applies reductions in order', () => {
    // 20,000 − 10% (2,000) = 18,000; − ¥500 coupon = 17,500; − 300 points = 17,200.
    const result = computeTaxDocument(
      document([line(20_000, 10)], {
        reductions: [
          { kind: 'discount', discount: { percent: 10 } },
          { kind: 'coupon', discount: { yen: 500 } },
          { kind: 'points', discount: { yen: 300 } },
        ],
      }),
    );
    expect(result.reductionTotal).toBe(2_800);
    expect(result.total).toBe(17_200);
    // 17,200 × 10 / 110 = 1,563.63… → 1,563 rounded down.
    expect(result.tax).toBe(1_563);
  });

  it('rounds percentage discounts down', () => {
    // 10% off ¥1,999 is ¥199.9, taken as ¥199, so the line costs ¥1,800.
    const result = computeTaxDocument(document([line(1_999, 10, { discount: { percent: 10 } })]));
    expect(result.lines[0]).toMatchObject({ grossAmount: 1_999, lineDiscount: 199, amount: 1_800, finalAmount: 1_800 });
  });

  it('multiplies by quantity before discounts', () => {
    // 3 × ¥2,200 = 6,600; − ¥600 = 6,000; 6,000 × 10 / 110 = 545.45… → 545.
    const result = computeTaxDocument(document([line(2_200, 10, { quantity: 3, discount: { yen: 600 } })]));
    expect(result.lines[0]).toMatchObject({ grossAmount: 6_600, amount: 6_000 });
    expect(result.tax).toBe(545);
  });

  it('converts tax-excluded item prices', () => {
    // ¥10,000 excluded at 10% shows as ¥11,000; ¥999 excluded at 8% is 1,078.92 → 1,078 down.
    const result = computeTaxDocument(
      document([line(10_000, 10, { priceBasis: 'excluded' }), line(999, 8, { priceBasis: 'excluded' })]),
    );
    expect(result.lines.map((l) => l.unitPrice)).toEqual([11_000, 1_078]);
    expect(result.rates.map((r) => r.tax)).toEqual([1_000, 79]);
  });

  it.each<[TaxRounding, number]>([
    ['down', 100],
    ['half_up', 101],
    ['up', 101],
  ])('computes tax-excluded documents, %s', (rounding, tax) => {
    // A channel order priced without tax: 1,005 × 10 / 100 = 100.5.
    const result = computeTaxDocument(document([line(1_005, 10)], { basis: 'excluded', rounding }));
    expect(result.rates[0]).toEqual({ ratePercent: 10, amount: 1_005, total: 1_005 + tax, net: 1_005, tax });
    expect(result.total).toBe(1_005 + tax);
  });

  it('converts included prices on excluded documents', () => {
    // ¥1,100 included at 10% → 1,000 excluded; tax 100.
    const result = computeTaxDocument(document([line(1_100, 10, { priceBasis: 'included' })], { basis: 'excluded' }));
    expect(result.lines[0]!.unitPrice).toBe(1_000);
    expect(result.total).toBe(1_100);
  });

  it('handles untaxed lines', () => {
    const result = computeTaxDocument(document([line(5_000, 0), line(1_100, 10)]));
    expect(result.rates).toEqual([
      { ratePercent: 10, amount: 1_100, total: 1_100, net: 1_000, tax: 100 },
      { ratePercent: 0, amount: 5_000, total: 5_000, net: 5_000, tax: 0 },
    ]);
  });

  it('leaves free lines out of reductions', () => {
    const result = computeTaxDocument(document([line(0, 10), line(1_000, 10)], { reductions: [{ kind: 'coupon', discount: { yen: 100 } }] }));
    expect(result.lines.map((l) => l.allocatedReduction)).toEqual([0, 100]);
  });

  it.each([
    ['a rate of 5%', document([line(1_000, 5)])],
    ['a zero quantity', document([line(1_000, 10, { quantity: 0 })])],
    ['a fractional price', document([line(100.5, 10)])],
    ['a line discount above the price', document([line(1_000, 10, { discount: { yen: 1_001 } })])],
    ['a coupon above the total', document([line(1_000, 10)], { reductions: [{ kind: 'coupon', discount: { yen: 1_001 } }] })],
    ['a negative discount', document([line(1_000, 10, { discount: { yen: -1 } })])],
    ['a discount above 100%', document([line(1_000, 10, { discount: { percent: 101 } })])],
  ])('rejects %s', (_name, input) => {
    expect(() => computeTaxDocument(input)).toThrow(RangeError);
  });
});

describe('tax document invariants', () => {
  // A seeded generator, so a failure repeats.
  function random(seed: number) {
    let state = seed;
    return (max: number) => {
      state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
      return state % max;
    };
  }

  it('holds on 2,000 random documents', () => {
    const next = random(20261205);
    for (let run = 0; run < 2_000; run += 1) {
      const lines = Array.from({ length: 1 + next(6) }, () =>
        line(next(300_000), [10, 8, 0][next(3)]!, {
          quantity: 1 + next(3),
          priceBasis: next(4) === 0 ? 'excluded' : 'included',
          ...(next(3) === 0 ? { discount: { percent: next(30) } } : {}),
        }),
      );
      const rounding = TAX_ROUNDINGS[next(3)]!;
      const basis = next(5) === 0 ? 'excluded' : 'included';
      const subtotalGuess = lines.reduce((sum, l) => sum + l.unitPrice * l.quantity, 0);
      const reductions = next(2) === 0 ? [] : [{ kind: 'coupon' as const, discount: { yen: next(Math.max(1, Math.floor(subtotalGuess / 4))) } }];
      const result = computeTaxDocument({ basis, rounding, lines, reductions });
      const label = JSON.stringify({ run, basis, rounding, lines, reductions });

      // The lines' final amounts add up to what is paid, before tax on excluded documents.
      expect(result.lines.reduce((sum, l) => sum + l.finalAmount, 0), label).toBe(result.subtotal - result.reductionTotal);
      expect(result.rates.reduce((sum, r) => sum + r.amount, 0), label).toBe(result.subtotal - result.reductionTotal);
      for (const rate of result.rates) {
        // Net plus tax is the total, and the tax is the one rounding of the rate's amount.
        expect(rate.net + rate.tax, label).toBe(rate.total);
        const expectedTax = basis === 'included' ? taxIncludedIn(rate.amount, rate.ratePercent, rounding) : taxOn(rate.amount, rate.ratePercent, rounding);
        expect(rate.tax, label).toBe(expectedTax);
      }
      expect(result.total, label).toBe(result.net + result.tax);
      for (const l of result.lines) {
        expect(l.allocatedReduction, label).toBeGreaterThanOrEqual(0);
        expect(l.allocatedReduction, label).toBeLessThanOrEqual(l.amount);
      }
    }
  });
});

describe('helpers', () => {
  it('converts unit prices between bases', () => {
    expect(unitPriceOnBasis(10_000, 10, 'excluded', 'included', 'down')).toBe(11_000);
    expect(unitPriceOnBasis(1_000, 8, 'included', 'excluded', 'down')).toBe(925); // 925.92…
    expect(unitPriceOnBasis(1_000, 8, 'included', 'excluded', 'up')).toBe(926);
    expect(unitPriceOnBasis(1_000, 8, 'included', 'included', 'up')).toBe(1_000);
  });

  it('computes discounts', () => {
    expect(discountAmount(1_000, undefined)).toBe(0);
    expect(discountAmount(1_000, { yen: 250 })).toBe(250);
    expect(discountAmount(1_999, { percent: 12.5 })).toBe(249); // 249.875
  });
});
