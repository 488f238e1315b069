import { sql, type RawBuilder } from 'kysely';
import type { Executor } from '../../db/database.js';
import type { SalesChannel, SalesDailyTable } from '../../db/schema.js';
import type { Locale } from '../../shared/errors.js';
import type { LocationScope } from '../access/scope.js';
import { CATEGORIES, CATEGORY_LABELS, METAL_LABELS } from '../items/attributes.js';
import { CHANNEL_LABELS, SALES_CHANNELS } from './query.js';
import { reportLocationFilter } from './registry.js';
import type { Label } from './table.js';

// Reads of the daily summaries (sales_daily, sales_daily_staff) for the sales reports, the
// targets and the dashboard. Every read is one GROUP BY over a date range of a summary, so
// its cost follows the days and locations asked for, not the number of sales.

/** Figures of the sales_daily rows summed over a group, all in yen except the counts. */
export interface DailySums {
  units: number;
  returnedUnits: number;
  salesIncl: number;
  salesExcl: number;
  tax: number;
  discount: number;
  cost: number;
  returns: number;
  tickets: number;
}

/** Figures of the sales_daily_staff rows; units and tickets in hundredths (a 60 % share of one sale is 60). */
export interface StaffSums {
  unitsHundredths: number;
  salesIncl: number;
  salesExcl: number;
  cost: number;
  returns: number;
  ticketsHundredths: number;
}

export interface SummaryFilter {
  from: string;
  to: string;
  /** Locations to include; undefined for every location. */
  locationIds?: readonly number[];
  /** Channels to include; undefined or empty for every channel. */
  channels?: readonly SalesChannel[];
}

/** Period key of a summary read's rows, besides the group: the date, the month, or none. */
export type PeriodColumn = 'day' | 'month' | 'none';

export const GROUP_BYS = ['none', 'location', 'channel', 'category', 'metal', 'brand', 'supplier', 'staff'] as const;
export type GroupBy = (typeof GROUP_BYS)[number];
export type DailyGroupBy = Exclude<GroupBy, 'staff'>;

/**
 * Locations a report may read: those asked for, narrowed to the user's own locations when the
 * user is limited to some. Undefined means every location.
 */
export function allowedLocations(scope: LocationScope, requested: readonly number[] | undefined): readonly number[] | undefined {
  const own = reportLocationFilter(scope);
  const requestedIds = requested && requested.length > 0 ? requested : undefined;
  if (own === undefined) return requestedIds;
  if (requestedIds === undefined) return own;
  const both = requestedIds.filter((id) => own.includes(id));
  return both.length > 0 ? both : [0];
}

function periodExpression(period: PeriodColumn): RawBuilder<string> | null {
  if (period === 'day') return sql<string>`business_date`;
  if (period === 'month') return sql<string>`substr(business_date, 1, 7)`;
  return null;
}

/** Chooses the sales_daily dimension rows a grouping reads and the column it groups them by. */
function dailyGrouping(groupBy: DailyGroupBy): { dimension: SalesDailyTable['dimension']; column: RawBuilder<string> | null } {
  switch (groupBy) {
    case 'none':
      return { dimension: '', column: null };
    case 'location':
      return { dimension: '', column: sql<string>`location_id` };
    case 'channel':
      return { dimension: '', column: sql<string>`channel` };
    default:
      return { dimension: groupBy, column: sql<string>`dimension_value` };
  }
}

const toNumber = (value: unknown): number => (value === null || value === undefined ? 0 : Number(value));

/**
 * Sums sales_daily per period and group. The monthly-by-location report is one GROUP BY over
 * the totals rows (dimension '') by substr(business_date, 1, 7) and location_id, which the
 * primary key (dimension, business_date, …) serves as a range scan.
 */
