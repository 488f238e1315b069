import type { Executor, Tx } from '../../db/database.js';
import { assertCanActAt } from '../access/scope.js';
import { nowIso } from '../../db/database.js';
import type { Item, Location } from '../../db/schema.js';
import { businessDate } from '../../shared/time.js';
import type { ItemAttributes } from '../items/schemas.js';
import { createItem, getVisibleItem, setItemStatus } from '../items/service.js';
import { ledgerErrors } from '../ledger/errors.js';
import { recordMovement } from '../ledger/service.js';
import { nextDocumentNumber } from '../sequences/service.js';
import { bookCostOf, loadLineItems, removeLinesAtBookCost, requireStockLocation, type StockContext, type StockLine } from '../stock-lines/service.js';
import { allocateByRatio, sumAmounts } from '../../shared/allocation.js';
import { splitCombineErrors } from './errors.js';
import type { CombineInput, SplitInput, StockOperationOutput } from './schemas.js';

export const STOCK_OPERATION_DOCUMENT = 'stock_operation';

/** Returns the quantity of an item at a location, 0 when there is none. */
async function quantityAtLocation(trx: Tx, itemId: number, locationId: number): Promise<number> {
  const row = await trx
    .selectFrom('stock_balances')
    .select('quantity')
    .where('item_id', '=', itemId)
    .where('location_id', '=', locationId)
    .executeTakeFirst();
  return Number(row?.quantity ?? 0);
}

/** Splits the lot's book cost over the children: by ratio (largest remainder) or as entered. */
function allocateLotCost(input: SplitInput, lot: Item, lotCost: number): number[] {
  if (input.allocation === 'ratio') return allocateByRatio(lotCost, input.children.map((child) => child.ratio!));

  const amounts = input.children.map((child) => child.cost!);
  const total = sumAmounts(amounts);
  if (total !== lotCost) {
    throw splitCombineErrors.split_amounts_mismatch({ stockNumber: lot.stock_number, lotCost, total }, { field: 'children' });
  }
  return amounts;
}

