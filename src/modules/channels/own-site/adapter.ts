// ChannelAdapter for the shop's own site: calls the JSON API described in
// docs/own-site-api.md with a Bearer token, and maps HTTP outcomes to ChannelCallError kinds.
// The adapter does not retry. It throws 'transient' errors so that the sync runner retries
// with backoff, which is safe because every call it makes is idempotent.

import type { Logger } from 'pino';
import type { z } from 'zod';
import {
  ChannelCallError,
  type BatchOutcome,
  type CancelReason,
  type ChannelAdapter,
  type ChannelOrder,
  type ListingPayload,
  type OrderPage,
  type OrderWindow,
  type StockUpdate,
} from '../adapter.js';
import { RateLimiter } from '../rate-limit.js';
import {
  describeIssue,
  errorBody,
  MAX_QUANTITY,
  MAX_STOCK_READ,
  MAX_STOCK_WRITE,
  ORDER_NUMBER_PATTERN,
  orderPage,
  parseOwnSiteOrder,
  productInput,
  productOutput,
  SKU_PATTERN,
  stockReadResponse,
  stockWriteResponse,
  type ProductInput,
} from './api.js';

export interface OwnSiteAdapterOptions {
  /** API root of the site, e.g. `https://shop.example/api/tsunagu`; paths are appended to it. */
  baseUrl: string;
  /** Sent as `Authorization: Bearer <apiToken>`. */
  apiToken: string;
  /** Per request, including reading the body; default 10 000 ms. */
  timeoutMs?: number;
  /** For tests; defaults to the global fetch. */
  fetch?: typeof fetch;
  /** Calls per second this adapter starts; default 8, under the API's 10. */
  requestsPerSecond?: number;
  logger?: Logger;
}

/** Listings per publish() call the hub should pass: one PUT each, so 50 take 5 s at 10 calls per second. */
const PUBLISH_BATCH = 50;
const DEFAULT_TIMEOUT_MS = 10_000;
/** Pause after a 429 without a usable Retry-After header. */
const DEFAULT_RETRY_AFTER_MS = 1_000;
/** Characters of the site's error message kept in ours, so a page of HTML cannot flood the account's error. */
const MAX_SITE_MESSAGE = 300;

/** Description of a call for error messages: a Japanese noun phrase and an English gerund phrase. */
interface CallLabel {
  ja: string;
  en: string;
  externalCode?: string;
}

interface RequestSpec {
  method: 'GET' | 'PUT' | 'POST';
  path: string;
  query?: Record<string, string | undefined>;
  body?: unknown;
  label: CallLabel;
  /** Returns null on a 404 with the API's error body instead of throwing, for reads that leave unknown keys out. */
  notFoundAsNull?: boolean;
}

