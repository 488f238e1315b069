import type { Executor, Tx } from '../../db/database.js';
import { nowIso } from '../../db/database.js';
import type { Item } from '../../db/schema.js';
import { businessDate } from '../../shared/time.js';
import { canActAt, visibleItemIds, type LocationScope } from '../access/scope.js';
import { findItemByStockNumber, setItemStatus } from '../items/service.js';
import { recordMovement, totalOnHand } from '../ledger/service.js';
import { enqueueAvailabilityChanges } from '../outbox/service.js';
import { nextDocumentNumber } from '../sequences/service.js';
import type { StockContext } from '../stock-lines/service.js';
import { getConsignorRow } from './consignors.js';
import { consignmentErrors } from './errors.js';
import { requireConsignmentLocation } from './receipts.js';
import type { ReturnInput, ReturnOutput } from './schemas.js';

// Returning unsold pieces to their consignor (受託品の返却). No sale is made: the pieces
// leave our stock, every channel withdraws them, and nothing is owed for them.

export const CONSIGNMENT_RETURN_DOCUMENT = 'consignment_return';
const RETURN_PREFIX = 'CB';

interface ReturnLine {
  item: Item;
  quantity: number;
}

/** Finds the item of a line by id or by the code on its tag; an item the user may not see is not found. */
async function lineItem(db: Executor, line: ReturnInput['lines'][number], index: number, scope: LocationScope): Promise<Item> {
  const value = line.itemId !== undefined ? `ID ${line.itemId}` : line.stockNumber!;
  const field = line.itemId !== undefined ? `lines.${index}.itemId` : `lines.${index}.stockNumber`;
  const item =
    line.itemId !== undefined
      ? await db.selectFrom('items').selectAll().where('id', '=', line.itemId).executeTakeFirst()
      : await findItemByStockNumber(db, line.stockNumber!);
  if (!item || !(await visibleItemIds(db, scope, [item.id])).has(item.id)) throw consignmentErrors.piece_not_found({ value }, { field });
  return item;
}

/**
 * Resolves and checks the lines: each item is a piece held for the consignor, appears
 * once, and is on hand at the location. The quantity defaults to all of it there.
 */
async function resolveLines(
  trx: Tx,
  input: ReturnInput,
  consignor: { id: number; name: string },
  location: { id: number; name: string },
  scope: LocationScope,
): Promise<ReturnLine[]> {
  const seen = new Set<number>();
  const lines: ReturnLine[] = [];
  for (const [index, line] of input.lines.entries()) {
    const item = await lineItem(trx, line, index, scope);
    const field = `lines.${index}`;
    if (seen.has(item.id)) throw consignmentErrors.duplicate_return_piece({ stockNumber: item.stock_number }, { field });
    seen.add(item.id);

    const held = await trx
      .selectFrom('consigned_items')
      .select('item_id')
      .where('item_id', '=', item.id)
      .where('consignor_id', '=', consignor.id)
      .where('status', '=', 'held')
      .executeTakeFirst();
    if (!held) throw consignmentErrors.piece_not_held({ stockNumber: item.stock_number, consignor: consignor.name }, { field });

    const balance = await trx
      .selectFrom('stock_balances')
      .select('quantity')
      .where('item_id', '=', item.id)
      .where('location_id', '=', location.id)
      .executeTakeFirst();
    const onHand = Number(balance?.quantity ?? 0);
    if (onHand === 0) throw consignmentErrors.piece_not_at_location({ stockNumber: item.stock_number, location: location.name }, { field });
    lines.push({ item, quantity: line.quantity ?? onHand });
  }
  return lines;
}

/**
 * Gives pieces back to their consignor in the caller's transaction. Each piece leaves
 * stock with a 'consignment_in_return' movement (a conditional decrement, so a piece held
 * by an order gets stock_reserved and one sold a moment earlier insufficient_stock), its
 * item becomes returned_to_consignor once none is left, and the outbox tells every channel
 * to withdraw it. No sale and no payable is made.
 */
export async function returnToConsignor(trx: Tx, input: ReturnInput, ctx: StockContext): Promise<ReturnOutput> {
  const consignor = await getConsignorRow(trx, input.consignorId, 'consignorId');
  const location = await requireConsignmentLocation(trx, input.locationId, ctx.scope);
  const lines = await resolveLines(trx, input, consignor, location, ctx.scope);
  const returnedOn = input.returnedOn ?? businessDate();

  const now = nowIso();
  const header = await trx
    .insertInto('consignment_returns')
    .values({
      number: await nextDocumentNumber(trx, RETURN_PREFIX, returnedOn),
      consignor_id: consignor.id,
      location_id: location.id,
      returned_on: returnedOn,
      note: input.note ?? null,
      created_by: ctx.userId,
      created_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();

  // Pieces are taken in item id order, so two documents taking the same pieces lock them in
  // the same order and cannot deadlock on PostgreSQL.
  for (const { item, quantity } of [...lines].sort((a, b) => a.item.id - b.item.id)) {
    await recordMovement(trx, {
      itemId: item.id,
      kind: 'consignment_in_return',
      fromLocationId: location.id,
      toLocationId: null,
      quantity,
      costAmount: 0,
      documentType: CONSIGNMENT_RETURN_DOCUMENT,
      documentId: header.id,
      userId: ctx.userId,
      occurredAt: now,
    });
    if (item.tracking === 'quantity' && (await totalOnHand(trx, item.id)) > 0) continue;

    await setItemStatus(trx, item.id, 'returned_to_consignor');
    await trx
      .updateTable('consigned_items')
      .set({ status: 'returned', returned_on: returnedOn, return_id: header.id, updated_at: now })
      .where('item_id', '=', item.id)
      .execute();
  }

  await trx
    .insertInto('consignment_return_lines')
    .values(lines.map(({ item, quantity }) => ({ return_id: header.id, item_id: item.id, quantity })))
    .execute();
  await enqueueAvailabilityChanges(
    trx,
    lines.map(({ item }) => ({ itemId: item.id, reason: 'consignment_return', documentType: CONSIGNMENT_RETURN_DOCUMENT, documentId: header.id })),
  );

  return getConsignmentReturn(trx, header.id, ctx.scope);
}

export async function getConsignmentReturn(db: Executor, id: number, scope: LocationScope): Promise<ReturnOutput> {
  const row = await db
    .selectFrom('consignment_returns')
    .innerJoin('consignors', 'consignors.id', 'consignment_returns.consignor_id')
    .innerJoin('locations', 'locations.id', 'consignment_returns.location_id')
    .selectAll('consignment_returns')
    .select(['consignors.name as consignor_name', 'locations.name as location_name'])
    .where('consignment_returns.id', '=', id)
    .executeTakeFirst();
  if (!row || !canActAt(scope, row.location_id)) throw consignmentErrors.return_not_found({ id });

  const lines = await db
    .selectFrom('consignment_return_lines')
    .innerJoin('items', 'items.id', 'consignment_return_lines.item_id')
    .select(['items.id', 'items.stock_number', 'items.name', 'consignment_return_lines.quantity'])
    .where('consignment_return_lines.return_id', '=', id)
    .orderBy('consignment_return_lines.id')
    .execute();

  return {
    id: row.id,
    number: row.number,
    consignorId: row.consignor_id,
    consignorName: row.consignor_name,
    locationId: row.location_id,
    locationName: row.location_name,
    returnedOn: row.returned_on,
    note: row.note,
    createdAt: row.created_at,
    lines: lines.map((line) => ({ itemId: line.id, stockNumber: line.stock_number, itemName: line.name, quantity: line.quantity })),
  };
}
