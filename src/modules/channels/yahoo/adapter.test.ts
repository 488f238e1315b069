import { constants, generateKeyPairSync, privateDecrypt } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { ChannelCallError, type ChannelAdapter, type ListingPayload } from '../adapter.js';
import { createYahooAdapter, toYahooPrice, YAHOO_SHIP_STATUS, type YahooAdapter, type YahooAdapterOptions } from './adapter.js';
import { parseOrderInfoResponse } from './order-mapping.js';
import { createYahooMock, type YahooMock, type YahooMockOptions } from './mock/index.js';

const SELLER = 'teststore';
const CLIENT = { clientId: 'app', clientSecret: 'secret' };
const SAMPLES = '/work/shared/data/real/yahoo';

let mock: YahooMock | undefined;

afterEach(async () => {
  await mock?.close();
  mock = undefined;
});

/** Starts the mock without its rate limit or signature check unless the options turn them on. */
async function startMock(options: YahooMockOptions = {}): Promise<YahooMock> {
  mock = createYahooMock({
    sellerId: SELLER,
    ...CLIENT,
    accessToken: 'access-1',
    refreshToken: 'refresh-1',
    rateLimit: false,
    requireSignature: false,
    ...options,
  });
  await mock.listen({ host: '127.0.0.1', port: 0 });
  return mock;
}

/** Creates an adapter for the running mock. Calls are not spaced unless `requestsPerSecond` is given. */
function adapterFor(options: Partial<YahooAdapterOptions> = {}): YahooAdapter {
  return createYahooAdapter({
    baseUrl: mock!.url(),
    sellerId: SELLER,
    ...CLIENT,
    accessToken: 'access-1',
    refreshToken: 'refresh-1',
    requestsPerSecond: 1000,
    ...options,
  });
}

async function operator(path: string, body?: unknown, method = 'POST'): Promise<any> {
  const response = await fetch(`${mock!.url()}/__mock/${path}`, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return response.json();
}

function listing(overrides: Partial<ListingPayload> = {}): ListingPayload {
  return {
    listingId: 1,
    externalCode: 'ring-001',
    title: 'K18 ダイヤモンド リング',
    description: '0.1ct のダイヤモンドを留めた K18 のリング。',
    price: 40000,
    priceBasis: 'excluded',
    taxRatePercent: 10,
    categoryId: 'rings',
    photos: ['ring-001.jpg', 'ring-001-side.jpg'],
    quantity: 1,
    ...overrides,
  };
}

/** Records each request's API name and form or XML body while passing it on to the mock. */
function recordingFetch(calls: Array<{ api: string; body: string; headers: Headers }>): typeof fetch {
  return async (input, init) => {
    const url = new URL(String(input));
    calls.push({ api: url.pathname.split('/').pop() ?? '', body: String(init?.body ?? ''), headers: new Headers(init?.headers) });
    return fetch(input, init);
  };
}

async function catchError(promise: Promise<unknown>): Promise<ChannelCallError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ChannelCallError) return error;
    throw error;
  }
  throw new Error('expected a ChannelCallError');
}

describe('prices', () => {
  it('adds tax to excluded prices and rounds down', () => {
    expect(toYahooPrice(40000, 'excluded', 10)).toBe(44000);
    expect(toYahooPrice(12345, 'excluded', 10)).toBe(13579);
    expect(toYahooPrice(999, 'excluded', 8)).toBe(1078);
  });

  it('keeps included prices', () => {
    expect(toYahooPrice(44000, 'included', 10)).toBe(44000);
  });
});

