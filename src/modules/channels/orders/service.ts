import type { ExpressionBuilder } from 'kysely';
import type { Db, Executor, Tx } from '../../../db/database.js';
import { nowIso } from '../../../db/database.js';
import type { ChannelOrderStatus, Database } from '../../../db/schema.js';
import { reserveStock } from '../../reservations/service.js';
import { shipmentsOfOrder } from '../../shipping/queries.js';
import type { ChannelOrder } from '../adapter.js';
import { orderRefunds } from './sale.js';
import { channelOrderErrors } from './errors.js';
import { holderRefOf, RESERVATION_HOLDER } from './intake.js';
import type { ChannelOrderDetail, ChannelOrderSummary, OrderListQuery } from './schemas.js';

// Reading channel orders for the orders screen, and the actions a person takes on them.

type Bilingual = { ja: string; en: string };

const parseBilingual = (json: string | null): Bilingual | null => (json ? (JSON.parse(json) as Bilingual) : null);

function summaryQuery(db: Executor) {
  return db
    .selectFrom('channel_orders')
    .innerJoin('channel_accounts', 'channel_accounts.id', 'channel_orders.channel_account_id')
    .selectAll('channel_orders')
    .select(['channel_accounts.kind as channel_kind', 'channel_accounts.name as channel_name'])
    .select((eb) => eb.selectFrom('channel_order_lines').select(eb.fn.countAll<number>().as('n')).whereRef('channel_order_lines.order_id', '=', 'channel_orders.id').as('line_count'));
}

type SummaryRow = Awaited<ReturnType<ReturnType<typeof summaryQuery>['executeTakeFirstOrThrow']>>;

function toSummary(row: SummaryRow): ChannelOrderSummary {
  const open = row.flagged === 1 && row.flag_resolved_at === null;
  return {
    id: row.id,
    channelAccountId: row.channel_account_id,
    channelKind: row.channel_kind,
    channelAccountName: row.channel_name,
    orderNumber: row.order_number,
    status: row.status,
    flagged: open,
    flagReason: open ? parseBilingual(row.flag_json) : null,
    orderedAt: row.ordered_at,
    buyerName: row.buyer_name,
    total: Number(row.total),
    lineCount: Number(row.line_count ?? 0),
    importedAt: row.imported_at,
  };
}

export async function listChannelOrders(db: Executor, query: OrderListQuery): Promise<ChannelOrderSummary[]> {
  let select = summaryQuery(db).orderBy('channel_orders.ordered_at', 'desc').orderBy('channel_orders.id', 'desc').limit(query.limit);
  if (query.status) select = select.where('channel_orders.status', '=', query.status);
  if (query.flagged !== undefined) {
    select = query.flagged
      ? select.where('channel_orders.flagged', '=', 1).where('channel_orders.flag_resolved_at', 'is', null)
      : select.where((eb) => eb.or([eb('channel_orders.flagged', '=', 0), eb('channel_orders.flag_resolved_at', 'is not', null)]));
  }
  if (query.channelAccountId) select = select.where('channel_orders.channel_account_id', '=', query.channelAccountId);
  if (query.needsParcel !== undefined) {
    const freeLine = (eb: ExpressionBuilder<Database, 'channel_orders'>) =>
      eb.exists(
        eb
          .selectFrom('channel_order_lines as l')
          .select('l.id')
          .whereRef('l.order_id', '=', 'channel_orders.id')
          .where('l.state', '!=', 'released')
          .where((inner) => inner.not(inner.exists(inner.selectFrom('shipment_lines as s').select('s.id').whereRef('s.channel_order_line_id', '=', 'l.id').where('s.live', '=', 1)))),
      );
    select = select.where((eb) => (query.needsParcel ? freeLine(eb) : eb.not(freeLine(eb))));
  }
  if (query.q) {
    const like = `%${query.q}%`;
    select = select.where((eb) => eb.or([eb('channel_orders.order_number', 'like', like), eb('channel_orders.buyer_name', 'like', like)]));
  }
  return (await select.execute()).map(toSummary);
}

async function requireOrder(db: Executor, id: number): Promise<SummaryRow> {
  const row = await summaryQuery(db).where('channel_orders.id', '=', id).executeTakeFirst();
  if (!row) throw channelOrderErrors.channel_order_not_found({ id });
  return row;
}

export async function getChannelOrder(db: Executor, id: number): Promise<ChannelOrderDetail> {
  const row = await requireOrder(db, id);
  const lines = await db
    .selectFrom('channel_order_lines')
    .leftJoin('items', 'items.id', 'channel_order_lines.item_id')
    .leftJoin('consigned_items', 'consigned_items.item_id', 'channel_order_lines.item_id')
    .leftJoin('consignors', 'consignors.id', 'consigned_items.consignor_id')
    .selectAll('channel_order_lines')
    .select(['items.stock_number', 'consignors.id as consignor_id', 'consignors.code as consignor_code', 'consignors.name as consignor_name'])
    .where('order_id', '=', id)
    .orderBy('channel_order_lines.id')
    .execute();
  const history = await db.selectFrom('channel_order_history').selectAll().where('order_id', '=', id).orderBy('id').execute();
  const totalsCheck = JSON.parse(row.totals_check_json) as { ok: boolean; problems: Bilingual[] };

  return {
    ...toSummary(row),
    lines: lines.map((line) => ({
      id: line.id,
      lineKey: line.line_key,
      externalCode: line.external_code,
      variantCode: line.variant_code,
      title: line.title,
      unitPrice: Number(line.unit_price),
      quantity: line.quantity,
      taxIncluded: line.tax_included === 1,
      taxRate: line.tax_rate === null ? null : Number(line.tax_rate),
      itemId: line.item_id,
      stockNumber: line.stock_number,
      state: line.state,
      problem: parseBilingual(line.problem_json),
      soldAt: line.sold_at,
      refundedAmount: Number(line.refunded_amount),
      returnedAt: line.returned_at,
      consignor: line.consignor_id === null ? null : { id: Number(line.consignor_id), code: line.consignor_code!, name: line.consignor_name! },
    })),
    refunds: await orderRefunds(db, id),
    totals: JSON.parse(row.totals_json) as ChannelOrderDetail['totals'],
    totalsCheck: {
      ok: totalsCheck.ok,
      message: totalsCheck.ok ? null : { ja: totalsCheck.problems.map((p) => p.ja).join(' '), en: totalsCheck.problems.map((p) => p.en).join(' ') },
    },
    buyer: JSON.parse(row.buyer_json) as ChannelOrderDetail['buyer'],
    delivery: row.delivery_json ? (JSON.parse(row.delivery_json) as ChannelOrderDetail['delivery']) : null,
    raw: JSON.parse(row.raw_json) as unknown,
    history: history.map((entry) => ({ at: entry.at, action: entry.action, detail: JSON.parse(entry.detail_json) as Record<string, unknown> })),
    shipments: await shipmentsOfOrder(db, id),
  };
}

