import type { Executor, Tx } from '../../db/database.js';
import { assertCanActAt, canActAt, scopedLocationIds, type LocationScope } from '../access/scope.js';
import { nowIso } from '../../db/database.js';
import type { Item, Supplier } from '../../db/schema.js';
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
import { getSupplier } from '../suppliers/service.js';
import { supplierReturnErrors } from './errors.js';
import type { SupplierReturnInput, SupplierReturnListQuery, SupplierReturnOutput, SupplierReturnSummary } from './schemas.js';

export const SUPPLIER_RETURN_DOCUMENT = 'supplier_return';

/** Rejects a line whose item records another supplier; items with no supplier may go back to any. */
async function assertSameSupplier(db: Executor, supplier: Supplier, items: readonly Item[]): Promise<void> {
  for (const [index, item] of items.entries()) {
    if (item.supplier_id === null || item.supplier_id === supplier.id) continue;
    const itemSupplier = await getSupplier(db, item.supplier_id);
    throw supplierReturnErrors.supplier_return_wrong_supplier(
      { stockNumber: item.stock_number, itemSupplier: itemSupplier.name, supplier: supplier.name },
      { field: `lines.${index}.itemId` },
    );
  }
}

/**
 * Returns goods to the supplier they were bought from (仕入返品): each line leaves the
 * location with a 'supplier_return' movement at book cost, and unique pieces get status
 * returned_to_supplier. All or nothing.
 */
export async function createSupplierReturn(trx: Tx, input: SupplierReturnInput, ctx: StockContext): Promise<SupplierReturnOutput> {
  const supplier = await getSupplier(trx, input.supplierId, 'supplierId');
  const location = await requireStockLocation(trx, input.locationId);
  assertCanActAt(ctx.scope, location, 'locationId');
  const items = await loadLineItems(trx, input.lines, ctx.scope);
  await assertSameSupplier(trx, supplier, items);
  const totalCost = totalBookCost(input.lines, items);

  const header = await trx
    .insertInto('supplier_returns')
    .values({
      number: await nextDocumentNumber(trx, 'PR', input.returnedOn),
      supplier_id: supplier.id,
      location_id: location.id,
      returned_on: input.returnedOn,
      reason: input.reason ?? null,
      total_cost: totalCost,
      created_by: ctx.userId,
      created_at: nowIso(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();

  const costs = await removeLinesAtBookCost(trx, input.lines, items, {
    locationId: location.id,
    kind: 'supplier_return',
    documentType: SUPPLIER_RETURN_DOCUMENT,
    documentId: header.id,
    reason: input.reason ?? null,
    userId: ctx.userId,
    removedStatus: 'returned_to_supplier',
  });
  await trx
    .insertInto('supplier_return_lines')
    .values(
      input.lines.map((line, index) => ({
        supplier_return_id: header.id,
        item_id: line.itemId,
        quantity: line.quantity,
        cost_amount: costs[index]!,
      })),
    )
    .execute();

  return getSupplierReturn(trx, header.id, ctx.scope);
}

function summaryQuery(db: Executor) {
  return db
    .selectFrom('supplier_returns')
    .innerJoin('suppliers', 'suppliers.id', 'supplier_returns.supplier_id')
    .innerJoin('locations', 'locations.id', 'supplier_returns.location_id')
    .select([
      'supplier_returns.id',
      'supplier_returns.number',
      'supplier_returns.supplier_id',
      'suppliers.name as supplier_name',
      'supplier_returns.location_id',
      'locations.name as location_name',
      'supplier_returns.returned_on',
      'supplier_returns.reason',
      'supplier_returns.total_cost',
      'supplier_returns.created_by',
      'supplier_returns.created_at',
    ]);
}

type SummaryRow = Awaited<ReturnType<ReturnType<typeof summaryQuery>['executeTakeFirstOrThrow']>>;

function toSummary(row: SummaryRow): SupplierReturnSummary {
  return {
    id: row.id,
    number: row.number,
    supplierId: row.supplier_id,
    supplierName: row.supplier_name,
    locationId: row.location_id,
    locationName: row.location_name,
    returnedOn: row.returned_on,
    reason: row.reason,
    totalCost: row.total_cost,
    createdBy: row.created_by,
    createdAt: row.created_at,
  };
}

export async function getSupplierReturn(db: Executor, id: number, scope: LocationScope): Promise<SupplierReturnOutput> {
  const row = await summaryQuery(db).where('supplier_returns.id', '=', id).executeTakeFirst();
  if (!row || !canActAt(scope, row.location_id)) throw supplierReturnErrors.supplier_return_not_found({ id });

  const lines = await db
    .selectFrom('supplier_return_lines')
    .selectAll()
    .where('supplier_return_id', '=', id)
    .orderBy('id')
    .execute();
  return { ...toSummary(row), lines: await toStockLineOutputs(db, lines) };
}

/** Lists supplier returns newest first, filtered by business date range, supplier and location. */
export async function listSupplierReturns(db: Executor, query: SupplierReturnListQuery, scope: LocationScope) {
  let filtered = summaryQuery(db);
  // A user limited to some locations gets only the documents of those locations.
  if (!scope.all) filtered = filtered.where('supplier_returns.location_id', 'in', scopedLocationIds(scope));
  if (query.from) filtered = filtered.where('supplier_returns.returned_on', '>=', query.from);
  if (query.to) filtered = filtered.where('supplier_returns.returned_on', '<=', query.to);
  if (query.supplierId) filtered = filtered.where('supplier_returns.supplier_id', '=', query.supplierId);
  if (query.locationId) filtered = filtered.where('supplier_returns.location_id', '=', query.locationId);

  const { rows, ...page } = await fetchPage(
    filtered.orderBy('supplier_returns.returned_on', 'desc').orderBy('supplier_returns.id', 'desc'),
    query,
  );
  return { supplierReturns: rows.map(toSummary), ...page };
}
