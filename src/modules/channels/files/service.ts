import { sellableSubquery } from '../listings/availability.js';
import { stringify } from 'csv-stringify/sync';
import type { Executor } from '../../../db/database.js';
import type { ChannelKind } from '../../../db/schema.js';
import { excelSafeCell, type CsvCell } from '../../../shared/csv-safe.js';
import { getCompanySettings } from '../../company/service.js';
import { charactersMissingFromCp932, encodeCp932 } from '../../item-csv/encoding.js';
import { unitPriceOnBasis } from '../../tax/engine.js';
import type { TaxRounding } from '../../tax/rounding.js';
import { fileExportErrors } from './errors.js';
import { checkRakutenRows, rakutenItemRows, RAKUTEN_ITEM_HEADER, type RakutenRowProblem } from './rakuten-item.js';
import type { FileFormat } from './schemas.js';

// Mall upload files for shops that send listings to 楽天市場 and Yahoo!ショッピング as files
// instead of through the API. Loading the selection is the only I/O. Building the rows and
// encoding them as CP932 are pure functions, so the layouts are tested without a database.
// The layout of Rakuten's normal-item.csv and its sources are in rakuten-item.ts.

/** Fields of a listing, its item and its stock that one exported row is built from. */
export interface ExportListing {
  listingId: number;
  stockNumber: string;
  channelKind: ChannelKind;
  title: string;
  description: string | null;
  /** The channel's key of the listing (Yahoo item code, Rakuten manageNumber). */
  externalCode: string;
  categoryId: string | null;
  janCode: string | null;
  /** Tax-included price in yen, as malls show it (総額表示). */
  priceIncludingTax: number;
  /** Sum of quantity − reserved_quantity over the item's stock balances, never below 0. */
  sellableQuantity: number;
  /** Photo references of the listing: URLs or R-Cabinet paths such as "/rings/r-001.jpg". */
  photos: string[];
  /** Rakuten shop URL of the listing's channel account, or null when not set. It limits photos to that shop's R-Cabinet. */
  shopUrl: string | null;
}

interface FileLayout {
  header: readonly string[];
  /** Rows of one listing, each as cells by column name. A column left out is written empty. */
  rows: (listing: ExportListing) => Array<Partial<Record<string, CsvCell>>>;
}

const CHANNEL_LABELS: Record<ChannelKind, { ja: string; en: string }> = {
  rakuten: { ja: '楽天市場', en: 'Rakuten Ichiba' },
  yahoo: { ja: 'Yahoo!ショッピング', en: 'Yahoo! Shopping' },
  own_site: { ja: '自社サイト', en: 'own web shop' },
};

/**
 * Columns of Yahoo's data.csv (item file), in the order of a real store file. The header row
 * is mandatory and Yahoo rejects unknown names. Yahoo documents more columns (headline,
 * original-price and others), but their order is not confirmed, so only these 25 are written.
 */
export const YAHOO_DATA_HEADER = [
  'path',
  'name',
  'code',
  'price',
  'sale-price',
  'sale-period-start',
  'sale-period-end',
  'caption',
  'explanation',
  'meta-key',
  'meta-desc',
  'jan',
  'delivery',
  'sale-limit',
  'display',
  'sp-additional',
  'product-category',
  'lead-time-instock',
  'options',
  'sub-code',
  'spec1',
  'spec2',
  'spec3',
  'spec4',
  'spec5',
] as const;

/** Columns of Yahoo's quantity.csv (stock file), in the order of Yahoo's upload table. */
export const YAHOO_QUANTITY_HEADER = ['code', 'sub-code', 'quantity', 'mode', 'allow-overdraft', 'stock-close'] as const;

/**
 * Yahoo's item code: half-width letters, digits and hyphens, at most 99 characters. The first
 * character must also be a letter or digit, because the CSV-injection guard (excelSafeCell)
 * would put an apostrophe before a leading hyphen and so change the code.
 */
const YAHOO_CODE = /^[A-Za-z0-9][A-Za-z0-9-]{0,98}$/;

