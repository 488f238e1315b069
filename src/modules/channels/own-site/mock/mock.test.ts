// Tests of the own-site mock over HTTP: request checks, paging parameters and operator endpoints.
import { afterEach, describe, expect, it } from 'vitest';
import { createOwnSiteMock, type OwnSiteMock, type OwnSiteMockOptions } from './index.js';

const TOKEN = 'mock-test-token';

let mock: OwnSiteMock | undefined;

afterEach(async () => {
  await mock?.close();
  mock = undefined;
});

async function start(options: OwnSiteMockOptions = {}): Promise<OwnSiteMock> {
  mock = createOwnSiteMock({ apiToken: TOKEN, requestsPerSecond: false, ...options });
  await mock.listen();
  return mock;
}

interface Reply {
  status: number;
  body: any;
  headers: Headers;
}

async function call(method: string, path: string, body?: unknown, token: string | null = TOKEN): Promise<Reply> {
  const headers: Record<string, string> = {};
  if (token !== null) headers.authorization = `Bearer ${token}`;
  const init: RequestInit = { method, headers };
  if (body !== undefined) init.body = typeof body === 'string' ? body : JSON.stringify(body);
  const res = await fetch(`${mock!.url}${path}`, init);
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers };
}

const product = { title: 'K18 リング', description: null, price: 110_000, priceBasis: 'included', taxRatePercent: 10, categoryId: null, photos: [], quantity: 2 };

describe('API checks', () => {
  it('bearer token required', async () => {
    await start();
    for (const token of [null, 'other']) {
      const reply = await call('GET', '/health', undefined, token);
      expect(reply.status).toBe(401);
      expect(reply.body.error.code).toBe('unauthorized');
    }
  });

  it('product PUT creates then updates', async () => {
    await start();
    expect((await call('PUT', '/products/ring-1', product)).status).toBe(201);
    const updated = await call('PUT', '/products/ring-1', { ...product, quantity: 0 });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ sku: 'ring-1', quantity: 0, updatedAt: expect.stringMatching(/\+09:00$/) });
  });

  it('product PUT names the invalid field', async () => {
    await start();
    const reply = await call('PUT', '/products/ring-1', { ...product, price: -1 });
    expect(reply.status).toBe(400);
    expect(reply.body.error.message).toContain('price');
    const missing = await call('PUT', '/products/ring-1', { ...product, title: undefined });
    expect(missing.body.error.message).toBe('title is missing.');
    const badSku = await call('PUT', '/products/a%20b', product);
    expect(badSku.body.error.code).toBe('invalid_sku');
  });

  it('body that is not JSON', async () => {
    await start();
    const reply = await call('POST', '/stock', '{"items": [');
    expect(reply.status).toBe(400);
    expect(reply.body.error.code).toBe('invalid_json');
  });

  it('unknown endpoint is 404 with error body', async () => {
    await start();
    const reply = await call('DELETE', '/products/ring-1');
    expect(reply.status).toBe(404);
    expect(reply.body.error.code).toBe('not_found');
  });

  it('stock write and read limits', async () => {
    await start();
    const tooMany = Array.from({ length: 501 }, (_, i) => ({ sku: `p-${i}`, quantity: 1 }));
    expect((await call('POST', '/stock', { items: tooMany })).status).toBe(400);
    expect((await call('POST', '/stock', { items: [] })).status).toBe(400);
    expect((await call('GET', '/stock')).status).toBe(400);
    const skus = Array.from({ length: 101 }, (_, i) => `p-${i}`).join(',');
    expect((await call('GET', `/stock?skus=${skus}`)).status).toBe(400);
  });

  it('rate limit returns 429 with Retry-After', async () => {
    await start({ requestsPerSecond: 1 });
    expect((await call('GET', '/health')).status).toBe(200);
    const limited = await call('GET', '/health');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('1');
  });
});

