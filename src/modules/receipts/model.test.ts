import { describe, expect, it } from 'vitest';
import { computeTaxDocument } from '../tax/engine.js';
import { buildReceiptModel, formatYen, type ReceiptModel } from './model.js';
import { COMPANY, excludedItemSale, LOCATION, mixedRateSale, ringReturn } from './receipt.fixture.js';

function rowText(rows: Array<{ label: string; text: string }>): string[] {
  return rows.map((row) => `${row.label} ${row.text}`);
}

function metaValue(model: ReceiptModel, label: string): string | undefined {
  return model.meta.find((entry) => entry.label === label)?.value;
}

describe('receipt fixture', () => {
  it('matches the tax engine', () => {
    const sale = mixedRateSale();
    const result = computeTaxDocument({
      basis: 'included',
      rounding: 'down',
      lines: sale.lines.map((line) => ({ unitPrice: line.unitPrice, quantity: line.quantity, ratePercent: line.taxRatePercent, discount: line.discount ?? undefined })),
      reductions: sale.reductions,
    });
    expect(result.total).toBe(sale.total);
    expect(result.subtotal).toBe(sale.subtotal);
    expect(result.tax).toBe(sale.taxTotal);
    for (const rate of result.rates) {
      expect(sale.taxRates.find((entry) => entry.ratePercent === rate.ratePercent)).toEqual(rate);
    }
    expect(result.lines.map((line) => line.finalAmount)).toEqual(sale.lines.map((line) => line.finalAmount));
  });

  it('matches the engine for a tax-excluded item', () => {
    const sale = excludedItemSale();
    const line = sale.lines[0]!;
    const result = computeTaxDocument({
      basis: 'included',
      rounding: 'down',
      lines: [{ unitPrice: line.unitPrice, quantity: line.quantity, ratePercent: line.taxRatePercent, priceBasis: line.priceBasis, discount: line.discount ?? undefined }],
    });
    expect(result.lines[0]).toMatchObject({ grossAmount: line.grossAmount, lineDiscount: line.lineDiscount, amount: line.amount, finalAmount: line.finalAmount });
    expect(result.total).toBe(sale.total);
    expect(result.rates).toEqual(sale.taxRates);
  });
});

describe('formatYen', () => {
  it('groups thousands and signs negatives', () => {
    expect(formatYen(0)).toBe('¥0');
    expect(formatYen(999)).toBe('¥999');
    expect(formatYen(1_234_567)).toBe('¥1,234,567');
    expect(formatYen(-98_061)).toBe('-¥98,061');
  });
});

