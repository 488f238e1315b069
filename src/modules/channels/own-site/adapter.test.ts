// Tests of the own-site adapter against the own-site mock, including every injected fault.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ChannelCallError, type ChannelAdapter, type ListingPayload } from '../adapter.js';
import { createOwnSiteAdapter, type OwnSiteAdapterOptions } from './adapter.js';
import { parseOwnSiteOrder } from './api.js';
import { createOwnSiteMock, type FaultSpec, type OwnSiteMock, type OwnSiteMockOptions } from './mock/index.js';
import { SIGNATURE_HEADER, verifyWebhookSignature } from './signature.js';

const TOKEN = 'test-token';

let mock: OwnSiteMock | undefined;
let receiver: http.Server | undefined;

afterEach(async () => {
  await mock?.close();
  mock = undefined;
  await new Promise<void>((resolve) => (receiver ? receiver.close(() => resolve()) : resolve()));
  receiver = undefined;
});

async function start(
  mockOptions: OwnSiteMockOptions = {},
  adapterOptions: Partial<OwnSiteAdapterOptions> = {},
): Promise<{ site: OwnSiteMock; adapter: ChannelAdapter }> {
  mock = createOwnSiteMock({ apiToken: TOKEN, requestsPerSecond: false, ...mockOptions });
  const url = await mock.listen();
  const adapter = createOwnSiteAdapter({ baseUrl: url, apiToken: TOKEN, timeoutMs: 300, requestsPerSecond: 1000, ...adapterOptions });
  return { site: mock, adapter };
}

function listing(code: string, overrides: Partial<ListingPayload> = {}): ListingPayload {
  return {
    listingId: 1,
    externalCode: code,
    title: `K18 ダイヤモンドリング ${code}`,
    description: '一点物のリングです。',
    price: 128_000,
    priceBasis: 'included',
    taxRatePercent: 10,
    categoryId: 'rings',
    photos: ['https://shop.example/photos/1.jpg'],
    quantity: 1,
    ...overrides,
  };
}

