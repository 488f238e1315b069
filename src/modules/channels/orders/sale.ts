import { sql } from 'kysely';
import type { Executor, Tx } from '../../../db/database.js';
import { nowIso } from '../../../db/database.js';
import type { ChannelOrderStatus } from '../../../db/schema.js';
import { allocateByRatio } from '../../../shared/allocation.js';
import { businessDate } from '../../../shared/time.js';
import { syncSoldLinePayable } from '../../consignment-in/payable-ledger.js';
import type { SoldLine } from '../../consignment-in/payables.js';
import { assertCanActAt, type LocationScope } from '../../access/scope.js';
import { setItemStatus } from '../../items/service.js';
import { recordMovement } from '../../ledger/service.js';
import { enqueueAvailabilityChanges } from '../../outbox/service.js';
import { consumeReservation } from '../../reservations/service.js';
import { bookCostOf, requireStockLocation, updateStatusAfterRemoval } from '../../stock-lines/service.js';
import { channelOrderErrors } from './errors.js';
import { channelSaleErrors } from './sale-errors.js';
import { addOrderHistory } from './service.js';
import { refreshSalesFacts } from '../../analytics/refresh.js';

// A channel order becomes a sale when it ships: its reservations are consumed, the ledger
// records a 'channel_sale' movement per line, and consigned pieces get their payable in the
// same transaction. Until then the pieces are only held. Partial refunds after shipping are
// recorded per line and correct the consignor's payable.

export const CHANNEL_SALE_DOCUMENT = 'channel_order';

const STATUS_LABELS: Record<ChannelOrderStatus, string> = {
  new: '新規 / new',
  to_confirm: '確認待ち / to confirm',
  to_ship: '発送待ち / to ship',
  shipped: '発送済み / shipped',
  cancelled: 'キャンセル / cancelled',
};

interface OrderRow {
  id: number;
  order_number: string;
  status: ChannelOrderStatus;
  totals_json: string;
}

interface LineRow {
  id: number;
  line_key: string;
  item_id: number | null;
  unit_price: number;
  quantity: number;
  tax_included: number;
  tax_rate: string | null;
  state: string;
  reservation_id: number | null;
  refunded_amount: number;
  returned_at: string | null;
}

/** Tax-included price of a line before the order's coupon: what the buyer saw on the page. */
function lineListAmount(line: Pick<LineRow, 'unit_price' | 'quantity' | 'tax_included' | 'tax_rate'>): number {
  const amount = Number(line.unit_price) * line.quantity;
  if (line.tax_included === 1 || line.tax_rate === null) return amount;
  // A tax-excluded line: the tax is rounded down, as the malls show tax-included prices.
  return amount + Math.floor(amount * Number(line.tax_rate));
}

/**
 * Builds the channel order's lines as sold lines for the payable rules. The order's coupon is
 * split over its lines in proportion to their list amounts. Points are a way of paying, not a
 * discount. Mall fees apply to everything the buyer paid, so the whole sold amount bears them.
 * The first line of each consignor carries the order's one shipment.
 */
export async function channelSoldLines(db: Executor, orderId: number): Promise<Map<number, SoldLine>> {
  const order = await db.selectFrom('channel_orders').select('totals_json').where('id', '=', orderId).executeTakeFirstOrThrow();
  const lines = (await db
    .selectFrom('channel_order_lines')
    .leftJoin('consigned_items', 'consigned_items.item_id', 'channel_order_lines.item_id')
    .select([
      'channel_order_lines.id',
      'channel_order_lines.unit_price',
      'channel_order_lines.quantity',
      'channel_order_lines.tax_included',
      'channel_order_lines.tax_rate',
      'channel_order_lines.refunded_amount',
      'consigned_items.consignor_id',
    ])
    .where('order_id', '=', orderId)
    .where('state', '<>', 'unmatched')
    .orderBy('channel_order_lines.id')
    .execute()) as Array<Pick<LineRow, 'id' | 'unit_price' | 'quantity' | 'tax_included' | 'tax_rate' | 'refunded_amount'> & { consignor_id: number | null }>;
  if (lines.length === 0) return new Map();

  const totals = JSON.parse(order.totals_json) as { coupon?: number };
  const listAmounts = lines.map(lineListAmount);
  const listTotal = listAmounts.reduce((sum, amount) => sum + amount, 0);
  const coupon = Math.min(Math.max(0, Math.round(totals.coupon ?? 0)), listTotal);
  const coupons = coupon === 0 || listTotal === 0 ? lines.map(() => 0) : allocateByRatio(coupon, listAmounts.map((amount) => Math.max(amount, 1)));

  const shipped = new Set<number>();
  const result = new Map<number, SoldLine>();
  lines.forEach((line, index) => {
    const consignor = line.consignor_id === null ? null : Number(line.consignor_id);
    const firstOfConsignor = consignor !== null && !shipped.has(consignor);
    if (consignor !== null) shipped.add(consignor);
    const discountAmount = Math.min(coupons[index]!, listAmounts[index]!);
    const refundAmount = Math.min(Number(line.refunded_amount), listAmounts[index]! - discountAmount);
    result.set(line.id, {
      listAmount: listAmounts[index]!,
      discountAmount,
      refundAmount,
      feeBearingAmount: listAmounts[index]! - discountAmount - refundAmount,
      shipments: firstOfConsignor ? 1 : 0,
    });
  });
  return result;
}

