import { queryInChunks } from '../../db/chunks.js';
import type { Executor, Tx } from '../../db/database.js';
import { accessErrors, actableItemIds, visibleItemIds, type LocationScope } from '../access/scope.js';
import { nowIso } from '../../db/database.js';
import type { Item, ItemStatus } from '../../db/schema.js';
import { attributeColumns, buildSearchText, insertPhotos, photoRows, violatedUniqueColumn } from './columns.js';
import { itemErrors } from './errors.js';
import type { ItemAttributes, ItemOutput } from './schemas.js';
import { stockNumberOwner } from './numbering.js';
import { IN_STORE_JAN_PREFIX, inStoreJanNumber } from '../price-tags/barcodes.js';

// The catalogue: creating and changing item rows. Stock never changes here; callers add
// and remove it with recordMovement (src/modules/ledger/service.ts) and then set the status.

export { buildSearchText } from './columns.js';
export {
  createItem,
  createItems,
  ItemInputError,
  stockNumbersByQuantityJan,
  stockNumbersBySourceKey,
  type NewItemInput,
} from './create.js';
export { itemHistory } from './history.js';
export { getItemDetail } from './detail.js';
export { searchItems } from './search.js';

export interface ItemWriteContext {
  /** The user making the change, or null for system jobs. */
  userId: number | null;
  /** Stable key of the import row that creates the item, so a re-import is detected. */
  sourceKey?: string | null;
}

/** Maps a database row to the API shape. Retail price is on priceBasis, cost tax-excluded. */
export function toItemOutput(row: Item): ItemOutput {
  return {
    id: row.id,
    stockNumber: row.stock_number,
    janCode: row.jan_code,
    tracking: row.tracking,
    unit: row.unit,
    status: row.status,
    name: row.name,
    category: row.category as ItemOutput['category'],
    brand: row.brand,
    metal: row.metal,
    metalWeightCg: row.metal_weight_cg,
    mainStoneKind: row.main_stone_kind,
    mainStoneCaratMct: row.main_stone_carat_mct,
    mainStoneShape: row.main_stone_shape as ItemOutput['mainStoneShape'],
    mainStoneColor: row.main_stone_color,
    mainStoneClarity: row.main_stone_clarity as ItemOutput['mainStoneClarity'],
    mainStoneCut: row.main_stone_cut as ItemOutput['mainStoneCut'],
    sideStonesCaratMct: row.side_stones_carat_mct,
    ringSizeTenths: row.ring_size_tenths,
    lengthMm: row.length_mm,
    condition: row.condition,
    conditionGrade: row.condition_grade as ItemOutput['conditionGrade'],
    certificateKind: row.certificate_kind,
    certificateIssuer: row.certificate_issuer,
    certificateNumber: row.certificate_number,
    cost: row.cost,
    retailPrice: row.retail_price,
    priceBasis: row.price_basis,
    taxRatePercent: row.tax_rate_percent,
    description: row.description,
    tags: parseTags(row.tags),
    supplierId: row.supplier_id,
    ownership: row.ownership,
    sourceKey: row.source_key,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    createdBy: row.created_by,
  };
}

/** Reads items.tags; text that is not a JSON array of strings reads as no tags. */
export function parseTags(text: string): string[] {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value.filter((tag): tag is string => typeof tag === 'string') : [];
  } catch {
    return [];
  }
}

// ---------------------------------------------------------------------------------------
// Checks

async function assertStockNumberFree(db: Executor, stockNumber: string, exceptId?: number): Promise<void> {
  if ((await stockNumberOwner(db, stockNumber, exceptId)) !== undefined) {
    throw itemErrors.stock_number_taken({ stockNumber }, { field: 'stockNumber' });
  }
}

async function assertSupplierExists(db: Executor, supplierId: number | null | undefined): Promise<void> {
  if (supplierId == null) return;
  const row = await db.selectFrom('suppliers').select('id').where('id', '=', supplierId).executeTakeFirst();
  if (!row) throw itemErrors.supplier_not_found({ supplierId }, { field: 'supplierId' });
}

/**
 * A scanned JAN code must lead to one quantity-tracked item, so two quantity-tracked items
 * may not share one. Unique pieces may (two pre-owned watches of the same model).
 */
async function assertJanCodeFree(db: Executor, input: ItemAttributes, exceptId?: number): Promise<void> {
  if (input.tracking !== 'quantity' || !input.janCode) return;
  let query = db
    .selectFrom('items')
    .select('stock_number')
    .where('jan_code', '=', input.janCode)
    .where('tracking', '=', 'quantity');
  if (exceptId !== undefined) query = query.where('id', '<>', exceptId);
  const other = await query.executeTakeFirst();
  if (other) throw itemErrors.jan_code_taken({ janCode: input.janCode, stockNumber: other.stock_number }, { field: 'janCode' });
}

