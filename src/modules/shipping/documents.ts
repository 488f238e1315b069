import type { Locale } from '../../shared/errors.js';
import { BOLD_FONT as BOLD, openJapanesePdf, REGULAR_FONT as REGULAR, type PdfDoc as Doc } from '../../shared/pdf.js';
import { formatAddress, type RecipientAddress } from './notification.js';

// The picking list (ピッキングリスト) and the packing slips (納品書) of shipments, as A4
// portrait PDFs in Japanese or English with Noto Sans JP embedded. Both are pure: plain values
// in, PDF bytes out. No text is ever cut: a value too long for its cell is set in smaller type
// and wrapped onto more lines, and the row grows to hold it.

/** The lines to pick for a batch of shipments. Dates are YYYY-MM-DD. */
export interface PickingListInput {
  /** Date printed in the header. */
  printedOn: string;
  shipments: Array<{
    number: string;
    recipientName: string;
    lines: Array<{
      /** Storage place of the piece (location and shelf), or null when unknown. Lines without one are listed last. */
      location: string | null;
      stockNumber: string;
      /** Short item name, as on the price tag. */
      name: string;
      quantity: number;
    }>;
  }>;
}

/**
 * The packing slip of one shipment. Amounts are yen, tax included, and dates YYYY-MM-DD. The
 * type has no cost field on purpose, because the slip travels with the parcel.
 */
export interface PackingSlipInput {
  shop: {
    name: string;
    postalCode: string | null;
    /** Address on one line. */
    address: string | null;
    phone: string | null;
    /** Qualified-invoice registration number (適格請求書発行事業者登録番号), "T" and 13 digits. */
    invoiceRegistrationNumber: string | null;
  };
  shipmentNumber: string;
  shipDate: string;
  recipient: RecipientAddress;
  orders: Array<{ number: string; orderedOn: string }>;
  lines: Array<{ name: string; stockNumber: string; quantity: number; unitPrice: number }>;
  /** Shipping charged to the customer. The total is the lines' amounts plus this. */
  shippingFee: number;
  /** A gift slip prints no prices, amounts or totals. */
  gift: boolean;
  giftMessage: string | null;
}

// A4 portrait in points (1 pt = 1/72 inch), with 12 mm margins and room for the page number.
const PAGE_WIDTH = 595.28;
const PAGE_HEIGHT = 841.89;
const MARGIN = 34;
const CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN;
const FOOTER_Y = PAGE_HEIGHT - MARGIN + 10;
const BOTTOM = PAGE_HEIGHT - MARGIN - 6;
const BODY_SIZE = 9;
/** Smallest type a long value is shrunk to before it takes more lines than its cell allows. */
const MIN_SIZE = 6;
const LINE_SPACING = 1.3;
const CELL_PADDING = 3;

