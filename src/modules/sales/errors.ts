import { defineErrors } from '../../shared/errors.js';

/** Yen with thousands separators, as every screen shows amounts: 189506 → "189,506". */
const yen = (amount: number): string => amount.toLocaleString('ja-JP');

export const saleErrors = defineErrors({
  sale_not_found: {
    kind: 'not_found',
    ja: (p: { id: number | string }) => `売上（${p.id}）が見つかりません。売上一覧から選び直してください。`,
    en: (p: { id: number | string }) => `Sale ${p.id} was not found. Choose it again from the sales list.`,
  },
  register_not_found: {
    kind: 'not_found',
    ja: (p: { id: number }) => `レジ（ID ${p.id}）が見つかりません。レジを選び直してください。`,
    en: (p: { id: number }) => `Register ${p.id} was not found. Choose the register again.`,
  },
  register_inactive: {
    kind: 'conflict',
    ja: (p: { register: string }) => `レジ「${p.register}」は使用停止中です。別のレジを選んでください。`,
    en: (p: { register: string }) => `Register "${p.register}" is not in use. Choose another register.`,
  },
  register_code_taken: {
    kind: 'conflict',
    ja: (p: { code: string }) => `この拠点にはレジ番号 ${p.code} が既にあります。別の番号にしてください。`,
    en: (p: { code: string }) => `This location already has a register ${p.code}. Use another code.`,
  },
  register_closed: {
    kind: 'conflict',
    ja: (p: { register: string; date: string }) => `レジ「${p.register}」は ${p.date} のレジ締めが済んでいます。別のレジで処理してください。`,
    en: (p: { register: string; date: string }) => `Register "${p.register}" was already closed for ${p.date}. Use another register.`,
  },
  void_register_closed: {
    kind: 'conflict',
    ja: (p: { register: string; date: string }) => `レジ「${p.register}」は ${p.date} のレジ締めが済んでいるため、この売上は取消できません。返品で処理してください。`,
    en: (p: { register: string; date: string }) => `Register "${p.register}" was already closed for ${p.date}, so this sale cannot be voided. Process a return instead.`,
  },
  item_code_not_found: {
    kind: 'not_found',
    ja: (p: { code: string }) => `「${p.code}」に当たる商品が見つかりません。値札の在庫番号かJANコードを確かめてください。`,
    en: (p: { code: string }) => `No item matches "${p.code}". Check the stock number or JAN code on the tag.`,
  },
  item_not_available: {
    kind: 'conflict',
    ja: (p: { stockNumber: string; location: string; reasonJa: string; reasonEn: string }) => `在庫番号 ${p.stockNumber} は「${p.location}」で販売できません（${p.reasonJa}）。`,
    en: (p: { stockNumber: string; location: string; reasonJa: string; reasonEn: string }) => `Stock number ${p.stockNumber} cannot be sold at "${p.location}" (${p.reasonEn}).`,
  },
  staff_shares_not_100: {
    kind: 'invalid',
    ja: (p: { total: number }) => `担当者の配分の合計が ${p.total}% です。合計が100%になるように入力してください。`,
    en: (p: { total: number }) => `The staff shares add up to ${p.total}%. Enter shares that add up to 100%.`,
  },
  staff_not_found: {
    kind: 'invalid',
    ja: (p: { id: number }) => `担当者（ID ${p.id}）が見つからないか、販売できない利用者です。担当者を選び直してください。`,
    en: (p: { id: number }) => `Staff member ${p.id} was not found or may not sell. Choose the staff member again.`,
  },
  staff_duplicate: {
    kind: 'invalid',
    ja: (p: { name: string }) => `担当者「${p.name}」が2回指定されています。1行にまとめてください。`,
    en: (p: { name: string }) => `Staff member "${p.name}" is listed twice. Put the share on one row.`,
  },
  customer_not_usable: {
    kind: 'invalid',
    ja: (p: { id: number }) => `顧客（ID ${p.id}）は見つからないか、統合・削除済みです。顧客を選び直してください。`,
    en: (p: { id: number }) => `Customer ${p.id} was not found, or was merged or deleted. Choose the customer again.`,
  },
  payments_do_not_match_total: {
    kind: 'invalid',
    ja: (p: { paid: number; total: number }) => `お支払いの合計 ${yen(p.paid)}円 がお会計 ${yen(p.total)}円 と合いません。支払額を合わせてください。`,
    en: (p: { paid: number; total: number }) => `The payments add up to ¥${yen(p.paid)} but the total is ¥${yen(p.total)}. Make the payments match the total.`,
  },
  cash_tendered_too_low: {
    kind: 'invalid',
    ja: (p: { tendered: number; amount: number }) => `お預かり ${yen(p.tendered)}円 が現金の支払額 ${yen(p.amount)}円 より少ないです。お預かり金額を確かめてください。`,
    en: (p: { tendered: number; amount: number }) => `Cash tendered (¥${yen(p.tendered)}) is less than the cash amount (¥${yen(p.amount)}). Check the amount tendered.`,
  },
  tendered_not_cash: {
    kind: 'invalid',
    ja: () => 'お預かり金額は現金払いにだけ入力できます。',
    en: () => 'An amount tendered applies to cash payments only.',
  },
  price_below_zero: {
    kind: 'invalid',
    ja: (p: { stockNumber: string }) => `在庫番号 ${p.stockNumber} の値引きが価格を超えています。値引きを見直してください。`,
    en: (p: { stockNumber: string }) => `The discount on stock number ${p.stockNumber} is larger than its price. Check the discount.`,
  },
  reductions_exceed_total: {
    kind: 'invalid',
    ja: () => '値引き・クーポン・ポイントの合計がお会計を超えています。金額を見直してください。',
    en: () => 'The discounts, coupons and points are larger than the total. Check the amounts.',
  },
  sale_not_returnable: {
    kind: 'conflict',
    ja: (p: { number: string }) => `売上 ${p.number} は返品できません（取消済みか、返品伝票です）。`,
    en: (p: { number: string }) => `Sale ${p.number} cannot be returned because it was voided or is itself a return.`,
  },
  return_line_not_in_sale: {
    kind: 'invalid',
    ja: (p: { lineId: number; number: string }) => `明細（ID ${p.lineId}）は売上 ${p.number} のものではありません。売上を開き直して明細を選んでください。`,
    en: (p: { lineId: number; number: string }) => `Line ${p.lineId} is not part of sale ${p.number}. Open the sale again and choose its lines.`,
  },
  return_quantity_exceeds: {
    kind: 'conflict',
    ja: (p: { stockNumber: string; requested: number; returnable: number }) =>
      p.returnable === 0
        ? `在庫番号 ${p.stockNumber} は既に返品済みです。同じ明細を2回返品することはできません。`
        : `在庫番号 ${p.stockNumber} の返品数 ${p.requested} が返品できる数 ${p.returnable} を超えています。`,
    en: (p: { stockNumber: string; requested: number; returnable: number }) =>
      p.returnable === 0
        ? `Stock number ${p.stockNumber} was already returned. The same line cannot be returned twice.`
        : `Returning ${p.requested} of stock number ${p.stockNumber} exceeds the ${p.returnable} that can still be returned.`,
  },
  return_line_duplicate: {
    kind: 'invalid',
    ja: (p: { lineId: number }) => `明細（ID ${p.lineId}）が2回指定されています。1行にまとめてください。`,
    en: (p: { lineId: number }) => `Line ${p.lineId} is listed twice. Put its quantity on one row.`,
  },
  refund_exceeds_paid: {
    kind: 'invalid',
    ja: (p: { methodJa: string; methodEn: string; amount: number; available: number }) => `${p.methodJa}での返金 ${yen(p.amount)}円 が、その方法で支払われた残り ${yen(p.available)}円 を超えています。返金方法を見直してください。`,
    en: (p: { methodJa: string; methodEn: string; amount: number; available: number }) => `The ${p.methodEn.toLowerCase()} refund of ¥${yen(p.amount)} exceeds the ¥${yen(p.available)} paid that way and not yet refunded. Choose another refund method.`,
  },
  refunds_do_not_match_total: {
    kind: 'invalid',
    ja: (p: { refunded: number; total: number }) => `返金の合計 ${yen(p.refunded)}円 が返品額 ${yen(p.total)}円 と合いません。返金額を合わせてください。`,
    en: (p: { refunded: number; total: number }) => `The refunds add up to ¥${yen(p.refunded)} but the return comes to ¥${yen(p.total)}. Make the refunds match.`,
  },
  sale_not_refundable: {
    kind: 'conflict',
    ja: (p: { number: string }) => `売上 ${p.number} は一部返金できません（取消済みか、返品伝票です）。`,
    en: (p: { number: string }) => `Sale ${p.number} cannot be partly refunded because it was voided or is itself a return.`,
  },
  refund_exceeds_line: {
    kind: 'conflict',
    ja: (p: { stockNumber: string; amount: number; limit: number }) =>
      p.limit === 0
        ? `在庫番号 ${p.stockNumber} は返品または返金で全額をお返し済みのため、これ以上返金できません。`
        : `在庫番号 ${p.stockNumber} はあと ${yen(p.limit)}円 まで返金できます（入力は ${yen(p.amount)}円）。返金額を見直してください。`,
    en: (p: { stockNumber: string; amount: number; limit: number }) =>
      p.limit === 0
        ? `Stock number ${p.stockNumber} was already given back in full by returns or refunds, so nothing more can be refunded.`
        : `Stock number ${p.stockNumber} can be refunded up to ¥${yen(p.limit)} more (¥${yen(p.amount)} was entered). Lower the refund amount.`,
  },
  sale_already_voided: {
    kind: 'conflict',
    ja: (p: { number: string }) => `売上 ${p.number} は既に取消済みです。`,
    en: (p: { number: string }) => `Sale ${p.number} was already voided.`,
  },
  sale_not_voidable: {
    kind: 'conflict',
    ja: (p: { number: string; reasonJa: string; reasonEn: string }) => `売上 ${p.number} は取消できません（${p.reasonJa}）。返品で処理してください。`,
    en: (p: { number: string; reasonJa: string; reasonEn: string }) => `Sale ${p.number} cannot be voided (${p.reasonEn}). Process a return instead.`,
  },
  register_already_closed: {
    kind: 'conflict',
    ja: (p: { register: string; date: string }) => `レジ「${p.register}」の ${p.date} のレジ締めは既に登録されています。`,
    en: (p: { register: string; date: string }) => `Register "${p.register}" was already closed for ${p.date}.`,
  },
  closing_date_in_future: {
    kind: 'invalid',
    ja: (p: { date: string }) => `${p.date} はまだ来ていない日付です。本日以前の営業日を選んでください。`,
    en: (p: { date: string }) => `${p.date} is in the future. Choose today or an earlier business day.`,
  },
});