/** Channel kind and file name of each format, for the route and the selection check. */
export const FILE_TARGETS: Record<FileFormat, { channelKind: ChannelKind; fileName: string }> = {
  'rakuten-item': { channelKind: 'rakuten', fileName: 'normal-item.csv' },
  'yahoo-data': { channelKind: 'yahoo', fileName: 'data.csv' },
  'yahoo-quantity': { channelKind: 'yahoo', fileName: 'quantity.csv' },
};

// Yahoo columns tsunagu has no data for (path, sale prices, delivery, display, options and
// the like) are left empty. NOTE: what Yahoo does with an empty cell on an existing item (keep
// or clear) is not documented in the sources used here.
const LAYOUTS: Record<FileFormat, FileLayout> = {
  // One item row and one SKU row per listing.
  'rakuten-item': { header: RAKUTEN_ITEM_HEADER, rows: rakutenItemRows },
  'yahoo-data': {
    header: YAHOO_DATA_HEADER,
    rows: (listing) => [{
      name: listing.title,
      code: listing.externalCode,
      price: listing.priceIncludingTax,
      caption: listing.description,
      jan: listing.janCode,
      'product-category': listing.categoryId,
    }],
  },
  'yahoo-quantity': {
    header: YAHOO_QUANTITY_HEADER,
    rows: (listing) => [{
      code: listing.externalCode,
      quantity: listing.sellableQuantity,
      // An empty mode sets the quantity as given, rather than adding or subtracting it.
      mode: '',
      // 0: no orders beyond the stock, so a one-of-a-kind piece cannot be sold twice.
      'allow-overdraft': 0,
    }],
  },
};

const LISTING_TITLE = { ja: '出品タイトル', en: 'listing title' };
const LISTING_DESCRIPTION = { ja: '出品の説明', en: 'listing description' };

/**
 * Source field of each column, named in errors so the user knows what to edit. Numbered
 * Rakuten image columns are looked up without their number.
 */
const COLUMN_SOURCES: Record<string, { ja: string; en: string }> = {
  name: LISTING_TITLE,
  caption: LISTING_DESCRIPTION,
  code: { ja: 'チャネル上のコード', en: 'channel code' },
  jan: { ja: '商品の JAN コード', en: 'item JAN code' },
  'product-category': { ja: '出品のカテゴリ', en: 'listing category' },
  商品名: LISTING_TITLE,
  PC用商品説明文: LISTING_DESCRIPTION,
  スマートフォン用商品説明文: LISTING_DESCRIPTION,
  '商品画像名（ALT）': LISTING_TITLE,
  システム連携用SKU番号: { ja: '在庫番号', en: 'stock number' },
};

function columnSource(column: string, locale: 'ja' | 'en'): string {
  const source = COLUMN_SOURCES[column] ?? COLUMN_SOURCES[column.replace(/\d+$/, '')];
  return source?.[locale] ?? column;
}

/** How many cells or stock numbers an error message lists before "and N more". */
const MAX_LISTED = 20;

function listWithMore(values: readonly string[], locale: 'ja' | 'en'): string {
  const listed = values.slice(0, MAX_LISTED).join(locale === 'ja' ? '、' : ', ');
  const more = values.length - MAX_LISTED;
  if (more <= 0) return listed;
  return locale === 'ja' ? `${listed} ほか ${more} 件` : `${listed} and ${more} more`;
}

function stockNumberList(values: readonly string[]): { stockNumbersJa: string; stockNumbersEn: string } {
  return { stockNumbersJa: listWithMore(values, 'ja'), stockNumbersEn: listWithMore(values, 'en') };
}

/** Converts a listing price to the tax-included price malls show, with the company's rounding. */
export function priceIncludingTax(price: number, priceBasis: 'included' | 'excluded', ratePercent: number, rounding: TaxRounding): number {
  return unitPriceOnBasis(price, ratePercent, priceBasis, 'included', rounding);
}

/**
 * Raises export_wrong_channel when a listing of another channel kind is in the selection,
 * naming every such stock number, because a mall rejects or misreads another mall's rows.
 */
