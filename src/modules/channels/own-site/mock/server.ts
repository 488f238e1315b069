// Local mock of a shop's own site as docs/own-site-api.md defines it, for adapter tests, the
// demo and trying the own-site channel without a real site. State is in memory.
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import {
  cancelRequest,
  describeIssue,
  MAX_ORDER_PAGE,
  MAX_STOCK_READ,
  ORDER_NUMBER_PATTERN,
  productInput,
  SKU_PATTERN,
  stockWriteRequest,
  type OwnSiteOrder,
  type ProductOutput,
} from '../api.js';
import { SIGNATURE_HEADER, signWebhook } from '../signature.js';
import { fail, jstIso, listOrders, placeOrder, transition, type OrderBook, type Outcome } from './orders.js';

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
  /** Only requests whose path starts with this prefix, e.g. `/orders`. */
  pathPrefix?: string;
}

export interface OwnSiteMockOptions {
  /** Bearer token the mock accepts; default `mock-api-token`. */
  apiToken?: string;
  /** Requests per second the API accepts before it responds with 429; `false` turns the limit off. Default 10. */
  requestsPerSecond?: number | false;
  /** Order numbers per GET /orders page when the request gives no `limit`; default 100. */
  pageSize?: number;
  /** tsunagu's webhook URL; with `webhookSecret`, every new or changed order is posted there. */
  webhookUrl?: string;
  webhookSecret?: string;
  /** Delivery attempts per order change; default 4. */
  webhookAttempts?: number;
  /** Wait before the second attempt, doubled for each later one; default 500 ms. */
  webhookRetryDelayMs?: number;
  now?: () => Date;
  random?: () => number;
  logger?: Logger;
}

export interface WebhookDelivery {
  orderNumber: string;
  version: number | undefined;
  attempts: number;
  state: 'sending' | 'delivered' | 'failed';
  /** HTTP status of the last attempt, or the network error message. */
  lastResult: number | string | null;
}

export interface OwnSiteMockState extends OrderBook {
  requests: Array<{ method: string; path: string; status: number | 'dropped' | 'held' }>;
  webhooks: WebhookDelivery[];
}

export interface OwnSiteMock {
  readonly server: http.Server;
  readonly state: OwnSiteMockState;
  /** Base URL after listen(), e.g. `http://127.0.0.1:40123`. */
  readonly url: string;
  listen(opts?: { host?: string; port?: number }): Promise<string>;
  close(): Promise<void>;
  addFault(fault: FaultSpec): void;
  clearFaults(): void;
  reset(): void;
  /** Places an order as a shopper would; the same as POST /__mock/orders. */
  placeOrder(body: unknown): Outcome;
  /** Resolves when no webhook delivery is in progress. */
  webhooksSettled(): Promise<void>;
}

interface ActiveFault extends FaultSpec {
  remaining: number;
}

const FAULT_KINDS: readonly FaultKind[] = ['latency', 'error', 'timeout', 'rateLimit', 'malformed', 'drop'];
const MAX_LOGGED_REQUESTS = 10_000;
const WEBHOOK_TIMEOUT_MS = 5_000;

function emptyState(): OwnSiteMockState {
  return { products: new Map(), orders: new Map(), nextOrderSeq: 1, oversold: [], requests: [], webhooks: [] };
}

