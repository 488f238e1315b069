// HTTP client of the Rakuten RMS Web Service: ESA authorisation, a timeout per call, one
// rate limiter per API, and the mapping of every failure to a ChannelCallError the hub acts on.

import type { Logger } from 'pino';
import { ChannelCallError } from '../adapter.js';
import { RateLimiter } from '../rate-limit.js';

export type RakutenLogger = Pick<Logger, 'info' | 'warn' | 'error' | 'debug'>;

export interface RakutenClientOptions {
  /** e.g. `https://api.rms.rakuten.co.jp`, or a mock's address. */
  baseUrl: string;
  serviceSecret: string;
  licenseKey: string;
  /** Milliseconds a call may take, body included; default 30 000. */
  timeoutMs?: number;
  fetch?: typeof fetch;
  logger?: RakutenLogger;
}

/**
 * APIs with a limit of their own. Items get, inventory bulk-get and bulk-get range are 5/s and
 * inventory bulk-upsert and variant calls 1/s on the RMS InventoryAPI/ItemAPI 2.0 pages.
 * NOTE: the limits of items write/search and of each order function are not documented; 5/s
 * is a guess, and a 429 pushes that limiter back.
 */
export const RAKUTEN_RATE_LIMITS = {
  'items.get': 5,
  'items.write': 5,
  'items.search': 5,
  'inventory.bulkGet': 5,
  'inventory.bulkUpsert': 1,
  'order.searchOrder': 5,
  'order.getOrder': 5,
  'order.confirmOrder': 5,
  'order.updateOrderShipping': 5,
} as const;

export type RakutenApi = keyof typeof RAKUTEN_RATE_LIMITS;

/**
 * Share of the documented rate the limiters use. RMS counts calls when they arrive, and a
 * call that waited on a new connection can arrive late, so the next one, spaced exactly,
 * would land inside the same second.
 */
const RATE_MARGIN = 0.9;

/** Wait after a 429 that carried no Retry-After, in milliseconds. */
const DEFAULT_RETRY_AFTER_MS = 1000;

const DEFAULT_TIMEOUT_MS = 30_000;

/** Subject of a call, named in error messages (e.g. 商品 ring-001 / item ring-001). */
export interface CallSubject {
  ja: string;
  en: string;
  externalCode?: string;
}

export interface RakutenRequest {
  api: RakutenApi;
  method: 'GET' | 'PUT' | 'POST' | 'PATCH' | 'DELETE';
  path: string;
  query?: Record<string, string>;
  body?: unknown;
  subject?: CallSubject;
}

export interface RakutenResponse {
  status: number;
  /** Parsed JSON, or undefined for an empty body (204). */
  body: unknown;
}

/** One error entry from either error shape: Items/Inventory `errors[]` or the order API's MessageModelList. */
export interface RmsError {
  code: string;
  message: string;
  propertyPath?: string;
  orderNumber?: string;
}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Reads the errors of a response body in either RMS error shape. */
export function rmsErrors(body: unknown): RmsError[] {
  if (!isObject(body)) return [];
  const out: RmsError[] = [];
  if (Array.isArray(body.errors)) {
    for (const e of body.errors) {
      if (!isObject(e)) continue;
      const meta = isObject(e.metadata) ? e.metadata : {};
      out.push({
        code: String(e.code ?? ''),
        message: String(e.message ?? ''),
        ...(typeof meta.propertyPath === 'string' ? { propertyPath: meta.propertyPath } : {}),
      });
    }
  }
  if (Array.isArray(body.MessageModelList)) {
    for (const m of body.MessageModelList) {
      if (!isObject(m) || m.messageType !== 'ERROR') continue;
      out.push({
        code: String(m.messageCode ?? ''),
        message: String(m.message ?? ''),
        ...(typeof m.orderNumber === 'string' ? { orderNumber: m.orderNumber } : {}),
      });
    }
  }
  return out;
}

/** Formats the channel's errors for a message: `IE0146 Failed to get the genre info. (genreId)`. */
export function describeErrors(errors: readonly RmsError[]): string {
  return errors
    .slice(0, 5)
    .map((e) => `${e.code} ${e.message}${e.propertyPath ? ` (${e.propertyPath})` : ''}`.trim())
    .join(' / ');
}

