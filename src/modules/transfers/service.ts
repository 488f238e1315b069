import { sql } from 'kysely';
import type { Executor, Tx } from '../../db/database.js';
import { nowIso } from '../../db/database.js';
import type { Item } from '../../db/schema.js';
import { businessDate } from '../../shared/time.js';
import { recordMovement } from '../ledger/service.js';
import { transitLocationId } from '../locations/service.js';
import { nextDocumentNumber } from '../sequences/service.js';
import {
  bookCostOf,
  fetchPage,
  itemLabels,
  loadLineItems,
  requireStockLocation,
  type StockContext,
  type StockLine,
} from '../stock-lines/service.js';
import { stockLineErrors } from '../stock-lines/errors.js';
import { transferErrors } from './errors.js';
import { assertCanActAt, canActAt, scopedLocationIds, UNRESTRICTED_SCOPE, type LocationScope } from '../access/scope.js';
import { getLocation } from '../locations/service.js';
import type {
  TransferCancelInput,
  TransferInput,
  TransferListQuery,
  TransferOutput,
  TransferReceiveInput,
  TransferSummary,
} from './schemas.js';

export const TRANSFER_DOCUMENT = 'transfer';

/**
 * Sends goods from one location to another (移動). The goods move into the internal transit
 * location at once ('transfer_send'), so they are sellable at neither end until received.
 * Fails with insufficient_stock when the source does not hold a line's quantity.
 */
