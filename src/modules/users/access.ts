import type { Executor } from '../../db/database.js';
import { PERMISSION_LABELS } from '../access/permissions.js';
import type { SessionUser } from '../auth/service.js';
import { roleErrors } from '../roles/errors.js';
import { missingPermissions, type RoleGrant } from '../roles/service.js';
import { userErrors } from './errors.js';
import type { LocationAssignment } from './locations.js';

// The grant rule ("you can grant only what you hold") applied to user accounts: a manager
// may hand out, and may manage users with, only the permissions and locations they have.

/** The part of the signed-in user that the rules for managing users read. */
export type UserManager = Pick<SessionUser, 'id' | 'role' | 'permissions'> & {
  scope: Pick<SessionUser['scope'], 'all' | 'locationIds'>;
};

/** A managed user's role and locations as stored. */
export interface ManagedUser {
  id: number;
  role: RoleGrant;
  allLocations: boolean;
  locationIds: readonly number[];
}

interface NameList {
  ja: string;
  en: string;
}

/** Names of the given locations for messages, in the order of the ids; "ID n" for an unknown id. */
async function locationNames(db: Executor, ids: readonly number[]): Promise<NameList> {
  if (ids.length === 0) return { ja: 'なし', en: 'none' };
  const rows = await db.selectFrom('locations').select(['id', 'name']).where('id', 'in', [...ids]).execute();
  const byId = new Map(rows.map((row) => [row.id, row.name]));
  const names = ids.map((id) => byId.get(id) ?? `ID ${id}`);
  return { ja: names.join('、'), en: names.join(', ') };
}

/**
 * Raises unless the manager holds every permission and every location of the user. Only
 * owners may manage an owner (owner_only); anyone else who lacks some of the user's
 * permissions or locations gets user_manage_denied, which lists what they lack. A user at
 * every location is beyond a manager limited to some. Changing, deactivating and resetting
 * the password of a user all need this, because a reset password hands the account over.
 */
export async function assertCanManageUser(db: Executor, manager: UserManager, user: ManagedUser): Promise<void> {
  // A manager limited to some locations does not see users beyond them (listUsers), so
  // such a user is reported as not found rather than named in a refusal.
  const beyondLocations =
    !manager.scope.all && (user.allLocations || user.locationIds.some((id) => !manager.scope.locationIds.includes(id)));
  if (beyondLocations && user.id !== manager.id) throw userErrors.user_not_found({ id: user.id });
  if (user.role.code === 'owner' && manager.role !== 'owner') throw roleErrors.owner_only({});

  const permissions = missingPermissions(manager, user.role);
  const beyondAll = !manager.scope.all && user.allLocations;
  const locationIds = manager.scope.all || user.allLocations ? [] : user.locationIds.filter((id) => !manager.scope.locationIds.includes(id));
  if (permissions.length === 0 && !beyondAll && locationIds.length === 0) return;

  const missingJa = permissions.map((permission) => PERMISSION_LABELS[permission].ja);
  const missingEn = permissions.map((permission) => PERMISSION_LABELS[permission].en);
  if (beyondAll || locationIds.length > 0) {
    const locations = beyondAll ? { ja: 'すべての拠点', en: 'every location' } : await locationNames(db, locationIds);
    missingJa.push(locations.ja);
    missingEn.push(locations.en);
  }
  throw userErrors.user_manage_denied(
    { missingJa: missingJa.join('、'), missingEn: missingEn.join(', ') },
    { userId: user.id, permissions, allLocations: beyondAll, locationIds },
  );
}

/**
 * Raises unless a manager limited to some locations stays within them: they cannot let a
 * user act at every location (all_locations_not_grantable) or assign a location outside
 * their own (location_not_grantable, naming those locations). Managers who act at every
 * location may assign any.
 */
export async function assertCanAssignLocations(db: Executor, manager: UserManager, assignment: LocationAssignment): Promise<void> {
  if (manager.scope.all) return;

  if (assignment.allLocations) {
    const own = await locationNames(db, manager.scope.locationIds);
    throw userErrors.all_locations_not_grantable({ ownJa: own.ja, ownEn: own.en }, { field: 'allLocations' });
  }

  const outside = assignment.locationIds.filter((id) => !manager.scope.locationIds.includes(id));
  if (outside.length > 0) {
    const names = await locationNames(db, outside);
    const own = await locationNames(db, manager.scope.locationIds);
    throw userErrors.location_not_grantable(
      { locationsJa: names.ja, locationsEn: names.en, ownJa: own.ja, ownEn: own.en },
      { field: 'locationIds', locationIds: outside },
    );
  }
}

/**
 * Raises own_access_change_denied when a manager's change to their own account would give
 * them another role or other locations, so nobody raises their own access. Values sent
 * unchanged (a form that sends every field) and the default location pass.
 */
export function assertOwnAccessUnchanged(
  manager: UserManager,
  user: ManagedUser,
  roleCode: string,
  assignment: Pick<LocationAssignment, 'allLocations' | 'locationIds'>,
): void {
  if (manager.id !== user.id) return;

  const sameLocations =
    assignment.allLocations === user.allLocations &&
    assignment.locationIds.length === user.locationIds.length &&
    assignment.locationIds.every((id, index) => id === user.locationIds[index]);
  if (roleCode !== user.role.code || !sameLocations) {
    throw userErrors.own_access_change_denied({}, { field: roleCode === user.role.code ? 'locationIds' : 'role' });
  }
}