const LABELS = {
  ja: {
    pickingTitle: 'ピッキングリスト',
    printedOn: '印刷日',
    pickingSummary: (shipments: number, pieces: number) => `出荷 ${shipments} 件・商品 ${pieces} 点`,
    pickingColumns: { location: '保管場所', stockNumber: '在庫番号', name: '品名', quantity: '数量', shipment: '出荷番号', recipient: 'お届け先' },
    unknownLocation: '（未設定）',
    slipTitle: '納品書',
    giftSlipTitle: '納品書（ギフト）',
    honorific: ' 様',
    shipmentNumber: '出荷番号',
    shipDate: '発送日',
    order: (number: string, orderedOn: string) => `ご注文番号 ${number}（${orderedOn} ご注文）`,
    phone: 'TEL',
    registration: '登録番号',
    lead: 'このたびはお買い上げいただき、誠にありがとうございます。下記のとおり納品いたします。',
    giftLead: '下記の商品をお届けいたします。',
    slipColumns: { name: '品名', stockNumber: '在庫番号', quantity: '数量', unitPrice: '単価（税込）', amount: '金額（税込）' },
    subtotal: '小計',
    shipping: '送料',
    total: '合計（税込）',
    giftMessage: 'メッセージ',
  },
  en: {
    pickingTitle: 'Picking list',
    printedOn: 'Printed',
    pickingSummary: (shipments: number, pieces: number) =>
      `${shipments} ${shipments === 1 ? 'shipment' : 'shipments'}, ${pieces} ${pieces === 1 ? 'piece' : 'pieces'}`,
    pickingColumns: { location: 'Location', stockNumber: 'Stock no.', name: 'Item', quantity: 'Qty', shipment: 'Shipment', recipient: 'Recipient' },
    unknownLocation: '(not set)',
    slipTitle: 'Packing slip',
    giftSlipTitle: 'Packing slip (gift)',
    honorific: '',
    shipmentNumber: 'Shipment',
    shipDate: 'Shipped',
    order: (number: string, orderedOn: string) => `Order ${number} (ordered ${orderedOn})`,
    phone: 'Phone',
    registration: 'Registration no.',
    lead: 'Thank you for your order. Please find the items delivered listed below.',
    giftLead: 'Please find the items delivered listed below.',
    slipColumns: { name: 'Item', stockNumber: 'Stock no.', quantity: 'Qty', unitPrice: 'Unit price (tax incl.)', amount: 'Amount (tax incl.)' },
    subtotal: 'Subtotal',
    shipping: 'Shipping',
    total: 'Total (tax incl.)',
    giftMessage: 'Message',
  },
} as const;

type Labels = (typeof LABELS)[Locale];

function yen(amount: number): string {
  return `¥${amount.toLocaleString('ja-JP')}`;
}

interface TextStyle {
  size?: number;
  bold?: boolean;
  align?: 'left' | 'center' | 'right';
  /** Lines the text may take at a smaller size before it takes more; 1 unless given. */
  maxLines?: number;
}

/** A text broken into lines that each fit a width at one type size. */
interface FittedText {
  lines: string[];
  size: number;
  bold: boolean;
  height: number;
}

interface Column<Row> {
  label: string;
  /** Relative width: the table scales the columns to the content width. */
  width: number;
  align?: 'left' | 'center' | 'right';
  maxLines?: number;
  /** True for the tick box of the picking list, whose cell contains an empty square. */
  checkbox?: boolean;
  value: (row: Row) => string;
}

/** Draws a document top to bottom, starting new pages as needed. */
class PageWriter {
  y = MARGIN;

  constructor(readonly doc: Doc) {}

  private setFont(size: number, bold: boolean): void {
    this.doc.font(bold ? BOLD : REGULAR).fontSize(size);
  }

  /**
   * Breaks a text into lines that fit a width at the current font: at the last space that
   * fits, else between characters (Japanese has no spaces). Line breaks in the text are kept.
   */
  private wrap(text: string, width: number): string[] {
    const fits = (part: string) => this.doc.widthOfString(part) <= width;
    const lines: string[] = [];
    for (const paragraph of text.split(/\r?\n/)) {
      let rest = paragraph;
      while (!fits(rest)) {
        const characters = [...rest];
        // Binary search for the longest prefix that fits, because widths grow with length. A line
        // takes at least one character, so that a character wider than the cell still moves on.
        let end = 1;
        let tooLong = characters.length;
        while (tooLong - end > 1) {
          const middle = Math.floor((end + tooLong) / 2);
          if (fits(characters.slice(0, middle).join(''))) end = middle;
          else tooLong = middle;
        }

        // Prefer ending the line at a space, so that a word or a number stays whole.
        const head = characters.slice(0, end).join('');
        const space = head.lastIndexOf(' ');
        const cut = space > 0 ? space : head.length;
        lines.push(rest.slice(0, cut).trimEnd());
        rest = rest.slice(cut).trimStart();
      }
      lines.push(rest);
    }
    return lines;
  }

