import { BOLD_FONT as BOLD, openJapanesePdf, REGULAR_FONT as REGULAR, type PdfDoc as Doc } from '../../shared/pdf.js';
import { code128Png } from './barcode.js';
import type { MoneyRow, ReceiptModel } from './model.js';

// The A4 qualified invoice (適格請求書) as a PDF, with the Japanese fonts of shared/pdf.ts.

// A4 in points (1 pt = 1/72 inch), with 15 mm margins.
const PAGE_WIDTH = 595.28;
const PAGE_HEIGHT = 841.89;
const MARGIN = 42;
const CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN;
const FOOTER_HEIGHT = 24;
const BOTTOM = PAGE_HEIGHT - MARGIN - FOOTER_HEIGHT;

/** Item table columns: left edge and width in points. */
const COLUMNS = (() => {
  const mark = { x: MARGIN, width: 14 };
  const stock = { x: mark.x + mark.width, width: 92 };
  const amount = { x: MARGIN + CONTENT_WIDTH - 88, width: 88 };
  // Wide enough for "excl. tax ¥1,234,567" at the small size under the unit price.
  const unit = { x: amount.x - 96, width: 96 };
  const quantity = { x: unit.x - 40, width: 40 };
  const name = { x: stock.x + stock.width, width: quantity.x - (stock.x + stock.width) - 6 };
  return { mark, stock, name, quantity, unit, amount };
})();

const ROW_PADDING = 4;
const BODY_SIZE = 9;
/** Type size of the item's own price under the unit price, and the height of its row. */
const ITEM_PRICE_SIZE = 7.5;
const ITEM_PRICE_HEIGHT = 10;

/** Draws the invoice page by page and tracks the vertical position. */
class InvoiceWriter {
  y = MARGIN;

  constructor(
    readonly doc: Doc,
    readonly model: ReceiptModel,
  ) {}

  /** Writes one line of text with no wrapping, left, centred or right within [x, x + width]. */
  line(text: string, x: number, y: number, options: { size?: number; bold?: boolean; width?: number; align?: 'left' | 'center' | 'right' } = {}): void {
    const doc = this.doc;
    doc.font(options.bold ? BOLD : REGULAR).fontSize(options.size ?? BODY_SIZE);
    let left = x;
    if (options.width !== undefined && options.align && options.align !== 'left') {
      const textWidth = doc.widthOfString(text);
      left = options.align === 'right' ? x + options.width - textWidth : x + (options.width - textWidth) / 2;
    }
    // lineBreak: false keeps pdfkit from wrapping or adding pages on its own, because this
    // writer decides the page breaks.
    doc.text(text, left, y, { lineBreak: false });
  }

  /** Height of wrapped text at a width, in points. */
  heightOf(text: string, width: number, size = BODY_SIZE, bold = false): number {
    this.doc.font(bold ? BOLD : REGULAR).fontSize(size);
    return this.doc.heightOfString(text, { width });
  }

  /** Writes text wrapped to a width. Call ensureSpace with its heightOf first. */
  wrapped(text: string, x: number, y: number, width: number, size = BODY_SIZE, bold = false): void {
    this.doc.font(bold ? BOLD : REGULAR).fontSize(size);
    this.doc.text(text, x, y, { width });
  }

  /** Starts a new page when `height` points do not fit below the current position. */
  ensureSpace(height: number, onNewPage?: () => void): void {
    if (this.y + height <= BOTTOM) return;
    this.doc.addPage();
    this.y = MARGIN;
    this.pageHeader(true);
    onNewPage?.();
  }

  /** Draws the copy mark, the void mark and, on continuation pages, the title at the top of a page. */
  pageHeader(continued: boolean): void {
    const model = this.model;
    if (model.copyMark) {
      const width = this.doc.font(BOLD).fontSize(11).widthOfString(model.copyMark) + 16;
      const x = MARGIN + CONTENT_WIDTH - width;
      this.doc.lineWidth(1.5).rect(x, this.y, width, 20).stroke();
      this.line(model.copyMark, x, this.y + 3, { size: 11, bold: true, width, align: 'center' });
    }
    if (model.voidNotice) {
      const width = this.doc.font(BOLD).fontSize(14).widthOfString(model.voidNotice.mark) + 20;
      this.doc.lineWidth(2).rect(MARGIN, this.y, width, 24).stroke();
      this.line(model.voidNotice.mark, MARGIN, this.y + 3, { size: 14, bold: true, width, align: 'center' });
    }
    if (continued) {
      this.line(`${model.titles.a4}  ${model.saleNumber}`, MARGIN, this.y + 30, { size: 10, bold: true });
      this.y += 50;
    } else if (model.copyMark || model.voidNotice) {
      this.y += 30;
    }
  }
}

