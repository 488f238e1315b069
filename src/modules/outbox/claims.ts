import { sql } from 'kysely';
import type { Db } from '../../db/database.js';
import { databaseKindOf } from '../../db/dialect.js';
import type { OutboxEvent } from './service.js';

// Claiming outbox events for processing. A claim is a lease: the worker's id and a time
// until which no other worker takes the event. A worker that dies keeps nothing for ever,
// because its leases run out and the events become claimable again. Completing or failing
// an event checks the lease is still the worker's, so a worker whose lease ran out cannot
// overwrite what the next owner did.

export interface ClaimOptions {
  workerId: string;
  /** Topics this worker handles; other events are left for other workers. */
  topics: readonly string[];
  /** Lane to claim from: a channel account's lane, or null (the default) for events without one. */
  lane?: string | null;
  /** Events taken at most per claim. */
  limit: number;
  /** How long the claim holds, in milliseconds; longer than handling a batch takes. */
  leaseMs: number;
  /** Current time, for tests; defaults to now. */
  now?: Date;
}

export interface ClaimedEvent extends OutboxEvent {
  /** Attempts including this one. */
  attempts: number;
}

/**
 * Claims up to `limit` due, unprocessed, unleased events of the given topics, oldest first,
 * in one short transaction. On PostgreSQL the candidate rows are locked with FOR UPDATE
 * SKIP LOCKED, so workers in several processes each take different events without waiting
 * for one another. SQLite runs one writer at a time (BEGIN IMMEDIATE), so there the plain
 * select-then-update cannot interleave.
 */
export async function claimEvents(db: Db, options: ClaimOptions): Promise<ClaimedEvent[]> {
  if (options.topics.length === 0 || options.limit <= 0) return [];
  const now = (options.now ?? new Date()).toISOString();
  const leaseUntil = new Date(Date.parse(now) + options.leaseMs).toISOString();
  const postgres = databaseKindOf(db) === 'postgres';

  return db.transaction().execute(async (trx) => {
    let candidates = trx
      .selectFrom('outbox_events')
      .select('id')
      .where('processed_at', 'is', null)
      .where('topic', 'in', options.topics)
      .where((eb) => (options.lane ? eb('lane', '=', options.lane) : eb('lane', 'is', null)))
      .where('available_at', '<=', now)
      // A worker claims one batch at a time, so rows still locked under its own id were left by
      // an earlier process with the same id that died. They are taken back at once.
      .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', now), eb('locked_by', '=', options.workerId)]))
      .orderBy('id')
      .limit(options.limit);
    if (postgres) candidates = candidates.forUpdate().skipLocked();
    const ids = (await candidates.execute()).map((row) => row.id);
    if (ids.length === 0) return [];

    const rows = await trx
      .updateTable('outbox_events')
      .set({ locked_by: options.workerId, locked_until: leaseUntil, attempts: sql`attempts + 1` })
      .where('id', 'in', ids)
      .returningAll()
      .execute();
    return rows
      .sort((a, b) => a.id - b.id)
      .map((row) => ({
        id: row.id,
        topic: row.topic,
        aggregateType: row.aggregate_type,
        aggregateId: row.aggregate_id,
        payload: JSON.parse(row.payload_json) as Record<string, unknown>,
        createdAt: row.created_at,
        processedAt: row.processed_at,
        attempts: row.attempts,
      }));
  });
}

/**
 * Marks a claimed event processed. Returns false, changing nothing, when the worker's lease
 * ran out and another worker may own the event now.
 */
export async function completeEvent(db: Db, eventId: number, workerId: string, now: Date = new Date()): Promise<boolean> {
  const result = await db
    .updateTable('outbox_events')
    .set({ processed_at: now.toISOString(), locked_by: null, locked_until: null, last_error: null })
    .where('id', '=', eventId)
    .where('locked_by', '=', workerId)
    .where('processed_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * Releases a claimed event after a failed attempt, to be retried after `retryInMs`, with the
 * error kept for the sync status screen. Returns false when the lease was no longer the
 * worker's.
 */
export async function failEvent(db: Db, eventId: number, workerId: string, error: string, retryInMs: number, now: Date = new Date()): Promise<boolean> {
  const result = await db
    .updateTable('outbox_events')
    .set({
      available_at: new Date(now.getTime() + retryInMs).toISOString(),
      locked_by: null,
      locked_until: null,
      last_error: error.slice(0, 2000),
    })
    .where('id', '=', eventId)
    .where('locked_by', '=', workerId)
    .where('processed_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * Delay before retry number `attempts` (1 after the first failure): exponential from
 * `baseMs`, doubling each time, capped at `maxMs`, with up to 20 % random jitter taken off so
 * that events failing together do not all retry at the same instant.
 */
export function retryDelayMs(attempts: number, baseMs = 1_000, maxMs = 300_000, random: () => number = Math.random): number {
  const exponent = Math.max(0, attempts - 1);
  const delay = Math.min(maxMs, baseMs * 2 ** Math.min(exponent, 30));
  return Math.round(delay * (1 - 0.2 * random()));
}
