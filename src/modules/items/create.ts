import { chunked, rowsPerStatement, queryInChunks } from '../../db/chunks.js';
import type { Executor, Tx } from '../../db/database.js';
import { nowIso } from '../../db/database.js';
import type { Item } from '../../db/schema.js';
import { isDomainError, type DomainError } from '../../shared/errors.js';
import { attributeColumns, buildSearchText, insertPhotos, photoRows, violatedUniqueColumn } from './columns.js';
import { itemErrors } from './errors.js';
import { generateStockNumbers, takenStockNumbers } from './numbering.js';
import type { ItemAttributes } from './schemas.js';
import type { ItemWriteContext } from './service.js';

// Creating catalogue entries. createItem and createItems share one implementation: the
// checks, the stock numbers and the inserts run once per call for all its items.

/** One item to create: validated attributes and, for an import row, its source key. */
export interface NewItemInput {
  attributes: ItemAttributes;
  /** Stable key of the import row that creates the item, so a re-import is detected. */
  sourceKey?: string | null;
}

/** A domain error from createItems, with the position in its inputs of the item that caused it. */
export class ItemInputError extends Error {
  constructor(
    readonly index: number,
    override readonly cause: DomainError,
  ) {
    super(`item input ${index}: ${cause.message}`, { cause });
    this.name = 'ItemInputError';
  }
}

/** Rows already in the database that the inputs of one call could conflict with. */
interface ExistingRows {
  supplierIds: Set<number>;
  stockNumberBySourceKey: Map<string, string>;
  takenStockNumbers: Set<string>;
  /** Stock number of the quantity-tracked item that has each JAN code. */
  stockNumberByQuantityJan: Map<string, string>;
}

function distinct<T>(values: Array<T | null | undefined>): T[] {
  return [...new Set(values.filter((value): value is T => value != null && value !== ''))];
}

function quantityJan(attributes: ItemAttributes): string | null {
  return attributes.tracking === 'quantity' && attributes.janCode ? attributes.janCode : null;
}

/** Finds the items that import rows created, as a map from source key to stock number. */
export async function stockNumbersBySourceKey(db: Executor, sourceKeys: readonly string[]): Promise<Map<string, string>> {
  const rows = await queryInChunks(sourceKeys, (chunk) =>
    db.selectFrom('items').select(['source_key', 'stock_number']).where('source_key', 'in', chunk).execute(),
  );
  return new Map(rows.map((row) => [row.source_key!, row.stock_number]));
}

/**
 * Finds the quantity-tracked item that has each JAN code, as a map from JAN code to stock
 * number. A scanned JAN code must lead to one such item, so at most one has each code.
 */
export async function stockNumbersByQuantityJan(db: Executor, janCodes: readonly string[]): Promise<Map<string, string>> {
  const rows = await queryInChunks(janCodes, (chunk) =>
    db
      .selectFrom('items')
      .select(['jan_code', 'stock_number'])
      .where('jan_code', 'in', chunk)
      .where('tracking', '=', 'quantity')
      .execute(),
  );
  return new Map(rows.map((row) => [row.jan_code!, row.stock_number]));
}

async function loadExistingRows(trx: Tx, inputs: readonly NewItemInput[]): Promise<ExistingRows> {
  const supplierIds = distinct(inputs.map((input) => input.attributes.supplierId));
  const sourceKeys = distinct(inputs.map((input) => input.sourceKey));
  const stockNumbers = distinct(inputs.map((input) => input.attributes.stockNumber));
  const jans = distinct(inputs.map((input) => quantityJan(input.attributes)));

  const suppliers = await queryInChunks(supplierIds, (chunk) =>
    trx.selectFrom('suppliers').select('id').where('id', 'in', chunk).execute(),
  );

  return {
    supplierIds: new Set(suppliers.map((row) => row.id)),
    stockNumberBySourceKey: await stockNumbersBySourceKey(trx, sourceKeys),
    takenStockNumbers: await takenStockNumbers(trx, stockNumbers),
    stockNumberByQuantityJan: await stockNumbersByQuantityJan(trx, jans),
  };
}

/**
 * Throws, for the first input that has one, the first conflict with the database in
 * createItem's order: unknown supplier, JAN code of another quantity-tracked item, source
 * key imported before, stock number taken.
 */