function drawHeading(writer: InvoiceWriter): void {
  const model = writer.model;
  const labels = model.labels;
  writer.line(model.titles.a4, MARGIN, writer.y, { size: 20, bold: true, width: CONTENT_WIDTH, align: 'center' });
  writer.y += 34;
  if (model.returnMark) {
    writer.line(model.returnMark, MARGIN, writer.y, { size: 14, bold: true, width: CONTENT_WIDTH, align: 'center' });
    writer.y += 24;
  }

  // The left column has the recipient and the transaction, the right one the issuer and the store.
  const top = writer.y;
  const leftWidth = 270;
  const recipientText = model.recipient.text;
  if (model.recipient.name) {
    writer.line(recipientText, MARGIN, writer.y, { size: 14, bold: true });
  } else if (model.locale === 'ja') {
    // No customer on the sale: a blank line to write the name on by hand, before 様.
    writer.line(recipientText, MARGIN + leftWidth - 40, writer.y, { size: 14, bold: true, width: 40, align: 'right' });
  } else {
    writer.line(recipientText, MARGIN, writer.y, { size: 14, bold: true });
  }
  writer.y += 20;
  writer.doc.lineWidth(0.8).moveTo(MARGIN, writer.y).lineTo(MARGIN + leftWidth, writer.y).stroke();
  writer.y += 10;
  // The customer is the recipient above, so the meta rows leave the name out.
  for (const entry of model.meta.filter((row) => row.label !== labels.customer)) {
    const valueHeight = writer.heightOf(entry.value, leftWidth - 90);
    writer.line(entry.label, MARGIN, writer.y);
    writer.wrapped(entry.value, MARGIN + 90, writer.y, leftWidth - 90);
    writer.y += Math.max(valueHeight, 13) + 1;
  }
  const leftBottom = writer.y;

  writer.y = top;
  const rightX = MARGIN + 300;
  const rightWidth = CONTENT_WIDTH - 300;
  writer.line(labels.issuer, rightX, writer.y, { size: 8 });
  writer.y += 12;
  const nameHeight = writer.heightOf(model.issuer.name, rightWidth, 12, true);
  writer.wrapped(model.issuer.name, rightX, writer.y, rightWidth, 12, true);
  writer.y += nameHeight + 2;
  for (const text of model.issuer.contactLines) {
    const height = writer.heightOf(text, rightWidth);
    writer.wrapped(text, rightX, writer.y, rightWidth);
    writer.y += height;
  }
  if (model.issuer.registration) {
    writer.line(model.issuer.registration, rightX, writer.y + 2, { bold: true, size: 10 });
    writer.y += 18;
  }
  writer.y += 4;
  writer.line(`${labels.store}: ${model.store.name}`, rightX, writer.y);
  writer.y += 13;
  for (const text of model.store.contactLines) {
    const height = writer.heightOf(text, rightWidth);
    writer.wrapped(text, rightX, writer.y, rightWidth);
    writer.y += height;
  }
  writer.y = Math.max(leftBottom, writer.y) + 12;
}

function drawNotices(writer: InvoiceWriter): void {
  const model = writer.model;
  const texts: string[] = [];
  if (model.voidNotice && model.voidNotice.lines.length > 0) texts.push(model.voidNotice.lines.join('\n'));
  if (model.notQualifiedNotice) texts.push(model.notQualifiedNotice);
  for (const text of texts) {
    const height = writer.heightOf(text, CONTENT_WIDTH - 12, 10, true) + 8;
    writer.ensureSpace(height);
    writer.doc.lineWidth(1).rect(MARGIN, writer.y, CONTENT_WIDTH, height).stroke();
    writer.wrapped(text, MARGIN + 6, writer.y + 4, CONTENT_WIDTH - 12, 10, true);
    writer.y += height + 6;
  }
}

