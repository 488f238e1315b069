import type { Executor, Tx } from '../../db/database.js';
import type { ExhibitionItemState, MovementKind } from '../../db/schema.js';
import { consignorsOfItems } from '../items/service.js';
import { SALE_DOCUMENT } from '../sales/service.js';
import type { ExhibitionLine, ReconciliationOutput } from './schemas.js';

// The reconciliation of an exhibition (what went out, was sold, came back, is missing) is
// derived from the stock ledger, not only from exhibition_items.state: sales happen on the
// counter screen and on the channels, which do not know about exhibitions.

/**
 * Document type of a channel order's sale movements (CHANNEL_SALE_DOCUMENT in
 * src/modules/channels/orders/sale.ts). Not imported, because that module pulls in the
 * consignment payables, which an exhibition has no use for.
 */
const CHANNEL_SALE_DOCUMENT = 'channel_order';

/** Movement kinds by which a piece leaves stock sold. */
const SOLD_KINDS: readonly MovementKind[] = ['sale', 'channel_sale', 'consignment_out_sale'];

export interface LastExit {
  kind: MovementKind;
  documentType: string | null;
  documentId: number | null;
}

/**
 * Derives a listed piece's state. `stored` is exhibition_items.state, which this module
 * writes at check-in, finish and resolution. `held` is true when the exhibition's location
 * has the piece on hand, and `lastExit` is the latest movement that took it from there.
 */
export function deriveState(stored: ExhibitionItemState, held: boolean, lastExit: LastExit | undefined): ExhibitionItemState {
  if (stored === 'returned' || stored === 'written_off') return stored;

  // Held again after a recorded sale means the sale was voided or the piece returned there.
  if (held) return stored === 'missing' ? 'missing' : 'out';

  if (!lastExit) return stored;
  if (SOLD_KINDS.includes(lastExit.kind)) return 'sold';
  if (lastExit.kind === 'write_off') return 'written_off';
  // Moved on by another document (a transfer): it is no longer at the exhibition.
  return 'returned';
}

interface ExhibitionRef {
  id: number;
  location_id: number;
}

