import { sql } from 'kysely';
import type { Executor, Tx } from '../../db/database.js';
import { nowIso } from '../../db/database.js';
import type { Item } from '../../db/schema.js';
import { businessDate } from '../../shared/time.js';
import { isDomainError } from '../../shared/errors.js';
import { assertCanActAt, canActAt, canSeeStockAt, scopedLocationIds, type LocationScope } from '../access/scope.js';
import { findItemByStockNumber, normalizeItemCode } from '../items/service.js';
import { nextDocumentNumber } from '../sequences/service.js';
import { fetchPage, requireStockLocation, type StockContext } from '../stock-lines/service.js';
import { stocktakeErrors } from './errors.js';
import type {
  ScanInput,
  ScanResult,
  StocktakeListQuery,
  StocktakeOutput,
  StocktakeStartInput,
  VarianceReport,
} from './schemas.js';
import { buildReport, compareCount, type CountScope } from './variances.js';

export const STOCKTAKE_DOCUMENT = 'stocktake';

export type StocktakeRow = Awaited<ReturnType<ReturnType<typeof headerQuery>['executeTakeFirstOrThrow']>>;

function headerQuery(db: Executor) {
  return db
    .selectFrom('stocktakes')
    .innerJoin('locations', 'locations.id', 'stocktakes.location_id')
    .selectAll('stocktakes')
    .select('locations.name as location_name');
}

/** Highest stock_movements.id now; movements with a larger id happen after this moment. */
// NOTE: on PostgreSQL a transaction that took a smaller id but commits later counts as earlier
// than this mark. The window is as long as one stock transaction.
async function movementMark(db: Executor): Promise<number> {
  const row = await db.selectFrom('stock_movements').select(sql<number>`coalesce(max(id), 0)`.as('mark')).executeTakeFirstOrThrow();
  return Number(row.mark);
}

function openKey(locationId: number, category: string | null): string {
  return `${locationId}:${category ?? '*'}`;
}

export function countScope(row: StocktakeRow): CountScope {
  return { id: row.id, locationId: row.location_id, category: row.category, startMovementId: Number(row.start_movement_id) };
}

/** Loads a count the user may act on, or throws stocktake_not_found (also for other locations). */
export async function requireStocktake(db: Executor, id: number, scope: LocationScope): Promise<StocktakeRow> {
  const row = await headerQuery(db).where('stocktakes.id', '=', id).executeTakeFirst();
  if (!row || !canActAt(scope, row.location_id)) throw stocktakeErrors.stocktake_not_found({ id });
  return row;
}

function assertCounting(row: StocktakeRow): void {
  if (row.status !== 'counting') throw stocktakeErrors.stocktake_not_counting({ number: row.number, status: row.status });
}

/**
 * Starts a count: records the book stock of the location (of one category, when given) in
 * the snapshot, with the movement mark that separates earlier movements from those during
 * the count. A second open count of the same location and category gets
 * stocktake_already_open, enforced by the unique open_key.
 */
export async function startStocktake(trx: Tx, input: StocktakeStartInput, ctx: StockContext): Promise<StocktakeOutput> {
  const location = await requireStockLocation(trx, input.locationId);
  assertCanActAt(ctx.scope, location, 'locationId');
  const category = input.category ?? null;
  const key = openKey(location.id, category);

  const open = await trx.selectFrom('stocktakes').select('number').where('open_key', '=', key).executeTakeFirst();
  if (open) throw stocktakeErrors.stocktake_already_open({ number: open.number, location: location.name });

  const header = await trx
    .insertInto('stocktakes')
    .values({
      number: await nextDocumentNumber(trx, 'ST', businessDate()),
      location_id: location.id,
      category,
      status: 'counting',
      open_key: key,
      start_movement_id: await movementMark(trx),
      note: input.note ?? null,
      started_by: ctx.userId,
      started_at: nowIso(),
      closed_by: null,
      closed_at: null,
      write_off_id: null,
      summary_json: null,
    })
    .onConflict((oc) => oc.column('open_key').doNothing())
    .returning('id')
    .executeTakeFirst();
  // A concurrent start of the same scope won the unique key between the check and the insert.
  if (!header) throw stocktakeErrors.stocktake_already_open({ number: '', location: location.name });

  // Book stock now, copied in one statement so it matches the movement mark taken above.
  let balances = trx
    .selectFrom('stock_balances')
    .innerJoin('items', 'items.id', 'stock_balances.item_id')
    .select([sql<number>`${header.id}`.as('stocktake_id'), 'stock_balances.item_id', 'stock_balances.quantity'])
    .where('stock_balances.location_id', '=', location.id)
    .where('stock_balances.quantity', '>', 0);
  if (category !== null) balances = balances.where('items.category', '=', category);
  await trx.insertInto('stocktake_snapshot_lines').columns(['stocktake_id', 'item_id', 'quantity']).expression(balances).execute();

  return getStocktake(trx, header.id, ctx.scope);
}

