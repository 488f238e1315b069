import type { Db, Executor, Tx } from '../../db/database.js';
import { nowIso } from '../../db/database.js';
import type { User } from '../../db/schema.js';
import { recordAudit, type AuditActor } from '../audit/service.js';
import { authErrors } from '../auth/errors.js';
import { hashPassword } from '../auth/password.js';
import { assertPasswordAllowed } from '../auth/password-policy.js';
import { createUser } from '../auth/service.js';
import { assertCanGrant, findRoleGrant, type RoleGrant } from '../roles/service.js';
import { assertCanAssignLocations, assertCanManageUser, assertOwnAccessUnchanged, type ManagedUser, type UserManager } from './access.js';
import { userErrors } from './errors.js';
import { resolveLocationAssignment, type LocationAssignment } from './locations.js';
import type { UserCreateInput, UserOutput, UserUpdateInput } from './schemas.js';

export function toUserOutput(row: User, locationIds: number[]): UserOutput {
  const allLocations = row.all_locations === 1;
  return {
    id: row.id,
    email: row.email,
    displayName: row.display_name,
    locale: row.locale,
    role: row.role_code,
    isOwner: row.is_owner === 1,
    isActive: row.is_active === 1,
    allLocations,
    locationIds: allLocations ? [] : locationIds,
    defaultLocationId: row.default_location_id,
    createdAt: row.created_at,
    lastLoginAt: row.last_login_at,
  };
}

/** Location ids per user, sorted, for the given users or all of them. */
async function locationIdsByUser(db: Executor, userIds?: number[]): Promise<Map<number, number[]>> {
  let query = db.selectFrom('user_locations').select(['user_id', 'location_id']).orderBy('location_id');
  if (userIds !== undefined) query = query.where('user_id', 'in', userIds);
  const byUser = new Map<number, number[]>();
  for (const row of await query.execute()) {
    const list = byUser.get(row.user_id) ?? [];
    list.push(row.location_id);
    byUser.set(row.user_id, list);
  }
  return byUser;
}

/**
 * Lists staff accounts. A manager limited to some locations sees themselves and the users
 * whose locations all lie within their own, the ones they could manage.
 */
export async function listUsers(db: Executor, manager: UserManager): Promise<UserOutput[]> {
  const rows = await db.selectFrom('users').selectAll().orderBy('email').execute();
  const locations = await locationIdsByUser(db);
  const users = rows.map((row) => toUserOutput(row, locations.get(row.id) ?? []));
  if (manager.scope.all) return users;

  const own = new Set(manager.scope.locationIds);
  return users.filter((user) => user.id === manager.id || (!user.allLocations && user.locationIds.every((id) => own.has(id))));
}

async function getUser(db: Executor, id: number): Promise<User> {
  const row = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw userErrors.user_not_found({ id });
  return row;
}

export async function getUserOutput(db: Executor, id: number): Promise<UserOutput> {
  const row = await getUser(db, id);
  const locations = await locationIdsByUser(db, [id]);
  return toUserOutput(row, locations.get(id) ?? []);
}

async function getRoleGrant(db: Executor, code: string): Promise<RoleGrant> {
  const role = await findRoleGrant(db, code);
  if (!role) throw authErrors.role_not_found({ role: code }, { field: 'role' });
  return role;
}