/** Runs the call and returns the ChannelCallError it throws. */
async function callError(call: () => Promise<unknown>): Promise<ChannelCallError> {
  try {
    await call();
  } catch (error) {
    if (error instanceof ChannelCallError) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

const requestsTo = (site: OwnSiteMock, method: string, path: string) =>
  site.state.requests.filter((r) => r.method === method && r.path === path).length;

describe('connection', () => {
  it('testConnection passes with the right token', async () => {
    const { adapter } = await start();
    await expect(adapter.testConnection()).resolves.toBeUndefined();
  });

  it('wrong token is an auth error', async () => {
    const { adapter } = await start({}, { apiToken: 'wrong' });
    const error = await callError(() => adapter.testConnection());
    expect(error.kind).toBe('auth');
    expect(error.details.status).toBe(401);
    expect(error.messageJa).toContain('API トークン');
  });

  it('base URL with a path and trailing slash', async () => {
    const { site } = await start();
    const adapter = createOwnSiteAdapter({ baseUrl: `${site.url}/`, apiToken: TOKEN });
    await expect(adapter.testConnection()).resolves.toBeUndefined();
  });
});

describe('publish', () => {
  it('creates and updates products with their fields', async () => {
    const { site, adapter } = await start();
    const first = await adapter.publish([listing('ring-1'), listing('ring-2', { priceBasis: 'excluded', price: 100_000, quantity: 0 })]);
    expect(first).toEqual({ done: ['ring-1', 'ring-2'], failed: [] });
    expect(site.state.products.get('ring-2')).toMatchObject({ priceBasis: 'excluded', price: 100_000, quantity: 0, taxRatePercent: 10, categoryId: 'rings' });

    const again = await adapter.publish([listing('ring-1', { title: '新しい名前', quantity: 0 })]);
    expect(again.done).toEqual(['ring-1']);
    expect(site.state.products.get('ring-1')).toMatchObject({ title: '新しい名前', quantity: 0 });
  });

  it('invalid pieces fail without a call', async () => {
    const { site, adapter } = await start();
    const outcome = await adapter.publish([listing('bad sku'), listing('ring-3', { title: '' }), listing('ring-4')]);
    expect(outcome.done).toEqual(['ring-4']);
    expect(outcome.failed.map((f) => f.externalCode)).toEqual(['bad sku', 'ring-3']);
    expect(outcome.failed[0]!.error.kind).toBe('rejected');
    expect(outcome.failed[1]!.error.messageEn).toContain('title');
    expect(site.state.requests).toHaveLength(1);
  });

  it('site rejection fails only that piece', async () => {
    const { adapter } = await start();
    mock!.addFault({ kind: 'error', status: 422, pathPrefix: '/products/ring-2' });
    const outcome = await adapter.publish([listing('ring-1'), listing('ring-2'), listing('ring-3')]);
    expect(outcome.done).toEqual(['ring-1', 'ring-3']);
    expect(outcome.failed).toHaveLength(1);
    expect(outcome.failed[0]!.error).toMatchObject({ kind: 'rejected', details: { status: 422, channelCode: 'mock_fault', externalCode: 'ring-2' } });
  });
});

describe('stock', () => {
  it('setStock sets absolute quantities and reports unknown SKUs', async () => {
    const { site, adapter } = await start();
    await adapter.publish([listing('ring-1'), listing('ring-2')]);

    const outcome = await adapter.setStock([
      { externalCode: 'ring-1', quantity: 3 },
      { externalCode: 'ring-2', quantity: 5 },
      { externalCode: 'ring-2', quantity: 0 },
      { externalCode: 'gone', quantity: 1 },
    ]);
    expect(outcome.done).toEqual(['ring-1', 'ring-2']);
    expect(outcome.failed).toHaveLength(1);
    expect(outcome.failed[0]!.error).toMatchObject({ kind: 'rejected', details: { channelCode: 'not_found', externalCode: 'gone' } });
    expect(site.state.products.get('ring-1')!.quantity).toBe(3);
    expect(site.state.products.get('ring-2')!.quantity).toBe(0);

    // Idempotent: the same call again changes nothing.
    await adapter.setStock([{ externalCode: 'ring-1', quantity: 3 }]);
    expect(site.state.products.get('ring-1')!.quantity).toBe(3);
  });

  it('setStock rejects bad quantities locally', async () => {
    const { site, adapter } = await start();
    const outcome = await adapter.setStock([{ externalCode: 'ring-1', quantity: -1 }]);
    expect(outcome.done).toEqual([]);
    expect(outcome.failed[0]!.error.kind).toBe('rejected');
    expect(site.state.requests).toHaveLength(0);
  });

  it('setStock splits into calls of 500', async () => {
    const { site, adapter } = await start();
    const codes = Array.from({ length: 501 }, (_, i) => `p-${i}`);
    const outcome = await adapter.setStock(codes.map((code) => ({ externalCode: code, quantity: 1 })));
    expect(outcome.failed).toHaveLength(501);
    expect(requestsTo(site, 'POST', '/stock')).toBe(2);
  });

  it('readStock leaves unknown codes out and splits by 100', async () => {
    const { site, adapter } = await start();
    await adapter.publish([listing('ring-1', { quantity: 2 }), listing('ring-2', { quantity: 0 })]);

    const small = await adapter.readStock(['ring-1', 'ring-2', 'nope', 'bad sku']);
    expect([...small]).toEqual([
      ['ring-1', 2],
      ['ring-2', 0],
    ]);

    const many = Array.from({ length: 150 }, (_, i) => `x-${i}`);
    const big = await adapter.readStock([...many, 'ring-1']);
    expect(big.get('ring-1')).toBe(2);
    expect(requestsTo(site, 'GET', '/stock')).toBe(3);
  });
});

describe('orders', () => {
  async function withOrders(count: number, options: OwnSiteMockOptions = {}) {
    const started = await start(options);
    await started.adapter.publish([listing('ring-1', { quantity: count + 5 })]);
    const numbers: string[] = [];
    for (let i = 0; i < count; i += 1) {
      const placed = started.site.placeOrder({ lines: [{ sku: 'ring-1', quantity: 1 }], shipping: 800 });
      expect(placed.status).toBe(201);
      numbers.push((placed.body as { orderNumber: string }).orderNumber);
    }
    return { ...started, numbers };
  }

  const wide = () => ({ from: new Date(Date.now() - 60_000), to: new Date(Date.now() + 60_000) });

  it('listOrders pages through the window', async () => {
    const { adapter, numbers } = await withOrders(5, { pageSize: 2 });
    const window = wide();
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await adapter.listOrders({ ...window, cursor });
      seen.push(...page.orderNumbers);
      cursor = page.next;
      pages += 1;
    } while (cursor !== undefined);
    expect(pages).toBe(3);
    expect(seen.sort()).toEqual(numbers.sort());
  });

  it('listOrders outside the window is empty', async () => {
    const { adapter } = await withOrders(2);
    const page = await adapter.listOrders({ from: new Date('2020-01-01T00:00:00Z'), to: new Date('2020-01-02T00:00:00Z') });
    expect(page).toEqual({ orderNumbers: [] });
  });

  it('getOrders maps orders and skips unknown', async () => {
    const { adapter, numbers } = await withOrders(1);
    const orders = await adapter.getOrders([numbers[0]!, 'OS-999999']);
    expect(orders).toHaveLength(1);
    const order = orders[0]!;
    expect(order).toMatchObject({ orderNumber: numbers[0], status: 'to_confirm', version: '1' });
    expect(order.lines[0]).toMatchObject({ externalCode: 'ring-1', unitPrice: 128_000, quantity: 1, taxIncluded: true, taxRate: 0.1 });
    expect(order.totals).toMatchObject({ goods: 128_000, shipping: 800, total: 128_800 });
  });

  it('confirmOrder moves the order to shipping', async () => {
    const { adapter, numbers } = await withOrders(1);
    const [order] = await adapter.getOrders(numbers);
    await adapter.confirmOrder(order!);
    await adapter.confirmOrder(order!);
    const [after] = await adapter.getOrders(numbers);
    expect(after).toMatchObject({ status: 'to_ship', version: '2' });
  });

  it('cancelOrder cancels and repeats safely', async () => {
    const { site, adapter, numbers } = await withOrders(1);
    const [order] = await adapter.getOrders(numbers);
    await adapter.cancelOrder(order!, 'out_of_stock');
    await adapter.cancelOrder(order!, 'out_of_stock');
    const [after] = await adapter.getOrders(numbers);
    expect(after!.status).toBe('cancelled');
    // The site leaves stock alone on cancellation; tsunagu sends the quantity.
    expect(site.state.products.get('ring-1')!.quantity).toBe(5);

    const error = await callError(() => adapter.confirmOrder(order!));
    expect(error).toMatchObject({ kind: 'rejected', details: { status: 409, channelCode: 'order_cancelled' } });
  });

  it('cancelOrder of shipped order is rejected', async () => {
    const { site, adapter, numbers } = await withOrders(1);
    const shipped = await fetch(`${site.url}/__mock/orders/${numbers[0]}/ship`, { method: 'POST' });
    expect(shipped.status).toBe(200);
    const [order] = await adapter.getOrders(numbers);
    expect(order!.status).toBe('shipped');
    const error = await callError(() => adapter.cancelOrder(order!, 'buyer_request'));
    expect(error).toMatchObject({ kind: 'rejected', details: { status: 409, channelCode: 'order_shipped' } });
    expect(error.messageEn).toContain('cannot become cancelled');
  });

  it('shopper order beyond stock needs force', async () => {
    const { site, adapter } = await start();
    await adapter.publish([listing('ring-1', { quantity: 1 })]);
    const refused = site.placeOrder({ lines: [{ sku: 'ring-1', quantity: 2 }] });
    expect(refused.status).toBe(409);
    expect(site.state.products.get('ring-1')!.quantity).toBe(1);
    const forced = site.placeOrder({ lines: [{ sku: 'ring-1', quantity: 2 }], force: true });
    expect(forced.status).toBe(201);
    expect(site.state.products.get('ring-1')!.quantity).toBe(0);
    expect(site.state.oversold).toHaveLength(1);
  });
});

describe('faults', () => {
  const cases: Array<{ fault: FaultSpec; kind: ChannelCallError['kind']; status?: number }> = [
    { fault: { kind: 'error' }, kind: 'transient', status: 500 },
    { fault: { kind: 'error', status: 503 }, kind: 'transient', status: 503 },
    { fault: { kind: 'error', status: 400 }, kind: 'rejected', status: 400 },
    { fault: { kind: 'error', status: 403 }, kind: 'auth', status: 403 },
    { fault: { kind: 'timeout' }, kind: 'transient' },
    { fault: { kind: 'rateLimit' }, kind: 'transient', status: 429 },
    { fault: { kind: 'malformed' }, kind: 'transient', status: 200 },
    { fault: { kind: 'drop' }, kind: 'transient' },
    { fault: { kind: 'drop', afterApply: true }, kind: 'transient' },
  ];

  for (const { fault, kind, status } of cases) {
    it(`${fault.kind}${fault.status ? ` ${fault.status}` : ''}${fault.afterApply ? ' after apply' : ''} is ${kind}, then retry works`, async () => {
      const { site, adapter } = await start();
      await adapter.publish([listing('ring-1')]);

      site.addFault(fault);
      const error = await callError(() => adapter.readStock(['ring-1']));
      expect(error.kind).toBe(kind);
      if (status !== undefined) expect(error.details.status).toBe(status);
      if (fault.kind === 'rateLimit') expect(error.details.retryAfterMs).toBe(1000);

      site.clearFaults();
      const stock = await adapter.readStock(['ring-1']);
      expect(stock.get('ring-1')).toBe(1);
    });
  }

  it('latency below the timeout succeeds', async () => {
    const { site, adapter } = await start();
    site.addFault({ kind: 'latency', ms: 50, count: 1 });
    await expect(adapter.testConnection()).resolves.toBeUndefined();
  });

  it('counted fault clears itself', async () => {
    const { site, adapter } = await start();
    site.addFault({ kind: 'error', count: 1 });
    expect((await callError(() => adapter.testConnection())).kind).toBe('transient');
    await expect(adapter.testConnection()).resolves.toBeUndefined();
  });

  it('site rate limit gives 429 with Retry-After', async () => {
    const { adapter } = await start({ requestsPerSecond: 2 });
    await adapter.testConnection();
    await adapter.testConnection();
    const error = await callError(() => adapter.testConnection());
    expect(error.kind).toBe('transient');
    expect(error.details.status).toBe(429);
    expect(error.details.retryAfterMs).toBeGreaterThan(0);
  });

  it('faults endpoint takes a list', async () => {
    const { site, adapter } = await start();
    const response = await fetch(`${site.url}/__mock/faults`, {
      method: 'POST',
      body: JSON.stringify([{ kind: 'error', status: 502, count: 1 }, { kind: 'latency', ms: 10, count: 1 }]),
    });
    expect(response.status).toBe(204);
    expect((await callError(() => adapter.testConnection())).details.status).toBe(502);
    const bad = await fetch(`${site.url}/__mock/faults`, { method: 'POST', body: JSON.stringify({ kind: 'nope' }) });
    expect(bad.status).toBe(400);
  });
});

describe('responses from outside the API', () => {
  function stubbed(response: () => Response): ChannelAdapter {
    return createOwnSiteAdapter({ baseUrl: 'http://127.0.0.1:9/api', apiToken: TOKEN, requestsPerSecond: 1000, fetch: async () => response() });
  }

  it('HTML 404 points at the base URL', async () => {
    const adapter = stubbed(() => new Response('<html>Not Found</html>', { status: 404, headers: { 'content-type': 'text/html' } }));
    const error = await callError(() => adapter.getOrders(['OS-000001']));
    expect(error.kind).toBe('rejected');
    expect(error.messageEn).toContain('base URL');
    expect(error.messageJa).toContain('ベース URL');
  });

  it('redirect is rejected with its target', async () => {
    const adapter = stubbed(() => new Response(null, { status: 301, headers: { location: 'https://shop.example/api' } }));
    const error = await callError(() => adapter.testConnection());
    expect(error).toMatchObject({ kind: 'rejected', details: { status: 301 } });
    expect(error.messageEn).toContain('https://shop.example/api');
  });

  it('long site message is cut', async () => {
    const adapter = stubbed(() => Response.json({ error: { code: 'invalid_request', message: 'x'.repeat(5000) } }, { status: 400 }));
    const error = await callError(() => adapter.testConnection());
    expect(error.kind).toBe('rejected');
    expect(error.messageEn.length).toBeLessThan(500);
    expect(error.details.channelCode).toBe('invalid_request');
  });

  it('Retry-After as HTTP date', async () => {
    const later = new Date(Date.now() + 5_000).toUTCString();
    const adapter = stubbed(() => Response.json({ error: { code: 'too_many_requests', message: 'slow down' } }, { status: 429, headers: { 'retry-after': later } }));
    const error = await callError(() => adapter.testConnection());
    expect(error.kind).toBe('transient');
    expect(error.details.retryAfterMs).toBeGreaterThan(3_000);
    expect(error.details.retryAfterMs).toBeLessThanOrEqual(5_000);
  });

  it('order under another number is rejected', async () => {
    const { site, adapter } = await start();
    await adapter.publish([listing('ring-1')]);
    const placed = site.placeOrder({ lines: [{ sku: 'ring-1' }] });
    const body = placed.body as Record<string, unknown>;
    const other = stubbed(() => Response.json({ ...body, orderNumber: 'OS-000999' }));
    const error = await callError(() => other.getOrders([body.orderNumber as string]));
    expect(error).toMatchObject({ kind: 'rejected', details: { channelCode: 'order_number_mismatch' } });
  });

  it('2xx body of the wrong shape is transient', async () => {
    const adapter = stubbed(() => Response.json({ items: 'none' }));
    const error = await callError(() => adapter.readStock(['ring-1']));
    expect(error).toMatchObject({ kind: 'transient', details: { status: 200 } });
  });
});

describe('webhook', () => {
  const SECRET = 'whsec-test';

  /** Starts a receiver that verifies each delivery like tsunagu's route would, failing the first `failFirst`. */
  async function startReceiver(failFirst: number) {
    const received: Array<{ ok: boolean; orderNumber: string; status: string }> = [];
    let calls = 0;
    receiver = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        calls += 1;
        const raw = Buffer.concat(chunks);
        const header = req.headers[SIGNATURE_HEADER.toLowerCase()];
        const check = verifyWebhookSignature(SECRET, raw, typeof header === 'string' ? header : undefined, Math.floor(Date.now() / 1000));
        const order = parseOwnSiteOrder(JSON.parse(raw.toString('utf8')));
        received.push({ ok: check.ok, orderNumber: order.orderNumber, status: order.status });
        res.writeHead(calls <= failFirst ? 500 : 204).end();
      });
    });
    await new Promise<void>((resolve) => receiver!.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhook`;
    return { url, received };
  }

  it('posts signed new and changed orders', async () => {
    const { url, received } = await startReceiver(0);
    const { site, adapter } = await start({ webhookUrl: url, webhookSecret: SECRET });
    await adapter.publish([listing('ring-1')]);
    const placed = site.placeOrder({ lines: [{ sku: 'ring-1' }] });
    const number = (placed.body as { orderNumber: string }).orderNumber;
    await site.webhooksSettled();

    const [order] = await adapter.getOrders([number]);
    await adapter.confirmOrder(order!);
    await site.webhooksSettled();

    expect(received).toEqual([
      { ok: true, orderNumber: number, status: 'to_confirm' },
      { ok: true, orderNumber: number, status: 'to_ship' },
    ]);
    expect(site.state.webhooks.map((w) => w.state)).toEqual(['delivered', 'delivered']);
  });

  it('retries a failed delivery', async () => {
    const { url, received } = await startReceiver(2);
    const { site, adapter } = await start({ webhookUrl: url, webhookSecret: SECRET, webhookRetryDelayMs: 10 });
    await adapter.publish([listing('ring-1')]);
    site.placeOrder({ lines: [{ sku: 'ring-1' }] });
    await site.webhooksSettled();
    expect(received).toHaveLength(3);
    expect(site.state.webhooks[0]).toMatchObject({ state: 'delivered', attempts: 3, lastResult: 204 });
  });

  it('gives up after the last attempt', async () => {
    const { url } = await startReceiver(10);
    const { site, adapter } = await start({ webhookUrl: url, webhookSecret: SECRET, webhookRetryDelayMs: 5, webhookAttempts: 2 });
    await adapter.publish([listing('ring-1')]);
    site.placeOrder({ lines: [{ sku: 'ring-1' }] });
    await site.webhooksSettled();
    expect(site.state.webhooks[0]).toMatchObject({ state: 'failed', attempts: 2, lastResult: 500 });
  });
});