function checkAgainstDatabase(inputs: readonly NewItemInput[], existing: ExistingRows): void {
  inputs.forEach(({ attributes, sourceKey }, index) => {
    const supplierId = attributes.supplierId;
    if (supplierId != null && !existing.supplierIds.has(supplierId)) {
      throw new ItemInputError(index, itemErrors.supplier_not_found({ supplierId }, { field: 'supplierId' }));
    }

    const janCode = quantityJan(attributes);
    const janHolder = janCode === null ? undefined : existing.stockNumberByQuantityJan.get(janCode);
    if (janHolder !== undefined) {
      throw new ItemInputError(index, itemErrors.jan_code_taken({ janCode: janCode!, stockNumber: janHolder }, { field: 'janCode' }));
    }

    const importedAs = sourceKey ? existing.stockNumberBySourceKey.get(sourceKey) : undefined;
    if (importedAs !== undefined) {
      throw new ItemInputError(index, itemErrors.source_key_taken({ sourceKey: sourceKey!, stockNumber: importedAs }));
    }

    const stockNumber = attributes.stockNumber;
    if (stockNumber !== undefined && existing.takenStockNumbers.has(stockNumber)) {
      throw new ItemInputError(index, itemErrors.stock_number_taken({ stockNumber }, { field: 'stockNumber' }));
    }
  });
}

/**
 * Throws for the first input that repeats an earlier input's stock number, source key or
 * (between quantity-tracked items) JAN code, as createItem would when called in turn.
 */
function checkWithinCall(inputs: readonly NewItemInput[], stockNumbers: readonly string[]): void {
  const firstOfStockNumber = new Set<string>();
  const firstOfSourceKey = new Map<string, number>();
  const firstOfJan = new Map<string, number>();

  inputs.forEach(({ attributes, sourceKey }, index) => {
    const janCode = quantityJan(attributes);
    const earlierJan = janCode === null ? undefined : firstOfJan.get(janCode);
    if (earlierJan !== undefined) {
      const error = itemErrors.jan_code_taken({ janCode: janCode!, stockNumber: stockNumbers[earlierJan]! }, { field: 'janCode' });
      throw new ItemInputError(index, error);
    }
    if (janCode !== null) firstOfJan.set(janCode, index);

    const earlierKey = sourceKey ? firstOfSourceKey.get(sourceKey) : undefined;
    if (earlierKey !== undefined) {
      throw new ItemInputError(index, itemErrors.source_key_taken({ sourceKey: sourceKey!, stockNumber: stockNumbers[earlierKey]! }));
    }
    if (sourceKey) firstOfSourceKey.set(sourceKey, index);

    const stockNumber = stockNumbers[index]!;
    if (firstOfStockNumber.has(stockNumber)) {
      throw new ItemInputError(index, itemErrors.stock_number_taken({ stockNumber }, { field: 'stockNumber' }));
    }
    firstOfStockNumber.add(stockNumber);
  });
}

/**
 * Gives every input its stock number: the explicit one, or else the next free number from
 * the company pattern, generated for all such inputs at once. Numbering errors are charged
 * to the first input that needed a generated number.
 */
async function assignStockNumbers(trx: Tx, inputs: readonly NewItemInput[], pattern: string): Promise<string[]> {
  const explicit = new Set(distinct(inputs.map((input) => input.attributes.stockNumber)));
  const needing = inputs.flatMap((input, index) => (input.attributes.stockNumber === undefined ? [index] : []));
  if (needing.length === 0) return inputs.map((input) => input.attributes.stockNumber!);

  let generated: string[];
  try {
    generated = await generateStockNumbers(trx, pattern, needing.length, explicit);
  } catch (error) {
    if (isDomainError(error)) throw new ItemInputError(needing[0]!, error);
    throw error;
  }

  let next = 0;
  return inputs.map((input) => input.attributes.stockNumber ?? generated[next++]!);
}

/**
 * Maps a unique violation of the items insert to the input it hit. It means another
 * transaction took a number or key between the checks and the insert. PostgreSQL names the
 * value in the error detail ("Key (stock_number)=(2612-00001) already exists.").
 */
