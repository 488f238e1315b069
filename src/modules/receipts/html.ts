import { code128Svg } from './barcode.js';
import type { LabelledValue, MoneyRow, ReceiptModel } from './model.js';

// The roll receipt as one self-contained HTML page for 58 mm and 80 mm thermal printers:
// inline CSS, an inline SVG barcode and no external resources, so it prints the same
// offline. Every text from the model is escaped here, at the one place it enters HTML.

export type RollWidthMm = 58 | 80;

export interface RollOptions {
  widthMm: RollWidthMm;
}

/**
 * Printable width, type size and barcode module (narrow bar) width per roll. 48 mm of a
 * 58 mm roll and 72 mm of an 80 mm roll are the usual printable widths of receipt printers,
 * an estimate to check against the printer's specification. The module widths are 2 and
 * 3 dots of a 203 dpi head.
 */
const ROLLS: Record<RollWidthMm, { printableMm: number; fontPx: number; moduleMm: number }> = {
  58: { printableMm: 48, fontPx: 11, moduleMm: 0.25 },
  80: { printableMm: 72, fontPx: 12, moduleMm: 0.375 },
};

const MM_PER_PX = 25.4 / 96;
const LINE_HEIGHT = 1.4;
const BARCODE_HEIGHT_MM = 12;

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => HTML_ESCAPES[character] ?? character);
}

/** Width of text in half-width columns: CJK and other wide characters count 2. */
function displayColumns(text: string): number {
  let columns = 0;
  for (const character of text) columns += (character.codePointAt(0) ?? 0) > 0xff ? 2 : 1;
  return columns;
}

/**
 * Collects the receipt's HTML and estimates its printed height. Each method writes one
 * kind of block and counts the text rows it takes at the roll's column width.
 */
class RollWriter {
  readonly parts: string[] = [];
  private rows = 0;
  private extraMm = 0;

  constructor(private readonly columns: number) {}

  private rowsOf(text: string, scale = 1): number {
    return Math.max(1, Math.ceil((displayColumns(text) * scale) / this.columns));
  }

  text(text: string, className: string, scale = 1): void {
    this.parts.push(`<div class="${className}">${escapeHtml(text)}</div>`);
    this.rows += this.rowsOf(text, scale) * scale;
  }

  /** A label on the left and a value (an amount) on the right of one row. */
  pair(label: string, value: string, className = ''): void {
    const classes = className ? `row ${className}` : 'row';
    this.parts.push(`<div class="${classes}"><span class="l">${escapeHtml(label)}</span><span class="r">${escapeHtml(value)}</span></div>`);
    this.rows += this.rowsOf(`${label}  ${value}`);
  }

  money(row: MoneyRow): void {
    const classes = [row.emphasis ? 'strong' : '', row.indent ? 'indent' : ''].filter(Boolean).join(' ');
    this.pair(row.label, row.text, classes);
    if (row.emphasis) this.rows += 0.3;
  }

  meta(entries: LabelledValue[]): void {
    for (const entry of entries) this.pair(entry.label, entry.value);
  }

  rule(): void {
    this.parts.push('<hr>');
    this.rows += 0.6;
  }

  raw(html: string, heightMm: number): void {
    this.parts.push(html);
    this.extraMm += heightMm;
  }

  open(className: string): void {
    this.parts.push(`<div class="${className}">`);
  }

  close(): void {
    this.parts.push('</div>');
  }

  /** Estimated printed height in mm, generous so that a receipt never spills onto a second page. */
  heightMm(fontPx: number): number {
    const rowMm = fontPx * LINE_HEIGHT * MM_PER_PX;
    return Math.ceil(this.rows * rowMm * 1.1 + this.extraMm + 12);
  }
}

function barcodeHtml(model: ReceiptModel, printableMm: number, moduleMm: number): { html: string; heightMm: number } | null {
  const barcode = code128Svg(model.barcodeText);
  if (!barcode) return null;
  // Whole dots per module print sharpest. A long number is squeezed to the printable width.
  const widthMm = Math.min(printableMm, barcode.modules * moduleMm);
  const svg = barcode.svg.replace(
    /^<svg /,
    `<svg class="barcode" role="img" aria-label="${escapeHtml(model.barcodeText)}" width="${widthMm.toFixed(2)}mm" height="${BARCODE_HEIGHT_MM}mm" preserveAspectRatio="none" `,
  );
  return { html: `<div class="barcode-box">${svg}</div>`, heightMm: BARCODE_HEIGHT_MM + 3 };
}

