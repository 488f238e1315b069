import type { Executor, Tx } from '../../db/database.js';
import { nowIso } from '../../db/database.js';

// The transactional outbox: a change and the event announcing it are written in the same
// transaction, so an event exists exactly when its change committed. Channel work (the
// runner of the channel hub) reads pending events in id order and acts on them.

/** Topic of an event saying that an item's sellable quantity changed (sale, return, hold). */
export const ITEM_AVAILABILITY_CHANGED = 'item.availability_changed';

export interface OutboxEventInput {
  topic: string;
  aggregateType: string;
  aggregateId: string | number;
  payload: Record<string, unknown>;
  /** Queue of the event: "channel:<account id>" for one account's channel calls; none for the rest. */
  lane?: string;
}

/** Lane of the listing events that call one channel account (stock and item calls). */
export function channelLane(channelAccountId: number): string {
  return `channel:${channelAccountId}`;
}

/**
 * Lane of one account's order calls (confirmations). Kept apart from the listing lane so
 * that a run of confirmations never holds up a withdrawal: the channels count the two
 * kinds of call in separate rate limits.
 */
export function channelOrderLane(channelAccountId: number): string {
  return `channel:${channelAccountId}:orders`;
}

/** Both lanes of an account. */
export function channelLanes(channelAccountId: number): string[] {
  return [channelLane(channelAccountId), channelOrderLane(channelAccountId)];
}

/** Writes events in the caller's transaction; they become visible when it commits. */
export async function enqueueEvents(trx: Tx, events: readonly OutboxEventInput[]): Promise<void> {
  if (events.length === 0) return;
  const now = nowIso();
  await trx
    .insertInto('outbox_events')
    .values(
      events.map((event) => ({
        topic: event.topic,
        aggregate_type: event.aggregateType,
        aggregate_id: String(event.aggregateId),
        payload_json: JSON.stringify(event.payload),
        created_at: now,
        available_at: now,
        lane: event.lane ?? null,
      })),
    )
    .execute();
}

export interface AvailabilityChange {
  itemId: number;
  /** Cause of the change, e.g. "sale", "sale_return", "reservation". */
  reason: string;
  documentType: string;
  documentId: number | string;
}

/**
 * Announces that items' sellable quantities changed. Consumers read the current balance
 * when they act, so the payload names the item and the cause, not a quantity that could be
 * stale by then.
 */
export async function enqueueAvailabilityChanges(trx: Tx, changes: readonly AvailabilityChange[]): Promise<void> {
  await enqueueEvents(
    trx,
    changes.map((change) => ({
      topic: ITEM_AVAILABILITY_CHANGED,
      aggregateType: 'item',
      aggregateId: change.itemId,
      payload: { itemId: change.itemId, reason: change.reason, documentType: change.documentType, documentId: change.documentId },
    })),
  );
}

export interface OutboxEvent {
  id: number;
  topic: string;
  aggregateType: string;
  aggregateId: string;
  payload: Record<string, unknown>;
  createdAt: string;
  processedAt: string | null;
}

/** Events of one aggregate, oldest first; for tests and the item history. */
export async function eventsFor(db: Executor, aggregateType: string, aggregateId: string | number): Promise<OutboxEvent[]> {
  const rows = await db
    .selectFrom('outbox_events')
    .selectAll()
    .where('aggregate_type', '=', aggregateType)
    .where('aggregate_id', '=', String(aggregateId))
    .orderBy('id')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    topic: row.topic,
    aggregateType: row.aggregate_type,
    aggregateId: row.aggregate_id,
    payload: JSON.parse(row.payload_json) as Record<string, unknown>,
    createdAt: row.created_at,
    processedAt: row.processed_at,
  }));
}
