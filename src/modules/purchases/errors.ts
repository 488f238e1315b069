import { defineErrors } from '../../shared/errors.js';

export const purchaseErrors = defineErrors({
  purchase_not_found: {
    kind: 'not_found',
    ja: (p: { id: number }) => `仕入伝票（ID ${p.id}）が見つかりません。仕入の一覧から選び直してください。`,
    en: (p: { id: number }) => `Purchase ${p.id} was not found. Choose it again from the purchase list.`,
  },
  supplier_inactive: {
    kind: 'conflict',
    ja: (p: { supplier: string }) => `仕入先「${p.supplier}」は取引停止中です。仕入先の設定で有効にするか、別の仕入先を選んでください。`,
    en: (p: { supplier: string }) => `Supplier "${p.supplier}" is inactive. Activate it in the supplier settings or choose another supplier.`,
  },
  seller_identity_required: {
    kind: 'invalid',
    ja: (p: { supplier: string }) =>
      `個人「${p.supplier}」からの中古品の仕入には、古物台帳のため売主の本人確認（氏名・住所・職業・生年月日または年齢・確認方法・書類番号）を入力してください。`,
    en: (p: { supplier: string }) =>
      `Buying pre-owned goods from the individual "${p.supplier}" needs the seller's verified identity for the secondhand ledger: enter name, address, occupation, birth date or age, the ID check method and the document number.`,
  },
  purchase_item_not_quantity_tracked: {
    kind: 'invalid',
    ja: (p: { stockNumber: string }) =>
      `在庫番号 ${p.stockNumber} は 1点物のため追加で入荷できません。新しい商品として行を入力してください。`,
    en: (p: { stockNumber: string }) =>
      `Stock number ${p.stockNumber} is a unique piece, so more of it cannot be received. Enter the line as a new item instead.`,
  },
});
