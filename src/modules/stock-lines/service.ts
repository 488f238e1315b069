import type { SelectQueryBuilder } from 'kysely';
import type { Executor, Tx } from '../../db/database.js';
import type { Database, Item, ItemStatus, Location, MovementKind } from '../../db/schema.js';
import { recordMovement, totalOnHand } from '../ledger/service.js';
import { itemErrors } from '../items/errors.js';
import { setItemStatus } from '../items/service.js';
import { getLocation } from '../locations/service.js';
import { stockLineErrors } from './errors.js';
import { visibleItemIds, type LocationScope } from '../access/scope.js';
import type { StockLineOutput } from './schemas.js';

/**
 * The user performing a stock operation, recorded on its document and movements, and the
 * locations they may act at.
 */
export interface StockContext {
  userId: number | null;
  scope: LocationScope;
}

export interface StockLine {
  itemId: number;
  quantity: number;
}

/**
 * Loads a location that stock can move to or from: it exists, is not the transit location
 * and is active. `field` names the request field in errors.
 */
export async function requireStockLocation(db: Executor, id: number, field = 'locationId'): Promise<Location> {
  const location = await getLocation(db, id, field);
  if (location.is_active !== 1) throw stockLineErrors.location_inactive({ location: location.name });
  return location;
}

/**
 * Loads the items of a document's lines, in line order, and checks the lines: every item
 * exists and is visible to the user, appears on one line only, and a unique piece has
 * quantity 1. An item the user's scope hides is reported exactly like a missing one, so a
 * bulk request cannot probe other locations. `field` names the lines' array in error
 * details (e.g. "lines").
 */
export async function loadLineItems(
  db: Executor,
  lines: readonly StockLine[],
  scope: LocationScope,
  field = 'lines',
): Promise<Item[]> {
  const ids = [...new Set(lines.map((line) => line.itemId))];
  const rows = ids.length === 0 ? [] : await db.selectFrom('items').selectAll().where('id', 'in', ids).execute();
  const visible = await visibleItemIds(db, scope, ids);
  const byId = new Map(rows.filter((row) => visible.has(row.id)).map((row) => [row.id, row]));

  const seen = new Set<number>();
  return lines.map((line, index) => {
    const item = byId.get(line.itemId);
    if (!item) throw itemErrors.item_not_found({ value: `ID ${line.itemId}` }, { field: `${field}.${index}.itemId` });
    if (seen.has(item.id)) {
      throw stockLineErrors.duplicate_line_item({ stockNumber: item.stock_number }, { field: `${field}.${index}.itemId` });
    }
    seen.add(item.id);
    if (item.tracking === 'unique' && line.quantity !== 1) {
      throw stockLineErrors.unique_piece_quantity(
        { stockNumber: item.stock_number, quantity: line.quantity },
        { field: `${field}.${index}.quantity` },
      );
    }
    return item;
  });
}

/** Book cost in yen of a quantity of an item: its cost per unit times the quantity. */
export function bookCostOf(item: Pick<Item, 'cost'>, quantity: number): number {
  return item.cost * quantity;
}

/** Book cost in yen of all lines; `items` are the lines' items in line order. */
export function totalBookCost(lines: readonly StockLine[], items: readonly Item[]): number {
  return lines.reduce((sum, line, index) => sum + bookCostOf(items[index]!, line.quantity), 0);
}

/**
 * Sets the status of an item after stock left the company. A unique piece gets
 * `uniqueStatus` (sold, written_off, returned_to_supplier, consumed). A quantity-tracked
 * item changes only once no location has any left: it becomes consumed when
 * `uniqueStatus` is consumed, and out_of_stock otherwise.
 */
export async function updateStatusAfterRemoval(trx: Tx, item: Item, uniqueStatus: ItemStatus): Promise<void> {
  if (item.tracking === 'unique') {
    await setItemStatus(trx, item.id, uniqueStatus);
    return;
  }

  if ((await totalOnHand(trx, item.id)) === 0) {
    await setItemStatus(trx, item.id, uniqueStatus === 'consumed' ? 'consumed' : 'out_of_stock');
  }
}

export interface RemovalInput {
  locationId: number;
  kind: MovementKind;
  documentType: string;
  documentId: number;
  reason?: string | null;
  userId: number | null;
  /** Status a unique piece gets once it has left (see updateStatusAfterRemoval). */
  removedStatus: ItemStatus;
}

/**
 * Takes each line's quantity out of a location at book cost: one ledger movement per line
 * (which fails with insufficient_stock when the location does not hold the quantity), then
 * the item's status. `items` are the lines' items in line order, as loadLineItems returns
 * them. Returns the book cost of each line in yen.
 */
export async function removeLinesAtBookCost(
  trx: Tx,
  lines: readonly StockLine[],
  items: readonly Item[],
  removal: RemovalInput,
): Promise<number[]> {
  const costs: number[] = [];
  for (const [index, line] of lines.entries()) {
    const item = items[index]!;
    const costAmount = bookCostOf(item, line.quantity);
    await recordMovement(trx, {
      itemId: item.id,
      kind: removal.kind,
      fromLocationId: removal.locationId,
      toLocationId: null,
      quantity: line.quantity,
      costAmount,
      reason: removal.reason ?? null,
      documentType: removal.documentType,
      documentId: removal.documentId,
      userId: removal.userId,
    });
    await updateStatusAfterRemoval(trx, item, removal.removedStatus);
    costs.push(costAmount);
  }
  return costs;
}

/** Shapes stored document lines (write-off, supplier return) for the API, naming each item. */
export async function toStockLineOutputs(
  db: Executor,
  lines: readonly { item_id: number; quantity: number; cost_amount: number }[],
): Promise<StockLineOutput[]> {
  const labels = await itemLabels(db, lines.map((line) => line.item_id));
  return lines.map((line) => ({
    itemId: line.item_id,
    ...labels.get(line.item_id)!,
    quantity: line.quantity,
    costAmount: line.cost_amount,
  }));
}

export interface PageRequest {
  /** 1-based page number. */
  page: number;
  pageSize: number;
}

/**
 * Runs a filtered, ordered list query for one page, and counts all rows that match the
 * filters (the count drops the ordering, which PostgreSQL rejects next to an aggregate).
 */
export async function fetchPage<Row>(
  query: SelectQueryBuilder<Database, any, Row>,
  page: PageRequest,
): Promise<{ rows: Row[]; total: number; page: number; pageSize: number }> {
  const counted = await query
    .clearSelect()
    .clearOrderBy()
    .select((eb) => eb.fn.countAll<number>().as('total'))
    .executeTakeFirstOrThrow();
  const rows = await query
    .limit(page.pageSize)
    .offset((page.page - 1) * page.pageSize)
    .execute();
  return { rows, total: Number((counted as { total: number | string }).total), page: page.page, pageSize: page.pageSize };
}

/** Maps item ids to the names a document line shows. */
export async function itemLabels(db: Executor, itemIds: readonly number[]) {
  const ids = [...new Set(itemIds)];
  if (ids.length === 0) return new Map<number, { stockNumber: string; itemName: string; unit: Item['unit'] }>();
  const rows = await db.selectFrom('items').select(['id', 'stock_number', 'name', 'unit']).where('id', 'in', ids).execute();
  return new Map(rows.map((row) => [row.id, { stockNumber: row.stock_number, itemName: row.name, unit: row.unit }]));
}