async function hasMovements(db: Executor, itemId: number): Promise<boolean> {
  const row = await db.selectFrom('stock_movements').select('id').where('item_id', '=', itemId).limit(1).executeTakeFirst();
  return row !== undefined;
}

// ---------------------------------------------------------------------------------------
// Writes

async function replacePhotos(trx: Tx, itemId: number, photos: ItemAttributes['photos']): Promise<void> {
  await trx.deleteFrom('item_photos').where('item_id', '=', itemId).execute();
  await insertPhotos(trx, photoRows(itemId, photos));
}

/**
 * Replaces an item's attributes, photos and tags. An absent stock number keeps the current
 * one, and an absent tax rate or price basis keeps the current rate or basis. Tracking and unit may not change once
 * the item has stock movements (tracking_locked, unit_locked). Status and stock are left alone.
 * The user must be allowed to change the item (assertItemActable).
 */
export async function updateItem(
  trx: Tx,
  id: number,
  input: ItemAttributes,
  ctx: ItemWriteContext & { scope: LocationScope },
): Promise<Item> {
  await assertItemActable(trx, id, ctx.scope);
  const current = await getItem(trx, id);
  const stockNumber = input.stockNumber ?? current.stock_number;

  if (stockNumber !== current.stock_number) await assertStockNumberFree(trx, stockNumber, id);
  const tracksDifferently = input.tracking !== current.tracking;
  const countsDifferently = input.unit !== current.unit;
  if ((tracksDifferently || countsDifferently) && (await hasMovements(trx, id))) {
    if (tracksDifferently) throw itemErrors.tracking_locked({ stockNumber: current.stock_number }, { field: 'tracking' });
    throw itemErrors.unit_locked({ stockNumber: current.stock_number }, { field: 'unit' });
  }
  await assertSupplierExists(trx, input.supplierId);
  await assertJanCodeFree(trx, input, id);

  let row: Item;
  try {
    row = await trx
      .updateTable('items')
      .set({
        ...attributeColumns(input),
        cost: input.cost ?? current.cost,
        // A consigned piece is the consignor's: it keeps book cost 0 and no supplier.
        ...(current.ownership === 'consignment_in' ? { cost: 0, supplier_id: null } : {}),
        stock_number: stockNumber,
        tax_rate_percent: input.taxRatePercent ?? current.tax_rate_percent,
        price_basis: input.priceBasis ?? current.price_basis,
        search_text: buildSearchText({ ...input, stockNumber }),
        updated_at: nowIso(),
      })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
  } catch (error) {
    if (violatedUniqueColumn(error) === 'stock_number') {
      throw itemErrors.stock_number_taken({ stockNumber }, { field: 'stockNumber' });
    }
    throw error;
  }

  await replacePhotos(trx, id, input.photos);
  return row;
}

/** Sets an item's status, e.g. in_stock after a receipt or sold after a sale. Throws item_not_found. */
export async function setItemStatus(trx: Tx, itemId: number, status: ItemStatus): Promise<Item> {
  const row = await trx
    .updateTable('items')
    .set({ status, updated_at: nowIso() })
    .where('id', '=', itemId)
    .returningAll()
    .executeTakeFirst();
  if (!row) throw itemErrors.item_not_found({ value: `ID ${itemId}` });
  return row;
}

/**
 * Sets the status of many items with one UPDATE per IN_LIST_SIZE ids, e.g. in_stock after
 * an import receives them. Throws item_not_found naming the first id that has no item.
 */
export async function setItemsStatus(trx: Tx, itemIds: readonly number[], status: ItemStatus): Promise<void> {
  const ids = [...new Set(itemIds)];
  const now = nowIso();
  const updated = await queryInChunks(ids, (chunk) =>
    trx.updateTable('items').set({ status, updated_at: now }).where('id', 'in', chunk).returning('id').execute(),
  );

  if (updated.length === ids.length) return;
  const found = new Set(updated.map((row) => row.id));
  const missing = ids.find((id) => !found.has(id))!;
  throw itemErrors.item_not_found({ value: `ID ${missing}` });
}

// ---------------------------------------------------------------------------------------
// Reads

/** Loads the item row. Throws item_not_found. */
export async function getItem(db: Executor, id: number): Promise<Item> {
  const row = await db.selectFrom('items').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw itemErrors.item_not_found({ value: `ID ${id}` });
  return row;
}

/** Loads an item the user may see; one outside their scope is reported as not found. */
export async function getVisibleItem(db: Executor, id: number, scope: LocationScope): Promise<Item> {
  const item = await getItem(db, id);
  if (!(await visibleItemIds(db, scope, [id])).has(id)) throw itemErrors.item_not_found({ value: `ID ${id}` });
  return item;
}

