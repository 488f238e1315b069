// Local mock of the Rakuten RMS Web Service for adapter tests, the demo and the benchmark.
// Behaviour that no stored RMS page documents is marked [unverified] where it is chosen.
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import {
  bulkGet,
  bulkGetRange,
  bulkUpsert,
  deleteItem,
  deleteVariantInventory,
  getItem,
  getVariantInventory,
  inventoryView,
  itemView,
  patchItem,
  searchItems,
  upsertItem,
  upsertVariantInventory,
  type CatalogState,
  type Outcome,
} from './items.js';
import { confirmOrder, getOrder, placeOrder, searchOrder, setOrderProgress, updateOrderShipping, type OrderState } from './orders.js';
import { isObject } from './support.js';

/** Rate-limit buckets. Limits per second; the documented ones come from the RMS ItemAPI/InventoryAPI 2.0 pages, the rest are [unverified]. */
export type RateGroup =
  | 'items.get'
  | 'items.write'
  | 'items.search'
  | 'inventory.variants'
  | 'inventory.bulkGet'
  | 'inventory.bulkGetRange'
  | 'inventory.bulkUpsert'
  | 'order';

export const DEFAULT_RATE_LIMITS: Record<RateGroup, number> = {
  'items.get': 5, // RMS ItemAPI 2.0 page
  'items.write': 5, // [unverified]
  'items.search': 5, // [unverified]
  'inventory.variants': 1, // RMS InventoryAPI 2.0 page
  'inventory.bulkGet': 5, // RMS InventoryAPI 2.0 page
  'inventory.bulkGetRange': 5, // RMS InventoryAPI 2.0 page
  'inventory.bulkUpsert': 1, // RMS InventoryAPI 2.0 page
  order: 5, // [unverified] per order-API function
};

export type FaultKind = 'latency' | 'error' | 'timeout' | 'rateLimit' | 'malformed' | 'drop';

export interface FaultSpec {
  kind: FaultKind;
  /** latency: added delay in milliseconds. */
  ms?: number;
  /** error: HTTP status, default 500. */
  status?: number;
  /** Applies to the next N matching requests; without it the fault stays until cleared. */
  count?: number;
  /** Chance (0–1) that a matching request is hit; default 1. */
  probability?: number;
  /** drop: run the request first, then drop the connection, so the client cannot tell whether it was applied. */
  afterApply?: boolean;
  /** Only requests whose path starts with this prefix, e.g. `/es/2.0/order/`. */
  pathPrefix?: string;
}

export interface RakutenMockOptions {
  serviceSecret?: string;
  licenseKey?: string;
  /** 6-digit shop number used in order numbers. */
  shopId?: string;
  /** Per-second limits; `false` turns rate limiting off. */
  rateLimits?: Partial<Record<RateGroup, number>> | false;
  /** Mock clock (JST is derived from it). */
  now?: () => Date;
  /** Genre lookup behind IE0146; default: every id except 111111 (the published failing sample). */
  isKnownGenre?: (genreId: string) => boolean;
  random?: () => number;
}

export interface MockState extends CatalogState, OrderState {
  requests: Array<{ method: string; path: string; status: number | 'dropped' | 'held' }>;
}

export interface RakutenMock {
  readonly server: http.Server;
  readonly state: MockState;
  /** Base URL after listen(), e.g. `http://127.0.0.1:40123`. */
  readonly url: string;
  listen(opts?: { host?: string; port?: number }): Promise<string>;
  close(): Promise<void>;
  addFault(fault: FaultSpec): void;
  clearFaults(): void;
  reset(): void;
}

type Family = 'items' | 'order';

interface ActiveFault extends FaultSpec {
  remaining: number;
}

const MAX_LOGGED_REQUESTS = 10000;
const ORDER_PREFIX = '/es/2.0/order/';
const PURCHASE_ITEM_PREFIX = '/es/2.0/purchaseItem/';

function emptyState(): MockState {
  return {
    items: new Map(),
    inventory: new Map(),
    orders: new Map(),
    nextOrderSeq: 1,
    nextBasketId: 10000001,
    nextItemDetailId: 20000001,
    nextShippingDetailId: 1,
    oversold: [],
    requests: [],
  };
}

/** Error body in the family's shape: `errors[]` for items/inventory, MessageModelList for orders. */
function familyError(family: Family, code: string, message: string): unknown {
  return family === 'items'
    ? { errors: [{ code, message }] }
    : { MessageModelList: [{ messageType: 'ERROR', messageCode: code, message }] };
}

