// HTTP transport for the Yahoo!ショッピング store APIs (ShoppingWebService/V1): OAuth bearer
// tokens with one refresh on 401, the public-key signature headers on order APIs, one rate
// limiter per API URL, and the mapping of every failure to a ChannelCallError kind.
import { constants, publicEncrypt } from 'node:crypto';
import type { Element } from 'domhandler';
import type { Logger } from 'pino';
import { ChannelCallError } from '../adapter.js';
import { RateLimiter } from '../rate-limit.js';
import { childText, parseXmlRoot, parseXmlStrict, serializeXml, XmlSyntaxError, type XmlElement } from './xml.js';

export const YAHOO_API_PATH = '/ShoppingWebService/V1/';
export const YAHOO_TOKEN_URL = 'https://auth.login.yahoo.co.jp/yconnect/v2/token';

/** Yahoo allows about one request per second per API URL and locks out clients that burst. */
export const YAHOO_REQUESTS_PER_SECOND = 1;

// Yahoo counts requests as they arrive, and network delay varies from call to call, so the
// limiter spaces calls 10% wider than the documented rate to keep arrivals a full second apart.
const DEFAULT_LIMITER_RATE = YAHOO_REQUESTS_PER_SECOND / 1.1;

/** Pause after a rate-limit rejection without a Retry-After header, in milliseconds. */
const DEFAULT_RATE_LIMIT_PAUSE_MS = 2000;

const DEFAULT_TIMEOUT_MS = 30_000;

export interface YahooTokens {
  accessToken: string;
  refreshToken: string;
}

export interface YahooClientOptions {
  /** Origin of the API host, e.g. `https://circus.shopping.yahooapis.jp` or a mock's URL. */
  baseUrl: string;
  sellerId: string;
  /** OAuth application id and secret, sent as Basic auth to the token endpoint. */
  clientId: string;
  clientSecret: string;
  accessToken?: string;
  refreshToken?: string;
  /** PEM of the store's public key for the order APIs' signature headers; none sends no signature. */
  publicKey?: string;
  /** Version number Yahoo gave the public key (`X-sws-signature-version`). */
  publicKeyVersion?: string | number;
  /** Token endpoint; defaults to Yahoo's for Yahoo hosts and to `<baseUrl>/yconnect/v2/token` otherwise. */
  tokenUrl?: string;
  /** Time allowed for one HTTP request, in milliseconds. */
  timeoutMs?: number;
  /** Calls per second per API URL; only tests against a mock without a limit should raise it. */
  requestsPerSecond?: number;
  fetch?: typeof fetch;
  /** Called after a refresh so the caller can store the new tokens. */
  onTokens?: (tokens: YahooTokens) => Promise<void>;
  logger?: Logger;
  /** Clock in milliseconds since the epoch, for the signature's unix time. */
  now?: () => number;
}

/** The piece or order a call is about, named in error messages. */
export interface CallSubject {
  externalCode?: string;
  orderId?: string;
}

export interface YahooResponse {
  root: Element;
  body: string;
}

interface PreparedRequest {
  method: 'GET' | 'POST';
  query?: Record<string, string>;
  contentType?: string;
  body?: string;
  signed: boolean;
}

/** Removes a trailing `/ShoppingWebService/V1` and slashes, so both forms of base URL work. */
function normaliseBaseUrl(baseUrl: string): string {
  return baseUrl.replace(/\/+$/, '').replace(/\/ShoppingWebService\/V1$/, '');
}

function defaultTokenUrl(baseUrl: string): string {
  const host = new URL(baseUrl).hostname;
  return host.endsWith('yahooapis.jp') ? YAHOO_TOKEN_URL : `${baseUrl}/yconnect/v2/token`;
}

function subjectJa(subject: CallSubject): string {
  if (subject.externalCode !== undefined) return `（商品コード ${subject.externalCode}）`;
  if (subject.orderId !== undefined) return `（注文番号 ${subject.orderId}）`;
  return '';
}

function subjectEn(subject: CallSubject): string {
  if (subject.externalCode !== undefined) return ` for item code ${subject.externalCode}`;
  if (subject.orderId !== undefined) return ` for order ${subject.orderId}`;
  return '';
}

/** Reads `Retry-After` (seconds or an HTTP date) as milliseconds, or undefined when absent. */
function retryAfterMs(header: string | null, now: number): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Reads the `<Error><Code/><Message/></Error>` body Yahoo sends with 4xx and 5xx statuses. */
function readErrorBody(body: string): { code?: string; message?: string } {
  const root = parseXmlRoot(body);
  if (root === undefined || root.name !== 'Error') return {};
  const code = childText(root, 'Code');
  const message = childText(root, 'Message');
  return { code: code || undefined, message: message || undefined };
}

