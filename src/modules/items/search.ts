import { TZDate } from '@date-fns/tz';
import { expressionBuilder, sql, type Expression, type ExpressionBuilder, type RawBuilder, type SqlBool } from 'kysely';
import type { Executor } from '../../db/database.js';
import { databaseKindOf, type DatabaseKind } from '../../db/dialect.js';
import type { Database, Item } from '../../db/schema.js';
import { foldForSearch } from '../../shared/text.js';
import { BUSINESS_TIME_ZONE } from '../../shared/time.js';
import { itemSearchQuery, type ItemBalanceOutput, type ItemSearchOutput, type ItemSearchRequest } from './schemas.js';
import { consignorsOfItems, toItemOutput } from './service.js';
import { companyTaxRounding, lowestStoredPriceFor, retailPriceIncludingTax, retailPriceIncludingTaxBetween } from './pricing.js';
import type { TaxRounding } from '../tax/rounding.js';
import { idsForInFilter, itemVisibleCondition, visibleStockFilter, type LocationScope } from '../access/scope.js';

// Catalogue search. Free text uses the trigram indexes of migration 0002_item_search; the
// other filters use the B-tree indexes on items and stock_balances.

/**
 * Words shorter than this have no trigram of their own. On SQLite they are looked up
 * through the trigrams that begin with them (see expandShortWord). On PostgreSQL pg_trgm
 * cannot use its index for them, so the LIKE condition scans.
 */
const TRIGRAM_LENGTH = 3;
/** Words of a query beyond this many are ignored. */
const MAX_QUERY_WORDS = 8;
/**
 * A short word that begins more trigrams than this (a digit or a very common character) is
 * matched by scanning items.search_text, which is then cheaper than OR-ing the trigrams.
 */
const MAX_TRIGRAMS_PER_WORD = 100;

/**
 * Sort keys and the SQLite index that returns rows in that order. Items are created by
 * createItem with created_at set to the current time and ids rising, so the id order is
 * the creation order and createdAt sorts by the primary key.
 */
const SORTS = {
  createdAt: { column: 'items.id', sqliteIndex: null },
  // NOTE: sorts by the stored price, so a tax-excluded price sits where its net amount
  // falls, up to 10% below its tax-included price. Sorting by the converted price would
  // lose the index walk that keeps a large catalogue fast.
  retailPrice: { column: 'items.retail_price', sqliteIndex: 'items_retail_price_idx' },
  name: { column: 'items.name', sqliteIndex: 'items_name_idx' },
  // The UNIQUE constraint on items.stock_number in the first migration is its first, so
  // SQLite names its index sqlite_autoindex_items_1.
  stockNumber: { column: 'items.stock_number', sqliteIndex: 'sqlite_autoindex_items_1' },
} as const;

/** Returns the first instant (ISO UTC) of a business date ("YYYY-MM-DD") in Japan. */
export function businessDayStartUtc(date: string): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return new Date(new TZDate(year, month - 1, day, BUSINESS_TIME_ZONE).getTime()).toISOString();
}

/** Returns the first instant (ISO UTC) of the business day after `date`. */
function nextBusinessDayStartUtc(date: string): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return new Date(new TZDate(year, month - 1, day + 1, BUSINESS_TIME_ZONE).getTime()).toISOString();
}

/** Escapes LIKE wildcards for a pattern written with ESCAPE '\\'. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`);
}

/** Quotes text as an FTS5 phrase, which under the trigram tokenizer matches it as a substring. */
function ftsPhrase(text: string): string {
  return `"${text.replaceAll('"', '""')}"`;
}

/** Folds a free-text query into distinct words, as items.search_text was folded. */
export function searchWords(query: string): string[] {
  const words = foldForSearch(query).split(' ').filter((word) => word !== '');
  return [...new Set(words)].slice(0, MAX_QUERY_WORDS);
}

type ItemFilters = ReturnType<typeof itemSearchQuery.parse>;