/** Shapes a count for the API; a counting one gets its live summary, a closed one the frozen one. */
async function toOutput(db: Executor, row: StocktakeRow, scope: LocationScope): Promise<StocktakeOutput> {
  const bookLines = await db
    .selectFrom('stocktake_snapshot_lines')
    .select((eb) => eb.fn.countAll<number>().as('lines'))
    .where('stocktake_id', '=', row.id)
    .executeTakeFirstOrThrow();
  return {
    id: row.id,
    number: row.number,
    locationId: row.location_id,
    locationName: row.location_name,
    category: row.category,
    status: row.status,
    note: row.note,
    startedBy: row.started_by,
    startedAt: row.started_at,
    closedBy: row.closed_by,
    closedAt: row.closed_at,
    writeOffId: row.write_off_id,
    bookLines: Number(bookLines.lines),
    summary: (await reportOf(db, row, scope)).summary,
  };
}

async function reportOf(db: Executor, row: StocktakeRow, scope: LocationScope): Promise<VarianceReport> {
  // NOTE: the frozen report names only the locations that the user who closed the count could
  // see, and every later reader gets those names.
  if (row.summary_json !== null) {
    const frozen = JSON.parse(row.summary_json) as VarianceReport;
    // Counts frozen before notMoved existed have none recorded.
    return { ...frozen, notMoved: frozen.notMoved ?? [] };
  }
  return buildReport(await compareCount(db, countScope(row)), row.location_id, scope);
}

export async function getStocktake(db: Executor, id: number, scope: LocationScope): Promise<StocktakeOutput> {
  return toOutput(db, await requireStocktake(db, id, scope), scope);
}

/**
 * Returns the variance report: live while counting, and as it was at posting or
 * cancelling afterwards, because later movements would otherwise change it.
 */
export async function getVarianceReport(db: Executor, id: number, scope: LocationScope): Promise<VarianceReport> {
  return reportOf(db, await requireStocktake(db, id, scope), scope);
}

/** Lists counts newest first, with their variance summaries. */
export async function listStocktakes(db: Executor, query: StocktakeListQuery, scope: LocationScope) {
  let filtered = headerQuery(db);
  if (!scope.all) filtered = filtered.where('stocktakes.location_id', 'in', scopedLocationIds(scope));
  if (query.locationId) filtered = filtered.where('stocktakes.location_id', '=', query.locationId);
  if (query.status) filtered = filtered.where('stocktakes.status', '=', query.status);

  const { rows, ...page } = await fetchPage(filtered.orderBy('stocktakes.started_at', 'desc').orderBy('stocktakes.id', 'desc'), query);
  const stocktakes: StocktakeOutput[] = [];
  for (const row of rows) stocktakes.push(await toOutput(db, row, scope));
  return { stocktakes, ...page };
}

async function lookUpCode(db: Executor, code: string): Promise<Item | null> {
  try {
    return await findItemByStockNumber(db, code);
  } catch (error) {
    // A JAN code that several items share identifies none of them: it is listed as unknown.
    if (isDomainError(error) && error.code === 'item_code_ambiguous') return null;
    throw error;
  }
}

/**
 * Records scans from one or several devices. A scan repeating a (device, sequence) pair
 * already recorded is not stored again, and its result is returned with `resent`. Each
 * result gives how the scan counts now: counted, duplicate (the piece was scanned before),
 * misplaced (the book has it at another location), unexpected (on the books nowhere) or
 * unknown (no item has that code).
 */
