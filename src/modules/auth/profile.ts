import type { Db, Tx } from '../../db/database.js';
import { nowIso } from '../../db/database.js';
import { canActAt } from '../access/scope.js';
import { recordAudit, type AuditActor } from '../audit/service.js';
import { authErrors } from './errors.js';
import { hashPassword, verifyPassword } from './password.js';
import { assertPasswordAllowed } from './password-policy.js';
import { assertNotRateLimited, normalizeEmail, recordPasswordFailure, toSessionUser, type ActiveSession, type SessionUser } from './service.js';

export interface ProfileInput {
  displayName?: string | undefined;
  locale?: 'ja' | 'en' | undefined;
  /** Location preselected in forms; null clears it. Must be one the user may act at. */
  defaultLocationId?: number | null | undefined;
}

/** Changes the signed-in user's own name, language or default location. */
export async function updateProfile(trx: Tx, user: SessionUser, input: ProfileInput, actor: AuditActor): Promise<SessionUser> {
  if (input.defaultLocationId !== undefined && input.defaultLocationId !== null) {
    const location = await trx
      .selectFrom('locations')
      .select(['id', 'kind'])
      .where('id', '=', input.defaultLocationId)
      .executeTakeFirst();
    if (!location || location.kind === 'transit') {
      throw authErrors.default_location_not_found({ id: input.defaultLocationId }, { field: 'defaultLocationId' });
    }
    if (!canActAt(user.scope, location.id)) {
      throw authErrors.default_location_out_of_scope({ id: location.id }, { field: 'defaultLocationId' });
    }
  }

  const before = await trx
    .selectFrom('users')
    .select(['display_name', 'locale', 'default_location_id'])
    .where('id', '=', user.id)
    .executeTakeFirstOrThrow();
  const row = await trx
    .updateTable('users')
    .set({
      ...(input.displayName === undefined ? {} : { display_name: input.displayName }),
      ...(input.locale === undefined ? {} : { locale: input.locale }),
      ...(input.defaultLocationId === undefined ? {} : { default_location_id: input.defaultLocationId }),
    })
    .where('id', '=', user.id)
    .returning(['id', 'email', 'display_name', 'locale', 'is_owner', 'role_code', 'all_locations', 'default_location_id'])
    .executeTakeFirstOrThrow();
  const role = await trx.selectFrom('roles').select('permissions').where('code', '=', row.role_code).executeTakeFirstOrThrow();

  await recordAudit(trx, actor, {
    action: 'profile.update',
    entityType: 'user',
    entityId: user.id,
    before: { displayName: before.display_name, locale: before.locale, defaultLocationId: before.default_location_id },
    after: { displayName: row.display_name, locale: row.locale, defaultLocationId: row.default_location_id },
  });
  return toSessionUser(trx, { ...row, permissions: role.permissions });
}

export interface PasswordChangeInput {
  currentPassword: string;
  newPassword: string;
}

/**
 * Changes the signed-in user's password after checking the current one. A wrong current
 * password counts as a failed sign-in, so a stolen session cannot be used to guess it
 * faster than the login form allows. On success every other session of the user ends;
 * the one that made the change stays signed in.
 */
export async function changePassword(db: Db, session: ActiveSession, input: PasswordChangeInput, ip: string, actor: AuditActor): Promise<void> {
  const email = normalizeEmail(session.user.email);
  await assertNotRateLimited(db, email, ip);

  const row = await db.selectFrom('users').select('password_hash').where('id', '=', session.user.id).executeTakeFirstOrThrow();
  if (!(await verifyPassword(row.password_hash, input.currentPassword))) {
    await recordPasswordFailure(db, email, ip, actor, {
      action: 'auth.password_change',
      entityType: 'user',
      entityId: session.user.id,
      detail: { reason: 'current_password_wrong' },
    });
    throw authErrors.current_password_wrong({}, { field: 'currentPassword' });
  }
  assertPasswordAllowed(input.newPassword, email, 'newPassword');

  const hash = await hashPassword(input.newPassword);
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('users').set({ password_hash: hash, password_changed_at: nowIso() }).where('id', '=', session.user.id).execute();
    const ended = await trx
      .deleteFrom('sessions')
      .where('user_id', '=', session.user.id)
      .where('id', '!=', session.sessionId)
      .executeTakeFirst();
    await recordAudit(trx, actor, {
      action: 'auth.password_change',
      entityType: 'user',
      entityId: session.user.id,
      detail: { otherSessionsEnded: Number(ended.numDeletedRows) },
    });
  });
}
