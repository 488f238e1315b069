import { afterAll, beforeAll, expect, it } from 'vitest';
import { secretKeyring } from '../../../config.js';
import { useSignedInApp, testConfig } from '../../../../test/helpers/app.js';
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

async function waitFor<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

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

    accounts.rakuten = (
      await api().post('/api/channel-accounts', { kind: 'rakuten', name: '楽天', settings: { baseUrl: rakuten.url }, credentials: { serviceSecret: 's', licenseKey: 'k' } })
    ).json().id;
    accounts.yahoo = (
      await api().post('/api/channel-accounts', {
        kind: 'yahoo',
        name: 'Yahoo',
        settings: { baseUrl: yahoo.url(), sellerId: 'jewel' },
        credentials: { clientId: 'mock-client-id', clientSecret: 'mock-client-secret', accessToken: 'token', refreshToken: 'refresh' },
      })
    ).json().id;
    storeId = (await createTestLocation(database().db)).id;

    hub = new ChannelHub({ db: database().db, keys: secretKeyring(testConfig()), logger: silent, schedules: false, idleMs: 20, retryBaseMs: 200, retryMaxMs: 1_000 });
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

    const polled = await hub.pollAccount(accounts.rakuten);
    expect(polled.imported).toBe(1);
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
});