export function checkChannelKind(format: FileFormat, listings: readonly ExportListing[]): void {
  const target = FILE_TARGETS[format];
  const foreign = listings.filter((listing) => listing.channelKind !== target.channelKind);
  if (foreign.length === 0) return;

  const label = CHANNEL_LABELS[target.channelKind];
  const describe = (locale: 'ja' | 'en') =>
    listWithMore(
      foreign.map((listing) => {
        const channel = CHANNEL_LABELS[listing.channelKind][locale];
        return locale === 'ja' ? `${listing.stockNumber}（${channel}）` : `${listing.stockNumber} (${channel})`;
      }),
      locale,
    );
  throw fileExportErrors.export_wrong_channel(
    { fileName: target.fileName, channelJa: label.ja, channelEn: label.en, stockNumbersJa: describe('ja'), stockNumbersEn: describe('en') },
    { stockNumbers: foreign.map((listing) => listing.stockNumber) },
  );
}

/** Checks what Yahoo requires of every row before anything is written. */
function checkYahooRows(format: FileFormat, listings: readonly ExportListing[]): void {
  const badCodes = listings.filter((listing) => !YAHOO_CODE.test(listing.externalCode));
  if (badCodes.length > 0) {
    throw fileExportErrors.export_yahoo_code_invalid(
      stockNumberList(badCodes.map((listing) => `${listing.stockNumber} (${listing.externalCode})`)),
      { field: 'code', stockNumbers: badCodes.map((listing) => listing.stockNumber) },
    );
  }

  if (format !== 'yahoo-data') return;
  const uncategorized = listings.filter((listing) => !listing.categoryId);
  if (uncategorized.length > 0) {
    throw fileExportErrors.export_yahoo_category_missing(
      stockNumberList(uncategorized.map((listing) => listing.stockNumber)),
      { field: 'product-category', stockNumbers: uncategorized.map((listing) => listing.stockNumber) },
    );
  }
}

/** Shows each character with its code point, so invisible ones can be found: 「😀」(U+1F600). */
function describeCharacters(characters: readonly string[]): string {
  return characters.map((char) => `「${char}」(U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')})`).join(' ');
}

interface MissingCharacters {
  stockNumber: string;
  column: string;
  characters: string[];
}

function missingCharactersError(found: readonly MissingCharacters[]) {
  const cellsJa = listWithMore(
    found.map((cell) => `在庫番号 ${cell.stockNumber} の「${cell.column}」（${columnSource(cell.column, 'ja')}）にある ${describeCharacters(cell.characters)}`),
    'ja',
  );
  const cellsEn = listWithMore(
    found.map((cell) => `stock number ${cell.stockNumber}, ${cell.column} (${columnSource(cell.column, 'en')}): ${describeCharacters(cell.characters)}`),
    'en',
  );
  return fileExportErrors.export_characters_missing_from_cp932({ cellsJa, cellsEn }, { cells: found });
}

/**
 * Builds the rows of one listing in a layout: the layout's cells in header order, each passed
 * through the project's CSV-injection guard (excelSafeCell), so text starting with = + - @
 * gets a leading apostrophe. Numbers stay numbers.
 */
export function buildRows(layout: FileLayout, listing: ExportListing): Array<Array<string | number>> {
  return layout.rows(listing).map((cells) => layout.header.map((column) => excelSafeCell(cells[column])));
}

/** Builds the export_rakuten_listing_invalid error that lists every problem checkRakutenRows found. */
function rakutenRowsError(problems: readonly RakutenRowProblem[]) {
  const describe = (locale: 'ja' | 'en') => {
    const listed = problems.slice(0, MAX_LISTED).map((problem) => problem[locale]);
    const more = problems.length - MAX_LISTED;
    if (more > 0) listed.push(locale === 'ja' ? `ほか ${more} 件` : `and ${more} more`);
    // Each problem is a sentence of its own, so a slash separates them.
    return listed.join(' / ');
  };
  return fileExportErrors.export_rakuten_listing_invalid(
    { problemsJa: describe('ja'), problemsEn: describe('en') },
    { problems: problems.map(({ stockNumber, column }) => ({ stockNumber, column })) },
  );
}

/**
 * Builds the file of a format for listings already loaded: checks the selection, builds the
 * rows and encodes them as CP932 with CRLF line ends. Raises export_wrong_channel, the Yahoo
 * row checks, export_rakuten_listing_invalid, or export_characters_missing_from_cp932 naming
 * every stock number and column whose text CP932 cannot hold, instead of writing "?" for it.
 */
