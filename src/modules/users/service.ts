import type { Executor, Tx } from '../../db/database.js';
import type { User } from '../../db/schema.js';
import { authErrors } from '../auth/errors.js';
import { userErrors } from './errors.js';
import type { UserOutput, UserUpdateInput } from './schemas.js';

export function toUserOutput(row: User): UserOutput {
  return {
    id: row.id,
    email: row.email,
    displayName: row.display_name,
    locale: row.locale,
    role: row.role_code,
    isOwner: row.is_owner === 1,
    isActive: row.is_active === 1,
    createdAt: row.created_at,
    lastLoginAt: row.last_login_at,
  };
}

export async function listUsers(db: Executor): Promise<UserOutput[]> {
  const rows = await db.selectFrom('users').selectAll().orderBy('email').execute();
  return rows.map(toUserOutput);
}

async function getUser(db: Executor, id: number): Promise<User> {
  const row = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw userErrors.user_not_found({ id });
  return row;
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

/**
 * Changes a user's name, language, role or active flag. Deactivating ends every session of
 * the user in the same transaction, so an open browser stops working on its next request.
 * The last active owner can be neither deactivated nor moved to another role.
 */
export async function updateUser(trx: Tx, id: number, input: UserUpdateInput): Promise<UserOutput> {
  const user = await getUser(trx, id);

  if (input.role !== undefined) {
    const role = await trx.selectFrom('roles').select('code').where('code', '=', input.role).executeTakeFirst();
    if (!role) throw authErrors.role_not_found({ role: input.role }, { field: 'role' });
  }

  const losesOwner = user.role_code === 'owner' && user.is_active === 1 && ((input.role !== undefined && input.role !== 'owner') || input.isActive === false);
  if (losesOwner && (await activeOwnerCount(trx)) <= 1) throw userErrors.last_owner({});

  const row = await trx
    .updateTable('users')
    .set({
      ...(input.displayName === undefined ? {} : { display_name: input.displayName }),
      ...(input.locale === undefined ? {} : { locale: input.locale }),
      ...(input.role === undefined ? {} : { role_code: input.role }),
      ...(input.isActive === undefined ? {} : { is_active: input.isActive ? 1 : 0 }),
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();

  if (input.isActive === false) await trx.deleteFrom('sessions').where('user_id', '=', id).execute();
  return toUserOutput(row);
}
