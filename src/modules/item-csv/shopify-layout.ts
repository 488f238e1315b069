import { convert as htmlToText } from 'html-to-text';
import { CATEGORIES, CATEGORY_LABELS, isValidJanCode, type Category } from '../items/attributes.js';
import { foldLabel, labelLookup, readCell } from './cells.js';
import { itemCsvErrors } from './errors.js';
import { rowMessages } from './row-messages.js';
import type { CsvRecord, CsvTable, ItemRowCandidate, RowIssue } from './rows.js';

// Shopify's product CSV: one row per variant, the product's own fields only on its first
// row, and further rows that carry only an extra image. Rows are grouped by Handle.

const MAX_TAGS = 30;
const MAX_PHOTOS = 30;
/** Shopify's option value for a product that has no options. */
const DEFAULT_TITLE = 'Default Title';

/**
 * Product types to categories. Plain "Earrings" becomes pierced earrings (ピアス): in
 * English the word covers both kinds, and hooks, studs and hoops for pierced ears are by far
 * the most common. Clip-on earrings (イヤリング) need a type that names them.
 */
const categoryOfType = labelLookup<Category>([
  ...CATEGORIES.map((code) => [code, CATEGORY_LABELS[code].ja, CATEGORY_LABELS[code].en] as [Category, string, string]),
  ['ring', 'Rings', '指輪', 'Engagement ring', 'Wedding ring'],
  ['necklace', 'Necklaces', 'Chain', 'Chains', 'Choker', 'Chokers'],
  ['pendant', 'Pendants'],
  ['earrings', 'Clip-on earrings', 'Clip earrings', 'Clip-ons', 'Ear cuff', 'Ear cuffs'],
  // Last, so that the English word "earrings" (also the code of clip-ons) means pierced.
  ['pierced_earrings', 'Earrings', 'Earring', 'Stud earrings', 'Studs', 'Hoops', 'Hoop earrings'],
  ['bracelet', 'Bracelets'],
  ['bangle', 'Bangles'],
  ['brooch', 'Brooches', 'Pin', 'Pins'],
  ['loose_stone', 'Loose stones', 'Loose', 'Gemstone', 'Gemstones', '裸石'],
  ['watch', 'Watches', '腕時計'],
]);

const HTML_OPTIONS = {
  wordwrap: false,
  selectors: [
    { selector: 'a', options: { ignoreHref: true } },
    { selector: 'img', format: 'skip' },
    { selector: 'ul', options: { itemPrefix: '・' } },
  ],
};

/** Shopify column headers this import reads. */
const COLUMN = {
  handle: 'Handle',
  title: 'Title',
  body: 'Body (HTML)',
  vendor: 'Vendor',
  type: 'Type',
  productCategory: 'Product Category',
  tags: 'Tags',
  options: ['Option1 Value', 'Option2 Value', 'Option3 Value'],
  sku: 'Variant SKU',
  quantity: 'Variant Inventory Qty',
  price: 'Variant Price',
  cost: 'Cost per item',
  barcode: 'Variant Barcode',
  imageSrc: 'Image Src',
  imagePosition: 'Image Position',
  imageAlt: 'Image Alt Text',
  variantImage: 'Variant Image',
  giftCard: 'Gift Card',
  condition: 'Google Shopping / Condition',
} as const;

/** True for Shopify's cost column, which users without the cost.view permission may not import. */
export function isShopifyCostHeader(text: string): boolean {
  return foldLabel(text) === foldLabel(COLUMN.cost);
}

type Cell = (record: CsvRecord, header: string) => string;

interface Product {
  handle: string;
  records: CsvRecord[];
}

export interface ShopifyReadResult {
  candidates: ItemRowCandidate[];
  /** Warnings about the file or rows that produced no candidate (gift cards). */
  warnings: RowIssue[];
  issues: RowIssue[];
  productCount: number;
  variantCount: number;
}

/**
 * Reads a Shopify product CSV into one candidate per variant. Name is the Title plus the
 * option values, photos are the variant's image followed by the product's images in their
 * Image Position order, and the quantity goes to the import's default location.
 */