/** Plan for matching the free-text words on SQLite. */
interface SqliteTextMatch {
  /** FTS5 MATCH expression for the indexed words, or null when there is none. */
  ftsQuery: string | null;
  /** Words matched by scanning search_text. */
  scannedWords: string[];
  /** A word occurs in no item, so nothing can match. */
  matchesNothing: boolean;
}

/**
 * Lists the trigrams in the index that begin with a word of 1 or 2 characters. Every
 * character of the indexed text starts a trigram (the text ends in two spaces), so an item
 * contains the word exactly when its text contains one of these trigrams. Returns null when
 * there are more than MAX_TRIGRAMS_PER_WORD.
 */
async function expandShortWord(db: Executor, word: string): Promise<string[] | null> {
  const result = await sql<{ term: string }>`
    select term from items_search_terms
     where term >= ${word} and term < ${`${word}\u{10FFFF}`}
     limit ${MAX_TRIGRAMS_PER_WORD + 1}`.execute(db);
  return result.rows.length > MAX_TRIGRAMS_PER_WORD ? null : result.rows.map((row) => row.term);
}

async function planSqliteTextMatch(db: Executor, words: string[]): Promise<SqliteTextMatch> {
  const clauses: string[] = [];
  const scannedWords: string[] = [];

  for (const word of words) {
    if ([...word].length >= TRIGRAM_LENGTH) {
      clauses.push(ftsPhrase(word));
      continue;
    }
    const trigrams = await expandShortWord(db, word);
    if (trigrams === null) scannedWords.push(word);
    else if (trigrams.length === 0) return { ftsQuery: null, scannedWords: [], matchesNothing: true };
    else clauses.push(`(${trigrams.map(ftsPhrase).join(' OR ')})`);
  }

  return { ftsQuery: clauses.length > 0 ? clauses.join(' AND ') : null, scannedWords, matchesNothing: false };
}

/**
 * A search split into sets of item ids and conditions on item columns. A search made only
 * of id sets can be counted without reading the items table.
 */
interface SearchParts {
  idSets: RawBuilder<{ id: number }>[];
  conditions: Expression<SqlBool>[];
}

/**
 * Splits the filters into id sets and conditions. SQLite uses one index per table in a
 * query, so when there is more than one filter, each filter on an indexed column becomes
 * an id set read from that index alone. "PT900 rings in stock" then intersects three index
 * ranges instead of reading every ring's row. PostgreSQL combines indexes itself (bitmap
 * AND), so there every column filter stays a condition.
 */
