import type { Logger } from 'pino';
import type { Db, Tx } from '../../db/database.js';
import { nowIso } from '../../db/database.js';
import { businessDate } from '../../shared/time.js';
import type { ClaimedEvent } from '../outbox/claims.js';
import type { BatchResult } from '../outbox/runner.js';
import { channelOrderLane, enqueueEvents } from '../outbox/service.js';
import { ChannelCallError, type ChannelAdapter, type ShipmentReport } from '../channels/adapter.js';
import { addOrderHistory, channelOrderOf } from '../channels/orders/service.js';
import { shippingErrors } from './errors.js';
import { addShipmentHistory } from './history.js';
import { asCarrier, type ShipmentReportStatus } from './queries.js';

// Shipment reports (出荷報告): telling each channel that an order shipped, with the carrier,
// tracking number and shipping date (Rakuten updateOrderShipping, Yahoo orderShipStatusChange).
// The shipment service writes a 'pending' shipment_reports row per channel order and calls
// enqueueShipmentReport in the same transaction. The account's order lane then makes the call
// and retries it with backoff while the channel is unreachable. A rejection waits for a
// person, who corrects the number and presses "report again" (retryShipmentReport).
//
// The shipment row is what the parcel is now, so a call always sends the shipment's current
// carrier and tracking number. An event whose report was already accepted with that number
// makes no call, which makes repeated and stale events harmless.

export const CHANNEL_ORDER_REPORT_SHIPMENT = 'channel_order.report_shipment';



const STATUS_NAMES: Record<ShipmentReportStatus, { ja: string; en: string }> = {
  pending: { ja: '送信待ち', en: 'pending' },
  accepted: { ja: '報告済み', en: 'accepted' },
  failed: { ja: '失敗', en: 'failed' },
  not_supported: { ja: '報告先なし', en: 'not supported by the channel' },
};

/** A shipment report as the screens show it. */

type ReportLogger = Pick<Logger, 'info' | 'warn' | 'error'>;

/**
 * Queues the report on the account's order lane, in the caller's transaction, so the call is
 * made exactly when the report row commits.
 */
export async function enqueueShipmentReport(trx: Tx, report: { reportId: number; channelAccountId: number; orderId: number }): Promise<void> {
  await enqueueEvents(trx, [
    {
      topic: CHANNEL_ORDER_REPORT_SHIPMENT,
      lane: channelOrderLane(report.channelAccountId),
      aggregateType: 'shipment_report',
      aggregateId: report.reportId,
      payload: { reportId: report.reportId, orderId: report.orderId },
    },
  ]);
}

/**
 * Sets a failed report back to pending and queues it again, for the "report again" button
 * after a person has corrected the shipment. Throws when the report does not exist or has not failed.
 */
export async function retryShipmentReport(trx: Tx, reportId: number, userId: number | null = null): Promise<void> {
  const report = await trx
    .selectFrom('shipment_reports')
    .innerJoin('channel_orders', 'channel_orders.id', 'shipment_reports.channel_order_id')
    .select(['shipment_reports.status', 'shipment_reports.shipment_id', 'shipment_reports.channel_order_id', 'channel_orders.channel_account_id'])
    .where('shipment_reports.id', '=', reportId)
    .executeTakeFirst();
  if (!report) throw shippingErrors.shipment_report_not_found({ id: reportId });

  // The status condition makes two presses of the button queue one call.
  const changed = await trx
    .updateTable('shipment_reports')
    .set({ status: 'pending', last_error_json: null, updated_at: nowIso() })
    .where('id', '=', reportId)
    .where('status', '=', 'failed')
    .executeTakeFirst();
  if (Number(changed.numUpdatedRows) !== 1) {
    const name = STATUS_NAMES[report.status];
    throw shippingErrors.shipment_report_not_failed({ id: reportId, statusJa: name.ja, statusEn: name.en });
  }

  await addShipmentHistory(trx, report.shipment_id, 'shipment_report_retried', userId, { reportId, orderId: report.channel_order_id });
  await enqueueShipmentReport(trx, { reportId, channelAccountId: report.channel_account_id, orderId: report.channel_order_id });
}


