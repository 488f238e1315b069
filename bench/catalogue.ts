import { UNRESTRICTED_SCOPE, type LocationScope } from '../src/modules/access/scope.js';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openDatabase, type DatabaseHandle } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { balancesOf } from '../src/modules/ledger/service.js';
import { searchItems } from '../src/modules/items/service.js';
import type { ItemSearchRequest } from '../src/modules/items/schemas.js';
import { postgresBulkWriter, sqliteBulkWriter, type BulkWriter } from './bulk-insert.js';
import { seededRandom, pick, between } from './catalogue-data.js';
import { generateCatalogue, type CatalogueSize, type GeneratedCatalogue } from './catalogue-setup.js';
import { percentile, progress, round, timed } from './measure.js';
import { buildImportCsv, measureImport, measurePurchaseReceipts } from './catalogue-writes.js';
import { measureServerMemory } from './server-memory.js';
import { withScratchPostgres } from './scratch-postgres.js';

// `npm run bench -- catalogue`: builds a catalogue of 100,000 pieces with 1,000,000 ledger
// rows on SQLite (and on PostgreSQL when BENCH_DATABASE_URL or TEST_DATABASE_URL names a
// server), then times the everyday reads and writes through the real services.

const DEFAULT_SIZE: CatalogueSize = { items: 100_000, movements: 1_000_000, writeOffs: 3_000 };
const SEARCH_SAMPLES = 240;
const STOCK_SAMPLES = 200;
const RECEIPT_LINES = 100;
/** Receipts timed; the median is reported, because the first pays for cold caches. */
const RECEIPT_RUNS = 5;
const IMPORT_ROWS = 10_000;

export interface CatalogueFigures {
  generate_s: number;
  search_p50_ms: number;
  search_p95_ms: number;
  /** Search p95 for staff limited to one store who may not see other locations' stock. */
  scoped_search_p95_ms: number;
  stock_p95_ms: number;
  stock_location_p95_ms: number;
  stock_item_p95_ms: number;
  receipt_100_ms: number;
  import_10k_s: number;
  rss_mb: number;
  rss_start_mb: number;
}

/** Free-text queries as staff type them: stones, metals, designs, brands, half and full width. */
const TEXT_QUERIES = [
  'ダイヤ',
  'ダイヤモンド リング',
  'pt900',
  'K18 ネックレス',
  'ルビー',
  'サファイア ペンダント',
  'エタニティ',
  'tasaki',
  'mikimoto 真珠',
  '真珠',
  'ヒスイ',
  'ハート ピアス',
  '0.5',
  '一点物',
  'cartier',
  'パヴェ',
  'テニス ブレスレット',
  'ｋ１８ｗｇ',
  'アコヤ',
  'ソリティア 1.0',
] as const;

/** Builds the i-th search request: two thirds free text, the rest filters as the list screen sends them. */
export function searchRequest(i: number, random: () => number, catalogue: GeneratedCatalogue, size: CatalogueSize): ItemSearchRequest {
  const text = TEXT_QUERIES[i % TEXT_QUERIES.length]!;
  switch (i % 12) {
    case 8:
      return { category: 'ring', metal: pick(random, ['PT900', 'K18', 'PT950']) };
    case 9:
      return { stockNumberPrefix: `${between(random, 23, 26)}${String(between(random, 1, 12)).padStart(2, '0')}-` };
    case 10:
      return { retailPriceMin: 100_000, retailPriceMax: 300_000, category: 'necklace', sort: 'retailPrice', order: 'desc' };
    case 11:
      return { locationId: pick(random, catalogue.stockLocationIds), q: pick(random, ['ダイヤ', 'リング', 'K18']) };
    default:
      if (i % 24 === 7) return { stockNumber: `2${between(random, 3, 6)}${String(between(random, 1, 12)).padStart(2, '0')}-${String(between(random, 1, size.items)).padStart(6, '0')}` };
      return { q: text, status: random() < 0.5 ? 'in_stock' : undefined };
  }
}