function drawTableHeader(writer: InvoiceWriter): void {
  const labels = writer.model.labels;
  const height = 18;
  writer.doc.save().rect(MARGIN, writer.y, CONTENT_WIDTH, height).fill('#e6e6e6').restore();
  writer.doc.fillColor('#000');
  const y = writer.y + 4;
  writer.line(labels.stockNumber, COLUMNS.stock.x, y, { bold: true });
  writer.line(labels.itemHeading, COLUMNS.name.x, y, { bold: true });
  writer.line(labels.quantity, COLUMNS.quantity.x, y, { bold: true, width: COLUMNS.quantity.width, align: 'right' });
  writer.line(labels.unitPrice, COLUMNS.unit.x, y, { bold: true, width: COLUMNS.unit.width, align: 'right' });
  writer.line(labels.amount, COLUMNS.amount.x, y, { bold: true, width: COLUMNS.amount.width, align: 'right' });
  writer.y += height + 2;
}

function drawLines(writer: InvoiceWriter): void {
  writer.ensureSpace(40);
  drawTableHeader(writer);
  for (const line of writer.model.lines) {
    const nameHeight = writer.heightOf(line.name, COLUMNS.name.width);
    const unitHeight = 12 + (line.itemPriceText ? ITEM_PRICE_HEIGHT : 0);
    const rowHeight = Math.max(nameHeight, unitHeight) + ROW_PADDING * 2;
    const discountHeight = line.discount ? 14 : 0;
    writer.ensureSpace(rowHeight + discountHeight, () => drawTableHeader(writer));

    const y = writer.y + ROW_PADDING;
    if (line.mark) writer.line(line.mark, COLUMNS.mark.x, y, { bold: true });
    writer.line(line.stockNumber, COLUMNS.stock.x, y);
    writer.wrapped(line.name, COLUMNS.name.x, y, COLUMNS.name.width);
    writer.line(String(line.quantity), COLUMNS.quantity.x, y, { width: COLUMNS.quantity.width, align: 'right' });
    writer.line(line.unitPriceText, COLUMNS.unit.x, y, { width: COLUMNS.unit.width, align: 'right' });
    // An item priced on the other basis: its own price, marked 税抜 or 税込, under the unit price.
    if (line.itemPriceText) writer.line(line.itemPriceText, COLUMNS.unit.x, y + 12, { size: ITEM_PRICE_SIZE, width: COLUMNS.unit.width, align: 'right' });
    writer.line(line.amountText, COLUMNS.amount.x, y, { width: COLUMNS.amount.width, align: 'right' });
    writer.y += rowHeight;
    if (line.discount) {
      writer.line(line.discount.label, COLUMNS.name.x + 12, writer.y - 2);
      writer.line(line.discount.text, COLUMNS.amount.x, writer.y - 2, { width: COLUMNS.amount.width, align: 'right' });
      writer.y += discountHeight;
    }
    writer.doc.lineWidth(0.4).strokeColor('#999').moveTo(MARGIN, writer.y).lineTo(MARGIN + CONTENT_WIDTH, writer.y).stroke().strokeColor('#000');
  }
  writer.y += 10;
}

/** Writes label and amount rows right-aligned in the right half of the page. */
function drawMoneyRows(writer: InvoiceWriter, rows: MoneyRow[]): void {
  const x = MARGIN + CONTENT_WIDTH / 2;
  const width = CONTENT_WIDTH / 2;
  for (const row of rows) {
    const size = row.emphasis ? 12 : BODY_SIZE;
    const height = row.emphasis ? 20 : 14;
    writer.ensureSpace(height);
    writer.line(row.label, x + (row.indent ? 14 : 0), writer.y, { size, bold: row.emphasis });
    writer.line(row.text, x, writer.y, { size, bold: row.emphasis, width, align: 'right' });
    writer.y += height;
    if (row.emphasis) writer.doc.lineWidth(0.8).moveTo(x, writer.y - 3).lineTo(x + width, writer.y - 3).stroke();
  }
}

