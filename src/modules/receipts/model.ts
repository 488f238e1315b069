import type { Locale } from '../../shared/errors.js';
import { formatJapanTime } from '../../shared/time.js';
import type { CompanySettings } from '../company/schemas.js';
import type { SaleOutput } from '../sales/schemas.js';
import { receiptLabels, type ReceiptLabels } from './labels.js';

// The receipt model: every text and figure that a receipt or an A4 invoice prints, built
// from one sale. Figures are copied from the SaleOutput, which the tax engine computed,
// and never recomputed here, so the receipt, the sales list and the CSV export agree.

/** The reduced consumption tax rate (軽減税率), marked ※ on qualified invoices. */
export const REDUCED_RATE_PERCENT = 8;

const REGISTRATION_NUMBER = /^T\d{13}$/;

/** The issuer's details from the company settings. */
export type ReceiptCompany = Pick<CompanySettings, 'name' | 'postalCode' | 'address' | 'phone' | 'invoiceRegistrationNumber'>;

/** The store (location) where the sale was made. */
export interface ReceiptLocation {
  name: string;
  postalCode: string | null;
  address: string | null;
  phone: string | null;
}

export interface ReceiptOptions {
  locale: Locale;
  /** True for every print after the first, which is then marked as a copy. */
  copy: boolean;
  /**
   * On a return: when the original sale was made (ISO UTC). A qualified return invoice
   * states the date of the sale it reverses.
   */
  originalSoldAt?: string | null;
}

/** A label with a signed yen amount and its printed form. */
export interface MoneyRow {
  label: string;
  amount: number;
  text: string;
  /** Printed larger or bold (the total). */
  emphasis?: boolean;
  /** Printed indented under the row before it (tendered cash, change). */
  indent?: boolean;
}

export interface LabelledValue {
  label: string;
  value: string;
}

export interface ReceiptLine {
  reduced: boolean;
  /** "※" on a reduced-rate line, otherwise empty. */
  mark: string;
  stockNumber: string;
  name: string;
  quantity: number;
  quantityText: string;
  /** Unit price on the document's basis: grossAmount / quantity, so that it times the quantity is the gross amount. */
  unitPrice: number;
  unitPriceText: string;
  /**
   * The item's own unit price with its basis, e.g. "税抜 ¥12,345", when the item is priced on
   * another basis than the document's; null otherwise.
   */
  itemPriceText: string | null;
  /**
   * On a sale, the gross amount (unit price × quantity) before the line discount that is
   * printed under it, so that amount − discount is the line's amount. On a return, the
   * amount refunded for the line.
   */
  amount: number;
  amountText: string;
  discount: MoneyRow | null;
}

export interface ReceiptRateRow {
  ratePercent: number;
  reduced: boolean;
  /** Tax-included total of the rate (e.g. "10%対象"). */
  total: MoneyRow;
  /** Consumption tax of the rate (e.g. "内消費税"), or null for untaxed amounts. */
  tax: MoneyRow | null;
}

export interface ReceiptModel {
  locale: Locale;
  labels: ReceiptLabels;
  kind: 'sale' | 'return';
  voided: boolean;
  /** True when the sale carries a valid registration number, so the document is a qualified invoice. */
  qualified: boolean;
  copy: boolean;
  /** "控え（再発行）" on a reprint, printed at the top of every page, or null on the first print. */
  copyMark: string | null;
  titles: { roll: string; a4: string };
  /** "返品" on a return, null on a sale. */
  returnMark: string | null;
  voidNotice: { mark: string; lines: string[] } | null;
  /** Why the document is not a qualified invoice, when it is not. */
  notQualifiedNotice: string | null;
  issuer: {
    name: string;
    /** Postal code, address and phone, one printed line each, without the missing ones. */
    contactLines: string[];
    /** "登録番号 T1234567890123", or null when the sale has none. */
    registration: string | null;
    registrationNumber: string | null;
  };
  store: { name: string; contactLines: string[] };
  saleNumber: string;
  /** Label of the document's own number: "販売番号" on a sale, "返品番号" on a return. */
  numberLabel: string;
  /** Date and time of the transaction in Japanese time, "YYYY-MM-DD HH:mm". */
  soldAt: string;
  /** Date, register, numbers, staff and customer, in printed order. */
  meta: LabelledValue[];
  /** "山田 花子 様" for the A4 recipient block, or the blank form without a customer. */
  recipient: { name: string | null; text: string };
  lines: ReceiptLine[];
  /** Subtotal, document reductions, added tax and total, in printed order. */
  totals: MoneyRow[];
  rates: ReceiptRateRow[];
  roundingText: string;
  /** "※は軽減税率対象" when a line is reduced-rate, otherwise null. */
  reducedLegend: string | null;
  /** "金額は税抜です。" on a tax-excluded document. */
  basisNote: string | null;
  paymentHeading: string;
  payments: MoneyRow[];
  /** The text the Code 128 barcode encodes: the sale number. */
  barcodeText: string;
}