  /**
   * Fits a text into a width: at the given size when it takes at most maxLines lines, else at
   * the largest size down to MIN_SIZE that does, else at MIN_SIZE on as many lines as needed.
   */
  fit(text: string, width: number, style: TextStyle = {}): FittedText {
    const bold = style.bold ?? false;
    const maxLines = style.maxLines ?? 1;
    const fitted = (lines: string[], size: number) => ({ lines, size, bold, height: lines.length * size * LINE_SPACING });

    for (let size = style.size ?? BODY_SIZE; size >= MIN_SIZE; size -= 0.5) {
      this.setFont(size, bold);
      const lines = this.wrap(text, width);
      if (lines.length <= maxLines) return fitted(lines, size);
    }
    this.setFont(MIN_SIZE, bold);
    return fitted(this.wrap(text, width), MIN_SIZE);
  }

  /** Draws fitted text with its first line's top at y. */
  drawFitted(text: FittedText, x: number, y: number, width: number, align: TextStyle['align'] = 'left'): void {
    this.setFont(text.size, text.bold);
    text.lines.forEach((line, index) => {
      const lineWidth = this.doc.widthOfString(line);
      let left = x;
      if (align === 'right') left = x + width - lineWidth;
      if (align === 'center') left = x + (width - lineWidth) / 2;
      // lineBreak: false keeps pdfkit from wrapping or adding pages, because fit() did the
      // wrapping and this writer decides the page breaks.
      this.doc.text(line, left, y + index * text.size * LINE_SPACING, { lineBreak: false });
    });
  }

  /** Fits and draws a text at (x, y) and returns its height. */
  write(text: string, x: number, y: number, width: number, style: TextStyle = {}): number {
    const fitted = this.fit(text, width, style);
    this.drawFitted(fitted, x, y, width, style.align);
    return fitted.height;
  }

  /** Starts a new page when `height` points do not fit below the current position. */
  ensureSpace(height: number, onNewPage?: () => void): void {
    if (this.y + height <= BOTTOM) return;
    this.doc.addPage();
    this.y = MARGIN;
    onNewPage?.();
  }

  /**
   * Draws a table with a shaded header, and repeats the header at the top of each new page.
   * NOTE: a row taller than a page (a name of thousands of characters) runs past the bottom.
   */
  table<Row>(columns: Column<Row>[], rows: readonly Row[]): void {
    const scale = CONTENT_WIDTH / columns.reduce((sum, column) => sum + column.width, 0);
    const widths = columns.map((column) => column.width * scale);
    const lefts = widths.map((_, index) => MARGIN + widths.slice(0, index).reduce((sum, width) => sum + width, 0));
    const inner = (index: number) => widths[index]! - 2 * CELL_PADDING;

    const labels = columns.map((column, index) => this.fit(column.label, inner(index), { bold: true, size: 8, maxLines: 2 }));
    const headerHeight = Math.max(...labels.map((label) => label.height)) + 2 * CELL_PADDING;
    const header = () => {
      this.doc.save().rect(MARGIN, this.y, CONTENT_WIDTH, headerHeight).fill('#e6e6e6').restore();
      this.doc.fillColor('#000');
      columns.forEach((column, index) => this.drawFitted(labels[index]!, lefts[index]! + CELL_PADDING, this.y + CELL_PADDING, inner(index), column.align));
      this.y += headerHeight;
    };

    this.ensureSpace(headerHeight + 2 * BODY_SIZE * LINE_SPACING);
    header();
    for (const row of rows) {
      const cells = columns.map((column, index) => this.fit(column.value(row), inner(index), { maxLines: column.maxLines ?? 1 }));
      const rowHeight = Math.max(BODY_SIZE * LINE_SPACING, ...cells.map((cell) => cell.height)) + 2 * CELL_PADDING;
      this.ensureSpace(rowHeight, header);

      columns.forEach((column, index) => {
        if (column.checkbox) {
          const side = 9;
          this.doc.lineWidth(0.8).rect(lefts[index]! + (widths[index]! - side) / 2, this.y + CELL_PADDING + 1, side, side).stroke();
          return;
        }
        this.drawFitted(cells[index]!, lefts[index]! + CELL_PADDING, this.y + CELL_PADDING, inner(index), column.align);
      });
      this.y += rowHeight;
      this.doc.lineWidth(0.3).strokeColor('#999999').moveTo(MARGIN, this.y).lineTo(MARGIN + CONTENT_WIDTH, this.y).stroke().strokeColor('#000');
    }
    this.y += 8;
  }

