import { createHash } from 'node:crypto';
import type { Item, ItemUnit } from '../../db/schema.js';
import type { Locale } from '../../shared/errors.js';
import {
  CATEGORIES,
  CATEGORY_LABELS,
  DIAMOND_CLARITIES,
  DIAMOND_CUTS,
  STONE_SHAPES,
  type Category,
} from '../items/attributes.js';
import { parseTags } from '../items/service.js';
import {
  foldLabel,
  formatScaled,
  labelLookup,
  parseScaled,
  readCell,
  readCodeCell,
  writeCodeCell,
  writeTextCell,
} from './cells.js';
import { itemCsvErrors } from './errors.js';
import { rowMessages } from './row-messages.js';
import type { CsvRecord, ItemRowCandidate, Placement, RowIssue } from './rows.js';
import {
  REQUIRED_TSUNAGU_COLUMNS,
  TSUNAGU_COLUMN_KEYS,
  TSUNAGU_COLUMNS,
  tsunaguColumnForHeader,
  type TsunaguColumnKey,
} from './tsunagu-columns.js';

const categoryOf = labelLookup(CATEGORIES.map((code) => [code, CATEGORY_LABELS[code].ja, CATEGORY_LABELS[code].en] as const));
const trackingOf = labelLookup([
  ['unique', '1点物', '一点物', '1点'],
  ['quantity', '数量管理', '数量'],
] as const);
const conditionOf = labelLookup([
  ['new', '新品'],
  ['pre_owned', '中古', '中古品', 'used'],
] as const);
const certificateKindOf = labelLookup([
  ['grading_report', '鑑定書', 'grading report'],
  ['identification_report', '鑑別書', 'identification report'],
] as const);
const shapeOf = labelLookup([
  ['round', 'ラウンド'],
  ['oval', 'オーバル'],
  ['pear', 'ペアシェイプ', 'ペア'],
  ['marquise', 'マーキス'],
  ['heart', 'ハート', 'ハートシェイプ'],
  ['emerald', 'エメラルドカット'],
  ['princess', 'プリンセス'],
  ['cushion', 'クッション'],
  ['radiant', 'ラディアント'],
  ['asscher', 'アッシャー'],
  ['baguette', 'バゲット'],
  ['cabochon', 'カボション'],
  ['other', 'その他'],
] as const);
const priceBasisOf = labelLookup([
  ['included', '税込', '税込み', '内税', 'tax included', 'tax incl.'],
  ['excluded', '税抜', '税抜き', '外税', 'tax excluded', 'tax excl.'],
] as const);
const clarityOf = labelLookup(DIAMOND_CLARITIES.map((code) => [code] as const));
const cutOf = labelLookup(DIAMOND_CUTS.map((code) => [code] as const));

/**
 * Units as the CSV writes them. Carat-counted goods are written in ct and weighed goods in
 * g, like the attribute columns, although the database counts milli-carats and centigrams.
 */
const UNIT_TEXT: Record<ItemUnit, { ja: string; en: string; decimals: number }> = {
  piece: { ja: '個', en: 'piece', decimals: 0 },
  cm: { ja: 'cm', en: 'cm', decimals: 0 },
  mct: { ja: 'ct', en: 'ct', decimals: 3 },
  cg: { ja: 'g', en: 'g', decimals: 2 },
};
const UNIT_BY_TEXT = new Map<string, ItemUnit>([
  ['個', 'piece'],
  ['piece', 'piece'],
  ['pcs', 'piece'],
  ['点', 'piece'],
  ['cm', 'cm'],
  ['センチ', 'cm'],
  ['ct', 'mct'],
  ['カラット', 'mct'],
  ['g', 'cg'],
  ['グラム', 'cg'],
]);

const TRACKING_TEXT = { unique: { ja: '1点物', en: 'unique' }, quantity: { ja: '数量管理', en: 'quantity' } };
const CONDITION_TEXT = { new: { ja: '新品', en: 'new' }, pre_owned: { ja: '中古', en: 'pre_owned' } };
const PRICE_BASIS_TEXT = { included: { ja: '税込', en: 'included' }, excluded: { ja: '税抜', en: 'excluded' } };
const CERTIFICATE_TEXT = {
  grading_report: { ja: '鑑定書', en: 'grading_report' },
  identification_report: { ja: '鑑別書', en: 'identification_report' },
};

