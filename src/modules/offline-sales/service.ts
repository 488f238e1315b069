import { sql } from 'kysely';
import type { Executor, Tx } from '../../db/database.js';
import { nowIso } from '../../db/database.js';
import type { Locale } from '../../shared/errors.js';
import { canActAt, scopedLocationIds, type LocationScope } from '../access/scope.js';
import { getCompanySettings } from '../company/service.js';
import { requireRegister } from '../sales/registers.js';
import type { SaleInput } from '../sales/schemas.js';
import { offlineSaleErrors } from './errors.js';
import type { CatalogueOutput, OfflineConflict, OfflineSaleOutput } from './schemas.js';

// Reading offline sales, resolving their conflicts, and the catalogue a counter keeps for
// selling while offline.

function offlineQuery(db: Executor) {
  return db
    .selectFrom('offline_sales')
    .innerJoin('registers', 'registers.id', 'offline_sales.register_id')
    .innerJoin('locations', 'locations.id', 'registers.location_id')
    .leftJoin('sales', 'sales.id', 'offline_sales.sale_id')
    .leftJoin('users as resolver', 'resolver.id', 'offline_sales.resolved_by')
    .leftJoin('users as creator', 'creator.id', 'offline_sales.created_by')
    .selectAll('offline_sales')
    .select([
      'registers.name as register_name',
      'registers.location_id',
      'locations.name as location_name',
      'sales.number as sale_number',
      'sales.total as sale_total',
      'resolver.display_name as resolved_by_name',
      'creator.display_name as created_by_name',
    ]);
}

type OfflineRow = Awaited<ReturnType<ReturnType<typeof offlineQuery>['executeTakeFirstOrThrow']>>;

function toOutput(row: OfflineRow, locale: Locale): OfflineSaleOutput {
  const conflict = row.conflict_json === null ? null : (JSON.parse(row.conflict_json) as OfflineConflict);
  const payload = JSON.parse(row.payload_json) as SaleInput;
  return {
    id: row.id,
    clientRef: row.client_ref,
    registerId: row.register_id,
    registerName: row.register_name,
    locationName: row.location_name,
    soldAtDevice: row.sold_at_device,
    receivedAt: row.received_at,
    outcome: row.outcome,
    saleId: row.sale_id,
    saleNumber: row.sale_number,
    paidTotal: payload.payments.reduce((sum, payment) => sum + payment.amount, 0),
    conflictCode: row.conflict_code,
    message: conflict?.messages[locale] ?? null,
    conflict,
    resolvedAt: row.resolved_at,
    resolvedByName: row.resolved_by_name,
    resolutionNote: row.resolution_note,
    createdByName: row.created_by_name,
  };
}

/** Loads one offline sale; not found outside the user's locations. */
export async function getOfflineSale(db: Executor, id: number, scope: LocationScope, locale: Locale): Promise<OfflineSaleOutput> {
  const row = await offlineQuery(db).where('offline_sales.id', '=', id).executeTakeFirst();
  if (!row || !canActAt(scope, row.location_id)) throw offlineSaleErrors.offline_sale_not_found({ id });
  return toOutput(row, locale);
}

/**
 * Lists offline sales at the user's locations: open conflicts first, then the rest, newest
 * first. 'unresolved' selects conflicts and notes not resolved yet.
 */
export async function listOfflineSales(db: Executor, status: 'conflict' | 'recorded' | 'unresolved' | 'all', scope: LocationScope, locale: Locale): Promise<OfflineSaleOutput[]> {
  let query = offlineQuery(db);
  if (!scope.all) query = query.where('registers.location_id', 'in', scopedLocationIds(scope));
  if (status === 'conflict' || status === 'recorded') query = query.where('offline_sales.outcome', '=', status);
  if (status === 'unresolved') query = query.where('offline_sales.conflict_code', 'is not', null).where('offline_sales.resolved_at', 'is', null);

  const rows = await query
    .orderBy(sql`case when offline_sales.outcome = 'conflict' and offline_sales.resolved_at is null then 0 else 1 end`)
    .orderBy('offline_sales.sold_at_device', 'desc')
    .orderBy('offline_sales.id', 'desc')
    // NOTE: at most 500 rows and no paging. Open conflicts sort first, so they are never the ones cut.
    .limit(500)
    .execute();
  return rows.map((row) => toOutput(row, locale));
}

/**
 * Marks an offline sale's conflict or note as dealt with, once, with what the person did
 * (refunded the customer, rang the sale up again). A recorded sale without a note has
 * nothing to resolve. The conditional update makes a second resolve fail.
 */
export async function resolveOfflineSale(trx: Tx, id: number, note: string, userId: number, scope: LocationScope, locale: Locale): Promise<{ before: OfflineSaleOutput; after: OfflineSaleOutput; locationId: number }> {
  const before = await getOfflineSale(trx, id, scope, locale);
  if (before.conflictCode === null) throw offlineSaleErrors.offline_sale_nothing_to_resolve({ id });
  if (before.resolvedAt !== null) throw offlineSaleErrors.offline_sale_already_resolved({ id, at: before.resolvedAt });

  const updated = await trx
    .updateTable('offline_sales')
    .set({ resolved_at: nowIso(), resolved_by: userId, resolution_note: note })
    .where('id', '=', id)
    .where('resolved_at', 'is', null)
    .returning('register_id')
    .executeTakeFirst();
  if (!updated) throw offlineSaleErrors.offline_sale_already_resolved({ id, at: nowIso() });

  const register = await trx.selectFrom('registers').select('location_id').where('id', '=', updated.register_id).executeTakeFirstOrThrow();
  return { before, after: await getOfflineSale(trx, id, scope, locale), locationId: register.location_id };
}

/**
 * Lists the pieces a register can sell while offline: everything with unreserved stock at
 * its location, with what pricing needs. The device keeps this snapshot; a piece sold or
 * reserved elsewhere after it was taken is caught when the offline sale is synced.
 */
export async function offlineCatalogue(db: Executor, registerId: number, scope: LocationScope): Promise<CatalogueOutput> {
  const register = await requireRegister(db, registerId, scope, { active: true });
  const company = await getCompanySettings(db);
  const rows = await db
    .selectFrom('stock_balances')
    .innerJoin('items', 'items.id', 'stock_balances.item_id')
    .select([
      'items.id',
      'items.stock_number',
      'items.jan_code',
      'items.name',
      'items.tracking',
      'items.unit',
      'items.retail_price',
      'items.price_basis',
      'items.tax_rate_percent',
      'items.ownership',
      'items.status',
      'stock_balances.quantity',
      'stock_balances.reserved_quantity',
    ])
    .where('stock_balances.location_id', '=', register.location_id)
    .where(sql<number>`stock_balances.quantity - stock_balances.reserved_quantity`, '>', 0)
    .where('items.status', 'in', ['in_stock', 'out_of_stock'])
    .orderBy('items.stock_number')
    .execute();

  return {
    registerId: register.id,
    locationId: register.location_id,
    locationName: register.location_name,
    taxRounding: company.taxRounding,
    generatedAt: nowIso(),
    items: rows.map((row) => ({
      itemId: row.id,
      stockNumber: row.stock_number,
      janCode: row.jan_code,
      name: row.name,
      tracking: row.tracking,
      unit: row.unit,
      retailPrice: row.retail_price,
      priceBasis: row.price_basis,
      taxRatePercent: row.tax_rate_percent,
      available: Number(row.quantity) - Number(row.reserved_quantity),
      ownership: row.ownership,
    })),
  };
}