/** Rebuilds an imported order in the shape the adapters take. */
export async function channelOrderOf(db: Executor, id: number): Promise<ChannelOrder & { channelAccountId: number; channelName: string }> {
  const detail = await getChannelOrder(db, id);
  const row = await db.selectFrom('channel_orders').select('version').where('id', '=', id).executeTakeFirstOrThrow();
  return {
    channelAccountId: detail.channelAccountId,
    channelName: detail.channelAccountName,
    orderNumber: detail.orderNumber,
    status: detail.status,
    orderedAt: detail.orderedAt,
    version: row.version,
    buyer: detail.buyer,
    delivery: detail.delivery,
    lines: detail.lines.map((line) => ({
      lineKey: line.lineKey,
      externalCode: line.externalCode,
      variantCode: line.variantCode,
      title: line.title,
      unitPrice: line.unitPrice,
      quantity: line.quantity,
      taxIncluded: line.taxIncluded,
      taxRate: line.taxRate,
    })),
    totals: detail.totals,
    raw: detail.raw,
  };
}

export async function addOrderHistory(trx: Executor, orderId: number, action: string, detail: Record<string, unknown> = {}): Promise<void> {
  await trx.insertInto('channel_order_history').values({ order_id: orderId, at: nowIso(), action, detail_json: JSON.stringify(detail) }).execute();
}

/**
 * Records that the channel accepted the confirmation: the order moves to "to ship". A poll
 * may have seen the channel's new status first (a confirmation sent again after a crash),
 * so the time is recorded whatever the status, except on a cancelled order.
 */
export async function markConfirmed(db: Executor, orderId: number): Promise<void> {
  const now = nowIso();
  const changed = await db
    .updateTable('channel_orders')
    .set({ confirmed_at: now, updated_at: now })
    .where('id', '=', orderId)
    .where('confirmed_at', 'is', null)
    .where('status', '<>', 'cancelled')
    .executeTakeFirst();
  if (Number(changed.numUpdatedRows) !== 1) return;

  await db
    .updateTable('channel_orders')
    .set({ status: 'to_ship' })
    .where('id', '=', orderId)
    .where('status', 'in', ['new', 'to_confirm'] satisfies ChannelOrderStatus[])
    .execute();
  await addOrderHistory(db, orderId, 'confirmed');
}

/** Marks an order's flag as seen and dealt with by a person. */
export async function resolveFlag(trx: Tx, orderId: number, userId: number | null): Promise<void> {
  await requireOrder(trx, orderId);
  await trx.updateTable('channel_orders').set({ flag_resolved_at: nowIso(), flag_resolved_by: userId, updated_at: nowIso() }).where('id', '=', orderId).execute();
  await addOrderHistory(trx, orderId, 'flag_resolved', { userId });
}

/**
 * Gives a line without a piece (unmatched, or short after a collision) another piece and
 * reserves it. When no line is left without a piece, the flag is resolved.
 */
export async function substituteLine(trx: Tx, orderId: number, lineId: number, itemId: number, userId: number | null): Promise<void> {
  const order = await requireOrder(trx, orderId);
  if (order.status === 'cancelled') throw channelOrderErrors.channel_order_cancelled({ orderNumber: order.order_number });
  const line = await trx.selectFrom('channel_order_lines').selectAll().where('id', '=', lineId).where('order_id', '=', orderId).executeTakeFirst();
  if (!line) throw channelOrderErrors.channel_order_line_not_found({ id: lineId });
  if (line.state !== 'unmatched' && line.state !== 'short') throw channelOrderErrors.channel_order_line_not_open({ orderNumber: order.order_number, lineKey: line.line_key });

  const reservation = await reserveStock(trx, { itemId, quantity: line.quantity, holderType: RESERVATION_HOLDER, holderRef: holderRefOf(order.channel_account_id, order.order_number), userId });
  await trx
    .updateTable('channel_order_lines')
    .set({ item_id: itemId, state: 'reserved', reservation_id: reservation.id, problem_code: null, problem_json: null })
    .where('id', '=', lineId)
    .execute();
  await addOrderHistory(trx, orderId, 'line_substituted', { lineKey: line.line_key, itemId, userId });

  const open = await trx.selectFrom('channel_order_lines').select('id').where('order_id', '=', orderId).where('state', 'in', ['unmatched', 'short']).executeTakeFirst();
  if (!open) await resolveFlag(trx, orderId, userId);
}
