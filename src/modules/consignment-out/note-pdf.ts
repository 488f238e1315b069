import { BOLD_FONT as BOLD, openJapanesePdf, REGULAR_FONT as REGULAR, type PdfDoc as Doc } from '../../shared/pdf.js';
import type { Locale } from '../../shared/errors.js';
import type { CompanySettings } from '../company/schemas.js';
import type { NoteOutput } from './schemas.js';

// The printable delivery note (委託伝票) that goes with the pieces to the consignee. It shows
// both parties, the dates and the terms, one row per piece with its retail price (and net
// amount under net terms), and a box for the consignee's receipt stamp. A4 portrait, with
// Noto Sans JP from npm embedded as a subset, as the receipts do.

// A4 in points (1 pt = 1/72 inch), with 15 mm margins.
const PAGE_WIDTH = 595.28;
const PAGE_HEIGHT = 841.89;
const MARGIN = 42;
const CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN;
const BOTTOM = PAGE_HEIGHT - MARGIN - 20;
const ROW_HEIGHT = 18;
const BODY_SIZE = 9;

const LABELS = {
  ja: {
    title: '委託伝票',
    number: '伝票番号',
    sentOn: '送付日',
    returnDueOn: '返却期限',
    agreement: '契約',
    to: (name: string) => `${name} 御中`,
    terms: (rate: string | null) => (rate === null ? '条件: 仕切り金額' : `条件: 委託手数料 ${rate}%`),
    row: 'No.',
    stockNumber: '在庫番号',
    item: '商品名',
    retail: '上代（税込）',
    net: '仕切り金額',
    total: (count: number) => `合計 ${count} 点`,
    lead: '下記の商品を委託いたします。ご査収のうえ、受領印をお願いいたします。',
    receipt: '受領印',
    page: (page: number, count: number) => `${page} / ${count}`,
    registration: '登録番号',
  },
  en: {
    title: 'Consignment delivery note',
    number: 'Number',
    sentOn: 'Sent on',
    returnDueOn: 'Return due',
    agreement: 'Agreement',
    to: (name: string) => `To: ${name}`,
    terms: (rate: string | null) => (rate === null ? 'Terms: net amount per piece' : `Terms: consignee commission ${rate}%`),
    row: 'No.',
    stockNumber: 'Stock number',
    item: 'Item',
    retail: 'Retail (tax incl.)',
    net: 'Net amount',
    total: (count: number) => `Total: ${count} pieces`,
    lead: 'We consign the pieces below to you. Please check them and stamp the receipt box.',
    receipt: 'Received',
    page: (page: number, count: number) => `Page ${page} of ${count}`,
    registration: 'Registration no.',
  },
} as const;

type Labels = (typeof LABELS)[Locale];

function yen(amount: number): string {
  return `¥${amount.toLocaleString('ja-JP')}`;
}

interface NotePdfInput {
  note: NoteOutput;
  company: CompanySettings;
  /** The consignee's commission in percent under rate terms, null under net terms. */
  ratePercent: number | null;
}

/** Column left edges and widths in points. */
function columns(withNet: boolean) {
  const row = { x: MARGIN, width: 28 };
  const stock = { x: row.x + row.width, width: 96 };
  const net = { x: MARGIN + CONTENT_WIDTH - 90, width: 90 };
  const retail = { x: (withNet ? net.x : MARGIN + CONTENT_WIDTH) - 96, width: 96 };
  const item = { x: stock.x + stock.width, width: retail.x - (stock.x + stock.width) - 6 };
  return { row, stock, item, retail, net };
}

function text(doc: Doc, value: string, x: number, y: number, options: { width?: number; align?: 'left' | 'right' | 'center'; bold?: boolean; size?: number } = {}) {
  doc
    .font(options.bold ? BOLD : REGULAR)
    .fontSize(options.size ?? BODY_SIZE)
    .text(value, x, y, { width: options.width, align: options.align ?? 'left', lineBreak: false, ellipsis: true });
}

function drawTableHeader(doc: Doc, y: number, labels: Labels, withNet: boolean): number {
  const cols = columns(withNet);
  doc.rect(MARGIN, y, CONTENT_WIDTH, ROW_HEIGHT).fill('#eeeeee').fillColor('black');
  const top = y + 4;
  text(doc, labels.row, cols.row.x + 2, top, { width: cols.row.width - 4, bold: true });
  text(doc, labels.stockNumber, cols.stock.x, top, { width: cols.stock.width, bold: true });
  text(doc, labels.item, cols.item.x, top, { width: cols.item.width, bold: true });
  text(doc, labels.retail, cols.retail.x, top, { width: cols.retail.width - 4, align: 'right', bold: true });
  if (withNet) text(doc, labels.net, cols.net.x, top, { width: cols.net.width - 4, align: 'right', bold: true });
  return y + ROW_HEIGHT;
}