function drawSummary(writer: InvoiceWriter): void {
  const model = writer.model;
  const labels = model.labels;
  drawMoneyRows(writer, model.totals);
  writer.y += 8;

  // Per-rate table: the tax-included total and the tax of each rate.
  const x = MARGIN + CONTENT_WIDTH / 2;
  const width = CONTENT_WIDTH / 2;
  const column = width / 3;
  writer.ensureSpace(18 + 14 * model.rates.length + 30);
  writer.doc.save().rect(x, writer.y, width, 16).fill('#e6e6e6').restore();
  writer.doc.fillColor('#000');
  writer.line(labels.rateHeading, x + 4, writer.y + 3, { bold: true });
  writer.line(labels.rateTaxableAmount, x + column, writer.y + 3, { bold: true, width: column, align: 'right' });
  writer.line(labels.rateTaxHeading, x + 2 * column, writer.y + 3, { bold: true, width: column - 4, align: 'right' });
  writer.y += 19;
  for (const rate of model.rates) {
    writer.line(`${rate.total.label}${rate.reduced ? ' ※' : ''}`, x + 4, writer.y);
    writer.line(rate.total.text, x + column, writer.y, { width: column, align: 'right' });
    if (rate.tax) writer.line(rate.tax.text, x + 2 * column, writer.y, { width: column - 4, align: 'right' });
    writer.y += 14;
  }
  const notes = [model.roundingText, model.reducedLegend, model.basisNote].filter((text): text is string => text !== null);
  for (const text of notes) {
    writer.ensureSpace(13);
    writer.line(text, x + 4, writer.y, { size: 8 });
    writer.y += 12;
  }
  writer.y += 10;
}

function drawPayments(writer: InvoiceWriter): void {
  const model = writer.model;
  if (model.payments.length === 0) return;
  writer.ensureSpace(32);
  writer.line(model.paymentHeading, MARGIN + CONTENT_WIDTH / 2, writer.y, { bold: true });
  writer.y += 15;
  drawMoneyRows(writer, model.payments);
  writer.y += 10;
}

async function drawBarcode(writer: InvoiceWriter): Promise<void> {
  const png = await code128Png(writer.model.barcodeText);
  if (!png) return;
  const height = 36;
  writer.ensureSpace(height + 16);
  writer.doc.image(png, MARGIN, writer.y, { height, width: 180 });
  writer.line(writer.model.saleNumber, MARGIN, writer.y + height + 2, { size: 8, width: 180, align: 'center' });
  writer.y += height + 16;
}

/** Writes "page n of m" and the sale number at the foot of every page, once all pages exist. */
function drawFooters(writer: InvoiceWriter): void {
  const doc = writer.doc;
  const range = doc.bufferedPageRange();
  for (let index = range.start; index < range.start + range.count; index++) {
    doc.switchToPage(index);
    const y = PAGE_HEIGHT - MARGIN - 10;
    writer.line(`${writer.model.numberLabel} ${writer.model.saleNumber}`, MARGIN, y, { size: 8 });
    writer.line(writer.model.labels.page(index - range.start + 1, range.count), MARGIN, y, { size: 8, width: CONTENT_WIDTH, align: 'right' });
  }
}

/**
 * Renders the A4 invoice: title, recipient, issuer with registration number, items with
 * reduced-rate marks, per-rate totals and tax, payments and a barcode of the sale number.
 * Long sales continue on further pages with the table header, and the copy mark on a reprint,
 * repeated at the top of each page.
 */
export async function renderReceiptPdf(model: ReceiptModel): Promise<Buffer> {
  const { doc, finished } = await openJapanesePdf({
    size: 'A4',
    margins: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN },
    bufferPages: true,
    lang: model.locale === 'ja' ? 'ja-JP' : 'en',
    info: { Title: `${model.titles.a4} ${model.saleNumber}`, Author: model.issuer.name, Subject: model.saleNumber },
  });

  const writer = new InvoiceWriter(doc, model);
  writer.pageHeader(false);
  drawHeading(writer);
  drawNotices(writer);
  drawLines(writer);
  drawSummary(writer);
  drawPayments(writer);
  await drawBarcode(writer);
  drawFooters(writer);

  doc.end();
  return finished;
}