/** Reads Retry-After as seconds or an HTTP date; null when absent or unreadable. */
function retryAfterMs(header: string | null, now: number): number | null {
  if (header === null) return null;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

/** Reads the API's error body; `code` is undefined when the body is not one, e.g. a web server's HTML page. */
function siteError(json: unknown): { code: string | undefined; message: string } {
  const parsed = errorBody.safeParse(json);
  if (!parsed.success) return { code: undefined, message: '' };
  const { code, message } = parsed.data.error;
  return { code, message: message.length > MAX_SITE_MESSAGE ? `${message.slice(0, MAX_SITE_MESSAGE)}…` : message };
}

export function createOwnSiteAdapter(options: OwnSiteAdapterOptions): ChannelAdapter {
  const root = options.baseUrl.replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const fetchImpl = options.fetch ?? fetch;
  // 8 rather than the documented 10 leaves room for calls that arrive late and bunch up.
  const requestsPerSecond = options.requestsPerSecond ?? 8;
  const limiter = new RateLimiter(requestsPerSecond);
  const log = options.logger;

  function transient(label: CallLabel, ja: string, en: string, details: ChannelCallError['details'] = {}): ChannelCallError {
    const subject = label.en.charAt(0).toUpperCase() + label.en.slice(1);
    return new ChannelCallError('transient', `自社サイトの${label.ja}に失敗しました。${ja}`, `${subject} on the own site failed. ${en}`, {
      externalCode: label.externalCode,
      ...details,
    });
  }

  /** Maps a non-2xx response to an error kind, keeping the site's code and message. */
  function httpError(label: CallLabel, status: number, json: unknown, headers: Headers): ChannelCallError {
    const { code, message } = siteError(json);
    const said = message === '' ? '' : `：${message}`;
    const saidEn = message === '' ? '' : `: ${message}`;
    const details = { status, channelCode: code, externalCode: label.externalCode };

    if (status === 429) {
      const waitMs = retryAfterMs(headers.get('retry-after'), Date.now()) ?? DEFAULT_RETRY_AFTER_MS;
      limiter.backOff(waitMs);
      return transient(
        label,
        `リクエストが多すぎるため、サイトが ${Math.ceil(waitMs / 1000)} 秒待つよう求めています（HTTP 429）。`,
        `The site asked to wait ${Math.ceil(waitMs / 1000)} s because of too many requests (HTTP 429).`,
        { ...details, retryAfterMs: waitMs },
      );
    }
    if (status >= 500 || status === 408) {
      return transient(label, `サイト側のエラーです（HTTP ${status}）${said}`, `The site returned HTTP ${status}${saidEn}.`, details);
    }
    if (status === 401 || status === 403) {
      return new ChannelCallError(
        'auth',
        `自社サイトが API トークンを受け付けませんでした（HTTP ${status}）${said}。チャネルアカウントの API トークンを確認してください。`,
        `The own site rejected the API token (HTTP ${status})${saidEn}. Check the API token of the channel account.`,
        details,
      );
    }
    // The API must not redirect: fetch would turn a redirected PUT or POST into a GET.
    if (status >= 300 && status < 400) {
      const location = headers.get('location') ?? '';
      return new ChannelCallError(
        'rejected',
        `自社サイトが${label.ja}のリクエストを ${location} へリダイレクトしました（HTTP ${status}）。チャネルアカウントのベース URL をリダイレクト先の URL に直してください。`,
        `The own site redirected the request for ${label.en} to ${location} (HTTP ${status}). Set the channel account's base URL to the redirect target.`,
        details,
      );
    }
    // A 404 without the API's error body comes from the web server, not from the API.
    if (status === 404 && code === undefined) {
      return new ChannelCallError(
        'rejected',
        `自社サイトに${label.ja}の API がありません（HTTP 404）。チャネルアカウントのベース URL を確認してください。`,
        `The own site has no API for ${label.en} at this address (HTTP 404). Check the channel account's base URL.`,
        details,
      );
    }
    return new ChannelCallError(
      'rejected',
      `自社サイトが${label.ja}を拒否しました（HTTP ${status}${code === undefined ? '' : ` ${code}`}）${said}`,
      `The own site rejected ${label.en} (HTTP ${status}${code === undefined ? '' : ` ${code}`})${saidEn}.`,
      details,
    );
  }

  /** Sends one request and returns its parsed JSON body (null for 404 when asked, undefined for an empty body). */
  async function request(spec: RequestSpec): Promise<unknown> {
    const url = new URL(root + spec.path);
    for (const [key, value] of Object.entries(spec.query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, value);
    }
    const headers: Record<string, string> = { authorization: `Bearer ${options.apiToken}`, accept: 'application/json' };
    if (spec.body !== undefined) headers['content-type'] = 'application/json';

    await limiter.take();

    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    let status: number;
    let responseHeaders: Headers;
    let text: string;
    try {
      const response = await fetchImpl(url, {
        method: spec.method,
        headers,
        body: spec.body === undefined ? undefined : JSON.stringify(spec.body),
        signal: controller.signal,
        redirect: 'manual',
      });
      status = response.status;
      responseHeaders = response.headers;
      text = await response.text();
    } catch (error) {
      // undici reports a refused or reset connection as "fetch failed" with the reason in `cause`.
      let cause = String(error);
      if (error instanceof Error) cause = error.cause instanceof Error ? error.cause.message : error.message;
      log?.warn({ method: spec.method, path: spec.path, timedOut: controller.signal.aborted, err: cause }, 'own-site call failed');
      if (controller.signal.aborted) {
        throw transient(spec.label, `${timeoutMs} ms 以内に応答がありませんでした。`, `The site did not respond within ${timeoutMs} ms.`);
      }
      throw transient(spec.label, `接続できないか、接続が切れました（${cause}）。`, `The connection failed or was dropped (${cause}).`);
    } finally {
      clearTimeout(timer);
    }

    let json: unknown = undefined;
    let malformed = false;
    if (text.length > 0) {
      try {
        json = JSON.parse(text);
      } catch {
        malformed = true;
      }
    }

    if (status === 404 && spec.notFoundAsNull && siteError(json).code !== undefined) return null;
    if (status < 200 || status >= 300) {
      const error = httpError(spec.label, status, json, responseHeaders);
      log?.warn({ method: spec.method, path: spec.path, status, kind: error.kind, channelCode: error.details.channelCode }, 'own-site call failed');
      throw error;
    }
    if (malformed) throw malformedBody(spec.label, status);
    return json;
  }

  function malformedBody(callLabel: CallLabel, status: number): ChannelCallError {
    return transient(
      callLabel,
      '応答を読み取れませんでした（JSON でないか、形式が API 仕様と異なります）。',
      'Its response could not be read (not JSON, or not in the shape the API defines).',
      { status },
    );
  }

  /** Validates a 2xx body against the API's schema; a mismatch is a malformed response. */
  function expectShape<T extends z.ZodType>(schema: T, json: unknown, callLabel: CallLabel): z.infer<T> {
    const parsed = schema.safeParse(json);
    if (!parsed.success) throw malformedBody(callLabel, 200);
    return parsed.data;
  }

  function invalidCode(externalCode: string): ChannelCallError {
    return new ChannelCallError(
      'rejected',
      `SKU「${externalCode}」は自社サイトで使えません。半角英数字と - _ . の 64 文字以内にしてください。`,
      `The SKU "${externalCode}" cannot be used on the own site. Use up to 64 letters, digits, "-", "_" or ".".`,
      { externalCode },
    );
  }

  function productBody(listing: ListingPayload): ProductInput | ChannelCallError {
    const body = {
      title: listing.title,
      description: listing.description,
      price: listing.price,
      priceBasis: listing.priceBasis,
      taxRatePercent: listing.taxRatePercent,
      categoryId: listing.categoryId,
      photos: listing.photos,
      quantity: listing.quantity,
    };
    const parsed = productInput.safeParse(body);
    if (parsed.success) return parsed.data;

    const { ja, en } = describeIssue(parsed.error.issues[0]!, body);
    return new ChannelCallError(
      'rejected',
      `商品 ${listing.externalCode} を自社サイトに送れません。${ja}`,
      `Product ${listing.externalCode} cannot be sent to the own site. ${en}`,
      { externalCode: listing.externalCode },
    );
  }

  function chunks<T>(list: readonly T[], size: number): T[][] {
    const out: T[][] = [];
    for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
    return out;
  }

  const orderPath = (orderNumber: string, suffix = '') => `/orders/${encodeURIComponent(orderNumber)}${suffix}`;

  return {
    kind: 'own_site',
    stockReady: () => limiter.ready(),
    limits: { stockBatch: MAX_STOCK_WRITE, publishBatch: PUBLISH_BATCH, requestsPerSecond },

    async testConnection() {
      await request({ method: 'GET', path: '/health', label: { ja: '接続確認', en: 'the connection test' } });
    },

    // One PUT per piece. A piece the site rejects is reported in `failed`. A transient or auth
    // error stops the batch and is thrown, because the rest would fail the same way.
    async publish(listings) {
      const outcome: BatchOutcome = { done: [], failed: [] };
      for (const listing of listings) {
        const code = listing.externalCode;
        if (!SKU_PATTERN.test(code)) {
          outcome.failed.push({ externalCode: code, error: invalidCode(code) });
          continue;
        }
        const body = productBody(listing);
        if (body instanceof ChannelCallError) {
          outcome.failed.push({ externalCode: code, error: body });
          continue;
        }

        const callLabel = { ja: `商品 ${code} の掲載`, en: `publishing product ${code}`, externalCode: code };
        try {
          const json = await request({ method: 'PUT', path: `/products/${encodeURIComponent(code)}`, body, label: callLabel });
          expectShape(productOutput, json, callLabel);
          outcome.done.push(code);
        } catch (error) {
          if (error instanceof ChannelCallError && error.kind === 'rejected') outcome.failed.push({ externalCode: code, error });
          else throw error;
        }
      }
      return outcome;
    },

    async setStock(updates) {
      const outcome: BatchOutcome = { done: [], failed: [] };

      // Quantities are absolute, so when a code repeats only its last quantity matters.
      const latest = new Map<string, number>();
      for (const update of updates) {
        if (!SKU_PATTERN.test(update.externalCode)) {
          outcome.failed.push({ externalCode: update.externalCode, error: invalidCode(update.externalCode) });
          continue;
        }
        if (!Number.isInteger(update.quantity) || update.quantity < 0 || update.quantity > MAX_QUANTITY) {
          outcome.failed.push({
            externalCode: update.externalCode,
            error: new ChannelCallError(
              'rejected',
              `SKU ${update.externalCode} の在庫数 ${update.quantity} は 0 から ${MAX_QUANTITY} の整数にしてください。`,
              `The quantity ${update.quantity} of SKU ${update.externalCode} must be a whole number from 0 to ${MAX_QUANTITY}.`,
              { externalCode: update.externalCode },
            ),
          });
          continue;
        }
        latest.delete(update.externalCode);
        latest.set(update.externalCode, update.quantity);
      }

      const items = [...latest].map(([sku, quantity]) => ({ sku, quantity }));
      for (const chunk of chunks(items, MAX_STOCK_WRITE)) {
        const callLabel = { ja: '在庫数の更新', en: 'the stock update' };
        const json = await request({ method: 'POST', path: '/stock', body: { items: chunk }, label: callLabel });
        const { results } = expectShape(stockWriteResponse, json, callLabel);
        if (results.length !== chunk.length || results.some((result, i) => result.sku !== chunk[i]!.sku)) {
          throw malformedBody(callLabel, 200);
        }

        for (const result of results) {
          if (result.ok) {
            outcome.done.push(result.sku);
            continue;
          }
          outcome.failed.push({
            externalCode: result.sku,
            error: new ChannelCallError(
              'rejected',
              `自社サイトが SKU ${result.sku} の在庫数の更新を拒否しました（${result.error.code}）：${result.error.message}`,
              `The own site rejected the stock update of SKU ${result.sku} (${result.error.code}): ${result.error.message}`,
              { channelCode: result.error.code, externalCode: result.sku },
            ),
          });
        }
      }
      return outcome;
    },

    async readStock(externalCodes) {
      const quantities = new Map<string, number>();
      // A code the site cannot hold is unknown to it, so it is left out like any unknown code.
      const codes = [...new Set(externalCodes)].filter((code) => SKU_PATTERN.test(code));

      for (const chunk of chunks(codes, MAX_STOCK_READ)) {
        const callLabel = { ja: '在庫数の取得', en: 'reading stock' };
        const json = await request({ method: 'GET', path: '/stock', query: { skus: chunk.join(',') }, label: callLabel });
        const { items } = expectShape(stockReadResponse, json, callLabel);
        const asked = new Set(chunk);
        for (const item of items) {
          if (asked.has(item.sku)) quantities.set(item.sku, item.quantity);
        }
      }
      return quantities;
    },

    async listOrders(window: OrderWindow): Promise<OrderPage> {
      const callLabel = { ja: '注文一覧の取得', en: 'listing orders' };
      const json = await request({
        method: 'GET',
        path: '/orders',
        query: { updatedFrom: window.from.toISOString(), updatedTo: window.to.toISOString(), cursor: window.cursor },
        label: callLabel,
      });
      const page = expectShape(orderPage, json, callLabel);
      return page.nextCursor === null ? { orderNumbers: page.orderNumbers } : { orderNumbers: page.orderNumbers, next: page.nextCursor };
    },

    async getOrders(orderNumbers) {
      const orders: ChannelOrder[] = [];
      for (const number of new Set(orderNumbers)) {
        if (!ORDER_NUMBER_PATTERN.test(number)) continue;
        const json = await request({
          method: 'GET',
          path: orderPath(number),
          label: { ja: `注文 ${number} の取得`, en: `reading order ${number}` },
          notFoundAsNull: true,
        });
        if (json === null) continue;

        const order = parseOwnSiteOrder(json);
        if (order.orderNumber !== number) {
          throw new ChannelCallError(
            'rejected',
            `自社サイトが注文 ${number} の代わりに注文 ${order.orderNumber} を返しました。サイトの GET /orders/{orderNumber} を確認してください。`,
            `The own site returned order ${order.orderNumber} when asked for order ${number}. Check the site's GET /orders/{orderNumber}.`,
            { channelCode: 'order_number_mismatch' },
          );
        }
        orders.push(order);
      }
      return orders;
    },

    async confirmOrder(order: ChannelOrder) {
      await request({
        method: 'POST',
        path: orderPath(order.orderNumber, '/confirm'),
        body: {},
        label: { ja: `注文 ${order.orderNumber} の確定`, en: `confirming order ${order.orderNumber}` },
      });
    },

    async cancelOrder(order: ChannelOrder, reason: CancelReason) {
      await request({
        method: 'POST',
        path: orderPath(order.orderNumber, '/cancel'),
        body: { reason },
        label: { ja: `注文 ${order.orderNumber} のキャンセル`, en: `cancelling order ${order.orderNumber}` },
      });
    },
  };
}