describe('publish', () => {
  it('edits, publishes and stocks pieces on the mock', async () => {
    await startMock();
    const adapter = adapterFor();

    const outcome = await adapter.publish([
      listing(),
      listing({ listingId: 2, externalCode: 'pendant-002', title: 'Pt900 ペンダント', price: 88000, priceBasis: 'included', categoryId: '1234', quantity: 3, photos: [] }),
    ]);

    expect(outcome.failed).toEqual([]);
    expect(outcome.done).toEqual(['ring-001', 'pendant-002']);
    const state = await operator('state', undefined, 'GET');
    const ring = state.items.find((item: any) => item.itemCode === 'ring-001');
    expect(ring.fields).toMatchObject({
      name: 'K18 ダイヤモンド リング',
      price: '44000',
      path: 'rings',
      caption: '0.1ct のダイヤモンドを留めた K18 のリング。',
      explanation: '0.1ct のダイヤモンドを留めた K18 のリング。',
      image: 'ring-001.jpg',
      lib_image1: 'ring-001-side.jpg',
    });
    expect(ring.published).toBe(true);
    expect(ring.editing).toBe(false);
    const pendant = state.items.find((item: any) => item.itemCode === 'pendant-002');
    expect(pendant.fields.price).toBe('88000');
    expect(pendant.fields.product_category).toBe('1234');
    expect(state.stock).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ itemCode: 'ring-001', quantity: 1 }),
        expect.objectContaining({ itemCode: 'pendant-002', quantity: 3 }),
      ]),
    );
  });

  it('withdraws a piece by setting its stock to 0', async () => {
    await startMock();
    const adapter = adapterFor();
    await adapter.publish([listing({ quantity: 2 })]);

    const outcome = await adapter.setStock([{ externalCode: 'ring-001', quantity: 0 }]);

    expect(outcome).toEqual({ done: ['ring-001'], failed: [] });
    expect(mock!.state.stock.get('ring-001')?.quantity).toBe(0);
    expect(await adapter.readStock(['ring-001'])).toEqual(new Map([['ring-001', 0]]));
  });

  it('reports rejected and invalid pieces', async () => {
    await startMock();
    const adapter = adapterFor();

    const outcome = await adapter.publish([
      listing({ externalCode: 'bad code!' }),
      listing({ externalCode: 'no-name', title: '' }),
      listing({ externalCode: 'ring-ok' }),
    ]);

    expect(outcome.done).toEqual(['ring-ok']);
    const [invalid, rejected] = outcome.failed;
    expect(invalid?.externalCode).toBe('bad code!');
    expect(invalid?.error.kind).toBe('rejected');
    expect(invalid?.error.messageJa).toContain('bad code!');
    expect(rejected?.externalCode).toBe('no-name');
    expect(rejected?.error.kind).toBe('rejected');
    expect(rejected?.error.details.channelCode).toBe('ed-00002');
    expect(rejected?.error.messageJa).toContain('商品コード no-name');
    expect(rejected?.error.messageEn).toContain('item code no-name');
    expect(mock!.state.items.has('no-name')).toBe(false);
  });
});

describe('stock', () => {
  it('sends at most 1000 codes per setStock and getStock call', async () => {
    await startMock();
    const calls: Array<{ api: string; body: string; headers: Headers }> = [];
    const adapter = adapterFor({ fetch: recordingFetch(calls) });
    const updates = Array.from({ length: 2500 }, (_, index) => ({ externalCode: `piece-${index}`, quantity: index % 7 }));

    const outcome = await adapter.setStock(updates);

    expect(outcome.failed).toEqual([]);
    expect(outcome.done).toHaveLength(2500);
    const setCalls = calls.filter((call) => call.api === 'setStock');
    expect(setCalls.map((call) => new URLSearchParams(call.body).get('item_code')!.split(',').length)).toEqual([1000, 1000, 500]);
    expect(mock!.state.stock.get('piece-2499')?.quantity).toBe(2499 % 7);

    const read = await adapter.readStock([...updates.map((update) => update.externalCode), 'never-stocked']);

    const getCalls = calls.filter((call) => call.api === 'getStock');
    expect(getCalls.map((call) => new URLSearchParams(call.body).get('item_code')!.split(',').length)).toEqual([1000, 1000, 501]);
    expect(read.size).toBe(2500);
    expect(read.get('piece-6')).toBe(6);
    expect(read.has('never-stocked')).toBe(false);
  });

  it('handles option codes as itemCode:subCode', async () => {
    await startMock();
    const adapter = adapterFor();

    const outcome = await adapter.setStock([{ externalCode: 'ring-001:size-11', quantity: 4 }]);

    expect(outcome.done).toEqual(['ring-001:size-11']);
    expect(mock!.state.stock.get('ring-001:size-11')?.quantity).toBe(4);
    expect(await adapter.readStock(['ring-001:size-11'])).toEqual(new Map([['ring-001:size-11', 4]]));
  });

  it('fails invalid codes and quantities without failing the others', async () => {
    await startMock();
    const adapter = adapterFor();

    const outcome = await adapter.setStock([
      { externalCode: 'ok-1', quantity: 2 },
      { externalCode: 'コード', quantity: 1 },
      { externalCode: 'ok-2', quantity: -1 },
      { externalCode: 'ok-3', quantity: 1.5 },
    ]);

    expect(outcome.done).toEqual(['ok-1']);
    expect(outcome.failed.map((failure) => failure.externalCode)).toEqual(['コード', 'ok-2', 'ok-3']);
    expect(outcome.failed.every((failure) => failure.error.kind === 'rejected')).toBe(true);
    expect(outcome.failed[1]?.error.messageJa).toContain('ok-2');
    expect(mock!.state.stock.get('ok-1')?.quantity).toBe(2);
  });

  it('reports a per-code ErrorCode as rejected', async () => {
    const xml = readFileSync(`${SAMPLES}/setStock-response-200.xml`, 'utf8').replace(
      '<Quantity>6</Quantity>',
      '<ErrorCode>st-02104</ErrorCode>',
    );
    const adapter = createYahooAdapter({
      baseUrl: 'http://127.0.0.1:9',
      sellerId: SELLER,
      ...CLIENT,
      accessToken: 'access-1',
      requestsPerSecond: 1000,
      fetch: async () => new Response(xml, { status: 200, headers: { 'Content-Type': 'text/xml' } }),
    });

    const outcome = await adapter.setStock([{ externalCode: 'test1234', quantity: 6 }]);

    expect(outcome.done).toEqual([]);
    expect(outcome.failed[0]?.error.kind).toBe('rejected');
    expect(outcome.failed[0]?.error.details.channelCode).toBe('st-02104');
    expect(outcome.failed[0]?.error.messageEn).toContain('test1234');
  });
});