/** A 'rejected' ChannelCallError that keeps every error entry RMS returned, for per-entry handling of bulk calls. */
export class RakutenRejection extends ChannelCallError {
  constructor(
    messageJa: string,
    messageEn: string,
    details: ChannelCallError['details'],
    readonly rmsErrors: readonly RmsError[],
  ) {
    super('rejected', messageJa, messageEn, details);
  }
}

/** Builds the 'rejected' error for rejections the channel explained with codes. */
export function rejectedError(subject: CallSubject | undefined, errors: readonly RmsError[], status?: number): RakutenRejection {
  const what = subject ?? { ja: 'リクエスト', en: 'the request' };
  const detail = describeErrors(errors) || `HTTP ${status ?? '?'}`;
  const genre = errors.some((e) => e.code === 'IE0146');
  const hintJa = genre ? '楽天のジャンルID（genreId）が見つかりません。出品の楽天カテゴリを確認してください。' : '内容を確認して直してから、もう一度送ってください。';
  const hintEn = genre ? 'Rakuten does not know the genre ID (genreId); check the listing\'s Rakuten category.' : 'Check and correct it, then send it again.';
  const details = {
    ...(status !== undefined ? { status } : {}),
    ...(errors[0]?.code ? { channelCode: errors[0].code } : {}),
    ...(what.externalCode !== undefined ? { externalCode: what.externalCode } : {}),
  };
  return new RakutenRejection(`楽天RMSが${what.ja}を受け付けませんでした: ${detail}。${hintJa}`, `Rakuten RMS rejected ${what.en}: ${detail}. ${hintEn}`, details, errors);
}

function transientError(subject: CallSubject | undefined, ja: string, en: string, details: ChannelCallError['details'] = {}): ChannelCallError {
  const what = subject ?? { ja: 'リクエスト', en: 'request' };
  return new ChannelCallError('transient', `楽天RMSへの${what.ja}の送信に失敗しました: ${ja}。しばらくしてから再試行します。`, `Rakuten RMS ${what.en} failed: ${en}. It will be retried later.`, {
    ...details,
    ...(what.externalCode !== undefined ? { externalCode: what.externalCode } : {}),
  });
}