export function readShopifyTable(table: CsvTable): ShopifyReadResult {
  const indexOf = new Map<string, number>();
  table.header.forEach((text, index) => {
    if (text.trim() !== '' && !indexOf.has(foldLabel(text))) indexOf.set(foldLabel(text), index);
  });
  for (const required of [COLUMN.handle, COLUMN.title, COLUMN.price]) {
    if (!indexOf.has(foldLabel(required))) throw itemCsvErrors.missing_columns({ columns: required });
  }
  const cell: Cell = (record, header) => {
    const index = indexOf.get(foldLabel(header));
    return index === undefined ? '' : readCell(record.cells[index]);
  };

  const issues: RowIssue[] = [];
  const warnings: RowIssue[] = [];
  const products = new Map<string, Product>();
  for (const record of table.records) {
    const handle = cell(record, COLUMN.handle);
    if (handle === '') {
      issues.push({ row: record.row, column: COLUMN.handle, value: '', message: rowMessages.required() });
      continue;
    }
    const product = products.get(handle) ?? { handle, records: [] };
    product.records.push(record);
    products.set(handle, product);
  }

  const candidates: ItemRowCandidate[] = [];
  let variantCount = 0;
  for (const product of products.values()) {
    const variants = product.records.filter((record) => isVariantRow(record, cell));
    variantCount += variants.length;
    candidates.push(...readProduct(product, variants, cell, issues, warnings));
  }
  return { candidates, warnings, issues, productCount: products.size, variantCount };
}

/**
 * Plain text of a Body (HTML) cell. Spaces at line ends go. A U+2028 LINE SEPARATOR, which
 * the demo file has before a list, becomes a line break unless one follows anyway.
 */
