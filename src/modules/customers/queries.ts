import { sql, type SqlBool } from 'kysely';
import { queryInChunks } from '../../db/chunks.js';
import type { Executor } from '../../db/database.js';
import type { LocationScope } from '../access/scope.js';
import { scopedLocationIds } from '../access/scope.js';
import { escapeLike } from '../items/search.js';
import { parseSearchQuery } from './rules.js';
import type { CustomerSummaryOutput, PurchaseOutput } from './schemas.js';

// Read queries of the customers module: the list and search, and the purchase history.
// The history reads the sales tables directly instead of calling the sales module, so the
// two modules depend only on the tables.

export interface CustomerListFilters {
  q?: string | undefined;
  includeMerged?: boolean;
  includeAnonymized?: boolean;
  page: number;
  pageSize: number;
}

/**
 * Lists customers, ordered by reading (フリガナ) and then by code. `q` matches names,
 * readings in any width or script, email, code, and phone digits: every word must match.
 * Merged and anonymised records are left out unless asked for.
 * NOTE: words are matched with LIKE '%word%' on search_text, which scans the table; this
 * is fast for tens of thousands of customers, not for millions.
 */
export async function listCustomers(db: Executor, filters: CustomerListFilters): Promise<{ customers: CustomerSummaryOutput[]; total: number }> {
  let base = db.selectFrom('customers');
  if (!filters.includeMerged) base = base.where('customers.merged_into_id', 'is', null);
  if (!filters.includeAnonymized) base = base.where('customers.anonymized_at', 'is', null);

  for (const term of parseSearchQuery(filters.q ?? '')) {
    const textMatch = sql<SqlBool>`customers.search_text like ${`%${escapeLike(term.word)}%`} escape '\\'`;
    const digits = term.digits;
    base =
      digits === null
        ? base.where(textMatch)
        : base.where((eb) => eb.or([textMatch, eb('customers.phone_digits', 'like', `%${digits}%`)]));
  }

  const counted = await base.select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
  const rows = await base
    .select([
      'customers.id',
      'customers.code',
      'customers.family_name',
      'customers.given_name',
      'customers.family_name_kana',
      'customers.given_name_kana',
      'customers.phone',
      'customers.birthday',
      'customers.consent_to_contact',
      'customers.merged_into_id',
      'customers.anonymized_at',
    ])
    .select(
      sql<string | null>`(select max(s.business_date) from sales s
        where s.customer_id = customers.id and s.kind = 'sale' and s.status = 'completed')`.as('last_purchase_date'),
    )
    .orderBy(sql`coalesce(customers.family_name_kana, customers.family_name)`)
    .orderBy(sql`coalesce(customers.given_name_kana, customers.given_name, '')`)
    .orderBy('customers.code')
    .limit(filters.pageSize)
    .offset((filters.page - 1) * filters.pageSize)
    .execute();

  return {
    total: Number(counted.count),
    customers: rows.map((row) => ({
      id: row.id,
      code: row.code,
      familyName: row.family_name,
      givenName: row.given_name,
      familyNameKana: row.family_name_kana,
      givenNameKana: row.given_name_kana,
      phone: row.phone,
      birthday: row.birthday,
      consentToContact: row.consent_to_contact === 1,
      lastPurchaseDate: row.last_purchase_date,
      mergedIntoId: row.merged_into_id,
      anonymizedAt: row.anonymized_at,
    })),
  };
}

/** Ids of the records merged into a customer, which resolve to it. */
export async function mergedRecordIds(db: Executor, customerId: number): Promise<number[]> {
  const rows = await db.selectFrom('customers').select('id').where('merged_into_id', '=', customerId).orderBy('id').execute();
  return rows.map((row) => row.id);
}

export interface PurchaseHistoryRequest {
  /** The customer and the records merged into it. */
  customerIds: number[];
  /** Documents at locations outside the scope are left out, as everywhere else. */
  scope: LocationScope;
}

/**
 * One kind of document that belongs to a customer's purchase history. Channel orders will
 * be a second source: add a function here that returns their documents with their own
 * `source` value (and add that value to PURCHASE_SOURCES in schemas.ts).
 */
type PurchaseHistorySource = (db: Executor, request: PurchaseHistoryRequest) => Promise<PurchaseOutput[]>;

/** Counter sales and returns made out to the customers, with their lines and items. */
async function counterSales(db: Executor, request: PurchaseHistoryRequest): Promise<PurchaseOutput[]> {
  if (request.customerIds.length === 0) return [];
  let query = db
    .selectFrom('sales')
    .leftJoin('locations', 'locations.id', 'sales.location_id')
    .select([
      'sales.id',
      'sales.kind',
      'sales.number',
      'sales.business_date',
      'sales.location_id',
      'locations.name as location_name',
      'sales.status',
      'sales.total',
      'sales.tax_total',
      'sales.customer_id',
    ])
    .where('sales.customer_id', 'in', request.customerIds);
  if (!request.scope.all) query = query.where('sales.location_id', 'in', scopedLocationIds(request.scope));
  const sales = await query.execute();

  const lines = await queryInChunks(
    sales.map((sale) => sale.id),
    (saleIds) =>
      db
        .selectFrom('sale_lines')
        .innerJoin('items', 'items.id', 'sale_lines.item_id')
        .select(['sale_lines.sale_id', 'sale_lines.item_id', 'items.stock_number', 'items.name', 'sale_lines.quantity', 'sale_lines.final_amount'])
        .where('sale_lines.sale_id', 'in', saleIds)
        .orderBy('sale_lines.sale_id')
        .orderBy('sale_lines.line_no')
        .execute(),
  );

  const linesBySale = new Map<number, typeof lines>();
  for (const line of lines) {
    const group = linesBySale.get(line.sale_id);
    if (group) group.push(line);
    else linesBySale.set(line.sale_id, [line]);
  }

  return sales.map((sale) => ({
    source: 'sale' as const,
    id: sale.id,
    kind: sale.kind,
    number: sale.number,
    businessDate: sale.business_date,
    locationId: sale.location_id,
    locationName: sale.location_name,
    status: sale.status,
    total: Number(sale.total),
    taxTotal: Number(sale.tax_total),
    customerId: Number(sale.customer_id),
    lines: (linesBySale.get(sale.id) ?? []).map((line) => ({
      itemId: line.item_id,
      stockNumber: line.stock_number,
      name: line.name,
      quantity: Number(line.quantity),
      amount: Number(line.final_amount),
    })),
  }));
}

const PURCHASE_HISTORY_SOURCES: PurchaseHistorySource[] = [counterSales];

/** Collects a customer's purchase history from every source, newest business date first. */
export async function purchaseHistory(db: Executor, request: PurchaseHistoryRequest): Promise<PurchaseOutput[]> {
  const documents: PurchaseOutput[] = [];
  for (const source of PURCHASE_HISTORY_SOURCES) documents.push(...(await source(db, request)));
  return documents.sort((a, b) => b.businessDate.localeCompare(a.businessDate) || b.number.localeCompare(a.number));
}