/** Reads Retry-After (seconds or an HTTP date) in milliseconds. */
function retryAfterMs(header: string | null): number | undefined {
  if (header === null) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

/** Describes why a fetch failed on the network (ECONNRESET, UND_ERR_SOCKET…), for logs and messages. */
function networkReason(error: unknown): string {
  const cause = isObject(error) && 'cause' in error ? (error as { cause?: unknown }).cause : undefined;
  const code = isObject(cause) && typeof cause.code === 'string' ? cause.code : undefined;
  const message = error instanceof Error ? error.message : String(error);
  return code ? `${message} (${code})` : message;
}

export class RakutenClient {
  private readonly baseUrl: string;
  private readonly authorization: string;
  private readonly timeoutMs: number;
  private readonly fetchImpl: typeof fetch;
  private readonly limiters = new Map<RakutenApi, RateLimiter>();
  readonly logger: RakutenLogger | undefined;

  constructor(options: RakutenClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.authorization = `ESA ${Buffer.from(`${options.serviceSecret}:${options.licenseKey}`).toString('base64')}`;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.fetchImpl = options.fetch ?? fetch;
    this.logger = options.logger;
    for (const [api, perSecond] of Object.entries(RAKUTEN_RATE_LIMITS) as Array<[RakutenApi, number]>) {
      this.limiters.set(api, new RateLimiter(perSecond * RATE_MARGIN));
    }
  }

  /** Resolves when a call to `api` could start without waiting for its rate limiter. */
  ready(api: RakutenApi): Promise<void> {
    return this.limiters.get(api)!.ready();
  }

  /**
   * Sends one call after its API's rate limiter allows it, and resolves with 2xx responses only.
   * Everything else throws a ChannelCallError. Timeouts, dropped connections, 429, 5xx and
   * bodies that do not parse are 'transient'. 401 and 403 are 'auth'. Other 4xx are
   * 'rejected', with the channel's first error code.
   */
  async request(req: RakutenRequest): Promise<RakutenResponse> {
    const limiter = this.limiters.get(req.api)!;
    await limiter.take();

    const url = new URL(`${this.baseUrl}${req.path}`);
    for (const [k, v] of Object.entries(req.query ?? {})) url.searchParams.set(k, v);
    const isOrderApi = req.api.startsWith('order.');
    const headers: Record<string, string> = { authorization: this.authorization, accept: 'application/json' };
    if (req.body !== undefined) headers['content-type'] = isOrderApi ? 'application/json; charset=utf-8' : 'application/json';
    const log = { api: req.api, method: req.method, path: req.path, externalCode: req.subject?.externalCode };

    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.timeoutMs);
    let status: number;
    let text: string;
    let retryAfter: number | undefined;
    try {
      const res = await this.fetchImpl(url, {
        method: req.method,
        headers,
        body: req.body === undefined ? undefined : JSON.stringify(req.body),
        signal: controller.signal,
      });
      status = res.status;
      retryAfter = retryAfterMs(res.headers.get('retry-after'));
      text = await res.text();
    } catch (error) {
      if (controller.signal.aborted) {
        this.logger?.warn({ ...log, timeoutMs: this.timeoutMs }, 'rakuten call timed out');
        throw transientError(req.subject, `${this.timeoutMs / 1000}秒以内に応答がありませんでした`, `no response within ${this.timeoutMs / 1000} s`);
      }
      const reason = networkReason(error);
      this.logger?.warn({ ...log, err: reason }, 'rakuten call failed on the network');
      throw transientError(req.subject, `接続が切れました（${reason}）`, `the connection failed (${reason})`);
    } finally {
      clearTimeout(timer);
    }

    let body: unknown = undefined;
    let parsed = true;
    if (text.trim() !== '') {
      try {
        body = JSON.parse(text);
      } catch {
        parsed = false;
      }
    }

    if (status === 429) {
      const waitMs = retryAfter ?? DEFAULT_RETRY_AFTER_MS;
      limiter.backOff(waitMs);
      this.logger?.warn({ ...log, status, retryAfterMs: waitMs }, 'rakuten call rejected by the rate limit');
      throw transientError(req.subject, '呼び出し回数の上限を超えました（HTTP 429）', 'too many requests (HTTP 429)', { status, retryAfterMs: waitMs, ...this.firstCode(body) });
    }
    if (status >= 500) {
      this.logger?.warn({ ...log, status }, 'rakuten call failed with a server error');
      throw transientError(req.subject, `サーバーエラー（HTTP ${status}）`, `server error (HTTP ${status})`, {
        status,
        ...(retryAfter !== undefined ? { retryAfterMs: retryAfter } : {}),
        ...this.firstCode(body),
      });
    }
    if (status === 401 || status === 403) {
      this.logger?.error({ ...log, status }, 'rakuten credentials rejected');
      throw new ChannelCallError(
        'auth',
        `楽天RMSが認証を拒否しました（HTTP ${status}）。チャネル設定の serviceSecret と licenseKey を確認し、RMS で有効期限を確認してください。`,
        `Rakuten RMS rejected the credentials (HTTP ${status}). Check serviceSecret and licenseKey in the channel account and their expiry in RMS.`,
        { status, ...this.firstCode(body) },
      );
    }
    if (!parsed) {
      this.logger?.warn({ ...log, status, bodyStart: text.slice(0, 200) }, 'rakuten response body is not JSON');
      throw transientError(req.subject, `応答を読み取れませんでした（HTTP ${status}、JSON ではありません）`, `the response could not be read (HTTP ${status}, not JSON)`, { status });
    }
    if (status >= 400) {
      const errors = rmsErrors(body);
      this.logger?.warn({ ...log, status, errors: errors.slice(0, 5) }, 'rakuten call rejected');
      throw rejectedError(req.subject, errors, status);
    }
    if (status < 200 || status >= 300) {
      throw transientError(req.subject, `想定外の応答（HTTP ${status}）`, `unexpected response (HTTP ${status})`, { status });
    }
    return { status, body };
  }

  private firstCode(body: unknown): { channelCode?: string } {
    const code = rmsErrors(body)[0]?.code;
    return code ? { channelCode: code } : {};
  }
}
