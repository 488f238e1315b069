import type { SaleLineOutput, SaleOutput } from '../sales/schemas.js';
import type { ReceiptCompany, ReceiptLocation } from './model.js';

// A sale built by hand for receipt tests: a ring at 10 % with a 10 % line discount, two
// boxes of sweets at the reduced 8 % rate, and a ¥1,000 coupon over both. The figures are
// what the tax engine gives for it with rounding down (receipt.test.ts checks that).

export const COMPANY: ReceiptCompany = {
  name: '株式会社つなぐ宝飾',
  postalCode: '104-0061',
  address: '東京都中央区銀座1-2-3',
  phone: '03-1234-5678',
  invoiceRegistrationNumber: 'T7000012050002',
};

export const LOCATION: ReceiptLocation = {
  name: '銀座本店',
  postalCode: null,
  address: '東京都中央区銀座1-2-3 1F',
  phone: '03-1234-5679',
};

function saleLine(overrides: Partial<SaleLineOutput> & Pick<SaleLineOutput, 'lineNo' | 'stockNumber' | 'itemName'>): SaleLineOutput {
  return {
    id: overrides.lineNo,
    itemId: 100 + overrides.lineNo,
    quantity: 1,
    unitPrice: 1000,
    priceBasis: 'included',
    taxRatePercent: 10,
    discount: null,
    grossAmount: 1000,
    lineDiscount: 0,
    amount: 1000,
    allocatedReduction: 0,
    finalAmount: 1000,
    costAmount: 500,
    originalLineId: null,
    returnLocationId: null,
    returnableQuantity: 1,
    ...overrides,
  };
}

/** The mixed-rate sale, completed and paid in cash (¥110,000 tendered) and by card. */
export function mixedRateSale(overrides: Partial<SaleOutput> = {}): SaleOutput {
  return {
    id: 42,
    number: 'S2612-00042',
    kind: 'sale',
    status: 'completed',
    originalSaleId: null,
    originalSaleNumber: null,
    locationId: 1,
    locationName: LOCATION.name,
    registerId: 3,
    registerName: 'レジ1',
    customerId: 7,
    customerName: '山田 花子',
    businessDate: '2026-12-04',
    // 14:32 in Japan.
    soldAt: '2026-12-04T05:32:10.000Z',
    priceBasis: 'included',
    taxRounding: 'down',
    subtotal: 105_480,
    reductionTotal: 1_000,
    total: 104_480,
    taxTotal: 9_389,
    taxRates: [
      { ratePercent: 8, amount: 6_419, total: 6_419, net: 5_944, tax: 475 },
      { ratePercent: 10, amount: 98_061, total: 98_061, net: 89_147, tax: 8_914 },
    ],
    itemCount: 3,
    createdBy: 5,
    createdByName: '佐藤 一郎',
    lines: [
      saleLine({
        lineNo: 1,
        stockNumber: 'R-0001',
        itemName: 'K18 ダイヤモンドリング 0.30ct',
        unitPrice: 110_000,
        discount: { percent: 10 },
        grossAmount: 110_000,
        lineDiscount: 11_000,
        amount: 99_000,
        allocatedReduction: 939,
        finalAmount: 98_061,
      }),
      saleLine({
        lineNo: 2,
        stockNumber: 'F-0002',
        itemName: '焼き菓子ギフト',
        quantity: 2,
        unitPrice: 3_240,
        taxRatePercent: 8,
        grossAmount: 6_480,
        amount: 6_480,
        allocatedReduction: 61,
        finalAmount: 6_419,
        returnableQuantity: 2,
      }),
    ],
    reductions: [{ kind: 'coupon', discount: { yen: 1_000 } }],
    payments: [
      { method: 'cash', amount: 100_000, tendered: 110_000, change: 10_000, reference: null },
      { method: 'card', amount: 4_480, tendered: null, change: null, reference: '0123' },
    ],
    staff: [
      { userId: 5, displayName: '佐藤 一郎', sharePercent: 60 },
      { userId: 6, displayName: '鈴木 次郎', sharePercent: 40 },
    ],
    note: null,
    reason: null,
    invoiceRegistrationNumber: 'T7000012050002',
    receiptPrintCount: 0,
    voidedAt: null,
    voidReason: null,
    returns: [],
    voidable: true,
    refundedTotal: 0,
    ...overrides,
  };
}

/** The return of the ring from the mixed-rate sale, refunded in cash. */
export function ringReturn(overrides: Partial<SaleOutput> = {}): SaleOutput {
  const sale = mixedRateSale();
  const ring = sale.lines[0]!;
  return {
    ...sale,
    id: 43,
    number: 'R2612-00003',
    kind: 'return',
    originalSaleId: sale.id,
    originalSaleNumber: sale.number,
    subtotal: 99_000,
    reductionTotal: 939,
    total: 98_061,
    taxTotal: 8_914,
    taxRates: [{ ratePercent: 10, amount: 98_061, total: 98_061, net: 89_147, tax: 8_914 }],
    itemCount: 1,
    lines: [{ ...ring, id: 90, originalLineId: ring.id, returnLocationId: 1, returnableQuantity: 0 }],
    reductions: [],
    payments: [{ method: 'cash', amount: 98_061, tendered: null, change: null, reference: null }],
    reason: 'サイズ違い',
    returns: [],
    voidable: false,
    ...overrides,
  };
}

/** A sale of `count` pieces at 10 %, for page-break tests. */
export function longSale(count: number): SaleOutput {
  const lines = Array.from({ length: count }, (_, index) =>
    saleLine({
      lineNo: index + 1,
      stockNumber: `P-${String(index + 1).padStart(4, '0')}`,
      itemName: `Pt900 パールネックレス ${index + 1}`,
      unitPrice: 11_000,
      grossAmount: 11_000,
      amount: 11_000,
      finalAmount: 11_000,
    }),
  );
  const total = 11_000 * count;
  const tax = Math.floor((total * 10) / 110);
  return mixedRateSale({
    subtotal: total,
    reductionTotal: 0,
    total,
    taxTotal: tax,
    taxRates: [{ ratePercent: 10, amount: total, total, net: total - tax, tax }],
    itemCount: count,
    lines,
    reductions: [],
    payments: [{ method: 'card', amount: total, tendered: null, change: null, reference: null }],
  });
}

/**
 * Builds a sale of two earrings whose item price is tax-excluded (¥12,345 税抜 at 10 %), less
 * ¥777, on the usual tax-included document. Each unit converts to ¥13,579 (rounded down), so the
 * gross amount is ¥27,158 and the line ¥26,381, as the tax engine gives (model.test.ts checks).
 */
export function excludedItemSale(overrides: Partial<SaleOutput> = {}): SaleOutput {
  return mixedRateSale({
    subtotal: 26_381,
    reductionTotal: 0,
    total: 26_381,
    taxTotal: 2_398,
    taxRates: [{ ratePercent: 10, amount: 26_381, total: 26_381, net: 23_983, tax: 2_398 }],
    itemCount: 2,
    lines: [
      saleLine({
        lineNo: 1,
        stockNumber: 'E-0003',
        itemName: 'K18 ピアス',
        quantity: 2,
        unitPrice: 12_345,
        priceBasis: 'excluded',
        discount: { yen: 777 },
        grossAmount: 27_158,
        lineDiscount: 777,
        amount: 26_381,
        finalAmount: 26_381,
        returnableQuantity: 2,
      }),
    ],
    reductions: [],
    payments: [{ method: 'qr', amount: 26_381, tendered: null, change: null, reference: null }],
    ...overrides,
  });
}