describe('rate limit', () => {
  it('keeps a burst within the mock limit without a lockout', async () => {
    await startMock({ rateLimit: { requests: 1, windowMs: 1000, lockoutMs: 60_000 } });
    const adapter = adapterFor({ requestsPerSecond: undefined });
    const started = Date.now();

    const outcomes = await Promise.all([
      adapter.setStock([{ externalCode: 'a', quantity: 1 }]),
      adapter.setStock([{ externalCode: 'b', quantity: 1 }]),
      adapter.setStock([{ externalCode: 'c', quantity: 1 }]),
      adapter.readStock(['a']),
      adapter.testConnection(),
    ]);

    expect(outcomes.slice(0, 3).map((outcome: any) => outcome.failed)).toEqual([[], [], []]);
    expect(mock!.state.stock.size).toBe(3);
    // Three setStock calls need two full intervals; getStock is another URL with its own limit.
    expect(Date.now() - started).toBeGreaterThanOrEqual(2000);
    expect(adapter.limits.requestsPerSecond).toBe(1);
  }, 15_000);
});

describe('faults', () => {
  const cases = [
    { fault: { kind: 'error', status: 503 }, status: 503 },
    { fault: { kind: 'rateLimit' }, status: 429 },
    { fault: { kind: 'malformed' }, status: 200 },
    { fault: { kind: 'drop' }, status: undefined },
    { fault: { kind: 'timeout' }, status: undefined },
  ] as const;

  it.each(cases)('maps $fault.kind to transient and recovers after clearing', async ({ fault, status }) => {
    await startMock();
    const adapter = adapterFor({ timeoutMs: 300 });
    await operator('faults', fault);

    const error = await catchError(adapter.testConnection());

    expect(error.kind).toBe('transient');
    expect(error.details.status).toBe(status);
    expect(error.messageJa).toContain('getStock');
    await operator('faults', undefined, 'DELETE');
    await expect(adapter.testConnection()).resolves.toBeUndefined();
  });

  it('adds latency without failing', async () => {
    await startMock();
    const adapter = adapterFor();
    await operator('faults', { kind: 'latency', ms: 200 });

    const started = Date.now();
    await adapter.testConnection();

    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
  });

  it('maps a failed setStock chunk to per-piece transient failures', async () => {
    await startMock();
    const adapter = adapterFor();
    await operator('faults', { kind: 'error', status: 500, api: 'setStock', count: 1 });

    const outcome = await adapter.setStock([{ externalCode: 'a', quantity: 1 }, { externalCode: 'b', quantity: 2 }]);

    expect(outcome.done).toEqual([]);
    expect(outcome.failed.map((failure) => [failure.externalCode, failure.error.kind, failure.error.details.externalCode])).toEqual([
      ['a', 'transient', 'a'],
      ['b', 'transient', 'b'],
    ]);
    expect(await adapter.setStock([{ externalCode: 'a', quantity: 1 }])).toEqual({ done: ['a'], failed: [] });
  });
});