const CONTENT_TYPE: Record<Family, string> = {
  items: 'application/json',
  order: 'application/json;charset=utf-8',
};

export function createRakutenMock(options: RakutenMockOptions = {}): RakutenMock {
  const serviceSecret = options.serviceSecret ?? 'SP000000_mockServiceSecret';
  const licenseKey = options.licenseKey ?? 'SL000000_mockLicenseKey';
  const expectedAuth = `ESA ${Buffer.from(`${serviceSecret}:${licenseKey}`).toString('base64')}`;
  const shopId = options.shopId ?? '123456';
  if (!/^\d{6}$/.test(shopId)) throw new Error('shopId must be 6 digits');
  const limits = options.rateLimits === false ? null : { ...DEFAULT_RATE_LIMITS, ...options.rateLimits };
  const now = options.now ?? (() => new Date());
  const isKnownGenre = options.isKnownGenre ?? ((id: string) => id !== '111111');
  const random = options.random ?? Math.random;

  let state = emptyState();
  let faults: ActiveFault[] = [];
  const held = new Set<http.ServerResponse>();
  const sockets = new Set<Socket>();
  // Accepted request times per bucket, for a sliding one-second window.
  const windows = new Map<string, number[]>();
  let baseUrl = '';

  function takeRateSlot(bucket: string, limit: number): boolean {
    const t = Date.now();
    const list = (windows.get(bucket) ?? []).filter((x) => t - x < 1000);
    if (list.length >= limit) {
      windows.set(bucket, list);
      return false;
    }
    list.push(t);
    windows.set(bucket, list);
    return true;
  }

  function matchFaults(path: string): ActiveFault[] {
    const hit: ActiveFault[] = [];
    for (const f of faults) {
      if (f.pathPrefix && !path.startsWith(f.pathPrefix)) continue;
      if (f.remaining <= 0) continue;
      if (f.probability !== undefined && random() >= f.probability) continue;
      f.remaining -= 1;
      hit.push(f);
    }
    faults = faults.filter((f) => f.remaining > 0);
    return hit;
  }

  function addFault(spec: FaultSpec): void {
    const kinds: FaultKind[] = ['latency', 'error', 'timeout', 'rateLimit', 'malformed', 'drop'];
    if (!kinds.includes(spec.kind)) throw new Error(`unknown fault kind ${String(spec.kind)}`);
    faults.push({ ...spec, remaining: spec.count ?? Number.POSITIVE_INFINITY });
  }

  function send(res: http.ServerResponse, family: Family, outcome: Outcome, malformed = false): void {
    if (outcome.body === undefined && !malformed) {
      res.writeHead(outcome.status).end();
      return;
    }
    let text = outcome.body === undefined ? '{}' : JSON.stringify(outcome.body);
    // A cut-off body: the client must cope with JSON that does not parse.
    if (malformed) text = text.slice(0, Math.max(1, Math.floor(text.length / 2)));
    res.writeHead(outcome.status === 204 ? 200 : outcome.status, { 'content-type': CONTENT_TYPE[family] });
    res.end(text);
  }

  async function readBody(req: http.IncomingMessage): Promise<string> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  }

  function route(method: string, path: string, query: URLSearchParams, body: unknown): { family: Family; group: RateGroup; run: () => Outcome } | null {
    const t = now();
    let m: RegExpExecArray | null;
    if (path === '/es/2.0/items/search' && method === 'GET') {
      return { family: 'items', group: 'items.search', run: () => searchItems(state, query) };
    }
    if ((m = /^\/es\/2\.0\/items\/manage-numbers\/([^/]+)$/.exec(path))) {
      const mn = decodeURIComponent(m[1]!);
      if (method === 'GET') return { family: 'items', group: 'items.get', run: () => getItem(state, mn) };
      if (method === 'PUT') return { family: 'items', group: 'items.write', run: () => upsertItem(state, mn, body, t, isKnownGenre) };
      if (method === 'PATCH') return { family: 'items', group: 'items.write', run: () => patchItem(state, mn, body, t, isKnownGenre) };
      if (method === 'DELETE') return { family: 'items', group: 'items.write', run: () => deleteItem(state, mn) };
      return null;
    }
    if ((m = /^\/es\/2\.[01]\/inventories\/manage-numbers\/([^/]+)\/variants\/([^/]+)$/.exec(path))) {
      const mn = decodeURIComponent(m[1]!);
      const vid = decodeURIComponent(m[2]!);
      const g: RateGroup = 'inventory.variants';
      if (method === 'GET') return { family: 'items', group: g, run: () => getVariantInventory(state, mn, vid) };
      if (method === 'PUT') return { family: 'items', group: g, run: () => upsertVariantInventory(state, mn, vid, body, t) };
      if (method === 'DELETE') return { family: 'items', group: g, run: () => deleteVariantInventory(state, mn, vid) };
      return null;
    }
    if (/^\/es\/2\.[01]\/inventories\/bulk-get\/range$/.test(path) && method === 'GET') {
      return { family: 'items', group: 'inventory.bulkGetRange', run: () => bulkGetRange(state, query) };
    }
    if (/^\/es\/2\.[01]\/inventories\/bulk-get$/.test(path) && method === 'POST') {
      return { family: 'items', group: 'inventory.bulkGet', run: () => bulkGet(state, body) };
    }
    if (/^\/es\/2\.[01]\/inventories\/bulk-upsert$/.test(path) && method === 'POST') {
      return { family: 'items', group: 'inventory.bulkUpsert', run: () => bulkUpsert(state, body, t) };
    }
    if (method === 'POST' && (path.startsWith(ORDER_PREFIX) || path.startsWith(PURCHASE_ITEM_PREFIX))) {
      const fn = path.replace(/\/$/, '');
      const handlers: Record<string, () => Outcome> = {
        '/es/2.0/order/searchOrder': () => searchOrder(state, body, t),
        '/es/2.0/order/getOrder': () => getOrder(state, body, true),
        '/es/2.0/order/confirmOrder': () => confirmOrder(state, body, t),
        '/es/2.0/order/updateOrderShipping': () => updateOrderShipping(state, body, t),
        '/es/2.0/purchaseItem/getOrderItem': () => getOrder(state, body, false),
      };
      const run = handlers[fn];
      return run ? { family: 'order', group: 'order', run } : null;
    }
    return null;
  }

  async function handleOperator(req: http.IncomingMessage, res: http.ServerResponse, path: string, raw: string): Promise<void> {
    const json = (status: number, body?: unknown): void => {
      if (body === undefined) res.writeHead(status).end();
      else res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    let body: unknown = undefined;
    if (raw.length > 0) {
      try {
        body = JSON.parse(raw);
      } catch {
        return json(400, { error: 'BAD_REQUEST', message: 'body is not JSON' });
      }
    }
    const method = req.method ?? 'GET';
    if (path === '/__mock/state' && method === 'GET') {
      return json(200, {
        items: [...state.items.values()].map(itemView),
        inventory: [...state.inventory.values()].map(inventoryView),
        orders: [...state.orders.values()],
        oversold: state.oversold,
        requests: state.requests,
        faults: faults.map(({ remaining, ...f }) => ({ ...f, remaining: Number.isFinite(remaining) ? remaining : null })),
      });
    }
    if (path === '/__mock/orders' && method === 'POST') {
      const out = placeOrder(state, state, body, now(), shopId);
      return json(out.status, out.body);
    }
    let m: RegExpExecArray | null;
    if ((m = /^\/__mock\/orders\/([^/]+)\/progress$/.exec(path)) && method === 'POST') {
      const out = setOrderProgress(state, state, decodeURIComponent(m[1]!), isObject(body) ? body.orderProgress : undefined, now());
      return json(out.status, out.body);
    }
    if (path === '/__mock/faults' && method === 'POST') {
      const list = Array.isArray(body) ? body : [body];
      try {
        for (const f of list) addFault(f as FaultSpec);
      } catch (err) {
        return json(400, { error: 'BAD_REQUEST', message: (err as Error).message });
      }
      return json(204);
    }
    if (path === '/__mock/faults' && method === 'DELETE') {
      clearFaults();
      return json(204);
    }
    if (path === '/__mock/reset' && method === 'POST') {
      reset();
      return json(204);
    }
    return json(404, { error: 'NOT_FOUND', message: `${method} ${path}` });
  }

  function clearFaults(): void {
    faults = [];
    for (const res of held) res.destroy();
    held.clear();
  }

  function reset(): void {
    clearFaults();
    state = emptyState();
    windows.clear();
    mock.state = state;
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://mock.invalid');
    const path = url.pathname;
    const method = req.method ?? 'GET';
    const raw = await readBody(req);
    if (path.startsWith('/__mock/')) return handleOperator(req, res, path, raw);

    const log = { method, path, status: 0 as MockState['requests'][number]['status'] };
    state.requests.push(log);
    // Keep the log bounded for long benchmark runs.
    if (state.requests.length > MAX_LOGGED_REQUESTS) state.requests.splice(0, state.requests.length - MAX_LOGGED_REQUESTS);
    const family: Family = path.startsWith(ORDER_PREFIX) || path.startsWith(PURCHASE_ITEM_PREFIX) ? 'order' : 'items';

    const hit = matchFaults(path);
    const delay = hit.filter((f) => f.kind === 'latency').reduce((sum, f) => sum + (f.ms ?? 0), 0);
    if (delay > 0) await new Promise((r) => setTimeout(r, delay));
    const fault = hit.find((f) => f.kind !== 'latency');
    if (fault?.kind === 'drop' && fault.afterApply !== true) {
      log.status = 'dropped';
      req.socket.destroy();
      return;
    }
    if (fault?.kind === 'timeout') {
      // Held until the fault list is cleared or the mock closes; the client has to time out.
      log.status = 'held';
      held.add(res);
      res.on('close', () => held.delete(res));
      return;
    }
    if (fault?.kind === 'error') {
      const status = fault.status ?? 500;
      log.status = status;
      return send(res, family, { status, body: familyError(family, 'MOCK_FAULT', 'Injected server error.') });
    }
    const rejectRateLimited = (): void => {
      // The refusal status and body are not in the stored pages [unverified]: 429 in the family's error shape.
      log.status = 429;
      send(res, family, { status: 429, body: familyError(family, 'MOCK_TOO_MANY_REQUESTS', 'Too many requests.') });
    };
    if (fault?.kind === 'rateLimit') return rejectRateLimited();

    // Authorisation: `ESA base64(serviceSecret:licenseKey)`. Refusal shape [unverified].
    if (req.headers.authorization !== expectedAuth) {
      log.status = 401;
      return send(res, family, { status: 401, body: familyError(family, 'MOCK_UNAUTHORIZED', 'Unauthorized: invalid ESA authorization header.') });
    }

    let body: unknown = undefined;
    if (raw.length > 0) {
      try {
        body = JSON.parse(raw);
      } catch {
        log.status = 400;
        return send(res, family, {
          status: 400,
          body: family === 'items' ? { errors: [{ code: 'IE0002', message: 'Request body has an invalid value.' }] } : familyError(family, 'MOCK_BAD_JSON', 'リクエストの書式が不正です。'),
        });
      }
    }
    const r = route(method, path, url.searchParams, body);
    if (!r) {
      log.status = 404;
      return send(res, family, { status: 404, body: familyError(family, 'MOCK_NOT_FOUND', `No such endpoint: ${method} ${path}`) });
    }
    if (limits) {
      const bucket = r.group === 'order' ? `order:${path}` : r.group;
      if (!takeRateSlot(bucket, limits[r.group])) return rejectRateLimited();
    }
    const outcome = r.run();
    if (fault?.kind === 'drop') {
      log.status = 'dropped';
      req.socket.destroy();
      return;
    }
    log.status = outcome.status;
    send(res, r.family, outcome, fault?.kind === 'malformed');
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ errors: [{ code: 'MOCK_INTERNAL', message: (err as Error).message }] }));
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });

  const mock: RakutenMock & { state: MockState } = {
    server,
    state,
    get url() {
      return baseUrl;
    },
    listen(opts = {}) {
      const host = opts.host ?? '127.0.0.1';
      return new Promise<string>((resolve, reject) => {
        server.once('error', reject);
        server.listen({ host, port: opts.port ?? 0 }, () => {
          server.off('error', reject);
          const addr = server.address() as AddressInfo;
          baseUrl = `http://${host}:${addr.port}`;
          resolve(baseUrl);
        });
      });
    },
    close() {
      for (const res of held) res.destroy();
      held.clear();
      return new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        for (const s of sockets) s.destroy();
      });
    },
    addFault,
    clearFaults,
    reset,
  };
  return mock;
}

/** The Authorization header value an adapter must send. */
export function esaAuthorization(serviceSecret: string, licenseKey: string): string {
  return `ESA ${Buffer.from(`${serviceSecret}:${licenseKey}`).toString('base64')}`;
}
