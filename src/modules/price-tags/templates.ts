import { BARCODE_KINDS, IN_STORE_JAN_PREFIX, inStoreJan, minModuleDots, mmToDots, placeBarcode, verifyEan, type BarcodeArea, type BarcodeKind } from './barcodes.js';
import { isDomainError } from '../../shared/errors.js';
import { priceTagErrors } from './errors.js';

// Price tag layouts as data: the page, the labels on it, and where each field and the
// barcode go on a label. All lengths are millimetres from the top left of the label; font
// sizes are points. A new tag stock needs a new entry in TAG_TEMPLATES, not new code.

/** Fields a tag can show; tagFieldTexts formats each from an item. */
export type TagField =
  | 'stockNumber'
  | 'price'
  | 'metal'
  | 'weight'
  | 'carat'
  | 'size'
  | 'brand'
  | 'shortName'
  | 'costCode'
  | 'location';

export const TAG_FIELDS: readonly TagField[] = ['stockNumber', 'price', 'metal', 'weight', 'carat', 'size', 'brand', 'shortName', 'costCode', 'location'];

/** One field's text box on a label. */
export interface FieldLayout {
  field: TagField;
  xMm: number;
  yMm: number;
  widthMm: number;
  fontSizePt: number;
  bold: boolean;
}

/** The barcode's area on a label; the symbol is drawn from its top left with whole-dot modules. */
export interface BarcodeLayout {
  kind: BarcodeKind;
  xMm: number;
  yMm: number;
  widthMm: number;
  heightMm: number;
  /** Upper limit of the module width, so a short code does not grow into a long barcode. */
  maxModuleMm: number;
}

/** Labels on a sheet: columns × rows, from the top left margin, with gaps between labels. */
export interface SheetLayout {
  columns: number;
  rows: number;
  marginTopMm: number;
  marginLeftMm: number;
  gapXMm: number;
  gapYMm: number;
}

export interface TagTemplate {
  name: string;
  description: { ja: string; en: string };
  /** Page of the output: one label for rolls and tags, the whole sheet for sheets. */
  pageWidthMm: number;
  pageHeightMm: number;
  labelWidthMm: number;
  labelHeightMm: number;
  /** Null for rolls and tags, which print one label per page. */
  sheet: SheetLayout | null;
  /** Resolution of the printer the bars are laid out for, in dots per inch. */
  dpi: number;
  fields: FieldLayout[];
  barcode: BarcodeLayout | null;
}

/**
 * Line box of Noto Sans JP, in em: ascender 1.160 plus descender 0.288 (from the font's
 * metrics). pdfkit places text by the top of this box.
 */
export const TEXT_LINE_HEIGHT_EM = 1.448;

/** Returns the height of one line of text at `fontSizePt`, in millimetres. */
export function textLineHeightMm(fontSizePt: number): number {
  return (fontSizePt * TEXT_LINE_HEIGHT_EM * 25.4) / 72;
}

function field(name: TagField, xMm: number, yMm: number, widthMm: number, fontSizePt: number, bold = false): FieldLayout {
  return { field: name, xMm, yMm, widthMm, fontSizePt, bold };
}

/**
 * Builds the layout of a rectangular label of at least 25 mm × 20 mm: name and price at the
 * top, details in the middle, the barcode below. Roll and sheet templates share it and
 * differ in size and resolution.
 */
function rectangularLayout(widthMm: number, heightMm: number, kind: BarcodeKind): Pick<TagTemplate, 'fields' | 'barcode'> {
  const margin = 1.5;
  const inner = widthMm - 2 * margin;
  const fontPt = heightMm >= 25 ? 7 : 6;
  const lineMm = textLineHeightMm(fontPt);
  const barcodeTop = margin + 4.4 * lineMm;
  return {
    fields: [
      field('shortName', margin, margin, inner * 0.62, fontPt),
      field('stockNumber', margin + inner * 0.62, margin, inner * 0.38, fontPt),
      field('price', margin, margin + lineMm, inner, fontPt + 2, true),
      field('metal', margin, margin + 2.4 * lineMm, inner * 0.3, fontPt),
      field('weight', margin + inner * 0.3, margin + 2.4 * lineMm, inner * 0.3, fontPt),
      field('carat', margin + inner * 0.6, margin + 2.4 * lineMm, inner * 0.4, fontPt),
      field('size', margin, margin + 3.4 * lineMm, inner * 0.2, fontPt),
      field('brand', margin + inner * 0.2, margin + 3.4 * lineMm, inner * 0.35, fontPt),
      field('location', margin + inner * 0.55, margin + 3.4 * lineMm, inner * 0.25, fontPt),
      field('costCode', margin + inner * 0.8, margin + 3.4 * lineMm, inner * 0.2, fontPt),
    ],
    barcode: { kind, xMm: margin, yMm: barcodeTop, widthMm: inner, heightMm: Math.max(4, heightMm - barcodeTop - margin), maxModuleMm: 0.5 },
  };
}

