import type { Logger } from 'pino';
import type { Db } from '../../../db/database.js';
import { nowIso } from '../../../db/database.js';
import type { ChannelAdapter } from '../adapter.js';
import { importChannelOrder, type ImportOutcome } from './intake.js';

// Polling a channel for new and changed orders. Each poll covers the time from where the
// last one ended (less an overlap, because channels index changes a little late) up to now;
// the adapter splits windows the channel caps (Rakuten: 63 days) and pages through results.
// Only one process polls an account at a time: the poll takes a lease on the account's
// channel_sync_state row.

/** Time re-read at the start of each window (2 minutes), for orders the channel indexed late. */
const OVERLAP_MS = 2 * 60_000;
/** How far back the first poll of an account looks. */
const FIRST_POLL_LOOKBACK_MS = 24 * 60 * 60_000;
/** Orders fetched per detail call. */
const DETAIL_BATCH = 100;
const LEASE_MS = 120_000;
/** Open orders re-read per refresh, newest first, and how far back they may be. */
const OPEN_ORDER_REFRESH_LIMIT = 200;
const OPEN_ORDER_REFRESH_DAYS = 60;

export interface PollOptions {
  /**
   * Also re-reads the account's open orders (not cancelled or shipped) that the window did
   * not cover. Channels whose order search filters by order time only (Yahoo's orderList)
   * report a later change to an older order, such as a cancellation, no other way.
   */
  refreshOpenOrders?: boolean;
}

export interface PollResult {
  imported: number;
  updated: number;
  unchanged: number;
  /** False when another process holds the poll lease. */
  ran: boolean;
}

export async function ensureSyncState(db: Db, channelAccountId: number): Promise<void> {
  const existing = await db.selectFrom('channel_sync_state').select('channel_account_id').where('channel_account_id', '=', channelAccountId).executeTakeFirst();
  if (existing) return;
  await db
    .insertInto('channel_sync_state')
    .values({ channel_account_id: channelAccountId, orders_polled_until: null, last_order_poll_at: null, last_success_at: null, last_reconcile_at: null, poll_locked_by: null, poll_locked_until: null, lane_locked_by: null, lane_locked_until: null })
    .onConflict((oc) => oc.column('channel_account_id').doNothing())
    .execute();
}

async function takeLease(db: Db, channelAccountId: number, workerId: string): Promise<boolean> {
  await ensureSyncState(db, channelAccountId);
  const now = new Date();
  const taken = await db
    .updateTable('channel_sync_state')
    .set({ poll_locked_by: workerId, poll_locked_until: new Date(now.getTime() + LEASE_MS).toISOString() })
    .where('channel_account_id', '=', channelAccountId)
    .where((eb) => eb.or([eb('poll_locked_until', 'is', null), eb('poll_locked_until', '<', now.toISOString()), eb('poll_locked_by', '=', workerId)]))
    .executeTakeFirst();
  return Number(taken.numUpdatedRows) === 1;
}

async function releaseLease(db: Db, channelAccountId: number, workerId: string, polledUntil: string | null): Promise<void> {
  const now = nowIso();
  await db
    .updateTable('channel_sync_state')
    .set({
      poll_locked_by: null,
      poll_locked_until: null,
      last_order_poll_at: now,
      ...(polledUntil ? { orders_polled_until: polledUntil, last_success_at: now } : {}),
    })
    .where('channel_account_id', '=', channelAccountId)
    .where('poll_locked_by', '=', workerId)
    .execute();
}

/**
 * Imports one account's new and changed orders. Each order is imported in its own
 * transaction, so one bad order does not hold up the rest and nothing is half-imported. The
 * account's watermark moves only when the whole window was read. Throws the channel's error
 * when listing or fetching fails (the next poll covers the same window again).
 */
