import { sql } from 'kysely';
import type { Tx } from '../../db/database.js';
import { nowIso } from '../../db/database.js';
import { recordReservedRemoval, type MovementInput } from '../ledger/service.js';
import { enqueueAvailabilityChanges } from '../outbox/service.js';
import { reservationErrors } from './errors.js';

// Reservations (引当) hold stock for an order before it is sold. The hold is a counter on
// the balance row (stock_balances.reserved_quantity) plus a row naming the holder. Every
// decrement of stock takes only quantity - reserved_quantity, so a held piece cannot be
// sold at a counter, moved or written off while the hold lasts.

export interface ReservationInput {
  itemId: number;
  /** Location to hold the stock at; left out, any location with enough unreserved stock. */
  locationId?: number;
  /** Positive, in the item's unit. */
  quantity: number;
  /** Holder type of the reservation, e.g. "channel_order", and its reference there (an order number). */
  holderType: string;
  holderRef: string;
  userId: number | null;
}

export interface Reservation {
  id: number;
  itemId: number;
  locationId: number;
  quantity: number;
  holderType: string;
  holderRef: string;
}

/**
 * Holds stock for an order in the caller's transaction. The hold is one conditional UPDATE
 * (unreserved quantity >= requested), so of two concurrent holds or a hold and a sale of
 * the same piece exactly one succeeds; the other gets nothing_to_reserve. Writes an
 * availability event to the outbox, because the piece is no longer sellable elsewhere.
 */
export async function reserveStock(trx: Tx, input: ReservationInput): Promise<Reservation> {
  if (!Number.isInteger(input.quantity) || input.quantity <= 0) {
    throw new RangeError(`reservation quantity must be a positive integer, got ${input.quantity}`);
  }
  const now = nowIso();

  const candidate =
    input.locationId ??
    (
      await trx
        .selectFrom('stock_balances')
        .select('location_id')
        .where('item_id', '=', input.itemId)
        .where(sql<number>`quantity - reserved_quantity`, '>=', input.quantity)
        .orderBy('location_id')
        .executeTakeFirst()
    )?.location_id;
  const held =
    candidate === undefined
      ? undefined
      : await trx
          .updateTable('stock_balances')
          .set({ reserved_quantity: sql`reserved_quantity + ${input.quantity}`, updated_at: now })
          .where('item_id', '=', input.itemId)
          .where('location_id', '=', candidate)
          .where(sql<number>`quantity - reserved_quantity`, '>=', input.quantity)
          .returning('location_id')
          .executeTakeFirst();
  if (!held) {
    const item = await trx.selectFrom('items').select('stock_number').where('id', '=', input.itemId).executeTakeFirst();
    throw reservationErrors.nothing_to_reserve({ stockNumber: item?.stock_number ?? String(input.itemId), requested: input.quantity });
  }

  const row = await trx
    .insertInto('stock_reservations')
    .values({
      item_id: input.itemId,
      location_id: held.location_id,
      quantity: input.quantity,
      holder_type: input.holderType,
      holder_ref: input.holderRef,
      status: 'active',
      created_by: input.userId,
      created_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await enqueueAvailabilityChanges(trx, [{ itemId: input.itemId, reason: 'reservation', documentType: 'reservation', documentId: row.id }]);

  return { id: row.id, itemId: input.itemId, locationId: held.location_id, quantity: input.quantity, holderType: input.holderType, holderRef: input.holderRef };
}

/**
 * Ends a hold without selling (order cancelled), returning the quantity to sellable stock.
 * Throws reservation_not_active when it was already released or consumed.
 */
export async function releaseReservation(trx: Tx, reservationId: number): Promise<void> {
  const now = nowIso();
  const ended = await trx
    .updateTable('stock_reservations')
    .set({ status: 'released', ended_at: now })
    .where('id', '=', reservationId)
    .where('status', '=', 'active')
    .returning(['item_id', 'location_id', 'quantity'])
    .executeTakeFirst();
  if (!ended) throw reservationErrors.reservation_not_active({ id: reservationId });

  await trx
    .updateTable('stock_balances')
    .set({ reserved_quantity: sql`reserved_quantity - ${ended.quantity}`, updated_at: now })
    .where('item_id', '=', ended.item_id)
    .where('location_id', '=', ended.location_id)
    .execute();
  await enqueueAvailabilityChanges(trx, [{ itemId: ended.item_id, reason: 'reservation_released', documentType: 'reservation', documentId: reservationId }]);
}

/**
 * Ends a hold by selling what it held (an order ships), in the caller's transaction: the
 * reservation becomes consumed and the ledger records the movement out of the held location.
 * No availability event: the piece was already unsellable while held. Throws
 * reservation_not_active when it was released or consumed before.
 */
export async function consumeReservation(
  trx: Tx,
  reservationId: number,
  movement: Pick<MovementInput, 'kind' | 'costAmount' | 'documentType' | 'documentId' | 'userId' | 'occurredAt' | 'reason'>,
): Promise<{ itemId: number; locationId: number; quantity: number; movementId: number }> {
  const ended = await trx
    .updateTable('stock_reservations')
    .set({ status: 'consumed', ended_at: nowIso() })
    .where('id', '=', reservationId)
    .where('status', '=', 'active')
    .returning(['item_id', 'location_id', 'quantity'])
    .executeTakeFirst();
  if (!ended) throw reservationErrors.reservation_not_active({ id: reservationId });

  const movementId = await recordReservedRemoval(trx, {
    ...movement,
    itemId: ended.item_id,
    fromLocationId: ended.location_id,
    toLocationId: null,
    quantity: ended.quantity,
  });
  return { itemId: ended.item_id, locationId: ended.location_id, quantity: ended.quantity, movementId };
}