async function readBody(req: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function invalidBody(error: { issues: readonly Parameters<typeof describeIssue>[0][] }, body: unknown): Outcome {
  return fail(400, 'invalid_request', describeIssue(error.issues[0]!, body).en);
}

export function createOwnSiteMock(options: OwnSiteMockOptions = {}): OwnSiteMock {
  const apiToken = options.apiToken ?? 'mock-api-token';
  const limit = options.requestsPerSecond === false ? null : (options.requestsPerSecond ?? 10);
  const pageSize = options.pageSize ?? MAX_ORDER_PAGE;
  const now = options.now ?? (() => new Date());
  const random = options.random ?? Math.random;
  const log = options.logger;
  const webhookAttempts = options.webhookAttempts ?? 4;
  const webhookRetryDelayMs = options.webhookRetryDelayMs ?? 500;
  if (options.webhookUrl !== undefined && options.webhookSecret === undefined) throw new Error('webhookUrl needs webhookSecret');

  let state = emptyState();
  let faults: ActiveFault[] = [];
  const held = new Set<http.ServerResponse>();
  const sockets = new Set<Socket>();
  const deliveries = new Set<Promise<void>>();
  // Start times of accepted API requests within the last second.
  let window: number[] = [];
  let closed = false;
  // Aborted by close(), so a delivery waiting to retry stops at once.
  const stopping = new AbortController();
  let baseUrl = '';

  function takeRateSlot(): number | null {
    const t = Date.now();
    window = window.filter((x) => t - x < 1000);
    if (limit !== null && window.length >= limit) return Math.max(1, Math.ceil((window[0]! + 1000 - t) / 1000));
    window.push(t);
    return null;
  }

  function matchFaults(path: string): ActiveFault[] {
    const hit: ActiveFault[] = [];
    for (const fault of faults) {
      if (fault.pathPrefix && !path.startsWith(fault.pathPrefix)) continue;
      if (fault.remaining <= 0) continue;
      if (fault.probability !== undefined && random() >= fault.probability) continue;
      fault.remaining -= 1;
      hit.push(fault);
    }
    faults = faults.filter((f) => f.remaining > 0);
    return hit;
  }

  function addFault(spec: FaultSpec): void {
    if (!FAULT_KINDS.includes(spec.kind)) throw new Error(`unknown fault kind ${String(spec.kind)}; use one of ${FAULT_KINDS.join(', ')}`);
    faults.push({ ...spec, remaining: spec.count ?? Number.POSITIVE_INFINITY });
  }

  function clearFaults(): void {
    faults = [];
    for (const res of held) res.destroy();
    held.clear();
  }

  function reset(): void {
    clearFaults();
    state = emptyState();
    window = [];
    mock.state = state;
  }

  // ---- Webhook ----

  /** Posts the order to tsunagu, signing each attempt at its own time, and retries with doubling waits. */
  async function deliver(order: OwnSiteOrder): Promise<void> {
    const url = options.webhookUrl!;
    const secret = options.webhookSecret!;
    const body = JSON.stringify(order);
    const record: WebhookDelivery = { orderNumber: order.orderNumber, version: order.version, attempts: 0, state: 'sending', lastResult: null };
    state.webhooks.push(record);

    for (let attempt = 1; attempt <= webhookAttempts && !closed; attempt += 1) {
      record.attempts = attempt;
      const signature = signWebhook(secret, Math.floor(now().getTime() / 1000), body);
      try {
        const response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: signature },
          body,
          signal: AbortSignal.any([AbortSignal.timeout(WEBHOOK_TIMEOUT_MS), stopping.signal]),
        });
        await response.arrayBuffer();
        record.lastResult = response.status;
        if (response.ok) {
          record.state = 'delivered';
          log?.info({ orderNumber: order.orderNumber, version: order.version, attempt }, 'own-site mock webhook delivered');
          return;
        }
      } catch (error) {
        record.lastResult = error instanceof Error ? error.message : String(error);
      }

      if (attempt < webhookAttempts) {
        const waitMs = webhookRetryDelayMs * 2 ** (attempt - 1);
        log?.warn({ orderNumber: order.orderNumber, attempt, result: record.lastResult, retryInMs: waitMs }, 'own-site mock webhook failed; retrying');
        try {
          await sleep(waitMs, undefined, { signal: stopping.signal });
        } catch {
          break;
        }
      }
    }
    record.state = 'failed';
    log?.error({ orderNumber: order.orderNumber, attempts: record.attempts, result: record.lastResult }, 'own-site mock webhook gave up');
  }

  function orderChanged(order: OwnSiteOrder): void {
    if (options.webhookUrl === undefined || closed) return;
    // A snapshot, so a later change cannot alter a body that is being retried.
    const delivery = deliver(structuredClone(order)).finally(() => deliveries.delete(delivery));
    deliveries.add(delivery);
  }

  function placeAndNotify(body: unknown): Outcome {
    const outcome = placeOrder(state, body, now());
    if (outcome.status === 201) orderChanged(outcome.body as OwnSiteOrder);
    return outcome;
  }

  function transitionAndNotify(orderNumber: string, target: 'confirmed' | 'cancelled' | 'shipped'): Outcome {
    const outcome = transition(state, orderNumber, target, now());
    if (outcome.changed) orderChanged(outcome.body as OwnSiteOrder);
    return { status: outcome.status, body: outcome.body };
  }

  // ---- The site API ----

  function putProduct(sku: string, body: unknown): Outcome {
    if (!SKU_PATTERN.test(sku)) return fail(400, 'invalid_sku', `SKU ${sku} must be 1-64 letters, digits, "-", "_" or ".".`);
    const parsed = productInput.safeParse(body);
    if (!parsed.success) return invalidBody(parsed.error, body);
    const existed = state.products.has(sku);
    const product: ProductOutput = { ...parsed.data, sku, updatedAt: jstIso(now()) };
    state.products.set(sku, product);
    return { status: existed ? 200 : 201, body: product };
  }

  function writeStock(body: unknown): Outcome {
    const parsed = stockWriteRequest.safeParse(body);
    if (!parsed.success) return invalidBody(parsed.error, body);
    const results = parsed.data.items.map(({ sku, quantity }) => {
      const product = state.products.get(sku);
      if (!product) return { sku, ok: false as const, error: { code: 'not_found', message: `No product with SKU ${sku}.` } };
      product.quantity = quantity;
      product.updatedAt = jstIso(now());
      return { sku, ok: true as const };
    });
    return { status: 200, body: { results } };
  }

  function readStock(query: URLSearchParams): Outcome {
    const skus = (query.get('skus') ?? '').split(',').filter((sku) => sku !== '');
    if (skus.length === 0) return fail(400, 'invalid_request', 'skus must list at least one SKU, separated by commas.');
    if (skus.length > MAX_STOCK_READ) return fail(400, 'invalid_request', `skus may list at most ${MAX_STOCK_READ} SKUs.`);
    const items = skus.flatMap((sku) => {
      const product = state.products.get(sku);
      return product ? [{ sku, quantity: product.quantity }] : [];
    });
    return { status: 200, body: { items } };
  }

  function route(method: string, path: string, query: URLSearchParams, body: unknown): (() => Outcome) | null {
    if (path === '/health' && method === 'GET') return () => ({ status: 200, body: { status: 'ok' } });
    if (path === '/stock' && method === 'POST') return () => writeStock(body);
    if (path === '/stock' && method === 'GET') return () => readStock(query);
    if (path === '/orders' && method === 'GET') return () => listOrders(state, query, pageSize);

    let m: RegExpExecArray | null;
    if ((m = /^\/products\/([^/]+)$/.exec(path)) && method === 'PUT') {
      const sku = decodeURIComponent(m[1]!);
      return () => putProduct(sku, body);
    }
    if ((m = /^\/orders\/([^/]+)$/.exec(path)) && method === 'GET') {
      const number = decodeURIComponent(m[1]!);
      return () => {
        const order = ORDER_NUMBER_PATTERN.test(number) ? state.orders.get(number) : undefined;
        return order ? { status: 200, body: order } : fail(404, 'not_found', `No order ${number}.`);
      };
    }
    if ((m = /^\/orders\/([^/]+)\/confirm$/.exec(path)) && method === 'POST') {
      const number = decodeURIComponent(m[1]!);
      return () => transitionAndNotify(number, 'confirmed');
    }
    if ((m = /^\/orders\/([^/]+)\/cancel$/.exec(path)) && method === 'POST') {
      const number = decodeURIComponent(m[1]!);
      return () => {
        const parsed = cancelRequest.safeParse(body);
        if (!parsed.success) return invalidBody(parsed.error, body);
        return transitionAndNotify(number, 'cancelled');
      };
    }
    return null;
  }

  function send(res: http.ServerResponse, outcome: Outcome, malformed = false, headers: Record<string, string> = {}): void {
    let text = JSON.stringify(outcome.body ?? {});
    // A cut-off body: the client must cope with JSON that does not parse.
    if (malformed) text = text.slice(0, Math.max(1, Math.floor(text.length / 2)));
    res.writeHead(outcome.status, { 'content-type': 'application/json; charset=utf-8', ...headers });
    res.end(text);
  }

  // ---- Operator endpoints ----

  function handleOperator(method: string, path: string, raw: string): Outcome {
    let body: unknown = undefined;
    if (raw.length > 0) {
      try {
        body = JSON.parse(raw);
      } catch {
        return fail(400, 'invalid_json', 'The request body is not JSON.');
      }
    }

    if (path === '/__mock/state' && method === 'GET') {
      return {
        status: 200,
        body: {
          products: [...state.products.values()],
          orders: [...state.orders.values()],
          oversold: state.oversold,
          webhooks: state.webhooks,
          requests: state.requests,
          faults: faults.map(({ remaining, ...f }) => ({ ...f, remaining: Number.isFinite(remaining) ? remaining : null })),
        },
      };
    }
    if (path === '/__mock/reset' && method === 'POST') {
      reset();
      return { status: 204 };
    }
    if (path === '/__mock/orders' && method === 'POST') return placeAndNotify(body);

    let m: RegExpExecArray | null;
    if ((m = /^\/__mock\/orders\/([^/]+)\/(cancel|ship)$/.exec(path)) && method === 'POST') {
      return transitionAndNotify(decodeURIComponent(m[1]!), m[2] === 'cancel' ? 'cancelled' : 'shipped');
    }
    if (path === '/__mock/faults' && method === 'POST') {
      const list = Array.isArray(body) ? body : [body];
      try {
        for (const fault of list) addFault(fault as FaultSpec);
      } catch (error) {
        return fail(400, 'invalid_request', (error as Error).message);
      }
      return { status: 204 };
    }
    if (path === '/__mock/faults' && method === 'DELETE') {
      clearFaults();
      return { status: 204 };
    }
    return fail(404, 'not_found', `No such mock endpoint: ${method} ${path}`);
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://mock.invalid');
    const path = url.pathname;
    const method = req.method ?? 'GET';
    const raw = await readBody(req);

    if (path.startsWith('/__mock/')) {
      const outcome = handleOperator(method, path, raw);
      if (outcome.body === undefined) res.writeHead(outcome.status).end();
      else send(res, outcome);
      return;
    }

    const entry = { method, path, status: 0 as OwnSiteMockState['requests'][number]['status'] };
    state.requests.push(entry);
    // Keep the log bounded for long runs.
    if (state.requests.length > MAX_LOGGED_REQUESTS) state.requests.splice(0, state.requests.length - MAX_LOGGED_REQUESTS);
    const reply = (outcome: Outcome, malformed = false, headers: Record<string, string> = {}): void => {
      entry.status = outcome.status;
      send(res, outcome, malformed, headers);
    };

    const hit = matchFaults(path);
    const delay = hit.filter((f) => f.kind === 'latency').reduce((sum, f) => sum + (f.ms ?? 0), 0);
    if (delay > 0) await sleep(delay);
    const fault = hit.find((f) => f.kind !== 'latency');
    if (fault?.kind === 'drop' && fault.afterApply !== true) {
      entry.status = 'dropped';
      req.socket.destroy();
      return;
    }
    if (fault?.kind === 'timeout') {
      // Held until the faults are cleared or the mock closes; the client has to time out.
      entry.status = 'held';
      held.add(res);
      res.on('close', () => held.delete(res));
      return;
    }
    if (fault?.kind === 'error') return reply(fail(fault.status ?? 500, 'mock_fault', 'Injected server error.'));
    if (fault?.kind === 'rateLimit') return reply(fail(429, 'too_many_requests', 'Too many requests.'), false, { 'retry-after': '1' });

    if (req.headers.authorization !== `Bearer ${apiToken}`) {
      return reply(fail(401, 'unauthorized', 'Missing or invalid bearer token.'));
    }

    const retryAfter = takeRateSlot();
    if (retryAfter !== null) return reply(fail(429, 'too_many_requests', 'Too many requests.'), false, { 'retry-after': String(retryAfter) });

    let body: unknown = undefined;
    if (raw.length > 0) {
      try {
        body = JSON.parse(raw);
      } catch {
        return reply(fail(400, 'invalid_json', 'The request body is not JSON.'));
      }
    }
    const run = route(method, path, url.searchParams, body);
    if (!run) return reply(fail(404, 'not_found', `No such endpoint: ${method} ${path}`));
    const outcome = run();

    if (fault?.kind === 'drop') {
      entry.status = 'dropped';
      req.socket.destroy();
      return;
    }
    reply(outcome, fault?.kind === 'malformed');
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      log?.error({ err: error }, 'own-site mock request failed');
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 'mock_internal', message: (error as Error).message } }));
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  const mock: OwnSiteMock & { state: OwnSiteMockState } = {
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
          const address = server.address() as AddressInfo;
          baseUrl = `http://${host}:${address.port}`;
          resolve(baseUrl);
        });
      });
    },
    async close() {
      closed = true;
      stopping.abort();
      clearFaults();
      await new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        for (const socket of sockets) socket.destroy();
      });
    },
    addFault,
    clearFaults,
    reset,
    placeOrder: placeAndNotify,
    async webhooksSettled() {
      while (deliveries.size > 0) await Promise.allSettled([...deliveries]);
    },
  };
  return mock;
}