  /** Writes "n / m" at the foot of pages [first, first + count) of the buffered document, with an optional note on the left. */
  pageNumbers(first: number, count: number, note?: string): void {
    for (let index = 0; index < count; index++) {
      this.doc.switchToPage(first + index);
      if (note) this.write(note, MARGIN, FOOTER_Y, CONTENT_WIDTH * 0.4, { size: 7 });
      this.write(`${index + 1} / ${count}`, MARGIN, FOOTER_Y, CONTENT_WIDTH, { size: 8, align: 'center' });
    }
  }
}

async function openDocument(title: string, locale: Locale): Promise<{ writer: PageWriter; finished: Promise<Buffer> }> {
  const { doc, finished } = await openJapanesePdf({
    size: 'A4',
    layout: 'portrait',
    // pdfkit's own margins stay small, because PageWriter places every line itself.
    margins: { top: 10, bottom: 10, left: MARGIN, right: MARGIN },
    bufferPages: true,
    lang: locale === 'ja' ? 'ja-JP' : 'en',
    info: { Title: title },
  });
  return { writer: new PageWriter(doc), finished };
}

interface PickingRow {
  location: string | null;
  stockNumber: string;
  name: string;
  quantity: number;
  shipmentNumber: string;
  recipientName: string;
}

const collator = new Intl.Collator('ja', { numeric: true });

/** Collects every line of the shipments, sorted by location (unknown last), then stock number, then shipment number. */
function pickingRows(input: PickingListInput): PickingRow[] {
  const rows = input.shipments.flatMap((shipment) =>
    shipment.lines.map((line) => ({ ...line, shipmentNumber: shipment.number, recipientName: shipment.recipientName })),
  );
  return rows.sort((a, b) => {
    if (a.location !== b.location) {
      if (a.location === null) return 1;
      if (b.location === null) return -1;
      const byLocation = collator.compare(a.location, b.location);
      if (byLocation !== 0) return byLocation;
    }
    return collator.compare(a.stockNumber, b.stockNumber) || collator.compare(a.shipmentNumber, b.shipmentNumber);
  });
}

/**
 * Renders the picking list of a batch of shipments: one table of every line to pick, sorted
 * by location and then stock number, with a tick box per line, the header repeated on each
 * page and "n / m" page numbers.
 */
export async function renderPickingList(input: PickingListInput, locale: Locale): Promise<Buffer> {
  const labels = LABELS[locale];
  const { writer, finished } = await openDocument(`${labels.pickingTitle} ${input.printedOn}`, locale);
  const rows = pickingRows(input);
  const pieces = rows.reduce((sum, row) => sum + row.quantity, 0);

  writer.write(labels.pickingTitle, MARGIN, writer.y, CONTENT_WIDTH, { size: 16, bold: true });
  writer.write(`${labels.printedOn}: ${input.printedOn}`, MARGIN, writer.y + 4, CONTENT_WIDTH, { align: 'right' });
  writer.y += 26;
  writer.write(labels.pickingSummary(input.shipments.length, pieces), MARGIN, writer.y, CONTENT_WIDTH, { size: 11, bold: true });
  writer.y += 22;

  const c = labels.pickingColumns;
  const columns: Column<PickingRow>[] = [
    { label: '', width: 20, checkbox: true, value: () => '' },
    { label: c.location, width: 72, maxLines: 2, value: (row) => row.location ?? labels.unknownLocation },
    { label: c.stockNumber, width: 72, maxLines: 2, value: (row) => row.stockNumber },
    { label: c.name, width: 150, maxLines: 2, value: (row) => row.name },
    { label: c.quantity, width: 32, align: 'right', value: (row) => String(row.quantity) },
    { label: c.shipment, width: 84, maxLines: 2, value: (row) => row.shipmentNumber },
    { label: c.recipient, width: 88, maxLines: 2, value: (row) => row.recipientName },
  ];
  writer.table(columns, rows);

  const range = writer.doc.bufferedPageRange();
  writer.pageNumbers(range.start, range.count);
  writer.doc.end();
  return finished;
}

