import { BOLD_FONT as BOLD, openJapanesePdf, REGULAR_FONT as REGULAR, type PdfDoc as Doc } from '../../shared/pdf.js';
import type { Locale } from '../../shared/errors.js';
import { businessDate } from '../../shared/time.js';
import { SOLD_VIA_LABELS } from './statement-csv.js';
import type { HeldPiece, ReturnedPiece, StatementDetail, StatementLine } from './statement-schemas.js';

// The settlement statement (精算書) as an A4 landscape PDF, in Japanese or English, with
// Noto Sans JP embedded as a subset (the fonts the receipts load from npm). Landscape fits
// the eleven figures of a sold line at a readable size.

// A4 landscape in points (1 pt = 1/72 inch), with 15 mm margins.
const PAGE_WIDTH = 841.89;
const PAGE_HEIGHT = 595.28;
const MARGIN = 42;
const CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN;
const BOTTOM = PAGE_HEIGHT - MARGIN - 20;
const BODY_SIZE = 8;
const ROW_HEIGHT = 13;
/** Distance between the two lines of a wrapped cell, in points. */
const WRAP_LINE_HEIGHT = 10;
/** Lines a table cell or column header may take before the rest is cut with "…". */
const MAX_CELL_LINES = 2;

const LABELS = {
  ja: {
    title: '精算書',
    number: '精算書番号',
    issuedOn: '発行日',
    period: '精算期間',
    honorific: '様',
    registration: '登録番号',
    lead: '下記のとおり、お預かり品の販売代金を精算いたします。',
    salesTotal: '売上合計',
    commissionTotal: '販売手数料',
    deductionsTotal: '差引額（決済手数料・送料）',
    shopDiscountTotal: '当店負担の値引',
    adjustmentsTotal: '調整額（前回までの精算分）',
    amountOwed: 'お支払額',
    paid: (on: string, reference: string | null) => `支払済み: ${on}${reference ? `（${reference}）` : ''}`,
    lines: '販売明細',
    adjustments: '調整明細（前回までに精算した販売の返品・返金など）',
    held: 'お預かり中の商品（締め日現在）',
    returned: '期間中に返却した商品',
    none: 'ありません。',
    columns: {
      stockNumber: '在庫番号',
      name: '品名',
      date: '日付',
      soldVia: '販売',
      list: '定価',
      discount: '値引',
      refund: '返金',
      sold: '売上額',
      commission: '販売手数料',
      fee: '決済手数料',
      shipping: '送料',
      amount: 'お支払額',
      settledIn: '精算済み',
      receivedOn: '受託日',
      location: '保管場所',
      retailPrice: '販売価格',
      returnNumber: '返却番号',
      returnedOn: '返却日',
      quantity: '数量',
    },
    yenNote: '金額は税込・円',
    page: (page: number, count: number) => `${page} / ${count} ページ`,
  },
  en: {
    title: 'Consignment settlement statement',
    number: 'Statement',
    issuedOn: 'Issued',
    period: 'Period',
    honorific: '',
    registration: 'Registration no.',
    lead: 'We settle the proceeds of the pieces you consigned to us as follows.',
    salesTotal: 'Sales',
    commissionTotal: 'Commission',
    deductionsTotal: 'Deductions (payment fees, shipping)',
    shopDiscountTotal: 'Discounts borne by the shop',
    adjustmentsTotal: 'Adjustments to earlier statements',
    amountOwed: 'Amount owed',
    paid: (on: string, reference: string | null) => `Paid on ${on}${reference ? ` (${reference})` : ''}`,
    lines: 'Pieces sold',
    adjustments: 'Adjustments (returns and refunds of sales settled earlier)',
    held: 'Pieces still held on the closing date',
    returned: 'Pieces returned during the period',
    none: 'None.',
    columns: {
      stockNumber: 'Stock no.',
      name: 'Name',
      date: 'Date',
      soldVia: 'Sold via',
      list: 'List price',
      discount: 'Discount',
      refund: 'Refund',
      sold: 'Sold',
      commission: 'Commission',
      fee: 'Fees',
      shipping: 'Shipping',
      amount: 'Owed',
      settledIn: 'Settled in',
      receivedOn: 'Received',
      location: 'Location',
      retailPrice: 'Retail price',
      returnNumber: 'Return no.',
      returnedOn: 'Returned',
      quantity: 'Qty',
    },
    yenNote: 'Amounts in yen, tax included',
    page: (page: number, count: number) => `Page ${page} of ${count}`,
  },
} as const;

type Labels = (typeof LABELS)[Locale];

function yen(amount: number): string {
  return amount.toLocaleString('ja-JP');
}