describe('buildReceiptModel for a sale', () => {
  const model = buildReceiptModel(mixedRateSale(), COMPANY, LOCATION, { locale: 'ja', copy: false });

  it('titles registered sales as qualified', () => {
    expect(model.qualified).toBe(true);
    expect(model.titles).toEqual({ roll: '適格簡易請求書', a4: '適格請求書' });
    expect(model.issuer.registration).toBe('登録番号 T7000012050002');
    expect(model.notQualifiedNotice).toBeNull();
  });

  it('prints per-rate totals and tax', () => {
    expect(model.rates.map((rate) => rate.ratePercent)).toEqual([10, 8]);
    expect(rowText(model.rates.map((rate) => rate.total))).toEqual(['10%対象 ¥98,061', '8%対象 ¥6,419']);
    expect(rowText(model.rates.map((rate) => rate.tax!))).toEqual(['内消費税 ¥8,914', '内消費税 ¥475']);
  });

  it('marks reduced-rate lines with ※', () => {
    expect(model.lines.map((line) => line.mark)).toEqual(['', '※']);
    expect(model.lines[1]?.reduced).toBe(true);
    expect(model.reducedLegend).toBe('※は軽減税率対象');
  });

  it('omits legend without reduced lines', () => {
    const sale = mixedRateSale();
    const onlyRing = buildReceiptModel({ ...sale, lines: [sale.lines[0]!] }, COMPANY, LOCATION, { locale: 'ja', copy: false });
    expect(onlyRing.reducedLegend).toBeNull();
  });

  it('prints gross amount, then discount', () => {
    const [ring, sweets] = model.lines;
    expect(ring?.stockNumber).toBe('R-0001');
    expect(ring?.unitPriceText).toBe('¥110,000');
    expect(ring?.amountText).toBe('¥110,000');
    expect(ring?.discount && rowText([ring.discount])).toEqual(['値引 10% -¥11,000']);
    expect(sweets?.quantityText).toBe('2点');
    expect(sweets?.unitPriceText).toBe('¥3,240');
    expect(sweets?.amountText).toBe('¥6,480');
    expect(sweets?.discount).toBeNull();
  });

  it('adds each line up to its amount', () => {
    // Printed amount plus printed discount is the line's amount from the sale, and the
    // lines add up to the subtotal: nothing is taken off twice.
    const sale = mixedRateSale();
    for (const [index, line] of model.lines.entries()) {
      expect(line.amount + (line.discount?.amount ?? 0)).toBe(sale.lines[index]!.amount);
      expect(line.unitPrice * line.quantity).toBe(sale.lines[index]!.grossAmount);
    }
    const printed = model.lines.reduce((sum, line) => sum + line.amount + (line.discount?.amount ?? 0), 0);
    expect(printed).toBe(sale.subtotal);
  });

  it('prints subtotal, coupon and total', () => {
    expect(rowText(model.totals)).toEqual(['小計 ¥105,480', 'クーポン ¥1,000 -¥1,000', '合計 ¥104,480']);
    expect(model.totals.at(-1)?.emphasis).toBe(true);
  });

  it('prints cash tendered and change', () => {
    expect(model.paymentHeading).toBe('お支払い');
    expect(rowText(model.payments)).toEqual(['現金 ¥100,000', 'お預り ¥110,000', 'お釣り ¥10,000', 'クレジットカード (伝票番号 0123) ¥4,480']);
  });

  it('prints transaction details', () => {
    expect(metaValue(model, '日時')).toBe('2026-12-04 14:32');
    expect(metaValue(model, 'レジ')).toBe('レジ1');
    expect(model.numberLabel).toBe('販売番号');
    expect(metaValue(model, '販売番号')).toBe('S2612-00042');
    expect(metaValue(model, '返品番号')).toBeUndefined();
    expect(metaValue(model, '担当')).toBe('佐藤 一郎、鈴木 次郎');
    expect(metaValue(model, 'お客様')).toBe('山田 花子 様');
    expect(model.recipient.text).toBe('山田 花子 様');
    expect(model.barcodeText).toBe('S2612-00042');
  });

  it('prints issuer and store contacts', () => {
    expect(model.issuer.contactLines).toEqual(['〒104-0061', '東京都中央区銀座1-2-3', 'TEL 03-1234-5678']);
    expect(model.store).toEqual({ name: '銀座本店', contactLines: ['東京都中央区銀座1-2-3 1F', 'TEL 03-1234-5679'] });
  });

  it('omits marks on first print', () => {
    expect(model.copyMark).toBeNull();
    expect(model.returnMark).toBeNull();
    expect(model.voidNotice).toBeNull();
  });
});

describe('buildReceiptModel for a tax-excluded item', () => {
  const model = buildReceiptModel(excludedItemSale(), COMPANY, LOCATION, { locale: 'ja', copy: false });
  const line = model.lines[0]!;

  it('prints the tax-included unit price', () => {
    expect(line.unitPrice).toBe(13_579);
    expect(line.unitPriceText).toBe('¥13,579');
    expect(line.quantityText).toBe('2点');
  });

  it('marks the item price 税抜', () => {
    expect(line.itemPriceText).toBe('税抜 ¥12,345');
    const english = buildReceiptModel(excludedItemSale(), COMPANY, LOCATION, { locale: 'en', copy: false });
    expect(english.lines[0]?.itemPriceText).toBe('excl. tax ¥12,345');
  });

  it('prints gross amount, then yen discount', () => {
    expect(line.amountText).toBe('¥27,158');
    expect(line.discount).not.toBeNull();
    expect(rowText([line.discount!])).toEqual(['値引 ¥777 -¥777']);
    expect(line.amount + line.discount!.amount).toBe(26_381);
  });

  it('omits the mark on the same basis', () => {
    expect(buildReceiptModel(mixedRateSale(), COMPANY, LOCATION, { locale: 'ja', copy: false }).lines.map((entry) => entry.itemPriceText)).toEqual([null, null]);
  });

  it('marks a tax-included item 税込', () => {
    // A tax-excluded document with items priced tax-included shows their own price as 税込.
    const excludedDocument = buildReceiptModel(mixedRateSale({ priceBasis: 'excluded' }), COMPANY, LOCATION, { locale: 'ja', copy: false });
    expect(excludedDocument.lines[0]?.itemPriceText).toBe('税込 ¥110,000');
  });
});

