import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Config } from '../src/config.js';
import { openDatabase, type DatabaseHandle } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { createUser } from '../src/modules/auth/service.js';
import { createItems } from '../src/modules/items/create.js';
import { itemAttributesInput } from '../src/modules/items/schemas.js';
import { recordReceipts } from '../src/modules/ledger/service.js';
import { setItemsStatus } from '../src/modules/items/service.js';
import { createRegister } from '../src/modules/sales/registers.js';
import { UNRESTRICTED_SCOPE } from '../src/modules/access/scope.js';
import { createLocation } from '../src/modules/locations/service.js';
import { buildApp } from '../src/server/app.js';
import { seededRandom } from './catalogue-data.js';
import { percentile, progress, round } from './measure.js';
import { withScratchPostgres } from './scratch-postgres.js';

// `npm run bench -- checkout`: two registers of one store sell at the same time through the
// real HTTP API (sign-in, CSRF, validation, audit, idempotency key), as a busy counter
// would. Each register scans its pieces and completes a sale of one to three of them with
// mixed tax rates, discounts and split payments. Reports completed sales per second and
// the latency of POST /api/sales, on SQLite and, when BENCH_DATABASE_URL or
// TEST_DATABASE_URL names a server, on PostgreSQL.

const DEFAULT_SALES = 1_000;
const REGISTERS = 2;
/** Sales run before timing starts, so that connections and query plans are warm. */
const WARMUP_SALES = 20;

export interface CheckoutFigures {
  sales: number;
  checkout_p50_ms: number;
  checkout_p95_ms: number;
  checkout_p99_ms: number;
  sales_per_s: number;
  refused: number;
}

function benchConfig(): Config {
  return {
    port: 0,
    host: '127.0.0.1',
    dataDir: '/nonexistent',
    databaseUrl: undefined,
    logLevel: 'silent',
    secretKey: randomBytes(32),
    secureCookies: false,
    ownerEmail: undefined,
    ownerPassword: undefined,
  };
}

interface Session {
  cookie: string;
  csrfToken: string;
}