async function lockOrder(trx: Tx, orderId: number): Promise<OrderRow> {
  // Touching the row first makes PostgreSQL hold its lock until commit, so a second ship or
  // refund of the same order waits and then reads the first one's result.
  await trx.updateTable('channel_orders').set({ updated_at: sql`updated_at` }).where('id', '=', orderId).execute();
  const order = await trx.selectFrom('channel_orders').select(['id', 'order_number', 'status', 'totals_json']).where('id', '=', orderId).executeTakeFirst();
  if (!order) throw channelOrderErrors.channel_order_not_found({ id: orderId });
  return order;
}

async function orderLines(trx: Executor, orderId: number): Promise<LineRow[]> {
  return (await trx
    .selectFrom('channel_order_lines')
    .select(['id', 'line_key', 'item_id', 'unit_price', 'quantity', 'tax_included', 'tax_rate', 'state', 'reservation_id', 'refunded_amount', 'returned_at'])
    .where('order_id', '=', orderId)
    .orderBy('id')
    .execute()) as LineRow[];
}

export interface ShipContext {
  userId: number | null;
  /** When it shipped (ISO UTC); decides the business date of the sale. */
  at?: string;
  /** 'user' when a person marked it, 'channel' when the channel reported it. */
  by: 'user' | 'channel';
}

/**
 * Sells a confirmed order's pieces (the order ships), in the caller's transaction. Every line
 * must hold its piece; a line without one (unmatched, or short after a collision) must be
 * resolved first. Marking an order shipped twice sells nothing the second time. Returns the
 * number of lines sold now.
 */
export async function recordOrderShipped(trx: Tx, orderId: number, ctx: ShipContext): Promise<number> {
  const order = await lockOrder(trx, orderId);
  const lines = await orderLines(trx, orderId);
  const toSell = lines.filter((line) => line.state === 'reserved');
  if (order.status === 'shipped' && toSell.length === 0) return 0;
  if (order.status === 'cancelled' || (ctx.by === 'user' && order.status !== 'to_ship' && order.status !== 'shipped')) {
    throw channelSaleErrors.channel_order_not_shippable({ orderNumber: order.order_number, status: STATUS_LABELS[order.status] });
  }
  const open = lines.filter((line) => line.state === 'unmatched' || line.state === 'short');
  if (open.length > 0) throw channelSaleErrors.channel_order_lines_open({ orderNumber: order.order_number, lines: open.map((line) => line.line_key).join(', ') });

  const at = ctx.at ?? nowIso();
  const date = businessDate(new Date(at));
  for (const line of toSell) {
    const item = await trx.selectFrom('items').selectAll().where('id', '=', line.item_id!).executeTakeFirstOrThrow();
    await consumeReservation(trx, line.reservation_id!, {
      kind: 'channel_sale',
      costAmount: bookCostOf(item, line.quantity),
      documentType: CHANNEL_SALE_DOCUMENT,
      documentId: orderId,
      userId: ctx.userId,
      occurredAt: at,
    });
    await updateStatusAfterRemoval(trx, item, 'sold');
    await trx.updateTable('channel_order_lines').set({ state: 'sold', sold_at: at }).where('id', '=', line.id).where('state', '=', 'reserved').execute();
  }

  const sold = await channelSoldLines(trx, orderId);
  for (const line of toSell) {
    await syncSoldLinePayable(trx, {
      itemId: line.item_id!,
      soldLineKey: `channel_order_line:${line.id}`,
      source: { type: 'channel_sale', id: orderId, lineId: line.id },
      businessDate: date,
      line: sold.get(line.id) ?? null,
    });
  }

  await trx.updateTable('channel_orders').set({ status: 'shipped', updated_at: nowIso() }).where('id', '=', orderId).execute();
  await refreshSalesFacts(trx, [`channel_order:${orderId}`]);
  await addOrderHistory(trx, orderId, 'shipped', { by: ctx.by, userId: ctx.userId, lines: toSell.length });
  return toSell.length;
}

export interface RefundInput {
  lineId: number;
  /** Yen refunded to the buyer, tax included. */
  amount: number;
  reason: string;
}

/**
 * Records a partial refund of a shipped line (a price reduction after the sale, the piece
 * staying with the buyer), in the caller's transaction. The refund itself is made on the
 * channel (RMS, Store Creator); tsunagu records it so the sale and a consignor's payable
 * follow. The refundable rest is checked in the same UPDATE that adds the amount, so two
 * refunds at once cannot together exceed it.
 */
