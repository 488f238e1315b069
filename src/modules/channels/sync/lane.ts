import type { Logger } from 'pino';
import type { Db } from '../../../db/database.js';
import { nowIso } from '../../../db/database.js';
import type { ClaimedEvent } from '../../outbox/claims.js';
import type { BatchResult } from '../../outbox/runner.js';
import { recordChannelOutcome } from '../accounts/service.js';
import { ChannelCallError, type BatchOutcome, type ChannelAdapter, type ListingPayload } from '../adapter.js';
import { LISTING_PUBLISH, LISTING_WITHDRAW } from '../listings/service.js';
import { sellableSubquery } from '../listings/availability.js';
import type { AdapterRegistry } from './adapters.js';

// One channel account's lane: the listing events (and order calls) that go through that
// account's rate limit. A batch of events becomes as few channel calls as the API allows:
// every withdrawal in the batch is one bulk stock call per `stockBatch` pieces.
//
// The state of the listing row decides what a call does, not the event: an event whose
// listing has moved on (withdrawn by an earlier event, or published again after a void)
// is done without a call. So a repeated or stale event never changes the result.

export interface LaneContext {
  db: Db;
  adapters: AdapterRegistry;
  logger: Pick<Logger, 'info' | 'warn' | 'error'>;
  /** Handlers of other lane topics (order confirmation and cancellation). */
  orderCalls?: Record<string, (adapter: ChannelAdapter, events: ClaimedEvent[]) => Promise<BatchResult[]>>;
}

export const LANE_LISTING_TOPICS = [LISTING_PUBLISH, LISTING_WITHDRAW] as const;

/** Error text kept on the event and the account: the channel's words in English, for logs. */
function describe(error: unknown): string {
  if (error instanceof ChannelCallError) return `${error.kind}: ${error.messageEn}${error.details.channelCode ? ` (${error.details.channelCode})` : ''}`;
  return error instanceof Error ? error.message : String(error);
}

interface ListingRow {
  id: number;
  item_id: number;
  state: string;
  external_code: string;
  title: string;
  description: string | null;
  price: number;
  price_basis: 'included' | 'excluded';
  category_id: string | null;
  photos_json: string;
  published_at: string | null;
  tax_rate_percent: number;
  sellable: number;
}

async function loadListings(db: Db, ids: readonly number[]): Promise<Map<number, ListingRow>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('channel_listings')
    .innerJoin('items', 'items.id', 'channel_listings.item_id')
    .select([
      'channel_listings.id',
      'channel_listings.item_id',
      'channel_listings.state',
      'channel_listings.external_code',
      'channel_listings.title',
      'channel_listings.description',
      'channel_listings.price',
      'channel_listings.price_basis',
      'channel_listings.category_id',
      'channel_listings.photos_json',
      'channel_listings.published_at',
      'items.tax_rate_percent',
      sellableSubquery('channel_listings.item_id').as('sellable'),
    ])
    .where('channel_listings.id', 'in', [...ids])
    .execute();
  return new Map(rows.map((row) => [row.id, { ...row, sellable: Number(row.sellable) }]));
}

function chunks<T>(values: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < values.length; start += size) out.push(values.slice(start, start + size));
  return out;
}

/**
 * Marks listings that the channel rejected as in error, with the channel's message in both
 * languages. A transient or authorisation failure is not the piece's fault. That error is
 * thrown after the rejections are stored, so the batch is retried and the account's failure
 * count goes up.
 */
async function markRefused(db: Db, rows: ListingRow[], outcome: BatchOutcome, fromState: 'publishing' | 'withdrawing'): Promise<void> {
  const passing = outcome.failed.find((failure) => failure.error.kind !== 'rejected');
  for (const failure of outcome.failed) {
    if (failure.error.kind !== 'rejected') continue;
    const row = rows.find((candidate) => candidate.external_code === failure.externalCode);
    if (!row) continue;
    await db
      .updateTable('channel_listings')
      .set({
        state: 'error',
        last_error_code: failure.error.details.channelCode ?? failure.error.kind,
        last_error_json: JSON.stringify({ ja: failure.error.messageJa, en: failure.error.messageEn, kind: failure.error.kind }),
        updated_at: nowIso(),
      })
      .where('id', '=', row.id)
      .where('state', '=', fromState)
      .execute();
  }
  if (passing) throw passing.error;
}

async function markDone(db: Db, ids: number[], fromState: 'publishing' | 'withdrawing'): Promise<void> {
  if (ids.length === 0) return;
  const now = nowIso();
  await db
    .updateTable('channel_listings')
    .set(
      fromState === 'publishing'
        ? { state: 'live', published_at: now, last_error_code: null, last_error_json: null, updated_at: now }
        : { state: 'withdrawn', withdrawn_at: now, last_error_code: null, last_error_json: null, updated_at: now },
    )
    .where('id', 'in', ids)
    .where('state', '=', fromState)
    .execute();
}

