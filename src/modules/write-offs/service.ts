import type { Executor, Tx } from '../../db/database.js';
import { assertCanActAt, canActAt, scopedLocationIds, type LocationScope } from '../access/scope.js';
import { nowIso } from '../../db/database.js';
import { nextDocumentNumber } from '../sequences/service.js';
import {
  fetchPage,
  loadLineItems,
  removeLinesAtBookCost,
  requireStockLocation,
  toStockLineOutputs,
  totalBookCost,
  type StockContext,
} from '../stock-lines/service.js';
import { writeOffErrors } from './errors.js';
import type { WriteOffInput, WriteOffListQuery, WriteOffOutput, WriteOffSummary } from './schemas.js';

export const WRITE_OFF_DOCUMENT = 'write_off';

/**
 * Writes off damaged, lost or stolen goods at one location: the book cost of each line
 * (cost per unit × quantity) is recorded, the goods leave stock with 'write_off' movements,
 * and unique pieces get status written_off. All or nothing: a line the location does not
 * hold fails the whole write-off with insufficient_stock.
 */
export async function createWriteOff(trx: Tx, input: WriteOffInput, ctx: StockContext): Promise<WriteOffOutput> {
  const location = await requireStockLocation(trx, input.locationId);
  assertCanActAt(ctx.scope, location, 'locationId');
  const items = await loadLineItems(trx, input.lines, ctx.scope);
  const totalCost = totalBookCost(input.lines, items);

  const header = await trx
    .insertInto('write_offs')
    .values({
      number: await nextDocumentNumber(trx, 'W', input.writtenOffOn),
      location_id: location.id,
      reason: input.reason,
      note: input.note ?? null,
      written_off_on: input.writtenOffOn,
      total_cost: totalCost,
      created_by: ctx.userId,
      created_at: nowIso(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();

  const costs = await removeLinesAtBookCost(trx, input.lines, items, {
    locationId: location.id,
    kind: 'write_off',
    documentType: WRITE_OFF_DOCUMENT,
    documentId: header.id,
    reason: input.reason,
    userId: ctx.userId,
    removedStatus: 'written_off',
  });
  await trx
    .insertInto('write_off_lines')
    .values(
      input.lines.map((line, index) => ({
        write_off_id: header.id,
        item_id: line.itemId,
        quantity: line.quantity,
        cost_amount: costs[index]!,
      })),
    )
    .execute();

  return getWriteOff(trx, header.id, ctx.scope);
}

function summaryQuery(db: Executor) {
  return db
    .selectFrom('write_offs')
    .innerJoin('locations', 'locations.id', 'write_offs.location_id')
    .select([
      'write_offs.id',
      'write_offs.number',
      'write_offs.location_id',
      'locations.name as location_name',
      'write_offs.reason',
      'write_offs.note',
      'write_offs.written_off_on',
      'write_offs.total_cost',
      'write_offs.created_by',
      'write_offs.created_at',
    ]);
}

type SummaryRow = Awaited<ReturnType<ReturnType<typeof summaryQuery>['executeTakeFirstOrThrow']>>;

function toSummary(row: SummaryRow): WriteOffSummary {
  return {
    id: row.id,
    number: row.number,
    locationId: row.location_id,
    locationName: row.location_name,
    reason: row.reason,
    note: row.note,
    writtenOffOn: row.written_off_on,
    totalCost: row.total_cost,
    createdBy: row.created_by,
    createdAt: row.created_at,
  };
}

export async function getWriteOff(db: Executor, id: number, scope: LocationScope): Promise<WriteOffOutput> {
  const row = await summaryQuery(db).where('write_offs.id', '=', id).executeTakeFirst();
  if (!row || !canActAt(scope, row.location_id)) throw writeOffErrors.write_off_not_found({ id });

  const lines = await db.selectFrom('write_off_lines').selectAll().where('write_off_id', '=', id).orderBy('id').execute();
  return { ...toSummary(row), lines: await toStockLineOutputs(db, lines) };
}

/** Lists write-offs newest first, filtered by business date range, location and reason. */
export async function listWriteOffs(db: Executor, query: WriteOffListQuery, scope: LocationScope) {
  let filtered = summaryQuery(db);
  // A user limited to some locations gets only the documents of those locations.
  if (!scope.all) filtered = filtered.where('write_offs.location_id', 'in', scopedLocationIds(scope));
  if (query.from) filtered = filtered.where('write_offs.written_off_on', '>=', query.from);
  if (query.to) filtered = filtered.where('write_offs.written_off_on', '<=', query.to);
  if (query.locationId) filtered = filtered.where('write_offs.location_id', '=', query.locationId);
  if (query.reason) filtered = filtered.where('write_offs.reason', '=', query.reason);

  const { rows, ...page } = await fetchPage(
    filtered.orderBy('write_offs.written_off_on', 'desc').orderBy('write_offs.id', 'desc'),
    query,
  );
  return { writeOffs: rows.map(toSummary), ...page };
}