async function signIn(baseUrl: string, email: string, password: string): Promise<Session> {
  const response = await fetch(`${baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
  if (response.status !== 200) throw new Error(`sign-in failed: ${response.status} ${await response.text()}`);
  const cookie = response.headers.getSetCookie().map((header) => header.split(';')[0]).join('; ');
  const { csrfToken } = (await response.json()) as { csrfToken: string };
  return { cookie, csrfToken };
}

/** Creates the store, two registers, a seller and the pieces to sell, received into stock. */
async function prepare(handle: DatabaseHandle, pieces: number) {
  await migrateToLatest(handle.db);
  const email = `bench-${randomBytes(4).toString('hex')}@example.test`;
  const password = 'correct horse battery';
  const user = await createUser(handle.db, { email, password, locale: 'ja', isOwner: true });

  return handle.db.transaction().execute(async (trx) => {
    const store = await createLocation(trx, { code: `BENCH${randomBytes(2).toString('hex')}`, name: 'ベンチ店', kind: 'store' });
    const first = await trx.selectFrom('registers').select('id').where('location_id', '=', store.id).executeTakeFirstOrThrow();
    const second = await createRegister(trx, { locationId: store.id, code: '2', name: 'レジ2', isActive: true }, UNRESTRICTED_SCOPE);

    const random = seededRandom(42);
    const inputs = Array.from({ length: pieces }, (_, i) => ({
      attributes: itemAttributesInput.parse({
        name: i % 10 === 9 ? 'ギフト焼き菓子' : `K18 ダイヤ リング ${i}`,
        category: i % 10 === 9 ? 'other' : 'ring',
        cost: 20_000 + Math.floor(random() * 100_000),
        retailPrice: i % 10 === 9 ? 3_240 : 50_000 + Math.floor(random() * 400_000),
        taxRatePercent: i % 10 === 9 ? 8 : 10,
      }),
    }));
    const items = await createItems(trx, inputs, { userId: user.id });
    await recordReceipts(
      trx,
      items.map((item) => ({ itemId: item.id, kind: 'purchase_receipt' as const, fromLocationId: null, toLocationId: store.id, quantity: 1, costAmount: item.cost, documentType: 'bench' })),
    );
    await setItemsStatus(
      trx,
      items.map((item) => item.id),
      'in_stock',
    );
    return { email, password, registerIds: [first.id, second.id], stockNumbers: items.map((item) => item.stock_number) };
  });
}

interface SaleRun {
  latenciesMs: number[];
  refused: number;
}

/**
 * One register's loop: scan each piece of its carts (GET /api/sales/scan), then complete the
 * sale (POST /api/sales), timing the completion only.
 */
async function runRegister(baseUrl: string, session: Session, registerId: number, carts: string[][], seed: number): Promise<SaleRun> {
  const random = seededRandom(seed);
  const headers = { 'content-type': 'application/json', cookie: session.cookie, 'x-csrf-token': session.csrfToken };
  const run: SaleRun = { latenciesMs: [], refused: 0 };

  for (const cart of carts) {
    const lines = [];
    for (const code of cart) {
      const scan = await fetch(`${baseUrl}/api/sales/scan?code=${encodeURIComponent(code)}&registerId=${registerId}`, { headers });
      if (scan.status !== 200) throw new Error(`scan of ${code} failed: ${scan.status} ${await scan.text()}`);
      const item = (await scan.json()) as { itemId: number };
      lines.push({ itemId: item.itemId, ...(random() < 0.3 ? { discount: { percent: 10 } } : {}) });
    }
    const reductions = random() < 0.2 ? [{ kind: 'points', discount: { yen: 500 } }] : [];
    const quote = await fetch(`${baseUrl}/api/sales/quote`, { method: 'POST', headers, body: JSON.stringify({ registerId, lines, reductions }) });
    const { total } = (await quote.json()) as { total: number };
    const card = random() < 0.5 ? Math.floor(total / 2) : 0;
    const payments = [...(card > 0 ? [{ method: 'card', amount: card }] : []), { method: 'cash', amount: total - card, tendered: total - card + 1_000 }];

    const started = performance.now();
    const response = await fetch(`${baseUrl}/api/sales`, {
      method: 'POST',
      headers: { ...headers, 'idempotency-key': randomBytes(12).toString('hex') },
      body: JSON.stringify({ registerId, lines, reductions, payments }),
    });
    const body = await response.text();
    run.latenciesMs.push(performance.now() - started);
    if (response.status !== 201) {
      run.refused += 1;
      progress(`sale refused: ${response.status} ${body.slice(0, 200)}`);
    }
  }
  return run;
}

/** Splits the pieces into carts of one to three, and the carts between the registers. */
function planCarts(stockNumbers: readonly string[], sales: number): string[][][] {
  const random = seededRandom(7);
  const carts: string[][] = [];
  let next = 0;
  for (let i = 0; i < sales; i += 1) {
    const size = 1 + Math.floor(random() * 3);
    carts.push(stockNumbers.slice(next, next + size));
    next += size;
  }
  return Array.from({ length: REGISTERS }, (_, register) => carts.filter((_, index) => index % REGISTERS === register));
}

async function benchOn(handle: DatabaseHandle, sales: number): Promise<CheckoutFigures> {
  const total = sales + WARMUP_SALES;
  const setup = await prepare(handle, total * 3);
  const app = await buildApp({ db: handle.db, databaseKind: handle.kind, config: benchConfig(), logger: false, webRoot: '/nonexistent' });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('server has no TCP address');
  const baseUrl = `http://127.0.0.1:${address.port}`;

  try {
    const sessions = await Promise.all(setup.registerIds.map(() => signIn(baseUrl, setup.email, setup.password)));
    const plan = planCarts(setup.stockNumbers, total);
    const warmup = plan.map((carts) => carts.slice(0, WARMUP_SALES / REGISTERS));
    const timedCarts = plan.map((carts) => carts.slice(WARMUP_SALES / REGISTERS));

    await Promise.all(warmup.map((carts, index) => runRegister(baseUrl, sessions[index]!, setup.registerIds[index]!, carts, 100 + index)));
    progress(`${handle.kind}: ${sales} sales on ${REGISTERS} registers`);
    const started = performance.now();
    const runs = await Promise.all(timedCarts.map((carts, index) => runRegister(baseUrl, sessions[index]!, setup.registerIds[index]!, carts, 200 + index)));
    const elapsedS = (performance.now() - started) / 1000;

    const latencies = runs.flatMap((run) => run.latenciesMs);
    const refused = runs.reduce((sum, run) => sum + run.refused, 0);
    return {
      sales: latencies.length - refused,
      checkout_p50_ms: round(percentile(latencies, 50)),
      checkout_p95_ms: round(percentile(latencies, 95)),
      checkout_p99_ms: round(percentile(latencies, 99)),
      sales_per_s: round((latencies.length - refused) / elapsedS),
      refused,
    };
  } finally {
    await app.close();
  }
}

async function benchSqlite(sales: number): Promise<CheckoutFigures> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'tsunagu-checkout-'));
  const handle = openDatabase({ dataDir });
  try {
    return await benchOn(handle, sales);
  } finally {
    await handle.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function benchPostgres(sales: number, adminUrl: string): Promise<CheckoutFigures> {
  return withScratchPostgres(adminUrl, 'tsunagu_checkout', async (url) => {
    const handle = openDatabase({ databaseUrl: url });
    try {
      return await benchOn(handle, sales);
    } finally {
      await handle.close();
    }
  });
}

export async function runCheckoutBench(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { sales: { type: 'string' }, 'sqlite-only': { type: 'boolean' } }, strict: true });
  const sales = values.sales ? Number(values.sales) : DEFAULT_SALES;
  if (!Number.isInteger(sales) || sales < REGISTERS) throw new Error(`--sales must be a whole number of at least ${REGISTERS}`);

  const sqlite = await benchSqlite(sales);
  process.stdout.write(`sqlite: ${JSON.stringify(sqlite)}\n`);
  const postgresUrl = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL;
  const postgres = postgresUrl && !values['sqlite-only'] ? await benchPostgres(sales, postgresUrl) : null;
  if (postgres) process.stdout.write(`postgres: ${JSON.stringify(postgres)}\n`);
  process.stdout.write(JSON.stringify({ bench: 'checkout', registers: REGISTERS, ...sqlite, postgres }) + '\n');
}