export async function sendTransfer(trx: Tx, input: TransferInput, ctx: StockContext): Promise<TransferOutput> {
  const from = await requireStockLocation(trx, input.fromLocationId, 'fromLocationId');
  // Sending acts on the source's stock; the destination may be any location.
  assertCanActAt(ctx.scope, from, 'fromLocationId');
  const to = await requireStockLocation(trx, input.toLocationId, 'toLocationId');
  const transitId = await transitLocationId(trx);
  const items = await loadLineItems(trx, input.lines, ctx.scope);

  const header = await trx
    .insertInto('transfers')
    .values({
      number: await nextDocumentNumber(trx, 'T', businessDate()),
      from_location_id: from.id,
      to_location_id: to.id,
      status: 'in_transit',
      note: input.note ?? null,
      sent_at: nowIso(),
      sent_by: ctx.userId,
      received_at: null,
      received_by: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();

  for (const [index, line] of input.lines.entries()) {
    const item = items[index]!;
    await recordMovement(trx, {
      itemId: item.id,
      kind: 'transfer_send',
      fromLocationId: from.id,
      toLocationId: transitId,
      quantity: line.quantity,
      costAmount: bookCostOf(item, line.quantity),
      documentType: TRANSFER_DOCUMENT,
      documentId: header.id,
      userId: ctx.userId,
    });
  }
  await trx
    .insertInto('transfer_lines')
    .values(input.lines.map((line) => ({ transfer_id: header.id, item_id: line.itemId, quantity: line.quantity, received_quantity: 0 })))
    .execute();

  return getTransfer(trx, header.id, ctx.scope);
}

/** True when the user may see the transfer: either end is one of their locations. */
function canSeeTransfer(scope: LocationScope, transfer: { from_location_id: number; to_location_id: number }): boolean {
  return canActAt(scope, transfer.from_location_id) || canActAt(scope, transfer.to_location_id);
}

/**
 * Claims a transfer that is still in transit for this transaction. The no-op UPDATE takes
 * the row lock on PostgreSQL, so a concurrent receive or cancel of the same transfer waits
 * here and then reads the new status. SQLite transactions never overlap.
 * A transfer between two locations outside the user's scope is reported as not found. The
 * user must be able to act at `actingEnd`: the destination receives, the source cancels.
 */
async function claimInTransit(trx: Tx, id: number, scope: LocationScope, actingEnd: 'from' | 'to') {
  const transfer = await trx.selectFrom('transfers').selectAll().where('id', '=', id).executeTakeFirst();
  if (!transfer || !canSeeTransfer(scope, transfer)) throw transferErrors.transfer_not_found({ id });
  const actingLocationId = actingEnd === 'from' ? transfer.from_location_id : transfer.to_location_id;
  assertCanActAt(scope, await getLocation(trx, actingLocationId));

  const claimed = await trx
    .updateTable('transfers')
    .set({ status: 'in_transit' })
    .where('id', '=', id)
    .where('status', '=', 'in_transit')
    .executeTakeFirst();
  if (Number(claimed.numUpdatedRows) !== 1) {
    const current = await trx.selectFrom('transfers').select('status').where('id', '=', id).executeTakeFirstOrThrow();
    throw transferErrors.transfer_not_in_transit({ number: transfer.number, status: current.status });
  }
  return transfer;
}

async function linesWithItems(trx: Tx, transferId: number) {
  const lines = await trx.selectFrom('transfer_lines').selectAll().where('transfer_id', '=', transferId).orderBy('id').execute();
  // Access to the transfer was checked by its caller; its lines' items sit in transit.
  const items = await loadLineItems(
    trx,
    lines.map((line) => ({ itemId: line.item_id, quantity: line.quantity })),
    UNRESTRICTED_SCOPE,
  );
  return lines.map((line, index) => ({ line, item: items[index]! }));
}

/**
 * Receives goods of an in-transit transfer at its destination ('transfer_receive'). Without
 * `input.lines` everything still outstanding is received; with them, only those quantities
 * (a part of a quantity-tracked line may arrive first). The transfer becomes received when
 * every line is complete. Receiving a received or cancelled transfer is rejected.
 */
export async function receiveTransfer(trx: Tx, id: number, input: TransferReceiveInput, ctx: StockContext): Promise<TransferOutput> {
  const transfer = await claimInTransit(trx, id, ctx.scope, 'to');
  const transitId = await transitLocationId(trx);
  const entries = await linesWithItems(trx, id);

  const requested: StockLine[] =
    input.lines ??
    entries
      .filter(({ line }) => line.received_quantity < line.quantity)
      .map(({ line }) => ({ itemId: line.item_id, quantity: line.quantity - line.received_quantity }));

  const seen = new Set<number>();
  for (const [index, request] of requested.entries()) {
    const entry = entries.find(({ line }) => line.item_id === request.itemId);
    if (!entry) {
      const stockNumber = (await itemLabels(trx, [request.itemId])).get(request.itemId)?.stockNumber ?? String(request.itemId);
      throw transferErrors.transfer_line_not_found({ number: transfer.number, stockNumber }, { field: `lines.${index}.itemId` });
    }
    if (seen.has(request.itemId)) {
      throw stockLineErrors.duplicate_line_item({ stockNumber: entry.item.stock_number }, { field: `lines.${index}.itemId` });
    }
    seen.add(request.itemId);

    await markReceived(trx, transfer.number, entry.line.id, entry.item, request.quantity, index);
    await recordMovement(trx, {
      itemId: entry.item.id,
      kind: 'transfer_receive',
      fromLocationId: transitId,
      toLocationId: transfer.to_location_id,
      quantity: request.quantity,
      costAmount: bookCostOf(entry.item, request.quantity),
      documentType: TRANSFER_DOCUMENT,
      documentId: id,
      userId: ctx.userId,
    });
  }

  const outstanding = await trx
    .selectFrom('transfer_lines')
    .select('id')
    .where('transfer_id', '=', id)
    .whereRef('received_quantity', '<', 'quantity')
    .executeTakeFirst();
  await trx
    .updateTable('transfers')
    .set({ status: outstanding ? 'in_transit' : 'received', received_at: nowIso(), received_by: ctx.userId })
    .where('id', '=', id)
    .execute();

  return getTransfer(trx, id, ctx.scope);
}

/** Adds a received quantity to a line, refusing more than is outstanding, in one conditional UPDATE. */
async function markReceived(trx: Tx, number: string, lineId: number, item: Item, quantity: number, index: number) {
  const updated = await trx
    .updateTable('transfer_lines')
    .set({ received_quantity: sql`received_quantity + ${quantity}` })
    .where('id', '=', lineId)
    .where(sql<boolean>`received_quantity + ${quantity} <= quantity`)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) === 1) return;

  const line = await trx.selectFrom('transfer_lines').selectAll().where('id', '=', lineId).executeTakeFirstOrThrow();
  throw transferErrors.transfer_receive_exceeds(
    { number, stockNumber: item.stock_number, requested: quantity, outstanding: line.quantity - line.received_quantity },
    { field: `lines.${index}.quantity` },
  );
}

