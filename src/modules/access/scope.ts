import type { Executor } from '../../db/database.js';
import { defineErrors } from '../../shared/errors.js';

/**
 * Where a user may act. A user limited to some locations (staff of one store) may act only
 * on stock and documents there; other locations' documents answer 404 so that their
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

/** True when stock levels at the location may be shown to the user. */
export function canSeeStockAt(scope: LocationScope, locationId: number): boolean {
  return scope.seesOtherLocations || canActAt(scope, locationId);
}

/** Locations to filter lists by, or undefined when the user sees every location. */
export function actingLocationFilter(scope: LocationScope): readonly number[] | undefined {
  return scope.all ? undefined : scope.locationIds;
}

/** Locations whose stock the user may see, or undefined when they may see all. */
export function visibleStockFilter(scope: LocationScope): readonly number[] | undefined {
  return scope.all || scope.seesOtherLocations ? undefined : scope.locationIds;
}

/**
 * Item ids among `itemIds` that the user may see: with `visibleStockFilter` undefined all of
 * them, otherwise those that have, or had, a stock balance at one of the user's locations.
 */
export async function visibleItemIds(db: Executor, scope: LocationScope, itemIds: readonly number[]): Promise<Set<number>> {
  const filter = visibleStockFilter(scope);
  if (filter === undefined) return new Set(itemIds);
  if (itemIds.length === 0 || filter.length === 0) return new Set();

  const rows = await db
    .selectFrom('stock_balances')
    .select('item_id')
    .distinct()
    .where('item_id', 'in', [...new Set(itemIds)])
    .where('location_id', 'in', [...filter])
    .execute();
  return new Set(rows.map((row) => row.item_id));
}