/** Position and header text of each known column in one file. */
export interface TsunaguHeader {
  indexOf: Map<TsunaguColumnKey, number>;
  textOf: Map<TsunaguColumnKey, string>;
  width: number;
}

/**
 * Matches a header row to the layout. Unknown headers are ignored with a warning; a
 * missing required column or a column given twice fails the whole file.
 */
export function mapTsunaguHeader(
  header: string[],
  requiredColumns: readonly TsunaguColumnKey[] = REQUIRED_TSUNAGU_COLUMNS,
): { header: TsunaguHeader; warnings: RowIssue[] } {
  const indexOf = new Map<TsunaguColumnKey, number>();
  const textOf = new Map<TsunaguColumnKey, string>();
  const warnings: RowIssue[] = [];

  header.forEach((raw, index) => {
    const text = raw.trim();
    if (text === '') return;
    const key = tsunaguColumnForHeader(text);
    if (!key) {
      warnings.push({ row: 1, column: text, value: null, message: rowMessages.unknownColumn() });
      return;
    }
    if (indexOf.has(key)) throw itemCsvErrors.duplicate_columns({ column: text });
    indexOf.set(key, index);
    textOf.set(key, text);
  });

  // Other systems often write 上代(税抜). Without a basis column such prices are read as
  // tax-included and would sell at the net amount, so the report warns before any import.
  const retailPriceHeader = textOf.get('retailPrice') ?? '';
  if (!indexOf.has('priceBasis') && /税抜|外税|excl/i.test(retailPriceHeader.normalize('NFKC'))) {
    warnings.push({ row: 1, column: retailPriceHeader, value: null, message: rowMessages.retailPriceHeaderExcluded() });
  }

  const missing = requiredColumns.filter((key) => !indexOf.has(key));
  if (missing.length > 0) {
    throw itemCsvErrors.missing_columns({ columns: missing.map((key) => TSUNAGU_COLUMNS[key].ja).join('、') });
  }
  return { header: { indexOf, textOf, width: header.length }, warnings };
}

/** Field names of itemAttributesInput filled from each column, for naming columns in messages. */
const FIELD_OF_COLUMN: Partial<Record<TsunaguColumnKey, string>> = {
  metalWeight: 'metalWeightCg',
  mainStoneCarat: 'mainStoneCaratMct',
  sideStonesCarat: 'sideStonesCaratMct',
  ringSize: 'ringSizeTenths',
  length: 'lengthMm',
  taxRate: 'taxRatePercent',
};

/**
 * Reads one row of the tsunagu layout into an item candidate. Cell-level problems (a word
 * where a number belongs, an unknown category) are collected in `issues`; the schema
 * checks run later on `input`.
 */