interface ReportContext {
  reportId: number;
  orderId: number;
  shipmentId: number;
  orderNumber: string;
  channelAccountId: number;
}

/**
 * Reads the report, its shipment and its order, and returns what to send, or why no call is
 * made. The shipment's carrier and tracking number win over the row's, so an event that
 * waited while the number was corrected sends the current one. The row's date wins over the
 * shipment's time, because the shipment service sets it from the day a person chose.
 */
async function loadReport(db: Db, reportId: number): Promise<{ context: ReportContext; shipment: ShipmentReport } | { skip: string; context?: ReportContext }> {
  const row = await db
    .selectFrom('shipment_reports')
    .innerJoin('shipments', 'shipments.id', 'shipment_reports.shipment_id')
    .innerJoin('channel_orders', 'channel_orders.id', 'shipment_reports.channel_order_id')
    .select([
      'shipment_reports.status',
      'shipment_reports.carrier as reported_carrier',
      'shipment_reports.tracking_number as reported_number',
      'shipment_reports.shipped_on',
      'shipment_reports.channel_reference',
      'shipment_reports.shipment_id',
      'shipment_reports.channel_order_id',
      'shipments.status as shipment_status',
      'shipments.carrier',
      'shipments.tracking_number',
      'shipments.shipped_at',
      'channel_orders.status as order_status',
      'channel_orders.order_number',
      'channel_orders.channel_account_id',
    ])
    .where('shipment_reports.id', '=', reportId)
    .executeTakeFirst();
  if (!row) return { skip: 'report not found' };

  const context: ReportContext = {
    reportId,
    orderId: Number(row.channel_order_id),
    shipmentId: Number(row.shipment_id),
    orderNumber: row.order_number,
    channelAccountId: Number(row.channel_account_id),
  };
  const carrier = asCarrier(row.carrier ?? row.reported_carrier);
  const trackingNumber = row.tracking_number ?? row.reported_number;
  if (row.order_status === 'cancelled') return { skip: 'order cancelled', context };
  if (row.shipment_status === 'cancelled') return { skip: 'shipment cancelled', context };
  if (row.status === 'accepted' && row.reported_number === trackingNumber && row.reported_carrier === carrier) return { skip: 'already accepted', context };
  if (row.status === 'not_supported') return { skip: 'channel has no shipment API', context };

  const shippedOn = row.shipped_on ?? (row.shipped_at ? businessDate(new Date(row.shipped_at)) : null);
  if (carrier === null || trackingNumber === null || shippedOn === null) return { skip: 'shipment has no carrier, tracking number or shipping date', context };
  return { context, shipment: { carrier, trackingNumber, shippedOn, reference: row.channel_reference } };
}

/** Records the channel's acceptance on the report, the order's history and the shipment's history. */
async function markAccepted(db: Db, context: ReportContext, shipment: ShipmentReport, reference: string | null): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const now = nowIso();
    await trx
      .updateTable('shipment_reports')
      .set((eb) => ({
        status: 'accepted',
        carrier: shipment.carrier,
        tracking_number: shipment.trackingNumber,
        shipped_on: shipment.shippedOn,
        channel_reference: reference ?? shipment.reference,
        accepted_at: now,
        attempts: eb('attempts', '+', 1),
        last_error_json: null,
        updated_at: now,
      }))
      .where('id', '=', context.reportId)
      .execute();
    const detail = { reportId: context.reportId, carrier: shipment.carrier, trackingNumber: shipment.trackingNumber, shippedOn: shipment.shippedOn, reference: reference ?? shipment.reference };
    await addOrderHistory(trx, context.orderId, 'shipment_reported', { shipmentId: context.shipmentId, ...detail });
    await addShipmentHistory(trx, context.shipmentId, 'shipment_reported', null, { orderId: context.orderId, orderNumber: context.orderNumber, ...detail });
  });
}

