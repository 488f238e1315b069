import type { Locale } from '../../shared/errors.js';
import type { TaxRounding } from '../tax/rounding.js';

// Printed wording of receipts and qualified invoices, in Japanese and English. The
// Japanese terms follow the National Tax Agency's wording for the invoice system
// (適格請求書, 適格簡易請求書, 適格返還請求書, 登録番号).

type PaymentMethod = 'cash' | 'card' | 'electronic_money' | 'qr' | 'bank_transfer' | 'store_credit';
type ReductionKind = 'discount' | 'coupon' | 'points';
type PriceBasis = 'included' | 'excluded';

export interface ReceiptLabels {
  copyMark: string;
  /** Titles by document: roll receipt and A4, sale and return, qualified or not. */
  titles: {
    rollSale: string;
    a4Sale: string;
    qualifiedReturn: string;
    plainSale: string;
    plainReturn: string;
  };
  returnMark: string;
  voidMark: string;
  voidedAt: (time: string) => string;
  voidReason: string;
  notQualified: string;
  registrationNumber: string;
  postalMark: string;
  phone: string;
  soldAt: string;
  register: string;
  saleNumber: string;
  /** The return's own number, in place of saleNumber on a return. */
  returnNumber: string;
  originalSaleNumber: string;
  originalSoldAt: string;
  staff: string;
  customer: string;
  /** Recipient line of the A4 document, from the customer's name. */
  recipient: (name: string) => string;
  /** Recipient line of an A4 document without a customer, filled in by hand. */
  blankRecipient: string;
  returnReason: string;
  itemHeading: string;
  stockNumber: string;
  quantity: string;
  unitPrice: string;
  amount: string;
  quantityTimes: (quantity: number) => string;
  /** Mark before an item's own unit price when it is on another basis than the document's. */
  priceBasisMarks: Record<PriceBasis, string>;
  lineDiscount: string;
  subtotal: string;
  reductionKinds: Record<ReductionKind, string>;
  /** Consumption tax added on a tax-excluded document. */
  taxAdded: string;
  total: string;
  refundTotal: string;
  /** Per-rate total, e.g. "10%対象". */
  rateTotal: (ratePercent: number) => string;
  /** Consumption tax contained in the per-rate total. */
  rateTax: string;
  rateHeading: string;
  rateTaxableAmount: string;
  rateTaxHeading: string;
  /** Amounts on a tax-excluded document. */
  excludedBasis: string;
  rounding: (mode: string) => string;
  roundingModes: Record<TaxRounding, string>;
  reducedLegend: string;
  paymentHeading: string;
  refundHeading: string;
  /** Worded as the sales screen and the sales CSV word them, so the three agree. */
  paymentMethods: Record<PaymentMethod, string>;
  tendered: string;
  change: string;
  reference: string;
  page: (page: number, pages: number) => string;
  issuer: string;
  store: string;
}

const JA: ReceiptLabels = {
  copyMark: '控え（再発行）',
  titles: {
    rollSale: '適格簡易請求書',
    a4Sale: '適格請求書',
    qualifiedReturn: '適格返還請求書',
    plainSale: '領収書',
    plainReturn: '返品伝票',
  },
  returnMark: '返品',
  voidMark: '取消',
  voidedAt: (time) => `この取引は ${time} に取り消されました。`,
  voidReason: '取消理由',
  notQualified: '登録番号が設定されていないため、この書類は適格請求書ではありません。',
  registrationNumber: '登録番号',
  postalMark: '〒',
  phone: 'TEL',
  soldAt: '日時',
  register: 'レジ',
  saleNumber: '販売番号',
  returnNumber: '返品番号',
  originalSaleNumber: '元の販売番号',
  originalSoldAt: '元の販売日時',
  staff: '担当',
  customer: 'お客様',
  recipient: (name) => `${name} 様`,
  blankRecipient: '様',
  returnReason: '返品理由',
  itemHeading: '品名',
  stockNumber: '在庫番号',
  quantity: '数量',
  unitPrice: '単価',
  amount: '金額',
  quantityTimes: (quantity) => `${quantity}点`,
  priceBasisMarks: { included: '税込', excluded: '税抜' },
  lineDiscount: '値引',
  subtotal: '小計',
  reductionKinds: { discount: '値引', coupon: 'クーポン', points: 'ポイント' },
  taxAdded: '消費税',
  total: '合計',
  refundTotal: '返金額',
  rateTotal: (ratePercent) => (ratePercent === 0 ? '非課税等対象' : `${ratePercent}%対象`),
  rateTax: '内消費税',
  rateHeading: '税率区分',
  rateTaxableAmount: '対象額（税込）',
  rateTaxHeading: '消費税',
  excludedBasis: '金額は税抜です。',
  rounding: (mode) => `端数処理: ${mode}`,
  roundingModes: { down: '切り捨て', half_up: '四捨五入', up: '切り上げ' },
  reducedLegend: '※は軽減税率対象',
  paymentHeading: 'お支払い',
  refundHeading: '返金',
  paymentMethods: {
    cash: '現金',
    card: 'クレジットカード',
    electronic_money: '電子マネー',
    qr: 'QR コード決済',
    bank_transfer: '銀行振込',
    store_credit: '預り金・商品券',
  },
  tendered: 'お預り',
  change: 'お釣り',
  reference: '伝票番号',
  page: (page, pages) => `${page} / ${pages} ページ`,
  issuer: '発行者',
  store: '店舗',
};