export async function pollOrders(
  db: Db,
  adapter: ChannelAdapter,
  channelAccountId: number,
  workerId: string,
  logger: Pick<Logger, 'info' | 'warn'>,
  now: Date = new Date(),
  options: PollOptions = {},
): Promise<PollResult> {
  const result: PollResult = { imported: 0, updated: 0, unchanged: 0, ran: false };
  if (!(await takeLease(db, channelAccountId, workerId))) return result;
  result.ran = true;

  let completed = false;
  try {
    const state = await db.selectFrom('channel_sync_state').select('orders_polled_until').where('channel_account_id', '=', channelAccountId).executeTakeFirstOrThrow();
    const from = state.orders_polled_until ? new Date(Date.parse(state.orders_polled_until) - OVERLAP_MS) : new Date(now.getTime() - FIRST_POLL_LOOKBACK_MS);

    // Orders read in this poll, so the open-order refresh does not read them a second time.
    const fetched = new Set<string>();
    const importAll = async (listed: readonly string[], reread: boolean) => {
      const orderNumbers = reread ? listed : await numbersToFetch(db, adapter.kind, channelAccountId, listed);
      for (const number of orderNumbers) fetched.add(number);
      for (let start = 0; start < orderNumbers.length; start += DETAIL_BATCH) {
        const orders = await adapter.getOrders(orderNumbers.slice(start, start + DETAIL_BATCH));
        for (const order of orders) {
          const { outcome } = await db.transaction().execute((trx) => importChannelOrder(trx, channelAccountId, order));
          count(result, outcome);
        }
      }
    };

    let cursor: string | undefined;
    do {
      const page = await adapter.listOrders({ from, to: now, ...(cursor ? { cursor } : {}) });
      await importAll(page.orderNumbers, false);
      cursor = page.next;
    } while (cursor);

    if (options.refreshOpenOrders) {
      const open = await db
        .selectFrom('channel_orders')
        .select('order_number')
        .where('channel_account_id', '=', channelAccountId)
        .where('status', 'in', ['new', 'to_confirm', 'to_ship'])
        .where('ordered_at', '>=', new Date(now.getTime() - OPEN_ORDER_REFRESH_DAYS * 86_400_000).toISOString())
        .orderBy('ordered_at', 'desc')
        .limit(OPEN_ORDER_REFRESH_LIMIT)
        .execute();
      await importAll(open.map((row) => row.order_number).filter((number) => !fetched.has(number)), true);
    }
    completed = true;
  } finally {
    await releaseLease(db, channelAccountId, workerId, completed ? now.toISOString() : null);
  }
  if (result.imported + result.updated > 0) logger.info({ channelAccountId, ...result }, 'channel orders imported');
  return result;
}

/**
 * Selects the listed orders worth fetching. A cancelled order never changes again. On Yahoo, whose
 * search lists orders by order time, a listed order already imported is only in the window's
 * overlap: its changes come from the open-order refresh instead, so it is not read again at
 * about one call a second. Rakuten (100 orders a call, cancellations listed on their own) and
 * the own site (listed when changed) read every listed order that is still open.
 */
async function numbersToFetch(db: Db, kind: string, channelAccountId: number, listed: readonly string[]): Promise<string[]> {
  if (listed.length === 0) return [];
  const known = new Map<string, string>();
  for (let start = 0; start < listed.length; start += 500) {
    const rows = await db
      .selectFrom('channel_orders')
      .select(['order_number', 'status'])
      .where('channel_account_id', '=', channelAccountId)
      .where('order_number', 'in', listed.slice(start, start + 500))
      .execute();
    for (const row of rows) known.set(row.order_number, row.status);
  }
  return listed.filter((number) => {
    const status = known.get(number);
    if (status === undefined) return true;
    if (status === 'cancelled') return false;
    return kind !== 'yahoo';
  });
}

function count(result: PollResult, outcome: ImportOutcome): void {
  if (outcome === 'created') result.imported += 1;
  else if (outcome === 'updated') result.updated += 1;
  else result.unchanged += 1;
}