describe('tokens', () => {
  it('refreshes an expired token, reports it and repeats the call', async () => {
    await startMock();
    const stored: Array<{ accessToken: string; refreshToken: string }> = [];
    const adapter = adapterFor({ onTokens: async (tokens) => void stored.push(tokens) });
    await adapter.testConnection();
    await operator('tokens/expire');

    await adapter.setStock([{ externalCode: 'a', quantity: 1 }]);

    expect(stored).toHaveLength(1);
    expect(stored[0]?.refreshToken).toBe('refresh-1');
    expect(stored[0]?.accessToken).not.toBe('access-1');
    expect(mock!.state.accessTokens.has(stored[0]!.accessToken)).toBe(true);
    expect(mock!.state.stock.get('a')?.quantity).toBe(1);
  });

  it('refreshes once for concurrent calls', async () => {
    await startMock();
    let refreshes = 0;
    const adapter = adapterFor({ onTokens: async () => void (refreshes += 1) });
    await operator('tokens/expire');

    await Promise.all([adapter.testConnection(), adapter.readStock(['a']), adapter.setStock([{ externalCode: 'a', quantity: 1 }])]);

    expect(refreshes).toBe(1);
  });

  it('gets a first access token from the refresh token', async () => {
    await startMock();
    const stored: string[] = [];
    const adapter = adapterFor({ accessToken: undefined, onTokens: async (tokens) => void stored.push(tokens.accessToken) });

    await adapter.testConnection();

    expect(stored).toHaveLength(1);
  });

  it('reports auth for a rejected refresh token', async () => {
    await startMock();
    const adapter = adapterFor({ refreshToken: 'revoked' });
    await operator('tokens/expire');

    const error = await catchError(adapter.testConnection());

    expect(error.kind).toBe('auth');
    expect(error.messageJa).toContain('連携し直してください');
  });

  it('reports auth when the client secret is wrong', async () => {
    await startMock();
    const adapter = adapterFor({ clientSecret: 'wrong' });
    await operator('tokens/expire');

    expect((await catchError(adapter.testConnection())).kind).toBe('auth');
  });

  it('reports auth when another store id is used', async () => {
    await startMock();
    const adapter = adapterFor({ sellerId: 'otherstore' });

    const error = await catchError(adapter.testConnection());

    expect(error.kind).toBe('auth');
    expect(error.details.status).toBe(403);
  });
});

describe('signature', () => {
  const keys = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });

  /** Decrypts without padding and strips PKCS#1 v1.5 type 2 padding (00 02 random 00 message). */
  function decryptSignature(signature: string): string {
    const block = privateDecrypt({ key: keys.privateKey, padding: constants.RSA_NO_PADDING }, Buffer.from(signature, 'base64'));
    expect(block[0]).toBe(0);
    expect(block[1]).toBe(2);
    return block.subarray(block.indexOf(0, 2) + 1).toString('utf8');
  }

  it('signs order calls with the public key', async () => {
    await startMock({ requireSignature: true });
    const calls: Array<{ api: string; body: string; headers: Headers }> = [];
    const adapter = adapterFor({ publicKey: keys.publicKey, publicKeyVersion: 3, fetch: recordingFetch(calls) });
    const before = Math.floor(Date.now() / 1000);

    const page = await adapter.listOrders({ from: new Date(Date.now() - 3600_000), to: new Date() });
    await adapter.testConnection();

    expect(page.orderNumbers).toEqual([]);
    const orderCall = calls.find((call) => call.api === 'orderList')!;
    expect(orderCall.headers.get('x-sws-signature-version')).toBe('3');
    const [seller, time] = decryptSignature(orderCall.headers.get('x-sws-signature')!).split(':');
    expect(seller).toBe(SELLER);
    expect(Number(time)).toBeGreaterThanOrEqual(before);
    expect(Number(time)).toBeLessThanOrEqual(Math.floor(Date.now() / 1000));
    const stockCall = calls.find((call) => call.api === 'getStock')!;
    expect(stockCall.headers.get('x-sws-signature')).toBeNull();
  });

  it('reports auth when the mock requires a signature and there is no key', async () => {
    await startMock({ requireSignature: true });
    const adapter = adapterFor();

    const error = await catchError(adapter.listOrders({ from: new Date(Date.now() - 3600_000), to: new Date() }));

    expect(error.kind).toBe('auth');
    expect(error.details.channelCode).toBe('mock-signature-missing');
  });

  it('requires a key version with the key', () => {
    expect(() => createYahooAdapter({ baseUrl: 'http://127.0.0.1:9', sellerId: SELLER, ...CLIENT, publicKey: keys.publicKey })).toThrow(
      /publicKeyVersion/,
    );
  });
});

