import { sql } from 'kysely';
import type { Db, Executor } from '../../../db/database.js';
import { nowIso } from '../../../db/database.js';
import { channelLane, enqueueEvents } from '../../outbox/service.js';
import type { ClaimedEvent } from '../../outbox/claims.js';
import { LISTING_PUBLISH, LISTING_WITHDRAW } from './service.js';

// Concurrent selling (併売): when a piece's sellable quantity changes anywhere, its listings
// follow. With nothing left to sell, every live or publishing listing is withdrawn (marked
// withdrawn_by 'stock'). When stock comes back (a void, a return, a cancelled order), the
// listings withdrawn for lack of stock are published again. Listings withdrawn by hand stay
// withdrawn.

/** Locations whose stock the channels do not sell unless the piece is kept listed deliberately. */
export const AWAY_LOCATION_KINDS = ['exhibition', 'partner'] as const;

/**
 * Correlated subquery: the unreserved quantity of the item in `itemIdColumn` that the channels
 * may sell. Stock carried to an exhibition or placed with a consignee is on display elsewhere
 * and can go at any moment, so it counts only when the piece was kept listed on purpose
 * (items.keep_listed_away). Every place that sends quantities to a channel uses this.
 */
export function sellableSubquery(itemIdColumn: string) {
  return sql<number>`(select coalesce(sum(b.quantity - b.reserved_quantity), 0) from stock_balances b
    join locations l on l.id = b.location_id
    join items i on i.id = b.item_id
    where b.item_id = ${sql.ref(itemIdColumn)}
      and (l.kind not in (${sql.join(AWAY_LOCATION_KINDS.map((kind) => sql.lit(kind)))}) or i.keep_listed_away = 1))`;
}

/** Channel-sellable quantity of one item (see sellableSubquery). */
export async function sellableQuantity(db: Executor, itemId: number): Promise<number> {
  const row = await db.selectFrom('items').select(sellableSubquery('items.id').as('sellable')).where('items.id', '=', itemId).executeTakeFirst();
  return Number(row?.sellable ?? 0);
}

/**
 * Outbox handler of item.availability_changed. It reads the balance now, not the quantity
 * at the time of the event, so a late or repeated event moves listings to the right state
 * and does nothing the second time. Each listing move is a conditional UPDATE on its
 * current state plus an outbox event for the channel call, in one transaction.
 */
export async function syncListingsWithStock(db: Db, event: Pick<ClaimedEvent, 'payload'>): Promise<{ withdrawn: number[]; republished: number[] }> {
  const itemId = Number(event.payload.itemId);
  return db.transaction().execute(async (trx) => {
    const sellable = await sellableQuantity(trx, itemId);
    const now = nowIso();

    const moved =
      sellable <= 0
        ? await trx
            .updateTable('channel_listings')
            .set({ state: 'withdrawing', withdrawn_by: 'stock', updated_at: now })
            .where('item_id', '=', itemId)
            .where('state', 'in', ['live', 'publishing'])
            .returning(['id', 'channel_account_id'])
            .execute()
        : await trx
            .updateTable('channel_listings')
            .set({ state: 'publishing', withdrawn_by: null, updated_at: now })
            .where('item_id', '=', itemId)
            .where('withdrawn_by', '=', 'stock')
            .where('state', 'in', ['withdrawing', 'withdrawn'])
            .returning(['id', 'channel_account_id'])
            .execute();

    const topic = sellable <= 0 ? LISTING_WITHDRAW : LISTING_PUBLISH;
    await enqueueEvents(
      trx,
      moved.map((listing) => ({
        topic,
        lane: channelLane(listing.channel_account_id),
        aggregateType: 'listing',
        aggregateId: listing.id,
        payload: { listingId: listing.id, itemId, channelAccountId: listing.channel_account_id, reason: 'stock' },
      })),
    );
    const ids = moved.map((listing) => listing.id).sort((a, b) => a - b);
    return sellable <= 0 ? { withdrawn: ids, republished: [] } : { withdrawn: [], republished: ids };
  });
}
