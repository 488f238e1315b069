import { stringify } from 'csv-stringify/sync';
import type { Executor } from '../../db/database.js';
import type { ItemStatus } from '../../db/schema.js';
import type { CsvEncoding } from '../../shared/csv-safe.js';
import type { Locale } from '../../shared/errors.js';
import { isCostKey } from '../../server/cost-hiding.js';
import { UNRESTRICTED_SCOPE, visibleItemIds, visibleStockFilter, type LocationScope } from '../access/scope.js';
import type { Category } from '../items/attributes.js';
import { charactersMissingFromCp932, encodeCsvChunk } from './encoding.js';
import { itemCsvErrors } from './errors.js';
import { TSUNAGU_COLUMN_KEYS, tsunaguHeader } from './tsunagu-columns.js';
import { formatTsunaguRecord, type ExportedItem } from './tsunagu-layout.js';

export interface ExportItemsOptions {
  encoding: CsvEncoding;
  /** Language of the header row and of labels such as the category. Import reads both. */
  locale: Locale;
  status?: ItemStatus[];
  category?: Category;
  /** Items read per query; memory use grows with it, not with the number of items. */
  pageSize?: number;
  /** Only items, and stock at locations, that this scope may see. Everything when omitted. */
  scope?: LocationScope;
  /** False leaves out the cost column, for users without the cost.view permission. True when omitted. */
  includeCost?: boolean;
}

const DEFAULT_PAGE_SIZE = 1000;
/** Cells listed in the CP932 error message; the error details carry all of them. */
const MAX_CELLS_IN_MESSAGE = 10;

interface MissingCharacters {
  row: number;
  /** Stock number of the item on that row, so the user can find and fix it. */
  stockNumber: string;
  column: string;
  characters: string[];
}

interface LoadedPage {
  exported: ExportedItem[];
  /** Id of the last item read, visible or not, where the next page starts; null at the end. */
  lastId: number | null;
}

async function loadPage(db: Executor, options: ExportItemsOptions, afterId: number, pageSize: number): Promise<LoadedPage> {
  const scope = options.scope ?? UNRESTRICTED_SCOPE;
  const stockFilter = visibleStockFilter(scope);
  let query = db
    .selectFrom('items')
    .leftJoin('suppliers', 'suppliers.id', 'items.supplier_id')
    .selectAll('items')
    .select('suppliers.code as supplier_code')
    .where('items.id', '>', afterId)
    .orderBy('items.id')
    .limit(pageSize);
  if (options.status && options.status.length > 0) query = query.where('items.status', 'in', options.status);
  if (options.category) query = query.where('items.category', '=', options.category);
  const read = await query.execute();
  if (read.length === 0) return { exported: [], lastId: null };
  const lastId = read.at(-1)!.id;

  const visible = await visibleItemIds(db, scope, read.map((item) => item.id));
  const items = read.filter((item) => visible.has(item.id));
  if (items.length === 0) return { exported: [], lastId };

  const ids = items.map((item) => item.id);
  const photos = await db
    .selectFrom('item_photos')
    .select(['item_id', 'url'])
    .where('item_id', 'in', ids)
    .orderBy('item_id')
    .orderBy('position')
    .execute();
  // Goods in transit are left out: they belong to no location until the transfer is received.
  let balanceQuery = db
    .selectFrom('stock_balances')
    .innerJoin('locations', 'locations.id', 'stock_balances.location_id')
    .select(['stock_balances.item_id', 'locations.code', 'stock_balances.quantity'])
    .where('stock_balances.item_id', 'in', ids)
    .where('stock_balances.quantity', '>', 0)
    .where('locations.kind', '<>', 'transit')
    .orderBy('locations.code');
  if (stockFilter !== undefined) balanceQuery = balanceQuery.where('stock_balances.location_id', 'in', [...stockFilter]);
  const balances = await balanceQuery.execute();

  const photosOf = groupByItem(photos);
  const balancesOf = groupByItem(balances);
  const exported = items.map(({ supplier_code: supplierCode, ...item }) => ({
    item,
    supplierCode,
    photoUrls: (photosOf.get(item.id) ?? []).map((photo) => photo.url),
    balances: (balancesOf.get(item.id) ?? []).map((balance) => ({ locationCode: balance.code, quantity: Number(balance.quantity) })),
  }));
  return { exported, lastId };
}