describe('buildReceiptModel options and variants', () => {
  it('marks reprints as copies', () => {
    expect(buildReceiptModel(mixedRateSale(), COMPANY, LOCATION, { locale: 'ja', copy: true }).copyMark).toBe('控え（再発行）');
    expect(buildReceiptModel(mixedRateSale(), COMPANY, LOCATION, { locale: 'en', copy: true }).copyMark).toBe('COPY (reprint)');
  });

  it.each([
    ['down', '端数処理: 切り捨て', 'Tax rounding: round down'],
    ['half_up', '端数処理: 四捨五入', 'Tax rounding: round half up'],
    ['up', '端数処理: 切り上げ', 'Tax rounding: round up'],
  ] as const)('labels rounding %s', (mode, ja, en) => {
    const sale = mixedRateSale({ taxRounding: mode });
    expect(buildReceiptModel(sale, COMPANY, LOCATION, { locale: 'ja', copy: false }).roundingText).toBe(ja);
    expect(buildReceiptModel(sale, COMPANY, LOCATION, { locale: 'en', copy: false }).roundingText).toBe(en);
  });

  it('keeps the tax figures of the sale', () => {
    // The figures stay those of the sale even when the label changes: nothing is recomputed.
    const model = buildReceiptModel(mixedRateSale({ taxRounding: 'up' }), COMPANY, LOCATION, { locale: 'ja', copy: false });
    expect(model.rates[0]?.tax?.amount).toBe(8_914);
  });

  it('flags a missing registration number', () => {
    for (const invoiceRegistrationNumber of [null, 'T123', 'X7000012050002']) {
      const model = buildReceiptModel(mixedRateSale({ invoiceRegistrationNumber }), COMPANY, LOCATION, { locale: 'ja', copy: false });
      expect(model.qualified).toBe(false);
      expect(model.issuer.registration).toBeNull();
      expect(model.titles).toEqual({ roll: '領収書', a4: '領収書' });
      expect(model.notQualifiedNotice).toContain('適格請求書ではありません');
    }
  });

  it('prints the registration number of the sale', () => {
    const model = buildReceiptModel(mixedRateSale(), { ...COMPANY, invoiceRegistrationNumber: null }, LOCATION, { locale: 'ja', copy: false });
    expect(model.issuer.registrationNumber).toBe('T7000012050002');
  });

  it('prints blank recipient without customer', () => {
    const model = buildReceiptModel(mixedRateSale({ customerId: null, customerName: null }), COMPANY, LOCATION, { locale: 'ja', copy: false });
    expect(model.recipient).toEqual({ name: null, text: '様' });
    expect(metaValue(model, 'お客様')).toBeUndefined();
  });

  it('marks voided sales 取消', () => {
    const sale = mixedRateSale({ status: 'voided', voidedAt: '2026-12-04T06:00:00.000Z', voidReason: '打ち間違い' });
    const model = buildReceiptModel(sale, COMPANY, LOCATION, { locale: 'ja', copy: false });
    expect(model.voided).toBe(true);
    expect(model.voidNotice?.mark).toBe('取消');
    expect(model.voidNotice?.lines).toEqual(['この取引は 2026-12-04 15:00 に取り消されました。', '取消理由: 打ち間違い']);
  });

  it('adds tax on excluded basis', () => {
    const model = buildReceiptModel(mixedRateSale({ priceBasis: 'excluded' }), COMPANY, LOCATION, { locale: 'ja', copy: false });
    expect(model.basisNote).toBe('金額は税抜です。');
    expect(rowText(model.totals)).toContain('消費税 ¥9,389');
  });

  it('words payment methods as the screen does', () => {
    // The sales screen and the sales CSV word the methods this way, so the receipt does too.
    const qr = buildReceiptModel(excludedItemSale(), COMPANY, LOCATION, { locale: 'ja', copy: false });
    expect(qr.payments[0]?.label).toBe('QR コード決済');
    const english = buildReceiptModel(mixedRateSale(), COMPANY, LOCATION, { locale: 'en', copy: false });
    expect(english.payments.map((row) => row.label)).toEqual(['Cash', 'Tendered', 'Change', 'Card (Ref. 0123)']);
  });

  it('writes English labels', () => {
    const model = buildReceiptModel(mixedRateSale(), COMPANY, LOCATION, { locale: 'en', copy: false });
    expect(model.titles).toEqual({ roll: 'Qualified simplified invoice', a4: 'Qualified invoice' });
    expect(rowText(model.rates.map((rate) => rate.total))).toEqual(['10% items ¥98,061', '8% items ¥6,419']);
    expect(model.reducedLegend).toBe('※ marks reduced-rate items');
    expect(metaValue(model, 'Staff')).toBe('佐藤 一郎, 鈴木 次郎');
  });
});