/** Counts active users with the owner role, to keep at least one. */
async function activeOwnerCount(trx: Tx): Promise<number> {
  const row = await trx
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('role_code', '=', 'owner')
    .where('is_active', '=', 1)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Loads a user's role and locations in the form that the rules for managing users compare. */
async function toManagedUser(db: Executor, user: UserOutput): Promise<ManagedUser> {
  return { id: user.id, role: await getRoleGrant(db, user.role), allLocations: user.allLocations, locationIds: user.locationIds };
}

/**
 * Records the creation of a user, with the stored account (no password) as `after`, and
 * returns it. Call it in the transaction that inserted the user.
 */
export async function recordUserCreated(trx: Tx, actor: AuditActor, userId: number, detail?: unknown): Promise<UserOutput> {
  const user = await getUserOutput(trx, userId);
  await recordAudit(trx, actor, {
    action: 'user.create',
    entityType: 'user',
    entityId: user.id,
    after: user,
    ...(detail === undefined ? {} : { detail }),
  });
  return user;
}

/**
 * Creates a staff account. The creator must be able to grant the role (see assertCanGrant)
 * and the locations (see assertCanAssignLocations), and the locations must exist.
 * createUser checks the password rules and that the email is free.
 */
export async function createStaffUser(trx: Tx, manager: UserManager, input: UserCreateInput, actor: AuditActor): Promise<UserOutput> {
  const role = await getRoleGrant(trx, input.role);
  assertCanGrant(manager, role);
  const assignment = await resolveLocationAssignment(trx, role.code, input);
  await assertCanAssignLocations(trx, manager, assignment);

  const created = await createUser(trx, {
    email: input.email,
    password: input.password,
    locale: input.locale,
    role: role.code,
    isOwner: role.code === 'owner',
    ...(input.displayName === undefined ? {} : { displayName: input.displayName }),
    ...(assignment.allLocations ? {} : { locationIds: assignment.locationIds }),
    defaultLocationId: assignment.defaultLocationId,
  });
  return recordUserCreated(trx, actor, created.id);
}

async function replaceUserLocations(trx: Tx, userId: number, locationIds: readonly number[]): Promise<void> {
  await trx.deleteFrom('user_locations').where('user_id', '=', userId).execute();
  if (locationIds.length > 0) {
    await trx
      .insertInto('user_locations')
      .values(locationIds.map((locationId) => ({ user_id: userId, location_id: locationId })))
      .execute();
  }
}

function sameIds(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((id, index) => id === b[index]);
}

/**
 * Changes a user's name, language, role, locations or active flag. The editor must hold
 * every permission and location of the user as they stand (see assertCanManageUser) and be
 * able to grant the new role and locations, so nobody takes over an account that has more
 * access than they do. Nobody changes their own role or locations. Deactivating ends every
 * session of the user in the same transaction, so an open browser stops working on its next
 * request; a new role or new locations apply from the user's next request. The last active
 * owner can be neither deactivated nor moved to another role.
 */
export async function updateUser(trx: Tx, manager: UserManager, id: number, input: UserUpdateInput, actor: AuditActor): Promise<UserOutput> {
  const before = await getUserOutput(trx, id);
  // An empty request changes nothing, so it needs no right to manage the user.
  const changes = Object.values(input).some((value) => value !== undefined);
  const managed = await toManagedUser(trx, before);
  if (changes) await assertCanManageUser(trx, manager, managed);

  const roleCode = input.role ?? before.role;
  const current: LocationAssignment = {
    allLocations: before.allLocations,
    locationIds: before.locationIds,
    defaultLocationId: before.defaultLocationId,
  };
  const assignment = await resolveLocationAssignment(trx, roleCode, input, current);
  assertOwnAccessUnchanged(manager, managed, roleCode, assignment);

  if (input.role !== undefined) assertCanGrant(manager, await getRoleGrant(trx, input.role));
  if (changes) await assertCanAssignLocations(trx, manager, assignment);

  const losesOwner = before.role === 'owner' && before.isActive && (roleCode !== 'owner' || input.isActive === false);
  if (losesOwner && (await activeOwnerCount(trx)) <= 1) throw userErrors.last_owner({});
  // Deactivating yourself would end your own session mid-task; another manager does it.
  if (id === manager.id && input.isActive === false) throw userErrors.own_deactivation({});

  await trx
    .updateTable('users')
    .set({
      ...(input.displayName === undefined ? {} : { display_name: input.displayName }),
      ...(input.locale === undefined ? {} : { locale: input.locale }),
      ...(input.role === undefined ? {} : { role_code: roleCode, is_owner: roleCode === 'owner' ? 1 : 0 }),
      ...(input.isActive === undefined ? {} : { is_active: input.isActive ? 1 : 0 }),
      all_locations: assignment.allLocations ? 1 : 0,
      default_location_id: assignment.defaultLocationId,
    })
    .where('id', '=', id)
    .execute();
  if (!sameIds(assignment.locationIds, before.locationIds)) await replaceUserLocations(trx, id, assignment.locationIds);
  if (input.isActive === false) await trx.deleteFrom('sessions').where('user_id', '=', id).execute();

  const after = await getUserOutput(trx, id);
  await recordAudit(trx, actor, { action: 'user.update', entityType: 'user', entityId: id, before, after });
  return after;
}

/**
 * Sets a new password for a user who forgot theirs, ends all of their sessions and lifts
 * the sign-in lock on their email by deleting its failed sign-ins. Failures counted per IP
 * address stay, so the per-address limit still holds. The same rule as for updates applies
 * (see assertCanManageUser). The audit event records that a reset happened, never the
 * password.
 */
export async function resetPassword(db: Db, manager: UserManager, id: number, password: string, actor: AuditActor): Promise<void> {
  // A reset skips the current password, which a stolen session must not be able to do.
  if (id === manager.id) throw userErrors.own_password_reset({});
  const user = await getUser(db, id);
  assertPasswordAllowed(password, user.email);
  // Hashing is slow by design, so it happens before the transaction opens.
  const hash = await hashPassword(password);

  await db.transaction().execute(async (trx) => {
    const current = await getUserOutput(trx, id);
    await assertCanManageUser(trx, manager, await toManagedUser(trx, current));

    await trx.updateTable('users').set({ password_hash: hash, password_changed_at: nowIso() }).where('id', '=', id).execute();
    const ended = await trx.deleteFrom('sessions').where('user_id', '=', id).executeTakeFirst();
    // users.email and login_failures.email are both stored normalized (trimmed, lower case).
    const cleared = await trx.deleteFrom('login_failures').where('email', '=', current.email).executeTakeFirst();
    await recordAudit(trx, actor, {
      action: 'user.password_reset',
      entityType: 'user',
      entityId: id,
      detail: { sessionsEnded: Number(ended.numDeletedRows), loginFailuresCleared: Number(cleared.numDeletedRows) },
    });
  });
}
