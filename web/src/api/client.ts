import { currentLocale, i18n } from '../i18n/index.js';
import { fieldErrorsOf, type ErrorBody, type FieldError } from './fieldErrors.js';

export type { FieldError } from './fieldErrors.js';

/**
 * A failed API call. The message comes from the server already in the user's language;
 * network failures and unreadable replies get a message from the UI's own translations.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly requestId: string | undefined,
    readonly fields: FieldError[],
    readonly details: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

type QueryValue = string | number | boolean | null | undefined;
export type Query = Record<string, QueryValue>;

let csrfToken: string | null = null;
let unauthenticatedHandler: (() => void) | null = null;

/** Set after sign-in; every state-changing request sends it in the x-csrf-token header. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Returns the session's CSRF token, for requests that cannot go through apiRequest, such as uploads with progress. */
export function currentCsrfToken(): string | null {
  return csrfToken;
}

/** Called when a request made while signed in comes back 401 (the session ended). */
export function onUnauthenticated(handler: (() => void) | null): void {
  unauthenticatedHandler = handler;
}

/** Builds "/api/items?q=ring&page=2", leaving out empty values. */
export function apiUrl(path: string, query?: Query): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === null || value === undefined || value === '') continue;
    params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

export interface RequestOptions {
  query?: Query;
  body?: unknown;
  /** Sent as the idempotency-key header so that a retried submit creates one document. */
  idempotencyKey?: string;
  signal?: AbortSignal;
  /**
   * Failure statuses whose body is a result rather than an error. Such a body is returned
   * like a success when it has no `error` member, as the CSV import's 422 row report.
   */
  resultStatuses?: number[];
}

async function readError(response: Response): Promise<ApiError> {
  let body: ErrorBody | undefined;
  try {
    body = (await response.json()) as ErrorBody;
  } catch {
    body = undefined;
  }
  const error = body?.error;
  if (!error?.message) {
    return new ApiError(response.status, 'http_error', i18n.t('errors.http', { status: response.status }), undefined, [], undefined);
  }
  return new ApiError(response.status, error.code ?? 'error', error.message, error.requestId, fieldErrorsOf(error), error.details);
}

/** Sends one JSON request to the API and returns the parsed reply (undefined for 204). */
export async function apiRequest<T>(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', 'accept-language': currentLocale() };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  if (options.idempotencyKey) headers['idempotency-key'] = options.idempotencyKey;

  let response: Response;
  try {
    response = await fetch(apiUrl(path, options.query), {
      method,
      headers,
      credentials: 'same-origin',
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiError(0, 'network_error', i18n.t('errors.network'), undefined, [], undefined);
  }

  if (!response.ok && options.resultStatuses?.includes(response.status)) {
    const body = (await response.clone().json().catch(() => undefined)) as (ErrorBody & object) | undefined;
    if (body && !('error' in body)) return body as T;
  }
  if (!response.ok) {
    const error = await readError(response);
    if (response.status === 401 && csrfToken !== null) unauthenticatedHandler?.();
    throw error;
  }
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

export const api = {
  get: <T>(path: string, query?: Query, signal?: AbortSignal) => apiRequest<T>('GET', path, { query, signal }),
  post: <T>(path: string, body?: unknown, options: Omit<RequestOptions, 'body'> = {}) => apiRequest<T>('POST', path, { ...options, body: body ?? {} }),
  put: <T>(path: string, body?: unknown) => apiRequest<T>('PUT', path, { body: body ?? {} }),
  patch: <T>(path: string, body?: unknown) => apiRequest<T>('PATCH', path, { body: body ?? {} }),
  delete: <T>(path: string) => apiRequest<T>('DELETE', path),
};

/**
 * Creates the idempotency key of one submission, which a retry of that submission reuses.
 * Uses getRandomValues because crypto.randomUUID is missing on plain-http LAN addresses.
 */
export function newIdempotencyKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Reads the file name from a Content-Disposition header, preferring the UTF-8 form (filename*). */
function fileNameOf(disposition: string | null, fallback: string): string {
  if (!disposition) return fallback;
  const encoded = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
  if (encoded?.[1]) return decodeURIComponent(encoded[1]);
  const plain = /filename="?([^";]+)"?/i.exec(disposition);
  return plain?.[1] ?? fallback;
}

/**
 * Downloads a file from a GET route and saves it through the browser. Fetching first
 * (instead of following a link) lets a failed export show its message like any other error.
 */
export async function downloadFile(path: string, query: Query, fallbackName: string): Promise<void> {
  let response: Response;
  try {
    response = await fetch(apiUrl(path, query), { credentials: 'same-origin', headers: { 'accept-language': currentLocale() } });
  } catch {
    throw new ApiError(0, 'network_error', i18n.t('errors.network'), undefined, [], undefined);
  }
  await saveDownload(response, fallbackName);
}

/**
 * Sends a JSON POST whose reply is a file, such as printed price tags, and saves the file
 * through the browser like downloadFile.
 */
export async function downloadPostedFile(path: string, body: unknown, fallbackName: string): Promise<void> {
  const headers: Record<string, string> = { 'content-type': 'application/json', 'accept-language': currentLocale() };
  if (csrfToken) headers['x-csrf-token'] = csrfToken;
  let response: Response;
  try {
    response = await fetch(path, { method: 'POST', credentials: 'same-origin', headers, body: JSON.stringify(body) });
  } catch {
    throw new ApiError(0, 'network_error', i18n.t('errors.network'), undefined, [], undefined);
  }
  if (!response.ok && response.status === 401 && csrfToken !== null) unauthenticatedHandler?.();
  await saveDownload(response, fallbackName);
}

/** Saves a file reply under the name its Content-Disposition gives, or throws its error. */
async function saveDownload(response: Response, fallbackName: string): Promise<void> {
  if (!response.ok) throw await readError(response);

  const blob = await response.blob();
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileNameOf(response.headers.get('content-disposition'), fallbackName);
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked later because Chromium reads the blob after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