function searchParts(
  eb: ExpressionBuilder<Database, 'items'>,
  filters: ItemFilters,
  kind: DatabaseKind,
  textMatch: SqliteTextMatch | null,
  rounding: TaxRounding,
): SearchParts {
  const idSets: RawBuilder<{ id: number }>[] = [];
  const conditions: Expression<SqlBool>[] = [];
  // Conditions on one indexed column each. A range names its index: SQLite would otherwise
  // read the range in id order by scanning the whole table, because INTERSECT merges id-sorted
  // inputs, while sorting the ids taken from the index is far cheaper.
  const indexed: Array<{ condition: Expression<SqlBool>; rangeIndex?: string }> = [];

  if (filters.q !== undefined) {
    if (kind === 'sqlite' && textMatch) {
      if (textMatch.ftsQuery !== null) {
        idSets.push(sql`select rowid as id from items_search where items_search match ${textMatch.ftsQuery}`);
      }
      for (const word of textMatch.scannedWords) conditions.push(sql<SqlBool>`instr(items.search_text, ${word}) > 0`);
    } else {
      for (const word of searchWords(filters.q)) {
        conditions.push(sql<SqlBool>`items.search_text like ${`%${escapeLike(word)}%`} escape '\\'`);
      }
    }
  }

  if (filters.locationId !== undefined) {
    idSets.push(sql`
      select item_id as id from stock_balances where location_id = ${filters.locationId} and quantity > 0`);
  }

  if (filters.stockNumber !== undefined) {
    conditions.push(eb('items.stock_number', '=', filters.stockNumber.normalize('NFKC')));
  }
  if (filters.stockNumberPrefix !== undefined) {
    const prefix = filters.stockNumberPrefix.normalize('NFKC');
    if (kind === 'sqlite') {
      // A range on the unique index, because SQLite's LIKE folds case and cannot use it.
      indexed.push({
        condition: eb.and([eb('items.stock_number', '>=', prefix), eb('items.stock_number', '<', `${prefix}\u{10FFFF}`)]),
        rangeIndex: SORTS.stockNumber.sqliteIndex,
      });
    } else {
      conditions.push(sql<SqlBool>`items.stock_number like ${`${escapeLike(prefix)}%`} escape '\\'`);
    }
  }

  if (filters.category !== undefined) indexed.push({ condition: eb('items.category', '=', filters.category) });
  if (filters.metal !== undefined) indexed.push({ condition: eb('items.metal', '=', filters.metal) });
  if (filters.status !== undefined) indexed.push({ condition: eb('items.status', '=', filters.status) });
  if (filters.supplierId !== undefined) indexed.push({ condition: eb('items.supplier_id', '=', filters.supplierId) });
  if (filters.ownership !== undefined) conditions.push(eb('items.ownership', '=', filters.ownership));

  // The bounds apply to the tax-included price. A range on the stored price that contains
  // every possible match keeps the index in use: a tax-included price is never below the
  // stored price, and lowestStoredPriceFor covers the largest tax rate. The exact
  // conditions on the converted price then drop the extra rows.
  const { retailPriceMin: min, retailPriceMax: max } = filters;
  if (min !== undefined || max !== undefined) {
    const price: Expression<SqlBool>[] = [];
    if (min !== undefined) price.push(eb('items.retail_price', '>=', lowestStoredPriceFor(min)));
    if (max !== undefined) price.push(eb('items.retail_price', '<=', max));
    price.push(...retailPriceIncludingTaxBetween(rounding, min, max));
    indexed.push({ condition: eb.and(price), rangeIndex: SORTS.retailPrice.sqliteIndex });
  }

  const created: Expression<SqlBool>[] = [];
  if (filters.createdFrom !== undefined) created.push(eb('items.created_at', '>=', businessDayStartUtc(filters.createdFrom)));
  if (filters.createdTo !== undefined) created.push(eb('items.created_at', '<', nextBusinessDayStartUtc(filters.createdTo)));
  if (created.length > 0) indexed.push({ condition: eb.and(created), rangeIndex: 'items_created_at_idx' });

  const filterCount = idSets.length + conditions.length + indexed.length;
  if (kind === 'sqlite' && filterCount > 1) {
    for (const { condition, rangeIndex } of indexed) {
      const from = rangeIndex ? sql`items indexed by ${sql.id(rangeIndex)}` : sql`items`;
      idSets.push(sql`select items.id as id from ${from} where ${condition}`);
    }
  } else {
    conditions.push(...indexed.map((entry) => entry.condition));
  }

  return { idSets, conditions };
}

/** Combines id sets into one subquery of the ids in every set. */
function intersection(idSets: RawBuilder<{ id: number }>[]): RawBuilder<{ id: number }> {
  return sql`${sql.join(idSets, sql` intersect `)}`;
}

function whereAll(eb: ExpressionBuilder<Database, 'items'>, parts: SearchParts): Expression<SqlBool> {
  const all = [...parts.conditions];
  // One IN over the intersection, so that SQLite starts from the few ids in every set
  // rather than from the first set with the others as filters.
  if (parts.idSets.length > 0) all.unshift(sql<SqlBool>`items.id in (${intersection(parts.idSets)})`);
  return eb.and(all);
}

/**
 * Counts the matches. On SQLite an intersection of id sets is evaluated once here and its
 * ids passed to the page query as one set, so the intersection (which sorts every range it
 * reads) is not computed twice. A single set is cheaper to read twice than to pass.
 */