export async function refundChannelLine(trx: Tx, orderId: number, input: RefundInput, userId: number | null): Promise<number> {
  const order = await lockOrder(trx, orderId);
  const line = (await orderLines(trx, orderId)).find((candidate) => candidate.id === input.lineId);
  if (!line) throw channelOrderErrors.channel_order_line_not_found({ id: input.lineId });
  if (line.state !== 'sold' || line.returned_at !== null) throw channelSaleErrors.channel_line_not_sold({ orderNumber: order.order_number, lineKey: line.line_key });

  const before = (await channelSoldLines(trx, orderId)).get(line.id)!;
  const refundable = before.listAmount - before.discountAmount - before.refundAmount;
  if (input.amount > refundable) throw channelSaleErrors.channel_refund_too_large({ lineKey: line.line_key, refundable: Math.max(0, refundable) }, { field: 'amount' });

  const updated = await trx
    .updateTable('channel_order_lines')
    .set({ refunded_amount: sql`refunded_amount + ${input.amount}` })
    .where('id', '=', line.id)
    .where('refunded_amount', '=', line.refunded_amount)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) !== 1) throw channelSaleErrors.channel_refund_too_large({ lineKey: line.line_key, refundable: 0 });

  const now = nowIso();
  const refund = await trx
    .insertInto('channel_order_refunds')
    .values({ order_id: orderId, line_id: line.id, amount: input.amount, reason: input.reason, refunded_on: businessDate(), created_by: userId, created_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  const after = (await channelSoldLines(trx, orderId)).get(line.id)!;
  await syncSoldLinePayable(trx, {
    itemId: line.item_id!,
    soldLineKey: `channel_order_line:${line.id}`,
    source: { type: 'channel_refund', id: Number(refund.id), lineId: line.id },
    businessDate: businessDate(),
    line: after,
    note: input.reason,
  });
  await refreshSalesFacts(trx, [`channel_order:${orderId}`]);
  await addOrderHistory(trx, orderId, 'refunded', { lineKey: line.line_key, amount: input.amount, reason: input.reason, userId });
  return Number(refund.id);
}

export interface ChannelReturnInput {
  lineId: number;
  /** Location the piece goes back into stock at. */
  locationId: number;
  reason: string;
}

/**
 * Receives a shipped piece the buyer sent back, in the caller's transaction. It enters stock
 * at the chosen location at the cost it left with, and the line is marked returned. A
 * consigned piece's payable falls to nothing, and the availability event lets the channels
 * offer the piece again. The money goes back on the channel.
 */
export async function returnChannelLine(trx: Tx, orderId: number, input: ChannelReturnInput, ctx: { userId: number | null; scope: LocationScope }): Promise<void> {
  const order = await lockOrder(trx, orderId);
  const line = (await orderLines(trx, orderId)).find((candidate) => candidate.id === input.lineId);
  if (!line) throw channelOrderErrors.channel_order_line_not_found({ id: input.lineId });
  if (line.state !== 'sold' || line.returned_at !== null) throw channelSaleErrors.channel_line_not_returnable({ orderNumber: order.order_number, lineKey: line.line_key });
  const location = await requireStockLocation(trx, input.locationId, 'locationId');
  assertCanActAt(ctx.scope, location, 'locationId');

  const sold = await trx
    .selectFrom('stock_movements')
    .select('cost_amount')
    .where('item_id', '=', line.item_id!)
    .where('kind', '=', 'channel_sale')
    .where('document_type', '=', CHANNEL_SALE_DOCUMENT)
    .where('document_id', '=', orderId)
    .executeTakeFirst();
  const item = await trx.selectFrom('items').selectAll().where('id', '=', line.item_id!).executeTakeFirstOrThrow();
  const now = nowIso();
  await recordMovement(trx, {
    itemId: item.id,
    kind: 'sale_return',
    fromLocationId: null,
    toLocationId: location.id,
    quantity: line.quantity,
    costAmount: sold ? Number(sold.cost_amount) : bookCostOf(item, line.quantity),
    reason: input.reason,
    documentType: CHANNEL_SALE_DOCUMENT,
    documentId: orderId,
    userId: ctx.userId,
    occurredAt: now,
  });
  await setItemStatus(trx, item.id, 'in_stock');
  await trx.updateTable('channel_order_lines').set({ returned_at: now, return_location_id: location.id, return_reason: input.reason }).where('id', '=', line.id).execute();

  await syncSoldLinePayable(trx, {
    itemId: item.id,
    soldLineKey: `channel_order_line:${line.id}`,
    source: { type: 'channel_return', id: orderId, lineId: line.id },
    businessDate: businessDate(),
    line: null,
    note: input.reason,
  });
  await enqueueAvailabilityChanges(trx, [{ itemId: item.id, reason: 'channel_return', documentType: CHANNEL_SALE_DOCUMENT, documentId: orderId }]);
  await refreshSalesFacts(trx, [`channel_order:${orderId}`]);
  await addOrderHistory(trx, orderId, 'returned', { lineKey: line.line_key, locationId: location.id, reason: input.reason, userId: ctx.userId });
}

/** Refunds recorded on an order, oldest first. */
export async function orderRefunds(db: Executor, orderId: number) {
  const rows = await db.selectFrom('channel_order_refunds').selectAll().where('order_id', '=', orderId).orderBy('id').execute();
  return rows.map((row) => ({ id: Number(row.id), lineId: Number(row.line_id), amount: Number(row.amount), reason: row.reason, refundedOn: row.refunded_on, createdAt: row.created_at }));
}
