import { computeTaxDocument } from '../../tax/engine.js';
import type { ChannelOrder } from '../adapter.js';

// Pure checks of a channel order's figures. The channel's amounts are stored as given. These
// checks only report whether they add up, so a person looks at an order whose do not.

export interface TotalsCheck {
  ok: boolean;
  /** Figures that do not add up, in both languages; empty when all is well. */
  problems: Array<{ ja: string; en: string }>;
}

const yen = (value: number) => `${value.toLocaleString('ja-JP')}円`;
const yenEn = (value: number) => `¥${value.toLocaleString('en-US')}`;

/**
 * Consumption tax contained in a tax-included amount at `rate` (0.1, 0.08), as the tax
 * engine computes it for one document at that rate, rounded down to the yen.
 */
export function includedTax(amount: number, rate: number): number {
  const ratePercent = Math.round(rate * 100);
  const document = computeTaxDocument({ basis: 'included', rounding: 'down', lines: [{ unitPrice: amount, quantity: 1, ratePercent }] });
  return document.rates[0]?.tax ?? 0;
}

/**
 * Checks that the goods add up to the lines, that the total is goods plus shipping and fees
 * less coupons and points, and that each rate's tax the channel reported is the tax the
 * engine computes for that rate's taxable amount, within one yen (channels round per
 * order, some per line).
 */
export function checkOrderTotals(order: Pick<ChannelOrder, 'lines' | 'totals'>): TotalsCheck {
  const problems: TotalsCheck['problems'] = [];
  const { totals } = order;

  const lineSum = order.lines.reduce((sum, line) => sum + line.unitPrice * line.quantity, 0);
  if (lineSum !== totals.goods) {
    problems.push({
      ja: `明細の合計 ${yen(lineSum)} と商品金額 ${yen(totals.goods)} が一致しません。`,
      en: `The lines add up to ${yenEn(lineSum)}, but the goods amount is ${yenEn(totals.goods)}.`,
    });
  }

  const expectedTotal = totals.goods + totals.shipping + totals.fees - totals.coupon - totals.points;
  if (expectedTotal !== totals.total) {
    problems.push({
      ja: `商品 ${yen(totals.goods)} + 送料 ${yen(totals.shipping)} + 手数料 ${yen(totals.fees)} − クーポン ${yen(totals.coupon)} − ポイント ${yen(totals.points)} = ${yen(expectedTotal)} ですが、請求額は ${yen(totals.total)} です。`,
      en: `Goods ${yenEn(totals.goods)} + shipping ${yenEn(totals.shipping)} + fees ${yenEn(totals.fees)} − coupon ${yenEn(totals.coupon)} − points ${yenEn(totals.points)} = ${yenEn(expectedTotal)}, but the amount billed is ${yenEn(totals.total)}.`,
    });
  }

  for (const rate of totals.taxByRate) {
    if (rate.rate <= 0) continue;
    const percentValue = Math.round(rate.rate * 100);
    if (percentValue !== 10 && percentValue !== 8) {
      problems.push({ ja: `税率 ${rate.rate} は消費税率（10% または 8%）ではありません。`, en: `Tax rate ${rate.rate} is not a consumption tax rate (10% or 8%).` });
      continue;
    }
    const expected = includedTax(rate.taxable, rate.rate);
    if (Math.abs(expected - rate.tax) > 1) {
      const percent = `${Math.round(rate.rate * 100)}%`;
      problems.push({
        ja: `${percent} 対象 ${yen(rate.taxable)} の消費税は ${yen(expected)} のはずですが、${yen(rate.tax)} と報告されています。`,
        en: `Tax on ${yenEn(rate.taxable)} at ${percent} should be ${yenEn(expected)}, but ${yenEn(rate.tax)} was reported.`,
      });
    }
  }
  return { ok: problems.length === 0, problems };
}
