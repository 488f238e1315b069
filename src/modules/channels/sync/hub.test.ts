import { afterAll, beforeAll, expect, it } from 'vitest';
import { secretKeyring } from '../../../config.js';
import { useSignedInApp, testConfig } from '../../../../test/helpers/app.js';
import { mockAccountInputs, waitFor } from '../../../../test/helpers/channels.js';
import { describeEachDatabase } from '../../../../test/helpers/database.js';
import { createTestLocation, receiveTestItem } from '../../../../test/helpers/factories.js';
import { createRakutenMock, type RakutenMock } from '../rakuten/mock/index.js';
import { createYahooMock, type YahooMock } from '../yahoo/mock/index.js';
import { externalCodeOf } from '../listings/service.js';
import { ChannelHub } from './hub.js';

// The channel hub end to end, against the Rakuten and Yahoo mocks at their real rate limits:
// publish, sell on one channel, withdraw from the other, cancel and come back, a collision
// flagged, and a channel that fails, pauses and catches up.

const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

describeEachDatabase('channel hub against the mocks', (database) => {
  const signedIn = useSignedInApp(database, 'ja');
  const api = () => signedIn.api();
  let rakuten: RakutenMock;
  let yahoo: YahooMock;
  let hub: ChannelHub;
  const accounts = { rakuten: 0, yahoo: 0 };
  let storeId = 0;

  beforeAll(async () => {
    rakuten = createRakutenMock({ serviceSecret: 's', licenseKey: 'k' });
    await rakuten.listen({ host: '127.0.0.1', port: 0 });
    yahoo = createYahooMock({ sellerId: 'jewel', accessToken: 'token', refreshToken: 'refresh' });
    await yahoo.listen({ host: '127.0.0.1', port: 0 });

    const inputs = mockAccountInputs(rakuten.url, yahoo.url());
    accounts.rakuten = (await api().post('/api/channel-accounts', inputs.rakuten)).json().id;
    accounts.yahoo = (await api().post('/api/channel-accounts', inputs.yahoo)).json().id;
    storeId = (await createTestLocation(database().db)).id;

    hub = new ChannelHub({ db: database().db, keys: secretKeyring(testConfig()), logger: silent, schedules: false, idleMs: 20, retryBaseMs: 200, retryMaxMs: 1_000, probeSeconds: 1, openOrderRefreshSeconds: 0 });
    await hub.start();
  });

  afterAll(async () => {
    await hub?.stop();
    await rakuten?.close();
    await yahoo?.close();
  });

  /** Receives pieces and lists them live on both channels. */
  async function listPieces(count: number): Promise<Array<{ itemId: number; code: string }>> {
    const pieces: Awaited<ReturnType<typeof receiveTestItem>>[] = [];
    for (let index = 0; index < count; index += 1) pieces.push(await receiveTestItem(database().db, { locationId: storeId, retailPrice: 88_000 + index }));
    const drafts = (await api().post('/api/listings', { itemIds: pieces.map((piece) => piece.id), channelAccountIds: [accounts.rakuten, accounts.yahoo] })).json().listings as Array<{ id: number; externalCode: string }>;
    for (const draft of drafts) {
      const listing = (await api().get(`/api/listings/${draft.id}`)).json();
      expect((await api().put(`/api/listings/${draft.id}`, { ...listing, categoryId: '100371' })).statusCode).toBe(200);
    }
    const published = (await api().post('/api/listings/publish', { listingIds: drafts.map((draft) => draft.id) })).json();
    expect(published.skipped).toEqual([]);
    await waitFor('listings live', async () => {
      const states = (await api().get('/api/listings')).json().listings.filter((listing: { itemId: number }) => pieces.some((piece) => piece.id === listing.itemId));
      return states.every((listing: { state: string }) => listing.state === 'live');
    });
    return pieces.map((piece) => ({ itemId: piece.id, code: externalCodeOf(piece.stock_number) }));
  }

  const yahooQuantity = (code: string) => [...yahoo.state.stock.values()].find((record) => record.itemCode === code)?.quantity;
  const rakutenQuantity = (code: string) => rakuten.state.inventory.get(`${code}\u0000normal-inventory`)?.quantity;

  it('publishes to both channels, and a Rakuten order withdraws the piece from Yahoo and is confirmed', async () => {
    const [ring] = await listPieces(1);
    expect(rakutenQuantity(ring!.code)).toBe(1);
    expect(yahooQuantity(ring!.code)).toBe(1);

    const placed = await fetch(`${rakuten.url}/__mock/orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ lines: [{ manageNumber: ring!.code, variantId: 'normal-inventory' }] }) });
    expect(placed.status).toBe(201);
    const orderNumber = ((await placed.json()) as { orderNumber: string }).orderNumber;

    await waitFor('order imported', async () => (await hub.pollAccount(accounts.rakuten), (await api().get('/api/channel-orders')).json().orders.length === 1));
    await waitFor('Yahoo withdrawal', async () => yahooQuantity(ring!.code) === 0);

    const orders = (await api().get('/api/channel-orders')).json().orders as Array<{ id: number; orderNumber: string; status: string; flagged: boolean }>;
    const order = orders.find((candidate) => candidate.orderNumber === orderNumber)!;
    expect(order.flagged).toBe(false);
    await waitFor('confirmation', async () => (await api().get(`/api/channel-orders/${order.id}`)).json().status === 'to_ship');
    const detail = (await api().get(`/api/channel-orders/${order.id}`)).json();
    expect(detail.lines[0].state).toBe('reserved');
    expect(detail.raw).toBeTruthy();

    // The store cannot sell the reserved piece either.
    const sellable = await database().db.selectFrom('stock_balances').select(['quantity', 'reserved_quantity']).where('item_id', '=', ring!.itemId).executeTakeFirstOrThrow();
    expect(Number(sellable.quantity) - Number(sellable.reserved_quantity)).toBe(0);
  });

  async function orderOnRakuten(code: string, force = false): Promise<string> {
    const response = await fetch(`${rakuten.url}/__mock/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ force, lines: [{ manageNumber: code, variantId: 'normal-inventory' }] }),
    });
    expect(response.status).toBe(201);
    return ((await response.json()) as { orderNumber: string }).orderNumber;
  }

  async function orderOnYahoo(code: string, force = false): Promise<string> {
    const response = await fetch(`${yahoo.url()}/__mock/orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ force, lines: [{ itemCode: code }] }) });
    expect(response.status).toBe(201);
    return ((await response.json()) as { orderId: string }).orderId;
  }

  async function orderNamed(orderNumber: string) {
    const orders = (await api().get('/api/channel-orders')).json().orders as Array<{ id: number; orderNumber: string; status: string; flagged: boolean; flagReason: { ja: string } | null }>;
    return orders.find((order) => order.orderNumber === orderNumber);
  }

  it('brings a piece back on every channel when the channel order is cancelled', async () => {
    const [ring] = await listPieces(1);
    const orderNumber = await orderOnRakuten(ring!.code);
    await waitFor('order imported', async () => (await hub.pollAccount(accounts.rakuten), await orderNamed(orderNumber)));
    await waitFor('Yahoo withdrawal', async () => yahooQuantity(ring!.code) === 0);

    const cancelled = await fetch(`${rakuten.url}/__mock/orders/${orderNumber}/progress`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ orderProgress: 900 }) });
    expect(cancelled.status).toBe(204);
    const polled = await hub.pollAccount(accounts.rakuten);
    expect(polled.updated).toBe(1);

    await waitFor('Yahoo back in stock', async () => yahooQuantity(ring!.code) === 1);
    await waitFor('Rakuten back in stock', async () => rakutenQuantity(ring!.code) === 1);
    expect((await orderNamed(orderNumber))!.status).toBe('cancelled');
    const listings = (await api().get(`/api/listings?itemId=${ring!.itemId}`)).json().listings as Array<{ state: string }>;
    await waitFor('listings live again', async () => ((await api().get(`/api/listings?itemId=${ring!.itemId}`)).json().listings as Array<{ state: string }>).every((listing) => listing.state === 'live'));
    expect(listings).toHaveLength(2);

    // Polling again changes nothing: the order is imported once.
    expect((await hub.pollAccount(accounts.rakuten)).imported).toBe(0);
    const count = await database().db.selectFrom('channel_orders').select((eb) => eb.fn.countAll<number>().as('n')).where('order_number', '=', orderNumber).executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(1);
  });

  it('flags the second of two simultaneous orders for one piece and does not confirm it', async () => {
    const [ring] = await listPieces(1);
    const [rakutenOrder, yahooOrder] = await Promise.all([orderOnRakuten(ring!.code, true), orderOnYahoo(ring!.code, true)]);
    // Channels search by whole seconds, so an order placed in the second of the poll may
    // come with the next poll (each poll re-reads the last minutes).
    const first = await waitFor('Rakuten order', async () => (await hub.pollAccount(accounts.rakuten), await orderNamed(rakutenOrder)));
    const second = await waitFor('Yahoo order', async () => (await hub.pollAccount(accounts.yahoo), await orderNamed(yahooOrder)));
    expect(first.flagged).toBe(false);
    expect(second.flagged).toBe(true);
    expect(second.flagReason!.ja).toContain(rakutenOrder);
    const flaggedList = (await api().get('/api/channel-orders?flagged=true')).json().orders as Array<{ orderNumber: string }>;
    expect(flaggedList.map((order) => order.orderNumber)).toContain(yahooOrder);

    const detail = (await api().get(`/api/channel-orders/${second.id}`)).json();
    expect(detail.lines[0].state).toBe('short');
    // One reservation for the piece, held by the first order.
    const held = await database().db.selectFrom('stock_reservations').select(['holder_ref']).where('item_id', '=', ring!.itemId).where('status', '=', 'active').execute();
    expect(held).toHaveLength(1);
    expect(held[0]!.holder_ref).toContain(rakutenOrder);

    // The resolution path: cancel the flagged order on its channel (Yahoo supports it).
    const cancelled = await api().post(`/api/channel-orders/${second.id}/cancel`, { reason: 'out_of_stock' });
    expect(cancelled.statusCode).toBe(200);
    expect(cancelled.json().status).toBe('cancelled');
    expect(cancelled.json().flagged).toBe(false);
    expect(Number(yahoo.state.orders.get(yahooOrder)!.fields.OrderStatus)).toBe(4);
  });

  it('pauses a channel that keeps failing, and catches up once it answers again', async () => {
    const pieces = await listPieces(3);
    await fetch(`${yahoo.url()}/__mock/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ kind: 'error', status: 503 }) });

    const numbers: string[] = [];
    for (const piece of pieces) numbers.push(await orderOnRakuten(piece.code));
    await waitFor('orders imported', async () => (await hub.pollAccount(accounts.rakuten), await orderNamed(numbers.at(-1)!)));
    await waitFor('Yahoo paused', async () => {
      const status = (await api().get('/api/channel-sync/status')).json();
      const account = status.accounts.find((candidate: { id: number }) => candidate.id === accounts.yahoo);
      return account.status === 'paused' && account.pausedBy === 'failures' && account.pendingEvents >= 1 ? account : undefined;
    });
    for (const piece of pieces) expect(yahooQuantity(piece.code)).toBe(1);

    await fetch(`${yahoo.url()}/__mock/faults`, { method: 'DELETE' });
    await waitFor('Yahoo caught up', async () => pieces.every((piece) => yahooQuantity(piece.code) === 0));
    const status = (await api().get('/api/channel-sync/status')).json();
    const account = status.accounts.find((candidate: { id: number }) => candidate.id === accounts.yahoo);
    expect(account.status).toBe('active');
    await waitFor('lane drained', async () => (await api().get('/api/channel-sync/status')).json().accounts.find((candidate: { id: number }) => candidate.id === accounts.yahoo).pendingEvents === 0);
  });

  it('corrects a channel whose stock drifted, and reports the correction', async () => {
    const [ring] = await listPieces(1);
    // Someone changed the quantity on Yahoo by hand.
    [...yahoo.state.stock.values()].find((record) => record.itemCode === ring!.code)!.quantity = 5;
    const result = (await api().post(`/api/channel-accounts/${accounts.yahoo}/reconcile`, {})).json();
    expect(result.corrected).toBeGreaterThanOrEqual(1);
    expect(yahooQuantity(ring!.code)).toBe(1);
    const status = (await api().get('/api/channel-sync/status')).json();
    expect(status.corrections[0]).toMatchObject({ externalCode: ring!.code, channelQuantity: 5, expectedQuantity: 1 });
  });

  it('sees a Yahoo cancellation of an order older than the poll window', async () => {
    const [ring] = await listPieces(1);
    const orderId = await orderOnYahoo(ring!.code);
    await waitFor('order imported', async () => (await hub.pollAccount(accounts.yahoo), await orderNamed(orderId)));
    await waitFor('Rakuten withdrawal', async () => rakutenQuantity(ring!.code) === 0);

    // The order is two hours old now, outside the window each poll searches.
    const record = yahoo.state.orders.get(orderId)!;
    record.orderTimeMs -= 2 * 60 * 60_000;
    const cancelled = await fetch(`${yahoo.url()}/__mock/orders/${orderId}/cancel`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ cancelReason: 100 }) });
    expect(cancelled.status).toBe(200);

    await waitFor('cancellation seen', async () => (await hub.pollAccount(accounts.yahoo), (await orderNamed(orderId))!.status === 'cancelled'));
    await waitFor('Rakuten back in stock', async () => rakutenQuantity(ring!.code) === 1);
  });

  it('sends an edited live listing whole when it is published again', async () => {
    const [ring] = await listPieces(1);
    const listing = ((await api().get(`/api/listings?itemId=${ring!.itemId}&channelAccountId=${accounts.yahoo}`)).json().listings as Array<Record<string, unknown>>)[0]!;
    expect((await api().put(`/api/listings/${String(listing.id)}`, { ...listing, title: 'K18 ダイヤモンドリング 0.3ct', price: 99_000 })).statusCode).toBe(200);
    expect((await api().post('/api/listings/publish', { listingIds: [listing.id] })).json().skipped).toEqual([]);

    await waitFor('Yahoo item updated', async () => yahoo.state.items.get(ring!.code)?.fields.name === 'K18 ダイヤモンドリング 0.3ct');
    expect(yahoo.state.items.get(ring!.code)!.fields.price).toBe('99000');
    expect(yahooQuantity(ring!.code)).toBe(1);
  });
});