describe('order list', () => {
  const window = () => `updatedFrom=${encodeURIComponent(new Date(Date.now() - 60_000).toISOString())}&updatedTo=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`;

  it('validates its parameters', async () => {
    await start();
    expect((await call('GET', '/orders')).body.error.message).toContain('updatedFrom');
    expect((await call('GET', '/orders?updatedFrom=2026-12-05&updatedTo=2026-12-06')).status).toBe(400);
    expect((await call('GET', '/orders?updatedFrom=2026-12-06T00:00:00Z&updatedTo=2026-12-05T00:00:00Z')).status).toBe(400);
    expect((await call('GET', `/orders?${window()}&limit=101`)).status).toBe(400);
    const cursor = await call('GET', `/orders?${window()}&cursor=nonsense`);
    expect(cursor.body.error.code).toBe('invalid_cursor');
  });

  it('changed order moves to a later page', async () => {
    let clock = new Date('2026-12-05T01:00:00Z');
    const site = await start({ now: () => clock });
    await call('PUT', '/products/ring-1', { ...product, quantity: 10 });
    for (let i = 0; i < 3; i += 1) site.placeOrder({ lines: [{ sku: 'ring-1' }] });
    const range = 'updatedFrom=2026-12-05T00:00:00Z&updatedTo=2026-12-05T02:00:00Z';

    const first = await call('GET', `/orders?${range}&limit=2`);
    expect(first.body.orderNumbers).toEqual(['OS-000001', 'OS-000002']);

    // Cancelling the first order raises its updatedAt past the cursor, so it is listed again.
    clock = new Date('2026-12-05T01:00:05Z');
    expect((await call('POST', '/__mock/orders/OS-000001/cancel')).status).toBe(200);
    const second = await call('GET', `/orders?${range}&limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body.orderNumbers).toEqual(['OS-000003', 'OS-000001']);
    expect(second.body.nextCursor).toBeNull();
  });
});

describe('operator endpoints', () => {
  it('shopper order, cancel and ship', async () => {
    await start();
    await call('PUT', '/products/ring-1', product);

    const placed = await call('POST', '/__mock/orders', { lines: [{ sku: 'ring-1', quantity: 1 }], shipping: 800, coupon: 500 });
    expect(placed.status).toBe(201);
    expect(placed.body).toMatchObject({ orderNumber: 'OS-000001', status: 'placed', version: 1, totals: { goods: 110_000, total: 110_300 } });

    const cancelled = await call('POST', '/__mock/orders/OS-000001/cancel');
    expect(cancelled.body).toMatchObject({ status: 'cancelled', version: 2 });
    const ship = await call('POST', '/__mock/orders/OS-000001/ship');
    expect(ship.status).toBe(409);
    expect(ship.body.error.code).toBe('order_cancelled');
  });

  it('shopper order checks its body', async () => {
    await start();
    await call('PUT', '/products/ring-1', product);
    expect((await call('POST', '/__mock/orders', {})).status).toBe(400);
    expect((await call('POST', '/__mock/orders', { lines: [{ sku: 'nope' }] })).status).toBe(404);
    expect((await call('POST', '/__mock/orders', { lines: [{ sku: 'ring-1' }], status: 'shipped' })).status).toBe(400);
    expect((await call('POST', '/__mock/orders', { lines: [{ sku: 'ring-1' }], coupon: 200_000 })).status).toBe(400);
    // Two lines of the same SKU together exceed the stock of 2.
    const split = await call('POST', '/__mock/orders', { lines: [{ sku: 'ring-1', quantity: 2 }, { sku: 'ring-1', quantity: 1 }] });
    expect(split.status).toBe(409);
  });

  it('state and reset', async () => {
    await start();
    await call('PUT', '/products/ring-1', product);
    await call('POST', '/__mock/faults', { kind: 'latency', ms: 1 });

    const state = await call('GET', '/__mock/state');
    expect(state.body.products).toHaveLength(1);
    expect(state.body.requests).toEqual([{ method: 'PUT', path: '/products/ring-1', status: 201 }]);
    expect(state.body.faults).toEqual([{ kind: 'latency', ms: 1, remaining: null }]);

    expect((await call('POST', '/__mock/reset')).status).toBe(204);
    const empty = await call('GET', '/__mock/state');
    expect(empty.body.products).toEqual([]);
    expect(empty.body.faults).toEqual([]);
  });

  it('drop after apply keeps the change', async () => {
    const site = await start();
    await call('PUT', '/products/ring-1', product);
    site.addFault({ kind: 'drop', afterApply: true, count: 1 });
    await expect(call('POST', '/stock', { items: [{ sku: 'ring-1', quantity: 0 }] })).rejects.toThrow();
    expect(site.state.products.get('ring-1')!.quantity).toBe(0);
  });

  it('fault limited by path prefix', async () => {
    const site = await start();
    site.addFault({ kind: 'error', status: 502, pathPrefix: '/orders' });
    expect((await call('GET', '/health')).status).toBe(200);
    expect((await call('GET', '/orders/OS-1')).status).toBe(502);
  });

  it('fault probability uses random', async () => {
    const site = await start({ random: () => 0.5 });
    site.addFault({ kind: 'error', probability: 0.4 });
    expect((await call('GET', '/health')).status).toBe(200);
    site.addFault({ kind: 'error', probability: 0.6 });
    expect((await call('GET', '/health')).status).toBe(500);
  });
});
