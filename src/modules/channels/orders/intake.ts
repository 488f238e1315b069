import type { Tx } from '../../../db/database.js';
import { nowIso } from '../../../db/database.js';
import type { ChannelOrderLineState } from '../../../db/schema.js';
import { isDomainError } from '../../../shared/errors.js';
import { channelLane, channelOrderLane, enqueueEvents } from '../../outbox/service.js';
import { releaseReservation, reserveStock } from '../../reservations/service.js';
import type { ChannelOrder, ChannelOrderLine } from '../adapter.js';
import { LISTING_PUBLISH } from '../listings/service.js';
import { orderProblems } from './errors.js';
import { checkOrderTotals } from './rules.js';
import { recordOrderShipped } from './sale.js';

// Order intake (EC受注): each channel order is imported once per account and order number.
// Importing reserves its pieces in the same transaction, which writes the availability
// events that withdraw them from every other channel. A piece already sold or reserved
// elsewhere is not taken twice: the line is marked short and the order flagged for a person
// (a collision), and such an order is not confirmed to the channel automatically.

export const CHANNEL_ORDER_CONFIRM = 'channel_order.confirm';
export const RESERVATION_HOLDER = 'channel_order';

export type ImportOutcome = 'created' | 'updated' | 'unchanged';

/** Reference of an order's reservations: account and order number. */
export function holderRefOf(channelAccountId: number, orderNumber: string): string {
  return `${channelAccountId}:${orderNumber}`;
}

async function addHistory(trx: Tx, orderId: number, action: string, detail: Record<string, unknown> = {}): Promise<void> {
  await trx.insertInto('channel_order_history').values({ order_id: orderId, at: nowIso(), action, detail_json: JSON.stringify(detail) }).execute();
}

/** Names what has taken a piece, for the collision message: another order, or a counter sale. */
async function holderOf(trx: Tx, itemId: number): Promise<{ ja: string; en: string }> {
  const reservation = await trx
    .selectFrom('stock_reservations')
    .select(['holder_type', 'holder_ref'])
    .where('item_id', '=', itemId)
    .where('status', '=', 'active')
    .orderBy('id', 'desc')
    .executeTakeFirst();
  if (reservation?.holder_type === RESERVATION_HOLDER) {
    const [accountId, ...rest] = reservation.holder_ref.split(':');
    const orderNumber = rest.join(':');
    const account = await trx.selectFrom('channel_accounts').select('name').where('id', '=', Number(accountId)).executeTakeFirst();
    return { ja: `「${account?.name ?? '?'}」の注文 ${orderNumber}`, en: `order ${orderNumber} on "${account?.name ?? '?'}"` };
  }
  if (reservation) return { ja: `引当（${reservation.holder_type} ${reservation.holder_ref}）`, en: `a reservation (${reservation.holder_type} ${reservation.holder_ref})` };
  return { ja: '店頭販売などの別の販売', en: 'another sale (such as a counter sale)' };
}

interface LinePlan {
  line: ChannelOrderLine;
  itemId: number | null;
  state: ChannelOrderLineState;
  reservationId: number | null;
  problem: { code: string; ja: string; en: string } | null;
}

/** Maps a line to a piece by the listing's external code on this account, then reserves it. */
async function planLine(trx: Tx, channelAccountId: number, order: ChannelOrder, line: ChannelOrderLine, reserve: boolean): Promise<LinePlan> {
  const listing = line.externalCode
    ? await trx
        .selectFrom('channel_listings')
        .innerJoin('items', 'items.id', 'channel_listings.item_id')
        .select(['channel_listings.item_id', 'items.stock_number'])
        .where('channel_listings.channel_account_id', '=', channelAccountId)
        .where('channel_listings.external_code', '=', line.externalCode.toLowerCase())
        .executeTakeFirst()
    : undefined;
  if (!listing) {
    const problem = orderProblems.line_unmatched({ code: line.externalCode ?? '—', title: line.title });
    return { line, itemId: null, state: 'unmatched', reservationId: null, problem: { code: problem.code, ...problem.messages } };
  }
  if (!reserve) return { line, itemId: listing.item_id, state: 'released', reservationId: null, problem: null };

  try {
    const reservation = await reserveStock(trx, {
      itemId: listing.item_id,
      quantity: line.quantity,
      holderType: RESERVATION_HOLDER,
      holderRef: holderRefOf(channelAccountId, order.orderNumber),
      userId: null,
    });
    return { line, itemId: listing.item_id, state: 'reserved', reservationId: reservation.id, problem: null };
  } catch (error) {
    if (!isDomainError(error) || error.code !== 'nothing_to_reserve') throw error;
    const holder = await holderOf(trx, listing.item_id);
    const problem = orderProblems.line_short({ stockNumber: listing.stock_number, holder: holder.ja, holderEn: holder.en });
    return { line, itemId: listing.item_id, state: 'short', reservationId: null, problem: { code: problem.code, ...problem.messages } };
  }
}

