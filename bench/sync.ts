import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { openDatabase, type DatabaseHandle } from '../src/db/database.js';
import { UNRESTRICTED_SCOPE } from '../src/modules/access/scope.js';
import { ChannelHub } from '../src/modules/channels/sync/hub.js';
import { saleInput } from '../src/modules/sales/schemas.js';
import { completeSale, quoteSale } from '../src/modules/sales/service.js';
import { seededRandom } from './catalogue-data.js';
import { percentile, progress, round } from './measure.js';
import { withScratchPostgres } from './scratch-postgres.js';
import { buildSyncWorld, CHANNELS, type CallCounts, type ChannelName, type Piece, type SyncWorld } from './sync-setup.js';

// `npm run bench -- sync`: concurrent selling (併売) under load. 10,000 pieces in one store,
// each listed live on Rakuten, Yahoo and the own site (the mocks, at their default rate
// limits). For each rate, a stream of sales of pieces not yet sold: half counter sales
// (completeSale), half shopper orders placed on a random mock and imported by polling, 1 %
// of those placed on two mocks at the same instant. Measures the time from a sale's commit
// to the moment the last other channel acknowledged the withdrawal, oversells, and the
// channels' stock calls per sale. Each rate runs on a fresh database and fresh mocks, so
// one rate's backlog does not slow the next.

const DEFAULT_PIECES = 10_000;
const DEFAULT_RATES = [10, 50, 200];
/** Seconds of load per rate, in the order of DEFAULT_RATES. */
const DEFAULT_SECONDS = [30, 20, 10];
const DEFAULT_POLL_MS = 1_000;
const DEFAULT_IDLE_MS = 20;
const DEFAULT_DRAIN_TIMEOUT_S = 300;
/** Share of sales made at the counter by default (`--counter-share`). The rest are channel orders. */
const DEFAULT_COUNTER_SHARE = 0.5;
/** Share of channel orders placed on two channels at once (a collision that must be flagged). */
const SIMULTANEOUS_SHARE = 0.01;
/**
 * Share of counter sales after which a shopper tries to buy the same piece on another
 * channel 0 to LATE_SHOPPER_MAX_DELAY_MS later. The channel rejects the order when the
 * withdrawal arrived in time, and an order it accepts must come out flagged.
 */
const LATE_SHOPPER_SHARE = 0.1;
const LATE_SHOPPER_MAX_DELAY_MS = 1_500;
const DRAIN_CHECK_MS = 500;
/** Wait after the polling stopped for the runners to finish the last imported orders' events. */
const DRAIN_SETTLE_MS = 60_000;

const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

interface Options {
  pieces: number;
  rates: number[];
  seconds: number[];
  pollMs: number;
  idleMs: number;
  drainTimeoutS: number;
  counterShare: number;
}

/** A shopper order a mock accepted. */
interface PlacedOrder {
  channel: ChannelName;
  orderNumber: string;
  itemId: number;
  placedAt: number;
  kind: 'single' | 'simultaneous' | 'late';
}

interface RunLog {
  counterSales: Array<{ itemId: number; committedAt: number }>;
  counterFailures: string[];
  orders: PlacedOrder[];
  orderFailures: string[];
  /** Late shopper attempts that the channel rejected because the piece was gone. */
  lateRejected: number;
  simultaneousPairs: number;
}

export interface RateFigures {
  sales: number;
  counter_sales: number;
  channel_orders: number;
  /** Sales committed in tsunagu whose acknowledgements were all measured (the p50 to max samples). */
  measured: number;
  p50_ms: number | null;
  p95_ms: number | null;
  p99_ms: number | null;
  max_ms: number | null;
  /** Sales whose withdrawal some other channel never acknowledged before the drain ended. */
  unacknowledged: number;
  oversold: number;
  flagged: number;
  calls_per_sale: number;
}

