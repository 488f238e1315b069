import { defineErrors } from '../../shared/errors.js';

// Errors shared by the documents that move stock (purchases, supplier returns, transfers,
// write-offs, split and combine). Line errors carry `details: { field }` for forms.

export const stockLineErrors = defineErrors({
  location_inactive: {
    kind: 'conflict',
    ja: (p: { location: string }) => `拠点「${p.location}」は使用停止中です。拠点の設定で有効にするか、別の拠点を選んでください。`,
    en: (p: { location: string }) => `Location "${p.location}" is inactive. Activate it in the location settings or choose another location.`,
  },
  duplicate_line_item: {
    kind: 'invalid',
    ja: (p: { stockNumber: string }) => `在庫番号 ${p.stockNumber} が複数の行にあります。1 行にまとめて数量を入力してください。`,
    en: (p: { stockNumber: string }) => `Stock number ${p.stockNumber} appears on more than one line. Put it on one line with the total quantity.`,
  },
  unique_piece_quantity: {
    kind: 'invalid',
    ja: (p: { stockNumber: string; quantity: number }) =>
      `在庫番号 ${p.stockNumber} は 1点物のため数量は 1 です（入力: ${p.quantity}）。数量を 1 にしてください。`,
    en: (p: { stockNumber: string; quantity: number }) =>
      `Stock number ${p.stockNumber} is a unique piece, so its quantity is 1 (entered: ${p.quantity}). Set the quantity to 1.`,
  },
});