async function countMatches(db: Executor, kind: DatabaseKind, parts: SearchParts): Promise<{ total: number; parts: SearchParts }> {
  if (parts.conditions.length === 0 && parts.idSets.length > 0) {
    // Every id in these sets belongs to an item (trigger-maintained index, foreign key).
    if (kind === 'sqlite' && parts.idSets.length > 1) {
      const result = await sql<{ id: number }>`select id from (${intersection(parts.idSets)}) as matched`.execute(db);
      const ids = JSON.stringify(result.rows.map((row) => row.id));
      return { total: result.rows.length, parts: { idSets: [sql`select value as id from json_each(${ids})`], conditions: [] } };
    }
    const result = await sql<{ total: number }>`
      select count(*) as total from (${intersection(parts.idSets)}) as matched`.execute(db);
    return { total: Number(result.rows[0]?.total ?? 0), parts };
  }

  const row = await db
    .selectFrom('items')
    .where((eb) => whereAll(eb, parts))
    .select((eb) => eb.fn.countAll<number>().as('total'))
    .executeTakeFirstOrThrow();
  return { total: Number(row.total), parts };
}

/**
 * Reading one item row costs about this many times as much as stepping over one index
 * entry. This is an estimate from timing searches over 100,000 generated items with
 * SQLite's default 2 MiB page cache on a 2-core machine, not a constant of SQLite.
 */
const ROW_READ_COST = 20;

/**
 * Decides whether SQLite should walk the rows in sort order and stop after the page, rather
 * than collect every match and sort it. Walking steps over about (offset + limit) × items /
 * total entries of the sort index (of the table itself for the id order). It reads a row
 * per entry when walking the table or when a column condition must be checked. Sorting
 * reads all `total` matching rows. Deciding here rather than in SQLite's planner keeps
 * the plan good on a database that has never been analysed.
 */
async function shouldWalkInSortOrder(
  db: Executor,
  parts: SearchParts,
  walksTable: boolean,
  total: number,
  offset: number,
  limit: number,
): Promise<boolean> {
  const row = await db.selectFrom('items').select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
  const walked = ((offset + limit) * Number(row.count)) / total;
  const walkCost = walksTable || parts.conditions.length > 0 ? walked * ROW_READ_COST : walked;
  return walkCost < total * ROW_READ_COST;
}

/**
 * Names the table for the page query on SQLite, with the access path when walking in sort
 * order is cheaper. Kysely has no INDEXED BY, so the table reference is written as SQL.
 */
async function sqlitePageTable(db: Executor, parts: SearchParts, sortIndex: string | null, total: number, offset: number, limit: number) {
  // With id sets alone and the id order, SQLite already reads the ids in order and stops.
  if (parts.conditions.length === 0 && (parts.idSets.length === 0 || sortIndex === null)) return 'items';
  if (!(await shouldWalkInSortOrder(db, parts, sortIndex === null, total, offset, limit))) return 'items';

  const table = sortIndex === null ? sql`items not indexed` : sql`items indexed by ${sql.id(sortIndex)}`;
  return table as unknown as 'items';
}

/**
 * Searches the catalogue: filters, one page in the requested order (ties broken by id) and
 * the exact number of matches over all pages. Every free-text word must occur in
 * items.search_text after folding, so half-width and full-width forms match each other.
 * Filters that were not validated by itemSearchQuery are validated here (defaults applied).
 */
