import { defineErrors } from '../../shared/errors.js';

// Errors of offline sales, and the wording of what syncing one found, stored in both
// languages with the offline sale so the list shows either.

export const offlineSaleErrors = defineErrors({
  offline_sale_not_found: {
    kind: 'not_found',
    ja: (p: { id: number }) => `オフライン販売（ID ${p.id}）が見つかりません。一覧から選び直してください。`,
    en: (p: { id: number }) => `Offline sale ${p.id} was not found. Choose it again from the list.`,
  },
  offline_sale_already_resolved: {
    kind: 'conflict',
    ja: (p: { id: number; at: string }) => `オフライン販売（ID ${p.id}）は ${p.at} に解決済みです。`,
    en: (p: { id: number; at: string }) => `Offline sale ${p.id} was already resolved at ${p.at}.`,
  },
  offline_sale_nothing_to_resolve: {
    kind: 'conflict',
    ja: (p: { id: number }) => `オフライン販売（ID ${p.id}）は問題なく計上されたため、解決の必要はありません。`,
    en: (p: { id: number }) => `Offline sale ${p.id} was recorded without a problem, so there is nothing to resolve.`,
  },
});

/** Findings of a sync, stored per offline sale as its conflict or note. */
export const offlineFindings = defineErrors({
  piece_gone: {
    kind: 'conflict',
    ja: (p: { stockNumber: string; takenBy: string; takenByEn: string }) =>
      `在庫番号 ${p.stockNumber} はオフラインの間に ${p.takenBy} で販売済みのため、このオフライン販売は計上していません（二重販売の防止）。お客様への返金や代わりの品を決めて、解決にしてください。`,
    en: (p: { stockNumber: string; takenBy: string; takenByEn: string }) =>
      `Stock number ${p.stockNumber} was sold by ${p.takenByEn} while the device was offline, so this offline sale was not recorded (nothing is sold twice). Decide on a refund or a substitute for the customer, then mark it resolved.`,
  },
  sale_rejected: {
    kind: 'conflict',
    ja: (p: { reasonJa: string; reasonEn: string }) => `このオフライン販売は計上できませんでした：${p.reasonJa} 内容を確かめて通常の販売として登録し直し、解決にしてください。`,
    en: (p: { reasonJa: string; reasonEn: string }) => `This offline sale could not be recorded: ${p.reasonEn} Check it, enter it again as a normal sale, then mark it resolved.`,
  },
  channel_order_released: {
    kind: 'conflict',
    ja: (p: { stockNumber: string; orders: string; ordersEn: string }) =>
      `在庫番号 ${p.stockNumber} はオフラインの間に ${p.orders} に引き当てられましたが、店頭のお客様に渡したためオフライン販売を計上し、注文の引当を解除しました。注文は要確認にしています。`,
    en: (p: { stockNumber: string; orders: string; ordersEn: string }) =>
      `Stock number ${p.stockNumber} was reserved for ${p.ordersEn} while the device was offline. The customer at the counter has it, so the offline sale was recorded and the order's reservation released; the order is flagged.`,
  },
  register_closed_rebooked: {
    kind: 'conflict',
    ja: (p: { register: string; deviceDate: string; bookedOn: string }) =>
      `レジ「${p.register}」は ${p.deviceDate} のレジ締めが済んでいたため、販売日時はそのままに ${p.bookedOn} の売上として計上しました。`,
    en: (p: { register: string; deviceDate: string; bookedOn: string }) =>
      `Register "${p.register}" was already closed for ${p.deviceDate}, so the sale keeps its time but was booked on ${p.bookedOn}.`,
  },
});