export async function recordScans(trx: Tx, id: number, scans: readonly ScanInput[], ctx: StockContext): Promise<ScanResult[]> {
  const stocktake = await requireStocktake(trx, id, ctx.scope);
  assertCounting(stocktake);

  const results: ScanResult[] = [];
  for (const scan of scans) {
    const item = await lookUpCode(trx, scan.code);
    const inserted = await trx
      .insertInto('stocktake_scans')
      .values({
        stocktake_id: id,
        device_id: scan.deviceId,
        client_sequence: scan.clientSequence,
        // Folded as the lookup folds it, so an unknown tag typed in full width or read in half
        // width is listed as one unknown code.
        code: normalizeItemCode(scan.code),
        item_id: item?.id ?? null,
        // A unique piece is one piece, whatever quantity the device sent.
        quantity: item?.tracking === 'quantity' ? scan.quantity : 1,
        movement_mark: await movementMark(trx),
        scanned_by: ctx.userId,
        scanned_at: nowIso(),
        voided_at: null,
      })
      .onConflict((oc) => oc.columns(['stocktake_id', 'device_id', 'client_sequence']).doNothing())
      .returning('id')
      .executeTakeFirst();

    const stored = await trx
      .selectFrom('stocktake_scans')
      .select(['id', 'code', 'item_id'])
      .where('stocktake_id', '=', id)
      .where('device_id', '=', scan.deviceId)
      .where('client_sequence', '=', scan.clientSequence)
      .executeTakeFirstOrThrow();
    const storedItem = stored.item_id === (item?.id ?? null) ? item : await trx.selectFrom('items').selectAll().where('id', '=', stored.item_id!).executeTakeFirst() ?? null;
    results.push({ ...(await describeScan(trx, stocktake, stored, storedItem, ctx.scope)), deviceId: scan.deviceId, clientSequence: scan.clientSequence, resent: !inserted });
  }
  return results;
}

async function describeScan(
  db: Executor,
  stocktake: StocktakeRow,
  scan: { id: number; code: string },
  item: Item | null,
  scope: LocationScope,
): Promise<Omit<ScanResult, 'deviceId' | 'clientSequence' | 'resent'>> {
  const base = { code: scan.code, itemId: item?.id ?? null, stockNumber: item?.stock_number ?? null, itemName: item?.name ?? null, bookLocationName: null };
  if (!item) return { ...base, outcome: 'unknown' };
  if (item.tracking !== 'unique') return { ...base, outcome: 'counted' };

  const earlier = await db
    .selectFrom('stocktake_scans')
    .select('id')
    .where('stocktake_id', '=', stocktake.id)
    .where('item_id', '=', item.id)
    .where('voided_at', 'is', null)
    .where('id', '<', scan.id)
    .executeTakeFirst();
  if (earlier) return { ...base, outcome: 'duplicate' };

  const holder = await db
    .selectFrom('stock_balances')
    .innerJoin('locations', 'locations.id', 'stock_balances.location_id')
    .select(['locations.id', 'locations.name'])
    .where('stock_balances.item_id', '=', item.id)
    .where('stock_balances.quantity', '>', 0)
    .executeTakeFirst();
  if (!holder) return { ...base, outcome: 'unexpected' };
  if (holder.id === stocktake.location_id) return { ...base, outcome: 'counted' };
  return { ...base, outcome: 'misplaced', bookLocationName: canSeeStockAt(scope, holder.id) ? holder.name : null };
}

/** Discards the active scans of the given items so they can be scanned again; returns how many. */
export async function recountItems(trx: Tx, id: number, itemIds: readonly number[], scope: LocationScope): Promise<number> {
  const stocktake = await requireStocktake(trx, id, scope);
  assertCounting(stocktake);

  const result = await trx
    .updateTable('stocktake_scans')
    .set({ voided_at: nowIso() })
    .where('stocktake_id', '=', id)
    .where('item_id', 'in', [...itemIds])
    .where('voided_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/**
 * Closes an open count with a conditional update, so of two concurrent closes only one
 * succeeds; the other gets stocktake_not_counting. The report is frozen with it.
 */
export async function closeStocktake(
  trx: Tx,
  row: StocktakeRow,
  status: 'posted' | 'cancelled',
  report: VarianceReport,
  ctx: StockContext,
  writeOffId: number | null = null,
): Promise<void> {
  const result = await trx
    .updateTable('stocktakes')
    .set({ status, open_key: null, closed_by: ctx.userId, closed_at: nowIso(), write_off_id: writeOffId, summary_json: JSON.stringify(report) })
    .where('id', '=', row.id)
    .where('status', '=', 'counting')
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) {
    const current = await trx.selectFrom('stocktakes').select('status').where('id', '=', row.id).executeTakeFirstOrThrow();
    throw stocktakeErrors.stocktake_not_counting({ number: row.number, status: current.status });
  }
}

/** Cancels an open count; nothing changes in stock. */
export async function cancelStocktake(trx: Tx, id: number, ctx: StockContext): Promise<StocktakeOutput> {
  const row = await requireStocktake(trx, id, ctx.scope);
  assertCounting(row);
  await closeStocktake(trx, row, 'cancelled', buildReport(await compareCount(trx, countScope(row)), row.location_id, ctx.scope), ctx);
  return getStocktake(trx, id, ctx.scope);
}