/**
 * Formats whole yen for print: "¥12,345", "-¥1,200". Grouping is done by hand so the
 * output does not depend on the ICU data Node was built with.
 */
export function formatYen(amount: number): string {
  const digits = String(Math.abs(amount)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return amount < 0 ? `-¥${digits}` : `¥${digits}`;
}

function contactLines(labels: ReceiptLabels, place: { postalCode: string | null; address: string | null; phone: string | null }): string[] {
  const lines: string[] = [];
  if (place.postalCode) lines.push(`${labels.postalMark}${place.postalCode}`);
  if (place.address) lines.push(place.address);
  if (place.phone) lines.push(`${labels.phone} ${place.phone}`);
  return lines;
}

function describeDiscount(discount: { yen: number } | { percent: number }): string {
  return 'percent' in discount ? `${discount.percent}%` : formatYen(discount.yen);
}

function moneyRow(label: string, amount: number, extra: Partial<MoneyRow> = {}): MoneyRow {
  return { label, amount, text: formatYen(amount), ...extra };
}

/** What the parts of the model share: the sale, the wording and the sign of its amounts. */
interface BuildContext {
  sale: SaleOutput;
  labels: ReceiptLabels;
  options: ReceiptOptions;
  isReturn: boolean;
  /** The amount as printed: negative on a return, whatever sign the sale stores. */
  signed: (amount: number) => number;
}

function titlesOf({ labels, isReturn }: BuildContext, qualified: boolean): ReceiptModel['titles'] {
  if (isReturn) {
    const title = qualified ? labels.titles.qualifiedReturn : labels.titles.plainReturn;
    return { roll: title, a4: title };
  }
  if (qualified) return { roll: labels.titles.rollSale, a4: labels.titles.a4Sale };
  return { roll: labels.titles.plainSale, a4: labels.titles.plainSale };
}

function voidNoticeOf({ sale, labels }: BuildContext): ReceiptModel['voidNotice'] {
  if (sale.status !== 'voided') return null;
  const lines: string[] = [];
  if (sale.voidedAt) lines.push(labels.voidedAt(formatJapanTime(sale.voidedAt)));
  if (sale.voidReason) lines.push(`${labels.voidReason}: ${sale.voidReason}`);
  return { mark: labels.voidMark, lines };
}

function metaOf({ sale, labels, options, isReturn }: BuildContext): LabelledValue[] {
  const meta: LabelledValue[] = [
    { label: labels.soldAt, value: formatJapanTime(sale.soldAt) },
    { label: labels.register, value: sale.registerName },
    { label: isReturn ? labels.returnNumber : labels.saleNumber, value: sale.number },
  ];
  if (isReturn && sale.originalSaleNumber) meta.push({ label: labels.originalSaleNumber, value: sale.originalSaleNumber });
  if (isReturn && options.originalSoldAt) meta.push({ label: labels.originalSoldAt, value: formatJapanTime(options.originalSoldAt) });
  if (sale.staff.length > 0) {
    const separator = options.locale === 'ja' ? '、' : ', ';
    meta.push({ label: labels.staff, value: sale.staff.map((share) => share.displayName).join(separator) });
  }
  if (sale.customerName) meta.push({ label: labels.customer, value: labels.recipient(sale.customerName) });
  if (isReturn && sale.reason) meta.push({ label: labels.returnReason, value: sale.reason });
  return meta;
}

function linesOf({ sale, labels, isReturn, signed }: BuildContext): ReceiptLine[] {
  const sorted = [...sale.lines].sort((a, b) => a.lineNo - b.lineNo);
  return sorted.map((line) => {
    const reduced = line.taxRatePercent === REDUCED_RATE_PERCENT;
    // A return refunds each line's final amount (its share of the reductions included),
    // so it prints that amount and no discount rows. A sale prints the line's gross amount
    // and its own discount under it, which together give the line's amount. The document
    // reductions follow the subtotal.
    const amount = isReturn ? signed(line.finalAmount) : line.grossAmount;
    let discount: MoneyRow | null = null;
    if (!isReturn && line.lineDiscount !== 0) {
      const label = line.discount ? `${labels.lineDiscount} ${describeDiscount(line.discount)}` : labels.lineDiscount;
      discount = moneyRow(label, -line.lineDiscount);
    }
    // The tax engine converts an item's price to the document's basis per unit, so the
    // gross amount divides by the quantity exactly.
    const unitPrice = Math.abs(line.grossAmount) / line.quantity;
    const otherBasis = line.priceBasis !== sale.priceBasis;
    return {
      reduced,
      mark: reduced ? '※' : '',
      stockNumber: line.stockNumber,
      name: line.itemName,
      quantity: line.quantity,
      quantityText: labels.quantityTimes(line.quantity),
      unitPrice,
      unitPriceText: formatYen(unitPrice),
      itemPriceText: otherBasis ? `${labels.priceBasisMarks[line.priceBasis]} ${formatYen(line.unitPrice)}` : null,
      amount,
      amountText: formatYen(amount),
      discount,
    };
  });
}

function totalsOf({ sale, labels, isReturn, signed }: BuildContext): MoneyRow[] {
  const totals: MoneyRow[] = [];
  if (!isReturn) {
    totals.push(moneyRow(labels.subtotal, sale.subtotal));
    if (sale.reductionTotal !== 0) {
      const kinds = sale.reductions.map((reduction) => `${labels.reductionKinds[reduction.kind]} ${describeDiscount(reduction.discount)}`);
      totals.push(moneyRow(kinds.length > 0 ? kinds.join(' / ') : labels.reductionKinds.discount, -sale.reductionTotal));
    }
  }
  if (sale.priceBasis === 'excluded') totals.push(moneyRow(labels.taxAdded, signed(sale.taxTotal)));
  totals.push(moneyRow(labels.total, signed(sale.total), { emphasis: true }));
  return totals;
}

function ratesOf({ sale, labels, signed }: BuildContext): ReceiptRateRow[] {
  const sorted = [...sale.taxRates].sort((a, b) => b.ratePercent - a.ratePercent);
  return sorted.map((rate) => ({
    ratePercent: rate.ratePercent,
    reduced: rate.ratePercent === REDUCED_RATE_PERCENT,
    total: moneyRow(labels.rateTotal(rate.ratePercent), signed(rate.total)),
    tax: rate.ratePercent === 0 ? null : moneyRow(labels.rateTax, signed(rate.tax), { indent: true }),
  }));
}

/**
 * Lists the payments as the customer sees the money move: paid on a sale, refunded on a
 * return. Both are positive, while the return's lines and totals are negative.
 */
function paymentsOf({ sale, labels, isReturn }: BuildContext): MoneyRow[] {
  const payments: MoneyRow[] = [];
  for (const payment of sale.payments) {
    const method = labels.paymentMethods[payment.method];
    payments.push(moneyRow(payment.reference ? `${method} (${labels.reference} ${payment.reference})` : method, Math.abs(payment.amount)));
    if (payment.tendered !== null) {
      payments.push(moneyRow(labels.tendered, payment.tendered, { indent: true }));
      if (payment.change !== null) payments.push(moneyRow(labels.change, payment.change, { indent: true }));
    }
  }
  if (isReturn) payments.push(moneyRow(labels.refundTotal, Math.abs(sale.total), { emphasis: true }));
  return payments;
}

/**
 * Builds everything a receipt or an A4 invoice prints for one sale or return.
 *
 * The registration number and the rounding mode are the sale's own (stored when it was
 * made), not the company's current ones, so a reprint shows what applied at the time.
 * A return is printed as negative amounts whatever sign the sale stores, because its
 * lines and taxes reverse those of the original sale.
 */
export function buildReceiptModel(sale: SaleOutput, company: ReceiptCompany, location: ReceiptLocation, options: ReceiptOptions): ReceiptModel {
  const labels = receiptLabels(options.locale);
  const isReturn = sale.kind === 'return';
  const context: BuildContext = { sale, labels, options, isReturn, signed: (amount) => (isReturn ? -Math.abs(amount) : amount) };

  const stored = sale.invoiceRegistrationNumber;
  const registrationNumber = stored !== null && REGISTRATION_NUMBER.test(stored) ? stored : null;
  const qualified = registrationNumber !== null;
  const lines = linesOf(context);

  return {
    locale: options.locale,
    labels,
    kind: sale.kind,
    voided: sale.status === 'voided',
    qualified,
    copy: options.copy,
    copyMark: options.copy ? labels.copyMark : null,
    titles: titlesOf(context, qualified),
    returnMark: isReturn ? labels.returnMark : null,
    voidNotice: voidNoticeOf(context),
    notQualifiedNotice: qualified ? null : labels.notQualified,
    issuer: {
      name: company.name,
      contactLines: contactLines(labels, company),
      registration: registrationNumber ? `${labels.registrationNumber} ${registrationNumber}` : null,
      registrationNumber,
    },
    store: { name: location.name, contactLines: contactLines(labels, location) },
    saleNumber: sale.number,
    numberLabel: isReturn ? labels.returnNumber : labels.saleNumber,
    soldAt: formatJapanTime(sale.soldAt),
    meta: metaOf(context),
    recipient: { name: sale.customerName, text: sale.customerName ? labels.recipient(sale.customerName) : labels.blankRecipient },
    lines,
    totals: totalsOf(context),
    rates: ratesOf(context),
    roundingText: labels.rounding(labels.roundingModes[sale.taxRounding]),
    reducedLegend: lines.some((line) => line.reduced) ? labels.reducedLegend : null,
    basisNote: sale.priceBasis === 'excluded' ? labels.excludedBasis : null,
    paymentHeading: isReturn ? labels.refundHeading : labels.paymentHeading,
    payments: paymentsOf(context),
    barcodeText: sale.number,
  };
}
