import { defineErrors } from '../../shared/errors.js';

const STATUS_LABELS = {
  planned: { ja: '準備中', en: 'planned' },
  open: { ja: '開催中', en: 'open' },
  checking_in: { ja: '戻し中', en: 'checking in' },
  closed: { ja: '終了', en: 'closed' },
} as const;

export type ExhibitionStatusLabel = keyof typeof STATUS_LABELS;

export function statusLabel(status: ExhibitionStatusLabel): { statusJa: string; statusEn: string } {
  return { statusJa: STATUS_LABELS[status].ja, statusEn: STATUS_LABELS[status].en };
}

export const exhibitionErrors = defineErrors({
  exhibition_not_found: {
    kind: 'not_found',
    ja: (p: { id: number }) => `展示会（ID ${p.id}）が見つかりません。展示会の一覧から選び直してください。`,
    en: (p: { id: number }) => `Exhibition ${p.id} was not found. Choose it again from the exhibition list.`,
  },
  exhibition_closed: {
    kind: 'conflict',
    ja: (p: { name: string }) =>
      `展示会「${p.name}」は終了しているため変更できません。続けて商品を持ち出す場合は新しい展示会を作成してください。戻した商品を別の拠点へ移すには在庫移動を使ってください。`,
    en: (p: { name: string }) =>
      `Exhibition "${p.name}" is closed and cannot be changed. To carry pieces out again, create a new exhibition. To move a piece that came back to another location, use a transfer.`,
  },
  carry_out_not_allowed: {
    kind: 'conflict',
    ja: (p: { name: string; statusJa: string; statusEn: string }) =>
      `展示会「${p.name}」は${p.statusJa}のため持ち出しできません。持ち出しは戻し（チェックイン）を始める前に行ってください。`,
    en: (p: { name: string; statusJa: string; statusEn: string }) =>
      `Exhibition "${p.name}" is ${p.statusEn}, so no more pieces can be carried out. Carry pieces out before check-in starts.`,
  },
  check_in_not_allowed: {
    kind: 'conflict',
    ja: (p: { name: string; statusJa: string; statusEn: string }) =>
      `展示会「${p.name}」は${p.statusJa}のため戻しできません。持ち出した商品がある開催中の展示会で行ってください。`,
    en: (p: { name: string; statusJa: string; statusEn: string }) =>
      `Exhibition "${p.name}" is ${p.statusEn}, so nothing can be checked in. Check in pieces of an exhibition that has pieces out.`,
  },
  quantity_item_not_supported: {
    kind: 'invalid',
    ja: (p: { stockNumber: string }) =>
      `${p.stockNumber} は数量管理の商品のため、持ち出しリストに載せられません。数量管理の商品は在庫移動で展示会の拠点へ送ってください。`,
    en: (p: { stockNumber: string }) =>
      `${p.stockNumber} is counted by quantity and cannot go on a carry-out list. Send quantity goods to the exhibition's location with a transfer.`,
  },
  piece_not_at_location: {
    kind: 'conflict',
    ja: (p: { stockNumber: string; from: string; atJa: string; atEn: string }) =>
      `${p.stockNumber} は ${p.from} にありません（現在: ${p.atJa}）。持ち出し元の拠点を確かめてください。`,
    en: (p: { stockNumber: string; from: string; atJa: string; atEn: string }) =>
      `${p.stockNumber} is not at ${p.from} (now: ${p.atEn}). Check the location you carry out from.`,
  },
  same_location: {
    kind: 'invalid',
    ja: () => '展示会の拠点そのものは持ち出し元・戻し先に選べません。店舗か倉庫を選んでください。',
    en: () => "The exhibition's own location cannot be the location pieces come from or go back to. Choose a store or warehouse.",
  },
  removal_not_allowed: {
    kind: 'conflict',
    ja: (p: { stockNumber: string; startsOn: string }) =>
      `${p.stockNumber} はリストから外せません。リストから外せるのは開始日（${p.startsOn}）までで、戻しを始める前です。今は戻し（チェックイン）で戻してください。`,
    en: (p: { stockNumber: string; startsOn: string }) =>
      `${p.stockNumber} cannot be removed from the list. Pieces can be removed until the first day (${p.startsOn}) and before check-in starts. Check it in instead.`,
  },
  item_not_on_list: {
    kind: 'invalid',
    ja: (p: { stockNumber: string; name: string }) =>
      `${p.stockNumber} は展示会「${p.name}」の持ち出しリストにありません。別の展示会の商品か、持ち出していない商品です。`,
    en: (p: { stockNumber: string; name: string }) =>
      `${p.stockNumber} is not on the carry-out list of exhibition "${p.name}". It belongs to another exhibition or was never carried out.`,
  },
  item_sold_at_exhibition: {
    kind: 'conflict',
    ja: (p: { stockNumber: string; document: string }) =>
      `${p.stockNumber} は販売済みです（${p.document}）。戻しは不要です。販売を取り消す場合は売上の画面で行ってください。`,
    en: (p: { stockNumber: string; document: string }) =>
      `${p.stockNumber} was sold (${p.document}) and needs no check-in. To undo the sale, void or return it on the sales screen.`,
  },
  item_written_off_at_exhibition: {
    kind: 'conflict',
    ja: (p: { stockNumber: string }) => `${p.stockNumber} は紛失・盗難として償却済みです。見つかった場合は管理者に相談してください。`,
    en: (p: { stockNumber: string }) => `${p.stockNumber} was written off as lost or stolen. If it has been found, ask a manager.`,
  },
  item_not_at_exhibition: {
    kind: 'conflict',
    ja: (p: { stockNumber: string }) => `${p.stockNumber} は展示会の拠点にありません。在庫の履歴で現在の場所を確かめてください。`,
    en: (p: { stockNumber: string }) => `${p.stockNumber} is not at the exhibition's location. Check the item's history for where it is.`,
  },
  item_not_missing: {
    kind: 'conflict',
    ja: (p: { stockNumber: string }) => `${p.stockNumber} は不明品ではありません。不明品の処理は戻しを終えた後、見つからなかった商品に行います。`,
    en: (p: { stockNumber: string }) => `${p.stockNumber} is not missing. Resolve only pieces that check-in finished without.`,
  },
  write_off_permission_required: {
    kind: 'forbidden',
    ja: () => '不明品を償却するには「償却」の権限が必要です。管理者に依頼してください。',
    en: () => 'Writing off a missing piece needs the write-off permission. Ask a manager.',
  },
  close_blocked: {
    kind: 'conflict',
    ja: (p: { name: string; blockersJa: string; blockersEn: string }) => `展示会「${p.name}」はまだ終了できません: ${p.blockersJa}。解決してから終了してください。`,
    en: (p: { name: string; blockersJa: string; blockersEn: string }) => `Exhibition "${p.name}" cannot be closed yet: ${p.blockersEn}. Resolve these first.`,
  },
  staff_not_found: {
    kind: 'invalid',
    ja: (p: { id: number }) => `担当者（ユーザーID ${p.id}）が見つからないか無効です。有効なユーザーを選んでください。`,
    en: (p: { id: number }) => `Staff member (user ID ${p.id}) was not found or is inactive. Choose an active user.`,
  },
});