const EN: ReceiptLabels = {
  copyMark: 'COPY (reprint)',
  titles: {
    rollSale: 'Qualified simplified invoice',
    a4Sale: 'Qualified invoice',
    qualifiedReturn: 'Qualified return invoice',
    plainSale: 'Receipt',
    plainReturn: 'Return receipt',
  },
  returnMark: 'RETURN',
  voidMark: 'VOIDED',
  voidedAt: (time) => `This sale was voided at ${time}.`,
  voidReason: 'Void reason',
  notQualified: 'No invoice registration number is set, so this document is not a qualified invoice.',
  registrationNumber: 'Registration No.',
  postalMark: '〒',
  phone: 'Tel',
  soldAt: 'Date',
  register: 'Register',
  saleNumber: 'Sale No.',
  returnNumber: 'Return No.',
  originalSaleNumber: 'Original sale No.',
  originalSoldAt: 'Original sale date',
  staff: 'Staff',
  customer: 'Customer',
  recipient: (name) => `To: ${name}`,
  blankRecipient: 'To:',
  returnReason: 'Return reason',
  itemHeading: 'Item',
  stockNumber: 'Stock No.',
  quantity: 'Qty',
  unitPrice: 'Unit price',
  amount: 'Amount',
  quantityTimes: (quantity) => `Qty ${quantity}`,
  priceBasisMarks: { included: 'incl. tax', excluded: 'excl. tax' },
  lineDiscount: 'Discount',
  subtotal: 'Subtotal',
  reductionKinds: { discount: 'Discount', coupon: 'Coupon', points: 'Points' },
  taxAdded: 'Consumption tax',
  total: 'Total',
  refundTotal: 'Refund total',
  rateTotal: (ratePercent) => (ratePercent === 0 ? 'Not taxed' : `${ratePercent}% items`),
  rateTax: 'incl. tax',
  rateHeading: 'Tax rate',
  rateTaxableAmount: 'Amount (tax incl.)',
  rateTaxHeading: 'Tax',
  excludedBasis: 'Amounts exclude tax.',
  rounding: (mode) => `Tax rounding: ${mode}`,
  roundingModes: { down: 'round down', half_up: 'round half up', up: 'round up' },
  reducedLegend: '※ marks reduced-rate items',
  paymentHeading: 'Payment',
  refundHeading: 'Refund',
  paymentMethods: {
    cash: 'Cash',
    card: 'Card',
    electronic_money: 'Electronic money',
    qr: 'QR payment',
    bank_transfer: 'Bank transfer',
    store_credit: 'Store credit',
  },
  tendered: 'Tendered',
  change: 'Change',
  reference: 'Ref.',
  page: (page, pages) => `Page ${page} of ${pages}`,
  issuer: 'Issuer',
  store: 'Store',
};

export function receiptLabels(locale: Locale): ReceiptLabels {
  return locale === 'en' ? EN : JA;
}