function styles(widthMm: RollWidthMm, heightMm: number): string {
  const roll = ROLLS[widthMm];
  return `
@page { size: ${widthMm}mm ${heightMm}mm; margin: 0; }
* { box-sizing: border-box; }
html, body { margin: 0; padding: 0; color: #000; background: #fff; }
body {
  font-family: "BIZ UDGothic", "MS Gothic", "Osaka-Mono", "Noto Sans Mono CJK JP", "Noto Sans CJK JP", monospace;
  font-size: ${roll.fontPx}px; line-height: ${LINE_HEIGHT};
  font-variant-numeric: tabular-nums;
  -webkit-print-color-adjust: exact; print-color-adjust: exact;
}
.receipt { width: ${roll.printableMm}mm; margin: 0 auto; padding: 3mm 0 6mm; }
.copy { border: 2px solid #000; text-align: center; font-weight: bold; font-size: 1.3em; margin-bottom: 2mm; }
.title { text-align: center; font-weight: bold; font-size: 1.4em; }
.mark { text-align: center; font-weight: bold; font-size: 1.6em; border: 3px double #000; margin: 1mm 0; }
.center { text-align: center; }
.issuer { text-align: center; font-weight: bold; font-size: 1.15em; }
.small { font-size: 0.9em; }
.notice { border: 1px solid #000; padding: 1mm; margin: 1mm 0; font-size: 0.9em; }
.row { display: flex; justify-content: space-between; align-items: baseline; }
.row .l { flex: 1 1 auto; min-width: 0; overflow-wrap: anywhere; }
.row .r { flex: 0 0 auto; margin-left: 1ch; white-space: nowrap; text-align: right; }
.indent .l { padding-left: 2ch; }
.strong { font-weight: bold; font-size: 1.2em; }
.item { margin: 0.5mm 0; }
.item .code { font-weight: bold; }
.item .name { padding-left: 2ch; overflow-wrap: anywhere; }
/* Smaller type, indented as far as the name above it: 2ch of the larger type. */
.item .item-price { padding-left: calc(2ch / 0.9); font-size: 0.9em; }
.heading { font-weight: bold; }
hr { border: 0; border-top: 1px dashed #000; margin: 1mm 0; }
.barcode-box { text-align: center; margin-top: 2mm; }
.barcode { display: inline-block; }
@media screen {
  body { background: #e8e8e8; }
  .receipt { background: #fff; margin: 16px auto; padding: 4mm 3mm 6mm; width: ${widthMm}mm; box-shadow: 0 1px 4px rgba(0, 0, 0, 0.3); }
}
`;
}

/**
 * Renders the roll receipt as a complete HTML page. The page height in @page is estimated
 * from the rows printed, because CSS has no "as long as the content" page size.
 */
export function renderReceiptHtml(model: ReceiptModel, options: RollOptions): string {
  const roll = ROLLS[options.widthMm];
  const columns = Math.floor(roll.printableMm / (roll.fontPx * 0.5 * MM_PER_PX));
  const out = new RollWriter(columns);

  out.open('receipt');
  if (model.copyMark) out.text(model.copyMark, 'copy', 1.3);
  out.text(model.titles.roll, 'title', 1.4);
  if (model.returnMark) out.text(model.returnMark, 'mark', 1.6);
  if (model.voidNotice) {
    out.text(model.voidNotice.mark, 'mark', 1.6);
    for (const line of model.voidNotice.lines) out.text(line, 'center small');
  }

  out.text(model.issuer.name, 'issuer', 1.15);
  for (const line of model.issuer.contactLines) out.text(line, 'center small');
  if (model.issuer.registration) out.text(model.issuer.registration, 'center');
  out.text(model.store.name, 'center');
  for (const line of model.store.contactLines) out.text(line, 'center small');
  if (model.notQualifiedNotice) out.text(model.notQualifiedNotice, 'notice');

  out.rule();
  out.meta(model.meta);
  out.rule();

  for (const line of model.lines) {
    out.open('item');
    out.text(`${line.mark ? `${line.mark} ` : ''}${line.stockNumber}`, 'code');
    out.text(line.name, 'name');
    // An item priced on the other basis shows its own price, the one on its tag, under its name.
    if (line.itemPriceText) out.text(line.itemPriceText, 'item-price');
    // The unit price is worth printing only when it differs from the amount.
    const quantity = line.quantity > 1 ? `${line.quantityText} @${line.unitPriceText}` : line.quantityText;
    out.pair(quantity, line.amountText, 'indent');
    if (line.discount) out.money({ ...line.discount, indent: true });
    out.close();
  }
  out.rule();

  for (const row of model.totals) out.money(row);
  out.rule();
  for (const rate of model.rates) {
    out.money(rate.total);
    if (rate.tax) out.money(rate.tax);
  }
  out.text(model.roundingText, 'small');
  if (model.reducedLegend) out.text(model.reducedLegend, 'small');
  if (model.basisNote) out.text(model.basisNote, 'small');

  if (model.payments.length > 0) {
    out.rule();
    out.text(model.paymentHeading, 'heading');
    for (const row of model.payments) out.money(row);
  }

  out.rule();
  const barcode = barcodeHtml(model, roll.printableMm, roll.moduleMm);
  if (barcode) out.raw(barcode.html, barcode.heightMm);
  out.text(`${model.numberLabel} ${model.saleNumber}`, 'center small');
  out.close();

  const title = `${model.titles.roll} ${model.saleNumber}`;
  return [
    '<!DOCTYPE html>',
    `<html lang="${model.locale}">`,
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${styles(options.widthMm, out.heightMm(roll.fontPx))}</style>`,
    '</head>',
    `<body class="roll-${options.widthMm}">`,
    ...out.parts,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
