import { beforeAll, expect, it } from 'vitest';
import { useSignedInApp } from '../../../test/helpers/app.js';
import { describeEachDatabase } from '../../../test/helpers/database.js';
import { createTestLocation, quantityAt, receiveTestItem, uniqueCode } from '../../../test/helpers/factories.js';
import type { ChannelOrder } from '../channels/adapter.js';
import { importChannelOrder } from '../channels/orders/intake.js';
import { markConfirmed } from '../channels/orders/service.js';
import { orderWantsGift } from './service.js';

// Parcels for channel orders: combining orders to one address, splitting an order over two
// parcels, the check digit at shipping, and the sale and channel report that shipping starts.

describeEachDatabase('shipments', (database) => {
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

  const TOKYO = { name: '山田 花子', nameKana: 'ヤマダ ハナコ', postalCode: '1000001', address: '東京都千代田区千代田1-1 パレス101', phone: '０３－１２３４－５６７８' };

  /** Imports and confirms an order of the given pieces, delivered to `delivery`. */
  async function confirmedOrder(itemCodes: string[], delivery = TOKYO, raw: unknown = {}): Promise<number> {
    const db = database().db;
    for (const code of itemCodes) {
      const item = await db.selectFrom('items').select('id').where('stock_number', '=', code).executeTakeFirstOrThrow();
      expect((await api().post('/api/listings', { itemIds: [item.id], channelAccountIds: [accountId] })).statusCode).toBe(201);
    }
    const order: ChannelOrder = {
      orderNumber: uniqueCode('OS-'),
      status: 'to_confirm',
      orderedAt: '2026-12-05T01:00:00.000Z',
      version: '1',
      buyer: { ...delivery, email: 'hanako@example.jp' },
      delivery,
      lines: itemCodes.map((code, index) => ({ lineKey: String(index + 1), externalCode: code.toLowerCase(), variantCode: null, title: `リング ${code}`, unitPrice: 33_000, quantity: 1, taxIncluded: true, taxRate: 0.1 })),
      totals: { goods: 33_000 * itemCodes.length, shipping: 0, fees: 0, coupon: 0, points: 0, total: 33_000 * itemCodes.length, taxByRate: [] },
      raw,
    };
    const imported = await db.transaction().execute((trx) => importChannelOrder(trx, accountId, order));
    await markConfirmed(db, imported.orderId);
    return imported.orderId;
  }

  async function piece(): Promise<{ id: number; code: string }> {
    const item = await receiveTestItem(database().db, { locationId: storeId, retailPrice: 33_000, stockNumber: uniqueCode('SH') });
    return { id: item.id, code: item.stock_number };
  }

  it('combines orders to one address', async () => {
    const [a, b, c] = [await piece(), await piece(), await piece()];
    const first = await confirmedOrder([a.code]);
    const second = await confirmedOrder([b.code], { ...TOKYO, postalCode: '100-0001', phone: '03-1234-5678' });
    const elsewhere = await confirmedOrder([c.code], { ...TOKYO, address: '大阪府大阪市北区梅田1-1' });

    const created = await api().post('/api/shipments/from-orders', { orderIds: [first, second, elsewhere], carrier: 'yamato', service: 'hatsubarai' });
    expect(created.statusCode, created.body).toBe(201);
    const shipments = created.json().shipments as Array<{ id: number; orderNumbers: string[]; pieces: number; prefecture: string; addressProblems: number }>;
    expect(shipments.map((s) => s.pieces).sort()).toEqual([1, 2]);
    const combined = shipments.find((s) => s.pieces === 2)!;
    expect(combined.prefecture).toBe('東京都');
    expect(combined.addressProblems).toBe(0);

    const detail = (await api().get(`/api/shipments/${combined.id}`)).json();
    expect(detail.recipient).toMatchObject({ postalCode: '100-0001', prefecture: '東京都', address1: '千代田区千代田1-1 パレス101', phone: '03-1234-5678' });
    expect(detail.number).toMatch(/^SH-\d{4}-\d{6}$/);

    const again = await api().post('/api/shipments/from-orders', { orderIds: [first], carrier: 'yamato', service: 'hatsubarai' });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.message).toContain('すべて出荷に入っています');
  });

  it('splits an order and sells on last parcel', async () => {
    const db = database().db;
    const [a, b] = [await piece(), await piece()];
    const orderId = await confirmedOrder([a.code, b.code]);
    const lines = (await api().get(`/api/channel-orders/${orderId}`)).json().lines as Array<{ id: number }>;

    const firstParcel = await api().post('/api/shipments', { orders: [{ orderId, lineIds: [lines[0]!.id] }], carrier: 'sagawa', service: 'hikyaku' });
    expect(firstParcel.statusCode, firstParcel.body).toBe(201);
    const sameLine = await api().post('/api/shipments', { orders: [{ orderId, lineIds: [lines[0]!.id] }], carrier: 'sagawa', service: 'hikyaku' });
    expect(sameLine.statusCode).toBe(409);
    expect(sameLine.json().error.message).toContain(firstParcel.json().number);
    const secondParcel = await api().post('/api/shipments', { orders: [{ orderId }], carrier: 'sagawa', service: 'hikyaku' });
    expect(secondParcel.statusCode, secondParcel.body).toBe(201);
    expect(secondParcel.json().lines).toHaveLength(1);

    // 512547514334 passes the mod-7 rule; ...335 does not.
    const wrong = await api().post(`/api/shipments/${firstParcel.json().id}/ship`, { trackingNumber: '5125-4751-4335' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.message).toContain('チェックデジット');

    const shipped = await api().post(`/api/shipments/${firstParcel.json().id}/ship`, { trackingNumber: '５１２５-４７５１-４３３４' });
    expect(shipped.statusCode, shipped.body).toBe(200);
    expect(shipped.json()).toMatchObject({ status: 'shipped', trackingNumber: '512547514334' });
    expect(shipped.json().trackingUrl).toContain('512547514334');
    expect((await api().get(`/api/channel-orders/${orderId}`)).json().status).toBe('to_ship');
    expect(await quantityAt(db, a.id, storeId)).toBe(1);

    const last = await api().post(`/api/shipments/${secondParcel.json().id}/ship`, { trackingNumber: '123456789013' });
    expect(last.statusCode, last.body).toBe(200);
    const order = (await api().get(`/api/channel-orders/${orderId}`)).json();
    expect(order.status).toBe('shipped');
    expect(order.lines.map((line: { state: string }) => line.state)).toEqual(['sold', 'sold']);
    expect(order.shipments.map((s: { trackingNumber: string }) => s.trackingNumber)).toEqual(['512547514334', '123456789013']);
    expect(await quantityAt(db, a.id, storeId)).toBe(0);
    expect(await quantityAt(db, b.id, storeId)).toBe(0);

    const reports = await db.selectFrom('shipment_reports').select(['status', 'tracking_number', 'carrier']).where('channel_order_id', '=', orderId).orderBy('id').execute();
    expect(reports).toEqual([
      { status: 'pending', tracking_number: '512547514334', carrier: 'sagawa' },
      { status: 'pending', tracking_number: '123456789013', carrier: 'sagawa' },
    ]);
    const events = await db.selectFrom('outbox_events').select('topic').where('aggregate_type', '=', 'shipment_report').execute();
    expect(events.length).toBeGreaterThanOrEqual(2);
  });

  it('enforces status order', async () => {
    const a = await piece();
    const orderId = await confirmedOrder([a.code]);
    const created = (await api().post('/api/shipments', { orders: [{ orderId }], carrier: 'japanpost', service: 'yupack' })).json();

    expect((await api().post(`/api/shipments/${created.id}/deliver`, {})).statusCode).toBe(409);
    const packed = await api().post('/api/shipments/status', { ids: [created.id], status: 'packed' });
    expect(packed.json().shipments[0].status).toBe('packed');

    const cancelled = await api().post(`/api/shipments/${created.id}/cancel`, {});
    expect(cancelled.json().status).toBe('cancelled');
    expect((await api().post(`/api/shipments/${created.id}/ship`, { trackingNumber: '405548424886' })).statusCode).toBe(409);

    // The cancelled parcel's line is free again.
    const again = await api().post('/api/shipments', { orders: [{ orderId }], carrier: 'japanpost', service: 'yupack' });
    expect(again.statusCode, again.body).toBe(201);
    const shipped = await api().post(`/api/shipments/${again.json().id}/ship`, { trackingNumber: '405548424886' });
    expect(shipped.json().status).toBe('shipped');
    expect((await api().post(`/api/shipments/${again.json().id}/deliver`, {})).json().status).toBe('delivered');
    expect((await api().post(`/api/shipments/${again.json().id}/return`, { reason: '受取拒否' })).json().status).toBe('returned');
  });

  it('checks service, COD and recipient fields', async () => {
    const a = await piece();
    const orderId = await confirmedOrder([a.code]);

    const service = await api().post('/api/shipments', { orders: [{ orderId }], carrier: 'sagawa', service: 'nekopos' });
    expect(service.statusCode).toBe(400);
    expect(service.json().error.message).toContain('佐川急便');

    const cod = await api().post('/api/shipments', { orders: [{ orderId }], carrier: 'yamato', service: 'collect' });
    expect(cod.statusCode).toBe(400);
    expect(cod.json().error.message).toContain('代引金額');

    const tooMuch = await api().post('/api/shipments', { orders: [{ orderId }], carrier: 'yamato', service: 'collect', codAmount: 400_000 });
    expect(tooMuch.statusCode).toBe(400);
    expect(tooMuch.json().error.message).toContain('代金引換額は 1〜300,000 円');

    const created = (await api().post('/api/shipments', { orders: [{ orderId }], carrier: 'yamato', service: 'collect', codAmount: 33_000 })).json();
    const bad = await api().patch(`/api/shipments/${created.id}`, { recipient: { name: '山田', postalCode: '12-345', prefecture: '東京', address1: '千代田区1-1', phone: '12' } });
    expect(bad.statusCode).toBe(400);
    const fields = JSON.stringify(bad.json().error);
    expect(fields).toContain('postalCode');
    expect(fields).toContain('prefecture');
    expect(fields).toContain('phone');

    const fixed = await api().patch(`/api/shipments/${created.id}`, { recipient: { name: '山田 太郎', postalCode: '５３００００１', prefecture: '大阪府', address1: '大阪市北区梅田1-1', address2: '', phone: '+81 6-1234-5678' } });
    expect(fixed.statusCode, fixed.body).toBe(200);
    expect(fixed.json().recipient).toMatchObject({ postalCode: '530-0001', address2: null, phone: '06-1234-5678' });
  });

  it('delivers a store sale to its customer', async () => {
    const db = database().db;
    const a = await piece();
    const customer = await api().post('/api/customers', {
      familyName: '佐藤',
      givenName: '一郎',
      phone: '090-1111-2222',
      postalCode: '060-0001',
      prefecture: '北海道',
      address: '札幌市中央区北一条西1-1',
    });
    expect(customer.statusCode, customer.body).toBe(201);
    const register = await db.selectFrom('registers').select('id').where('location_id', '=', storeId).orderBy('id').executeTakeFirstOrThrow();
    const sale = await api().post('/api/sales', { registerId: register.id, customerId: customer.json().id, lines: [{ itemId: a.id }], payments: [{ method: 'card', amount: 33_000 }] });
    expect(sale.statusCode, sale.body).toBe(201);

    const created = await api().post('/api/shipments', { sales: [{ saleId: sale.json().id }], carrier: 'yamato', service: 'hatsubarai', gift: true, giftMessage: 'お誕生日おめでとう' });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json().recipient).toMatchObject({ name: '佐藤 一郎', prefecture: '北海道', postalCode: '060-0001', address1: '札幌市中央区北一条西1-1' });
    expect(created.json().sales).toEqual([expect.objectContaining({ id: sale.json().id })]);
    expect(created.json().lines[0]).toMatchObject({ itemId: a.id, quantity: 1, unitPrice: 33_000 });

    const shipped = await api().post(`/api/shipments/${created.json().id}/ship`, { trackingNumber: '444413758703' });
    expect(shipped.statusCode, shipped.body).toBe(200);
    expect(shipped.json().reports).toEqual([]);
  });

  it('refuses a number on two parcels', async () => {
    const [a, b] = [await piece(), await piece()];
    const first = (await api().post('/api/shipments', { orders: [{ orderId: await confirmedOrder([a.code]) }], carrier: 'yamato', service: 'hatsubarai' })).json();
    const second = (await api().post('/api/shipments', { orders: [{ orderId: await confirmedOrder([b.code], { ...TOKYO, address: '大阪府大阪市北区梅田1-1' }) }], carrier: 'yamato', service: 'hatsubarai' })).json();

    expect((await api().post(`/api/shipments/${first.id}/ship`, { trackingNumber: '400000000002' })).statusCode).toBe(200);
    const twice = await api().post(`/api/shipments/${second.id}/ship`, { trackingNumber: '4000-0000-0002' });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error.message).toContain(first.number);
  });

  it('rejects a slot Yamato lacks', async () => {
    const a = await piece();
    const orderId = await confirmedOrder([a.code]);
    const slot = await api().post('/api/shipments', { orders: [{ orderId }], carrier: 'yamato', service: 'hatsubarai', deliveryTime: '12-14' });
    expect(slot.statusCode).toBe(400);
    expect(slot.json().error.message).toContain('12〜14時');
    const sagawa = await api().post('/api/shipments', { orders: [{ orderId }], carrier: 'sagawa', service: 'hikyaku', deliveryTime: '12-14' });
    expect(sagawa.statusCode, sagawa.body).toBe(201);
    const moved = await api().patch(`/api/shipments/${sagawa.json().id}`, { carrier: 'yamato', service: 'hatsubarai' });
    expect(moved.statusCode).toBe(400);
  });

  it('keeps cancelled parcels out of files', async () => {
    await api().put('/api/shipping/settings', {
      sender: { name: 'ジュエリー銀座', postalCode: '104-0061', prefecture: '東京都', address1: '中央区銀座4-1-1', phone: '03-3333-4444' },
      defaultItemName: 'アクセサリー',
      handling: [],
      yamato: { customerCode: '012345678901', freightNumber: '01' },
      sagawa: {},
    });
    const a = await piece();
    const created = (await api().post('/api/shipments', { orders: [{ orderId: await confirmedOrder([a.code]) }], carrier: 'yamato', service: 'hatsubarai' })).json();
    await api().post(`/api/shipments/${created.id}/cancel`, {});

    const check = await api().post('/api/shipments/carrier-file/check', { format: 'yamato_b2', ids: [created.id] });
    expect(check.json().rows).toBe(0);
    expect(check.json().problems).toEqual([expect.objectContaining({ shipmentNumber: created.number, code: 'not_open' })]);
    expect((await api().post('/api/shipments/carrier-file', { format: 'yamato_b2', ids: [created.id] })).statusCode).toBe(400);

    const header = ['お客様管理番号', '送り状種類', 'クール区分', '伝票番号'];
    const file = Buffer.from(`${header.join(',')}\r\n${created.number},0,0,444413758703\r\n`).toString('base64');
    const imported = (await api().post('/api/shipments/tracking-import', { contentBase64: file, dryRun: true })).json();
    expect(imported.rows[0].status).toBe('not_shippable');
    expect(imported.rows[0].message.ja).toContain('取り消されています');
  });

  it('marks gift orders as gift parcels', async () => {
    const [a, b] = [await piece(), await piece()];
    const gift = await confirmedOrder([a.code], { ...TOKYO, address: '福岡県福岡市中央区天神1-1' }, { giftCheckFlag: 1 });
    const plain = await confirmedOrder([b.code], { ...TOKYO, address: '福岡県福岡市中央区天神2-2' }, { giftCheckFlag: 0 });
    const created = (await api().post('/api/shipments/from-orders', { orderIds: [gift, plain], carrier: 'yamato', service: 'hatsubarai' })).json();
    expect(created.shipments.map((s: { gift: boolean }) => s.gift).sort()).toEqual([false, true]);

    expect(orderWantsGift('<OrderInfo><NeedGiftWrap>true</NeedGiftWrap></OrderInfo>')).toBe(true);
    expect(orderWantsGift('<OrderInfo><NeedGiftWrap>false</NeedGiftWrap></OrderInfo>')).toBe(false);
  });
});

