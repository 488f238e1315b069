import type { Selectable } from 'kysely';
import { idsForInFilter } from '../access/scope.js';
import type { Executor, Tx } from '../../db/database.js';
import { nowIso } from '../../db/database.js';
import type { RolesTable } from '../../db/schema.js';
import { commonErrors } from '../../shared/errors.js';
import { BUILTIN_ROLES, isBuiltinRole, isPermission, PERMISSION_LABELS, PERMISSIONS, type Permission } from '../access/permissions.js';
import { recordAudit, type AuditActor } from '../audit/service.js';
import { rolePermissions, type SessionUser } from '../auth/service.js';
import { roleErrors } from './errors.js';
import type { RoleCreateInput, RoleOutput, RoleUpdateInput } from './schemas.js';

type Role = Selectable<RolesTable>;

/** The part of the signed-in user that the grant rule reads. */
export type Grantor = Pick<SessionUser, 'role' | 'permissions'>;

/** A role's code and effective permissions, as the grant rule compares them. */
export interface RoleGrant {
  code: string;
  permissions: readonly Permission[];
}

/** Returns the role's permissions that the grantor does not hold, in the role's order. */
export function missingPermissions(grantor: Grantor, role: RoleGrant): Permission[] {
  return role.permissions.filter((permission) => !grantor.permissions.includes(permission));
}

/**
 * The escalation guard: a user may hand out only permissions they hold themselves (owners
 * hold all), and only owners may hand out the owner role. It applies to creating, changing
 * and deleting roles and to assigning a role to a user. Managing a user who already has a
 * role is checked by the users module, with its own error.
 */
export function assertCanGrant(grantor: Grantor, role: RoleGrant): void {
  if (role.code === 'owner' && grantor.role !== 'owner') throw roleErrors.owner_only({});

  const missing = missingPermissions(grantor, role);
  if (missing.length > 0) {
    throw roleErrors.grant_denied(
      {
        permissionsJa: missing.map((permission) => PERMISSION_LABELS[permission].ja).join('、'),
        permissionsEn: missing.map((permission) => PERMISSION_LABELS[permission].en).join(', '),
      },
      { permissions: missing },
    );
  }
}

/** Every permission with its labels, for forms that let an owner build a role. */
export function permissionCatalogue(): Array<{ code: Permission; labelJa: string; labelEn: string }> {
  return PERMISSIONS.map((code) => ({ code, labelJa: PERMISSION_LABELS[code].ja, labelEn: PERMISSION_LABELS[code].en }));
}

/** Checks permission codes as sent by a client; raises unknown_permission naming the first unknown one. */
export function parsePermissions(codes: readonly string[]): Permission[] {
  for (const code of codes) {
    if (!isPermission(code)) throw roleErrors.unknown_permission({ permission: code }, { field: 'permissions' });
  }
  // Stored in the order of the catalogue, so that a role's list reads the same everywhere.
  return PERMISSIONS.filter((permission) => codes.includes(permission));
}

function toRoleOutput(row: Role, userCount: number): RoleOutput {
  return {
    code: row.code,
    nameJa: row.name_ja,
    nameEn: row.name_en,
    permissions: rolePermissions(row.code, row.permissions),
    isBuiltin: row.is_builtin === 1,
    userCount,
  };
}