function descriptionText(html: string): string {
  return htmlToText(html, HTML_OPTIONS)
    .replace(/[^\S\n]+\n/g, '\n')
    .replace(/[\u2028\u2029]/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

function isVariantRow(record: CsvRecord, cell: Cell): boolean {
  return [...COLUMN.options, COLUMN.sku, COLUMN.price, COLUMN.quantity, COLUMN.barcode].some((header) => cell(record, header) !== '');
}

function readProduct(product: Product, variants: CsvRecord[], cell: Cell, issues: RowIssue[], warnings: RowIssue[]): ItemRowCandidate[] {
  const productRecord = product.records.find((record) => cell(record, COLUMN.title) !== '');
  if (!productRecord) {
    for (const record of variants) {
      issues.push({ row: record.row, column: COLUMN.title, value: '', message: rowMessages.variantWithoutProduct(product.handle) });
    }
    return [];
  }
  const get = (header: string) => cell(productRecord, header);

  if (get(COLUMN.giftCard).toLowerCase() === 'true') {
    warnings.push({ row: productRecord.row, column: COLUMN.giftCard, value: 'true', message: rowMessages.giftCardSkipped() });
    return [];
  }

  const type = get(COLUMN.type) || (get(COLUMN.productCategory).split('>').pop() ?? '').trim();
  const category = type === '' ? 'other' : (categoryOfType(type) ?? 'other');
  const body = get(COLUMN.body);
  const description = body === '' ? undefined : descriptionText(body);
  const tags = get(COLUMN.tags)
    .split(',')
    .map((tag) => tag.trim())
    .filter((tag) => tag !== '');
  const condition = /^(used|refurbished)$/i.test(get(COLUMN.condition)) ? 'pre_owned' : 'new';
  const productImages = product.records
    .filter((record) => cell(record, COLUMN.imageSrc) !== '')
    .map((record) => ({
      url: cell(record, COLUMN.imageSrc),
      altText: cell(record, COLUMN.imageAlt) || undefined,
      position: Number(cell(record, COLUMN.imagePosition)) || Number.MAX_SAFE_INTEGER,
    }))
    .sort((a, b) => a.position - b.position);

  return variants.map((record, variantIndex) => {
    const rowIssues: RowIssue[] = [];
    const rowWarnings: RowIssue[] = [];
    const warn = (column: string, value: string, message: RowIssue['message']) =>
      rowWarnings.push({ row: record.row, column, value, message });

    if (type !== '' && categoryOfType(type) === undefined) warn(COLUMN.type, type, rowMessages.unknownProductType(type));

    const optionValues = COLUMN.options.map((header) => cell(record, header)).filter((value) => value !== '');
    const isDefault = optionValues.length === 1 && optionValues[0] === DEFAULT_TITLE;
    const title = get(COLUMN.title);
    const name = optionValues.length === 0 || isDefault ? title : `${title} - ${optionValues.join(' / ')}`;

    const input: Record<string, unknown> = { name, category, condition, tags: tags.slice(0, MAX_TAGS) };
    if (tags.length > MAX_TAGS) warn(COLUMN.tags, get(COLUMN.tags), rowMessages.listTruncated(MAX_TAGS, tags.length));
    if (get(COLUMN.vendor) !== '') input.brand = get(COLUMN.vendor);
    if (description) input.description = description;

    const sku = cell(record, COLUMN.sku);
    if (sku !== '') input.stockNumber = sku;

    const barcode = cell(record, COLUMN.barcode).replace(/^'/, '');
    if (barcode !== '' && isValidJanCode(barcode)) input.janCode = barcode;
    else if (barcode !== '') warn(COLUMN.barcode, barcode, rowMessages.barcodeNotJan(barcode));

    for (const [field, header] of [
      ['retailPrice', COLUMN.price],
      ['cost', COLUMN.cost],
    ] as const) {
      const text = cell(record, header);
      if (text === '' && field === 'cost') {
        input.cost = 0;
        continue;
      }
      const yen = readShopifyPrice(text);
      if (yen === null) {
        rowIssues.push({ row: record.row, column: header, value: text, message: text === '' ? rowMessages.required() : rowMessages.notANumber('円') });
        continue;
      }
      if (yen.rounded) warn(header, text, rowMessages.priceRounded(text, yen.value));
      input[field] = yen.value;
    }

    const quantityText = cell(record, COLUMN.quantity);
    let quantity = 0;
    if (quantityText !== '') {
      const parsed = /^-?\d+$/.test(quantityText) ? Number(quantityText) : Number.NaN;
      if (Number.isNaN(parsed)) {
        rowIssues.push({ row: record.row, column: COLUMN.quantity, value: quantityText, message: rowMessages.notANumber('個') });
      } else if (parsed < 0) warn(COLUMN.quantity, quantityText, rowMessages.negativeQuantity(quantityText));
      else quantity = parsed;
    }
    // Quantity 1 (or 0, sold out) is a one-of-a-kind piece; more than 1 is counted goods.
    input.tracking = quantity > 1 ? 'quantity' : 'unique';

    const photos = collectPhotos(cell(record, COLUMN.variantImage), productImages);
    if (photos.length > MAX_PHOTOS) warn(COLUMN.imageSrc, '', rowMessages.listTruncated(MAX_PHOTOS, photos.length));
    input.photos = photos.slice(0, MAX_PHOTOS);

    const optionKey = optionValues.length > 0 ? optionValues.join('/') : `#${variantIndex + 1}`;
    return {
      row: record.row,
      sourceKey: `shopify:${product.handle}:${optionKey}`,
      input,
      sources: sourcesOf(record, productRecord, cell),
      supplierCode: null,
      placements: quantity > 0 ? [{ locationCode: null, quantity }] : [],
      issues: rowIssues,
      warnings: rowWarnings,
    } satisfies ItemRowCandidate;
  });
}

/** Source column of each item field, and whether it is read from the product's first row. */
const SOURCE_COLUMNS: Array<[field: string, header: string, fromProductRow: boolean]> = [
  ['name', COLUMN.title, true],
  ['category', COLUMN.type, true],
  ['brand', COLUMN.vendor, true],
  ['description', COLUMN.body, true],
  ['tags', COLUMN.tags, true],
  ['condition', COLUMN.condition, true],
  ['stockNumber', COLUMN.sku, false],
  ['janCode', COLUMN.barcode, false],
  ['retailPrice', COLUMN.price, false],
  ['cost', COLUMN.cost, false],
  ['photos', COLUMN.imageSrc, false],
  ['tracking', COLUMN.quantity, false],
  // Stock goes to the import's default location, so a missing one is reported at the quantity.
  ['locationCode', COLUMN.quantity, false],
];

function sourcesOf(record: CsvRecord, productRecord: CsvRecord, cell: Cell): ItemRowCandidate['sources'] {
  const sources: ItemRowCandidate['sources'] = {};
  for (const [field, header, fromProductRow] of SOURCE_COLUMNS) {
    sources[field] = { column: header, text: cell(fromProductRow ? productRecord : record, header) };
  }
  return sources;
}

function collectPhotos(variantImage: string, productImages: Array<{ url: string; altText: string | undefined }>) {
  const photos: Array<{ url: string; altText?: string }> = [];
  const seen = new Set<string>();
  const add = (url: string, altText?: string) => {
    if (url === '' || seen.has(url)) return;
    seen.add(url);
    photos.push(altText ? { url, altText } : { url });
  };
  add(variantImage);
  for (const image of productImages) add(image.url, image.altText);
  return photos;
}

/**
 * Reads a Shopify price as whole yen. Shopify writes prices with two decimals in any currency.
 * A yen shop's "128000.00" has zero cents and is kept exactly. A price with cents such as
 * "42.99" (dollars) is rounded half up and flagged, because tsunagu stores whole yen.
 */
export function readShopifyPrice(text: string): { value: number; rounded: boolean } | null {
  const match = /^(\d+)(?:\.(\d+))?$/.exec(text.normalize('NFKC').replace(/[,\s¥$]/g, ''));
  if (!match) return null;
  const whole = Number(match[1]);
  const fraction = match[2] ?? '';
  if (!Number.isSafeInteger(whole)) return null;
  if (/^0*$/.test(fraction)) return { value: whole, rounded: false };
  return { value: fraction[0]! >= '5' ? whole + 1 : whole, rounded: true };
}