/** Builds a template that prints one label per page: a tag or a label on a roll. */
function singleLabel(
  name: string,
  description: TagTemplate['description'],
  size: { widthMm: number; heightMm: number; dpi: number },
  layout: Pick<TagTemplate, 'fields' | 'barcode'>,
): TagTemplate {
  const { widthMm, heightMm, dpi } = size;
  return { name, description, pageWidthMm: widthMm, pageHeightMm: heightMm, labelWidthMm: widthMm, labelHeightMm: heightMm, sheet: null, dpi, ...layout };
}

/** Builds an A4 sheet template of equal labels at 600 dpi, the usual laser printer resolution. */
function a4Sheet(name: string, description: TagTemplate['description'], label: { widthMm: number; heightMm: number }, sheet: SheetLayout): TagTemplate {
  return {
    name,
    description,
    pageWidthMm: 210,
    pageHeightMm: 297,
    labelWidthMm: label.widthMm,
    labelHeightMm: label.heightMm,
    sheet,
    dpi: 600,
    ...rectangularLayout(label.widthMm, label.heightMm, 'code128'),
  };
}

/**
 * Ready templates for common jewelry tag stocks, with their physical sizes. The dumbbell tag
 * is the strip before folding: the left head is the front (number and price), the right head
 * the back (details and QR code), and the narrow middle goes around the string. Folding about
 * the vertical middle line turns the right head over sideways, so seen from behind it reads
 * upright and unmirrored: both heads print in the same orientation.
 */
export const TAG_TEMPLATES: readonly TagTemplate[] = [
  singleLabel(
    'dumbbell-58x12',
    { ja: 'ダンベル型タグ 58 × 12 mm（二つ折り、表と裏）', en: 'Dumbbell tag 58 × 12 mm (folded: front and back)' },
    { widthMm: 58, heightMm: 12, dpi: 300 },
    {
      fields: [
        field('stockNumber', 1, 0.8, 22, 5),
        field('price', 1, 3.6, 22, 7, true),
        field('metal', 1, 8, 11, 5),
        field('costCode', 12, 8, 11, 5),
        field('weight', 35, 0.8, 11, 5),
        field('carat', 35, 4.2, 11, 5),
        field('size', 35, 7.6, 11, 5),
      ],
      barcode: { kind: 'qr', xMm: 46.5, yMm: 0.5, widthMm: 11, heightMm: 11, maxModuleMm: 0.5 },
    },
  ),
  singleLabel(
    'small-30x20',
    { ja: '小型の角タグ 30 × 20 mm', en: 'Small rectangular tag 30 × 20 mm' },
    { widthMm: 30, heightMm: 20, dpi: 300 },
    {
      fields: [
        field('stockNumber', 1, 0.8, 28, 5),
        field('price', 1, 3.2, 28, 8, true),
        field('metal', 1, 7.4, 9, 5),
        field('weight', 10, 7.4, 9, 5),
        field('carat', 19, 7.4, 10, 5),
        field('costCode', 1, 10, 28, 5),
      ],
      // Code 128 of a 12-character stock number at 2 dots per module (0.17 mm) needs 352 dots of the
      // 354 across the tag, so the bars and their quiet zones take the whole width.
      barcode: { kind: 'code128', xMm: 0, yMm: 12.8, widthMm: 30, heightMm: 6.5, maxModuleMm: 0.4 },
    },
  ),
  singleLabel(
    'brother-ql-62x29',
    { ja: 'Brother QL 62 mm ロール（62 × 29 mm）', en: 'Brother QL 62 mm roll (62 × 29 mm)' },
    { widthMm: 62, heightMm: 29, dpi: 300 },
    rectangularLayout(62, 29, 'code128'),
  ),
  singleLabel(
    'zebra-203-50x25',
    { ja: 'Zebra 203 dpi ロール（50 × 25 mm）', en: 'Zebra 203 dpi roll (50 × 25 mm)' },
    { widthMm: 50, heightMm: 25, dpi: 203 },
    rectangularLayout(50, 25, 'code128'),
  ),
  singleLabel(
    'zebra-300-50x25',
    { ja: 'Zebra 300 dpi ロール（50 × 25 mm）', en: 'Zebra 300 dpi roll (50 × 25 mm)' },
    { widthMm: 50, heightMm: 25, dpi: 300 },
    rectangularLayout(50, 25, 'code128'),
  ),
  // 4 × 48.5 mm = 194 mm leaves 8 mm each side; 10 × 25.4 mm = 254 mm leaves 21.5 mm top and bottom.
  a4Sheet(
    'a4-40',
    { ja: 'A4 シート 40 面（48.5 × 25.4 mm、4 列 × 10 段）', en: 'A4 sheet of 40 labels (48.5 × 25.4 mm, 4 × 10)' },
    { widthMm: 48.5, heightMm: 25.4 },
    { columns: 4, rows: 10, marginTopMm: 21.5, marginLeftMm: 8, gapXMm: 0, gapYMm: 0 },
  ),
  // 5 × 38.1 mm + 4 gaps of 2.5 mm = 200.5 mm leaves 4.75 mm each side; 13 × 21.2 mm = 275.6 mm leaves 10.7 mm.
  a4Sheet(
    'a4-65',
    { ja: 'A4 シート 65 面（38.1 × 21.2 mm、5 列 × 13 段）', en: 'A4 sheet of 65 labels (38.1 × 21.2 mm, 5 × 13)' },
    { widthMm: 38.1, heightMm: 21.2 },
    { columns: 5, rows: 13, marginTopMm: 10.7, marginLeftMm: 4.75, gapXMm: 2.5, gapYMm: 0 },
  ),
];