describe('orders', () => {
  const window = () => ({ from: new Date(Date.now() - 24 * 3600_000), to: new Date(Date.now() + 60_000) });

  async function placeOrder(body: unknown): Promise<string> {
    const placed = await operator('orders', body);
    expect(placed.orderId).toMatch(/^teststore-\d+$/);
    return placed.orderId as string;
  }

  it('pages orderList with Start and Result', async () => {
    await startMock();
    const adapter = adapterFor();
    await adapter.setStock([{ externalCode: 'cloth-01', quantity: 1000 }]);
    const placed: string[] = [];
    for (let index = 0; index < 230; index += 1) placed.push(await placeOrder({ lines: [{ itemCode: 'cloth-01' }] }));
    await placeOrder({ lines: [{ itemCode: 'cloth-01' }], orderTime: '2020-01-01T00:00:00+09:00' });

    const pages: string[][] = [];
    let cursor: string | undefined;
    do {
      const page = await adapter.listOrders({ ...window(), cursor });
      pages.push(page.orderNumbers);
      cursor = page.next;
    } while (cursor !== undefined);

    expect(pages.map((page) => page.length)).toEqual([100, 100, 30]);
    expect(pages.flat().sort()).toEqual([...placed].sort());
  });

  it('returns no next page when a page is exactly full', async () => {
    await startMock();
    const adapter = adapterFor();
    await adapter.setStock([{ externalCode: 'cloth-01', quantity: 1000 }]);
    for (let index = 0; index < 100; index += 1) await placeOrder({ lines: [{ itemCode: 'cloth-01' }] });

    const page = await adapter.listOrders(window());

    expect(page.orderNumbers).toHaveLength(100);
    expect(page.next).toBeUndefined();
  });

  it('rejects a cursor that is not a position', async () => {
    await startMock();

    expect((await catchError(adapterFor().listOrders({ ...window(), cursor: 'abc' }))).kind).toBe('rejected');
  });

  it('brings a shopper order back mapped', async () => {
    await startMock({ requireSignature: true });
    const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
    const adapter = adapterFor({ publicKey, publicKeyVersion: 1 });
    await adapter.publish([listing({ quantity: 2 })]);
    const orderId = await placeOrder({
      lines: [{ itemCode: 'ring-001', quantity: 1 }],
      fields: {
        BillLastName: '山田', BillFirstName: '花子', BillZipCode: '1500001', BillPrefecture: '東京都',
        BillCity: '渋谷区', BillAddress1: '1-2-3', BillPhoneNumber: '0312345678', BillMailAddress: 'hanako@example.jp',
        ShipLastName: '山田', ShipFirstName: '太郎', ShipZipCode: '5300001', ShipPrefecture: '大阪府', ShipCity: '大阪市北区', ShipAddress1: '4-5-6',
        ShipCharge: 550, UsePoint: 100, TotalPrice: 44550, SettleAmount: 44450,
      },
    });

    const page = await adapter.listOrders(window());
    const orders = await adapter.getOrders([...page.orderNumbers, 'teststore-99999999']);

    expect(page.orderNumbers).toEqual([orderId]);
    expect(orders).toHaveLength(1);
    const order = orders[0]!;
    expect(order.orderNumber).toBe(orderId);
    expect(order.status).toBe('to_ship');
    expect(order.orderedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+09:00$/);
    expect(order.lines).toEqual([
      { lineKey: '1', externalCode: 'ring-001', variantCode: null, title: 'K18 ダイヤモンド リング', unitPrice: 44000, quantity: 1, taxIncluded: true, taxRate: null },
    ]);
    expect(order.totals).toMatchObject({ goods: 44000, shipping: 550, points: 100, total: 44450 });
    expect(order.buyer).toMatchObject({ name: '山田 花子', email: 'hanako@example.jp', postalCode: '1500001' });
    expect(order.delivery).toMatchObject({ name: '山田 太郎', address: '大阪府 大阪市北区 4-5-6' });
    expect(typeof order.raw).toBe('string');
    expect(order.raw).toContain(`<OrderId>${orderId}</OrderId>`);
    expect(mock!.state.stock.get('ring-001')?.quantity).toBe(1);
  });

  it('confirms an order on hold', async () => {
    await startMock();
    const adapter = adapterFor();
    await adapter.setStock([{ externalCode: 'ring-001', quantity: 1 }]);
    const orderId = await placeOrder({ lines: [{ itemCode: 'ring-001' }], fields: { OrderStatus: 3 } });
    const [held] = await adapter.getOrders([orderId]);
    expect(held?.status).toBe('to_confirm');

    await adapter.confirmOrder(held!);

    expect(mock!.state.orders.get(orderId)?.fields.OrderStatus).toBe(2);
    const [confirmed] = await adapter.getOrders([orderId]);
    expect(confirmed?.status).toBe('to_ship');
  });

  it('cancels an order as out of stock', async () => {
    await startMock();
    const adapter = adapterFor();
    await adapter.setStock([{ externalCode: 'ring-001', quantity: 1 }]);
    const orderId = await placeOrder({ lines: [{ itemCode: 'ring-001' }] });
    const [order] = await adapter.getOrders([orderId]);

    await adapter.cancelOrder(order!, 'out_of_stock');

    expect(mock!.state.orders.get(orderId)?.fields).toMatchObject({ OrderStatus: 4, CancelReason: 210 });
    const [cancelled] = await adapter.getOrders([orderId]);
    expect(cancelled?.status).toBe('cancelled');
  });

  it('reports cancelling a cancelled order as rejected with its number', async () => {
    await startMock();
    const adapter = adapterFor();
    await adapter.setStock([{ externalCode: 'ring-001', quantity: 1 }]);
    const orderId = await placeOrder({ lines: [{ itemCode: 'ring-001' }] });
    const [order] = await adapter.getOrders([orderId]);
    await operator(`orders/${orderId}/cancel`, { cancelReason: 100 });

    const error = await catchError(adapter.cancelOrder(order!, 'buyer_request'));

    expect(error.kind).toBe('rejected');
    expect(error.messageJa).toContain(orderId);
    const [cancelled] = await adapter.getOrders([orderId]);
    expect(cancelled?.status).toBe('cancelled');
    expect(cancelled?.version).not.toBe('');
  });
});

