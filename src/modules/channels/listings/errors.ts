import { defineErrors } from '../../../shared/errors.js';

export const listingErrors = defineErrors({
  listing_not_found: {
    kind: 'not_found',
    ja: (p: { id: number }) => `出品（ID ${p.id}）が見つかりません。一覧から選び直してください。`,
    en: (p: { id: number }) => `Listing ${p.id} was not found. Choose it again from the list.`,
  },
  listing_busy: {
    kind: 'conflict',
    ja: (p: { stockNumber: string; channel: string }) => `在庫番号 ${p.stockNumber} の「${p.channel}」への出品は処理中です。終わってからやり直してください。`,
    en: (p: { stockNumber: string; channel: string }) => `The listing of stock number ${p.stockNumber} on "${p.channel}" is being processed. Try again when it has finished.`,
  },
  listing_state_wrong: {
    kind: 'conflict',
    ja: (p: { stockNumber: string; channel: string; stateJa: string; stateEn: string }) => `在庫番号 ${p.stockNumber} の「${p.channel}」への出品は「${p.stateJa}」のため、この操作はできません。`,
    en: (p: { stockNumber: string; channel: string; stateJa: string; stateEn: string }) => `The listing of stock number ${p.stockNumber} on "${p.channel}" is ${p.stateEn}, so this cannot be done.`,
  },
});