export class YahooClient {
  readonly sellerId: string;
  private readonly baseUrl: string;
  private readonly tokenUrl: string;
  private readonly timeoutMs: number;
  private readonly fetchImpl: typeof fetch;
  private readonly now: () => number;
  private readonly limiters = new Map<string, RateLimiter>();
  private accessToken: string | undefined;
  private refreshToken: string | undefined;
  private refreshing: Promise<void> | undefined;

  constructor(private readonly options: YahooClientOptions) {
    if (options.publicKey !== undefined && options.publicKeyVersion === undefined) {
      throw new Error('publicKeyVersion is required with publicKey: it is sent as X-sws-signature-version');
    }
    this.sellerId = options.sellerId;
    this.baseUrl = normaliseBaseUrl(options.baseUrl);
    this.tokenUrl = options.tokenUrl ?? defaultTokenUrl(this.baseUrl);
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.fetchImpl = options.fetch ?? fetch;
    this.now = options.now ?? Date.now;
    this.accessToken = options.accessToken;
    this.refreshToken = options.refreshToken;
  }

  /** Sends a form-encoded POST (stock and item APIs); `seller_id` is added. */
  postForm(api: string, fields: Record<string, string>, subject: CallSubject = {}): Promise<YahooResponse> {
    const body = new URLSearchParams({ seller_id: this.sellerId, ...fields }).toString();
    return this.call(api, { method: 'POST', contentType: 'application/x-www-form-urlencoded;charset=UTF-8', body, signed: false }, subject);
  }

  /** Sends a GET with query parameters (getItem); `seller_id` is added. */
  get(api: string, query: Record<string, string>, subject: CallSubject = {}): Promise<YahooResponse> {
    return this.call(api, { method: 'GET', query: { seller_id: this.sellerId, ...query }, signed: false }, subject);
  }

  /** Sends an order API request: the `<Req>` XML body, signed when the account has a public key. */
  postOrderXml(api: string, request: XmlElement, subject: CallSubject = {}): Promise<YahooResponse> {
    const body = serializeXml(request);
    return this.call(api, { method: 'POST', contentType: 'application/xml; charset=UTF-8', body, signed: true }, subject);
  }

  /** Resolves when a call to `api` could start without waiting for its rate limiter. */
  ready(api: string): Promise<void> {
    return this.limiterFor(api).ready();
  }

  private limiterFor(api: string): RateLimiter {
    let limiter = this.limiters.get(api);
    if (limiter === undefined) {
      limiter = new RateLimiter(this.options.requestsPerSecond ?? DEFAULT_LIMITER_RATE, this.now);
      this.limiters.set(api, limiter);
    }
    return limiter;
  }

  /**
   * Builds the public-key signature headers: base64 of RSA PKCS#1 v1.5 encryption of
   * `<sellerId>:<unix time in seconds>` with the store's public key, and the key's version.
   */
  private signatureHeaders(): Record<string, string> {
    const { publicKey, publicKeyVersion } = this.options;
    if (publicKey === undefined) return {};
    const plain = Buffer.from(`${this.sellerId}:${Math.floor(this.now() / 1000)}`, 'utf8');
    const encrypted = publicEncrypt({ key: publicKey, padding: constants.RSA_PKCS1_PADDING }, plain);
    return { 'X-sws-signature': encrypted.toString('base64'), 'X-sws-signature-version': String(publicKeyVersion) };
  }

  private async call(api: string, request: PreparedRequest, subject: CallSubject): Promise<YahooResponse> {
    if (this.accessToken === undefined) await this.refreshTokens(undefined, api, subject);

    const tokenUsed = this.accessToken;
    let response = await this.send(api, request, subject);

    // A 401 usually means the one-hour access token expired: refresh once and repeat the call.
    if (response.status === 401 && this.refreshToken !== undefined) {
      this.options.logger?.info({ api, sellerId: this.sellerId, ...subject }, 'yahoo access token rejected; refreshing');
      await this.refreshTokens(tokenUsed, api, subject);
      response = await this.send(api, request, subject);
    }

    return this.interpret(api, response, subject);
  }

