import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { buildWebIfStale } from '../../scripts/build-web.mjs';
import type { Config } from '../../src/config.js';
import type { DatabaseKind } from '../../src/db/dialect.js';
import { createUser } from '../../src/modules/auth/service.js';
import { buildApp } from '../../src/server/app.js';
import type { App } from '../../src/server/types.js';
import { testConfig } from '../helpers/app.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';

// The pieces a browser test needs: a built UI, the real server on a free 127.0.0.1 port
// with its own database, and a headless Chromium with a fresh profile.

export const RESULTS_DIR = path.resolve(import.meta.dirname, '../../test-results');

/** Flags for the system Chromium: headless, and nothing that reaches out to the network. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export async function ensureWebBuilt(): Promise<void> {
  await buildWebIfStale({ log: () => undefined });
}

export interface RunningServer {
  url: string;
  database: TestDatabase;
  app: App;
  stop(): Promise<void>;
}

/**
 * Starts the back office as `npm start` would, but on a random port and a throwaway database.
 * `config` overrides the test settings, for example a real data directory for a test that
 * stores files.
 */
export async function startServer(kind: DatabaseKind, config: Partial<Config> = {}): Promise<RunningServer> {
  const database = await createTestDatabase(kind);
  const app = await buildApp({ db: database.db, databaseKind: database.kind, config: testConfig(config), logger: false });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error(`unexpected server address ${String(address)}`);

  return {
    url: `http://127.0.0.1:${address.port}`,
    database,
    app,
    stop: async () => {
      await app.close();
      await database.destroy();
    },
  };
}

export interface TestUser {
  email: string;
  password: string;
  displayName: string;
}

/**
 * Creates a Japanese-speaking user with a unique email in the server's database: an owner,
 * or a user with the given role at every location.
 */
export async function createTestUser(server: RunningServer, name: string, role?: string): Promise<TestUser> {
  const user = { email: `${name}-${Date.now()}@example.test`, password: 'browser-test-password', displayName: name };
  await createUser(server.database.db, { ...user, locale: 'ja', isOwner: role === undefined, role });
  return user;
}

/**
 * Signs in on the sign-in page, in whichever language it shows, and waits for the side
 * menu. The page must be signed out.
 */
export async function signInAs(page: Page, url: string, user: Pick<TestUser, 'email' | 'password'>): Promise<void> {
  await page.goto(url);
  const form = page.locator('form').filter({ has: page.locator('input[autocomplete="current-password"]') });
  await form.locator('input[autocomplete="username"]').fill(user.email);
  await form.locator('input[autocomplete="current-password"]').fill(user.password);
  await form.locator('button[type="submit"]').click();
  await page.getByTestId('side-menu').waitFor();
}

/**
 * Sends a JSON request to the API with the page's session cookie and CSRF token, for test
 * data that the test does not enter through a screen. Throws on a failed request.
 */
export async function apiAsPage<T>(page: Page, url: string, method: 'POST' | 'PUT', path: string, body: unknown): Promise<T> {
  const session = await page.request.get(`${url}/api/auth/session`);
  const { csrfToken } = (await session.json()) as { csrfToken: string };
  const response = await page.request.fetch(`${url}${path}`, { method, data: body, headers: { 'x-csrf-token': csrfToken } });
  if (!response.ok()) throw new Error(`${method} ${path} failed with ${response.status()}: ${await response.text()}`);
  return (await response.json()) as T;
}

export interface BrowserSession {
  context: BrowserContext;
  page: Page;
  /** Uncaught exceptions thrown in the page; a test expects none. */
  pageErrors: string[];
  close(): Promise<void>;
}

/** Opens Chromium with an empty profile and a Japanese browser language. */
export async function openBrowser(): Promise<BrowserSession> {
  const profile = mkdtempSync(path.join(os.tmpdir(), 'tsunagu-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
    locale: 'ja-JP',
    timezoneId: 'Asia/Tokyo',
    viewport: { width: 1280, height: 900 },
  });
  // Browser tests run beside the database tests. On a loaded 2-core machine a password hash
  // or a page load took well over 15 s, so waits failed that pass when run alone.
  context.setDefaultTimeout(30_000);
  const page = context.pages()[0] ?? (await context.newPage());
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));

  return {
    context,
    page,
    pageErrors,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Saves a full-page screenshot to test-results/<name>.png for a person to look at. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(RESULTS_DIR, { recursive: true });
  await page.screenshot({ path: path.join(RESULTS_DIR, `${name}.png`), fullPage: true });
}

/**
 * Opens a select or autocomplete, types to filter and picks the option with this text. On a
 * busy machine a click can land while the dropdown's list re-renders and be lost: the list
 * then stays open with the option unselected, and the option is clicked again.
 */
export async function chooseOption(page: Page, field: ReturnType<Page['getByLabel']>, search: string, optionText: string | RegExp): Promise<void> {
  await field.click();
  if (search) await field.pressSequentially(search);
  const option = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option').filter({ hasText: optionText }).first();
  await option.click();

  for (let attempt = 1; attempt < 3; attempt += 1) {
    try {
      // A single select or autocomplete closes its list once the choice is taken.
      await option.waitFor({ state: 'hidden', timeout: 2_000 });
      return;
    } catch {
      // A multiple select stays open and marks the option as selected.
      if (await option.evaluate((element) => element.classList.contains('ant-select-item-option-selected'))) return;
    }
    await option.click();
  }
}

export interface BrowserTestEnvironment {
  server: RunningServer;
  browser: BrowserSession;
}

/**
 * Builds the UI, starts a server on a fresh database and opens a browser before the tests
 * of the enclosing describe block, and closes both after them. The returned object is
 * filled in by beforeAll, so read its fields inside tests only.
 */
export function useBrowserTestEnvironment(kind: DatabaseKind, config: Partial<Config> = {}): BrowserTestEnvironment {
  const environment = {} as BrowserTestEnvironment;
  beforeAll(async () => {
    await ensureWebBuilt();
    environment.server = await startServer(kind, config);
    environment.browser = await openBrowser();
  }, 180_000);
  afterAll(async () => {
    await environment.browser?.close();
    await environment.server?.stop();
  });
  return environment;
}