/** "¥1,234", negative amounts as "-¥1,234", as the screens show them. */
function yenMark(amount: number): string {
  return `${amount < 0 ? '-' : ''}¥${yen(Math.abs(amount))}`;
}

interface Column<Row> {
  label: string;
  width: number;
  align?: 'left' | 'right';
  /** True when a long value may take a second line instead of being cut at once. */
  wrap?: boolean;
  value: (row: Row) => string;
}

/** Draws the statement top to bottom and starts new pages as needed. */
class StatementWriter {
  y = MARGIN;

  constructor(readonly doc: Doc) {}

  /** Writes one line of text without wrapping, cut to fit its width when it is too long. */
  text(value: string, x: number, y: number, options: { size?: number; bold?: boolean; width?: number; align?: 'left' | 'right' | 'center' } = {}): void {
    const doc = this.doc.font(options.bold ? BOLD : REGULAR).fontSize(options.size ?? BODY_SIZE);
    let shown = value;
    if (options.width !== undefined && doc.widthOfString(value) > options.width) {
      let kept = value;
      while (kept.length > 1 && doc.widthOfString(`${kept}…`) > options.width) kept = kept.slice(0, -1);
      shown = `${kept}…`;
    }
    let left = x;
    if (options.width !== undefined && options.align && options.align !== 'left') {
      const width = doc.widthOfString(shown);
      left = options.align === 'right' ? x + options.width - width : x + (options.width - width) / 2;
    }
    // lineBreak: false keeps pdfkit from wrapping or adding pages; this writer breaks pages.
    doc.text(shown, left, y, { lineBreak: false });
  }

  /**
   * Breaks a text into at most MAX_CELL_LINES lines of the given width: at a space where one
   * fits, else between characters. The last line is returned whole, so text() cuts it with
   * "…" when it still does not fit.
   */
  wrapLines(value: string, width: number, bold = false): string[] {
    const doc = this.doc.font(bold ? BOLD : REGULAR).fontSize(BODY_SIZE);
    const fits = (part: string) => doc.widthOfString(part) <= width;
    const lines: string[] = [];
    let rest = value;
    while (lines.length < MAX_CELL_LINES - 1 && !fits(rest)) {
      let end = rest.length;
      while (end > 1 && !fits(rest.slice(0, end))) end--;

      // Prefer ending the line at a space, so an order number is not split.
      const space = rest.lastIndexOf(' ', end);
      if (space > 0) end = space;
      lines.push(rest.slice(0, end).trimEnd());
      rest = rest.slice(end).trimStart();
    }
    lines.push(rest);
    return lines;
  }

  /** Writes the lines of a wrapped cell one below the other. */
  cell(lines: readonly string[], x: number, y: number, options: { bold?: boolean; width: number; align: 'left' | 'right' }): void {
    lines.forEach((line, index) => this.text(line, x, y + index * WRAP_LINE_HEIGHT, options));
  }

  ensureSpace(height: number, onNewPage?: () => void): void {
    if (this.y + height <= BOTTOM) return;
    this.doc.addPage();
    this.y = MARGIN;
    onNewPage?.();
  }

  /** Writes a section heading and a table, repeating the column header on each new page. */
  table<Row>(heading: string, columns: Column<Row>[], rows: readonly Row[], none: string): void {
    const scale = CONTENT_WIDTH / columns.reduce((sum, column) => sum + column.width, 0);
    const widths = columns.map((column) => column.width * scale);

    // A header label longer than its column takes a second line.
    const labels = columns.map((column, index) => this.wrapLines(column.label, widths[index]! - 4, true));
    const headerHeight = ROW_HEIGHT + 2 + (Math.max(...labels.map((lines) => lines.length)) - 1) * WRAP_LINE_HEIGHT;
    const header = () => {
      this.doc.save().rect(MARGIN, this.y, CONTENT_WIDTH, headerHeight).fill('#e6e6e6').restore();
      this.doc.fillColor('#000');
      let x = MARGIN;
      columns.forEach((column, index) => {
        this.cell(labels[index]!, x + 2, this.y + 3, { bold: true, width: widths[index]! - 4, align: column.align ?? 'left' });
        x += widths[index]!;
      });
      this.y += headerHeight + 2;
    };

    this.ensureSpace(20 + headerHeight + ROW_HEIGHT);
    this.text(heading, MARGIN, this.y, { size: 10, bold: true });
    this.y += 16;
    if (rows.length === 0) {
      this.text(none, MARGIN + 2, this.y);
      this.y += ROW_HEIGHT + 8;
      return;
    }
    header();
    for (const row of rows) {
      const cells = columns.map((column, index) => (column.wrap ? this.wrapLines(column.value(row), widths[index]! - 4) : [column.value(row)]));
      const rowHeight = ROW_HEIGHT + (Math.max(...cells.map((lines) => lines.length)) - 1) * WRAP_LINE_HEIGHT;
      this.ensureSpace(rowHeight, header);
      let x = MARGIN;
      columns.forEach((column, index) => {
        this.cell(cells[index]!, x + 2, this.y, { width: widths[index]! - 4, align: column.align ?? 'left' });
        x += widths[index]!;
      });
      this.y += rowHeight;
      this.doc.lineWidth(0.3).strokeColor('#bbbbbb').moveTo(MARGIN, this.y - 2).lineTo(MARGIN + CONTENT_WIDTH, this.y - 2).stroke().strokeColor('#000');
    }
    this.y += 10;
  }
}

