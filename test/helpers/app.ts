import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../src/server/app.js';
import type { App } from '../../src/server/types.js';
import type { Config } from '../../src/config.js';
import { createUser } from '../../src/modules/auth/service.js';
import type { TestDatabase } from './database.js';

export function testConfig(overrides: Partial<Config> = {}): Config {
  return {
    port: 0,
    host: '127.0.0.1',
    dataDir: '/nonexistent',
    databaseUrl: undefined,
    logLevel: 'silent',
    secretKey: Buffer.alloc(32, 7),
    secureCookies: false,
    ownerEmail: undefined,
    ownerPassword: undefined,
    ...overrides,
  };
}

export async function createTestApp(database: TestDatabase): Promise<App> {
  const app = await buildApp({
    db: database.db,
    databaseKind: database.kind,
    config: testConfig(),
    logger: false,
    webRoot: '/nonexistent',
  });
  await app.ready();
  return app;
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** An API client signed in as one user: it sends the session cookie and the CSRF token. */
export interface ApiClient {
  userId: number;
  email: string;
  request(method: Method, url: string, body?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  get(url: string): Promise<LightMyRequestResponse>;
  post(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  put(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  patch(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  delete(url: string): Promise<LightMyRequestResponse>;
}

/** Creates a user with a unique email and signs in through the real login route. */
export async function signIn(
  app: App,
  database: TestDatabase,
  locale: 'ja' | 'en' = 'en',
  options: { role?: string; locationIds?: number[] } = {},
): Promise<ApiClient> {
  const email = `user-${randomBytes(4).toString('hex')}@example.test`;
  const password = 'correct horse battery';
  const user = await createUser(database.db, {
    email,
    password,
    locale,
    isOwner: options.role === undefined,
    role: options.role,
    locationIds: options.locationIds,
  });
  const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password } });
  if (login.statusCode !== 200) throw new Error(`test sign-in failed: ${login.body}`);

  const cookie = login.cookies.find((c) => c.name === 'tsunagu_session');
  const { csrfToken } = login.json() as { csrfToken: string };
  const request: ApiClient['request'] = (method, url, body, headers = {}) =>
    app.inject({
      method,
      url,
      headers: { cookie: `tsunagu_session=${cookie?.value}`, 'x-csrf-token': csrfToken, ...headers },
      ...(body === undefined ? {} : { payload: body as object }),
    });

  return {
    userId: user.id,
    email,
    request,
    get: (url) => request('GET', url),
    post: (url, body) => request('POST', url, body ?? {}),
    put: (url, body) => request('PUT', url, body ?? {}),
    patch: (url, body) => request('PATCH', url, body ?? {}),
    delete: (url) => request('DELETE', url),
  };
}

export interface SignedInApp {
  app: () => App;
  api: () => ApiClient;
}

/**
 * Builds an app on the test database and signs a user in before the block's tests, and
 * closes the app after them. Call it inside a describe/describeEachDatabase block.
 */
export function useSignedInApp(database: () => TestDatabase, locale: 'ja' | 'en' = 'en'): SignedInApp {
  let app: App | undefined;
  let api: ApiClient | undefined;
  beforeAll(async () => {
    app = await createTestApp(database());
    api = await signIn(app, database(), locale);
  });
  afterAll(async () => {
    await app?.close();
  });
  return {
    app: () => app ?? raise('app'),
    api: () => api ?? raise('api client'),
  };
}

function raise(what: string): never {
  throw new Error(`test ${what} is not ready: useSignedInApp's beforeAll has not run`);
}