export function readTsunaguRecord(record: CsvRecord, header: TsunaguHeader): ItemRowCandidate {
  const issues: RowIssue[] = [];
  const input: Record<string, unknown> = {};
  const sources: ItemRowCandidate['sources'] = {};

  const text = (key: TsunaguColumnKey): string => {
    const index = header.indexOf.get(key);
    if (index === undefined) return '';
    return key === 'stockNumber' || key === 'janCode' || key === 'supplierCode' || key === 'certificateNumber'
      ? readCodeCell(record.cells[index])
      : readCell(record.cells[index]);
  };
  const columnName = (key: TsunaguColumnKey) => header.textOf.get(key) ?? TSUNAGU_COLUMNS[key].ja;
  const fail = (key: TsunaguColumnKey, value: string, message: RowIssue['message']) => {
    issues.push({ row: record.row, column: columnName(key), value, message });
  };

  for (const key of TSUNAGU_COLUMN_KEYS) sources[FIELD_OF_COLUMN[key] ?? key] = { column: columnName(key), text: text(key) };
  sources.supplierId = sources.supplierCode!;

  const extra = record.cells.slice(header.width).filter((cell) => cell.trim() !== '').length;
  if (extra > 0) issues.push({ row: record.row, column: null, value: null, message: rowMessages.extraCells(extra) });

  // Plain text and codes the schema checks itself.
  const passThrough: TsunaguColumnKey[] = [
    'stockNumber',
    'janCode',
    'name',
    'brand',
    'metal',
    'mainStoneKind',
    'mainStoneColor',
    'certificateIssuer',
    'certificateNumber',
    'description',
  ];
  for (const key of passThrough) {
    const value = text(key);
    if (value !== '') input[key] = value;
  }
  const grade = text('conditionGrade');
  if (grade !== '') input.conditionGrade = grade.normalize('NFKC').toUpperCase();

  // Fixed lists, written as codes or as labels.
  const choices: Array<[TsunaguColumnKey, (value: string) => string | undefined, string]> = [
    ['category', categoryOf, CATEGORIES.map((code) => CATEGORY_LABELS[code].ja).join(', ')],
    ['tracking', trackingOf, '1点物, 数量管理 (unique, quantity)'],
    ['condition', conditionOf, '新品, 中古 (new, pre_owned)'],
    ['certificateKind', certificateKindOf, '鑑定書, 鑑別書 (grading_report, identification_report)'],

    ['mainStoneShape', shapeOf, STONE_SHAPES.join(', ')],
    ['mainStoneClarity', clarityOf, DIAMOND_CLARITIES.join(', ')],
    ['mainStoneCut', cutOf, DIAMOND_CUTS.join(', ')],
  ];
  for (const [key, lookup, allowed] of choices) {
    const value = text(key);
    if (value === '') continue;
    const code = lookup(value);
    if (code === undefined) fail(key, value, rowMessages.unknownValue(allowed));
    else input[key] = code;
  }

  // An empty cell, or a file without the column, sets no basis, so the item is tax-included.
  const basisText = text('priceBasis');
  if (basisText !== '') {
    const basis = priceBasisOf(basisText);
    if (basis === undefined) fail('priceBasis', basisText, rowMessages.priceBasisUnknown(basisText));
    else input.priceBasis = basis;
  }

  const unitText = text('unit');
  const unit = unitText === '' ? 'piece' : UNIT_BY_TEXT.get(foldLabel(unitText));
  if (unit === undefined) fail('unit', unitText, rowMessages.unknownValue('個, cm, ct, g'));
  else input.unit = unit;

  // Measures in human units, stored as integers of the base unit.
  const measures: Array<[TsunaguColumnKey, number, string]> = [
    ['metalWeight', 2, 'g'],
    ['mainStoneCarat', 3, 'ct'],
    ['sideStonesCarat', 3, 'ct'],
    ['ringSize', 1, '号'],
    ['length', 1, 'cm'],
    ['cost', 0, '円'],
    ['retailPrice', 0, '円'],
    ['taxRate', 0, '%'],
  ];
  for (const [key, decimals, unitLabel] of measures) {
    const value = text(key);
    // The schema takes an absent cost as 0, but a file that has the cost column must fill it.
    if (value === '' && key === 'cost' && header.indexOf.has('cost')) fail(key, value, rowMessages.required());
    if (value === '') continue;
    const parsed = parseScaled(value, decimals, unitLabel);
    if (!parsed.ok) fail(key, value, parsed.message);
    // Length is written in cm with one decimal but stored in millimetres, the same digits.
    else input[FIELD_OF_COLUMN[key] ?? key] = parsed.value;
  }

  const listCell = (key: TsunaguColumnKey) =>
    text(key)
      .split('|')
      .map((part) => part.trim())
      .filter((part) => part !== '');
  input.tags = listCell('tags');
  input.photos = listCell('photos').map((url) => ({ url }));

  const placements = readPlacements(text, fail, unit ?? 'piece', input.tracking === 'quantity');
  const stockNumber = text('stockNumber');
  const supplierCode = text('supplierCode');

  return {
    row: record.row,
    sourceKey: stockNumber !== '' ? `tsunagu:${stockNumber}` : `tsunagu-row:${rowHash(record.cells)}`,
    input,
    sources,
    supplierCode: supplierCode === '' ? null : supplierCode,
    placements,
    issues,
    warnings: [],
  };
}

/** Content hash of a row without a stock number, so re-importing it is still recognised. */
function rowHash(cells: string[]): string {
  return createHash('sha256')
    .update(JSON.stringify(cells.map((cell) => cell.trim())))
    .digest('hex')
    .slice(0, 32);
}

/**
 * Reads Quantity and Location code. The location cell contains one code, or "CODE:qty|CODE:qty"
 * for stock at several locations, whose quantities must add up to Quantity when it is given.
 */