interface Sample {
  ms: number;
  request: ItemSearchRequest;
}

/** Lists the slowest samples with their requests, so that a slow figure points at its queries. */
function slowest(samples: Sample[], count: number): string {
  return [...samples]
    .sort((a, b) => b.ms - a.ms)
    .slice(0, count)
    .map((sample) => `${round(sample.ms)} ms ${JSON.stringify(sample.request)}`)
    .join('\n  ');
}

/**
 * Times the search requests for a user with `scope`. UNRESTRICTED_SCOPE is the owner; a scope
 * limited to one store that may not see other stock adds the item visibility condition.
 */
async function measureSearch(
  handle: DatabaseHandle,
  catalogue: GeneratedCatalogue,
  size: CatalogueSize,
  scope: LocationScope,
): Promise<Sample[]> {
  const random = seededRandom(7);
  // Warm the caches as a running server would have them.
  for (let i = 0; i < 12; i += 1) await searchItems(handle.db, searchRequest(i, random, catalogue, size), scope);

  const samples: Sample[] = [];
  for (let i = 0; i < SEARCH_SAMPLES; i += 1) {
    const request = searchRequest(i, random, catalogue, size);
    samples.push({ ms: (await timed(() => searchItems(handle.db, request, scope))).ms, request });
  }
  return samples;
}

/**
 * Stock lookups: the items on hand at a location (the search with a location filter that the
 * stock screen uses) and the balances of one item per location (balancesOf).
 */
async function measureStock(handle: DatabaseHandle, catalogue: GeneratedCatalogue, size: CatalogueSize) {
  const random = seededRandom(11);
  const byLocation: number[] = [];
  const byItem: number[] = [];
  for (let i = 0; i < STOCK_SAMPLES / 2; i += 1) {
    const request: ItemSearchRequest = { locationId: pick(random, catalogue.stockLocationIds), page: between(random, 1, 20) };
    byLocation.push((await timed(() => searchItems(handle.db, request, UNRESTRICTED_SCOPE))).ms);
    const itemId = between(random, 1, size.items);
    byItem.push((await timed(() => balancesOf(handle.db, itemId))).ms);
  }
  return { byLocation, byItem };
}

interface BenchTarget {
  kind: 'sqlite' | 'postgres';
  handle: DatabaseHandle;
  writer: BulkWriter;
  /** Environment for a server process on the same data. */
  serverEnv: NodeJS.ProcessEnv;
}

