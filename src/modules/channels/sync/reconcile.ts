import { sql } from 'kysely';
import type { Logger } from 'pino';
import type { Db } from '../../../db/database.js';
import { nowIso } from '../../../db/database.js';
import { channelLane, enqueueEvents } from '../../outbox/service.js';
import type { ChannelAdapter } from '../adapter.js';
import { LISTING_PUBLISH } from '../listings/service.js';
import { sellableSubquery } from '../listings/availability.js';
import { ensureSyncState } from '../orders/poll.js';

// Drift reconciliation: reads what a channel shows for every settled listing of an account
// and corrects the channel where it differs from tsunagu's ledger. A live listing should
// show the piece's sellable quantity, a withdrawn one 0. Listings with channel work still
// queued are left alone, since that work is about to change them anyway. Every correction
// is kept in channel_stock_corrections for the sync status screen.

const READ_BATCH = 1000;

export interface ReconcileResult {
  checked: number;
  corrected: number;
  /** Live listings missing on the channel, published again in full. */
  republished: number;
}

export async function reconcileAccount(
  db: Db,
  adapter: ChannelAdapter,
  channelAccountId: number,
  logger: Pick<Logger, 'info' | 'warn'>,
): Promise<ReconcileResult> {
  const rows = await db
    .selectFrom('channel_listings')
    .select([
      'channel_listings.id',
      'channel_listings.item_id',
      'channel_listings.state',
      'channel_listings.external_code',
      sellableSubquery('channel_listings.item_id').as('sellable'),
    ])
    .where('channel_account_id', '=', channelAccountId)
    .where('state', 'in', ['live', 'withdrawn'])
    .where('published_at', 'is not', null)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('outbox_events')
            .select('outbox_events.id')
            .where('outbox_events.processed_at', 'is', null)
            .where('outbox_events.aggregate_type', '=', 'listing')
            .whereRef('outbox_events.aggregate_id', '=', sql<string>`cast(channel_listings.id as text)`),
        ),
      ),
    )
    .orderBy('channel_listings.id')
    .execute();

  const result: ReconcileResult = { checked: 0, corrected: 0, republished: 0 };
  for (let start = 0; start < rows.length; start += READ_BATCH) {
    const part = rows.slice(start, start + READ_BATCH);
    const shown = await adapter.readStock(part.map((row) => row.external_code));
    result.checked += part.length;

    const wrong = part
      .map((row) => ({ row, expected: row.state === 'live' ? Math.max(0, Number(row.sellable)) : 0, actual: shown.get(row.external_code) }))
      .filter(({ expected, actual }) => actual !== expected);
    // A withdrawn listing the channel no longer has is as good as withdrawn.
    const missingLive = wrong.filter(({ row, actual }) => actual === undefined && row.state === 'live');
    const toSet = wrong.filter(({ actual }) => actual !== undefined);

    if (toSet.length > 0) {
      const outcome = await adapter.setStock(toSet.map(({ row, expected }) => ({ externalCode: row.external_code, quantity: expected })));
      const done = new Set(outcome.done);
      const corrected = toSet.filter(({ row }) => done.has(row.external_code));
      if (corrected.length > 0) {
        const at = nowIso();
        await db
          .insertInto('channel_stock_corrections')
          .values(corrected.map(({ row, expected, actual }) => ({ channel_account_id: channelAccountId, item_id: row.item_id, external_code: row.external_code, channel_quantity: actual ?? null, expected_quantity: expected, at })))
          .execute();
        for (const { row, expected, actual } of corrected) {
          logger.warn({ channelAccountId, externalCode: row.external_code, channelQuantity: actual, expectedQuantity: expected }, 'channel stock corrected');
        }
      }
      result.corrected += corrected.length;
    }

    for (const { row } of missingLive) {
      await db.transaction().execute(async (trx) => {
        const moved = await trx
          .updateTable('channel_listings')
          .set({ state: 'publishing', published_at: null, updated_at: nowIso() })
          .where('id', '=', row.id)
          .where('state', '=', 'live')
          .executeTakeFirst();
        if (Number(moved.numUpdatedRows) !== 1) return;
        await trx
          .insertInto('channel_stock_corrections')
          .values({ channel_account_id: channelAccountId, item_id: row.item_id, external_code: row.external_code, channel_quantity: null, expected_quantity: Math.max(0, Number(row.sellable)), at: nowIso() })
          .execute();
        await enqueueEvents(trx, [
          { topic: LISTING_PUBLISH, lane: channelLane(channelAccountId), aggregateType: 'listing', aggregateId: row.id, payload: { listingId: row.id, itemId: row.item_id, channelAccountId, reason: 'reconcile' } },
        ]);
      });
      result.republished += 1;
      logger.warn({ channelAccountId, externalCode: row.external_code }, 'live listing missing on the channel; publishing it again');
    }
  }

  await ensureSyncState(db, channelAccountId);
  await db.updateTable('channel_sync_state').set({ last_reconcile_at: nowIso() }).where('channel_account_id', '=', channelAccountId).execute();
  if (result.corrected + result.republished > 0) logger.info({ channelAccountId, ...result }, 'channel stock reconciled');
  return result;
}