  private async send(
    api: string,
    request: PreparedRequest,
    subject: CallSubject,
  ): Promise<{ status: number; body: string; headers: Headers }> {
    const url = new URL(`${this.baseUrl}${YAHOO_API_PATH}${api}`);
    for (const [key, value] of Object.entries(request.query ?? {})) url.searchParams.set(key, value);
    const headers: Record<string, string> = { Authorization: `Bearer ${this.accessToken ?? ''}` };
    if (request.contentType !== undefined) headers['Content-Type'] = request.contentType;
    if (request.signed) Object.assign(headers, this.signatureHeaders());

    await this.limiterFor(api).take();

    try {
      const response = await this.fetchImpl(url, {
        method: request.method,
        headers,
        body: request.body,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      const body = await response.text();
      return { status: response.status, body, headers: response.headers };
    } catch (error) {
      throw this.transportError(api, error, subject);
    }
  }

  private transportError(api: string, error: unknown, subject: CallSubject): ChannelCallError {
    const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
    this.options.logger?.warn({ api, sellerId: this.sellerId, ...subject, err: error }, 'yahoo request failed before a response');
    if (timedOut) {
      return new ChannelCallError(
        'transient',
        `Yahoo!ショッピングの ${api} が ${this.timeoutMs} ミリ秒以内に応答しませんでした${subjectJa(subject)}。時間をおいて再試行してください。`,
        `Yahoo!Shopping ${api} timed out after ${this.timeoutMs} ms${subjectEn(subject)}. Retry later.`,
        { externalCode: subject.externalCode },
      );
    }
    return new ChannelCallError(
      'transient',
      `Yahoo!ショッピングの ${api} への接続が切断されました${subjectJa(subject)}。時間をおいて再試行してください。`,
      `The connection to Yahoo!Shopping ${api} failed${subjectEn(subject)}: ${error instanceof Error ? error.message : String(error)}. Retry later.`,
      { externalCode: subject.externalCode },
    );
  }

  private interpret(api: string, response: { status: number; body: string; headers: Headers }, subject: CallSubject): YahooResponse {
    const { status, body } = response;
    const details = { status, externalCode: subject.externalCode };

    if (status >= 200 && status < 300) {
      try {
        const root = parseXmlStrict(body);
        if (root.name === 'Error') throw this.rejected(api, status, readErrorBody(body), subject);
        // Every documented success body is a ResultSet; anything else (an HTML page from a
        // proxy) would otherwise read as an empty result.
        if (root.name !== 'ResultSet') throw new XmlSyntaxError(`root element is <${root.name}>, not <ResultSet>`);
        return { root, body };
      } catch (error) {
        if (!(error instanceof XmlSyntaxError)) throw error;
        this.options.logger?.warn({ api, sellerId: this.sellerId, ...subject, status, err: error }, 'yahoo response body is not well-formed XML');
        throw this.malformed(api, status, subject, error.message);
      }
    }

    const yahooError = readErrorBody(body);
    const codeText = yahooError.code === undefined ? '' : `${yahooError.code}: `;
    const yahooMessage = `${codeText}${yahooError.message ?? `HTTP ${status}`}`;

    if (status === 429) {
      const wait = retryAfterMs(response.headers.get('retry-after'), this.now());
      this.limiterFor(api).backOff(wait ?? DEFAULT_RATE_LIMIT_PAUSE_MS);
      this.options.logger?.warn({ api, sellerId: this.sellerId, ...subject, retryAfterMs: wait }, 'yahoo rejected a call for exceeding its rate limit');
      throw new ChannelCallError(
        'transient',
        `Yahoo!ショッピングの ${api} が呼び出し回数の上限を超えたため受け付けられませんでした${subjectJa(subject)}（${yahooMessage}）。時間をおいて再試行してください。`,
        `Yahoo!Shopping ${api} rejected the call for exceeding its rate limit${subjectEn(subject)} (${yahooMessage}). Retry later.`,
        { ...details, channelCode: yahooError.code, retryAfterMs: wait },
      );
    }

    if (status >= 500) {
      this.options.logger?.warn({ api, sellerId: this.sellerId, ...subject, status, channelCode: yahooError.code }, 'yahoo server error');
      throw new ChannelCallError(
        'transient',
        `Yahoo!ショッピングの ${api} でサーバーエラーが発生しました${subjectJa(subject)}（${yahooMessage}）。時間をおいて再試行してください。`,
        `Yahoo!Shopping ${api} failed with a server error${subjectEn(subject)} (${yahooMessage}). Retry later.`,
        { ...details, channelCode: yahooError.code, retryAfterMs: retryAfterMs(response.headers.get('retry-after'), this.now()) },
      );
    }

    if (status === 401 || status === 403) {
      this.options.logger?.error({ api, sellerId: this.sellerId, ...subject, status, channelCode: yahooError.code }, 'yahoo rejected the credentials');
      throw new ChannelCallError(
        'auth',
        `Yahoo!ショッピングが認証を受け付けませんでした（${yahooMessage}）。ストアアカウントの連携（トークン、公開鍵）を確認して設定し直してください。`,
        `Yahoo!Shopping rejected the credentials (${yahooMessage}). Check the store account's tokens and public key and connect it again.`,
        { ...details, channelCode: yahooError.code },
      );
    }

    if (status === 408) throw this.malformed(api, status, subject, 'HTTP 408 request timeout');
    throw this.rejected(api, status, yahooError, subject);
  }

  /** Builds the 'rejected' error for a request Yahoo rejected, naming the piece or order. */
  rejected(api: string, status: number | undefined, yahooError: { code?: string; message?: string }, subject: CallSubject): ChannelCallError {
    const codeText = yahooError.code === undefined ? '' : `${yahooError.code}: `;
    const yahooMessage = `${codeText}${yahooError.message ?? 'no message'}`;
    this.options.logger?.warn({ api, sellerId: this.sellerId, ...subject, status, channelCode: yahooError.code }, 'yahoo rejected a request');
    return new ChannelCallError(
      'rejected',
      `Yahoo!ショッピングが ${api} を受け付けませんでした${subjectJa(subject)}（${yahooMessage}）。内容を確認して修正してください。`,
      `Yahoo!Shopping rejected ${api}${subjectEn(subject)} (${yahooMessage}). Check and correct the data.`,
      { status, channelCode: yahooError.code, externalCode: subject.externalCode },
    );
  }

  /** Builds the 'transient' error for a response body that cannot be read. */
  malformed(api: string, status: number, subject: CallSubject, reason: string): ChannelCallError {
    return new ChannelCallError(
      'transient',
      `Yahoo!ショッピングの ${api} の応答を読み取れませんでした${subjectJa(subject)}（${reason}）。時間をおいて再試行してください。`,
      `The response of Yahoo!Shopping ${api} could not be read${subjectEn(subject)} (${reason}). Retry later.`,
      { status, externalCode: subject.externalCode },
    );
  }

  /**
   * Exchanges the refresh token for a new access token. Concurrent callers share one refresh,
   * and a caller whose rejected token has already been replaced skips the exchange.
   */
  private async refreshTokens(rejectedToken: string | undefined, api: string, subject: CallSubject): Promise<void> {
    if (rejectedToken !== undefined && this.accessToken !== rejectedToken) return;
    this.refreshing ??= this.exchangeRefreshToken(api, subject).finally(() => {
      this.refreshing = undefined;
    });
    await this.refreshing;
  }

  private async exchangeRefreshToken(api: string, subject: CallSubject): Promise<void> {
    const authFailure = (reason: string) =>
      new ChannelCallError(
        'auth',
        `Yahoo!ショッピングのアクセストークンを更新できませんでした（${reason}）。ストアアカウントを連携し直してください。`,
        `Refreshing the Yahoo!Shopping access token failed (${reason}). Connect the store account again.`,
      );
    if (this.refreshToken === undefined) throw authFailure('no refresh token');

    const basic = Buffer.from(`${this.options.clientId}:${this.options.clientSecret}`).toString('base64');
    let status: number;
    let text: string;
    try {
      const response = await this.fetchImpl(this.tokenUrl, {
        method: 'POST',
        headers: { Authorization: `Basic ${basic}`, 'Content-Type': 'application/x-www-form-urlencoded;charset=UTF-8' },
        body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: this.refreshToken }).toString(),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      status = response.status;
      text = await response.text();
    } catch (error) {
      throw this.transportError('token', error, subject);
    }

    if (status >= 500 || status === 429) {
      this.options.logger?.warn({ api, sellerId: this.sellerId, status }, 'yahoo token endpoint failed');
      throw new ChannelCallError(
        'transient',
        `Yahoo!ショッピングのトークン発行でサーバーエラーが発生しました（HTTP ${status}）。時間をおいて再試行してください。`,
        `The Yahoo!Shopping token endpoint failed with HTTP ${status}. Retry later.`,
        { status },
      );
    }

    let json: { access_token?: unknown; refresh_token?: unknown; error?: unknown } = {};
    try {
      json = JSON.parse(text) as typeof json;
    } catch {
      if (status < 300) throw this.malformed('token', status, subject, 'token response is not JSON');
    }
    if (status >= 300 || typeof json.access_token !== 'string') {
      this.options.logger?.error({ api, sellerId: this.sellerId, status, oauthError: json.error }, 'yahoo token refresh rejected');
      throw authFailure(`HTTP ${status} ${typeof json.error === 'string' ? json.error : ''}`.trim());
    }

    this.accessToken = json.access_token;
    if (typeof json.refresh_token === 'string') this.refreshToken = json.refresh_token;
    this.options.logger?.info({ sellerId: this.sellerId }, 'yahoo access token refreshed');
    await this.options.onTokens?.({ accessToken: this.accessToken, refreshToken: this.refreshToken });
  }
}
