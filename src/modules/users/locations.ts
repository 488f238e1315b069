import type { Executor } from '../../db/database.js';
import { userErrors } from './errors.js';

/** The locations a user may act at, as stored: every location, or the listed ones. */
export interface LocationAssignment {
  allLocations: boolean;
  /** Sorted and without duplicates; empty when allLocations is true. */
  locationIds: number[];
  defaultLocationId: number | null;
}

/** Requested changes; an omitted field keeps the current value (or the default on create). */
export interface LocationAssignmentInput {
  allLocations?: boolean | undefined;
  locationIds?: readonly number[] | undefined;
  defaultLocationId?: number | null | undefined;
}

/** Raises location_not_found for the first id that is not a location users can work at. */
async function assertLocationsExist(db: Executor, ids: readonly number[], field: string): Promise<void> {
  if (ids.length === 0) return;
  // The transit location contains goods on their way between locations; nobody works there.
  const rows = await db.selectFrom('locations').select('id').where('id', 'in', [...ids]).where('kind', '!=', 'transit').execute();
  const found = new Set(rows.map((row) => row.id));
  const missing = ids.find((id) => !found.has(id));
  if (missing !== undefined) throw userErrors.location_not_found({ location: `ID ${missing}` }, { field, id: missing });
}

/**
 * Works out a user's locations from the request and the current values, and checks them:
 * the ids exist, a limited user has at least one, owners are never limited, and the default
 * location is one the user may act at. A default that a change of locations leaves outside
 * the new list is cleared unless the request names it, in which case it is rejected.
 */
export async function resolveLocationAssignment(
  db: Executor,
  roleCode: string,
  input: LocationAssignmentInput,
  current?: LocationAssignment,
): Promise<LocationAssignment> {
  const owner = roleCode === 'owner';
  const allLocations = input.allLocations ?? (owner ? true : (current?.allLocations ?? true));
  if (owner && !allLocations) throw userErrors.owner_all_locations({}, { field: 'allLocations' });

  let locationIds: number[] = [];
  if (allLocations) {
    if (input.locationIds !== undefined && input.locationIds.length > 0) {
      throw userErrors.locations_with_all_locations({}, { field: 'locationIds' });
    }
  } else {
    locationIds = [...new Set(input.locationIds ?? current?.locationIds ?? [])].sort((a, b) => a - b);
    if (locationIds.length === 0) throw userErrors.no_locations_assigned({}, { field: 'locationIds' });
    await assertLocationsExist(db, locationIds, 'locationIds');
  }

  let defaultLocationId = input.defaultLocationId === undefined ? (current?.defaultLocationId ?? null) : input.defaultLocationId;
  if (defaultLocationId !== null && !allLocations && !locationIds.includes(defaultLocationId)) {
    if (input.defaultLocationId !== undefined) {
      const named = await db.selectFrom('locations').select('name').where('id', '=', defaultLocationId).executeTakeFirst();
      const location = named?.name ?? `ID ${defaultLocationId}`;
      throw userErrors.default_location_not_assigned({ location }, { field: 'defaultLocationId' });
    }
    defaultLocationId = null;
  }
  if (defaultLocationId !== null && input.defaultLocationId !== undefined) {
    await assertLocationsExist(db, [defaultLocationId], 'defaultLocationId');
  }

  return { allLocations, locationIds, defaultLocationId };
}
