import { sql } from 'kysely';
import type { Executor } from '../../db/database.js';
import type { LocationKind } from '../../db/schema.js';
import { visibleStockFilter, type LocationScope } from '../access/scope.js';

// Stock value (在庫評価) per location. Our own pieces are valued at book cost, which is what
// counts as inventory in the accounts. Consigned pieces (受託品) belong to their consignors:
// they are counted apart, at retail price only, and never enter the inventory value. Our
// pieces placed with a consignee or carried to an exhibition are still ours and stay in it,
// shown under their location so the owner sees what is away.

export interface StockValueRow {
  locationId: number;
  locationCode: string;
  locationName: string;
  locationKind: LocationKind;
  /** Units of our own stock on hand. */
  ownUnits: number;
  /** Book cost of our own stock, yen: the inventory value. */
  ownBookCost: number;
  /** Retail value of our own stock, yen, on the items' price basis. */
  ownRetailValue: number;
  /** Units held for consignors (not ours). */
  consignedUnits: number;
  consignedRetailValue: number;
}

export interface StockValueReport {
  rows: StockValueRow[];
  totals: Omit<StockValueRow, 'locationId' | 'locationCode' | 'locationName' | 'locationKind'>;
  /** Part of the totals held away: at partners (consignment out) and exhibitions. */
  away: { ownUnits: number; ownBookCost: number; ownRetailValue: number };
}

export async function stockValueReport(db: Executor, scope: LocationScope, filter: { category?: string } = {}): Promise<StockValueReport> {
  const visible = visibleStockFilter(scope);
  let query = db
    .selectFrom('stock_balances')
    .innerJoin('items', 'items.id', 'stock_balances.item_id')
    .innerJoin('locations', 'locations.id', 'stock_balances.location_id')
    .select([
      'locations.id',
      'locations.code',
      'locations.name',
      'locations.kind',
      sql<number>`coalesce(sum(case when items.ownership = 'own' then stock_balances.quantity else 0 end), 0)`.as('own_units'),
      sql<number>`coalesce(sum(case when items.ownership = 'own' then stock_balances.quantity * items.cost else 0 end), 0)`.as('own_cost'),
      sql<number>`coalesce(sum(case when items.ownership = 'own' then stock_balances.quantity * items.retail_price else 0 end), 0)`.as('own_retail'),
      sql<number>`coalesce(sum(case when items.ownership = 'consignment_in' then stock_balances.quantity else 0 end), 0)`.as('consigned_units'),
      sql<number>`coalesce(sum(case when items.ownership = 'consignment_in' then stock_balances.quantity * items.retail_price else 0 end), 0)`.as('consigned_retail'),
    ])
    .where('stock_balances.quantity', '>', 0)
    .groupBy(['locations.id', 'locations.code', 'locations.name', 'locations.kind'])
    .orderBy('locations.code');
  if (visible) query = query.where('locations.id', 'in', visible.length > 0 ? [...visible] : [0]);
  if (filter.category) query = query.where('items.category', '=', filter.category);

  // PostgreSQL returns bigint sums as strings, hence Number().
  const rows: StockValueRow[] = (await query.execute()).map((row) => ({
    locationId: Number(row.id),
    locationCode: row.code,
    locationName: row.name,
    locationKind: row.kind,
    ownUnits: Number(row.own_units),
    ownBookCost: Number(row.own_cost),
    ownRetailValue: Number(row.own_retail),
    consignedUnits: Number(row.consigned_units),
    consignedRetailValue: Number(row.consigned_retail),
  }));

  const sum = (list: StockValueRow[], key: keyof StockValueReport['totals']) => list.reduce((total, row) => total + row[key], 0);
  const away = rows.filter((row) => row.locationKind === 'partner' || row.locationKind === 'exhibition');
  return {
    rows,
    totals: {
      ownUnits: sum(rows, 'ownUnits'),
      ownBookCost: sum(rows, 'ownBookCost'),
      ownRetailValue: sum(rows, 'ownRetailValue'),
      consignedUnits: sum(rows, 'consignedUnits'),
      consignedRetailValue: sum(rows, 'consignedRetailValue'),
    },
    away: { ownUnits: sum(away, 'ownUnits'), ownBookCost: sum(away, 'ownBookCost'), ownRetailValue: sum(away, 'ownRetailValue') },
  };
}
