import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { useSignedInApp } from '../../../../test/helpers/app.js';
import { describeEachDatabase } from '../../../../test/helpers/database.js';
import { createTestLocation, receiveTestItem } from '../../../../test/helpers/factories.js';
import { createRakutenAdapter } from '../rakuten/adapter.js';
import { createRakutenMock, type RakutenMock } from '../rakuten/mock/index.js';
import { signWebhook } from '../own-site/signature.js';
import { importChannelOrder } from './intake.js';

// Order intake: the published Rakuten sample through the real adapter and the mock, lines
// that match no listing, re-imports, and own-site orders arriving by signed webhook.

const SAMPLES = path.resolve(import.meta.dirname, '../../../../../shared/data/real/rakuten');

describeEachDatabase('channel order intake', (database) => {
  const signedIn = useSignedInApp(database, 'ja');
  const api = () => signedIn.api();
  let mock: RakutenMock;
  let rakutenId = 0;
  let ownSiteId = 0;
  let storeId = 0;

  beforeAll(async () => {
    mock = createRakutenMock({ serviceSecret: 's', licenseKey: 'k' });
    await mock.listen({ host: '127.0.0.1', port: 0 });
    rakutenId = (await api().post('/api/channel-accounts', { kind: 'rakuten', name: '楽天', settings: { baseUrl: mock.url }, credentials: { serviceSecret: 's', licenseKey: 'k' } })).json().id;
    ownSiteId = (
      await api().post('/api/channel-accounts', { kind: 'own_site', name: '自社サイト', settings: { baseUrl: 'http://127.0.0.1:9' }, credentials: { apiToken: 't', webhookSecret: 'webhook-secret' } })
    ).json().id;
    storeId = (await createTestLocation(database().db)).id;
  });

  afterAll(async () => {
    await mock?.close();
  });

  async function listed(stockNumber: string, accountId: number) {
    const item = await receiveTestItem(database().db, { locationId: storeId, stockNumber });
    expect((await api().post('/api/listings', { itemIds: [item.id], channelAccountIds: [accountId] })).statusCode).toBe(201);
    return item;
  }

  it('imports the published Rakuten getOrder sample through the adapter, once', async () => {
    const pieces = [await listed('C3PS390', rakutenId), await listed('S1GR050', rakutenId), await listed('TST1234', rakutenId)];
    const sample = JSON.parse(readFileSync(path.join(SAMPLES, 'getOrderItem-response-200.json'), 'utf8')).OrderModelList[0];
    expect((await fetch(`${mock.url}/__mock/orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ order: sample }) })).status).toBe(201);

    const adapter = createRakutenAdapter({ baseUrl: mock.url, serviceSecret: 's', licenseKey: 'k' });
    const [order] = await adapter.getOrders([sample.orderNumber]);
    const db = database().db;
    const first = await db.transaction().execute((trx) => importChannelOrder(trx, rakutenId, order!));
    const again = await db.transaction().execute((trx) => importChannelOrder(trx, rakutenId, order!));
    expect(first.outcome).toBe('created');
    expect(again).toEqual({ outcome: 'unchanged', orderId: first.orderId });

    const detail = (await api().get(`/api/channel-orders/${first.orderId}`)).json();
    expect(detail).toMatchObject({ orderNumber: '123456-20230417-0207814266', status: 'to_confirm', flagged: false, total: 8225 });
    expect(detail.totalsCheck.ok).toBe(true);
    expect(detail.lines.map((line: { stockNumber: string; state: string; unitPrice: number }) => [line.stockNumber, line.state, line.unitPrice])).toEqual([
      ['C3PS390', 'reserved', 1200],
      ['S1GR050', 'reserved', 6600],
      ['TST1234', 'reserved', 1350],
    ]);
    expect(detail.raw).toEqual(sample);

    const holds = await db.selectFrom('stock_reservations').select('item_id').where('item_id', 'in', pieces.map((piece) => piece.id)).where('status', '=', 'active').execute();
    expect(holds).toHaveLength(3);
    const confirmations = await db.selectFrom('outbox_events').select('id').where('topic', '=', 'channel_order.confirm').where('aggregate_id', '=', String(first.orderId)).execute();
    expect(confirmations).toHaveLength(1);
  });

  it('flags an order whose line matches no listing, and keeps the line', async () => {
    const body = ownSiteOrder('OS-UNKNOWN-1', 'NO-SUCH-SKU');
    const response = await postWebhook(body);
    expect(response.statusCode, response.body).toBe(200);
    const detail = (await api().get(`/api/channel-orders/${response.json().orderId}`)).json();
    expect(detail.flagged).toBe(true);
    expect(detail.flagReason.ja).toContain('NO-SUCH-SKU');
    expect(detail.lines[0]).toMatchObject({ state: 'unmatched', externalCode: 'NO-SUCH-SKU' });

    // A person assigns a piece; the flag is resolved with the last open line.
    const substitute = await receiveTestItem(database().db, { locationId: storeId });
    const resolved = (await api().post(`/api/channel-orders/${detail.id}/lines/${detail.lines[0].id}/substitute`, { itemId: substitute.id })).json();
    expect(resolved.flagged).toBe(false);
    expect(resolved.lines[0]).toMatchObject({ state: 'reserved', itemId: substitute.id });
  });

  it('takes own-site orders by signed webhook, once, and refuses a bad signature', async () => {
    const piece = await listed('OWN-RING-1', ownSiteId);
    const body = ownSiteOrder('OS-1001', 'own-ring-1');

    const first = await postWebhook(body);
    const again = await postWebhook(body);
    expect(first.json().outcome).toBe('created');
    expect(again.json()).toEqual({ outcome: 'unchanged', orderId: first.json().orderId });
    const holds = await database().db.selectFrom('stock_reservations').select('id').where('item_id', '=', piece.id).where('status', '=', 'active').execute();
    expect(holds).toHaveLength(1);

    const forged = await signedIn.app().inject({
      method: 'POST',
      url: `/api/channel-webhooks/${ownSiteId}`,
      headers: { 'content-type': 'application/json', 'x-tsunagu-signature': signWebhook('wrong-secret', Math.floor(Date.now() / 1000), body) },
      payload: body,
    });
    expect(forged.statusCode).toBe(401);
    expect(forged.json().error.message).toMatch(/署名/);

    // The cancellation arrives later and releases the piece.
    const cancelled = await postWebhook(ownSiteOrder('OS-1001', 'own-ring-1', 'cancelled', 2));
    expect(cancelled.json().outcome).toBe('updated');
    const after = await database().db.selectFrom('stock_reservations').select('id').where('item_id', '=', piece.id).where('status', '=', 'active').execute();
    expect(after).toHaveLength(0);
  });

  function ownSiteOrder(orderNumber: string, sku: string, status = 'placed', version = 1): string {
    return JSON.stringify({
      orderNumber,
      status,
      version,
      orderedAt: '2026-12-05T10:00:00+09:00',
      updatedAt: '2026-12-05T10:00:00+09:00',
      buyer: { name: '山田 花子', nameKana: 'ヤマダ ハナコ', email: 'hanako@example.com', phone: '0312345678', postalCode: '1000001', address: '東京都千代田区千代田1-1' },
      delivery: null,
      lines: [{ lineKey: '1', sku, title: 'K18 リング', unitPrice: 88000, quantity: 1, taxIncluded: true, taxRate: 0.1 }],
      totals: { goods: 88000, shipping: 0, fees: 0, coupon: 0, points: 0, total: 88000, taxByRate: [{ rate: 0.1, taxable: 88000, tax: 8000 }] },
    });
  }

  function postWebhook(body: string) {
    return signedIn.app().inject({
      method: 'POST',
      url: `/api/channel-webhooks/${ownSiteId}`,
      headers: { 'content-type': 'application/json', 'x-tsunagu-signature': signWebhook('webhook-secret', Math.floor(Date.now() / 1000), body) },
      payload: body,
    });
  }
});
