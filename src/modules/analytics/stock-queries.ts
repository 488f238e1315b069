import { sql } from 'kysely';
import type { Executor } from '../../db/database.js';
import type { LocationScope } from '../access/scope.js';
import { unitPriceOnBasis } from '../tax/engine.js';
import type { TaxRounding } from '../tax/rounding.js';
import { reportLocationFilter } from './registry.js';

// Queries on the stock held now (stock_balances) and on the consignment ledgers, for the
// inventory reports. Our own pieces (ownership 'own') are valued at book cost; consigned-in
// pieces belong to their consignors and are returned apart, at retail price only.
// PostgreSQL returns bigint sums as strings, hence the Number() on every sum.

/**
 * Returns the locations a report covers: the requested ones the user may see, or every location the
 * user may see when none is requested. [0] (no location) when none of the requested ones
 * is visible, so the report is empty rather than wider than asked.
 */
export function reportLocations(requested: readonly number[] | undefined, scope: LocationScope): readonly number[] | undefined {
  const allowed = reportLocationFilter(scope);
  if (!requested || requested.length === 0) return allowed;
  if (!allowed) return requested;

  const kept = requested.filter((id) => allowed.includes(id));
  return kept.length > 0 ? kept : [0];
}

export async function companyTaxRounding(db: Executor): Promise<TaxRounding> {
  const row = await db.selectFrom('company_settings').select('tax_rounding').where('id', '=', 1).executeTakeFirst();
  return row?.tax_rounding ?? 'down';
}

/** Tax-included unit price of an item whose retail price may be set before tax. */
export function retailPriceIncl(row: { retail_price: number | string; price_basis: 'included' | 'excluded'; tax_rate_percent: number }, rounding: TaxRounding): number {
  return unitPriceOnBasis(Number(row.retail_price), Number(row.tax_rate_percent), row.price_basis, 'included', rounding);
}

/** One stock balance row with the item's attributes: a piece (or a quantity) held now. */
export interface HeldStock {
  itemId: number;
  stockNumber: string;
  name: string;
  category: string;
  consigned: boolean;
  locationId: number;
  locationName: string;
  quantity: number;
  /** Book cost per unit, yen, tax excluded. */
  unitCost: number;
  /** Retail price per unit, yen, tax included. */
  unitRetailIncl: number;
  /** Registration time of the item (its arrival), ISO UTC. */
  createdAt: string;
}

export interface HeldStockFilter {
  locationIds: readonly number[] | undefined;
  category?: string | undefined;
  ownOnly?: boolean;
  /** Only items registered before this ISO UTC time. */
  createdBefore?: string;
  /** Oldest first, at most this many rows. */
  limit?: number;
}

/** Lists the stock held now, one row per item and location, oldest arrival first. */
export async function heldStock(db: Executor, filter: HeldStockFilter): Promise<HeldStock[]> {
  let query = db
    .selectFrom('stock_balances')
    .innerJoin('items', 'items.id', 'stock_balances.item_id')
    .innerJoin('locations', 'locations.id', 'stock_balances.location_id')
    .select([
      'items.id',
      'items.stock_number',
      'items.name',
      'items.category',
      'items.ownership',
      'items.cost',
      'items.retail_price',
      'items.price_basis',
      'items.tax_rate_percent',
      'items.created_at',
      'locations.id as location_id',
      'locations.name as location_name',
      'stock_balances.quantity',
    ])
    .where('stock_balances.quantity', '>', 0)
    .orderBy('items.created_at')
    .orderBy('items.id')
    .orderBy('locations.id');
  if (filter.locationIds) query = query.where('stock_balances.location_id', 'in', [...filter.locationIds]);
  if (filter.category) query = query.where('items.category', '=', filter.category);
  if (filter.ownOnly) query = query.where('items.ownership', '=', 'own');
  if (filter.createdBefore) query = query.where('items.created_at', '<', filter.createdBefore);
  if (filter.limit !== undefined) query = query.limit(filter.limit);

  const rounding = await companyTaxRounding(db);
  return (await query.execute()).map((row) => ({
    itemId: Number(row.id),
    stockNumber: row.stock_number,
    name: row.name,
    category: row.category,
    consigned: row.ownership === 'consignment_in',
    locationId: Number(row.location_id),
    locationName: row.location_name,
    quantity: Number(row.quantity),
    unitCost: Number(row.cost),
    unitRetailIncl: retailPriceIncl(row, rounding),
    createdAt: row.created_at,
  }));
}

/**
 * Returns the units held now per category and tax-included unit price, own and consigned together.
 * NOTE: quantities are in each item's unit (pieces, or cm, mct and cg of quantity-tracked
 * goods), as in sales facts, so a category mixing units adds unlike quantities.
 */