export async function searchItems(db: Executor, request: ItemSearchRequest, scope: LocationScope): Promise<ItemSearchOutput> {
  const filters = itemSearchQuery.parse(stringifyRequest(request));
  const visibleLocations = visibleStockFilter(scope);
  const kind = databaseKindOf(db);
  const empty = { items: [], total: 0, page: filters.page, pageSize: filters.pageSize };

  const textMatch = kind === 'sqlite' && filters.q !== undefined ? await planSqliteTextMatch(db, searchWords(filters.q)) : null;
  if (textMatch?.matchesNothing) return empty;

  const rounding = await companyTaxRounding(db);
  const wanted = searchParts(expressionBuilder<Database, 'items'>(), filters, kind, textMatch, rounding);
  // A user who may not see other locations' stock finds only the items of their own.
  if (visibleLocations !== undefined) wanted.conditions.push(itemVisibleCondition(visibleLocations));
  const { total, parts } = await countMatches(db, kind, wanted);
  const offset = (filters.page - 1) * filters.pageSize;
  if (offset >= total) return { ...empty, total };

  const sort = SORTS[filters.sort];
  const table = kind === 'sqlite' ? await sqlitePageTable(db, parts, sort.sqliteIndex, total, offset, filters.pageSize) : 'items';

  const rows: Item[] = await db
    .selectFrom(table)
    .selectAll('items')
    .where((eb) => whereAll(eb, parts))
    .orderBy(sort.column, filters.order)
    .orderBy('items.id', filters.order)
    .limit(filters.pageSize)
    .offset(offset)
    .execute();

  const ids = rows.map((row) => row.id);
  const balances = await balancesOfItems(db, ids, visibleLocations);
  const thumbnails = await thumbnailsOfItems(db, ids);
  const consignors = await consignorsOfItems(db, ids);

  return {
    items: rows.map((row) => {
      const itemBalances = balances.get(row.id) ?? [];
      return {
        ...toItemOutput(row),
        retailPriceIncludingTax: retailPriceIncludingTax(row, rounding),
        balances: itemBalances,
        onHand: itemBalances.reduce((sum, balance) => sum + balance.quantity, 0),
        thumbnailUrl: thumbnails.get(row.id) ?? null,
        consignor: consignors.get(row.id) ?? null,
      };
    }),
    total,
    page: filters.page,
    pageSize: filters.pageSize,
  };
}

/** itemSearchQuery parses query strings, so typed filters from code are turned back into text. */
function stringifyRequest(request: ItemSearchRequest): Record<string, string> {
  const text: Record<string, string> = {};
  for (const [key, value] of Object.entries(request)) {
    if (value !== undefined && value !== null) text[key] = String(value);
  }
  return text;
}

/** Stock on hand per item and location, limited to `locationIds` when given. */
async function balancesOfItems(
  db: Executor,
  ids: number[],
  locationIds: readonly number[] | undefined,
): Promise<Map<number, ItemBalanceOutput[]>> {
  const byItem = new Map<number, ItemBalanceOutput[]>();
  if (ids.length === 0) return byItem;

  let query = db
    .selectFrom('stock_balances')
    .innerJoin('locations', 'locations.id', 'stock_balances.location_id')
    .select([
      'stock_balances.item_id',
      'locations.id as locationId',
      'locations.code as locationCode',
      'locations.name as locationName',
      'locations.kind as locationKind',
      'stock_balances.quantity',
    ])
    .where('stock_balances.item_id', 'in', ids)
    .where('stock_balances.quantity', '>', 0)
    .orderBy('locations.code');
  if (locationIds !== undefined) query = query.where('stock_balances.location_id', 'in', idsForInFilter(locationIds));
  const rows = await query.execute();

  for (const { item_id: itemId, ...balance } of rows) {
    const list = byItem.get(itemId) ?? [];
    list.push({ ...balance, quantity: Number(balance.quantity) });
    byItem.set(itemId, list);
  }
  return byItem;
}

async function thumbnailsOfItems(db: Executor, ids: number[]): Promise<Map<number, string>> {
  const byItem = new Map<number, string>();
  if (ids.length === 0) return byItem;

  const rows = await db
    .selectFrom('item_photos')
    .select(['item_id', 'url'])
    .where('item_id', 'in', ids)
    .orderBy('item_id')
    .orderBy('position', 'desc')
    .execute();
  // Rows come with the lowest position last, so the main photo is the one kept.
  for (const row of rows) byItem.set(row.item_id, row.url);
  return byItem;
}