export function buildExportFile(format: FileFormat, listings: readonly ExportListing[]): { fileName: string; bytes: Buffer } {
  checkChannelKind(format, listings);
  const layout = LAYOUTS[format];
  if (FILE_TARGETS[format].channelKind === 'yahoo') checkYahooRows(format, listings);
  if (format === 'rakuten-item') {
    const problems = checkRakutenRows(listings);
    if (problems.length > 0) throw rakutenRowsError(problems);
  }

  const rows: Array<Array<string | number>> = [];
  const missing: MissingCharacters[] = [];
  for (const listing of listings) {
    for (const row of buildRows(layout, listing)) {
      rows.push(row);
      row.forEach((cell, column) => {
        if (typeof cell !== 'string') return;
        const characters = charactersMissingFromCp932(cell);
        if (characters.length > 0) missing.push({ stockNumber: listing.stockNumber, column: layout.header[column]!, characters });
      });
    }
  }
  if (missing.length > 0) throw missingCharactersError(missing);

  const text = stringify([[...layout.header], ...rows], { record_delimiter: 'windows' });
  return { fileName: FILE_TARGETS[format].fileName, bytes: encodeCp932(text) };
}

/**
 * Loads the listings of `ids` with their item's tax rate and JAN code, their sellable
 * quantity and their account's Rakuten shop URL, in the order of `ids`. Raises export_listing_not_found naming every id that does
 * not exist. Prices on the tax-excluded basis are converted with the company's rounding.
 */
export async function loadExportListings(db: Executor, ids: readonly number[]): Promise<ExportListing[]> {
  const rows = await db
    .selectFrom('channel_listings')
    .innerJoin('items', 'items.id', 'channel_listings.item_id')
    .innerJoin('channel_accounts', 'channel_accounts.id', 'channel_listings.channel_account_id')
    .select([
      'channel_listings.id',
      'channel_listings.item_id',
      'channel_listings.title',
      'channel_listings.description',
      'channel_listings.price',
      'channel_listings.price_basis',
      'channel_listings.category_id',
      'channel_listings.external_code',
      'channel_listings.photos_json',
      'items.stock_number',
      'items.jan_code',
      'items.tax_rate_percent',
      'channel_accounts.kind',
      'channel_accounts.settings_json',
    ])
    .where('channel_listings.id', 'in', [...ids])
    .execute();

  const byId = new Map(rows.map((row) => [Number(row.id), row]));
  const missingIds = ids.filter((id) => !byId.has(id));
  if (missingIds.length > 0) {
    const ids = missingIds.map(String);
    throw fileExportErrors.export_listing_not_found({ idsJa: listWithMore(ids, 'ja'), idsEn: listWithMore(ids, 'en') }, { ids: missingIds });
  }

  const itemIds = [...new Set(rows.map((row) => Number(row.item_id)))];
  const balances = await db.selectFrom('items').select(['items.id', sellableSubquery('items.id').as('sellable')]).where('items.id', 'in', itemIds).execute();
  // PostgreSQL returns a bigint sum as a string, hence Number().
  const sellableByItem = new Map(balances.map((row) => [Number(row.id), Number(row.sellable)]));
  const { taxRounding } = await getCompanySettings(db);

  return ids.map((id) => {
    const row = byId.get(id)!;
    return {
      listingId: id,
      stockNumber: row.stock_number,
      channelKind: row.kind,
      title: row.title,
      description: row.description,
      externalCode: row.external_code,
      categoryId: row.category_id,
      janCode: row.jan_code,
      priceIncludingTax: priceIncludingTax(Number(row.price), row.price_basis, row.tax_rate_percent, taxRounding),
      sellableQuantity: Math.max(0, sellableByItem.get(Number(row.item_id)) ?? 0),
      photos: JSON.parse(row.photos_json) as string[],
      shopUrl: shopUrlOf(row.settings_json),
    };
  });
}

/** The shopUrl setting of a Rakuten channel account, or null when it is not set. */
function shopUrlOf(settingsJson: string): string | null {
  const settings = JSON.parse(settingsJson) as { shopUrl?: unknown };
  return typeof settings.shopUrl === 'string' && settings.shopUrl.trim() !== '' ? settings.shopUrl.trim() : null;
}