/** Returns a template's barcode area in whole dots, with the module widths allowed for `kind`. */
export function barcodeAreaOf(template: Pick<TagTemplate, 'dpi' | 'barcode'>, kind: BarcodeKind): BarcodeArea {
  const layout = template.barcode;
  if (!layout) return { widthDots: 0, heightDots: 0, maxModuleDots: 0, minModuleDots: 1 };
  return {
    widthDots: mmToDots(layout.widthMm, template.dpi),
    heightDots: mmToDots(layout.heightMm, template.dpi),
    maxModuleDots: Math.max(1, mmToDots(layout.maxModuleMm, template.dpi)),
    minModuleDots: minModuleDots(kind, template.dpi),
  };
}

/** Codes a barcode area must fit: a 12-character stock number, or an in-store JAN for EAN-13. */
export const SAMPLE_BARCODE_TEXTS: Record<BarcodeKind, string> = { code128: 'R-2026-00042', qr: 'R-2026-00042', ean13: '2000000000428' };

/** Lists the barcode kinds whose sample code fits the template's barcode area at a readable module width. */
export function barcodeKindsOf(template: Pick<TagTemplate, 'dpi' | 'barcode'>): BarcodeKind[] {
  if (!template.barcode) return [];
  return BARCODE_KINDS.filter((kind) => {
    try {
      placeBarcode(kind, SAMPLE_BARCODE_TEXTS[kind], barcodeAreaOf(template, kind));
      return true;
    } catch (error) {
      if (isDomainError(error)) return false;
      throw error;
    }
  });
}

/** Returns the template of that name, or raises an error that lists the names. */
export function findTemplate(name: string): TagTemplate {
  const template = TAG_TEMPLATES.find((candidate) => candidate.name === name);
  if (!template) throw priceTagErrors.unknown_template({ name, names: TAG_TEMPLATES.map((candidate) => candidate.name).join(', ') });
  return template;
}

/** Number of labels on one page. */
export function labelsPerPage(template: TagTemplate): number {
  return template.sheet ? template.sheet.columns * template.sheet.rows : 1;
}

/** Returns the top left corner of label `index` (from 0) on its page, in millimetres, row by row. */
export function labelOrigin(template: TagTemplate, index: number): { xMm: number; yMm: number } {
  const sheet = template.sheet;
  if (!sheet) return { xMm: 0, yMm: 0 };
  const onPage = index % labelsPerPage(template);
  const column = onPage % sheet.columns;
  const row = Math.floor(onPage / sheet.columns);
  return {
    xMm: sheet.marginLeftMm + column * (template.labelWidthMm + sheet.gapXMm),
    yMm: sheet.marginTopMm + row * (template.labelHeightMm + sheet.gapYMm),
  };
}

