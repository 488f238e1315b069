import { describe, expect, it } from 'vitest';
import { payableCorrection, payableFor, ZERO_FIGURES, type PayableTerms } from './payables.js';

const commission20: PayableTerms = {
  terms: 'commission',
  commissionRateBp: 2000,
  netAmount: null,
  discountBearer: 'consignor',
  feeBearer: 'shop',
  feeRateBp: 0,
  shippingBearer: 'shop',
  shippingCost: 0,
};

const line = { listAmount: 110_000, discountAmount: 0, refundAmount: 0, feeBearingAmount: 0, shipments: 0 };

describe('payableFor', () => {
  it('takes a 20 % commission off the full price', () => {
    const figures = payableFor(commission20, line);
    expect(figures).toMatchObject({ soldAmount: 110_000, commissionAmount: 22_000, amount: 88_000 });
  });

  it('lets the consignor share a discount when the consignor bears discounts', () => {
    // ¥110,000 less a ¥10,000 coupon: 20 % of ¥100,000 is ¥20,000, the consignor gets ¥80,000.
    const figures = payableFor(commission20, { ...line, discountAmount: 10_000 });
    expect(figures).toMatchObject({ soldAmount: 100_000, commissionAmount: 20_000, amount: 80_000 });
  });

  it('leaves the consignor untouched by a discount the shop bears', () => {
    const figures = payableFor({ ...commission20, discountBearer: 'shop' }, { ...line, discountAmount: 10_000 });
    expect(figures).toMatchObject({ soldAmount: 100_000, commissionAmount: 22_000, amount: 88_000 });
  });

  it('lowers the base by a partial refund whoever bears discounts', () => {
    const figures = payableFor({ ...commission20, discountBearer: 'shop' }, { ...line, discountAmount: 10_000, refundAmount: 5_000 });
    // Base ¥105,000: commission ¥21,000, consignor ¥84,000.
    expect(figures).toMatchObject({ soldAmount: 95_000, commissionAmount: 21_000, amount: 84_000 });
  });

  it('rounds the commission down to the yen', () => {
    const figures = payableFor({ ...commission20, commissionRateBp: 1550 }, { ...line, listAmount: 12_345 });
    // 15.5 % of ¥12,345 is ¥1,913.475: commission ¥1,913.
    expect(figures).toMatchObject({ commissionAmount: 1_913, amount: 10_432 });
  });

  it('scales an agreed net amount by the price finally received', () => {
    const net: PayableTerms = { ...commission20, terms: 'net', commissionRateBp: null, netAmount: 70_000 };
    expect(payableFor(net, line)).toMatchObject({ amount: 70_000, commissionAmount: 40_000 });
    expect(payableFor(net, { ...line, refundAmount: 11_000 })).toMatchObject({ amount: 63_000 });
    expect(payableFor({ ...net, discountBearer: 'shop' }, { ...line, discountAmount: 11_000 })).toMatchObject({ amount: 70_000 });
  });

  it('deducts fees and shipping only when the consignor bears them', () => {
    const bearer: PayableTerms = { ...commission20, feeBearer: 'consignor', feeRateBp: 350, shippingBearer: 'consignor', shippingCost: 800 };
    const figures = payableFor(bearer, { ...line, feeBearingAmount: 110_000, shipments: 1 });
    // Fee 3.5 % of ¥110,000 = ¥3,850; shipping ¥800; 88,000 - 3,850 - 800 = 83,350.
    expect(figures).toMatchObject({ feeAmount: 3_850, shippingAmount: 800, amount: 83_350 });
    expect(payableFor(commission20, { ...line, feeBearingAmount: 110_000, shipments: 1 })).toMatchObject({ feeAmount: 0, shippingAmount: 0 });
  });

  it('rejects negative or fractional yen', () => {
    expect(() => payableFor(commission20, { ...line, discountAmount: -1 })).toThrow(RangeError);
    expect(() => payableFor(commission20, { ...line, listAmount: 1.5 })).toThrow(RangeError);
  });
});

describe('payableCorrection', () => {
  it('is the difference that brings the written entries to the figures now', () => {
    const sold = payableFor(commission20, { ...line, discountAmount: 10_000 });
    const refunded = payableFor(commission20, { ...line, discountAmount: 10_000, refundAmount: 20_000 });
    const correction = payableCorrection(refunded, sold);
    expect(correction).toMatchObject({ refundAmount: 20_000, soldAmount: -20_000, commissionAmount: -4_000, amount: -16_000 });
    expect(payableCorrection(ZERO_FIGURES, sold).amount).toBe(-80_000);
  });
});