export async function onHandUnits(db: Executor, locationIds: readonly number[] | undefined): Promise<Array<{ category: string; unitRetailIncl: number; quantity: number }>> {
  let query = db
    .selectFrom('stock_balances')
    .innerJoin('items', 'items.id', 'stock_balances.item_id')
    .select(['items.category', 'items.retail_price', 'items.price_basis', 'items.tax_rate_percent', sql<number>`sum(stock_balances.quantity)`.as('quantity')])
    .where('stock_balances.quantity', '>', 0)
    .groupBy(['items.category', 'items.retail_price', 'items.price_basis', 'items.tax_rate_percent']);
  if (locationIds) query = query.where('stock_balances.location_id', 'in', [...locationIds]);

  const rounding = await companyTaxRounding(db);
  return (await query.execute()).map((row) => ({ category: row.category, unitRetailIncl: retailPriceIncl(row, rounding), quantity: Number(row.quantity) }));
}

export interface InventoryValueGroup {
  locationId: number;
  locationCode: string;
  locationName: string;
  category: string;
  consigned: boolean;
  units: number;
  /** Book cost of the units, yen. */
  cost: number;
  /** Retail value, yen, tax included. */
  retailValue: number;
}

/**
 * Stock held now summed per location, category and ownership. Retail values of items priced
 * before tax are converted per group (sum of price × quantity at the group's rate), so they
 * may differ from a piece-by-piece conversion by the rounding of one yen per group.
 */
export async function inventoryValueGroups(db: Executor, locationIds: readonly number[] | undefined): Promise<InventoryValueGroup[]> {
  let query = db
    .selectFrom('stock_balances')
    .innerJoin('items', 'items.id', 'stock_balances.item_id')
    .innerJoin('locations', 'locations.id', 'stock_balances.location_id')
    .select([
      'locations.id',
      'locations.code',
      'locations.name',
      'items.category',
      'items.ownership',
      'items.price_basis',
      'items.tax_rate_percent',
      sql<number>`sum(stock_balances.quantity)`.as('units'),
      sql<number>`sum(stock_balances.quantity * items.cost)`.as('cost'),
      sql<number>`sum(stock_balances.quantity * items.retail_price)`.as('retail'),
    ])
    .where('stock_balances.quantity', '>', 0)
    .groupBy(['locations.id', 'locations.code', 'locations.name', 'items.category', 'items.ownership', 'items.price_basis', 'items.tax_rate_percent']);
  if (locationIds) query = query.where('stock_balances.location_id', 'in', [...locationIds]);

  const rounding = await companyTaxRounding(db);
  const groups = new Map<string, InventoryValueGroup>();
  for (const row of await query.execute()) {
    const consigned = row.ownership === 'consignment_in';
    const key = `${row.id}:${row.category}:${consigned}`;
    const group = groups.get(key) ?? { locationId: Number(row.id), locationCode: row.code, locationName: row.name, category: row.category, consigned, units: 0, cost: 0, retailValue: 0 };
    group.units += Number(row.units);
    group.cost += Number(row.cost);
    group.retailValue += retailPriceIncl({ retail_price: Number(row.retail), price_basis: row.price_basis, tax_rate_percent: row.tax_rate_percent }, rounding);
    groups.set(key, group);
  }
  return [...groups.values()];
}

export interface PayableBalance {
  consignorId: number;
  consignorCode: string;
  consignorName: string;
  /** Owed for entries not yet on a statement, yen, tax included. */
  unsettled: number;
  /** Owed on statements issued and not yet paid, yen. */
  issuedUnpaid: number;
  /** Business date of the oldest entry still open. */
  oldestSale: string;
}

/**
 * What we owe each consignor now: payable entries not on a statement, and entries on
 * statements issued but not paid. With locations, only pieces received at those locations.
 */