async function countUsersByRole(db: Executor, code?: string): Promise<Map<string, number>> {
  let query = db
    .selectFrom('users')
    .select(['role_code', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('role_code');
  if (code !== undefined) query = query.where('role_code', '=', code);
  const rows = await query.execute();
  return new Map(rows.map((row) => [row.role_code, Number(row.n)]));
}

/** Built-in roles first, in the order of the matrix, then custom roles by code. */
export async function listRoles(db: Executor): Promise<RoleOutput[]> {
  const rows = await db.selectFrom('roles').selectAll().orderBy('code').execute();
  const counts = await countUsersByRole(db);
  const rank = (code: string) => (isBuiltinRole(code) ? BUILTIN_ROLES.indexOf(code) : BUILTIN_ROLES.length);
  return rows
    .sort((a, b) => rank(a.code) - rank(b.code))
    .map((row) => toRoleOutput(row, counts.get(row.code) ?? 0));
}

/** A role's effective permissions, or undefined when no role has the code. */
export async function findRoleGrant(db: Executor, code: string): Promise<RoleGrant | undefined> {
  const row = await db.selectFrom('roles').select(['code', 'permissions']).where('code', '=', code).executeTakeFirst();
  return row && { code: row.code, permissions: rolePermissions(row.code, row.permissions) };
}

async function getRoleRow(db: Executor, code: string): Promise<Role> {
  const row = await db.selectFrom('roles').selectAll().where('code', '=', code).executeTakeFirst();
  if (!row) throw commonErrors.not_found({ entity: 'ロール', entityEn: 'Role', id: code });
  return row;
}

async function getEditableRole(trx: Tx, code: string): Promise<RoleOutput> {
  const row = await getRoleRow(trx, code);
  if (row.is_builtin === 1) throw roleErrors.role_builtin({ nameJa: row.name_ja, nameEn: row.name_en });
  const counts = await countUsersByRole(trx, code);
  return toRoleOutput(row, counts.get(code) ?? 0);
}

export async function createRole(trx: Tx, grantor: Grantor, input: RoleCreateInput, actor: AuditActor): Promise<RoleOutput> {
  const permissions = parsePermissions(input.permissions);
  assertCanGrant(grantor, { code: input.code, permissions });
  const existing = await trx.selectFrom('roles').select('code').where('code', '=', input.code).executeTakeFirst();
  if (existing) throw roleErrors.role_code_taken({ code: input.code }, { field: 'code' });

  const now = nowIso();
  const row = await trx
    .insertInto('roles')
    .values({
      code: input.code,
      name_ja: input.nameJa,
      name_en: input.nameEn,
      permissions: JSON.stringify(permissions),
      is_builtin: 0,
      created_at: now,
      updated_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  const role = toRoleOutput(row, 0);
  await recordAudit(trx, actor, { action: 'role.create', entityType: 'role', entityId: role.code, after: role });
  return role;
}

/**
 * Raises role_members_out_of_scope when a role has members outside the locations of an
 * editor limited to some locations: changing the role would change what those users may do.
 */
async function assertMembersWithinScope(
  trx: Tx,
  scope: Pick<SessionUser['scope'], 'all' | 'locationIds'>,
  role: Pick<RoleOutput, 'code' | 'nameJa' | 'nameEn'>,
): Promise<void> {
  if (scope.all) return;
  const code = role.code;

  const members = await trx.selectFrom('users').select(['id', 'all_locations']).where('role_code', '=', code).execute();
  const everywhere = members.filter((member) => member.all_locations === 1).length;
  const limitedIds = members.filter((member) => member.all_locations !== 1).map((member) => member.id);
  const outside =
    limitedIds.length === 0
      ? []
      : await trx
          .selectFrom('user_locations')
          .select('user_id')
          .distinct()
          .where('user_id', 'in', limitedIds)
          .where('location_id', 'not in', idsForInFilter(scope.locationIds))
          .execute();
  const count = everywhere + outside.length;
  if (count > 0) throw roleErrors.role_members_out_of_scope({ nameJa: role.nameJa, nameEn: role.nameEn, count });
}

/**
 * Changes a custom role's names and permissions. Its users get the new permissions on
 * their next request, because every request reads the role with the session.
 */
export async function updateRole(
  trx: Tx,
  grantor: Grantor & { scope: Pick<SessionUser['scope'], 'all' | 'locationIds'> },
  code: string,
  input: RoleUpdateInput,
  actor: AuditActor,
): Promise<RoleOutput> {
  const before = await getEditableRole(trx, code);
  await assertMembersWithinScope(trx, grantor.scope, before);
  // Changing a role that has permissions the editor lacks would let them strip those
  // permissions from users who outrank them, so the role as it stands must be grantable too.
  assertCanGrant(grantor, { code, permissions: before.permissions as Permission[] });
  const permissions = parsePermissions(input.permissions);
  assertCanGrant(grantor, { code, permissions });

  const row = await trx
    .updateTable('roles')
    .set({ name_ja: input.nameJa, name_en: input.nameEn, permissions: JSON.stringify(permissions), updated_at: nowIso() })
    .where('code', '=', code)
    .returningAll()
    .executeTakeFirstOrThrow();
  const role = toRoleOutput(row, before.userCount);
  await recordAudit(trx, actor, { action: 'role.update', entityType: 'role', entityId: code, before, after: role });
  return role;
}

/** Deletes a custom role that no user has, inactive users included, if the deleting user could grant it. */
export async function deleteRole(trx: Tx, grantor: Grantor, code: string, actor: AuditActor): Promise<void> {
  const before = await getEditableRole(trx, code);
  assertCanGrant(grantor, { code, permissions: before.permissions as Permission[] });
  if (before.userCount > 0) throw roleErrors.role_in_use({ nameJa: before.nameJa, nameEn: before.nameEn, count: before.userCount });

  await trx.deleteFrom('roles').where('code', '=', code).execute();
  await recordAudit(trx, actor, { action: 'role.delete', entityType: 'role', entityId: code, before });
}
