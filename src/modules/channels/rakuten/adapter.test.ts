// Tests of the Rakuten adapter against the local RMS mock: publishing, stock, orders, rate
// limits and every injected fault.
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { ChannelCallError, type ChannelOrder, type ListingPayload } from '../adapter.js';
import { createRakutenAdapter, decodeCursor, encodeCursor, formatSearchDatetime, VARIANT_ID, type RakutenAdapter, type RakutenAdapterOptions } from './adapter.js';
import { createRakutenMock, type FaultSpec, type RakutenMock, type RakutenMockOptions } from './mock/index.js';

const SAMPLES = '/work/shared/data/real/rakuten';
const SECRET = 'SP338100_adapterSecret';
const KEY = 'SL338100_adapterLicense';
const DAY_MS = 24 * 60 * 60 * 1000;

let mock: RakutenMock | undefined;

afterEach(async () => {
  await mock?.close();
  mock = undefined;
});

/** Starts the mock at its real rate limits unless the options change them. */
async function startMock(options: RakutenMockOptions = {}): Promise<RakutenMock> {
  mock = createRakutenMock({ serviceSecret: SECRET, licenseKey: KEY, ...options });
  await mock.listen({ host: '127.0.0.1', port: 0 });
  return mock;
}

function adapterFor(m: RakutenMock, options: Partial<RakutenAdapterOptions> = {}) {
  return createRakutenAdapter({ baseUrl: m.url, serviceSecret: SECRET, licenseKey: KEY, timeoutMs: 2000, ...options });
}

function listing(code: string, overrides: Partial<ListingPayload> = {}): ListingPayload {
  return {
    listingId: 1,
    externalCode: code,
    title: `K18 ダイヤモンドリング ${code}`,
    description: '一点物のリングです。\n鑑別書付き。',
    price: 100000,
    priceBasis: 'excluded',
    taxRatePercent: 10,
    categoryId: '110729',
    photos: [],
    quantity: 1,
    ...overrides,
  };
}