export async function payableBalances(db: Executor, locationIds: readonly number[] | undefined): Promise<PayableBalance[]> {
  let query = db
    .selectFrom('consignment_payables')
    .innerJoin('consignors', 'consignors.id', 'consignment_payables.consignor_id')
    .leftJoin('consignment_statements', 'consignment_statements.id', 'consignment_payables.statement_id')
    .select([
      'consignors.id',
      'consignors.code',
      'consignors.name',
      sql<number>`coalesce(sum(case when consignment_payables.statement_id is null then consignment_payables.amount else 0 end), 0)`.as('unsettled'),
      sql<number>`coalesce(sum(case when consignment_statements.status = 'issued' then consignment_payables.amount else 0 end), 0)`.as('issued_unpaid'),
      sql<string>`min(consignment_payables.business_date)`.as('oldest'),
    ])
    .where((eb) => eb.or([eb('consignment_payables.statement_id', 'is', null), eb('consignment_statements.status', '=', 'issued')]))
    .groupBy(['consignors.id', 'consignors.code', 'consignors.name'])
    .orderBy('consignors.code');
  if (locationIds) {
    const ids = [...locationIds];
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('consigned_items')
          .innerJoin('consignment_in_receipts', 'consignment_in_receipts.id', 'consigned_items.receipt_id')
          .select('consigned_items.item_id')
          .whereRef('consigned_items.item_id', '=', 'consignment_payables.item_id')
          .where('consignment_in_receipts.location_id', 'in', ids),
      ),
    );
  }

  return (await query.execute()).map((row) => ({
    consignorId: Number(row.id),
    consignorCode: row.code,
    consignorName: row.name,
    unsettled: Number(row.unsettled),
    issuedUnpaid: Number(row.issued_unpaid),
    oldestSale: row.oldest,
  }));
}

export interface ConsigneeOutstanding {
  consigneeId: number;
  consigneeCode: string;
  consigneeName: string;
  pieces: number;
  /** Retail price of the pieces out, yen, as written on the consignment notes. */
  retailValue: number;
  /** Book cost of the pieces out, yen. */
  cost: number;
  /** Pieces out past their return due date (before `today`). */
  overdue: number;
  oldestSentOn: string | null;
  /** Receivable of the sales the consignee reported in the period, yen. */
  reportedReceivable: number;
}

/** Our pieces out at each consignee now, and what each reported as sold in the period. */
export async function consigneeOutstanding(
  db: Executor,
  locationIds: readonly number[] | undefined,
  period: { from: string; to: string },
  today: string,
): Promise<ConsigneeOutstanding[]> {
  let out = db
    .selectFrom('consignment_out_lines')
    .innerJoin('consignment_out_notes', 'consignment_out_notes.id', 'consignment_out_lines.note_id')
    .innerJoin('consignees', 'consignees.id', 'consignment_out_notes.consignee_id')
    .innerJoin('items', 'items.id', 'consignment_out_lines.item_id')
    .select([
      'consignees.id',
      'consignees.code',
      'consignees.name',
      sql<number>`sum(consignment_out_lines.quantity)`.as('pieces'),
      sql<number>`sum(consignment_out_lines.quantity * consignment_out_lines.retail_price)`.as('retail'),
      sql<number>`sum(consignment_out_lines.quantity * items.cost)`.as('cost'),
      sql<number>`coalesce(sum(case when consignment_out_notes.return_due_on < ${today} then consignment_out_lines.quantity else 0 end), 0)`.as('overdue'),
      sql<string>`min(consignment_out_notes.sent_on)`.as('oldest'),
    ])
    .where('consignment_out_lines.status', '=', 'out')
    .groupBy(['consignees.id', 'consignees.code', 'consignees.name']);
  let reported = db
    .selectFrom('consignment_out_report_lines')
    .innerJoin('consignment_out_reports', 'consignment_out_reports.id', 'consignment_out_report_lines.report_id')
    .innerJoin('consignees', 'consignees.id', 'consignment_out_reports.consignee_id')
    .select(['consignees.id', 'consignees.code', 'consignees.name', sql<number>`sum(consignment_out_report_lines.receivable_amount)`.as('receivable')])
    .where('consignment_out_report_lines.outcome', '=', 'sold')
    .where('consignment_out_reports.reported_on', '>=', period.from)
    .where('consignment_out_reports.reported_on', '<=', period.to)
    .groupBy(['consignees.id', 'consignees.code', 'consignees.name']);
  if (locationIds) {
    out = out.where('consignees.location_id', 'in', [...locationIds]);
    reported = reported.where('consignees.location_id', 'in', [...locationIds]);
  }

  const rows = new Map<number, ConsigneeOutstanding>();
  const rowOf = (consignee: { id: number | string; code: string; name: string }) => {
    const id = Number(consignee.id);
    const row = rows.get(id) ?? { consigneeId: id, consigneeCode: consignee.code, consigneeName: consignee.name, pieces: 0, retailValue: 0, cost: 0, overdue: 0, oldestSentOn: null, reportedReceivable: 0 };
    rows.set(id, row);
    return row;
  };
  for (const line of await out.execute()) {
    Object.assign(rowOf(line), { pieces: Number(line.pieces), retailValue: Number(line.retail), cost: Number(line.cost), overdue: Number(line.overdue), oldestSentOn: line.oldest });
  }
  for (const line of await reported.execute()) rowOf(line).reportedReceivable = Number(line.receivable);

  return [...rows.values()].sort((a, b) => a.consigneeCode.localeCompare(b.consigneeCode));
}
