import { describe, expect, it } from 'vitest';
import { checkOrderTotals, includedTax } from './rules.js';

const line = (unitPrice: number, quantity = 1) => ({ lineKey: '1', externalCode: 'a', variantCode: null, title: 'ring', unitPrice, quantity, taxIncluded: true, taxRate: 0.1 });
const totals = (overrides: Partial<Parameters<typeof checkOrderTotals>[0]['totals']> = {}) => ({
  goods: 11_000,
  shipping: 0,
  fees: 0,
  coupon: 0,
  points: 0,
  total: 11_000,
  taxByRate: [{ rate: 0.1, taxable: 11_000, tax: 1_000 }],
  ...overrides,
});

describe('checkOrderTotals', () => {
  it('accepts figures that add up, with a one-yen tolerance on tax', () => {
    expect(checkOrderTotals({ lines: [line(11_000)], totals: totals() })).toEqual({ ok: true, problems: [] });
    expect(checkOrderTotals({ lines: [line(11_000)], totals: totals({ taxByRate: [{ rate: 0.1, taxable: 11_000, tax: 999 }] }) }).ok).toBe(true);
  });

  it('names each figure that does not add up', () => {
    const check = checkOrderTotals({ lines: [line(10_000)], totals: totals({ total: 10_500, coupon: 100, taxByRate: [{ rate: 0.08, taxable: 10_800, tax: 900 }] }) });
    expect(check.ok).toBe(false);
    expect(check.problems.map((problem) => problem.ja)).toEqual([
      '明細の合計 10,000円 と商品金額 11,000円 が一致しません。',
      '商品 11,000円 + 送料 0円 + 手数料 0円 − クーポン 100円 − ポイント 0円 = 10,900円 ですが、請求額は 10,500円 です。',
      '8% 対象 10,800円 の消費税は 800円 のはずですが、900円 と報告されています。',
    ]);
  });

  it('reports a rate that is not a consumption tax rate', () => {
    const check = checkOrderTotals({ lines: [line(11_000)], totals: totals({ taxByRate: [{ rate: 0.05, taxable: 11_000, tax: 523 }] }) });
    expect(check.problems.map((problem) => problem.en)).toEqual(['Tax rate 0.05 is not a consumption tax rate (10% or 8%).']);
  });

  it('computes the tax inside a tax-included amount rounded down', () => {
    expect(includedTax(8_235, 0.1)).toBe(748);
    expect(includedTax(1_080, 0.08)).toBe(80);
    expect(includedTax(999, 0.1)).toBe(90);
  });
});
