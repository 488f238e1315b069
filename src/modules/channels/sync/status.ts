import { sql } from 'kysely';
import type { Executor } from '../../../db/database.js';
import type { ListingState } from '../../../db/schema.js';
import { channelLanes } from '../../outbox/service.js';

// The sync status screen's figures: per account, whether it is paused and why, the work
// waiting in its lane and how old the oldest is, the last success, listings per state, and
// the latest corrections drift reconciliation made.

const STATES: ListingState[] = ['draft', 'publishing', 'live', 'withdrawing', 'withdrawn', 'error'];

export async function syncStatus(db: Executor) {
  const accounts = await db
    .selectFrom('channel_accounts')
    .leftJoin('channel_sync_state', 'channel_sync_state.channel_account_id', 'channel_accounts.id')
    .select([
      'channel_accounts.id',
      'channel_accounts.name',
      'channel_accounts.kind',
      'channel_accounts.status',
      'channel_accounts.paused_reason',
      'channel_accounts.paused_by',
      'channel_accounts.failure_count',
      'channel_accounts.last_error',
      'channel_sync_state.last_success_at',
      'channel_sync_state.last_order_poll_at',
      'channel_sync_state.last_reconcile_at',
    ])
    .orderBy('channel_accounts.kind')
    .orderBy('channel_accounts.name')
    .execute();

  const pending = await db
    .selectFrom('outbox_events')
    .select(['lane', sql<number>`count(*)`.as('n'), sql<string>`min(created_at)`.as('oldest')])
    .where('processed_at', 'is', null)
    .where('lane', 'is not', null)
    .groupBy('lane')
    .execute();
  const listingCounts = await db
    .selectFrom('channel_listings')
    .select(['channel_account_id', 'state', sql<number>`count(*)`.as('n')])
    .groupBy(['channel_account_id', 'state'])
    .execute();
  const corrections = await db
    .selectFrom('channel_stock_corrections')
    .innerJoin('channel_accounts', 'channel_accounts.id', 'channel_stock_corrections.channel_account_id')
    .innerJoin('items', 'items.id', 'channel_stock_corrections.item_id')
    .select(['channel_stock_corrections.at', 'channel_accounts.name', 'items.stock_number', 'channel_stock_corrections.external_code', 'channel_stock_corrections.channel_quantity', 'channel_stock_corrections.expected_quantity'])
    .orderBy('channel_stock_corrections.id', 'desc')
    .limit(50)
    .execute();

  return {
    accounts: accounts.map((account) => {
      const accountLanes = channelLanes(account.id);
      const lanes = pending.filter((row) => row.lane !== null && accountLanes.includes(row.lane));
      const waiting = lanes.length === 0 ? undefined : { n: lanes.reduce((sum, row) => sum + Number(row.n), 0), oldest: lanes.map((row) => row.oldest).sort()[0] };
      const listings = Object.fromEntries(STATES.map((state) => [state, 0])) as Record<ListingState, number>;
      for (const row of listingCounts) if (row.channel_account_id === account.id) listings[row.state] = Number(row.n);
      return {
        id: account.id,
        name: account.name,
        kind: account.kind,
        status: account.status,
        pausedReason: account.paused_reason,
        pausedBy: account.paused_by,
        failureCount: account.failure_count,
        lastError: account.last_error,
        pendingEvents: Number(waiting?.n ?? 0),
        oldestPendingAt: waiting?.oldest ?? null,
        lastSuccessAt: account.last_success_at ?? null,
        lastOrderPollAt: account.last_order_poll_at ?? null,
        lastReconcileAt: account.last_reconcile_at ?? null,
        listings,
      };
    }),
    corrections: corrections.map((row) => ({
      at: row.at,
      channelAccountName: row.name,
      stockNumber: row.stock_number,
      externalCode: row.external_code,
      channelQuantity: row.channel_quantity,
      expectedQuantity: row.expected_quantity,
    })),
  };
}