async function insertOperation(
  trx: Tx,
  kind: 'split' | 'combine',
  location: Location,
  allocationMethod: 'ratio' | 'amount' | 'sum',
  note: string | null | undefined,
  ctx: StockContext,
): Promise<number> {
  const row = await trx
    .insertInto('stock_operations')
    .values({
      number: await nextDocumentNumber(trx, kind === 'split' ? 'SP' : 'CB', businessDate()),
      kind,
      location_id: location.id,
      allocation_method: allocationMethod,
      note: note ?? null,
      created_by: ctx.userId,
      created_at: nowIso(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

interface ProducedPiece {
  attributes: ItemAttributes;
  cost: number;
  kind: 'split_produce' | 'combine_produce';
}

/** Creates one new piece at its cost, receives it at the location and makes it in_stock. */
async function producePiece(trx: Tx, operationId: number, location: Location, piece: ProducedPiece, ctx: StockContext): Promise<Item> {
  const item = await createItem(trx, { ...piece.attributes, cost: piece.cost }, { userId: ctx.userId });
  await recordMovement(trx, {
    itemId: item.id,
    kind: piece.kind,
    fromLocationId: null,
    toLocationId: location.id,
    quantity: 1,
    costAmount: piece.cost,
    documentType: STOCK_OPERATION_DOCUMENT,
    documentId: operationId,
    userId: ctx.userId,
  });
  return setItemStatus(trx, item.id, 'in_stock');
}

/**
 * Splits a lot (a parcel of stones, a set) at a location into new pieces (分割). The lot's
 * whole quantity there is consumed at book cost ('split_consume') and each child is created
 * and received ('split_produce') at its share of that cost. The shares add up to the lot's
 * book cost exactly: by ratio with the largest-remainder method, or as entered, when they
 * must sum to it (split_amounts_mismatch otherwise). Lineage rows link the lot to each
 * child; a unique lot, or a quantity lot with nothing left anywhere, becomes consumed.
 */
export async function splitItem(trx: Tx, input: SplitInput, ctx: StockContext): Promise<StockOperationOutput> {
  const location = await requireStockLocation(trx, input.locationId);
  assertCanActAt(ctx.scope, location, 'locationId');
  const lot = await getVisibleItem(trx, input.itemId, ctx.scope);
  const quantity = await quantityAtLocation(trx, lot.id, location.id);
  if (quantity === 0) {
    throw ledgerErrors.insufficient_stock({ stockNumber: lot.stock_number, location: location.name, requested: 1, available: 0 });
  }
  const lotCost = bookCostOf(lot, quantity);
  const allocated = allocateLotCost(input, lot, lotCost);

  const operationId = await insertOperation(trx, 'split', location, input.allocation, input.note, ctx);
  await removeLinesAtBookCost(trx, [{ itemId: lot.id, quantity }], [lot], {
    locationId: location.id,
    kind: 'split_consume',
    documentType: STOCK_OPERATION_DOCUMENT,
    documentId: operationId,
    userId: ctx.userId,
    removedStatus: 'consumed',
  });

  for (const [index, child] of input.children.entries()) {
    const attributes = { ...child.attributes, supplierId: child.attributes.supplierId ?? lot.supplier_id };
    const piece = await producePiece(trx, operationId, location, { attributes, cost: allocated[index]!, kind: 'split_produce' }, ctx);
    await trx
      .insertInto('item_lineage')
      .values({ operation_id: operationId, parent_item_id: lot.id, child_item_id: piece.id, allocated_cost: allocated[index]! })
      .execute();
  }

  return getStockOperation(trx, operationId);
}

/**
 * Combines components at a location into one new piece (結合), e.g. a stone and a mounting.
 * Each component leaves stock at book cost ('combine_consume') and becomes consumed (a
 * quantity component only once none is left anywhere). The new piece is received
 * ('combine_produce') with the sum of those costs, and lineage rows link every component to it.
 */
export async function combineItems(trx: Tx, input: CombineInput, ctx: StockContext): Promise<StockOperationOutput> {
  const location = await requireStockLocation(trx, input.locationId);
  assertCanActAt(ctx.scope, location, 'locationId');
  const components: StockLine[] = input.components ?? input.itemIds!.map((itemId) => ({ itemId, quantity: 1 }));
  const items = await loadLineItems(trx, components, ctx.scope, input.components ? 'components' : 'itemIds');

  const operationId = await insertOperation(trx, 'combine', location, 'sum', input.note, ctx);
  const costs = await removeLinesAtBookCost(trx, components, items, {
    locationId: location.id,
    kind: 'combine_consume',
    documentType: STOCK_OPERATION_DOCUMENT,
    documentId: operationId,
    userId: ctx.userId,
    removedStatus: 'consumed',
  });

  const piece = await producePiece(trx, operationId, location, { attributes: input.attributes, cost: sumAmounts(costs), kind: 'combine_produce' }, ctx);
  await trx
    .insertInto('item_lineage')
    .values(items.map((item, index) => ({ operation_id: operationId, parent_item_id: item.id, child_item_id: piece.id, allocated_cost: costs[index]! })))
    .execute();

  return getStockOperation(trx, operationId);
}

/** Loads a split or combine with what it consumed and produced, read back from its ledger movements. */
export async function getStockOperation(db: Executor, id: number): Promise<StockOperationOutput> {
  const operation = await db
    .selectFrom('stock_operations')
    .innerJoin('locations', 'locations.id', 'stock_operations.location_id')
    .selectAll('stock_operations')
    .select('locations.name as location_name')
    .where('stock_operations.id', '=', id)
    .executeTakeFirstOrThrow();

  const movements = await db
    .selectFrom('stock_movements')
    .innerJoin('items', 'items.id', 'stock_movements.item_id')
    .select(['stock_movements.kind', 'items.id', 'items.stock_number', 'items.name', 'items.unit', 'stock_movements.quantity', 'stock_movements.cost_amount'])
    .where('stock_movements.document_type', '=', STOCK_OPERATION_DOCUMENT)
    .where('stock_movements.document_id', '=', id)
    .orderBy('stock_movements.id')
    .execute();
  const toLine = (row: (typeof movements)[number]) => ({
    itemId: row.id,
    stockNumber: row.stock_number,
    itemName: row.name,
    unit: row.unit,
    quantity: row.quantity,
    costAmount: row.cost_amount,
  });

  return {
    id: operation.id,
    number: operation.number,
    kind: operation.kind,
    locationId: operation.location_id,
    locationName: operation.location_name,
    allocationMethod: operation.allocation_method as StockOperationOutput['allocationMethod'],
    note: operation.note,
    createdBy: operation.created_by,
    createdAt: operation.created_at,
    consumed: movements.filter((row) => row.kind.endsWith('_consume')).map(toLine),
    produced: movements.filter((row) => row.kind.endsWith('_produce')).map(toLine),
  };
}
