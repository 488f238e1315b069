import { defineErrors } from '../../../shared/errors.js';

// Errors of selling (shipping) and refunding channel orders.

export const channelSaleErrors = defineErrors({
  channel_order_not_shippable: {
    kind: 'conflict',
    ja: (p: { orderNumber: string; status: string }) =>
      `注文 ${p.orderNumber} は状態が「${p.status}」のため、発送済みにできません。確認済み（発送待ち）の注文だけが発送できます。`,
    en: (p: { orderNumber: string; status: string }) =>
      `Order ${p.orderNumber} is "${p.status}", so it cannot be marked shipped. Only a confirmed order waiting to ship can be.`,
  },
  channel_order_lines_open: {
    kind: 'conflict',
    ja: (p: { orderNumber: string; lines: string }) =>
      `注文 ${p.orderNumber} の明細 ${p.lines} に品が引き当たっていません。代わりの品を割り当てるか、チャネル側で明細を取り消してから発送してください。`,
    en: (p: { orderNumber: string; lines: string }) =>
      `Lines ${p.lines} of order ${p.orderNumber} have no piece reserved. Assign a substitute, or remove the lines on the channel, before shipping.`,
  },
  channel_line_not_sold: {
    kind: 'conflict',
    ja: (p: { orderNumber: string; lineKey: string }) =>
      `注文 ${p.orderNumber} の明細 ${p.lineKey} はまだ発送（売上計上）されていないため、返金を記録できません。発送前の値引きはチャネル側で注文を変更してください。`,
    en: (p: { orderNumber: string; lineKey: string }) =>
      `Line ${p.lineKey} of order ${p.orderNumber} has not shipped yet, so no refund can be recorded. Change the order on the channel to lower its price before shipping.`,
  },
  channel_line_not_returnable: {
    kind: 'conflict',
    ja: (p: { orderNumber: string; lineKey: string }) =>
      `注文 ${p.orderNumber} の明細 ${p.lineKey} は発送済みでないか、既に返品を受け取っています。発送済みの明細の返品だけを一度受け取れます。`,
    en: (p: { orderNumber: string; lineKey: string }) =>
      `Line ${p.lineKey} of order ${p.orderNumber} has not shipped or its return was already received. A return can be received once, for a shipped line.`,
  },
  channel_refund_too_large: {
    kind: 'invalid',
    ja: (p: { lineKey: string; refundable: number }) =>
      `明細 ${p.lineKey} で返金できるのはあと ${p.refundable.toLocaleString('ja-JP')} 円までです。金額を見直してください。`,
    en: (p: { lineKey: string; refundable: number }) =>
      `At most ¥${p.refundable.toLocaleString('en-US')} can still be refunded on line ${p.lineKey}. Check the amount.`,
  },
});
