import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { Executor } from '../../db/database.js';
import { defineErrors } from '../../shared/errors.js';

/**
 * Where a user may act. A user limited to some locations (staff of one store) may act only
 * on stock and documents there; other locations' documents return 404 so that their
 * existence does not leak. Whether such users may see stock levels elsewhere is a company
 * setting (`seesOtherLocations`).
 */
export interface LocationScope {
  /** True for users who may act everywhere (owners, and users set to all locations). */
  all: boolean;
  /** Locations the user may act at; empty when `all` is true. */
  locationIds: readonly number[];
  /** True when the user may see stock levels and items at locations outside their own. */
  seesOtherLocations: boolean;
}

/** Scope of internal callers (command line, demo data, migrations): everything. */
export const UNRESTRICTED_SCOPE: LocationScope = { all: true, locationIds: [], seesOtherLocations: true };

export const accessErrors = defineErrors({
  location_out_of_scope: {
    kind: 'forbidden',
    ja: (p: { location: string }) =>
      `${p.location} での操作は許可されていません。担当の拠点で操作するか、管理者に拠点の権限の付与を依頼してください。`,
    en: (p: { location: string }) =>
      `You are not allowed to act at ${p.location}. Work at your own location or ask an administrator to grant this one.`,
  },
  no_locations: {
    kind: 'forbidden',
    ja: () => '担当の拠点が設定されていません。管理者に拠点の割り当てを依頼してください。',
    en: () => 'No location is assigned to you. Ask an administrator to assign one.',
  },
});

export function canActAt(scope: LocationScope, locationId: number): boolean {
  return scope.all || scope.locationIds.includes(locationId);
}

/** Throws location_out_of_scope, naming the location, unless the user may act there. */
export function assertCanActAt(scope: LocationScope, location: { id: number; name: string }, field?: string): void {
  if (!canActAt(scope, location.id)) {
    throw accessErrors.location_out_of_scope({ location: location.name }, field === undefined ? undefined : { field });
  }
}

/** True when stock levels at the location may be shown to the user. */
export function canSeeStockAt(scope: LocationScope, locationId: number): boolean {
  return scope.seesOtherLocations || canActAt(scope, locationId);
}

/**
 * Returns ids for an SQL `in` filter. An empty list yields [0], which matches no row because
 * ids start at 1. (`in ()` is not valid SQL.)
 */
export function idsForInFilter(ids: readonly number[]): number[] {
  return ids.length > 0 ? [...ids] : [0];
}

/** Returns a limited user's locations for an SQL `in` filter (see idsForInFilter). */
export function scopedLocationIds(scope: LocationScope): number[] {
  return idsForInFilter(scope.locationIds);
}

/** Locations whose stock the user may see, or undefined when they may see all. */
export function visibleStockFilter(scope: LocationScope): readonly number[] | undefined {
  return scope.all || scope.seesOtherLocations ? undefined : scope.locationIds;
}

/**
 * SQL condition on `items` that keeps the items a user limited to `locationIds` may see.
 * These are items that have, or had, a stock balance at one of those locations, and
 * catalogue entries that have never held stock anywhere (a new entry has no location yet).
 */
export function itemVisibleCondition(locationIds: readonly number[]): RawBuilder<SqlBool> {
  const own = idsForInFilter(locationIds);
  return sql<SqlBool>`(exists (select 1 from stock_balances sb where sb.item_id = items.id and sb.location_id in (${sql.join(own)}))
    or not exists (select 1 from stock_balances sb where sb.item_id = items.id))`;
}

/** Item ids among `itemIds` that the user may see; see itemVisibleCondition. */
export async function visibleItemIds(db: Executor, scope: LocationScope, itemIds: readonly number[]): Promise<Set<number>> {
  const filter = visibleStockFilter(scope);
  if (filter === undefined) return new Set(itemIds);
  if (itemIds.length === 0) return new Set();

  const rows = await db
    .selectFrom('items')
    .select('id')
    .where('id', 'in', [...new Set(itemIds)])
    .where(itemVisibleCondition(filter))
    .execute();
  return new Set(rows.map((row) => row.id));
}

/**
 * Item ids among `itemIds` that the user may change. An item with stock on hand anywhere
 * must have some at one of the user's locations, so staff cannot reprice another store's
 * piece. An item with none on hand must be visible to them.
 */
export async function actableItemIds(db: Executor, scope: LocationScope, itemIds: readonly number[]): Promise<Set<number>> {
  if (scope.all) return new Set(itemIds);
  if (itemIds.length === 0) return new Set();

  const own = scopedLocationIds(scope);
  const rows = await db
    .selectFrom('items')
    .select('id')
    .where('id', 'in', [...new Set(itemIds)])
    .where(
      sql<SqlBool>`(exists (select 1 from stock_balances sb where sb.item_id = items.id and sb.quantity > 0 and sb.location_id in (${sql.join(own)}))
        or (not exists (select 1 from stock_balances sb where sb.item_id = items.id and sb.quantity > 0) and ${itemVisibleCondition(own)}))`,
    )
    .execute();
  return new Set(rows.map((row) => row.id));
}