/**
 * Imports one order fetched from a channel, in the caller's transaction. A new order is
 * inserted with its lines mapped and reserved; an order seen before with the same version
 * changes nothing; a changed order takes the channel's status, and a cancellation releases
 * its reservations so its pieces are offered again. The unique key (account, order number)
 * makes a second concurrent import of the same new order fail rather than reserve twice.
 */
export async function importChannelOrder(trx: Tx, channelAccountId: number, order: ChannelOrder): Promise<{ outcome: ImportOutcome; orderId: number }> {
  const existing = await trx
    .selectFrom('channel_orders')
    .select(['id', 'version', 'status', 'confirmed_at'])
    .where('channel_account_id', '=', channelAccountId)
    .where('order_number', '=', order.orderNumber)
    .executeTakeFirst();
  if (existing && existing.version === order.version) return { outcome: 'unchanged', orderId: existing.id };
  if (existing) return { outcome: 'updated', orderId: await applyChange(trx, existing, order) };

  const now = nowIso();
  const cancelled = order.status === 'cancelled';
  const plans: LinePlan[] = [];
  for (const line of order.lines) plans.push(await planLine(trx, channelAccountId, order, line, !cancelled));

  const totalsCheck = checkOrderTotals(order);
  const problems = plans.flatMap((plan) => (plan.problem ? [plan.problem] : []));
  if (!totalsCheck.ok) {
    const mismatch = orderProblems.totals_mismatch({
      detailJa: totalsCheck.problems.map((problem) => problem.ja).join(' '),
      detailEn: totalsCheck.problems.map((problem) => problem.en).join(' '),
    });
    problems.push({ code: mismatch.code, ...mismatch.messages });
  }
  const flag = !cancelled && problems.length > 0 ? problems[0]! : null;

  const row = await trx
    .insertInto('channel_orders')
    .values({
      channel_account_id: channelAccountId,
      order_number: order.orderNumber,
      status: order.status,
      version: order.version,
      flagged: flag ? 1 : 0,
      flag_code: flag?.code ?? null,
      flag_json: flag ? JSON.stringify({ ja: problems.map((problem) => problem.ja).join('\n'), en: problems.map((problem) => problem.en).join('\n') }) : null,
      ordered_at: order.orderedAt,
      buyer_name: order.buyer.name,
      buyer_json: JSON.stringify(order.buyer),
      delivery_json: order.delivery ? JSON.stringify(order.delivery) : null,
      totals_json: JSON.stringify(order.totals),
      total: order.totals.total,
      totals_check_json: JSON.stringify(totalsCheck),
      raw_json: JSON.stringify(order.raw ?? null),
      cancelled_at: cancelled ? now : null,
      imported_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();

  await trx
    .insertInto('channel_order_lines')
    .values(
      plans.map((plan) => ({
        order_id: row.id,
        line_key: plan.line.lineKey,
        external_code: plan.line.externalCode,
        variant_code: plan.line.variantCode,
        title: plan.line.title,
        unit_price: plan.line.unitPrice,
        quantity: plan.line.quantity,
        tax_included: plan.line.taxIncluded ? 1 : 0,
        tax_rate: plan.line.taxRate === null ? null : String(plan.line.taxRate),
        item_id: plan.itemId,
        state: plan.state,
        reservation_id: plan.reservationId,
        problem_code: plan.problem?.code ?? null,
        problem_json: plan.problem ? JSON.stringify({ ja: plan.problem.ja, en: plan.problem.en }) : null,
      })),
    )
    .execute();
  await addHistory(trx, row.id, 'imported', { status: order.status, flagged: flag?.code ?? null });
  if (cancelled) await restoreOriginListings(trx, channelAccountId, plans);
  if (order.status === 'shipped') await sellWhenShippable(trx, row.id);

  if (!flag && (order.status === 'new' || order.status === 'to_confirm')) await enqueueConfirmation(trx, channelAccountId, row.id, order.orderNumber);
  return { outcome: 'created', orderId: row.id };
}

/**
 * Sends the current quantity again to this account's live listings of an order that was
 * placed and cancelled between two polls. The channel took the piece off when the order was
 * placed and does not put it back on cancel (listings go out with restockOnCancel off), but
 * tsunagu never reserved it, so no availability change would correct the channel.
 */
async function restoreOriginListings(trx: Tx, channelAccountId: number, plans: readonly LinePlan[]): Promise<void> {
  const itemIds = [...new Set(plans.flatMap((plan) => (plan.itemId === null ? [] : [plan.itemId])))];
  if (itemIds.length === 0) return;
  const moved = await trx
    .updateTable('channel_listings')
    .set({ state: 'publishing', updated_at: nowIso() })
    .where('channel_account_id', '=', channelAccountId)
    .where('item_id', 'in', itemIds)
    .where('state', '=', 'live')
    .where('published_at', 'is not', null)
    .returning(['id', 'item_id'])
    .execute();
  await enqueueEvents(
    trx,
    moved.map((listing) => ({
      topic: LISTING_PUBLISH,
      lane: channelLane(channelAccountId),
      aggregateType: 'listing',
      aggregateId: listing.id,
      payload: { listingId: listing.id, itemId: listing.item_id, channelAccountId, reason: 'order_cancelled' },
    })),
  );
}

export async function enqueueConfirmation(trx: Tx, channelAccountId: number, orderId: number, orderNumber: string): Promise<void> {
  await enqueueEvents(trx, [
    { topic: CHANNEL_ORDER_CONFIRM, lane: channelOrderLane(channelAccountId), aggregateType: 'channel_order', aggregateId: orderId, payload: { orderId, orderNumber } },
  ]);
}

/**
 * The channel reports the order shipped (shipped in RMS or the store manager): its pieces are
 * sold now. An order with a line still without a piece stays flagged for a person, who
 * assigns a piece and marks it shipped on the order screen.
 */
async function sellWhenShippable(trx: Tx, orderId: number): Promise<void> {
  const open = await trx.selectFrom('channel_order_lines').select('id').where('order_id', '=', orderId).where('state', 'in', ['unmatched', 'short']).executeTakeFirst();
  if (open) return;
  await recordOrderShipped(trx, orderId, { userId: null, by: 'channel' });
}

/** Releases every active reservation of an order's lines, marking them released. */
export async function releaseOrderLines(trx: Tx, orderId: number): Promise<number> {
  const held = await trx.selectFrom('channel_order_lines').select(['id', 'reservation_id']).where('order_id', '=', orderId).where('state', '=', 'reserved').execute();
  for (const line of held) {
    if (line.reservation_id !== null) await releaseReservation(trx, line.reservation_id);
    await trx.updateTable('channel_order_lines').set({ state: 'released' }).where('id', '=', line.id).execute();
  }
  return held.length;
}

async function applyChange(trx: Tx, existing: { id: number; status: string; confirmed_at: string | null }, order: ChannelOrder): Promise<number> {
  const now = nowIso();
  // The channel may still report "to confirm" until our confirmation reaches it; an order we
  // confirmed does not go back.
  // A cancellation is final: a late or repeated delivery of an earlier version (webhooks may
  // arrive out of order) does not bring the order back. An order we shipped has sold its
  // pieces, so a channel that has not yet taken our shipment report (still "to ship") does
  // not undo it; only a cancellation on the channel changes it.
  const status =
    existing.status === 'cancelled'
      ? 'cancelled'
      : existing.status === 'shipped' && order.status !== 'cancelled'
        ? 'shipped'
        : existing.confirmed_at !== null && (order.status === 'new' || order.status === 'to_confirm')
          ? 'to_ship'
          : order.status;
  await trx
    .updateTable('channel_orders')
    .set({
      status,
      version: order.version,
      raw_json: JSON.stringify(order.raw ?? null),
      buyer_json: JSON.stringify(order.buyer),
      delivery_json: order.delivery ? JSON.stringify(order.delivery) : null,
      updated_at: now,
      ...(status === 'cancelled' && existing.status !== 'cancelled' ? { cancelled_at: now } : {}),
    })
    .where('id', '=', existing.id)
    .execute();

  if (status === 'cancelled' && existing.status !== 'cancelled') {
    const released = await releaseOrderLines(trx, existing.id);
    await addHistory(trx, existing.id, 'cancelled_on_channel', { released });
  } else if (status !== existing.status) {
    await addHistory(trx, existing.id, 'status_changed', { from: existing.status, to: status });
  }
  if (status === 'shipped') await sellWhenShippable(trx, existing.id);
  return existing.id;
}
