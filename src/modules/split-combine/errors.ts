import { defineErrors } from '../../shared/errors.js';

const yen = (amount: number) => `¥${amount.toLocaleString('ja-JP')}`;

export const splitCombineErrors = defineErrors({
  split_amounts_mismatch: {
    kind: 'invalid',
    ja: (p: { stockNumber: string; lotCost: number; total: number }) =>
      `分割後の原価の合計 ${yen(p.total)} が、在庫番号 ${p.stockNumber} の原価 ${yen(p.lotCost)} と一致しません（差額 ${yen(p.lotCost - p.total)}）。合計が一致するように金額を直してください。`,
    en: (p: { stockNumber: string; lotCost: number; total: number }) =>
      `The children's costs add up to ${yen(p.total)}, but stock number ${p.stockNumber} has a book cost of ${yen(p.lotCost)} (difference ${yen(p.lotCost - p.total)}). Correct the amounts so that they add up exactly.`,
  },
});