function drawHeading(doc: Doc, { note, company, ratePercent }: NotePdfInput, labels: Labels): number {
  text(doc, labels.title, MARGIN, MARGIN, { width: CONTENT_WIDTH, align: 'center', bold: true, size: 18 });
  let y = MARGIN + 36;

  text(doc, labels.to(note.consigneeName), MARGIN, y, { bold: true, size: 13, width: CONTENT_WIDTH / 2 });
  const right = MARGIN + CONTENT_WIDTH / 2;
  const meta = [`${labels.number}: ${note.number}`, `${labels.sentOn}: ${note.sentOn}`, `${labels.returnDueOn}: ${note.returnDueOn}`, `${labels.agreement}: ${note.agreementNumber}`];
  meta.forEach((line, index) => text(doc, line, right, y + index * 13, { width: CONTENT_WIDTH / 2, align: 'right' }));

  const ours = [company.name, [company.postalCode ? `〒${company.postalCode}` : null, company.address].filter(Boolean).join(' '), company.phone ?? '', company.invoiceRegistrationNumber ? `${labels.registration}: ${company.invoiceRegistrationNumber}` : '']
    .filter((line) => line !== '');
  ours.forEach((line, index) => text(doc, line, right, y + (meta.length + index) * 13 + 6, { width: CONTENT_WIDTH / 2, align: 'right', bold: index === 0 }));

  y += 30;
  text(doc, labels.terms(ratePercent === null ? null : String(ratePercent)), MARGIN, y, { width: CONTENT_WIDTH / 2 });
  y += 16;
  text(doc, labels.lead, MARGIN, y, { width: CONTENT_WIDTH / 2 });
  return Math.max(y + 24, MARGIN + 36 + (meta.length + ours.length) * 13 + 18);
}

/** Renders the delivery note as a PDF in the given language. */
export async function renderNotePdf(input: NotePdfInput, locale: Locale): Promise<Buffer> {
  const labels = LABELS[locale];
  const { note } = input;
  const withNet = note.lines.some((line) => line.netAmount !== null);
  const cols = columns(withNet);
  const { doc, finished } = await openJapanesePdf({
    size: 'A4',
    margins: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN },
    bufferPages: true,
    lang: locale === 'ja' ? 'ja-JP' : 'en',
    info: { Title: `${labels.title} ${note.number}`, Author: input.company.name, Subject: note.number },
  });

  let y = drawTableHeader(doc, drawHeading(doc, input, labels), labels, withNet);
  for (const [index, line] of note.lines.entries()) {
    if (y + ROW_HEIGHT > BOTTOM) {
      doc.addPage();
      y = drawTableHeader(doc, MARGIN, labels, withNet);
    }
    const top = y + 4;
    text(doc, String(index + 1), cols.row.x + 2, top, { width: cols.row.width - 4 });
    text(doc, line.stockNumber, cols.stock.x, top, { width: cols.stock.width });
    text(doc, line.itemName, cols.item.x, top, { width: cols.item.width });
    text(doc, yen(line.retailPrice), cols.retail.x, top, { width: cols.retail.width - 4, align: 'right' });
    if (withNet && line.netAmount !== null) text(doc, yen(line.netAmount), cols.net.x, top, { width: cols.net.width - 4, align: 'right' });
    y += ROW_HEIGHT;
    doc.moveTo(MARGIN, y).lineTo(MARGIN + CONTENT_WIDTH, y).lineWidth(0.5).strokeColor('#cccccc').stroke();
  }

  // Totals and the receipt stamp box need about 80 points.
  if (y + 80 > BOTTOM) {
    doc.addPage();
    y = MARGIN;
  }
  const netTotal = note.lines.reduce((sum, line) => sum + (line.netAmount ?? 0), 0);
  text(doc, labels.total(note.lines.length), cols.stock.x, y + 6, { bold: true, width: cols.stock.width + cols.item.width });
  text(doc, yen(note.retailTotal), cols.retail.x, y + 6, { width: cols.retail.width - 4, align: 'right', bold: true });
  if (withNet) text(doc, yen(netTotal), cols.net.x, y + 6, { width: cols.net.width - 4, align: 'right', bold: true });
  const box = { x: MARGIN + CONTENT_WIDTH - 80, y: y + 28, size: 70 };
  doc.rect(box.x, box.y, box.size, box.size).lineWidth(0.8).strokeColor('black').stroke();
  text(doc, labels.receipt, box.x, box.y + 4, { width: box.size, align: 'center', size: 8 });

  const range = doc.bufferedPageRange();
  for (let index = range.start; index < range.start + range.count; index += 1) {
    doc.switchToPage(index);
    // The footer sits inside the bottom margin, so without this pdfkit would start a new page for it.
    doc.page.margins.bottom = 0;
    text(doc, `${labels.number} ${note.number}`, MARGIN, PAGE_HEIGHT - MARGIN - 8, { size: 7 });
    text(doc, labels.page(index - range.start + 1, range.count), MARGIN, PAGE_HEIGHT - MARGIN - 8, { size: 7, width: CONTENT_WIDTH, align: 'right' });
  }

  doc.end();
  return finished;
}