function insertConflict(error: unknown, inputs: readonly NewItemInput[], stockNumbers: readonly string[]): unknown {
  const column = violatedUniqueColumn(error);
  if (column === null) return error;

  const value = /\)=\((.*)\) already exists/.exec((error as { detail?: string }).detail ?? '')?.[1];
  const found = column === 'stock_number' ? stockNumbers.indexOf(value ?? '') : inputs.findIndex((input) => input.sourceKey === value);
  // NOTE: SQLite does not name the value, so there the error is charged to the first input.
  // SQLite runs one writer at a time, so after the checks this is not expected there.
  const index = Math.max(0, found);
  if (column === 'stock_number') {
    return new ItemInputError(index, itemErrors.stock_number_taken({ stockNumber: stockNumbers[index]! }, { field: 'stockNumber' }));
  }
  return new ItemInputError(index, itemErrors.source_key_taken({ sourceKey: inputs[index]!.sourceKey ?? '' }));
}

/**
 * Inserts catalogue entries with no stock and status out_of_stock, and their photos, and
 * returns the rows in the order of `inputs`. Each stock number comes from its input or else
 * from the company pattern; the tax rate defaults to the company's and the price basis to
 * tax-included. The checks and inserts are one query per kind for the whole call (split
 * only where the bound-parameter limit requires), so a batch of a few hundred items costs
 * about a dozen queries.
 *
 * Throws ItemInputError, naming the input and wrapping stock_number_taken,
 * supplier_not_found, jan_code_taken (two quantity-tracked items with one JAN, in the
 * database or among the inputs), source_key_taken, stock_number_pattern_invalid or
 * stock_number_unavailable. Nothing is inserted unless every input passes the checks.
 */
export async function createItems(trx: Tx, inputs: readonly NewItemInput[], ctx: Pick<ItemWriteContext, 'userId'>): Promise<Item[]> {
  if (inputs.length === 0) return [];

  const settings = await trx
    .selectFrom('company_settings')
    .select(['stock_number_pattern', 'default_tax_rate_percent'])
    .where('id', '=', 1)
    .executeTakeFirstOrThrow();

  checkAgainstDatabase(inputs, await loadExistingRows(trx, inputs));
  const stockNumbers = await assignStockNumbers(trx, inputs, settings.stock_number_pattern);
  checkWithinCall(inputs, stockNumbers);

  const now = nowIso();
  const rows = inputs.map(({ attributes, sourceKey }, index) => {
    const stockNumber = stockNumbers[index]!;
    return {
      ...attributeColumns(attributes),
      stock_number: stockNumber,
      status: 'out_of_stock' as const,
      tax_rate_percent: attributes.taxRatePercent ?? settings.default_tax_rate_percent,
      price_basis: attributes.priceBasis ?? 'included',
      ownership: 'own' as const,
      source_key: sourceKey ?? null,
      search_text: buildSearchText({ ...attributes, stockNumber }),
      created_at: now,
      updated_at: now,
      created_by: ctx.userId,
    };
  });

  // RETURNING gives no row order that SQLite promises, so rows are matched by stock number.
  const insertedByStockNumber = new Map<string, Item>();
  for (const chunk of chunked(rows, rowsPerStatement(Object.keys(rows[0]!).length))) {
    let inserted: Item[];
    try {
      inserted = await trx.insertInto('items').values(chunk).returningAll().execute();
    } catch (error) {
      throw insertConflict(error, inputs, stockNumbers);
    }
    for (const item of inserted) insertedByStockNumber.set(item.stock_number, item);
  }
  const items = stockNumbers.map((stockNumber) => insertedByStockNumber.get(stockNumber)!);

  await insertPhotos(trx, inputs.flatMap((input, index) => photoRows(items[index]!.id, input.attributes.photos)));
  return items;
}

/**
 * Inserts one catalogue entry with no stock and status out_of_stock, through createItems.
 * Throws stock_number_taken, supplier_not_found, jan_code_taken (two quantity-tracked items
 * with one JAN), source_key_taken, stock_number_pattern_invalid or stock_number_unavailable.
 */
export async function createItem(trx: Tx, input: ItemAttributes, ctx: ItemWriteContext): Promise<Item> {
  try {
    const [item] = await createItems(trx, [{ attributes: input, sourceKey: ctx.sourceKey ?? null }], ctx);
    return item!;
  } catch (error) {
    throw error instanceof ItemInputError ? error.cause : error;
  }
}