function payloadOf(row: ListingRow): ListingPayload {
  return {
    listingId: row.id,
    externalCode: row.external_code,
    title: row.title,
    description: row.description,
    price: Number(row.price),
    priceBasis: row.price_basis,
    taxRatePercent: Number(row.tax_rate_percent),
    categoryId: row.category_id,
    photos: JSON.parse(row.photos_json) as string[],
    quantity: Math.max(0, row.sellable),
  };
}

/**
 * Sends the listings' changes to the channel. Withdrawals and stock-only republishing (a
 * listing that was live before and comes back with stock) are bulk stock calls. A first
 * publication, and a publication a person asked for (`sendWhole`, after editing the
 * listing, say), send the whole listing. Throws the channel's error when a call fails as a whole, so the batch is retried.
 */
async function syncListings(ctx: LaneContext, adapter: ChannelAdapter, listingIds: number[], sendWhole: ReadonlySet<number>): Promise<void> {
  const rows = [...(await loadListings(ctx.db, listingIds)).values()];

  const withdrawing = rows.filter((row) => row.state === 'withdrawing');
  const publishing = rows.filter((row) => row.state === 'publishing');
  // A piece that sold out while its publication waited goes out with quantity 0, because
  // that is what the channel should show. The availability handler withdraws it right after.
  const stockOnly = publishing.filter((row) => row.published_at !== null && !sendWhole.has(row.id));
  const full = publishing.filter((row) => row.published_at === null || sendWhole.has(row.id));

  for (const part of chunks(withdrawing, adapter.limits.stockBatch)) {
    const outcome = await adapter.setStock(part.map((row) => ({ externalCode: row.external_code, quantity: 0 })));
    await markDone(ctx.db, part.filter((row) => outcome.done.includes(row.external_code)).map((row) => row.id), 'withdrawing');
    await markRefused(ctx.db, part, outcome, 'withdrawing');
  }
  for (const part of chunks(stockOnly, adapter.limits.stockBatch)) {
    const outcome = await adapter.setStock(part.map((row) => ({ externalCode: row.external_code, quantity: Math.max(0, row.sellable) })));
    await markDone(ctx.db, part.filter((row) => outcome.done.includes(row.external_code)).map((row) => row.id), 'publishing');
    await markRefused(ctx.db, part, outcome, 'publishing');
  }
  for (const part of chunks(full, adapter.limits.publishBatch)) {
    const outcome = await adapter.publish(part.map(payloadOf));
    await markDone(ctx.db, part.filter((row) => outcome.done.includes(row.external_code)).map((row) => row.id), 'publishing');
    await markRefused(ctx.db, part, outcome, 'publishing');
  }
}

/**
 * Handles a batch of one lane's events. A transient or authorisation failure fails the
 * whole batch, so each event is retried with backoff, and counts towards pausing the
 * account. Rejections of single pieces are stored on their listings.
 */
export function laneHandler(ctx: LaneContext, channelAccountId: number) {
  return async (events: ClaimedEvent[]): Promise<BatchResult[]> => {
    const adapter = await ctx.adapters.get(channelAccountId);
    const listingEvents = events.filter((event) => (LANE_LISTING_TOPICS as readonly string[]).includes(event.topic));
    const results: BatchResult[] = [];

    if (listingEvents.length > 0) {
      const listingIds = [...new Set(listingEvents.map((event) => Number(event.payload.listingId)))];
      // Events from the listings screen carry no reason; those that follow stock do.
      const sendWhole = new Set(listingEvents.filter((event) => event.topic === LISTING_PUBLISH && event.payload.reason === undefined).map((event) => Number(event.payload.listingId)));
      try {
        await syncListings(ctx, adapter, listingIds, sendWhole);
        await recordChannelOutcome(ctx.db, channelAccountId, { ok: true });
        results.push(...listingEvents.map((event) => ({ eventId: event.id })));
      } catch (error) {
        const message = describe(error);
        const paused = await recordChannelOutcome(ctx.db, channelAccountId, { ok: false, error: message });
        const retryAfterMs = error instanceof ChannelCallError ? error.details.retryAfterMs : undefined;
        ctx.logger.warn({ channelAccountId, events: listingEvents.length, err: message, paused }, 'channel call failed');
        results.push(...listingEvents.map((event) => ({ eventId: event.id, error: message, retryInMs: retryAfterMs })));
      }
    }

    for (const [topic, handle] of Object.entries(ctx.orderCalls ?? {})) {
      const ofTopic = events.filter((event) => event.topic === topic);
      if (ofTopic.length > 0) results.push(...(await handle(adapter, ofTopic)));
    }
    return results;
  };
}
