import type { Db } from '../../../db/database.js';
import type { ClaimedEvent } from '../../outbox/claims.js';
import type { BatchResult } from '../../outbox/runner.js';
import { ChannelCallError, type ChannelAdapter } from '../adapter.js';
import { CHANNEL_ORDER_CONFIRM } from './intake.js';
import { addOrderHistory, channelOrderOf, markConfirmed } from './service.js';

// Order calls that go through an account's lane: confirming imported orders to the channel.
// An order flagged meanwhile, cancelled or already confirmed is not confirmed (again).

async function confirmOne(db: Db, adapter: ChannelAdapter, event: ClaimedEvent): Promise<BatchResult> {
  const orderId = Number(event.payload.orderId);
  const row = await db.selectFrom('channel_orders').select(['status', 'confirmed_at', 'flagged', 'flag_resolved_at']).where('id', '=', orderId).executeTakeFirst();
  if (!row || row.confirmed_at !== null || row.status === 'cancelled') return { eventId: event.id };
  if (row.flagged === 1 && row.flag_resolved_at === null) return { eventId: event.id };

  try {
    await adapter.confirmOrder(await channelOrderOf(db, orderId));
    await markConfirmed(db, orderId);
    return { eventId: event.id };
  } catch (error) {
    if (error instanceof ChannelCallError && error.kind === 'rejected') {
      // The channel rejected this confirmation and retrying will not help, so it goes to the order's history for a person.
      await addOrderHistory(db, orderId, 'confirm_failed', { ja: error.messageJa, en: error.messageEn, code: error.details.channelCode ?? null });
      return { eventId: event.id };
    }
    const message = error instanceof ChannelCallError ? `${error.kind}: ${error.messageEn}` : error instanceof Error ? error.message : String(error);
    return { eventId: event.id, error: message, ...(error instanceof ChannelCallError && error.details.retryAfterMs ? { retryInMs: error.details.retryAfterMs } : {}) };
  }
}

export function orderLaneCalls(db: Db): Record<string, (adapter: ChannelAdapter, events: ClaimedEvent[]) => Promise<BatchResult[]>> {
  return {
    [CHANNEL_ORDER_CONFIRM]: async (adapter, events) => {
      const results: BatchResult[] = [];
      for (const event of events) results.push(await confirmOne(db, adapter, event));
      return results;
    },
  };
}
