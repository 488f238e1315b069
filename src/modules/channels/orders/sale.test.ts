import { beforeAll, expect, it } from 'vitest';
import { useSignedInApp } from '../../../../test/helpers/app.js';
import { consignTestItem } from '../../../../test/helpers/consignment.js';
import { describeEachDatabase } from '../../../../test/helpers/database.js';
import { createTestLocation, quantityAt, receiveTestItem, uniqueCode } from '../../../../test/helpers/factories.js';
import type { ChannelOrder } from '../adapter.js';
import { sellableQuantity } from '../listings/availability.js';
import { importChannelOrder } from './intake.js';
import { markConfirmed } from './service.js';

// A channel order is sold when it ships; a consigned piece in it gets its payable then, and a
// partial refund afterwards recomputes the payable. Amounts are worked out by hand below.

describeEachDatabase('channel order sale and refund', (database) => {
  const signedIn = useSignedInApp(database, 'ja');
  const api = () => signedIn.api();
  let accountId = 0;
  let storeId = 0;

  beforeAll(async () => {
    accountId = (
      await api().post('/api/channel-accounts', { kind: 'own_site', name: '自社サイト', settings: { baseUrl: 'http://127.0.0.1:9' }, credentials: { apiToken: 't', webhookSecret: 'w' } })
    ).json().id;
    storeId = (await createTestLocation(database().db)).id;
  });

  async function list(itemId: number) {
    expect((await api().post('/api/listings', { itemIds: [itemId], channelAccountIds: [accountId] })).statusCode).toBe(201);
  }

  function order(orderNumber: string, lines: Array<{ code: string; price: number }>, coupon: number): ChannelOrder {
    const goods = lines.reduce((sum, line) => sum + line.price, 0);
    return {
      orderNumber,
      status: 'to_confirm',
      orderedAt: '2026-12-05T01:00:00.000Z',
      version: '1',
      buyer: { name: '山田 花子', nameKana: null, postalCode: '1000001', address: '東京都千代田区千代田1-1', phone: null, email: null },
      delivery: null,
      lines: lines.map((line, index) => ({ lineKey: String(index + 1), externalCode: line.code.toLowerCase(), variantCode: null, title: line.code, unitPrice: line.price, quantity: 1, taxIncluded: true, taxRate: 0.1 })),
      totals: { goods, shipping: 0, fees: 0, coupon, points: 0, total: goods - coupon, taxByRate: [] },
      raw: {},
    };
  }

  it('ship with coupon, then partial refund', async () => {
    const db = database().db;
    const consigned = await consignTestItem(db, { locationId: storeId, retailPrice: 55_000, stockNumber: uniqueCode('CS') });
    const own = await receiveTestItem(db, { locationId: storeId, retailPrice: 11_000, stockNumber: uniqueCode('OW') });
    await list(consigned.item.id);
    await list(own.id);

    // ¥6,600 coupon over ¥55,000 + ¥11,000 = ¥66,000: ¥5,500 to the consigned piece, ¥1,100 to ours.
    const imported = await db.transaction().execute((trx) =>
      importChannelOrder(trx, accountId, order(uniqueCode('OS-'), [{ code: consigned.item.stock_number, price: 55_000 }, { code: own.stock_number, price: 11_000 }], 6_600)),
    );
    const early = await api().post(`/api/channel-orders/${imported.orderId}/ship`, {});
    expect(early.statusCode).toBe(409);
    expect(early.json().error.message).toContain('発送待ち');
    await markConfirmed(db, imported.orderId);

    const shipped = await api().post(`/api/channel-orders/${imported.orderId}/ship`, {});
    expect(shipped.statusCode, shipped.body).toBe(200);
    expect(shipped.json().status).toBe('shipped');
    expect(shipped.json().lines.map((line: { state: string }) => line.state)).toEqual(['sold', 'sold']);
    expect(shipped.json().lines[0].consignor).toMatchObject({ id: consigned.consignorId });
    expect(await quantityAt(db, consigned.item.id, storeId)).toBe(0);
    const reservations = await db.selectFrom('stock_reservations').select('status').where('item_id', 'in', [consigned.item.id, own.id]).execute();
    expect(reservations.map((row) => row.status)).toEqual(['consumed', 'consumed']);
    const movements = await db.selectFrom('stock_movements').select(['kind', 'document_type']).where('item_id', '=', own.id).where('kind', '=', 'channel_sale').execute();
    expect(movements).toEqual([{ kind: 'channel_sale', document_type: 'channel_order' }]);

    // Consignor bears discounts: sold ¥49,500, commission 20 % = ¥9,900, owed ¥39,600.
    const payables = () => db.selectFrom('consignment_payables').selectAll().where('item_id', '=', consigned.item.id).orderBy('id').execute();
    const [sale] = await payables();
    expect(sale).toMatchObject({ source_type: 'channel_sale' });
    expect([sale!.list_amount, sale!.discount_amount, sale!.sold_amount, sale!.commission_amount, sale!.amount].map(Number)).toEqual([55_000, 5_500, 49_500, 9_900, 39_600]);
    expect(await db.selectFrom('consignment_payables').select('id').where('item_id', '=', own.id).execute()).toHaveLength(0);

    // Shipping again sells nothing more.
    expect((await api().post(`/api/channel-orders/${imported.orderId}/ship`, {})).statusCode).toBe(200);
    expect(await payables()).toHaveLength(1);

    // A ¥4,950 refund: sold ¥44,550, commission ¥8,910, owed ¥35,640: a correction of -¥3,960.
    const lineId = shipped.json().lines[0].id;
    const refunded = await api().post(`/api/channel-orders/${imported.orderId}/refunds`, { lineId, amount: 4_950, reason: '小傷のため一部返金' });
    expect(refunded.statusCode, refunded.body).toBe(200);
    expect(refunded.json().lines[0].refundedAmount).toBe(4_950);
    expect(refunded.json().refunds).toHaveLength(1);
    const [, correction] = await payables();
    expect(correction).toMatchObject({ source_type: 'channel_refund' });
    expect([correction!.refund_amount, correction!.sold_amount, correction!.commission_amount, correction!.amount].map(Number)).toEqual([4_950, -4_950, -990, -3_960]);
    const owed = (await payables()).reduce((sum, entry) => sum + Number(entry.amount), 0);
    expect(owed).toBe(35_640);

    // More than what is left (¥44,550) is refused, naming the limit.
    const tooMuch = await api().post(`/api/channel-orders/${imported.orderId}/refunds`, { lineId, amount: 44_551, reason: 'x' });
    expect(tooMuch.statusCode).toBe(400);
    expect(tooMuch.json().error.message).toContain('44,550');

    // The buyer then sends the piece back: it is in stock again, held for its consignor, and
    // nothing is owed any more.
    const returned = await api().post(`/api/channel-orders/${imported.orderId}/returns`, { lineId, locationId: storeId, reason: 'サイズ違い' });
    expect(returned.statusCode, returned.body).toBe(200);
    expect(returned.json().lines[0].returnedAt).not.toBeNull();
    expect(await quantityAt(db, consigned.item.id, storeId)).toBe(1);
    const item = await db.selectFrom('items').select('status').where('id', '=', consigned.item.id).executeTakeFirstOrThrow();
    expect(item.status).toBe('in_stock');
    const held = await db.selectFrom('consigned_items').select('status').where('item_id', '=', consigned.item.id).executeTakeFirstOrThrow();
    expect(held.status).toBe('held');
    const remaining = (await payables()).reduce((sum, entry) => sum + Number(entry.amount), 0);
    expect(remaining).toBe(0);
    const events = await db
      .selectFrom('outbox_events')
      .select('payload_json')
      .where('aggregate_type', '=', 'item')
      .where('aggregate_id', '=', String(consigned.item.id))
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(events.payload_json)).toMatchObject({ reason: 'channel_return' });

    const again = await api().post(`/api/channel-orders/${imported.orderId}/returns`, { lineId, locationId: storeId, reason: 'again' });
    expect(again.statusCode).toBe(409);
    const refundAfterReturn = await api().post(`/api/channel-orders/${imported.orderId}/refunds`, { lineId, amount: 100, reason: 'x' });
    expect(refundAfterReturn.statusCode).toBe(409);
  });

  it('ship rejected for a line without a piece', async () => {
    const db = database().db;
    const imported = await db.transaction().execute((trx) => importChannelOrder(trx, accountId, order(uniqueCode('OS-'), [{ code: 'NO-SUCH', price: 1_000 }], 0)));
    await markConfirmed(db, imported.orderId);
    const response = await api().post(`/api/channel-orders/${imported.orderId}/ship`, {});
    expect(response.statusCode).toBe(409);
    expect(response.json().error.message).toContain('代わりの品');
  });

  it('sells when the channel reports shipped', async () => {
    const db = database().db;
    const piece = await receiveTestItem(db, { locationId: storeId, retailPrice: 22_000, stockNumber: uniqueCode('SH') });
    await list(piece.id);
    const placed = order(uniqueCode('OS-'), [{ code: piece.stock_number, price: 22_000 }], 0);
    const imported = await db.transaction().execute((trx) => importChannelOrder(trx, accountId, placed));
    await db.transaction().execute((trx) => importChannelOrder(trx, accountId, { ...placed, status: 'shipped', version: '2' }));
    const detail = (await api().get(`/api/channel-orders/${imported.orderId}`)).json();
    expect(detail.status).toBe('shipped');
    expect(detail.lines[0].state).toBe('sold');
    expect(await quantityAt(db, piece.id, storeId)).toBe(0);
  });

  it('stays shipped when the channel still reports it to ship', async () => {
    const db = database().db;
    const piece = await receiveTestItem(db, { locationId: storeId, retailPrice: 22_000, stockNumber: uniqueCode('SH') });
    await list(piece.id);
    const placed = order(uniqueCode('OS-'), [{ code: piece.stock_number, price: 22_000 }], 0);
    const imported = await db.transaction().execute((trx) => importChannelOrder(trx, accountId, placed));
    await markConfirmed(db, imported.orderId);
    const shipped = await api().post(`/api/channel-orders/${imported.orderId}/ship`, {});
    expect(shipped.statusCode, shipped.body).toBe(200);

    // The next poll reads the channel before it has our shipment report.
    await db.transaction().execute((trx) => importChannelOrder(trx, accountId, { ...placed, status: 'to_ship', version: '2' }));
    const detail = (await api().get(`/api/channel-orders/${imported.orderId}`)).json();
    expect(detail.status).toBe('shipped');
    expect(detail.lines[0].state).toBe('sold');
  });

  it('away pieces unsellable unless kept listed', async () => {
    const db = database().db;
    const exhibition = await createTestLocation(db, { kind: 'exhibition' });
    const piece = await receiveTestItem(db, { locationId: exhibition.id });
    expect(await sellableQuantity(db, piece.id)).toBe(0);
    await db.updateTable('items').set({ keep_listed_away: 1 }).where('id', '=', piece.id).execute();
    expect(await sellableQuantity(db, piece.id)).toBe(1);
    const atStore = await receiveTestItem(db, { locationId: storeId });
    expect(await sellableQuantity(db, atStore.id)).toBe(1);
  });
});