/**
 * Cancels an in-transit transfer: whatever has not been received goes back from transit to
 * the source location ('transfer_cancel'), and the transfer becomes cancelled. Quantities
 * already received stay at the destination.
 */
export async function cancelTransfer(trx: Tx, id: number, input: TransferCancelInput, ctx: StockContext): Promise<TransferOutput> {
  const transfer = await claimInTransit(trx, id, ctx.scope, 'from');
  const transitId = await transitLocationId(trx);

  for (const { line, item } of await linesWithItems(trx, id)) {
    const outstanding = line.quantity - line.received_quantity;
    if (outstanding === 0) continue;
    await recordMovement(trx, {
      itemId: item.id,
      kind: 'transfer_cancel',
      fromLocationId: transitId,
      toLocationId: transfer.from_location_id,
      quantity: outstanding,
      costAmount: bookCostOf(item, outstanding),
      reason: input.reason ?? null,
      documentType: TRANSFER_DOCUMENT,
      documentId: id,
      userId: ctx.userId,
    });
  }

  await trx
    .updateTable('transfers')
    .set({ status: 'cancelled', received_at: nowIso(), received_by: ctx.userId })
    .where('id', '=', id)
    .execute();
  return getTransfer(trx, id, ctx.scope);
}

function summaryQuery(db: Executor) {
  return db
    .selectFrom('transfers')
    .innerJoin('locations as source', 'source.id', 'transfers.from_location_id')
    .innerJoin('locations as destination', 'destination.id', 'transfers.to_location_id')
    .select([
      'transfers.id',
      'transfers.number',
      'transfers.from_location_id',
      'source.name as from_location_name',
      'transfers.to_location_id',
      'destination.name as to_location_name',
      'transfers.status',
      'transfers.note',
      'transfers.sent_at',
      'transfers.sent_by',
      'transfers.received_at',
      'transfers.received_by',
    ]);
}

type SummaryRow = Awaited<ReturnType<ReturnType<typeof summaryQuery>['executeTakeFirstOrThrow']>>;

function toSummary(row: SummaryRow): TransferSummary {
  return {
    id: row.id,
    number: row.number,
    fromLocationId: row.from_location_id,
    fromLocationName: row.from_location_name,
    toLocationId: row.to_location_id,
    toLocationName: row.to_location_name,
    status: row.status,
    note: row.note,
    sentAt: row.sent_at,
    sentBy: row.sent_by,
    receivedAt: row.received_at,
    receivedBy: row.received_by,
  };
}

/** Loads a transfer with its lines; one outside the user's scope is reported as not found. */
export async function getTransfer(db: Executor, id: number, scope: LocationScope): Promise<TransferOutput> {
  const row = await summaryQuery(db).where('transfers.id', '=', id).executeTakeFirst();
  if (!row || !canSeeTransfer(scope, row)) throw transferErrors.transfer_not_found({ id });

  const lines = await db.selectFrom('transfer_lines').selectAll().where('transfer_id', '=', id).orderBy('id').execute();
  const labels = await itemLabels(db, lines.map((line) => line.item_id));
  return {
    ...toSummary(row),
    lines: lines.map((line) => ({
      itemId: line.item_id,
      ...labels.get(line.item_id)!,
      quantity: line.quantity,
      receivedQuantity: line.received_quantity,
    })),
  };
}

/**
 * Lists transfers newest first, filtered by status and by a location at either end. A user
 * limited to some locations gets only transfers from or to one of them.
 */
export async function listTransfers(db: Executor, query: TransferListQuery, scope: LocationScope) {
  let filtered = summaryQuery(db);
  if (!scope.all) {
    const own = scopedLocationIds(scope);
    filtered = filtered.where((eb) => eb.or([eb('transfers.from_location_id', 'in', own), eb('transfers.to_location_id', 'in', own)]));
  }
  if (query.status) filtered = filtered.where('transfers.status', '=', query.status);
  const locationId = query.locationId;
  if (locationId) {
    filtered = filtered.where((eb) =>
      eb.or([eb('transfers.from_location_id', '=', locationId), eb('transfers.to_location_id', '=', locationId)]),
    );
  }

  const { rows, ...page } = await fetchPage(filtered.orderBy('transfers.id', 'desc'), query);
  return { transfers: rows.map(toSummary), ...page };
}
