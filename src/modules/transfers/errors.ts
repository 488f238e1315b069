import { defineErrors } from '../../shared/errors.js';

const STATUS_LABELS = {
  in_transit: { ja: '移動中', en: 'in transit' },
  received: { ja: '受領済み', en: 'received' },
  cancelled: { ja: '取消済み', en: 'cancelled' },
} as const;

type TransferStatus = keyof typeof STATUS_LABELS;

export const transferErrors = defineErrors({
  transfer_not_found: {
    kind: 'not_found',
    ja: (p: { id: number }) => `移動伝票（ID ${p.id}）が見つかりません。移動の一覧から選び直してください。`,
    en: (p: { id: number }) => `Transfer ${p.id} was not found. Choose it again from the transfer list.`,
  },
  transfer_not_in_transit: {
    kind: 'conflict',
    ja: (p: { number: string; status: string }) =>
      `移動伝票 ${p.number} は既に${STATUS_LABELS[p.status as TransferStatus]?.ja ?? p.status}です。受領や取消はできません。画面を更新して状態を確認してください。`,
    en: (p: { number: string; status: string }) =>
      `Transfer ${p.number} is already ${STATUS_LABELS[p.status as TransferStatus]?.en ?? p.status}, so it cannot be received or cancelled. Refresh to see its status.`,
  },
  transfer_line_not_found: {
    kind: 'invalid',
    ja: (p: { number: string; stockNumber: string }) =>
      `在庫番号 ${p.stockNumber} は移動伝票 ${p.number} に含まれていません。伝票の明細から選んでください。`,
    en: (p: { number: string; stockNumber: string }) =>
      `Stock number ${p.stockNumber} is not on transfer ${p.number}. Choose an item from the transfer's lines.`,
  },
  transfer_receive_exceeds: {
    kind: 'conflict',
    ja: (p: { number: string; stockNumber: string; requested: number; outstanding: number }) =>
      `移動伝票 ${p.number} の在庫番号 ${p.stockNumber} は未受領が ${p.outstanding} です（受領数 ${p.requested}）。受領数を ${p.outstanding} 以下にしてください。`,
    en: (p: { number: string; stockNumber: string; requested: number; outstanding: number }) =>
      `Transfer ${p.number} has ${p.outstanding} of stock number ${p.stockNumber} still to receive, but ${p.requested} was entered. Enter at most ${p.outstanding}.`,
  },
});