/** Records a rejection: the report fails with the channel's message until a person sends it again. */
async function markRejected(db: Db, context: ReportContext, shipment: ShipmentReport, error: ChannelCallError): Promise<void> {
  const message = { ja: error.messageJa, en: error.messageEn, code: error.details.channelCode ?? null };
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('shipment_reports')
      .set((eb) => ({ status: 'failed', attempts: eb('attempts', '+', 1), last_error_json: JSON.stringify(message), updated_at: nowIso() }))
      .where('id', '=', context.reportId)
      .execute();
    const detail = { reportId: context.reportId, carrier: shipment.carrier, trackingNumber: shipment.trackingNumber, error: message };
    await addOrderHistory(trx, context.orderId, 'shipment_report_failed', { shipmentId: context.shipmentId, ...detail });
    await addShipmentHistory(trx, context.shipmentId, 'shipment_report_failed', null, { orderId: context.orderId, orderNumber: context.orderNumber, ...detail });
  });
}

async function reportOne(db: Db, logger: ReportLogger, adapter: ChannelAdapter, event: ClaimedEvent): Promise<BatchResult> {
  const reportId = Number(event.payload.reportId);
  const loaded = await loadReport(db, reportId);
  if ('skip' in loaded) {
    // A missing report or tracking number means a bug or a deleted row rather than a normal state, so it is a warning.
    const expected = loaded.skip === 'already accepted' || loaded.skip === 'order cancelled' || loaded.skip === 'shipment cancelled' || loaded.skip === 'channel has no shipment API';
    logger[expected ? 'info' : 'warn']({ eventId: event.id, reportId, orderId: loaded.context?.orderId, reason: loaded.skip }, 'shipment report skipped');
    return { eventId: event.id };
  }
  const { context, shipment } = loaded;
  const ids = { eventId: event.id, reportId, orderId: context.orderId, shipmentId: context.shipmentId, channelAccountId: context.channelAccountId };

  if (!adapter.reportShipment) {
    await db.updateTable('shipment_reports').set({ status: 'not_supported', updated_at: nowIso() }).where('id', '=', reportId).execute();
    logger.info({ ...ids, channel: adapter.kind }, 'channel has no shipment API; report not sent');
    return { eventId: event.id };
  }

  try {
    const { reference } = await adapter.reportShipment(await channelOrderOf(db, context.orderId), shipment);
    await markAccepted(db, context, shipment, reference);
    logger.info({ ...ids, carrier: shipment.carrier, reference }, 'shipment reported to the channel');
    return { eventId: event.id };
  } catch (error) {
    if (error instanceof ChannelCallError && error.kind === 'rejected') {
      // The channel rejected the number or date, and sending it again unchanged will not help.
      await markRejected(db, context, shipment, error);
      logger.warn({ ...ids, channelCode: error.details.channelCode, err: error.messageEn }, 'channel rejected the shipment report');
      return { eventId: event.id };
    }

    const kept = error instanceof ChannelCallError ? { ja: error.messageJa, en: error.messageEn, code: error.details.channelCode ?? null } : { ja: String(error), en: String(error), code: null };
    await db
      .updateTable('shipment_reports')
      .set((eb) => ({ attempts: eb('attempts', '+', 1), last_error_json: JSON.stringify(kept), updated_at: nowIso() }))
      .where('id', '=', reportId)
      .execute();
    const message = error instanceof ChannelCallError ? `${error.kind}: ${error.messageEn}` : error instanceof Error ? error.message : String(error);
    logger.warn({ ...ids, attempt: event.attempts + 1, err: message }, 'shipment report failed; retrying later');
    return { eventId: event.id, error: message, ...(error instanceof ChannelCallError && error.details.retryAfterMs ? { retryInMs: error.details.retryAfterMs } : {}) };
  }
}

/** Order-lane handlers of shipment reports, to merge into the lane's order calls. */
export function reportShipmentCalls(db: Db, logger: ReportLogger): Record<string, (adapter: ChannelAdapter, events: ClaimedEvent[]) => Promise<BatchResult[]>> {
  return {
    [CHANNEL_ORDER_REPORT_SHIPMENT]: async (adapter, events) => {
      const results: BatchResult[] = [];
      for (const event of events) results.push(await reportOne(db, logger, adapter, event));
      return results;
    },
  };
}