describe('ship status', () => {
  async function placeOrder(): Promise<string> {
    const placed = await operator('orders', { lines: [{ itemCode: 'ring-001' }] });
    return placed.orderId as string;
  }

  it('moves the order to shipped with tracking', async () => {
    await startMock({ requireSignature: true });
    const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
    const calls: Array<{ api: string; body: string; headers: Headers }> = [];
    const adapter = adapterFor({ publicKey, publicKeyVersion: 2, fetch: recordingFetch(calls) });
    await adapter.setStock([{ externalCode: 'ring-001', quantity: 1 }]);
    const orderId = await placeOrder();

    await adapter.updateShipStatus(orderId, { shipStatus: YAHOO_SHIP_STATUS.shipped, shipCompanyCode: '1001', invoiceNumber: '123456789012', shipDate: '2026-12-06' });

    expect(mock!.state.orders.get(orderId)?.fields).toMatchObject({
      ShipStatus: 3,
      ShipCompanyCode: '1001',
      ShipInvoiceNumber1: '123456789012',
      ShipDate: '2026-12-06',
    });
    const call = calls.find((c) => c.api === 'orderShipStatusChange')!;
    expect(call.body).toContain(`<OrderId>${orderId}</OrderId>`);
    expect(call.body.replace(/\s+/g, '')).toContain('<Order><Ship><ShipStatus>3</ShipStatus>');
    expect(call.body).toContain('<ShipDate>20261206</ShipDate>');
    expect(call.body).toContain(`<SellerId>${SELLER}</SellerId>`);
    expect(call.headers.get('x-sws-signature')).not.toBeNull();
    expect(call.headers.get('x-sws-signature-version')).toBe('2');
    const [shipped] = await adapter.getOrders([orderId]);
    expect(shipped?.status).toBe('shipped');
  });

  it('reportShipment sends the shipment as shipped', async () => {
    await startMock();
    const calls: Array<{ api: string; body: string; headers: Headers }> = [];
    const adapter = adapterFor({ fetch: recordingFetch(calls) });
    await adapter.setStock([{ externalCode: 'ring-001', quantity: 1 }]);
    const [order] = await adapter.getOrders([await placeOrder()]);

    const result = await adapter.reportShipment!(order!, { carrier: 'japanpost', trackingNumber: '405548424886', shippedOn: '2026-12-05', reference: null });

    expect(result).toEqual({ reference: null });
    const body = calls.find((c) => c.api === 'orderShipStatusChange')!.body;
    expect(body).toContain('<ShipStatus>3</ShipStatus>');
    // Japan Post has no known Yahoo code, so it goes as 1000 (その他).
    expect(body).toContain('<ShipCompanyCode>1000</ShipCompanyCode>');
    expect(body).toContain('<ShipInvoiceNumber1>405548424886</ShipInvoiceNumber1>');
    expect(body).toContain('<ShipDate>20261205</ShipDate>');
    expect(mock!.state.orders.get(order!.orderNumber)?.fields).toMatchObject({ ShipStatus: 3, ShipCompanyCode: '1000', ShipInvoiceNumber1: '405548424886', ShipDate: '2026-12-05' });
  });

  it('sends only the ship status when nothing else is given', async () => {
    await startMock();
    const adapter = adapterFor();
    await adapter.setStock([{ externalCode: 'ring-001', quantity: 1 }]);
    const orderId = await placeOrder();

    await adapter.updateShipStatus(orderId, { shipStatus: YAHOO_SHIP_STATUS.awaitingShipment, shipDate: '20261207' });

    expect(mock!.state.orders.get(orderId)?.fields).toMatchObject({ ShipStatus: 2, ShipDate: '2026-12-07' });
  });

  it('reports a code Yahoo rejects in its error shape', async () => {
    await startMock();
    // Rewrites the status on the wire, so the mock sees a code the adapter would not send.
    const rewrite: typeof fetch = (input, init) =>
      fetch(input, { ...init, body: String(init?.body ?? '').replace('<ShipStatus>3</ShipStatus>', '<ShipStatus>9</ShipStatus>') });
    const adapter = adapterFor({ fetch: rewrite });
    await adapter.setStock([{ externalCode: 'ring-001', quantity: 1 }]);
    const orderId = await placeOrder();

    const error = await catchError(adapter.updateShipStatus(orderId, { shipStatus: 3 }));

    expect(error.kind).toBe('rejected');
    expect(error.details.status).toBe(400);
    expect(error.details.channelCode).toBe('ed-00002');
    expect(error.messageJa).toContain(orderId);
    expect(error.messageJa).toContain('ShipStatus');
    expect(mock!.state.orders.get(orderId)?.fields.ShipStatus).toBe(1);
  });

  it('returns the Yahoo error XML for a wrong code', async () => {
    await startMock();
    await adapterFor().setStock([{ externalCode: 'ring-001', quantity: 1 }]);
    const orderId = await placeOrder();

    const response = await fetch(`${mock!.url()}/ShoppingWebService/V1/orderShipStatusChange`, {
      method: 'POST',
      headers: { Authorization: 'Bearer access-1', 'Content-Type': 'application/xml' },
      body: `<Req><Target><OrderId>${orderId}</OrderId></Target><Order><Ship><ShipStatus>7</ShipStatus></Ship></Order><SellerId>${SELLER}</SellerId></Req>`,
    });
    const body = await response.text();

    expect(response.status).toBe(400);
    expect(body).toMatch(/<Error>\s*<Message>.*ShipStatus.*<\/Message>\s*<Detail>.*<\/Detail>\s*<Code>ed-00002<\/Code>\s*<\/Error>/s);
    expect(mock!.state.orders.get(orderId)?.fields.ShipStatus).toBe(1);
  });

  it('checks the shipment before sending', async () => {
    await startMock();
    const calls: Array<{ api: string; body: string; headers: Headers }> = [];
    const adapter = adapterFor({ fetch: recordingFetch(calls) });

    const badStatus = await catchError(adapter.updateShipStatus('teststore-1', { shipStatus: 7 }));
    const badCarrier = await catchError(adapter.updateShipStatus('teststore-1', { shipStatus: 3, shipCompanyCode: 'yamato' }));
    const badDate = await catchError(adapter.updateShipStatus('teststore-1', { shipStatus: 3, shipDate: '20261332' }));
    const badOrder = await catchError(adapter.updateShipStatus('teststore_1', { shipStatus: 3 }));

    expect(badStatus.kind).toBe('rejected');
    expect(badStatus.messageJa).toContain('「7」');
    expect(badStatus.messageEn).toContain('teststore-1');
    expect(badCarrier.messageEn).toContain('"yamato"');
    expect(badDate.messageEn).toContain('"20261332"');
    expect(badOrder.messageJa).toContain('teststore_1');
    expect(calls).toEqual([]);
  });

  it('reports an unknown order as rejected with its number', async () => {
    await startMock();

    const error = await catchError(adapterFor().updateShipStatus('teststore-99999999', { shipStatus: 3 }));

    expect(error.kind).toBe('rejected');
    expect(error.messageJa).toContain('teststore-99999999');
  });
});

