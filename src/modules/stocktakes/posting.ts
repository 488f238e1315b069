import type { Tx } from '../../db/database.js';
import { businessDate } from '../../shared/time.js';
import { recordMovement } from '../ledger/service.js';
import { setItemStatus } from '../items/service.js';
import { transitLocationId } from '../locations/service.js';
import { enqueueAvailabilityChanges, type AvailabilityChange } from '../outbox/service.js';
import type { StockContext } from '../stock-lines/service.js';
import type { WriteOffOutput } from '../write-offs/schemas.js';
import { createWriteOff } from '../write-offs/service.js';
import type { PostInput, VarianceLine, VarianceReport } from './schemas.js';
import { closeStocktake, countScope, requireStocktake, STOCKTAKE_DOCUMENT, type StocktakeRow } from './service.js';
import { buildReport, compareCount, RESTORABLE_STATUSES } from './variances.js';

export interface PostingResult {
  stocktake: StocktakeRow;
  report: VarianceReport;
  writeOff: WriteOffOutput | null;
  adjusted: VarianceLine[];
  skipped: VarianceLine[];
}

/**
 * Posts a count once, in the caller's transaction. The missing quantities are written off
 * in one write-off with the input's reason. The unexpected and misplaced pieces move here
 * with stocktake_adjustment movements, from the location the book has them at or from
 * outside stock. A piece the book has as sold or returned, or in transit, is left alone and
 * returned in `skipped`, because a sale or transfer must be corrected on its own slip.
 * Every item that changed gets an availability event. A second post gets
 * stocktake_not_counting.
 */
export async function postStocktake(trx: Tx, id: number, input: PostInput, ctx: StockContext): Promise<PostingResult> {
  const stocktake = await requireStocktake(trx, id, ctx.scope);
  const report = buildReport(await compareCount(trx, countScope(stocktake)), stocktake.location_id, ctx.scope);

  // Close first: the conditional update stops a concurrent second post before it writes anything.
  await closeStocktake(trx, stocktake, 'posted', report, ctx);
  const changes: AvailabilityChange[] = [];

  const writeOffLines = await missingLines(trx, stocktake.location_id, report.missing);
  let writeOff: WriteOffOutput | null = null;
  if (writeOffLines.length > 0) {
    writeOff = await createWriteOff(
      trx,
      { locationId: stocktake.location_id, reason: input.reason, note: input.note ?? stocktake.number, writtenOffOn: businessDate(), lines: writeOffLines },
      ctx,
    );
    await trx.updateTable('stocktakes').set({ write_off_id: writeOff.id }).where('id', '=', id).execute();
    changes.push(...writeOffLines.map((line) => ({ itemId: line.itemId, reason: 'write_off', documentType: STOCKTAKE_DOCUMENT, documentId: id })));
  }

  const transit = await transitLocationId(trx);
  const adjusted: VarianceLine[] = [];
  const skipped: VarianceLine[] = [];
  for (const line of [...report.misplaced, ...report.unexpected]) {
    const moved = await moveHere(trx, stocktake, line, transit, ctx.userId);
    if (moved === 'skipped') skipped.push(line);
    if (moved === 'moved') {
      adjusted.push(line);
      changes.push({ itemId: line.itemId, reason: 'stocktake_adjustment', documentType: STOCKTAKE_DOCUMENT, documentId: id });
    }
  }

  await enqueueAvailabilityChanges(trx, changes);

  // The frozen report keeps what posting actually left alone, so the count shows it later.
  const frozen: VarianceReport = { ...report, notMoved: skipped };
  await trx.updateTable('stocktakes').set({ summary_json: JSON.stringify(frozen) }).where('id', '=', id).execute();
  return { stocktake, report: frozen, writeOff, adjusted, skipped };
}

/**
 * Write-off lines for the missing quantities, capped at what the book has here now, because a
 * piece that left after its last scan was compared with the book at that scan.
 */
async function missingLines(trx: Tx, locationId: number, missing: readonly VarianceLine[]) {
  if (missing.length === 0) return [];
  const balances = await trx
    .selectFrom('stock_balances')
    .select(['item_id', 'quantity'])
    .where('location_id', '=', locationId)
    .where('item_id', 'in', missing.map((line) => line.itemId))
    .execute();
  const onHand = new Map(balances.map((row) => [row.item_id, Number(row.quantity)]));
  return missing
    .map((line) => ({ itemId: line.itemId, quantity: Math.min(line.quantity, onHand.get(line.itemId) ?? 0) }))
    .filter((line) => line.quantity > 0);
}

/** Moves one unexpected or misplaced line here; returns what happened to it. */
async function moveHere(
  trx: Tx,
  stocktake: StocktakeRow,
  line: VarianceLine,
  transit: number,
  userId: number | null,
): Promise<'moved' | 'already_here' | 'skipped'> {
  const item = await trx.selectFrom('items').select(['id', 'tracking', 'cost', 'status']).where('id', '=', line.itemId).executeTakeFirstOrThrow();
  const holder = item.tracking === 'unique'
    ? await trx.selectFrom('stock_balances').select('location_id').where('item_id', '=', item.id).where('quantity', '>', 0).executeTakeFirst()
    : undefined;

  if (holder?.location_id === stocktake.location_id) return 'already_here';
  if (holder?.location_id === transit) return 'skipped';
  if (!holder && item.tracking === 'unique' && !RESTORABLE_STATUSES.has(item.status)) return 'skipped';

  await recordMovement(trx, {
    itemId: item.id,
    kind: 'stocktake_adjustment',
    fromLocationId: holder?.location_id ?? null,
    toLocationId: stocktake.location_id,
    quantity: line.quantity,
    costAmount: item.cost * line.quantity,
    reason: holder ? 'misplaced' : 'found',
    documentType: STOCKTAKE_DOCUMENT,
    documentId: stocktake.id,
    userId,
  });
  if (item.status !== 'in_stock') await setItemStatus(trx, item.id, 'in_stock');
  return 'moved';
}