interface RateDetails extends RateFigures {
  rate: number;
  seconds: number;
  setup_s: number;
  /** Time from the first sale's start to the last sale's end; above `seconds` when the sales fell behind the rate. */
  load_s: number;
  drain_s: number;
  drained: boolean;
  /** Pieces ordered on two channels at the same instant; each pair should give one flagged order once both are imported. */
  simultaneous_pairs: number;
  /** Per channel: p50 and p99 of its own acknowledgement after a sale elsewhere. */
  ack_by_channel: Record<string, { p50_ms: number | null; p99_ms: number | null; max_ms: number | null }>;
  /** Shopper order placed on a mock → imported into tsunagu. */
  import_lag: Record<string, { p50_ms: number | null; p95_ms: number | null; max_ms: number | null; orders: number }>;
  not_imported: number;
  late_shoppers: { attempts: number; rejected: number; accepted: number; flagged: number };
  flagged_other: number;
  failures: { counter: number; orders: number };
  calls: Record<string, CallCounts>;
  polls: Record<string, { count: number; mean_ms: number; max_ms: number; failed: number; errors: Record<string, number> }>;
  /** Outbox events: created → processed, for the availability runner and each lane. */
  event_lag: Record<string, { p50_ms: number | null; p99_ms: number | null; events: number }>;
  paused_accounts: string[];
}

function parseList(value: string | undefined, fallback: number[], name: string): number[] {
  if (value === undefined) return fallback;
  const list = value.split(',').map((part) => Number(part.trim()));
  if (list.length === 0 || list.some((number) => !Number.isFinite(number) || number <= 0)) throw new Error(`${name} must be a comma-separated list of positive numbers, got "${value}"`);
  return list;
}

function positive(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0) throw new Error(`${name} must be a positive number, got "${value}"`);
  return number;
}

const ms = (iso: string | null): number | null => (iso === null ? null : Date.parse(iso));

function stats(samples: number[]): { p50_ms: number | null; p95_ms: number | null; p99_ms: number | null; max_ms: number | null } {
  if (samples.length === 0) return { p50_ms: null, p95_ms: null, p99_ms: null, max_ms: null };
  return {
    p50_ms: round(percentile(samples, 50)),
    p95_ms: round(percentile(samples, 95)),
    p99_ms: round(percentile(samples, 99)),
    max_ms: round(Math.max(...samples)),
  };
}