/** Draws the title, the recipient on the left and the shop and shipment on the right. */
function drawSlipHeading(writer: PageWriter, slip: PackingSlipInput, labels: Labels): void {
  writer.write(slip.gift ? labels.giftSlipTitle : labels.slipTitle, MARGIN, writer.y, CONTENT_WIDTH, { size: 18, bold: true, align: 'center' });
  writer.y += 36;
  const top = writer.y;

  const leftWidth = CONTENT_WIDTH * 0.52;
  let left = top;
  for (const line of formatAddress(slip.recipient)) left += writer.write(line, MARGIN, left, leftWidth, { maxLines: 2 }) + 2;
  left += 4;
  left += writer.write(`${slip.recipient.name}${labels.honorific}`, MARGIN, left, leftWidth, { size: 13, bold: true, maxLines: 2 });

  const rightX = MARGIN + CONTENT_WIDTH * 0.58;
  const rightWidth = CONTENT_WIDTH * 0.42;
  const shop = slip.shop;
  const shopLines: Array<[string | null, TextStyle]> = [
    [shop.name, { size: 11, bold: true, maxLines: 2 }],
    [shop.postalCode ? `〒${shop.postalCode}` : null, {}],
    [shop.address, { maxLines: 3 }],
    [shop.phone ? `${labels.phone}: ${shop.phone}` : null, {}],
    [shop.invoiceRegistrationNumber ? `${labels.registration}: ${shop.invoiceRegistrationNumber}` : null, {}],
  ];
  let right = top;
  for (const [line, style] of shopLines) {
    if (line !== null) right += writer.write(line, rightX, right, rightWidth, style) + 1;
  }
  right += 8;
  right += writer.write(`${labels.shipmentNumber}: ${slip.shipmentNumber}`, rightX, right, rightWidth);
  right += writer.write(`${labels.shipDate}: ${slip.shipDate}`, rightX, right, rightWidth);
  for (const order of slip.orders) right += writer.write(labels.order(order.number, order.orderedOn), rightX, right, rightWidth, { maxLines: 2 });

  writer.y = Math.max(left, right) + 16;
  writer.y += writer.write(slip.gift ? labels.giftLead : labels.lead, MARGIN, writer.y, CONTENT_WIDTH, { maxLines: 2 }) + 8;
}

type SlipLine = PackingSlipInput['lines'][number];

/** Columns of the item table. A gift slip has no price columns at all, not empty ones. */
function slipColumns(labels: Labels, gift: boolean): Column<SlipLine>[] {
  const c = labels.slipColumns;
  const columns: Column<SlipLine>[] = [
    { label: c.name, width: 230, maxLines: 3, value: (line) => line.name },
    { label: c.stockNumber, width: 90, maxLines: 2, value: (line) => line.stockNumber },
    { label: c.quantity, width: 40, align: 'right', value: (line) => String(line.quantity) },
  ];
  if (gift) return columns;
  return [
    ...columns,
    { label: c.unitPrice, width: 78, align: 'right', value: (line) => yen(line.unitPrice) },
    { label: c.amount, width: 78, align: 'right', value: (line) => yen(line.unitPrice * line.quantity) },
  ];
}