describe('real samples', () => {
  /** Creates an adapter whose fetch returns the recorded Yahoo response of each API name. */
  function sampleAdapter(responses: Record<string, { file: string; status?: number }>): ChannelAdapter {
    return createYahooAdapter({
      baseUrl: 'http://127.0.0.1:9',
      sellerId: SELLER,
      ...CLIENT,
      accessToken: 'access-1',
      requestsPerSecond: 1000,
      fetch: async (input) => {
        const api = new URL(String(input)).pathname.split('/').pop() ?? '';
        const response = responses[api];
        if (response === undefined) throw new Error(`no sample for ${api}`);
        return new Response(readFileSync(`${SAMPLES}/${response.file}`), {
          status: response.status ?? 200,
          headers: { 'Content-Type': 'application/xml' },
        });
      },
    });
  }

  it('reads the getStock sample', async () => {
    const adapter = sampleAdapter({ getStock: { file: 'getStock-response-200.xml' } });

    expect(await adapter.readStock(['test1234'])).toEqual(new Map([['test1234', 12]]));
  });

  it('reads the setStock sample', async () => {
    const adapter = sampleAdapter({ setStock: { file: 'setStock-response-200.xml' } });

    expect(await adapter.setStock([{ externalCode: 'test1234', quantity: 6 }])).toEqual({ done: ['test1234'], failed: [] });
  });

  it('publishes through the editItem, reservePublish and setStock samples', async () => {
    const adapter = sampleAdapter({
      editItem: { file: 'editItem-response-200.xml' },
      reservePublish: { file: 'reservePublish-response-200.xml' },
      setStock: { file: 'setStock-response-200.xml' },
    });

    expect(await adapter.publish([listing({ externalCode: 'test1234', quantity: 6 })])).toEqual({ done: ['test1234'], failed: [] });
  });

  it('maps the unknown item code error sample to rejected', async () => {
    const adapter = sampleAdapter({ getStock: { file: 'getItem-response-400-unknown-item-code.xml', status: 400 } });

    const error = await catchError(adapter.readStock(['test1234']));

    expect(error.kind).toBe('rejected');
    expect(error.details.channelCode).toBe('it-05002');
    expect(error.messageJa).toContain('指定された商品コードは存在しません。');
  });
});