/** Converts millimetres to PDF points (1/72 inch). */
export function mmToPoints(mm: number): number {
  return (mm * 72) / 25.4;
}

/** The values of one piece that its tag shows, before formatting. */
export interface TagItem {
  /** Database id of the item, which an in-store JAN code carries. */
  itemId: number;
  stockNumber: string;
  name: string;
  brand: string | null;
  /** Metal with its fineness, as the item stores it (K18, PT900). */
  metal: string | null;
  metalWeightCg: number | null;
  mainStoneCaratMct: number | null;
  ringSizeTenths: number | null;
  /** Retail price per base unit in yen, tax included. */
  priceIncludingTax: number;
  /** Base unit of the price: one piece, or 1 cm, 0.01 g or 0.001 ct of goods sold by measure. */
  unit: 'piece' | 'cm' | 'cg' | 'mct';
  /** Book cost per unit in yen, tax excluded. */
  cost: number;
  janCode: string | null;
  location: string | null;
}

/** Maximum characters of the short name, so it fits the narrowest field of the templates. */
export const SHORT_NAME_LENGTH = 14;

/**
 * Checks a cost cipher (原価コード): 10 different letters A–Z, the first for the digit 0, the
 * next for 1, and so on. Returns it in capitals.
 */
export function normalizeCostCipher(cipher: string): string {
  const letters = cipher.trim().toUpperCase();
  if (!/^[A-Z]{10}$/.test(letters) || new Set(letters).size !== 10) throw priceTagErrors.invalid_cost_cipher({ cipher });
  return letters;
}

/** Encodes a cost in yen with the cipher: 35000 with "BLACKHORSE" gives "CHBBB". */
export function encodeCost(cost: number, cipher: string): string {
  const letters = normalizeCostCipher(cipher);
  return [...String(Math.max(0, Math.trunc(cost)))].map((digit) => letters[Number(digit)]).join('');
}

/** Price of one sales unit with 税込, and the unit for goods sold by measure: per cm, per gram or per carat. */
function priceText(item: TagItem): string {
  const [factor, unit] = { piece: [1, ''], cm: [1, ' / cm'], cg: [100, ' / g'], mct: [1000, ' / ct'] }[item.unit] as [number, string];
  return `¥${(item.priceIncludingTax * factor).toLocaleString('ja-JP')} 税込${unit}`;
}

function trimDecimals(value: number, decimals: number): string {
  return value.toFixed(decimals).replace(/\.?0+$/, '');
}

/**
 * Formats every field of a tag. Fields without a value are empty strings and are not drawn.
 * The cost code is empty when no cipher is set, so a tag never shows the cost in digits.
 */
export function tagFieldTexts(item: TagItem, costCipher: string | null): Record<TagField, string> {
  return {
    stockNumber: item.stockNumber,
    price: priceText(item),
    metal: item.metal ?? '',
    weight: item.metalWeightCg === null ? '' : `${trimDecimals(item.metalWeightCg / 100, 2)}g`,
    carat: item.mainStoneCaratMct === null ? '' : `${(item.mainStoneCaratMct / 1000).toFixed(3)}ct`,
    size: item.ringSizeTenths === null ? '' : `${trimDecimals(item.ringSizeTenths / 10, 1)}号`,
    brand: item.brand ?? '',
    shortName: [...item.name].slice(0, SHORT_NAME_LENGTH).join(''),
    costCode: costCipher ? encodeCost(item.cost, costCipher) : '',
    location: item.location ?? '',
  };
}

/**
 * Returns the text a tag's barcode encodes: the stock number for Code 128 and QR; for
 * EAN-13 the item's JAN code, or else an in-store code (prefix 20) of the item's id. The id
 * is unique, where the digits of two stock numbers such as R-2026-00042 and N-2026-00042
 * are the same, and the scan lookups read it back (itemIdOfInStoreJan).
 */
export function barcodeText(item: TagItem, kind: BarcodeKind): string {
  if (kind !== 'ean13') return item.stockNumber;
  if (item.janCode) return verifyEan(item.janCode);
  return inStoreJan(IN_STORE_JAN_PREFIX, item.itemId);
}