/** Draws subtotal, shipping and total at the right, under the amount columns. */
function drawSlipTotals(writer: PageWriter, slip: PackingSlipInput, labels: Labels): void {
  const subtotal = slip.lines.reduce((sum, line) => sum + line.unitPrice * line.quantity, 0);
  const rows: Array<[string, number, boolean]> = [
    [labels.subtotal, subtotal, false],
    [labels.shipping, slip.shippingFee, false],
    [labels.total, subtotal + slip.shippingFee, true],
  ];
  const width = CONTENT_WIDTH * 0.4;
  const x = MARGIN + CONTENT_WIDTH - width;
  writer.ensureSpace(rows.length * 18 + 8);

  for (const [label, amount, bold] of rows) {
    const size = bold ? 11 : BODY_SIZE;
    if (bold) writer.doc.lineWidth(0.8).moveTo(x, writer.y - 2).lineTo(x + width, writer.y - 2).stroke();
    writer.write(label, x, writer.y, width * 0.55, { size, bold });
    writer.write(yen(amount), x + width * 0.55, writer.y, width * 0.45, { size, bold, align: 'right' });
    writer.y += size * LINE_SPACING + 5;
  }
  writer.y += 10;
}

/** Draws the gift message in a framed box, continued in a further box on the next page when it does not fit. */
function drawGiftMessage(writer: PageWriter, message: string, labels: Labels): void {
  const padding = 8;
  const body = writer.fit(message, CONTENT_WIDTH - 2 * padding, { size: 10, maxLines: Number.POSITIVE_INFINITY });
  const lineHeight = body.size * LINE_SPACING;
  writer.ensureSpace(14 + lineHeight + 2 * padding);
  writer.write(labels.giftMessage, MARGIN, writer.y, CONTENT_WIDTH, { bold: true });
  writer.y += 14;

  let rest = body.lines;
  while (rest.length > 0) {
    writer.ensureSpace(lineHeight + 2 * padding);
    const fitting = Math.max(1, Math.floor((BOTTOM - writer.y - 2 * padding) / lineHeight));
    const part = { ...body, lines: rest.slice(0, fitting), height: Math.min(fitting, rest.length) * lineHeight };
    rest = rest.slice(fitting);

    writer.doc.lineWidth(0.8).roundedRect(MARGIN, writer.y, CONTENT_WIDTH, part.height + 2 * padding, 4).stroke();
    writer.drawFitted(part, MARGIN + padding, writer.y + padding, CONTENT_WIDTH - 2 * padding);
    writer.y += part.height + 2 * padding + 10;
  }
}

/**
 * Renders the packing slips of shipments, each starting on a new A4 page. A slip shows the
 * recipient, the shop, the shipment and its orders, and the items. Unless it is a gift, it
 * also shows prices and totals. The gift message follows when there is one. A slip too long
 * for one page continues on the next with the table header repeated, and its pages are then
 * numbered "n / m". Raises a RangeError for an empty list.
 */
export async function renderPackingSlips(input: PackingSlipInput[], locale: Locale): Promise<Buffer> {
  // An empty list would give a blank page that looks like a slip that lost its contents.
  if (input.length === 0) throw new RangeError('renderPackingSlips needs at least one shipment');

  const labels = LABELS[locale];
  const { writer, finished } = await openDocument(labels.slipTitle, locale);
  const doc = writer.doc;
  const slipPages: Array<{ first: number; count: number; shipmentNumber: string }> = [];

  input.forEach((slip, index) => {
    if (index > 0) {
      doc.addPage();
      writer.y = MARGIN;
    }
    const first = doc.bufferedPageRange().count - 1;

    drawSlipHeading(writer, slip, labels);
    writer.table(slipColumns(labels, slip.gift), slip.lines);
    if (!slip.gift) drawSlipTotals(writer, slip, labels);
    if (slip.giftMessage !== null && slip.giftMessage.trim() !== '') drawGiftMessage(writer, slip.giftMessage.trim(), labels);

    slipPages.push({ first, count: doc.bufferedPageRange().count - first, shipmentNumber: slip.shipmentNumber });
  });

  for (const pages of slipPages) {
    if (pages.count > 1) writer.pageNumbers(pages.first, pages.count, `${labels.shipmentNumber} ${pages.shipmentNumber}`);
  }
  doc.end();
  return finished;
}
