import { defineErrors } from '../../shared/errors.js';

export const ledgerErrors = defineErrors({
  insufficient_stock: {
    kind: 'conflict',
    ja: (p: { stockNumber: string; location: string; requested: number; available: number }) =>
      `在庫番号 ${p.stockNumber} は拠点「${p.location}」に ${p.requested} ありません（現在 ${p.available}）。他の処理で移動・販売された可能性があります。画面を更新して確認してください。`,
    en: (p: { stockNumber: string; location: string; requested: number; available: number }) =>
      `Stock number ${p.stockNumber} does not have ${p.requested} at location "${p.location}" (available: ${p.available}). It may have been moved or sold meanwhile; refresh and check.`,
  },
  stock_reserved: {
    kind: 'conflict',
    ja: (p: { stockNumber: string; location: string }) =>
      `在庫番号 ${p.stockNumber} は拠点「${p.location}」で注文または他のレジの販売に引当済みです。引当を解除するか、別の商品を選んでください。`,
    en: (p: { stockNumber: string; location: string }) =>
      `Stock number ${p.stockNumber} at "${p.location}" is reserved for an order or a sale at another register. Release the reservation or choose another item.`,
  },
  unique_piece_already_in_stock: {
    kind: 'conflict',
    ja: (p: { stockNumber: string }) => `在庫番号 ${p.stockNumber} は 1点物で、既にいずれかの拠点に在庫があります。`,
    en: (p: { stockNumber: string }) => `Stock number ${p.stockNumber} is a unique piece and is already in stock at a location.`,
  },
  same_location: {
    kind: 'invalid',
    ja: () => '移動元と移動先が同じ拠点です。別の拠点を選んでください。',
    en: () => 'The source and destination are the same location. Choose another location.',
  },
});