describe('unexpected bodies', () => {
  /** Creates an adapter whose fetch returns one fixed response to every call. */
  function stubAdapter(body: string, status: number, contentType = 'application/xml'): ChannelAdapter {
    return createYahooAdapter({
      baseUrl: 'http://127.0.0.1:9',
      sellerId: SELLER,
      ...CLIENT,
      accessToken: 'access-1',
      requestsPerSecond: 1000,
      fetch: async () => new Response(body, { status, headers: { 'Content-Type': contentType } }),
    });
  }

  it('treats an HTML page with 200 as transient', async () => {
    const error = await catchError(stubAdapter('<html><body>maintenance</body></html>', 200, 'text/html').readStock(['a']));

    expect(error.kind).toBe('transient');
    expect(error.messageEn).toContain('<html>');
  });

  it('treats a 4xx without error XML as rejected', async () => {
    const error = await catchError(stubAdapter('Not Found', 404, 'text/plain').testConnection());

    expect(error.kind).toBe('rejected');
    expect(error.details.status).toBe(404);
  });

  it('treats a status other than OK as rejected', async () => {
    const adapter = stubAdapter('<ResultSet><Result><Status>NG</Status><Warning>locked</Warning></Result></ResultSet>', 200);
    const order = parseOrderInfoResponse(
      '<ResultSet><Result><Status>OK</Status><OrderInfo><OrderId>teststore-1</OrderId><OrderStatus>2</OrderStatus><OrderTime>2026-12-01T10:00:00+09:00</OrderTime></OrderInfo></Result></ResultSet>',
    );

    const error = await catchError(adapter.confirmOrder(order));

    expect(error.kind).toBe('rejected');
    expect(error.messageEn).toContain('teststore-1');
    expect(error.messageEn).toContain('NG locked');
  });

  it('names the order in a failed order call', async () => {
    const error = await catchError(stubAdapter('', 503).getOrders(['teststore-7']));

    expect(error.kind).toBe('transient');
    expect(error.messageJa).toContain('注文番号 teststore-7');
  });
});
