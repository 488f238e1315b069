import { sql } from 'kysely';
import type { Executor } from '../../db/database.js';
import type { SalesChannel } from '../../db/schema.js';
import type { PeriodQuery } from './query.js';

// Queries on sales_facts for the product reports. Every query is bounded by the period's
// business dates (indexed) and the location and channel filters. Returns and refunds are
// rows with negative amounts, so sums are net. PostgreSQL returns bigint sums as strings,
// hence the Number() on every sum.

export interface FactsFilter {
  from: string;
  to: string;
  locationIds: readonly number[] | undefined;
  channels: readonly SalesChannel[] | undefined;
}

export function factsFilter(query: PeriodQuery, locationIds: readonly number[] | undefined): FactsFilter {
  return { from: query.from, to: query.to, locationIds, channels: query.channels };
}

function factsIn(db: Executor, filter: FactsFilter) {
  let query = db.selectFrom('sales_facts').where('sales_facts.business_date', '>=', filter.from).where('sales_facts.business_date', '<=', filter.to);
  if (filter.locationIds) query = query.where('sales_facts.location_id', 'in', [...filter.locationIds]);
  if (filter.channels && filter.channels.length > 0) query = query.where('sales_facts.channel', 'in', [...filter.channels]);
  return query;
}

/** Tax-included price bands, lowest first; a price belongs to the last band whose minimum it reaches. */
export const PRICE_BANDS = [
  { key: 'under_30000', min: 0, label: { ja: '3 万円未満', en: 'Under ¥30,000' } },
  { key: '30000_99999', min: 30_000, label: { ja: '3 万〜9 万 9,999 円', en: '¥30,000–¥99,999' } },
  { key: '100000_299999', min: 100_000, label: { ja: '10 万〜29 万 9,999 円', en: '¥100,000–¥299,999' } },
  { key: '300000_999999', min: 300_000, label: { ja: '30 万〜99 万 9,999 円', en: '¥300,000–¥999,999' } },
  { key: '1000000_plus', min: 1_000_000, label: { ja: '100 万円以上', en: '¥1,000,000 and over' } },
] as const;
export type PriceBandKey = (typeof PRICE_BANDS)[number]['key'];

export function priceBandOf(priceIncl: number): PriceBandKey {
  let band: PriceBandKey = PRICE_BANDS[0].key;
  for (const candidate of PRICE_BANDS) if (priceIncl >= candidate.min) band = candidate.key;
  return band;
}

/** Net units and tax-included sales per category, or per tax-included unit price. */
export async function soldByCategoryAndPrice(db: Executor, filter: FactsFilter): Promise<Array<{ category: string; unitPriceIncl: number; units: number; salesIncl: number }>> {
  const rows = await factsIn(db, filter)
    .select(['category', 'unit_price_incl', sql<number>`sum(quantity)`.as('units'), sql<number>`sum(sales_incl)`.as('sales_incl')])
    .groupBy(['category', 'unit_price_incl'])
    .execute();
  return rows.map((row) => ({ category: row.category, unitPriceIncl: Number(row.unit_price_incl), units: Number(row.units), salesIncl: Number(row.sales_incl) }));
}

export interface RankedSales {
  key: string;
  itemId: number | null;
  units: number;
  salesIncl: number;
  salesExcl: number;
  /** Cost of the sales, yen; partner-shop sales include the partner's commission. */
  cost: number;
}

/** Net sales per item (with its stock number) or per category, for the ABC ranking. */
export async function salesForRanking(db: Executor, filter: FactsFilter, level: 'item' | 'category'): Promise<Array<RankedSales & { name: string }>> {
  const sums = [sql<number>`sum(sales_facts.quantity)`.as('units'), sql<number>`sum(sales_facts.sales_incl)`.as('sales_incl'), sql<number>`sum(sales_facts.sales_excl)`.as('sales_excl'), sql<number>`sum(sales_facts.cost)`.as('cost')];
  if (level === 'category') {
    const rows = await factsIn(db, filter).select(['sales_facts.category', ...sums]).groupBy('sales_facts.category').execute();
    return rows.map((row) => ({ key: row.category, itemId: null, name: row.category, units: Number(row.units), salesIncl: Number(row.sales_incl), salesExcl: Number(row.sales_excl), cost: Number(row.cost) }));
  }

  const rows = await factsIn(db, filter)
    .innerJoin('items', 'items.id', 'sales_facts.item_id')
    .select(['items.id', 'items.stock_number', 'items.name', ...sums])
    .groupBy(['items.id', 'items.stock_number', 'items.name'])
    .execute();
  return rows.map((row) => ({ key: row.stock_number, itemId: Number(row.id), name: row.name, units: Number(row.units), salesIncl: Number(row.sales_incl), salesExcl: Number(row.sales_excl), cost: Number(row.cost) }));
}

export type SoldWhereDimension = 'category' | 'metal' | 'brand';

/** Net units and tax-included sales per group and channel, or per group and location. */
export async function soldWhere(
  db: Executor,
  filter: FactsFilter,
  dimension: SoldWhereDimension,
  across: 'channel' | 'location',
): Promise<Array<{ group: string; across: string; units: number; salesIncl: number }>> {
  const rows = await factsIn(db, filter)
    .select([
      sql<string>`${sql.ref(`sales_facts.${dimension}`)}`.as('group_key'),
      sql<string | number>`${sql.ref(across === 'channel' ? 'sales_facts.channel' : 'sales_facts.location_id')}`.as('across_key'),
      sql<number>`sum(sales_facts.quantity)`.as('units'),
      sql<number>`sum(sales_facts.sales_incl)`.as('sales_incl'),
    ])
    .groupBy([`sales_facts.${dimension}`, across === 'channel' ? 'sales_facts.channel' : 'sales_facts.location_id'])
    .execute();
  return rows.map((row) => ({ group: row.group_key, across: String(row.across_key), units: Number(row.units), salesIncl: Number(row.sales_incl) }));
}

/**
 * Pieces sold per channel and days in stock, from the sale rows of the period. A sale whose
 * piece came back later (a return row of the same item dated the sale's day or after) is
 * left out, because the piece did not stay sold.
 */
export async function daysInStockByChannel(db: Executor, filter: FactsFilter): Promise<Array<{ channel: SalesChannel; days: number; units: number }>> {
  const rows = await factsIn(db, filter)
    .select(['sales_facts.channel', 'sales_facts.days_in_stock', sql<number>`sum(sales_facts.quantity)`.as('units')])
    .where('sales_facts.kind', '=', 'sale')
    .where('sales_facts.days_in_stock', 'is not', null)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('sales_facts as returned')
            .select('returned.id')
            .whereRef('returned.item_id', '=', 'sales_facts.item_id')
            .where('returned.kind', '=', 'return')
            .whereRef('returned.business_date', '>=', 'sales_facts.business_date'),
        ),
      ),
    )
    .groupBy(['sales_facts.channel', 'sales_facts.days_in_stock'])
    .execute();
  return rows.map((row) => ({ channel: row.channel, days: Number(row.days_in_stock), units: Number(row.units) }));
}
