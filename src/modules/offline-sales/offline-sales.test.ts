import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { useSignedInApp } from '../../../test/helpers/app.js';
import { describeEachDatabase } from '../../../test/helpers/database.js';
import { createTestLocation, quantityAt, receiveTestItem } from '../../../test/helpers/factories.js';
import type { Db } from '../../db/database.js';
import type { Item } from '../../db/schema.js';
import { businessDate } from '../../shared/time.js';
import type { ChannelOrder } from '../channels/adapter.js';
import { importChannelOrder } from '../channels/orders/intake.js';
import { markConfirmed } from '../channels/orders/service.js';
import { verifyLedger } from '../ledger/service.js';

// Offline sales through the HTTP API: sent twice, against a channel order placed meanwhile,
// against a sale at another register, across midnight in Japan, and malformed.

const DAY_MS = 24 * 60 * 60 * 1000;

/** "YYYY-MM-DDTHH:mm:ss+09:00" for a Japanese business date and a wall-clock time. */
function japanTime(date: string, time: string): string {
  return `${date}T${time}+09:00`;
}

/** Returns the business date `days` days before today in Japan. */
function daysAgo(days: number): string {
  return businessDate(new Date(Date.now() - days * DAY_MS));
}

describeEachDatabase('offline sales', (database) => {
  const signedIn = useSignedInApp(database, 'ja');
  const api = () => signedIn.api();

  async function counter() {
    const db = database().db;
    const store = await createTestLocation(db, { kind: 'exhibition' });
    const register = await db.selectFrom('registers').select('id').where('location_id', '=', store.id).orderBy('id').executeTakeFirstOrThrow();
    return { db, store, registerId: register.id };
  }

  function offlineEntry(registerId: number, item: Pick<Item, 'id' | 'retail_price'>, soldAt = new Date(Date.now() - 60_000).toISOString()) {
    return {
      clientRef: randomUUID(),
      registerId,
      soldAt,
      sale: { registerId, lines: [{ itemId: item.id }], payments: [{ method: 'cash', amount: item.retail_price, tendered: item.retail_price }] },
    };
  }

  async function salesOf(db: Db, itemId: number) {
    return db
      .selectFrom('sale_lines')
      .innerJoin('sales', 'sales.id', 'sale_lines.sale_id')
      .select(['sales.id', 'sales.number', 'sales.sold_at', 'sales.business_date'])
      .where('sale_lines.item_id', '=', itemId)
      .execute();
  }

  it('records a sale sent twice once', async () => {
    const { db, store, registerId } = await counter();
    const ring = await receiveTestItem(db, { locationId: store.id, retailPrice: 88_000 });
    const entry = offlineEntry(registerId, ring);

    const first = await api().post('/api/offline-sales', { sales: [entry] });
    const second = await api().post('/api/offline-sales', { sales: [entry] });

    expect(first.statusCode, first.body).toBe(200);
    expect(second.statusCode, second.body).toBe(200);
    const [recorded] = first.json().results;
    expect(recorded).toMatchObject({ clientRef: entry.clientRef, outcome: 'recorded', conflictCode: null, duplicate: false, paidTotal: 88_000 });
    expect(second.json().results[0]).toMatchObject({ id: recorded.id, outcome: 'recorded', saleId: recorded.saleId, duplicate: true });

    const sales = await salesOf(db, ring.id);
    expect(sales).toHaveLength(1);
    expect(sales[0]!.id).toBe(recorded.saleId);
    expect(await quantityAt(db, ring.id, store.id)).toBe(0);
    const audit = await db.selectFrom('audit_events').select('action').where('entity_type', '=', 'offline_sale').where('entity_id', '=', String(recorded.id)).execute();
    expect(audit.map((event) => event.action)).toEqual(['sale.offline_sync']);
    const saleAudit = await db.selectFrom('audit_events').select('action').where('entity_type', '=', 'sale').where('entity_id', '=', String(recorded.saleId)).execute();
    expect(saleAudit.map((event) => event.action)).toEqual(['sale.complete']);
    expect(await verifyLedger(db)).toEqual([]);
  });

  /** Lists a piece on an own-site account and imports an order for it, which reserves it. */
  async function orderOnline(db: Db, ring: Item): Promise<{ orderId: number; orderNumber: string }> {
    const accountId = (
      await api().post('/api/channel-accounts', { kind: 'own_site', name: '自社サイト', settings: { baseUrl: 'http://127.0.0.1:9' }, credentials: { apiToken: 't', webhookSecret: 'offline-secret' } })
    ).json().id as number;
    expect((await api().post('/api/listings', { itemIds: [ring.id], channelAccountIds: [accountId] })).statusCode).toBe(201);
    const listing = await db.selectFrom('channel_listings').select('external_code').where('item_id', '=', ring.id).executeTakeFirstOrThrow();

    const orderNumber = `OS-${randomUUID().slice(0, 8)}`;
    const order: ChannelOrder = {
      orderNumber,
      status: 'new',
      orderedAt: new Date().toISOString(),
      version: '1',
      buyer: { name: '山田 花子', nameKana: null, postalCode: null, address: '東京都千代田区千代田1-1', phone: null, email: null },
      delivery: null,
      lines: [{ lineKey: '1', externalCode: listing.external_code, variantCode: null, title: 'K18 リング', unitPrice: ring.retail_price, quantity: 1, taxIncluded: true, taxRate: 0.1 }],
      totals: { goods: ring.retail_price, shipping: 0, fees: 0, coupon: 0, points: 0, total: ring.retail_price, taxByRate: [] },
      raw: null,
    };
    const imported = await db.transaction().execute((trx) => importChannelOrder(trx, accountId, order));
    return { orderId: imported.orderId, orderNumber };
  }

  it('releases a channel order that reserved the piece meanwhile', async () => {
    const { db, store, registerId } = await counter();
    const ring = await receiveTestItem(db, { locationId: store.id, retailPrice: 120_000 });
    // The order arrives while the exhibition counter is offline and reserves the ring.
    const imported = await orderOnline(db, ring);
    const { orderNumber } = imported;
    const orderLine = await db.selectFrom('channel_order_lines').select(['state', 'reservation_id']).where('order_id', '=', imported.orderId).executeTakeFirstOrThrow();
    expect(orderLine.state).toBe('reserved');

    const response = await api().post('/api/offline-sales', { sales: [offlineEntry(registerId, ring)] });

    expect(response.statusCode, response.body).toBe(200);
    const [result] = response.json().results;
    expect(result).toMatchObject({ outcome: 'recorded', conflictCode: 'channel_order_released', saleNumber: expect.stringMatching(/^S-/) });
    expect(result.message).toContain(orderNumber);
    expect(result.conflict.channelOrders).toEqual([{ id: imported.orderId, orderNumber }]);

    const reservation = await db.selectFrom('stock_reservations').select('status').where('id', '=', orderLine.reservation_id!).executeTakeFirstOrThrow();
    expect(reservation.status).toBe('released');
    const line = await db.selectFrom('channel_order_lines').select(['state', 'reservation_id', 'problem_code']).where('order_id', '=', imported.orderId).executeTakeFirstOrThrow();
    expect(line).toEqual({ state: 'short', reservation_id: null, problem_code: 'sold_offline' });
    const detail = (await api().get(`/api/channel-orders/${imported.orderId}`)).json();
    expect(detail.flagged).toBe(true);
    expect(detail.flagReason.ja).toContain(result.saleNumber);
    expect(detail.flagReason.ja).toContain(ring.stock_number);

    expect(await salesOf(db, ring.id)).toHaveLength(1);
    expect(await quantityAt(db, ring.id, store.id)).toBe(0);
    expect(await verifyLedger(db)).toEqual([]);
  });

  it('keeps a sale of a piece shipped online as a conflict', async () => {
    const { db, store, registerId } = await counter();
    const ring = await receiveTestItem(db, { locationId: store.id, retailPrice: 77_000 });
    const { orderId, orderNumber } = await orderOnline(db, ring);
    await markConfirmed(db, orderId);
    const shipped = await api().post(`/api/channel-orders/${orderId}/ship`, {});
    expect(shipped.statusCode, shipped.body).toBe(200);

    const response = await api().post('/api/offline-sales', { sales: [offlineEntry(registerId, ring)] });

    const [result] = response.json().results;
    expect(result).toMatchObject({ outcome: 'conflict', saleId: null, conflictCode: 'piece_gone' });
    expect(result.conflict.channelOrders).toEqual([{ id: orderId, orderNumber }]);
    expect(result.message).toContain(orderNumber);
    expect(await salesOf(db, ring.id)).toEqual([]);
    expect(await quantityAt(db, ring.id, store.id)).toBe(0);
    expect(await verifyLedger(db)).toEqual([]);
  });

  it('keeps a sale of a piece sold at another register as a conflict', async () => {
    const { db, store, registerId } = await counter();
    const ring = await receiveTestItem(db, { locationId: store.id, retailPrice: 54_000 });
    const other = (await api().post('/api/registers', { locationId: store.id, code: `R${Date.now() % 100000}`, name: 'レジ2' })).json();
    const online = await api().post('/api/sales', { registerId: other.id, lines: [{ itemId: ring.id }], payments: [{ method: 'card', amount: 54_000 }] });
    expect(online.statusCode, online.body).toBe(201);

    const response = await api().post('/api/offline-sales', { sales: [offlineEntry(registerId, ring)] });

    expect(response.statusCode, response.body).toBe(200);
    const [result] = response.json().results;
    expect(result).toMatchObject({ outcome: 'conflict', saleId: null, conflictCode: 'piece_gone', paidTotal: 54_000 });
    expect(result.conflict.items).toEqual([{ itemId: ring.id, stockNumber: ring.stock_number, name: ring.name }]);
    expect(result.conflict.otherSales).toEqual([{ id: online.json().id, number: online.json().number }]);
    expect(result.message).toContain(online.json().number);

    expect(await salesOf(db, ring.id)).toHaveLength(1);
    expect(await quantityAt(db, ring.id, store.id)).toBe(0);
    expect(await verifyLedger(db)).toEqual([]);

    const listed = (await api().get('/api/offline-sales?status=conflict')).json().offlineSales;
    expect(listed.map((row: { id: number }) => row.id)).toContain(result.id);
  });

  it('keeps device time and business date across midnight in Japan', async () => {
    const { db, store, registerId } = await counter();
    const before = await receiveTestItem(db, { locationId: store.id });
    const after = await receiveTestItem(db, { locationId: store.id });
    // Two days ago at 23:59:30 and one second past midnight, both in Japan time.
    const lateDay = daysAgo(2);
    const nextDay = daysAgo(1);
    const entries = [offlineEntry(registerId, before, japanTime(lateDay, '23:59:30')), offlineEntry(registerId, after, japanTime(nextDay, '00:00:01'))];

    const response = await api().post('/api/offline-sales', { sales: entries });

    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().results.map((result: { outcome: string }) => result.outcome)).toEqual(['recorded', 'recorded']);
    const [late] = await salesOf(db, before.id);
    const [early] = await salesOf(db, after.id);
    expect(late).toMatchObject({ business_date: lateDay, sold_at: new Date(japanTime(lateDay, '23:59:30')).toISOString() });
    expect(early).toMatchObject({ business_date: nextDay, sold_at: new Date(japanTime(nextDay, '00:00:01')).toISOString() });
    expect(response.json().results[0].soldAtDevice).toBe(new Date(japanTime(lateDay, '23:59:30')).toISOString());
  });

  it('books a sale of a closed day on today and says so', async () => {
    const { db, store, registerId } = await counter();
    const ring = await receiveTestItem(db, { locationId: store.id });
    const closedDay = daysAgo(1);
    const closing = await api().post(`/api/registers/${registerId}/closing`, { businessDate: closedDay, countedCash: 0 });
    expect(closing.statusCode, closing.body).toBe(201);

    const response = await api().post('/api/offline-sales', { sales: [offlineEntry(registerId, ring, japanTime(closedDay, '15:00:00'))] });

    const [result] = response.json().results;
    expect(result).toMatchObject({ outcome: 'recorded', conflictCode: 'register_closed_rebooked' });
    expect(result.conflict).toMatchObject({ deviceBusinessDate: closedDay, bookedOn: businessDate() });
    const [sale] = await salesOf(db, ring.id);
    expect(sale).toMatchObject({ business_date: businessDate(), sold_at: new Date(japanTime(closedDay, '15:00:00')).toISOString() });
  });

  it('rejects malformed batches and records nothing', async () => {
    const { db, store, registerId } = await counter();
    const ring = await receiveTestItem(db, { locationId: store.id });
    const valid = offlineEntry(registerId, ring);
    const cases: Array<{ body: unknown; field: string; text: RegExp }> = [
      { body: { sales: [{ ...valid, soldAt: new Date(Date.now() + 60 * 60 * 1000).toISOString() }] }, field: 'sales.0.soldAt', text: /現在より後/ },
      { body: { sales: [{ ...valid, soldAt: japanTime(daysAgo(10), '12:00:00') }] }, field: 'sales.0.soldAt', text: /7日より前/ },
      { body: { sales: [{ ...valid, soldAt: '2026-12-05 10:00' }] }, field: 'sales.0.soldAt', text: /ISO 8601/ },
      { body: { sales: [{ ...valid, clientRef: 'not-a-uuid' }] }, field: 'sales.0.clientRef', text: /UUID/ },
      { body: { sales: [valid, valid] }, field: 'sales.1.clientRef', text: /2回/ },
      { body: { sales: [{ ...valid, registerId: registerId + 100_000 }] }, field: 'sales.0.sale.registerId', text: /同じレジ/ },
      { body: { sales: [] }, field: 'sales', text: /./ },
    ];

    for (const { body, field, text } of cases) {
      const response = await api().post('/api/offline-sales', body);
      expect(response.statusCode, `${field}: ${response.body}`).toBe(400);
      const fields = response.json().error.details.fields as Array<{ field: string; message: string }>;
      const named = fields.find((candidate) => candidate.field === field);
      expect(named?.message, `${field}: ${response.body}`).toMatch(text);
    }

    const unknownRegister = await api().post('/api/offline-sales', { sales: [{ ...valid, registerId: registerId + 100_000, sale: { ...valid.sale, registerId: registerId + 100_000 } }] });
    expect(unknownRegister.statusCode).toBe(404);
    expect(await db.selectFrom('offline_sales').select('id').where('client_ref', '=', valid.clientRef).execute()).toEqual([]);
    expect(await quantityAt(db, ring.id, store.id)).toBe(1);
  });

  it('resolves a conflict once', async () => {
    const { db, store, registerId } = await counter();
    const ring = await receiveTestItem(db, { locationId: store.id });
    const spare = await receiveTestItem(db, { locationId: store.id });
    await api().post('/api/sales', { registerId, lines: [{ itemId: ring.id }], payments: [{ method: 'cash', amount: ring.retail_price }] });
    const { results } = (await api().post('/api/offline-sales', { sales: [offlineEntry(registerId, ring), offlineEntry(registerId, spare)] })).json();
    const [conflict, recorded] = results;
    expect([conflict.outcome, recorded.outcome]).toEqual(['conflict', 'recorded']);

    const first = await api().post(`/api/offline-sales/${conflict.id}/resolve`, { note: '全額返金しました' });
    const again = await api().post(`/api/offline-sales/${conflict.id}/resolve`, { note: '二回目' });
    const plain = await api().post(`/api/offline-sales/${recorded.id}/resolve`, { note: '不要' });

    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ resolutionNote: '全額返金しました', resolvedAt: expect.any(String) });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('offline_sale_already_resolved');
    expect(plain.statusCode).toBe(409);
    expect(plain.json().error.code).toBe('offline_sale_nothing_to_resolve');
    const audit = await db.selectFrom('audit_events').select('action').where('entity_type', '=', 'offline_sale').where('entity_id', '=', String(conflict.id)).orderBy('id').execute();
    expect(audit.map((event) => event.action)).toEqual(['sale.offline_sync', 'sale.offline_resolve']);
  });

  it('lists the catalogue of unreserved pieces at the register', async () => {
    const { db, store, registerId } = await counter();
    const ring = await receiveTestItem(db, { locationId: store.id, retailPrice: 33_000, janCode: '4901234567894' });
    const sold = await receiveTestItem(db, { locationId: store.id });
    await api().post('/api/sales', { registerId, lines: [{ itemId: sold.id }], payments: [{ method: 'cash', amount: sold.retail_price }] });

    const response = await api().get(`/api/offline-sales/catalogue?registerId=${registerId}`);

    expect(response.statusCode, response.body).toBe(200);
    const catalogue = response.json();
    expect(catalogue).toMatchObject({ registerId, locationId: store.id, taxRounding: expect.any(String) });
    expect(catalogue.items).toEqual([
      {
        itemId: ring.id,
        stockNumber: ring.stock_number,
        janCode: '4901234567894',
        name: ring.name,
        tracking: 'unique',
        unit: 'piece',
        retailPrice: 33_000,
        priceBasis: 'included',
        taxRatePercent: 10,
        available: 1,
        ownership: 'own',
      },
    ]);
  });
});
