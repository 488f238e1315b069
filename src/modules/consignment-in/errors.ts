import { defineErrors } from '../../shared/errors.js';

export const consignmentErrors = defineErrors({
  consignor_not_found: {
    kind: 'not_found',
    ja: (p: { id: number }) => `委託者（ID ${p.id}）が見つかりません。委託者の一覧から選び直してください。`,
    en: (p: { id: number }) => `Consignor ${p.id} was not found. Choose it again from the consignor list.`,
  },
  consignor_inactive: {
    kind: 'conflict',
    ja: (p: { consignor: string }) => `委託者「${p.consignor}」は取引停止中です。委託者の設定で有効にするか、別の委託者を選んでください。`,
    en: (p: { consignor: string }) => `Consignor "${p.consignor}" is inactive. Activate it in the consignor settings or choose another consignor.`,
  },
  agreement_not_found: {
    kind: 'not_found',
    ja: (p: { id: number }) => `受託契約（ID ${p.id}）が見つかりません。委託者の画面で契約を選び直してください。`,
    en: (p: { id: number }) => `Consignment agreement ${p.id} was not found. Choose the agreement again on the consignor's page.`,
  },
  agreement_of_other_consignor: {
    kind: 'invalid',
    ja: (p: { number: string; consignor: string }) => `受託契約 ${p.number} は委託者「${p.consignor}」の契約ではありません。この委託者の契約を選んでください。`,
    en: (p: { number: string; consignor: string }) => `Agreement ${p.number} does not belong to consignor "${p.consignor}". Choose one of this consignor's agreements.`,
  },
  agreement_ended: {
    kind: 'conflict',
    ja: (p: { number: string }) => `受託契約 ${p.number} は終了しています。有効な契約を選ぶか、新しい契約を登録してください。`,
    en: (p: { number: string }) => `Agreement ${p.number} has ended. Choose an active agreement or add a new one.`,
  },
  agreement_not_started: {
    kind: 'invalid',
    ja: (p: { number: string; startsOn: string }) => `受託契約 ${p.number} は ${p.startsOn} から有効です。受け入れ日を契約開始日以降にしてください。`,
    en: (p: { number: string; startsOn: string }) => `Agreement ${p.number} starts on ${p.startsOn}. Set the receiving date on or after that day.`,
  },
  location_not_for_consignment: {
    kind: 'invalid',
    ja: (p: { location: string }) => `拠点「${p.location}」では受託品を受け入れ・返却できません。店舗か倉庫を選んでください。`,
    en: (p: { location: string }) => `Consigned pieces cannot be received at or returned from "${p.location}". Choose a store or a warehouse.`,
  },
  net_amount_required: {
    kind: 'invalid',
    ja: (p: { line: number; number: string }) => `${p.line} 行目: 受託契約 ${p.number} は買取額（ネット）条件のため、商品ごとのネット金額を入力してください。`,
    en: (p: { line: number; number: string }) => `Line ${p.line}: agreement ${p.number} is on net terms, so enter the net amount for the piece.`,
  },
  piece_terms_conflict: {
    kind: 'invalid',
    ja: (p: { line: number }) => `${p.line} 行目: 手数料率とネット金額の両方は指定できません。どちらか一方を入力してください。`,
    en: (p: { line: number }) => `Line ${p.line}: give either a commission rate or a net amount for the piece, not both.`,
  },
  piece_quantity_unique: {
    kind: 'invalid',
    ja: (p: { line: number }) => `${p.line} 行目: 1点物の数量は 1 です。数量で管理する商品なら管理方法を「数量」にしてください。`,
    en: (p: { line: number }) => `Line ${p.line}: a unique piece has quantity 1. Set the tracking to quantity for goods counted by quantity.`,
  },
  piece_not_found: {
    kind: 'not_found',
    ja: (p: { value: string }) => `商品「${p.value}」が見つかりません。在庫番号を確認してください。`,
    en: (p: { value: string }) => `Item "${p.value}" was not found. Check the stock number.`,
  },
  piece_not_held: {
    kind: 'conflict',
    ja: (p: { stockNumber: string; consignor: string }) =>
      `在庫番号 ${p.stockNumber} は委託者「${p.consignor}」から預かり中の受託品ではありません（自社品、他の委託者の品、販売済みまたは返却済み）。返却する商品を確認してください。`,
    en: (p: { stockNumber: string; consignor: string }) =>
      `Stock number ${p.stockNumber} is not a piece held for consignor "${p.consignor}" (it is our own, another consignor's, sold or already returned). Check the pieces to return.`,
  },
  piece_not_at_location: {
    kind: 'conflict',
    ja: (p: { stockNumber: string; location: string }) => `在庫番号 ${p.stockNumber} は「${p.location}」にありません。商品がある拠点を選んでから返却してください。`,
    en: (p: { stockNumber: string; location: string }) => `Stock number ${p.stockNumber} is not at "${p.location}". Choose the location that holds it and return it from there.`,
  },
  duplicate_return_piece: {
    kind: 'invalid',
    ja: (p: { stockNumber: string }) => `在庫番号 ${p.stockNumber} が 2 回入力されています。1 行にまとめてください。`,
    en: (p: { stockNumber: string }) => `Stock number ${p.stockNumber} is entered twice. Keep it on one line.`,
  },
  receipt_not_found: {
    kind: 'not_found',
    ja: (p: { id: number }) => `受託の受け入れ伝票（ID ${p.id}）が見つかりません。一覧から選び直してください。`,
    en: (p: { id: number }) => `Consignment receipt ${p.id} was not found. Choose it again from the list.`,
  },
  return_not_found: {
    kind: 'not_found',
    ja: (p: { id: number }) => `受託品の返却伝票（ID ${p.id}）が見つかりません。一覧から選び直してください。`,
    en: (p: { id: number }) => `Consignment return ${p.id} was not found. Choose it again from the list.`,
  },
});