export async function sumDaily(
  db: Executor,
  filter: SummaryFilter,
  period: PeriodColumn,
  groupBy: DailyGroupBy,
): Promise<Array<DailySums & { period: string; group: string }>> {
  const { dimension, column } = dailyGrouping(groupBy);
  const periodColumn = periodExpression(period);

  let query = db
    .selectFrom('sales_daily')
    .select([
      (periodColumn ?? sql<string>`''`).as('period'),
      (column ?? sql<string>`''`).as('grp'),
      sql<number>`sum(quantity)`.as('units'),
      sql<number>`sum(returned_quantity)`.as('returned_units'),
      sql<number>`sum(sales_incl)`.as('sales_incl'),
      sql<number>`sum(sales_excl)`.as('sales_excl'),
      sql<number>`sum(tax)`.as('tax'),
      sql<number>`sum(discount)`.as('discount'),
      sql<number>`sum(cost)`.as('cost'),
      sql<number>`sum(returns_incl)`.as('returns'),
      sql<number>`sum(tickets)`.as('tickets'),
    ])
    .where('dimension', '=', dimension)
    .where('business_date', '>=', filter.from)
    .where('business_date', '<=', filter.to);
  if (filter.locationIds) query = query.where('location_id', 'in', [...filter.locationIds]);
  if (filter.channels && filter.channels.length > 0) query = query.where('channel', 'in', [...filter.channels]);

  // PostgreSQL rejects a constant in GROUP BY, so only real columns are listed.
  const groupColumns = [periodColumn, column].filter((expression): expression is RawBuilder<string> => expression !== null);
  if (groupColumns.length > 0) query = query.groupBy(groupColumns);

  const rows = await query.execute();
  return rows
    .map((row) => ({
      period: String(row.period),
      group: String(row.grp),
      units: toNumber(row.units),
      returnedUnits: toNumber(row.returned_units),
      salesIncl: toNumber(row.sales_incl),
      salesExcl: toNumber(row.sales_excl),
      tax: toNumber(row.tax),
      discount: toNumber(row.discount),
      cost: toNumber(row.cost),
      returns: toNumber(row.returns),
      tickets: toNumber(row.tickets),
    }))
    .filter((row) => !isEmpty(row));
}

/** Sums sales_daily_staff per period and staff member (group is the user id). */
export async function sumStaffDaily(db: Executor, filter: SummaryFilter, period: PeriodColumn): Promise<Array<StaffSums & { period: string; group: string }>> {
  const periodColumn = periodExpression(period);

  let query = db
    .selectFrom('sales_daily_staff')
    .select([
      (periodColumn ?? sql<string>`''`).as('period'),
      'user_id',
      sql<number>`sum(quantity_share)`.as('units'),
      sql<number>`sum(sales_incl)`.as('sales_incl'),
      sql<number>`sum(sales_excl)`.as('sales_excl'),
      sql<number>`sum(cost)`.as('cost'),
      sql<number>`sum(returns_incl)`.as('returns'),
      sql<number>`sum(tickets_share)`.as('tickets'),
    ])
    .where('business_date', '>=', filter.from)
    .where('business_date', '<=', filter.to);
  if (filter.locationIds) query = query.where('location_id', 'in', [...filter.locationIds]);
  if (filter.channels && filter.channels.length > 0) query = query.where('channel', 'in', [...filter.channels]);
  query = periodColumn ? query.groupBy([periodColumn, 'user_id']) : query.groupBy('user_id');

  const rows = await query.execute();
  return rows
    .map((row) => ({
      period: String(row.period),
      group: String(row.user_id),
      unitsHundredths: toNumber(row.units),
      salesIncl: toNumber(row.sales_incl),
      salesExcl: toNumber(row.sales_excl),
      cost: toNumber(row.cost),
      returns: toNumber(row.returns),
      ticketsHundredths: toNumber(row.tickets),
    }))
    .filter((row) => !isEmpty(row));
}

/** Tells whether every figure of a row is 0 (a voided sale's additions and subtractions cancel), so it is left out. */
function isEmpty(row: object): boolean {
  return Object.entries(row).every(([key, value]) => key === 'period' || key === 'group' || value === 0);
}