async function heldItemIds(db: Executor, locationId: number, itemIds: number[]): Promise<Set<number>> {
  if (itemIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('stock_balances')
    .select('item_id')
    .where('location_id', '=', locationId)
    .where('item_id', 'in', itemIds)
    .where('quantity', '>', 0)
    .execute();
  return new Set(rows.map((row) => row.item_id));
}

/** The latest movement out of the location per item. */
async function lastExits(db: Executor, locationId: number, itemIds: number[]): Promise<Map<number, LastExit>> {
  const exits = new Map<number, LastExit>();
  if (itemIds.length === 0) return exits;
  const rows = await db
    .selectFrom('stock_movements')
    .select(['item_id', 'kind', 'document_type', 'document_id'])
    .where('from_location_id', '=', locationId)
    .where('item_id', 'in', itemIds)
    .orderBy('id', 'desc')
    .execute();
  for (const row of rows) {
    if (!exits.has(row.item_id)) exits.set(row.item_id, { kind: row.kind, documentType: row.document_type, documentId: row.document_id });
  }
  return exits;
}

/** Numbers of the sales and channel orders that sold pieces, keyed "documentType:id". */
async function soldDocumentNumbers(db: Executor, exits: Iterable<LastExit>): Promise<Map<string, string>> {
  const saleIds: number[] = [];
  const orderIds: number[] = [];
  for (const exit of exits) {
    if (exit.documentId === null) continue;
    if (exit.documentType === SALE_DOCUMENT) saleIds.push(exit.documentId);
    if (exit.documentType === CHANNEL_SALE_DOCUMENT) orderIds.push(exit.documentId);
  }

  const numbers = new Map<string, string>();
  if (saleIds.length > 0) {
    const sales = await db.selectFrom('sales').select(['id', 'number']).where('id', 'in', saleIds).execute();
    for (const sale of sales) numbers.set(`${SALE_DOCUMENT}:${sale.id}`, sale.number);
  }
  if (orderIds.length > 0) {
    const orders = await db.selectFrom('channel_orders').select(['id', 'order_number']).where('id', 'in', orderIds).execute();
    for (const order of orders) numbers.set(`${CHANNEL_SALE_DOCUMENT}:${order.id}`, order.order_number);
  }
  return numbers;
}

/** The carry-out list of an exhibition in scan order, each piece with its derived state. */
export async function loadExhibitionLines(db: Executor, exhibition: ExhibitionRef, onlyItemId?: number): Promise<ExhibitionLine[]> {
  let query = db
    .selectFrom('exhibition_items')
    .innerJoin('items', 'items.id', 'exhibition_items.item_id')
    .innerJoin('locations as from_location', 'from_location.id', 'exhibition_items.from_location_id')
    .leftJoin('locations as returned_to', 'returned_to.id', 'exhibition_items.returned_to_location_id')
    .select([
      'exhibition_items.item_id',
      'exhibition_items.state',
      'exhibition_items.from_location_id',
      'exhibition_items.keep_listed',
      'exhibition_items.carried_out_at',
      'exhibition_items.checked_in_at',
      'exhibition_items.resolution_note',
      'items.stock_number',
      'items.name',
      'items.retail_price',
      'items.cost',
      'from_location.name as from_location_name',
      'returned_to.name as returned_to_name',
    ])
    .where('exhibition_items.exhibition_id', '=', exhibition.id);
  if (onlyItemId !== undefined) query = query.where('exhibition_items.item_id', '=', onlyItemId);
  const rows = await query.orderBy('exhibition_items.id').execute();

  const itemIds = rows.map((row) => row.item_id);
  const held = await heldItemIds(db, exhibition.location_id, itemIds);
  const exits = await lastExits(db, exhibition.location_id, itemIds);
  const numbers = await soldDocumentNumbers(db, exits.values());
  const consignors = await consignorsOfItems(db, itemIds);

  return rows.map((row) => {
    const exit = exits.get(row.item_id);
    const state = deriveState(row.state, held.has(row.item_id), exit);
    const number = exit && exit.documentId !== null ? numbers.get(`${exit.documentType}:${exit.documentId}`) : undefined;
    return {
      itemId: row.item_id,
      stockNumber: row.stock_number,
      itemName: row.name,
      retailPrice: row.retail_price,
      cost: row.cost,
      state,
      fromLocationId: row.from_location_id,
      fromLocationName: row.from_location_name,
      keepListed: row.keep_listed === 1,
      carriedOutAt: row.carried_out_at,
      checkedInAt: row.checked_in_at,
      returnedToLocationName: row.returned_to_name,
      soldBy:
        state === 'sold' && exit && number !== undefined
          ? { documentType: exit.documentType!, documentId: exit.documentId!, number }
          : null,
      resolutionNote: row.resolution_note,
      consignor: consignors.get(row.item_id) ?? null,
    };
  });
}

/** Counts and sums the lines per state and in all. */
export function totalsByState(lines: readonly ExhibitionLine[]): ReconciliationOutput['totals'] {
  const empty = () => ({ count: 0, retailTotal: 0, totalCost: 0 });
  const totals: ReconciliationOutput['totals'] = { out: empty(), sold: empty(), returned: empty(), missing: empty(), written_off: empty(), all: empty() };
  for (const line of lines) {
    for (const bucket of [totals[line.state], totals.all]) {
      bucket.count += 1;
      bucket.retailTotal += line.retailPrice;
      bucket.totalCost += line.cost;
    }
  }
  return totals;
}

/** Unresolved offline counter sales at the location's registers that conflicted on sync. */
export async function countOpenOfflineConflicts(db: Executor, locationId: number): Promise<number> {
  const row = await db
    .selectFrom('offline_sales')
    .innerJoin('registers', 'registers.id', 'offline_sales.register_id')
    .select((eb) => eb.fn.countAll<number>().as('total'))
    .where('registers.location_id', '=', locationId)
    .where('offline_sales.outcome', '=', 'conflict')
    .where('offline_sales.resolved_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.total);
}

/**
 * Stores the derived 'sold' state on the listed pieces that left by a sale, so the stored
 * list matches the ledger once check-in is finished or the exhibition is closed.
 */
export async function storeSoldStates(trx: Tx, exhibitionId: number, lines: readonly ExhibitionLine[]): Promise<void> {
  const soldIds = lines.filter((line) => line.state === 'sold').map((line) => line.itemId);
  if (soldIds.length === 0) return;
  await trx
    .updateTable('exhibition_items')
    .set({ state: 'sold' })
    .where('exhibition_id', '=', exhibitionId)
    .where('item_id', 'in', soldIds)
    .where('state', 'in', ['out', 'missing'])
    .execute();
}