function readPlacements(
  text: (key: TsunaguColumnKey) => string,
  fail: (key: TsunaguColumnKey, value: string, message: RowIssue['message']) => void,
  unit: ItemUnit,
  isQuantityTracked: boolean,
): Placement[] {
  const { decimals, ja: unitLabel } = UNIT_TEXT[unit];
  const quantityText = text('quantity');
  const locationText = text('locationCode');

  let total: number | null = null;
  if (quantityText !== '') {
    const parsed = parseScaled(quantityText, decimals, unitLabel);
    if (!parsed.ok) {
      fail('quantity', quantityText, parsed.message);
      return [];
    }
    total = parsed.value;
  }

  let placements: Placement[];
  if (locationText.includes(':')) {
    placements = [];
    for (const part of locationText.split('|')) {
      const match = /^\s*([^:\s]+)\s*:\s*(\S+)\s*$/.exec(part);
      const parsed = match ? parseScaled(match[2]!, decimals, unitLabel) : null;
      if (!match || !parsed?.ok) {
        fail('locationCode', locationText, rowMessages.locationSplit());
        return [];
      }
      if (parsed.value > 0) placements.push({ locationCode: match[1]!, quantity: parsed.value });
    }
    const sum = placements.reduce((acc, placement) => acc + placement.quantity, 0);
    if (total !== null && sum !== total) {
      fail('locationCode', locationText, rowMessages.locationSplitTotal(formatScaled(sum, decimals), quantityText));
      return [];
    }
    total = sum;
  } else {
    placements = total ? [{ locationCode: locationText === '' ? null : locationText, quantity: total }] : [];
  }

  if (!isQuantityTracked && (total ?? 0) > 1) fail('quantity', quantityText || locationText, rowMessages.uniqueQuantity());
  return placements;
}

/** One item as export writes it, with what the items table does not hold itself. */
export interface ExportedItem {
  item: Item;
  supplierCode: string | null;
  photoUrls: string[];
  /** Stock on hand per location, goods in transit excluded. */
  balances: Array<{ locationCode: string; quantity: number }>;
}

/** Writes one item as a row of the tsunagu layout, in the order of TSUNAGU_COLUMN_KEYS. */
export function formatTsunaguRecord(row: ExportedItem, locale: Locale): string[] {
  const { item } = row;
  const unit = UNIT_TEXT[item.unit];
  const total = row.balances.reduce((acc, balance) => acc + balance.quantity, 0);
  const tags = parseTags(item.tags);

  let location = '';
  if (row.balances.length === 1) location = writeCodeCell(row.balances[0]!.locationCode);
  else if (row.balances.length > 1) {
    location = writeTextCell(row.balances.map((b) => `${b.locationCode}:${formatScaled(b.quantity, unit.decimals)}`).join('|'));
  }

  const cells: Record<TsunaguColumnKey, string> = {
    stockNumber: writeCodeCell(item.stock_number),
    janCode: writeCodeCell(item.jan_code),
    tracking: TRACKING_TEXT[item.tracking][locale],
    unit: unit[locale],
    name: writeTextCell(item.name),
    category: CATEGORY_LABELS[item.category as Category]?.[locale] ?? item.category,
    brand: writeTextCell(item.brand),
    metal: writeTextCell(item.metal),
    metalWeight: formatScaled(item.metal_weight_cg, 2),
    mainStoneKind: writeTextCell(item.main_stone_kind),
    mainStoneCarat: formatScaled(item.main_stone_carat_mct, 3),
    mainStoneShape: item.main_stone_shape ?? '',
    mainStoneColor: writeTextCell(item.main_stone_color),
    mainStoneClarity: item.main_stone_clarity ?? '',
    mainStoneCut: item.main_stone_cut ?? '',
    sideStonesCarat: formatScaled(item.side_stones_carat_mct, 3),
    ringSize: formatScaled(item.ring_size_tenths, 1),
    length: formatScaled(item.length_mm, 1),
    condition: CONDITION_TEXT[item.condition][locale],
    conditionGrade: item.condition_grade ?? '',
    certificateKind: item.certificate_kind ? CERTIFICATE_TEXT[item.certificate_kind][locale] : '',
    certificateIssuer: writeTextCell(item.certificate_issuer),
    certificateNumber: writeCodeCell(item.certificate_number),
    cost: String(item.cost),
    retailPrice: String(item.retail_price),
    priceBasis: PRICE_BASIS_TEXT[item.price_basis][locale],
    taxRate: String(item.tax_rate_percent),
    description: writeTextCell(item.description),
    tags: writeTextCell(tags.join('|')),
    photos: writeTextCell(row.photoUrls.join('|')),
    supplierCode: writeCodeCell(row.supplierCode),
    quantity: formatScaled(total, unit.decimals),
    locationCode: location,
  };
  return TSUNAGU_COLUMN_KEYS.map((key) => cells[key]);
}