async function operator(m: RakutenMock, method: string, path: string, body?: unknown): Promise<any> {
  const res = await fetch(`${m.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

const requestsTo = (m: RakutenMock, path: string) => m.state.requests.filter((r) => r.path === path);

/** JST order time `days` before now, in the `+0900` form the mock stores. */
const jstDaysAgo = (days: number): string => formatSearchDatetime(new Date(Date.now() - days * DAY_MS));

describe('testConnection', () => {
  it('passes with valid credentials', async () => {
    const m = await startMock();
    await expect(adapterFor(m).testConnection()).resolves.toBeUndefined();
    expect(requestsTo(m, '/es/2.0/items/search')).toHaveLength(1);
  });

  it('fails as auth with a wrong key', async () => {
    const m = await startMock();
    const error = await adapterFor(m, { licenseKey: 'SL_wrong' }).testConnection().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ChannelCallError);
    expect((error as ChannelCallError).kind).toBe('auth');
    expect((error as ChannelCallError).details.status).toBe(401);
    expect((error as ChannelCallError).messageJa).toContain('licenseKey');
  });

  it('stops a publish with auth', async () => {
    const m = await startMock();
    const error = await adapterFor(m, { serviceSecret: 'SP_wrong' }).publish([listing('r-001')]).catch((e: unknown) => e);
    expect((error as ChannelCallError).kind).toBe('auth');
  });
});

describe('publish and withdraw', () => {
  it('creates the item and sets its quantity', async () => {
    const m = await startMock();
    const adapter = adapterFor(m);
    const outcome = await adapter.publish([
      listing('r-001', { photos: ['https://image.rakuten.co.jp/jewel-shop/cabinet/rings/r-001.jpg', '/rings/r-001-b.png'] }),
      listing('R-002', { price: 55000, priceBasis: 'included', description: null }),
    ]);
    expect(outcome.failed).toEqual([]);
    expect(outcome.done.sort()).toEqual(['R-002', 'r-001']);

    const item = m.state.items.get('r-001')!.body as any;
    expect(item.title).toBe('K18 ダイヤモンドリング r-001');
    expect(item.genreId).toBe('110729');
    expect(item.itemType).toBe('NORMAL');
    expect(item.productDescription.pc).toBe('一点物のリングです。<br>鑑別書付き。');
    expect(item.payment).toMatchObject({ taxIncluded: true, taxRate: '0.1' });
    expect(item.images.map((i: any) => i.location)).toEqual(['/rings/r-001.jpg', '/rings/r-001-b.png']);
    expect(item.variants[VARIANT_ID]).toMatchObject({ standardPrice: '110000', backOrderFlag: false, restockOnCancel: false });
    expect((m.state.items.get('r-002')!.body as any).variants[VARIANT_ID].standardPrice).toBe('55000');

    expect(await adapter.readStock(['r-001', 'R-002', 'unknown-1'])).toEqual(new Map([['r-001', 1], ['R-002', 1]]));
    expect(requestsTo(m, '/es/2.0/inventories/bulk-upsert')).toHaveLength(1);
  });

  it('withdraws with quantity 0', async () => {
    const m = await startMock();
    const adapter = adapterFor(m);
    await adapter.publish([listing('r-001')]);
    const outcome = await adapter.setStock([{ externalCode: 'r-001', quantity: 0 }]);
    expect(outcome).toEqual({ done: ['r-001'], failed: [] });
    expect([...m.state.inventory.values()].map((r) => [r.manageNumber, r.variantId, r.quantity])).toEqual([['r-001', VARIANT_ID, 0]]);
    expect(m.state.items.has('r-001')).toBe(true);
  });

  it('rounds a tax-excluded price down', async () => {
    const m = await startMock();
    await adapterFor(m).publish([listing('r-8', { price: 12345, taxRatePercent: 8 })]);
    const variant = (m.state.items.get('r-8')!.body as any).variants[VARIANT_ID];
    expect(variant.standardPrice).toBe('13332'); // 12345 × 1.08 = 13332.6
    expect((m.state.items.get('r-8')!.body as any).payment.taxRate).toBe('0.08');
  });

  it('fails only the piece with a refused genre', async () => {
    const m = await startMock();
    const outcome = await adapterFor(m).publish([listing('r-001'), listing('r-002', { categoryId: '111111' }), listing('r-003')]);
    expect(outcome.done.sort()).toEqual(['r-001', 'r-003']);
    expect(outcome.failed).toHaveLength(1);
    const { externalCode, error } = outcome.failed[0]!;
    expect(externalCode).toBe('r-002');
    expect(error.kind).toBe('rejected');
    expect(error.details).toMatchObject({ status: 400, channelCode: 'IE0146', externalCode: 'r-002' });
    expect(error.messageJa).toContain('商品 r-002');
    expect(error.messageEn).toContain('item r-002');
    expect(m.state.inventory.size).toBe(2);
  });

  it('checks pieces before sending them', async () => {
    const m = await startMock();
    const outcome = await adapterFor(m).publish([
      listing('r 001'),
      listing('r-002', { photos: ['https://example.com/r.jpg'] }),
      listing('r-003', { categoryId: null }),
      listing('r-004', { title: 'あ'.repeat(86) }),
      listing('r-005', { quantity: -1 }),
    ]);
    expect(outcome.done).toEqual([]);
    expect(outcome.failed.map((f) => [f.externalCode, f.error.kind])).toEqual([
      ['r 001', 'rejected'],
      ['r-002', 'rejected'],
      ['r-003', 'rejected'],
      ['r-004', 'rejected'],
      ['r-005', 'rejected'],
    ]);
    expect(outcome.failed[1]!.error.messageJa).toContain('R-Cabinet');
    expect(m.state.requests).toEqual([]);
  });
});

describe('bulk stock calls', () => {
  it('sends 450 pieces in 2 bulk-upserts', async () => {
    const m = await startMock();
    const updates = Array.from({ length: 450 }, (_, i) => ({ externalCode: `p-${i}`, quantity: i % 3 }));
    const outcome = await adapterFor(m).setStock(updates);
    expect(outcome.failed).toEqual([]);
    expect(outcome.done).toHaveLength(450);
    const calls = requestsTo(m, '/es/2.0/inventories/bulk-upsert');
    expect(calls.map((c) => c.status)).toEqual([204, 204]);
    expect(m.state.inventory.size).toBe(450);
  });

  it('reads 2500 pieces in 3 bulk-gets', async () => {
    const m = await startMock();
    const adapter = adapterFor(m);
    await adapter.publish([listing('r-001', { quantity: 2 })]);
    const codes = ['r-001', ...Array.from({ length: 2499 }, (_, i) => `none-${i}`)];
    const stock = await adapter.readStock(codes);
    expect(stock).toEqual(new Map([['r-001', 2]]));
    expect(requestsTo(m, '/es/2.0/inventories/bulk-get').map((c) => c.status)).toEqual([200, 200, 200]);
  });

  it('keeps the last update of a repeated code', async () => {
    const m = await startMock();
    const adapter = adapterFor(m);
    await adapter.publish([listing('r-001')]);
    const outcome = await adapter.setStock([
      { externalCode: 'r-001', quantity: 5 },
      { externalCode: 'r-001', quantity: 0 },
    ]);
    expect(outcome.done).toEqual(['r-001']);
    expect(await adapter.readStock(['r-001'])).toEqual(new Map([['r-001', 0]]));
  });

  it('resends a chunk without the entries RMS refused', async () => {
    // The mock validates like our own checks, so a stub plays RMS refusing entry 1 of 3.
    const bodies: any[] = [];
    const stubFetch = (async (_url: URL, init: RequestInit) => {
      const body = JSON.parse(String(init.body));
      bodies.push(body);
      if (bodies.length === 1) {
        const errors = [{ code: 'IE0105', message: 'Not allowed for this item.', metadata: { propertyPath: 'inventories[1].manageNumber' } }];
        return new Response(JSON.stringify({ errors }), { status: 400, headers: { 'content-type': 'application/json' } });
      }
      return new Response(null, { status: 204 });
    }) as typeof fetch;
    const adapter = createRakutenAdapter({ baseUrl: 'http://127.0.0.1:9', serviceSecret: SECRET, licenseKey: KEY, fetch: stubFetch });
    const outcome = await adapter.setStock([
      { externalCode: 'a-1', quantity: 1 },
      { externalCode: 'a-2', quantity: 1 },
      { externalCode: 'a-3', quantity: 1 },
    ]);
    expect(outcome.done).toEqual(['a-1', 'a-3']);
    expect(outcome.failed.map((f) => [f.externalCode, f.error.kind, f.error.details.channelCode])).toEqual([['a-2', 'rejected', 'IE0105']]);
    expect(bodies[1].inventories.map((e: any) => e.manageNumber)).toEqual(['a-1', 'a-3']);
    expect(bodies[1].inventories[0]).toEqual({ manageNumber: 'a-1', variantId: VARIANT_ID, mode: 'ABSOLUTE', quantity: 1 });
  });
});

describe('rate limits', () => {
  it('gets no 429 from a burst at the real limits', async () => {
    const m = await startMock();
    const adapter = adapterFor(m);
    const pieces = Array.from({ length: 12 }, (_, i) => listing(`burst-${i}`));
    const updates = Array.from({ length: 1200 }, (_, i) => ({ externalCode: `s-${i}`, quantity: 1 }));
    const reads = Array.from({ length: 2500 }, (_, i) => `s-${i}`);

    const [published, stocked] = await Promise.all([adapter.publish(pieces), adapter.setStock(updates), adapter.readStock(reads), adapter.testConnection()]);

    expect(published.failed).toEqual([]);
    expect(stocked.failed).toEqual([]);
    expect(m.state.requests.filter((r) => r.status === 429)).toEqual([]);
    expect(requestsTo(m, '/es/2.0/inventories/bulk-upsert')).toHaveLength(4);
    expect(m.state.requests.filter((r) => r.method === 'PUT')).toHaveLength(12);
  }, 20_000);
});

describe('faults', () => {
  const faults: Array<[string, FaultSpec]> = [
    ['latency past the timeout', { kind: 'latency', ms: 800, count: 1 }],
    ['server error', { kind: 'error', status: 503, count: 1 }],
    ['timeout', { kind: 'timeout', count: 1 }],
    ['rate limit', { kind: 'rateLimit', count: 1 }],
    ['malformed body', { kind: 'malformed', count: 1 }],
    ['dropped connection', { kind: 'drop', count: 1 }],
    ['drop after apply', { kind: 'drop', afterApply: true, count: 1 }],
  ];

  it.each(faults)('%s on a read throws transient, then a retry works', async (_name, fault) => {
    const m = await startMock();
    const adapter = adapterFor(m, { timeoutMs: 400 });
    await adapter.publish([listing('r-001', { quantity: 3 })]);
    m.addFault({ ...fault, pathPrefix: '/es/2.0/inventories/bulk-get' });

    const error = await adapter.readStock(['r-001']).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ChannelCallError);
    expect((error as ChannelCallError).kind).toBe('transient');
    if (fault.kind === 'rateLimit') expect((error as ChannelCallError).details).toMatchObject({ status: 429, retryAfterMs: 1000 });
    if (fault.kind === 'error') expect((error as ChannelCallError).details.status).toBe(503);

    m.clearFaults();
    expect(await adapter.readStock(['r-001'])).toEqual(new Map([['r-001', 3]]));
  });

  it.each(faults)('%s on setStock fails the pieces as transient, then a retry works', async (_name, fault) => {
    const m = await startMock();
    const adapter = adapterFor(m, { timeoutMs: 400 });
    await adapter.publish([listing('r-001'), listing('r-002')]);
    m.addFault({ ...fault, pathPrefix: '/es/2.0/inventories/bulk-upsert' });

    const updates = [
      { externalCode: 'r-001', quantity: 0 },
      { externalCode: 'r-002', quantity: 0 },
    ];
    const failed = await adapter.setStock(updates);
    expect(failed.done).toEqual([]);
    expect(failed.failed.map((f) => [f.externalCode, f.error.kind])).toEqual([
      ['r-001', 'transient'],
      ['r-002', 'transient'],
    ]);

    // The runner retries after a backoff. Without it, the call that timed out here but still
    // ran on the mock 400 ms later shares the 1/s bulk-upsert budget with the retry.
    m.clearFaults();
    await sleep(1500);
    expect(await adapter.setStock(updates)).toEqual({ done: ['r-001', 'r-002'], failed: [] });
    expect(await adapter.readStock(['r-001', 'r-002'])).toEqual(new Map([['r-001', 0], ['r-002', 0]]));
  });

  it('latency under the timeout only slows the call', async () => {
    const m = await startMock();
    const adapter = adapterFor(m, { timeoutMs: 1000 });
    m.addFault({ kind: 'latency', ms: 150 });
    await expect(adapter.testConnection()).resolves.toBeUndefined();
  });

  it('a transient item upsert stops the rest of a publish', async () => {
    const m = await startMock();
    m.addFault({ kind: 'error', status: 500, count: 1, pathPrefix: '/es/2.0/items/manage-numbers/r-002' });
    const outcome = await adapterFor(m).publish([listing('r-001'), listing('r-002'), listing('r-003')]);
    expect(outcome.done).toEqual(['r-001']);
    expect(outcome.failed.map((f) => [f.externalCode, f.error.kind])).toEqual([
      ['r-002', 'transient'],
      ['r-003', 'transient'],
    ]);
    expect(m.state.items.has('r-003')).toBe(false);
  });

  it('a connection refused is transient', async () => {
    const m = await startMock();
    const url = m.url;
    await m.close();
    mock = undefined;
    const error = await createRakutenAdapter({ baseUrl: url, serviceSecret: SECRET, licenseKey: KEY }).testConnection().catch((e: unknown) => e);
    expect((error as ChannelCallError).kind).toBe('transient');
  });
});

describe('client', () => {
  /** Builds a fetch that returns one canned response and records the requests it got. */
  function cannedFetch(status: number, body: unknown, headers: Record<string, string> = {}) {
    const calls: Array<{ url: string; init: RequestInit }> = [];
    const stub = (async (url: URL, init: RequestInit) => {
      calls.push({ url: String(url), init });
      return new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
    }) as typeof fetch;
    return { calls, stub };
  }

  const stubAdapter = (stub: typeof fetch, logger?: RakutenAdapterOptions['logger']) =>
    createRakutenAdapter({ baseUrl: 'http://127.0.0.1:9/', serviceSecret: SECRET, licenseKey: KEY, fetch: stub, ...(logger ? { logger } : {}) });

  it('sends the ESA header and JSON types', async () => {
    const { calls, stub } = cannedFetch(200, { MessageModelList: [], OrderModelList: [] });
    await stubAdapter(stub).getOrders(['123456-20261205-00000001']);
    const headers = calls[0]!.init.headers as Record<string, string>;
    expect(calls[0]!.url).toBe('http://127.0.0.1:9/es/2.0/order/getOrder/');
    expect(headers.authorization).toBe(`ESA ${Buffer.from(`${SECRET}:${KEY}`).toString('base64')}`);
    expect(headers['content-type']).toBe('application/json; charset=utf-8');
  });

  it('reads Retry-After of a 429', async () => {
    const { stub } = cannedFetch(429, { errors: [{ code: 'GE0429', message: 'Too many requests.' }] }, { 'retry-after': '3' });
    const error = await stubAdapter(stub).readStock(['r-001']).catch((e: unknown) => e);
    expect((error as ChannelCallError).kind).toBe('transient');
    expect((error as ChannelCallError).details.retryAfterMs).toBe(3000);
  });

  it('maps an order API 401 to auth', async () => {
    const m = await startMock();
    const error = await adapterFor(m, { serviceSecret: 'SP_wrong' }).listOrders({ from: new Date(Date.now() - DAY_MS), to: new Date() }).catch((e: unknown) => e);
    expect((error as ChannelCallError).kind).toBe('auth');
    expect((error as ChannelCallError).details.channelCode).toBe('MOCK_UNAUTHORIZED');
  });

  it('maps the published searchOrder 400 to rejected', async () => {
    const published = JSON.parse(readFileSync(`${SAMPLES}/searchOrder-response-400.json`, 'utf8'));
    const { stub } = cannedFetch(400, published);
    const error = await stubAdapter(stub).listOrders({ from: new Date(Date.now() - DAY_MS), to: new Date() }).catch((e: unknown) => e);
    expect((error as ChannelCallError).kind).toBe('rejected');
    expect((error as ChannelCallError).details).toMatchObject({ status: 400, channelCode: 'ORDER_EXT_API_SEARCH_ORDER_ERROR_009' });
    expect((error as ChannelCallError).messageJa).toContain('startDatetimeの書式が不正です。');
  });

  it('maps a 200 with an ERROR message to rejected', async () => {
    const { stub } = cannedFetch(200, { MessageModelList: [{ messageType: 'ERROR', messageCode: 'ORDER_EXT_API_GET_ORDER_ERROR_X', message: 'エラー' }], OrderModelList: null });
    const error = await stubAdapter(stub).getOrders(['123456-20261205-00000001']).catch((e: unknown) => e);
    expect((error as ChannelCallError).kind).toBe('rejected');
    expect((error as ChannelCallError).messageJa).toContain('注文 123456-20261205-00000001');
  });

  it('maps a 2xx without the documented shape to transient', async () => {
    const { stub } = cannedFetch(200, { unexpected: true });
    const error = await stubAdapter(stub).readStock(['r-001']).catch((e: unknown) => e);
    expect((error as ChannelCallError).kind).toBe('transient');
  });

  it('never logs the credentials', async () => {
    const lines: string[] = [];
    const record = (...args: unknown[]) => {
      lines.push(JSON.stringify(args));
    };
    const logger = { info: record, warn: record, error: record, debug: record } as unknown as RakutenAdapterOptions['logger'];
    const { stub } = cannedFetch(401, { errors: [{ code: 'X', message: 'Unauthorized' }] });
    await stubAdapter(stub, logger).testConnection().catch(() => undefined);
    expect(lines.length).toBeGreaterThan(0);
    const text = lines.join('\n');
    expect(text).not.toContain(KEY);
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain(Buffer.from(`${SECRET}:${KEY}`).toString('base64'));
  });
});

describe('listOrders', () => {
  async function shopWithStock(m: RakutenMock, quantity: number) {
    const adapter = adapterFor(m, { searchPageSize: 2 });
    await adapter.publish([listing('r-001', { quantity })]);
    return adapter;
  }

  const place = async (m: RakutenMock, orderDatetime?: string): Promise<string> => {
    const res = await operator(m, 'POST', '/__mock/orders', { lines: [{ manageNumber: 'r-001', variantId: VARIANT_ID }], ...(orderDatetime ? { orderDatetime } : {}) });
    expect(res.status).toBe(201);
    return res.body.orderNumber;
  };

  it('pages through more than one page', async () => {
    const m = await startMock();
    const adapter = await shopWithStock(m, 10);
    const placed: string[] = [];
    for (let i = 0; i < 5; i++) placed.push(await place(m));

    const window = { from: new Date(Date.now() - 60 * 60 * 1000), to: new Date(Date.now() + 60 * 60 * 1000) };
    const pages: string[][] = [];
    let cursor: string | undefined;
    do {
      const page = await adapter.listOrders({ ...window, ...(cursor ? { cursor } : {}) });
      pages.push(page.orderNumbers);
      cursor = page.next;
    } while (cursor);

    // The last, empty page is the search for cancellations.
    expect(pages.map((p) => p.length)).toEqual([2, 2, 1, 0]);
    expect(pages.flat()).toEqual(placed);
  });

  it('splits a window longer than 63 days', async () => {
    const m = await startMock();
    const searches: any[] = [];
    const recordingFetch = (async (url: URL, init: RequestInit) => {
      if (String(url).includes('searchOrder')) searches.push(JSON.parse(String(init.body)));
      return fetch(url, init);
    }) as typeof fetch;
    await shopWithStock(m, 10);
    const adapter = adapterFor(m, { fetch: recordingFetch });
    const old = await place(m, jstDaysAgo(100));
    const middle = await place(m, jstDaysAgo(30));
    const recent = await place(m);

    const window = { from: new Date(Date.now() - 120 * DAY_MS), to: new Date(Date.now() + 60_000) };
    const found: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await adapter.listOrders({ ...window, ...(cursor ? { cursor } : {}) });
      found.push(...page.orderNumbers);
      cursor = page.next;
    } while (cursor);

    expect(found).toEqual([old, middle, recent]);
    expect(searches.length).toBeGreaterThanOrEqual(2);
    for (const s of searches) {
      expect(s.startDatetime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+0900$/);
      expect(s.endDatetime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+0900$/);
      const span = Date.parse(s.endDatetime.replace('+0900', '+09:00')) - Date.parse(s.startDatetime.replace('+0900', '+09:00'));
      expect(span).toBeLessThanOrEqual(63 * DAY_MS);
      expect(s.PaginationRequestModel.requestRecordsAmount).toBe(1000);
      expect(s.dateType).toBe(1);
    }
    expect(m.state.requests.filter((r) => r.path === '/es/2.0/order/searchOrder/').map((r) => r.status)).not.toContain(400);
  });

  it('starts a window older than 730 days at the limit', async () => {
    const m = await startMock();
    const adapter = await shopWithStock(m, 1);
    const recent = await place(m);
    const page = await adapter.listOrders({ from: new Date(Date.now() - 800 * DAY_MS), to: new Date(Date.now() + 60_000) });
    const all = [...page.orderNumbers];
    let cursor = page.next;
    while (cursor) {
      const next = await adapter.listOrders({ from: new Date(Date.now() - 800 * DAY_MS), to: new Date(Date.now() + 60_000), cursor });
      all.push(...next.orderNumbers);
      cursor = next.next;
    }
    expect(all).toEqual([recent]);
  });

  it('finds an older order cancelled since', async () => {
    const m = await startMock();
    const searches: any[] = [];
    const recordingFetch = (async (url: URL, init: RequestInit) => {
      if (String(url).includes('searchOrder')) searches.push(JSON.parse(String(init.body)));
      return fetch(url, init);
    }) as typeof fetch;
    await shopWithStock(m, 10);
    const adapter = adapterFor(m, { fetch: recordingFetch });
    const cancelled = await place(m, jstDaysAgo(20));
    await place(m, jstDaysAgo(10));
    const recent = await place(m);
    expect((await operator(m, 'POST', `/__mock/orders/${cancelled}/progress`, { orderProgress: 900 })).status).toBe(204);

    const window = { from: new Date(Date.now() - 10 * 60_000), to: new Date(Date.now() + 60_000) };
    const first = await adapter.listOrders(window);
    expect(first.orderNumbers).toEqual([recent]);
    const second = await adapter.listOrders({ ...window, cursor: first.next! });
    expect(second).toEqual({ orderNumbers: [cancelled] });
    expect(searches[1].orderProgressList).toEqual([800, 900]);
  });

  it('returns an empty last page when nothing matched', async () => {
    const m = await startMock();
    const page = await adapterFor(m).listOrders({ from: new Date(Date.now() - DAY_MS), to: new Date() });
    expect(page).toEqual({ orderNumbers: [] });
  });

  it('rejects a cursor it did not write', async () => {
    const m = await startMock();
    const error = await adapterFor(m).listOrders({ from: new Date(), to: new Date(), cursor: 'not-a-cursor' }).catch((e: unknown) => e);
    expect((error as ChannelCallError).kind).toBe('rejected');
  });
});

describe('getOrders', () => {
  it('maps the published sample served by the mock', async () => {
    const m = await startMock();
    const sample = JSON.parse(readFileSync(`${SAMPLES}/getOrderItem-response-200.json`, 'utf8')).OrderModelList[0];
    expect((await operator(m, 'POST', '/__mock/orders', { order: sample })).status).toBe(201);

    const orders = await adapterFor(m).getOrders(['123456-20230417-0207814266', '123456-20230417-0000000001']);
    expect(orders).toHaveLength(1);
    const order = orders[0]!;
    expect(order.orderNumber).toBe('123456-20230417-0207814266');
    expect(order.status).toBe('to_confirm');
    expect(order.orderedAt).toBe('2023-04-17T13:01:20+09:00');
    expect(order.lines.map((l) => [l.externalCode, l.variantCode, l.unitPrice, l.quantity])).toEqual([
      ['c3ps390', '11', 1200, 1],
      ['s1gr050', '15', 6600, 1],
      ['tst1234', 'tst1234', 1350, 1],
    ]);
    expect(order.totals).toEqual({ goods: 9150, shipping: 0, fees: 0, coupon: 915, points: 10, total: 8225, taxByRate: [{ rate: 0.1, taxable: 8235, tax: 749 }] });
    expect(order.raw).toEqual(sample);
  });

  it('sends getOrder in chunks of 100 with version 7', async () => {
    const m = await startMock();
    const bodies: any[] = [];
    const recordingFetch = (async (url: URL, init: RequestInit) => {
      if (String(url).includes('getOrder')) bodies.push(JSON.parse(String(init.body)));
      return fetch(url, init);
    }) as typeof fetch;
    const numbers = Array.from({ length: 150 }, (_, i) => `123456-20261205-${String(i + 1).padStart(8, '0')}`);
    expect(await adapterFor(m, { fetch: recordingFetch }).getOrders([...numbers, 'not-an-order-number'])).toEqual([]);
    expect(bodies.map((b) => b.orderNumberList.length)).toEqual([100, 50]);
    expect(bodies.every((b) => b.version === 7)).toBe(true);
  });
});

describe('shopper order through the adapter', () => {
  it('lists, reads, confirms and sees a cancellation', async () => {
    const m = await startMock();
    const adapter = adapterFor(m);
    await adapter.publish([listing('r-001', { price: 110000, priceBasis: 'included' })]);
    const placed = await operator(m, 'POST', '/__mock/orders', { lines: [{ manageNumber: 'r-001', variantId: VARIANT_ID }] });
    const orderNumber: string = placed.body.orderNumber;
    expect(orderNumber).toMatch(/^\d{6}-\d{8}-\d{8,10}$/);

    const page = await adapter.listOrders({ from: new Date(Date.now() - 60_000), to: new Date(Date.now() + 60_000) });
    expect(page.orderNumbers).toEqual([orderNumber]);
    const [order] = await adapter.getOrders(page.orderNumbers);
    expect(order!.status).toBe('to_confirm');
    expect(order!.lines).toEqual([
      expect.objectContaining({ externalCode: 'r-001', variantCode: VARIANT_ID, unitPrice: 110000, quantity: 1, taxIncluded: true, taxRate: 0.1 }),
    ]);
    expect(order!.buyer.name).toBe('楽天 花子');
    expect(order!.totals.total).toBe(110000);
    expect(await adapter.readStock(['r-001'])).toEqual(new Map([['r-001', 0]]));

    await adapter.confirmOrder(order!);
    expect(m.state.orders.get(orderNumber)!.orderProgress).toBe(300);
    const [confirmed] = await adapter.getOrders([orderNumber]);
    expect(confirmed!.status).toBe('to_ship');
    expect(confirmed!.version).not.toBe(order!.version);
    await expect(adapter.confirmOrder(confirmed!)).resolves.toBeUndefined();

    expect((await operator(m, 'POST', `/__mock/orders/${orderNumber}/progress`, { orderProgress: 900 })).status).toBe(204);
    const [cancelled] = await adapter.getOrders([orderNumber]);
    expect(cancelled!.status).toBe('cancelled');
    const error = await adapter.confirmOrder(cancelled!).catch((e: unknown) => e);
    expect((error as ChannelCallError).kind).toBe('rejected');
    expect((error as ChannelCallError).details.channelCode).toBe('ORDER_EXT_API_CONFIRM_ORDER_ERROR_102');
  });

  it('confirmOrder rejects a malformed number', async () => {
    const m = await startMock();
    const order = { orderNumber: '123456-2026-1' } as ChannelOrder;
    const error = await adapterFor(m).confirmOrder(order).catch((e: unknown) => e);
    expect((error as ChannelCallError).kind).toBe('rejected');
    expect(m.state.requests).toEqual([]);
  });

  it('cancelOrder tells the user to cancel in RMS', async () => {
    const m = await startMock();
    const adapter = adapterFor(m);
    await adapter.publish([listing('r-001')]);
    const placed = await operator(m, 'POST', '/__mock/orders', { lines: [{ manageNumber: 'r-001', variantId: VARIANT_ID }] });
    const [order] = await adapter.getOrders([placed.body.orderNumber]);
    const error = await adapter.cancelOrder(order!, 'out_of_stock').catch((e: unknown) => e);
    expect((error as ChannelCallError).kind).toBe('rejected');
    expect((error as ChannelCallError).messageJa).toContain('RMS');
    expect((error as ChannelCallError).messageJa).toContain('欠品');
    expect((error as ChannelCallError).messageEn).toContain('out of stock');
    expect(m.state.orders.get(placed.body.orderNumber)!.orderProgress).toBe(100);
  });

  it('records tracking with updateOrderShipping', async () => {
    const m = await startMock();
    const adapter = adapterFor(m);
    await adapter.publish([listing('r-001')]);
    const placed = await operator(m, 'POST', '/__mock/orders', { lines: [{ manageNumber: 'r-001', variantId: VARIANT_ID }] });
    const orderNumber: string = placed.body.orderNumber;
    const basketId = (m.state.orders.get(orderNumber)!.PackageModelList as any[])[0].basketId;

    const ids = await adapter.updateOrderShipping(orderNumber, basketId, [{ deliveryCompany: '1001', shippingNumber: '123456789012', shippingDate: '2026-12-06' }]);
    expect(ids).toHaveLength(1);
    const record = (m.state.orders.get(orderNumber)!.PackageModelList as any[])[0].ShippingModelList[0];
    expect(record).toMatchObject({ shippingDetailId: ids[0], deliveryCompany: '1001', deliveryCompanyName: 'ヤマト運輸', shippingNumber: '123456789012', shippingDate: '2026-12-06' });

    const error = await adapter.updateOrderShipping(orderNumber, basketId, [{ deliveryCompany: 'ヤマト', shippingNumber: '1', shippingDate: '2026-12-06' }]).catch((e: unknown) => e);
    expect((error as ChannelCallError).kind).toBe('rejected');
  });
});

describe('reportShipment', () => {
  async function placedOrder(m: RakutenMock, adapter: RakutenAdapter) {
    await adapter.publish([listing('r-001')]);
    const placed = await operator(m, 'POST', '/__mock/orders', { lines: [{ manageNumber: 'r-001', variantId: VARIANT_ID }] });
    const [order] = await adapter.getOrders([placed.body.orderNumber]);
    return order!;
  }
  const records = (m: RakutenMock, orderNumber: string) => (m.state.orders.get(orderNumber)!.PackageModelList as any[])[0].ShippingModelList as any[];

  it('adds a record, then updates it by reference', async () => {
    const m = await startMock();
    const adapter = adapterFor(m);
    const order = await placedOrder(m, adapter);

    const added = await adapter.reportShipment!(order, { carrier: 'sagawa', trackingNumber: '512547514334', shippedOn: '2026-12-05', reference: null });
    expect(records(m, order.orderNumber)).toEqual([expect.objectContaining({ shippingDetailId: Number(added.reference), deliveryCompany: '1002', shippingNumber: '512547514334', shippingDate: '2026-12-05' })]);

    const corrected = await adapter.reportShipment!(order, { carrier: 'japanpost', trackingNumber: '405548424886', shippedOn: '2026-12-06', reference: added.reference });
    expect(corrected.reference).toBe(added.reference);
    expect(records(m, order.orderNumber)).toEqual([expect.objectContaining({ shippingDetailId: Number(added.reference), deliveryCompany: '1003', shippingNumber: '405548424886', shippingDate: '2026-12-06' })]);
  });

  it('returns the record already holding the number', async () => {
    const m = await startMock();
    const adapter = adapterFor(m);
    const order = await placedOrder(m, adapter);
    const first = await adapter.reportShipment!(order, { carrier: 'yamato', trackingNumber: '444413758703', shippedOn: '2026-12-05', reference: null });

    const again = await adapter.reportShipment!(order, { carrier: 'yamato', trackingNumber: '444413758703', shippedOn: '2026-12-05', reference: null });
    expect(again.reference).toBe(first.reference);
    expect(records(m, order.orderNumber)).toHaveLength(1);
  });

  it('rejects an order without a package or with a bad reference', async () => {
    const m = await startMock();
    const adapter = adapterFor(m);
    const order = await placedOrder(m, adapter);

    const noPackage = await adapter.reportShipment!({ ...order, raw: { PackageModelList: [] } }, { carrier: 'yamato', trackingNumber: '444413758703', shippedOn: '2026-12-05', reference: null }).catch((e: unknown) => e);
    expect((noPackage as ChannelCallError).kind).toBe('rejected');
    expect((noPackage as ChannelCallError).messageJa).toContain(order.orderNumber);
    const badReference = await adapter.reportShipment!(order, { carrier: 'yamato', trackingNumber: '444413758703', shippedOn: '2026-12-05', reference: 'abc' }).catch((e: unknown) => e);
    expect((badReference as ChannelCallError).kind).toBe('rejected');
    expect((badReference as ChannelCallError).messageEn).toContain('"abc"');
  });
});

describe('items.patch and items.delete', () => {
  /** Records each request body sent to the items API while passing it on to the mock. */
  function recordingFetch(bodies: Array<{ method: string; path: string; body: unknown }>): typeof fetch {
    return async (input, init) => {
      const url = new URL(String(input));
      if (url.pathname.startsWith('/es/2.0/items/manage-numbers/')) {
        bodies.push({ method: String(init?.method), path: url.pathname, body: init?.body === undefined ? undefined : JSON.parse(String(init.body)) });
      }
      return fetch(input, init);
    };
  }

  it('patch changes only the given fields', async () => {
    const m = await startMock();
    const sent: Array<{ method: string; path: string; body: unknown }> = [];
    const adapter = adapterFor(m, { fetch: recordingFetch(sent) });
    await adapter.publish([listing('r-001', { photos: ['/rings/r-001.jpg'] })]);
    const before = structuredClone(m.state.items.get('r-001')!.body) as any;

    await adapter.patchItem('R-001', { title: 'K18 リング 改', price: 50000, priceBasis: 'included' });

    const patch = sent.find((r) => r.method === 'PATCH')!;
    expect(patch.path).toBe('/es/2.0/items/manage-numbers/r-001');
    expect(patch.body).toEqual({ title: 'K18 リング 改', variants: { [VARIANT_ID]: { standardPrice: '50000' } } });
    const after = m.state.items.get('r-001')!.body as any;
    expect(after.title).toBe('K18 リング 改');
    expect(after.variants[VARIANT_ID].standardPrice).toBe('50000');
    expect(after.variants[VARIANT_ID].articleNumber).toEqual(before.variants[VARIANT_ID].articleNumber);
    expect(after.variants[VARIANT_ID].backOrderFlag).toBe(false);
    expect(after.genreId).toBe(before.genreId);
    expect(after.productDescription).toEqual(before.productDescription);
    expect(after.images).toEqual(before.images);
    expect(after.payment).toEqual(before.payment);
    expect(m.state.inventory.get([...m.state.inventory.keys()][0]!)!.quantity).toBe(1);
  });

  it('patch maps each field as publish does', async () => {
    const m = await startMock();
    const sent: Array<{ method: string; path: string; body: unknown }> = [];
    const adapter = adapterFor(m, { fetch: recordingFetch(sent) });
    await adapter.publish([listing('r-001', { photos: ['/rings/r-001.jpg'] })]);

    await adapter.patchItem('r-001', {
      description: null,
      photos: ['https://image.rakuten.co.jp/jewel-shop/cabinet/rings/r-001-new.png'],
      categoryId: '216129',
      taxRatePercent: 8,
      price: 20000,
      priceBasis: 'excluded',
    });

    expect(sent.find((r) => r.method === 'PATCH')!.body).toEqual({
      genreId: '216129',
      payment: { taxIncluded: true, taxRate: '0.08' },
      variants: { [VARIANT_ID]: { standardPrice: '21600' } },
      images: [{ type: 'CABINET', location: '/rings/r-001-new.png' }],
      productDescription: null,
    });
    const after = m.state.items.get('r-001')!.body as any;
    expect(after.productDescription).toBeUndefined();
    expect(after.images.map((i: any) => i.location)).toEqual(['/rings/r-001-new.png']);
    expect(after.genreId).toBe('216129');
    expect(after.payment.taxRate).toBe('0.08');
    expect(after.variants[VARIANT_ID].standardPrice).toBe('21600');
    expect(after.title).toBe('K18 ダイヤモンドリング r-001');
  });

  it('patch of an unknown item names it', async () => {
    const m = await startMock();

    const error = (await adapterFor(m).patchItem('r-404', { title: '新しい商品名' }).catch((e: unknown) => e)) as ChannelCallError;

    expect(error).toBeInstanceOf(ChannelCallError);
    expect(error.kind).toBe('rejected');
    expect(error.details.status).toBe(404);
    expect(error.details.externalCode).toBe('r-404');
    expect(error.messageJa).toContain('商品 r-404');
    expect(error.messageEn).toContain('Item r-404');
    expect(m.state.items.has('r-404')).toBe(false);
  });

  it('patch checks fields before sending', async () => {
    const m = await startMock();
    const adapter = adapterFor(m);

    const noBasis = (await adapter.patchItem('r-001', { price: 1000 }).catch((e: unknown) => e)) as ChannelCallError;
    const noRate = (await adapter.patchItem('r-001', { price: 1000, priceBasis: 'excluded' }).catch((e: unknown) => e)) as ChannelCallError;
    const badGenre = (await adapter.patchItem('r-001', { categoryId: '12' }).catch((e: unknown) => e)) as ChannelCallError;
    const badPhoto = (await adapter.patchItem('r-001', { photos: ['https://example.com/r.jpg'] }).catch((e: unknown) => e)) as ChannelCallError;

    expect(noBasis.kind).toBe('rejected');
    expect(noBasis.messageEn).toContain('priceBasis');
    expect(noRate.messageEn).toContain('taxRatePercent');
    expect(badGenre.messageJa).toContain('「12」');
    expect(badPhoto.messageEn).toContain('https://example.com/r.jpg');
    expect(m.state.requests).toEqual([]);
  });

  it('patch with no fields sends nothing', async () => {
    const m = await startMock();
    await adapterFor(m).patchItem('r-001', {});
    expect(m.state.requests).toEqual([]);
  });

  it('delete removes the item and repeats fine', async () => {
    const m = await startMock();
    const adapter = adapterFor(m);
    await adapter.publish([listing('r-001'), listing('r-002')]);

    await adapter.deleteItem('R-001');
    await adapter.deleteItem('R-001');

    expect(m.state.items.has('r-001')).toBe(false);
    expect(m.state.items.has('r-002')).toBe(true);
    expect([...m.state.inventory.values()].map((r) => r.manageNumber)).toEqual(['r-002']);
    const deletes = m.state.requests.filter((r) => r.method === 'DELETE');
    expect(deletes.map((r) => [r.path, r.status])).toEqual([
      ['/es/2.0/items/manage-numbers/r-001', 204],
      ['/es/2.0/items/manage-numbers/r-001', 404],
    ]);
  });

  it('delete of a code RMS cannot hold sends nothing', async () => {
    const m = await startMock();
    await adapterFor(m).deleteItem('リング-1');
    expect(m.state.requests).toEqual([]);
  });

  it('delete reports auth', async () => {
    const m = await startMock();
    const error = (await adapterFor(m, { licenseKey: 'SL_wrong' }).deleteItem('r-001').catch((e: unknown) => e)) as ChannelCallError;
    expect(error.kind).toBe('auth');
  });
});

describe('search datetimes and cursors', () => {
  it('formats JST without a colon in the offset', () => {
    expect(formatSearchDatetime(new Date('2026-12-05T01:00:00Z'))).toBe('2026-12-05T10:00:00+0900');
    expect(formatSearchDatetime(new Date('2026-12-05T20:30:15.900Z'))).toBe('2026-12-06T05:30:15+0900');
  });

  it('round-trips a cursor', () => {
    const cursor = { pass: 'cancelled' as const, start: 1_790_000_000, end: 1_790_100_000, page: 3 };
    expect(decodeCursor(encodeCursor(cursor))).toEqual(cursor);
  });
});
