import { defineErrors } from '../../../shared/errors.js';

// Errors of channel orders, and the wording of the problems that flag an order for a person.

export const channelOrderErrors = defineErrors({
  channel_order_not_found: {
    kind: 'not_found',
    ja: (p: { id: number }) => `受注（ID ${p.id}）が見つかりません。受注一覧から選び直してください。`,
    en: (p: { id: number }) => `Channel order ${p.id} was not found. Choose it again from the order list.`,
  },
  channel_order_line_not_found: {
    kind: 'not_found',
    ja: (p: { id: number }) => `受注明細（ID ${p.id}）が見つかりません。`,
    en: (p: { id: number }) => `Order line ${p.id} was not found.`,
  },
  channel_order_cancelled: {
    kind: 'conflict',
    ja: (p: { orderNumber: string }) => `注文 ${p.orderNumber} はキャンセル済みのため、この操作はできません。`,
    en: (p: { orderNumber: string }) => `Order ${p.orderNumber} is cancelled, so this cannot be done.`,
  },
  channel_order_line_not_open: {
    kind: 'conflict',
    ja: (p: { orderNumber: string; lineKey: string }) => `注文 ${p.orderNumber} の明細 ${p.lineKey} には品が引き当て済みです。代わりの品は、品が割り当たっていない明細にだけ指定できます。`,
    en: (p: { orderNumber: string; lineKey: string }) => `Line ${p.lineKey} of order ${p.orderNumber} already has a piece reserved. A substitute can be given only to a line without one.`,
  },
  channel_order_not_confirmable: {
    kind: 'conflict',
    ja: (p: { orderNumber: string }) => `注文 ${p.orderNumber} は要確認のままです。問題を解決してから確認を送ってください。`,
    en: (p: { orderNumber: string }) => `Order ${p.orderNumber} is still flagged. Resolve the problem before sending the confirmation.`,
  },
  channel_call_failed: {
    kind: 'conflict',
    ja: (p: { channel: string; messageJa: string; messageEn: string }) => `「${p.channel}」への送信に失敗しました：${p.messageJa}`,
    en: (p: { channel: string; messageJa: string; messageEn: string }) => `Sending to "${p.channel}" failed: ${p.messageEn}`,
  },
  webhook_order_invalid: {
    kind: 'invalid',
    ja: (p: { messageJa: string; messageEn: string }) => `受け取った注文のデータを取り込めません：${p.messageJa}`,
    en: (p: { messageJa: string; messageEn: string }) => `The order received cannot be taken in: ${p.messageEn}`,
  },
  webhook_signature_invalid: {
    kind: 'unauthenticated',
    ja: (p: { reasonJa: string; reasonEn: string }) => `署名を確認できませんでした：${p.reasonJa}`,
    en: (p: { reasonJa: string; reasonEn: string }) => `The signature could not be verified: ${p.reasonEn}`,
  },
});

/** Problems that flag an order; stored as both messages so the screen shows either language. */
export const orderProblems = defineErrors({
  line_unmatched: {
    kind: 'conflict',
    ja: (p: { code: string; title: string }) => `明細「${p.title}」（商品コード ${p.code}）に対応する出品がありません。代わりの品を割り当てるか、チャネル側でキャンセルしてください。`,
    en: (p: { code: string; title: string }) => `No listing matches line "${p.title}" (item code ${p.code}). Assign a piece to it, or cancel the order on the channel.`,
  },
  line_short: {
    kind: 'conflict',
    ja: (p: { stockNumber: string; holder: string; holderEn: string }) =>
      `在庫番号 ${p.stockNumber} は ${p.holder} で先に売れたため、この注文に引き当てられません（同時販売の衝突）。チャネル側で在庫切れとしてキャンセルするか、代わりの品を割り当ててください。`,
    en: (p: { stockNumber: string; holder: string; holderEn: string }) =>
      `Stock number ${p.stockNumber} was sold first by ${p.holderEn}, so it cannot be reserved for this order (a concurrent-selling collision). Cancel the order on the channel as out of stock, or assign a substitute piece.`,
  },
  sold_offline: {
    kind: 'conflict',
    ja: (p: { stockNumber: string; saleNumber: string }) =>
      `在庫番号 ${p.stockNumber} は通信が切れている間に店頭で売れたため（売上 ${p.saleNumber}、オフライン販売）、この注文の引当を解除しました。チャネル側で在庫切れとしてキャンセルするか、代わりの品を割り当ててください。`,
    en: (p: { stockNumber: string; saleNumber: string }) =>
      `Stock number ${p.stockNumber} was sold at the counter while the network was down (sale ${p.saleNumber}, an offline sale), so this order's reservation was released. Cancel the order on the channel as out of stock, or assign a substitute piece.`,
  },
  totals_mismatch: {
    kind: 'conflict',
    ja: (p: { detailJa: string; detailEn: string }) => `金額の検算が合いません：${p.detailJa}`,
    en: (p: { detailJa: string; detailEn: string }) => `The totals do not add up: ${p.detailEn}`,
  },
});
