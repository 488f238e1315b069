import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { openDatabase, type DatabaseHandle } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { UNRESTRICTED_SCOPE } from '../src/modules/access/scope.js';
import { buildDashboard } from '../src/modules/analytics/dashboard.js';
import type { ReportContext } from '../src/modules/analytics/registry.js';
import { rebuildSalesFacts } from '../src/modules/analytics/refresh.js';
import { ANALYTICS_REPORTS } from '../src/modules/analytics/reports.js';
import { businessDate } from '../src/shared/time.js';
import { postgresBulkWriter, sqliteBulkWriter, type BulkWriter } from './bulk-insert.js';
import { percentile, progress, round } from './measure.js';
import { generateSalesHistory } from './reports-data.js';
import { withScratchPostgres } from './scratch-postgres.js';

// `npm run bench -- reports`: generates three years of sales of seven stores and three
// online channels (500,000 sales by default) and rebuilds the sales facts and daily
// summaries from them with rebuildSalesFacts. It then times the monthly sales by location
// (the 'sales-totals' report) and the dashboard, each called as its route calls it. Runs on
// SQLite and, when BENCH_DATABASE_URL or TEST_DATABASE_URL names a server, on PostgreSQL.

const DEFAULT_SALES = 500_000;
const DEFAULT_ITEMS = 5_000;
const DEFAULT_REQUESTS = 60;
/** Calls of each kind before timing starts, so that caches and query plans are warm. */
const WARMUP_REQUESTS = 5;
const MONTHLY_REPORT_ID = 'sales-totals';

export interface ReportsFigures {
  sales: number;
  counter_sales: number;
  channel_orders: number;
  returns: number;
  facts: number;
  daily_rows: number;
  staff_rows: number;
  generate_s: number;
  rebuild_s: number;
  monthly_p50_ms: number;
  monthly_p95_ms: number;
  monthly36_p50_ms: number;
  monthly36_p95_ms: number;
  dashboard_p50_ms: number;
  dashboard_p95_ms: number;
}

interface Options {
  sales: number;
  items: number;
  requests: number;
}

/** First day of the month `monthsBack` months before the month of `date` (YYYY-MM-DD). */
function monthStart(date: string, monthsBack: number): string {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7)) - 1 - monthsBack;
  const start = new Date(Date.UTC(year, month, 1));
  return start.toISOString().slice(0, 10);
}

/** Builds the timed calls: the report definition and the dashboard, as their routes run them. */
function requestsFor(handle: DatabaseHandle, ctx: ReportContext) {
  const definition = ANALYTICS_REPORTS.find((report) => report.id === MONTHLY_REPORT_ID);
  if (!definition) throw new Error(`report ${MONTHLY_REPORT_ID} is not in ANALYTICS_REPORTS`);
  const monthly = (months: number) => {
    const query = definition.query.parse({ from: monthStart(ctx.today, months - 1), to: ctx.today, grain: 'month', groupBy: 'location' });
    return () => definition.run(handle.db, query, ctx);
  };
  return { monthly12: monthly(12), monthly36: monthly(36), dashboard: () => buildDashboard(handle.db, {}, ctx) };
}

/** Runs `call` WARMUP_REQUESTS times untimed, then `count` times timed one at a time, and returns the times in milliseconds. */
async function measure(call: () => Promise<unknown>, count: number): Promise<number[]> {
  for (let i = 0; i < WARMUP_REQUESTS; i += 1) await call();
  const samples: number[] = [];
  for (let i = 0; i < count; i += 1) {
    const started = performance.now();
    await call();
    samples.push(performance.now() - started);
  }
  return samples;
}