/** Positions of the columns to write: all of them, or all but the cost columns. */
function exportedColumnIndexes(includeCost: boolean): number[] {
  return TSUNAGU_COLUMN_KEYS.flatMap((key, index) => (includeCost || !isCostKey(key) ? [index] : []));
}

function groupByItem<T extends { item_id: number }>(rows: T[]): Map<number, T[]> {
  const groups = new Map<number, T[]>();
  for (const row of rows) {
    const group = groups.get(row.item_id);
    if (group) group.push(row);
    else groups.set(row.item_id, [row]);
  }
  return groups;
}

function findMissingCharacters(cells: string[], row: number, header: string[]): MissingCharacters[] {
  // One check of the whole row first: almost every row is fine, and encoding is the cost.
  if (charactersMissingFromCp932(cells.join('')).length === 0) return [];
  const found: MissingCharacters[] = [];
  cells.forEach((cell, index) => {
    const characters = charactersMissingFromCp932(cell);
    if (characters.length > 0) found.push({ row, stockNumber: cells[0] ?? '', column: header[index]!, characters });
  });
  return found;
}

/** Shows each character with its code point, so invisible ones can be found: 「😀」(U+1F600). */
function describeCharacters(characters: string[]): string {
  return characters
    .map((char) => `「${char}」(U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')})`)
    .join(' ');
}

function missingCharactersError(found: MissingCharacters[]) {
  const listed = found.slice(0, MAX_CELLS_IN_MESSAGE);
  const more = found.length - listed.length;
  const cellsJa =
    listed.map((m) => `在庫番号 ${m.stockNumber}（${m.row} 行目）の「${m.column}」にある ${describeCharacters(m.characters)}`).join('、') +
    (more > 0 ? ` ほか ${more} か所` : '');
  const cellsEn =
    listed.map((m) => `stock number ${m.stockNumber} (row ${m.row}), ${m.column}: ${describeCharacters(m.characters)}`).join('; ') +
    (more > 0 ? `; and ${more} more` : '');
  return itemCsvErrors.characters_missing_from_cp932({ cellsJa, cellsEn }, { cells: found });
}

/**
 * Writes the items that the scope may see (those matching the filters, if any) in the
 * tsunagu layout, one page of items per chunk, so 100,000 items never sit in memory at
 * once. Without includeCost the cost column is left out. Cells are Excel-safe
 * (see cells.ts). For CP932 every cell is checked. If any character could not be written,
 * characters_missing_from_cp932 is thrown after the last chunk, naming each row and column,
 * so callers must not send CP932 chunks before the generator finishes.
 */
export async function* exportItemsCsv(db: Executor, options: ExportItemsOptions): AsyncGenerator<Buffer> {
  const columns = exportedColumnIndexes(options.includeCost ?? true);
  const pick = (cells: string[]) => columns.map((index) => cells[index]!);
  const header = pick(tsunaguHeader(options.locale));
  const pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
  const missing: MissingCharacters[] = [];
  const toCsv = (rows: string[][]) => stringify(rows, { record_delimiter: 'windows' });

  yield encodeCsvChunk(toCsv([header]), options.encoding, true);

  let afterId = 0;
  let row = 1;
  for (;;) {
    const page = await loadPage(db, options, afterId, pageSize);
    if (page.lastId === null) break;
    afterId = page.lastId;
    if (page.exported.length === 0) continue;

    const rows = page.exported.map((exported) => pick(formatTsunaguRecord(exported, options.locale)));
    if (options.encoding === 'cp932') {
      for (const cells of rows) missing.push(...findMissingCharacters(cells, (row += 1), header));
    } else {
      row += rows.length;
    }
    yield encodeCsvChunk(toCsv(rows), options.encoding, false);
  }

  if (missing.length > 0) throw missingCharactersError(missing);
}

/** Collects exportItemsCsv into one buffer; throws characters_missing_from_cp932 before returning anything. */
export async function exportItemsBuffer(db: Executor, options: ExportItemsOptions): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of exportItemsCsv(db, options)) chunks.push(chunk);
  return Buffer.concat(chunks);
}