/** Places a shopper order on a mock through its operator endpoint. Returns the order number, or the status and body of the mock's rejection. */
async function placeShopperOrder(world: SyncWorld, channel: ChannelName, piece: Piece, force: boolean): Promise<{ orderNumber: string } | { rejected: number; body: string }> {
  const { url, body } =
    channel === 'rakuten'
      ? { url: world.rakuten.url, body: { lines: [{ manageNumber: piece.code, variantId: 'normal-inventory' }], force } }
      : channel === 'yahoo'
        ? { url: world.yahoo.url(), body: { lines: [{ itemCode: piece.code }], force } }
        : { url: world.ownSite.url, body: { lines: [{ sku: piece.code }], force } };
  const response = await fetch(`${url}/__mock/orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const text = await response.text();
  if (response.status !== 201) return { rejected: response.status, body: text };
  const json = JSON.parse(text) as { orderNumber?: string; orderId?: string };
  const orderNumber = json.orderNumber ?? json.orderId;
  if (orderNumber === undefined) throw new Error(`${channel} mock accepted an order without a number: ${text}`);
  return { orderNumber };
}

/** Drives the load of one rate: sale i starts at i / rate seconds, whether or not earlier sales have finished. */
async function runLoad(world: SyncWorld, handle: DatabaseHandle, rate: number, seconds: number, counterShare: number, log: RunLog): Promise<void> {
  const random = seededRandom(1_000 + rate);
  const ctx = { userId: world.userId, scope: UNRESTRICTED_SCOPE };
  const total = Math.round(rate * seconds);
  const queue = [...world.pieces];
  const draw = (): Piece => {
    const index = Math.floor(random() * queue.length);
    const [piece] = queue.splice(index, 1);
    if (!piece) throw new Error('no unsold pieces left: raise --pieces or lower --rates or --seconds');
    return piece;
  };
  const otherChannel = (except: ChannelName): ChannelName => {
    const others = CHANNELS.filter((channel) => channel !== except);
    return others[Math.floor(random() * others.length)]!;
  };

  const counterSale = async (piece: Piece, lateShopper: { channel: ChannelName; delayMs: number } | null): Promise<void> => {
    try {
      const quote = await quoteSale(handle.db, { registerId: world.registerId, lines: [{ itemId: piece.itemId, quantity: 1 }], reductions: [] }, ctx);
      const input = saleInput.parse({ registerId: world.registerId, lines: [{ itemId: piece.itemId }], payments: [{ method: 'cash', amount: quote.total }] });
      await handle.db.transaction().execute((trx) => completeSale(trx, input, ctx));
      log.counterSales.push({ itemId: piece.itemId, committedAt: Date.now() });
    } catch (error) {
      log.counterFailures.push(error instanceof Error ? error.message : String(error));
      return;
    }
    if (!lateShopper) return;

    await sleep(lateShopper.delayMs);
    const placedAt = Date.now();
    const outcome = await placeShopperOrder(world, lateShopper.channel, piece, false);
    if ('orderNumber' in outcome) log.orders.push({ channel: lateShopper.channel, orderNumber: outcome.orderNumber, itemId: piece.itemId, placedAt, kind: 'late' });
    else log.lateRejected += 1;
  };

  const channelOrder = async (piece: Piece, channels: ChannelName[]): Promise<void> => {
    const kind = channels.length > 1 ? 'simultaneous' : 'single';
    const placedAt = Date.now();
    const outcomes = await Promise.all(channels.map((channel) => placeShopperOrder(world, channel, piece, kind === 'simultaneous')));
    outcomes.forEach((outcome, index) => {
      if ('orderNumber' in outcome) log.orders.push({ channel: channels[index]!, orderNumber: outcome.orderNumber, itemId: piece.itemId, placedAt, kind });
      else log.orderFailures.push(`${channels[index]} rejected a shopper order for ${piece.code}: ${outcome.rejected} ${outcome.body.slice(0, 200)}`);
    });
  };

  const started = performance.now();
  const inFlight: Array<Promise<void>> = [];
  for (let index = 0; index < total; index += 1) {
    const due = started + (index * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);

    const piece = draw();
    if (random() < counterShare) {
      const late = random() < LATE_SHOPPER_SHARE ? { channel: CHANNELS[Math.floor(random() * CHANNELS.length)]!, delayMs: random() * LATE_SHOPPER_MAX_DELAY_MS } : null;
      inFlight.push(counterSale(piece, late));
      continue;
    }
    const first = CHANNELS[Math.floor(random() * CHANNELS.length)]!;
    if (random() < SIMULTANEOUS_SHARE) {
      log.simultaneousPairs += 1;
      inFlight.push(channelOrder(piece, [first, otherChannel(first)]));
    } else {
      inFlight.push(channelOrder(piece, [first]));
    }
  }
  await Promise.all(inFlight);
}

/** Polls each account's orders every `pollMs` (from the start of one poll to the next) until stopped. */
function startPolling(hub: ChannelHub, world: SyncWorld, pollMs: number) {
  let running = true;
  const polls = Object.fromEntries(CHANNELS.map((channel) => [channel, { count: 0, totalMs: 0, maxMs: 0, failed: 0, errors: new Map<string, number>() }]));
  const loops = CHANNELS.map(async (channel) => {
    const entry = polls[channel]!;
    while (running) {
      const started = performance.now();
      try {
        await hub.pollAccount(world.accounts[channel]);
      } catch (error) {
        entry.failed += 1;
        const message = (error instanceof Error ? error.message : String(error)).slice(0, 200);
        entry.errors.set(message, (entry.errors.get(message) ?? 0) + 1);
      }
      const elapsed = performance.now() - started;
      entry.count += 1;
      entry.totalMs += elapsed;
      entry.maxMs = Math.max(entry.maxMs, elapsed);
      if (running && elapsed < pollMs) await sleep(pollMs - elapsed);
    }
  });
  return {
    polls,
    async stop() {
      running = false;
      await Promise.all(loops);
    },
  };
}

/** Counts outbox events not yet processed. */
async function pendingEvents(handle: DatabaseHandle): Promise<number> {
  const pending = await handle.db.selectFrom('outbox_events').select((eb) => eb.fn.countAll<number>().as('count')).where('processed_at', 'is', null).executeTakeFirstOrThrow();
  return Number(pending.count);
}

/**
 * Waits until every accepted shopper order is imported and every outbox event processed, or
 * the timeout passes. Then stops the polling and lets the runners finish the events of
 * orders that the last polls imported, for up to DRAIN_SETTLE_MS.
 */
async function drain(handle: DatabaseHandle, log: RunLog, polling: { stop(): Promise<void> }, timeoutS: number): Promise<{ drainS: number; drained: boolean }> {
  const started = performance.now();
  let drained = false;
  for (;;) {
    const orders = await handle.db.selectFrom('channel_orders').select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
    const pending = await pendingEvents(handle);
    const elapsedS = (performance.now() - started) / 1000;
    if (Number(orders.count) >= log.orders.length && pending === 0) {
      drained = true;
      break;
    }
    if (elapsedS > timeoutS) {
      progress(`drain timed out after ${Math.round(elapsedS)} s: ${Number(orders.count)} of ${log.orders.length} orders imported, ${pending} outbox events pending`);
      break;
    }
    await sleep(DRAIN_CHECK_MS);
  }

  // A poll in progress ends only when it has read its whole window, which takes minutes on a slow channel.
  await polling.stop();
  const settleUntil = performance.now() + DRAIN_SETTLE_MS;
  while ((await pendingEvents(handle)) > 0 && performance.now() < settleUntil) await sleep(DRAIN_CHECK_MS);
  return { drainS: (performance.now() - started) / 1000, drained };
}

function chunked<T>(values: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < values.length; start += size) out.push(values.slice(start, start + size));
  return out;
}

/** Reads the outcome of a run from the database and works out the figures. */
async function measure(handle: DatabaseHandle, world: SyncWorld, log: RunLog) {
  const channelOf = new Map(CHANNELS.map((channel) => [world.accounts[channel], channel]));
  const soldItemIds = [...new Set([...log.counterSales.map((sale) => sale.itemId), ...log.orders.map((order) => order.itemId)])];

  const listings: Array<{ item_id: number; channel_account_id: number; state: string; withdrawn_at: string | null }> = [];
  const orderLines: Array<{ item_id: number | null; state: string; channel_account_id: number; order_number: string; flagged: number; flag_code: string | null; imported_at: string }> = [];
  const saleLines: Array<{ item_id: number }> = [];
  for (const ids of chunked(soldItemIds, 500)) {
    listings.push(...(await handle.db.selectFrom('channel_listings').select(['item_id', 'channel_account_id', 'state', 'withdrawn_at']).where('item_id', 'in', ids).execute()));
    saleLines.push(
      ...(await handle.db
        .selectFrom('sale_lines')
        .innerJoin('sales', 'sales.id', 'sale_lines.sale_id')
        .select('sale_lines.item_id')
        .where('sales.kind', '=', 'sale')
        .where('sales.status', '=', 'completed')
        .where('sale_lines.item_id', 'in', ids)
        .execute()),
    );
  }
  orderLines.push(
    ...(await handle.db
      .selectFrom('channel_order_lines')
      .innerJoin('channel_orders', 'channel_orders.id', 'channel_order_lines.order_id')
      .select(['channel_order_lines.item_id', 'channel_order_lines.state', 'channel_orders.channel_account_id', 'channel_orders.order_number', 'channel_orders.flagged', 'channel_orders.flag_code', 'channel_orders.imported_at'])
      .execute()),
  );

  const placed = new Map(log.orders.map((order) => [`${order.channel}:${order.orderNumber}`, order]));
  const imported = new Map(orderLines.map((line) => [`${channelOf.get(line.channel_account_id)}:${line.order_number}`, line]));

  // Oversold: a piece taken twice without a flag (counter sales plus unflagged orders that hold it).
  const takes = new Map<number, number>();
  for (const line of saleLines) takes.set(line.item_id, (takes.get(line.item_id) ?? 0) + 1);
  for (const line of orderLines) {
    if (line.item_id !== null && line.flagged === 0 && line.state !== 'short' && line.state !== 'unmatched') takes.set(line.item_id, (takes.get(line.item_id) ?? 0) + 1);
  }
  const oversold = [...takes.values()].filter((count) => count > 1).length;

  let flagged = 0;
  let flaggedOther = 0;
  const late = { attempts: log.lateRejected + log.orders.filter((order) => order.kind === 'late').length, rejected: log.lateRejected, accepted: 0, flagged: 0 };
  for (const [key, line] of imported) {
    const order = placed.get(key);
    if (order?.kind === 'late') {
      late.accepted += 1;
      if (line.flagged === 1) late.flagged += 1;
    } else if (line.flagged === 1) {
      if (order?.kind === 'simultaneous') flagged += 1;
      else flaggedOther += 1;
    }
  }

  // Commit of each sale: the counter sale's commit, or the import of the order that reserved the piece.
  const commits = new Map<number, { at: number; channel: ChannelName | null }>();
  for (const sale of log.counterSales) commits.set(sale.itemId, { at: sale.committedAt, channel: null });
  for (const line of orderLines) {
    if (line.item_id === null || line.flagged === 1 || line.state === 'short' || line.state === 'unmatched') continue;
    if (commits.has(line.item_id)) continue;
    commits.set(line.item_id, { at: Date.parse(line.imported_at), channel: channelOf.get(line.channel_account_id) ?? null });
  }

  const listingsByItem = new Map<number, typeof listings>();
  for (const listing of listings) listingsByItem.set(listing.item_id, [...(listingsByItem.get(listing.item_id) ?? []), listing]);
  const latencies: number[] = [];
  const byChannel: Record<string, number[]> = Object.fromEntries(CHANNELS.map((channel) => [channel, []]));
  let unacknowledged = 0;
  for (const [itemId, commit] of commits) {
    const others = (listingsByItem.get(itemId) ?? []).filter((listing) => channelOf.get(listing.channel_account_id) !== commit.channel);
    const acks = others.map((listing) => ms(listing.withdrawn_at));
    if (others.length === 0 || acks.some((ack) => ack === null)) {
      unacknowledged += 1;
      continue;
    }
    others.forEach((listing, index) => byChannel[channelOf.get(listing.channel_account_id)!]!.push(acks[index]! - commit.at));
    latencies.push(Math.max(...(acks as number[])) - commit.at);
  }

  const importLag: RateDetails['import_lag'] = {};
  for (const channel of CHANNELS) {
    const lags = log.orders.filter((order) => order.channel === channel).flatMap((order) => {
      const line = imported.get(`${channel}:${order.orderNumber}`);
      return line ? [Date.parse(line.imported_at) - order.placedAt] : [];
    });
    const summary = stats(lags);
    importLag[channel] = { p50_ms: summary.p50_ms, p95_ms: summary.p95_ms, max_ms: summary.max_ms, orders: lags.length };
  }

  const events = await handle.db.selectFrom('outbox_events').select(['topic', 'lane', 'created_at', 'processed_at']).where('processed_at', 'is not', null).execute();
  const eventLag: RateDetails['event_lag'] = {};
  const laneName = (lane: string | null): string => (lane === null ? 'availability' : (channelOf.get(Number(lane.split(':')[1])) ?? lane));
  for (const name of ['availability', ...CHANNELS]) {
    const lags = events.filter((event) => laneName(event.lane) === name).map((event) => Date.parse(event.processed_at!) - Date.parse(event.created_at));
    const summary = stats(lags);
    eventLag[name] = { p50_ms: summary.p50_ms, p99_ms: summary.p99_ms, events: lags.length };
  }

  const paused = await handle.db.selectFrom('channel_accounts').select(['kind', 'status', 'paused_reason']).where('status', '=', 'paused').execute();

  return {
    latencies,
    byChannel,
    unacknowledged,
    oversold,
    flagged,
    flaggedOther,
    late,
    importLag,
    eventLag,
    notImported: log.orders.filter((order) => !imported.has(`${order.channel}:${order.orderNumber}`)).length,
    pausedAccounts: paused.map((account) => `${account.kind}: ${account.paused_reason ?? ''}`),
  };
}

async function runRate(handle: DatabaseHandle, options: Options, rate: number, seconds: number): Promise<RateDetails> {
  const setupStarted = performance.now();
  const world = await buildSyncWorld(handle, options.pieces);
  const setupS = (performance.now() - setupStarted) / 1000;
  progress(`${handle.kind}, ${rate}/s: ${options.pieces} pieces on 3 channels ready in ${setupS.toFixed(1)} s; ${Math.round(rate * seconds)} sales over ${seconds} s`);

  const hub = new ChannelHub({ db: handle.db, keys: world.keys, logger: silent, schedules: false, idleMs: options.idleMs, retryBaseMs: 200, retryMaxMs: 2_000 });
  const log: RunLog = { counterSales: [], counterFailures: [], orders: [], orderFailures: [], lateRejected: 0, simultaneousPairs: 0 };
  let polling: ReturnType<typeof startPolling> | undefined;
  try {
    await hub.start();
    polling = startPolling(hub, world, options.pollMs);
    // Calls made while the hub settles (lease, first poll) are not the sales' calls.
    await sleep(1_000);
    for (const counts of Object.values(world.calls)) Object.assign(counts, { stock: 0, orderReads: 0, confirms: 0, other: 0, rateLimited: 0 });

    const loadStarted = performance.now();
    await runLoad(world, handle, rate, seconds, options.counterShare, log);
    const loadS = (performance.now() - loadStarted) / 1000;
    progress(`${rate}/s: load done (${log.counterSales.length} counter sales, ${log.orders.length} shopper orders accepted); draining`);
    const polls = polling.polls;
    const { drainS, drained } = await drain(handle, log, polling, options.drainTimeoutS);
    polling = undefined;
    await hub.stop();

    for (const failure of [...log.counterFailures, ...log.orderFailures].slice(0, 5)) progress(`failure: ${failure}`);
    const result = await measure(handle, world, log);
    const singleOrders = log.orders.filter((order) => order.kind === 'single').length;
    const sales = log.counterSales.length + singleOrders + log.simultaneousPairs;
    const stockCalls = CHANNELS.reduce((sum, channel) => sum + world.calls[channel].stock, 0);
    return {
      rate,
      seconds,
      setup_s: round(setupS),
      load_s: round(loadS),
      drain_s: round(drainS),
      drained,
      sales,
      counter_sales: log.counterSales.length,
      channel_orders: singleOrders + log.simultaneousPairs,
      simultaneous_pairs: log.simultaneousPairs,
      measured: result.latencies.length,
      ...stats(result.latencies),
      unacknowledged: result.unacknowledged,
      oversold: result.oversold,
      flagged: result.flagged,
      calls_per_sale: round(stockCalls / Math.max(1, sales)),
      ack_by_channel: Object.fromEntries(Object.entries(result.byChannel).map(([channel, samples]) => [channel, (({ p50_ms, p99_ms, max_ms }) => ({ p50_ms, p99_ms, max_ms }))(stats(samples))])),
      import_lag: result.importLag,
      not_imported: result.notImported,
      late_shoppers: result.late,
      flagged_other: result.flaggedOther,
      failures: { counter: log.counterFailures.length, orders: log.orderFailures.length },
      calls: { ...world.calls },
      polls: Object.fromEntries(Object.entries(polls).map(([channel, entry]) => [channel, { count: entry.count, mean_ms: round(entry.totalMs / Math.max(1, entry.count)), max_ms: round(entry.maxMs), failed: entry.failed, errors: Object.fromEntries(entry.errors) }])),
      event_lag: result.eventLag,
      paused_accounts: result.pausedAccounts,
    };
  } finally {
    await polling?.stop();
    await hub.stop();
    await world.close();
  }
}

/** Opens a fresh database for one run, runs `body` on it and removes the database afterwards. */
type FreshDatabase = <T>(body: (handle: DatabaseHandle) => Promise<T>) => Promise<T>;

async function runAllRates(fresh: FreshDatabase, options: Options): Promise<RateDetails[]> {
  const results: RateDetails[] = [];
  for (const [index, rate] of options.rates.entries()) {
    const seconds = options.seconds[index] ?? options.seconds[options.seconds.length - 1]!;
    const details = await fresh(async (handle) => {
      const figures = await runRate(handle, options, rate, seconds);
      process.stdout.write(`${handle.kind} ${rate}/s: ${JSON.stringify(figures)}\n`);
      return figures;
    });
    results.push(details);
  }
  return results;
}

const freshSqlite: FreshDatabase = async (body) => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'tsunagu-sync-'));
  const handle = openDatabase({ dataDir });
  try {
    return await body(handle);
  } finally {
    await handle.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
};

function freshPostgres(adminUrl: string): FreshDatabase {
  return (body) =>
    withScratchPostgres(adminUrl, 'tsunagu_sync', async (url) => {
      const handle = openDatabase({ databaseUrl: url });
      try {
        return await body(handle);
      } finally {
        await handle.close();
      }
    });
}

function summary(results: readonly RateDetails[]) {
  const figures = (details: RateDetails): RateFigures => ({
    sales: details.sales,
    counter_sales: details.counter_sales,
    channel_orders: details.channel_orders,
    measured: details.measured,
    p50_ms: details.p50_ms,
    p95_ms: details.p95_ms,
    p99_ms: details.p99_ms,
    max_ms: details.max_ms,
    unacknowledged: details.unacknowledged,
    oversold: details.oversold,
    flagged: details.flagged,
    calls_per_sale: details.calls_per_sale,
  });
  const headline = results.find((details) => details.rate === 10) ?? results[0]!;
  return { ...figures(headline), by_rate: Object.fromEntries(results.map((details) => [String(details.rate), figures(details)])) };
}

export async function runSyncBench(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      pieces: { type: 'string' },
      rates: { type: 'string' },
      seconds: { type: 'string' },
      'poll-ms': { type: 'string' },
      'idle-ms': { type: 'string' },
      'drain-timeout': { type: 'string' },
      'counter-share': { type: 'string' },
      postgres: { type: 'boolean' },
    },
    strict: true,
  });
  const options: Options = {
    pieces: positive(values.pieces, DEFAULT_PIECES, '--pieces'),
    rates: parseList(values.rates, DEFAULT_RATES, '--rates'),
    seconds: parseList(values.seconds, DEFAULT_SECONDS, '--seconds'),
    pollMs: positive(values['poll-ms'], DEFAULT_POLL_MS, '--poll-ms'),
    idleMs: positive(values['idle-ms'], DEFAULT_IDLE_MS, '--idle-ms'),
    drainTimeoutS: positive(values['drain-timeout'], DEFAULT_DRAIN_TIMEOUT_S, '--drain-timeout'),
    counterShare: values['counter-share'] === undefined ? DEFAULT_COUNTER_SHARE : Number(values['counter-share']),
  };
  if (!(options.counterShare >= 0 && options.counterShare <= 1)) throw new Error(`--counter-share must be a number from 0 to 1, got "${values['counter-share']}"`);

  const postgresUrl = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL;
  if (values.postgres && !postgresUrl) throw new Error('--postgres needs BENCH_DATABASE_URL or TEST_DATABASE_URL naming a server whose user may create databases');

  const started = performance.now();
  const results = await runAllRates(values.postgres ? freshPostgres(postgresUrl!) : freshSqlite, options);

  progress(`whole run took ${Math.round((performance.now() - started) / 1000)} s`);
  process.stdout.write(JSON.stringify({ bench: 'sync', database: values.postgres ? 'postgres' : 'sqlite', pieces: options.pieces, counter_share: options.counterShare, ...summary(results) }) + '\n');
}