/**
 * Checks that the user may change the item (see actableItemIds): an item they cannot see is
 * reported as not found, and one they can see but that is on hand only elsewhere is refused
 * naming a location that holds it.
 */
export async function assertItemActable(db: Executor, id: number, scope: LocationScope): Promise<void> {
  await getVisibleItem(db, id, scope);
  if ((await actableItemIds(db, scope, [id])).has(id)) return;

  // Name a location that holds the item, or else where it was last: an item sold out or
  // written off at another store is still that store's to change.
  const holder = await db
    .selectFrom('stock_balances')
    .innerJoin('locations', 'locations.id', 'stock_balances.location_id')
    .select(['locations.name'])
    .where('stock_balances.item_id', '=', id)
    .orderBy('stock_balances.quantity', 'desc')
    .orderBy('stock_balances.updated_at', 'desc')
    .executeTakeFirst();
  throw accessErrors.location_out_of_scope({ location: holder?.name ?? `ID ${id}` });
}

/** Finds the consignor of each consigned piece among `itemIds`. Our own pieces are absent from the map. */
export async function consignorsOfItems(db: Executor, itemIds: readonly number[]): Promise<Map<number, { id: number; code: string; name: string }>> {
  const rows = await queryInChunks([...new Set(itemIds)], (chunk) =>
    db
      .selectFrom('consigned_items')
      .innerJoin('consignors', 'consignors.id', 'consigned_items.consignor_id')
      .select(['consigned_items.item_id', 'consignors.id', 'consignors.code', 'consignors.name'])
      .where('consigned_items.item_id', 'in', chunk)
      .execute(),
  );
  return new Map(rows.map((row) => [row.item_id, { id: row.id, code: row.code, name: row.name }]));
}

/** Finds the item that an import row created, if any. */
export async function findItemBySourceKey(db: Executor, sourceKey: string): Promise<Item | null> {
  return (await db.selectFrom('items').selectAll().where('source_key', '=', sourceKey).executeTakeFirst()) ?? null;
}

/**
 * Folds a scanned or typed tag code: full-width characters (NFKC), which a scanner types when
 * the Japanese input mode is on, and the dashes a Japanese IME types for "-" (ー‐‑–—―−).
 */
export function normalizeItemCode(code: string): string {
  return code.normalize('NFKC').trim().replace(/[ー‐‑–—―−]/g, '-');
}

/**
 * Finds an item by a stock number already folded with normalizeItemCode. The exact code
 * wins, and else the upper-case code matches, because stock numbers are mostly upper case
 * and staff type "own-4" for "OWN-4". When two stock numbers differ only in case, each is
 * found by typing it exactly.
 */
export async function findItemByFoldedStockNumber(db: Executor, folded: string): Promise<Item | undefined> {
  const exact = await db.selectFrom('items').selectAll().where('stock_number', '=', folded).executeTakeFirst();
  const upper = folded.toUpperCase();
  if (exact || upper === folded) return exact;

  return db.selectFrom('items').selectAll().where('stock_number', '=', upper).executeTakeFirst();
}

/**
 * Finds an item by the code on its tag: the stock number (folded by normalizeItemCode, and
 * matched as findItemByFoldedStockNumber does), or else a JAN code (8 or 13 digits) as
 * scanned from quantity goods. Returns null when nothing matches and throws
 * item_code_ambiguous when several items carry the JAN code.
 */
export async function findItemByStockNumber(db: Executor, code: string): Promise<Item | null> {
  const folded = normalizeItemCode(code);
  if (folded === '') return null;

  const byStockNumber = await findItemByFoldedStockNumber(db, folded);
  if (byStockNumber) return byStockNumber;
  if (!/^(\d{8}|\d{13})$/.test(folded)) return null;

  const byJan = await db
    .selectFrom('items')
    .selectAll()
    .where('jan_code', '=', folded)
    .orderBy('stock_number')
    .limit(6)
    .execute();
  if (byJan.length > 1) {
    const listed = byJan.slice(0, 5).map((row) => row.stock_number);
    throw itemErrors.item_code_ambiguous({ code: folded, stockNumbers: `${listed.join(', ')}${byJan.length > 5 ? ', …' : ''}` });
  }
  return byJan[0] ?? findItemByInStoreJan(db, folded);
}

/**
 * Finds the item whose id an in-store JAN code of tsunagu's prefix carries (the EAN-13 that
 * a price tag prints for a piece without its own JAN), or null. The caller looks up real JAN
 * codes first, so a shop's own code with the same prefix wins.
 */
export async function findItemByInStoreJan(db: Executor, code: string): Promise<Item | null> {
  const itemId = inStoreJanNumber(code, IN_STORE_JAN_PREFIX);
  if (itemId === null) return null;
  return (await db.selectFrom('items').selectAll().where('id', '=', itemId).executeTakeFirst()) ?? null;
}