async function benchOn(handle: DatabaseHandle, writer: BulkWriter, options: Options): Promise<ReportsFigures> {
  const kind = handle.kind;
  await migrateToLatest(handle.db);
  const today = businessDate();

  progress(`${kind}: generating ${options.sales} sales over 3 years up to ${today}, ${options.items} items`);
  const generateStarted = performance.now();
  const history = await generateSalesHistory(handle, writer, { sales: options.sales, items: options.items, today });
  await writer.close();
  if (kind === 'postgres') {
    // VACUUM ANALYZE does what autovacuum would have done on a live database by now: it sets
    // the visibility map and collects statistics.
    await sql`vacuum analyze`.execute(handle.db);
  }
  const generateS = (performance.now() - generateStarted) / 1000;
  progress(`${kind}: generated in ${round(generateS)} s: ${history.counterSales} counter sales (${history.saleLines} lines, with ${history.returns} returns), ${history.channelOrders} channel orders (${history.orderLines} lines)`);

  progress(`${kind}: rebuilding sales facts and daily summaries`);
  const rebuildStarted = performance.now();
  const rebuilt = await rebuildSalesFacts(handle.db);
  const rebuildS = (performance.now() - rebuildStarted) / 1000;
  progress(`${kind}: rebuilt in ${round(rebuildS)} s: ${rebuilt.facts} facts, ${rebuilt.dailyRows} daily rows, ${rebuilt.staffRows} staff rows`);
  if (kind === 'postgres') await sql`vacuum analyze`.execute(handle.db);

  const ctx: ReportContext = { scope: UNRESTRICTED_SCOPE, locale: 'ja', userId: history.ownerId, today, canSeeCost: true };
  const requests = requestsFor(handle, ctx);
  progress(`${kind}: monthly sales by location, last 12 months, ${options.requests} requests`);
  const monthly = await measure(requests.monthly12, options.requests);
  progress(`${kind}: monthly p50 ${round(percentile(monthly, 50))} ms, p95 ${round(percentile(monthly, 95))} ms; last 36 months`);
  const monthly36 = await measure(requests.monthly36, options.requests);
  progress(`${kind}: 36 months p50 ${round(percentile(monthly36, 50))} ms, p95 ${round(percentile(monthly36, 95))} ms; dashboard`);
  const dashboard = await measure(requests.dashboard, options.requests);
  progress(`${kind}: dashboard p50 ${round(percentile(dashboard, 50))} ms, p95 ${round(percentile(dashboard, 95))} ms`);

  return {
    sales: history.counterSales + history.channelOrders,
    counter_sales: history.counterSales,
    channel_orders: history.channelOrders,
    returns: history.returns,
    facts: rebuilt.facts,
    daily_rows: rebuilt.dailyRows,
    staff_rows: rebuilt.staffRows,
    generate_s: round(generateS),
    rebuild_s: round(rebuildS),
    monthly_p50_ms: round(percentile(monthly, 50)),
    monthly_p95_ms: round(percentile(monthly, 95)),
    monthly36_p50_ms: round(percentile(monthly36, 50)),
    monthly36_p95_ms: round(percentile(monthly36, 95)),
    dashboard_p50_ms: round(percentile(dashboard, 50)),
    dashboard_p95_ms: round(percentile(dashboard, 95)),
  };
}

async function benchSqlite(options: Options): Promise<ReportsFigures> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'tsunagu-reports-'));
  const handle = openDatabase({ dataDir });
  try {
    return await benchOn(handle, sqliteBulkWriter(handle.sqliteFile!), options);
  } finally {
    await handle.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function benchPostgres(options: Options, adminUrl: string): Promise<ReportsFigures> {
  return withScratchPostgres(adminUrl, 'tsunagu_reports', async (url) => {
    const handle = openDatabase({ databaseUrl: url });
    try {
      return await benchOn(handle, await postgresBulkWriter(url), options);
    } finally {
      await handle.close();
    }
  });
}

function wholeOption(value: string | undefined, fallback: number, name: string, min: number): number {
  const parsed = value === undefined ? fallback : Number(value);
  if (!Number.isInteger(parsed) || parsed < min) throw new Error(`--${name} ${value} is invalid: give a whole number of at least ${min}`);
  return parsed;
}

export async function runReportsBench(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: { sales: { type: 'string' }, items: { type: 'string' }, requests: { type: 'string' }, 'skip-sqlite': { type: 'boolean' }, 'skip-postgres': { type: 'boolean' } },
    strict: true,
  });
  const options: Options = {
    sales: wholeOption(values.sales, DEFAULT_SALES, 'sales', 100),
    items: wholeOption(values.items, DEFAULT_ITEMS, 'items', 100),
    requests: wholeOption(values.requests, DEFAULT_REQUESTS, 'requests', 20),
  };

  const started = Date.now();
  const sqlite = values['skip-sqlite'] ? null : await benchSqlite(options);
  if (sqlite) process.stdout.write(`sqlite:   ${JSON.stringify(sqlite)}\n`);
  const postgresUrl = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL;
  const postgres = postgresUrl && !values['skip-postgres'] ? await benchPostgres(options, postgresUrl) : null;
  if (postgres) process.stdout.write(`postgres: ${JSON.stringify(postgres)}\n`);
  progress(`finished in ${round((Date.now() - started) / 1000)} s`);

  process.stdout.write(JSON.stringify({ bench: 'reports', sales: options.sales, ...sqlite, postgres }) + '\n');
}