const NO_METAL: Label = { ja: '地金なし', en: 'No metal' };
const NO_BRAND: Label = { ja: 'ブランドなし', en: 'No brand' };
const NO_SUPPLIER: Label = { ja: '仕入先なし（委託品など）', en: 'No supplier (consigned pieces and the like)' };

/** Display names and a sort order of the groups of a report, in the user's language. */
export interface GroupNames {
  name(group: string): string;
  /** The code people know a group by (a location's or supplier's code); other groups are their own key. */
  code?(group: string): string;
  /** Compare function putting groups in the order the screens list them. */
  compare(a: string, b: string): number;
}

const byText = (a: string, b: string) => a.localeCompare(b, 'en');

/** Sorts '' (no brand, no supplier) after every named group. */
function emptyLast(a: string, b: string, compare: (a: string, b: string) => number): number {
  if (a === '' || b === '') return Number(a === '') - Number(b === '');
  return compare(a, b);
}

/** Names a report's groups: locations, channels, categories, metals, brands, suppliers or staff members. */
export async function groupNames(db: Executor, groupBy: GroupBy, groups: readonly string[], locale: Locale): Promise<GroupNames> {
  const ids = [...new Set(groups)].filter((group) => /^\d+$/.test(group)).map(Number);

  switch (groupBy) {
    case 'none':
      return { name: () => '', compare: () => 0 };
    case 'location': {
      const rows = ids.length === 0 ? [] : await db.selectFrom('locations').select(['id', 'code', 'name']).where('id', 'in', ids).execute();
      const byId = new Map(rows.map((row) => [String(row.id), row]));
      return { name: (group) => byId.get(group)?.name ?? group, code: (group) => byId.get(group)?.code ?? group, compare: (a, b) => byText(byId.get(a)?.code ?? a, byId.get(b)?.code ?? b) };
    }
    case 'channel':
      return {
        name: (group) => CHANNEL_LABELS[group as SalesChannel]?.[locale] ?? group,
        compare: (a, b) => SALES_CHANNELS.indexOf(a as SalesChannel) - SALES_CHANNELS.indexOf(b as SalesChannel),
      };
    case 'category': {
      const order = (group: string) => {
        const index = (CATEGORIES as readonly string[]).indexOf(group);
        return index < 0 ? CATEGORIES.length : index;
      };
      return { name: (group) => CATEGORY_LABELS[group as keyof typeof CATEGORY_LABELS]?.[locale] ?? group, compare: (a, b) => order(a) - order(b) || byText(a, b) };
    }
    case 'metal': {
      const codes = Object.keys(METAL_LABELS);
      const order = (group: string) => (group === '' ? codes.length + 1 : codes.includes(group) ? codes.indexOf(group) : codes.length);
      return {
        name: (group) => (group === '' ? NO_METAL[locale] : (METAL_LABELS[group as keyof typeof METAL_LABELS]?.[locale] ?? group)),
        compare: (a, b) => order(a) - order(b) || byText(a, b),
      };
    }
    case 'brand':
      return { name: (group) => (group === '' ? NO_BRAND[locale] : group), compare: (a, b) => emptyLast(a, b, byText) };
    case 'supplier': {
      const rows = ids.length === 0 ? [] : await db.selectFrom('suppliers').select(['id', 'code', 'name']).where('id', 'in', ids).execute();
      const byId = new Map(rows.map((row) => [String(row.id), row]));
      const name = (group: string) => (group === '' ? NO_SUPPLIER[locale] : (byId.get(group)?.name ?? group));
      return { name, code: (group) => byId.get(group)?.code ?? group, compare: (a, b) => emptyLast(a, b, (x, y) => byText(name(x), name(y))) };
    }
    case 'staff': {
      const rows = ids.length === 0 ? [] : await db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', ids).execute();
      const byId = new Map(rows.map((row) => [String(row.id), row.display_name]));
      const name = (group: string) => byId.get(group) ?? group;
      return { name, compare: (a, b) => byText(name(a), name(b)) || Number(a) - Number(b) };
    }
  }
}