function drawHeading(writer: StatementWriter, statement: StatementDetail, labels: Labels): void {
  writer.text(labels.title, MARGIN, writer.y, { size: 18, bold: true, width: CONTENT_WIDTH, align: 'center' });
  writer.y += 32;
  const top = writer.y;

  // The consignor (addressee) on the left.
  const name = labels.honorific ? `${statement.consignor.name} ${labels.honorific}` : statement.consignor.name;
  writer.text(name, MARGIN, writer.y, { size: 13, bold: true, width: CONTENT_WIDTH / 2 });
  writer.y += 20;
  const consignorLines = [
    statement.consignor.postalCode ? `〒${statement.consignor.postalCode}` : null,
    statement.consignor.address,
    statement.consignor.invoiceRegistrationNumber ? `${labels.registration}: ${statement.consignor.invoiceRegistrationNumber}` : null,
  ];
  for (const line of consignorLines) {
    if (line === null) continue;
    writer.text(line, MARGIN, writer.y, { width: CONTENT_WIDTH / 2 });
    writer.y += 12;
  }
  const leftBottom = writer.y;

  // The statement's number and period, then the company (issuer), on the right.
  const x = MARGIN + CONTENT_WIDTH * 0.6;
  const width = CONTENT_WIDTH * 0.4;
  const rightLines: Array<[string, boolean]> = [
    [`${labels.number}: ${statement.number}`, false],
    [`${labels.issuedOn}: ${businessDate(new Date(statement.issuedAt))}`, false],
    [`${labels.period}: ${statement.periodFrom} – ${statement.periodTo}`, false],
    [statement.company.name, true],
    [[statement.company.postalCode ? `〒${statement.company.postalCode}` : '', statement.company.address ?? ''].join(' ').trim(), false],
    [statement.company.phone ?? '', false],
    [statement.company.invoiceRegistrationNumber ? `${labels.registration}: ${statement.company.invoiceRegistrationNumber}` : '', false],
  ];
  let y = top;
  for (const [line, bold] of rightLines) {
    if (line === '') continue;
    writer.text(line, x, y, { bold, width, align: 'right' });
    y += 12;
  }
  writer.y = Math.max(leftBottom, y) + 8;
  writer.text(labels.lead, MARGIN, writer.y);
  writer.y += 18;
}

function drawTotals(writer: StatementWriter, statement: StatementDetail, labels: Labels): void {
  const width = CONTENT_WIDTH * 0.45;
  const rows: Array<[string, number]> = [
    [labels.salesTotal, statement.salesTotal],
    [labels.commissionTotal, -statement.commissionTotal],
    [labels.deductionsTotal, -statement.deductionsTotal],
    [labels.shopDiscountTotal, statement.shopDiscountTotal],
    [labels.adjustmentsTotal, statement.adjustmentsTotal],
  ];
  for (const [label, amount] of rows) {
    writer.text(label, MARGIN, writer.y, { size: 9 });
    writer.text(yenMark(amount), MARGIN, writer.y, { size: 9, width, align: 'right' });
    writer.y += 14;
  }
  writer.doc.lineWidth(1).moveTo(MARGIN, writer.y).lineTo(MARGIN + width, writer.y).stroke();
  writer.y += 4;
  writer.text(labels.amountOwed, MARGIN, writer.y, { size: 13, bold: true });
  writer.text(yenMark(statement.amountOwed), MARGIN, writer.y, { size: 13, bold: true, width, align: 'right' });
  writer.y += 22;
  if (statement.status === 'paid' && statement.paidOn) {
    writer.text(labels.paid(statement.paidOn, statement.paidReference), MARGIN, writer.y, { size: 10, bold: true });
    writer.y += 16;
  }
  writer.text(labels.yenNote, MARGIN, writer.y, { size: 7 });
  writer.y += 14;
}