describe('buildReceiptModel for a return', () => {
  const model = buildReceiptModel(ringReturn(), COMPANY, LOCATION, { locale: 'ja', copy: false });

  it('titles it a qualified return invoice', () => {
    expect(model.titles).toEqual({ roll: '適格返還請求書', a4: '適格返還請求書' });
    expect(model.returnMark).toBe('返品');
    expect(metaValue(model, '元の販売番号')).toBe('S2612-00042');
    expect(metaValue(model, '返品理由')).toBe('サイズ違い');
  });

  it('labels its own number 返品番号', () => {
    expect(model.numberLabel).toBe('返品番号');
    expect(metaValue(model, '返品番号')).toBe('R2612-00003');
    expect(metaValue(model, '販売番号')).toBeUndefined();
    const english = buildReceiptModel(ringReturn(), COMPANY, LOCATION, { locale: 'en', copy: false });
    expect(english.numberLabel).toBe('Return No.');
    expect(metaValue(english, 'Return No.')).toBe('R2612-00003');
    expect(metaValue(english, 'Original sale No.')).toBe('S2612-00042');
  });

  it('prints original sale date', () => {
    expect(metaValue(model, '元の販売日時')).toBeUndefined();
    const dated = buildReceiptModel(ringReturn(), COMPANY, LOCATION, { locale: 'ja', copy: false, originalSoldAt: '2026-11-30T01:05:00.000Z' });
    expect(metaValue(dated, '元の販売日時')).toBe('2026-11-30 10:05');
  });

  it('prints refunded amounts as negatives', () => {
    expect(model.lines.map((line) => line.amountText)).toEqual(['-¥98,061']);
    expect(model.lines[0]?.discount).toBeNull();
    expect(rowText(model.totals)).toEqual(['合計 -¥98,061']);
    expect(rowText(model.rates.map((rate) => rate.total))).toEqual(['10%対象 -¥98,061']);
    expect(model.rates[0]?.tax?.text).toBe('-¥8,914');
  });

  it('prints refunds and refund total', () => {
    expect(model.paymentHeading).toBe('返金');
    expect(rowText(model.payments)).toEqual(['現金 ¥98,061', '返金額 ¥98,061']);
  });

  it('handles signed stored amounts', () => {
    const signed = ringReturn({ total: -98_061, taxRates: [{ ratePercent: 10, amount: -98_061, total: -98_061, net: -89_147, tax: -8_914 }] });
    const signedModel = buildReceiptModel(signed, COMPANY, LOCATION, { locale: 'ja', copy: false });
    expect(rowText(signedModel.totals)).toEqual(['合計 -¥98,061']);
    expect(signedModel.rates[0]?.tax?.text).toBe('-¥8,914');
  });
});
