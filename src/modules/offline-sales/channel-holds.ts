import type { Tx } from '../../db/database.js';
import { nowIso } from '../../db/database.js';
import { orderProblems } from '../channels/orders/errors.js';
import { RESERVATION_HOLDER } from '../channels/orders/intake.js';
import { releaseReservation } from '../reservations/service.js';
import type { SaleLineInput } from '../sales/schemas.js';

// A channel order that reserved a piece while the counter was offline loses it to the
// offline sale: the customer at the counter already has the piece in hand. The order's line
// becomes short and the order is flagged, so a person cancels it on the channel or assigns
// another piece.

export interface ReleasedHold {
  orderId: number;
  orderNumber: string;
  accountName: string;
  lineId: number;
  itemId: number;
  stockNumber: string;
  itemName: string;
}

/**
 * Releases, in the caller's transaction, the channel orders' reservations that stand
 * between an offline sale and its pieces at the register's location. Only holds on stock
 * that is still there are released: when the piece itself is gone (sold or shipped), nothing
 * is released and the sale then fails with insufficient_stock. The newest reservations
 * are released first, because they are the ones made while the device was offline. A hold on more than the sale needs
 * (a quantity-tracked good) is released whole, and its order line becomes short.
 */
export async function releaseChannelHolds(trx: Tx, locationId: number, lines: readonly SaleLineInput[]): Promise<ReleasedHold[]> {
  const released: ReleasedHold[] = [];
  const byItemId = [...lines].sort((a, b) => a.itemId - b.itemId);

  for (const line of byItemId) {
    const balance = await trx
      .selectFrom('stock_balances')
      .select(['quantity', 'reserved_quantity'])
      .where('item_id', '=', line.itemId)
      .where('location_id', '=', locationId)
      .executeTakeFirst();
    if (!balance) continue;
    let shortfall = line.quantity - (Number(balance.quantity) - Number(balance.reserved_quantity));
    if (shortfall <= 0 || Number(balance.quantity) < line.quantity) continue;

    const holds = await trx
      .selectFrom('stock_reservations')
      .innerJoin('channel_order_lines', 'channel_order_lines.reservation_id', 'stock_reservations.id')
      .innerJoin('channel_orders', 'channel_orders.id', 'channel_order_lines.order_id')
      .innerJoin('channel_accounts', 'channel_accounts.id', 'channel_orders.channel_account_id')
      .innerJoin('items', 'items.id', 'stock_reservations.item_id')
      .select([
        'stock_reservations.id as reservation_id',
        'stock_reservations.quantity',
        'channel_order_lines.id as line_id',
        'channel_orders.id as order_id',
        'channel_orders.order_number',
        'channel_accounts.name as account_name',
        'items.stock_number',
        'items.name as item_name',
      ])
      .where('stock_reservations.item_id', '=', line.itemId)
      .where('stock_reservations.location_id', '=', locationId)
      .where('stock_reservations.status', '=', 'active')
      .where('stock_reservations.holder_type', '=', RESERVATION_HOLDER)
      .orderBy('stock_reservations.id', 'desc')
      .execute();

    for (const hold of holds) {
      if (shortfall <= 0) break;
      await releaseReservation(trx, hold.reservation_id);
      await trx.updateTable('channel_order_lines').set({ state: 'short', reservation_id: null }).where('id', '=', hold.line_id).execute();
      shortfall -= hold.quantity;
      released.push({
        orderId: hold.order_id,
        orderNumber: hold.order_number,
        accountName: hold.account_name,
        lineId: hold.line_id,
        itemId: line.itemId,
        stockNumber: hold.stock_number,
        itemName: hold.item_name,
      });
    }
  }
  return released;
}

/**
 * Flags each order that lost a piece to an offline sale, naming the piece and the sale on
 * the line and the order. An order already flagged for something else keeps its first code
 * and gets this message added. An order whose earlier flag was resolved is flagged again.
 */
export async function flagOrdersSoldOffline(trx: Tx, released: readonly ReleasedHold[], sale: { id: number; number: string }): Promise<void> {
  const now = nowIso();

  for (const hold of released) {
    const problem = orderProblems.sold_offline({ stockNumber: hold.stockNumber, saleNumber: sale.number });
    await trx
      .updateTable('channel_order_lines')
      .set({ problem_code: problem.code, problem_json: JSON.stringify(problem.messages) })
      .where('id', '=', hold.lineId)
      .execute();

    const order = await trx.selectFrom('channel_orders').select(['flagged', 'flag_code', 'flag_json', 'flag_resolved_at']).where('id', '=', hold.orderId).executeTakeFirstOrThrow();
    const open = order.flagged === 1 && order.flag_resolved_at === null && order.flag_json !== null;
    const previous = open ? (JSON.parse(order.flag_json!) as { ja: string; en: string }) : null;
    const messages = previous ? { ja: `${previous.ja}\n${problem.messages.ja}`, en: `${previous.en}\n${problem.messages.en}` } : problem.messages;
    await trx
      .updateTable('channel_orders')
      .set({
        flagged: 1,
        flag_code: open ? order.flag_code : problem.code,
        flag_json: JSON.stringify(messages),
        flag_resolved_at: null,
        flag_resolved_by: null,
        updated_at: now,
      })
      .where('id', '=', hold.orderId)
      .execute();
    await trx
      .insertInto('channel_order_history')
      .values({ order_id: hold.orderId, at: now, action: 'sold_offline', detail_json: JSON.stringify({ saleId: sale.id, saleNumber: sale.number, itemId: hold.itemId, lineId: hold.lineId }) })
      .execute();
  }
}