async function benchOn(target: BenchTarget, size: CatalogueSize): Promise<CatalogueFigures> {
  const { handle } = target;
  await migrateToLatest(handle.db);

  progress(`${target.kind}: generating ${size.items} items and ${size.movements} ledger rows`);
  const generation = await timed(() => generateCatalogue(handle, target.writer, size));
  await target.writer.close();
  const catalogue = generation.result;
  progress(`${target.kind}: generated in ${round(generation.ms / 1000)} s`);

  progress(`${target.kind}: item search, ${SEARCH_SAMPLES} samples`);
  const searchSamples = await measureSearch(handle, catalogue, size, UNRESTRICTED_SCOPE);
  const search = searchSamples.map((sample) => sample.ms);
  progress(`${target.kind}: search p50 ${round(percentile(search, 50))} ms, p95 ${round(percentile(search, 95))} ms, slowest:\n  ${slowest(searchSamples, 8)}`);
  const storeScope: LocationScope = { all: false, locationIds: [catalogue.stockLocationIds[0]!], seesOtherLocations: false };
  const scopedSamples = await measureSearch(handle, catalogue, size, storeScope);
  const scopedSearch = scopedSamples.map((sample) => sample.ms);
  progress(`${target.kind}: search by one store's staff p95 ${round(percentile(scopedSearch, 95))} ms, slowest:\n  ${slowest(scopedSamples, 5)}`);
  progress(`${target.kind}: stock lookups, ${STOCK_SAMPLES} samples`);
  const stock = await measureStock(handle, catalogue, size);
  progress(`${target.kind}: stock p95 by location ${round(percentile(stock.byLocation, 95))} ms, by item ${round(percentile(stock.byItem, 95))} ms`);

  progress(`${target.kind}: ${RECEIPT_RUNS} purchase receipts of ${RECEIPT_LINES} lines`);
  const receipts = await measurePurchaseReceipts(handle, catalogue, RECEIPT_LINES, RECEIPT_RUNS);
  progress(`${target.kind}: receipts ${receipts.map((ms) => round(ms)).join(', ')} ms`);
  progress(`${target.kind}: CSV import of ${IMPORT_ROWS} rows`);
  const importMs = await measureImport(handle, catalogue, buildImportCsv(catalogue, catalogue.stockLocationCodes, IMPORT_ROWS), IMPORT_ROWS);
  progress(`${target.kind}: import ${round(importMs / 1000)} s`);

  progress(`${target.kind}: server memory under HTTP searches`);
  const memory = await measureServerMemory(target.serverEnv, catalogue, (i, random) => searchRequest(i, random, catalogue, size));
  progress(`${target.kind}: server RSS ${memory.startMb} MiB at start, peak ${memory.rssMb} MiB`);

  return {
    generate_s: round(generation.ms / 1000),
    search_p50_ms: round(percentile(search, 50)),
    search_p95_ms: round(percentile(search, 95)),
    scoped_search_p95_ms: round(percentile(scopedSearch, 95)),
    stock_p95_ms: round(percentile([...stock.byLocation, ...stock.byItem], 95)),
    stock_location_p95_ms: round(percentile(stock.byLocation, 95)),
    stock_item_p95_ms: round(percentile(stock.byItem, 95)),
    receipt_100_ms: round(percentile(receipts, 50)),
    import_10k_s: round(importMs / 1000),
    rss_mb: memory.rssMb,
    rss_start_mb: memory.startMb,
  };
}

async function benchSqlite(size: CatalogueSize): Promise<CatalogueFigures> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'tsunagu-bench-'));
  const handle = openDatabase({ dataDir });
  try {
    return await benchOn(
      { kind: 'sqlite', handle, writer: sqliteBulkWriter(handle.sqliteFile!), serverEnv: { DATA_DIR: dataDir } },
      size,
    );
  } finally {
    await handle.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function benchPostgres(size: CatalogueSize, adminUrl: string): Promise<CatalogueFigures> {
  return withScratchPostgres(adminUrl, 'tsunagu_bench', async (url) => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'tsunagu-bench-pg-'));
    const handle = openDatabase({ databaseUrl: url });
    try {
      return await benchOn({ kind: 'postgres', handle, writer: await postgresBulkWriter(url), serverEnv: { DATA_DIR: dataDir, DATABASE_URL: url } }, size);
    } finally {
      await handle.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
}

export async function runCatalogueBench(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      items: { type: 'string' },
      movements: { type: 'string' },
      'sqlite-only': { type: 'boolean' },
    },
    strict: true,
  });
  const items = values.items ? Number(values.items) : DEFAULT_SIZE.items;
  const movements = values.movements ? Number(values.movements) : DEFAULT_SIZE.movements;
  const size: CatalogueSize = { items, movements, writeOffs: Math.round((items * DEFAULT_SIZE.writeOffs) / DEFAULT_SIZE.items / 2) * 2 };

  const started = Date.now();
  const sqlite = await benchSqlite(size);
  const postgresUrl = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL;
  const postgres = postgresUrl && !values['sqlite-only'] ? await benchPostgres(size, postgresUrl) : null;
  progress(`finished in ${round((Date.now() - started) / 1000)} s`);

  process.stdout.write(`sqlite:   ${JSON.stringify(sqlite)}\n`);
  if (postgres) process.stdout.write(`postgres: ${JSON.stringify(postgres)}\n`);
  process.stdout.write(JSON.stringify({ bench: 'catalogue', items, movements, ...sqlite, postgres }) + '\n');
}