function lineColumns(labels: Labels, locale: Locale, adjustment: boolean): Column<StatementLine>[] {
  const c = labels.columns;
  // Widths are relative: the table scales them to the page. A money column fits "Commission"
  // in bold and 9,999,999; the name and where-sold columns wrap onto a second line.
  const money = (label: string, pick: (line: StatementLine) => number): Column<StatementLine> => ({ label, width: 56, align: 'right', value: (line) => yen(pick(line)) });
  return [
    { label: c.stockNumber, width: 62, value: (line) => line.stockNumber },
    { label: c.name, width: adjustment ? 72 : 112, wrap: true, value: (line) => line.name },
    { label: c.date, width: 50, value: (line) => line.date },
    { label: c.soldVia, width: 90, wrap: true, value: (line) => `${SOLD_VIA_LABELS[line.soldVia.kind][locale]} ${line.soldVia.reference}` },
    money(c.list, (line) => line.listAmount),
    money(c.discount, (line) => line.discountAmount),
    money(c.refund, (line) => line.refundAmount),
    money(c.sold, (line) => line.soldAmount),
    money(c.commission, (line) => line.commissionAmount),
    money(c.fee, (line) => line.feeAmount),
    money(c.shipping, (line) => line.shippingAmount),
    money(c.amount, (line) => line.amount),
    ...(adjustment ? [{ label: c.settledIn, width: 70, value: (line: StatementLine) => line.settledIn ?? '' }] : []),
  ];
}

function heldColumns(labels: Labels): Column<HeldPiece>[] {
  const c = labels.columns;
  return [
    { label: c.stockNumber, width: 80, value: (piece) => piece.stockNumber },
    { label: c.name, width: 240, value: (piece) => piece.name },
    { label: c.receivedOn, width: 70, value: (piece) => piece.receivedOn },
    { label: c.location, width: 120, value: (piece) => piece.locationName ?? '—' },
    { label: c.retailPrice, width: 80, align: 'right', value: (piece) => yen(piece.retailPrice) },
  ];
}

function returnedColumns(labels: Labels): Column<ReturnedPiece>[] {
  const c = labels.columns;
  return [
    { label: c.returnNumber, width: 90, value: (piece) => piece.returnNumber },
    { label: c.returnedOn, width: 70, value: (piece) => piece.returnedOn },
    { label: c.stockNumber, width: 80, value: (piece) => piece.stockNumber },
    { label: c.name, width: 280, value: (piece) => piece.name },
    { label: c.quantity, width: 50, align: 'right', value: (piece) => String(piece.quantity) },
  ];
}

/** Writes the statement number and "page n of m" at the foot of every page, once all pages exist. */
function drawFooters(writer: StatementWriter, statement: StatementDetail, labels: Labels): void {
  const doc = writer.doc;
  const range = doc.bufferedPageRange();
  for (let index = range.start; index < range.start + range.count; index++) {
    doc.switchToPage(index);
    const y = PAGE_HEIGHT - MARGIN - 8;
    writer.text(`${labels.number} ${statement.number}`, MARGIN, y, { size: 7 });
    writer.text(labels.page(index - range.start + 1, range.count), MARGIN, y, { size: 7, width: CONTENT_WIDTH, align: 'right' });
  }
}

/**
 * Renders the statement: parties, totals, the sold lines, the adjustments, the pieces held
 * on the closing date and those returned in the period, with page numbers on every page.
 */
export async function renderStatementPdf(statement: StatementDetail, locale: Locale): Promise<Buffer> {
  const labels = LABELS[locale];
  const { doc, finished } = await openJapanesePdf({
    size: 'A4',
    layout: 'landscape',
    margins: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN },
    bufferPages: true,
    lang: locale === 'ja' ? 'ja-JP' : 'en',
    info: { Title: `${labels.title} ${statement.number}`, Author: statement.company.name, Subject: statement.number },
  });

  const writer = new StatementWriter(doc);
  drawHeading(writer, statement, labels);
  drawTotals(writer, statement, labels);
  writer.table(labels.lines, lineColumns(labels, locale, false), statement.lines, labels.none);
  if (statement.adjustments.length > 0) writer.table(labels.adjustments, lineColumns(labels, locale, true), statement.adjustments, labels.none);
  writer.table(labels.held, heldColumns(labels), statement.held, labels.none);
  writer.table(labels.returned, returnedColumns(labels), statement.returned, labels.none);
  drawFooters(writer, statement, labels);

  doc.end();
  return finished;
}
