import { createHash, randomBytes } from 'node:crypto';
import type { Db, Executor } from '../../db/database.js';
import { nowIso } from '../../db/database.js';
import type { User } from '../../db/schema.js';
import { BUILTIN_ROLE_PERMISSIONS, isBuiltinRole, isPermission, type Permission } from '../access/permissions.js';
import type { LocationScope } from '../access/scope.js';
import { recordAudit, type AuditActor, type AuditEventInput } from '../audit/service.js';
import { authErrors } from './errors.js';
import { hashPassword, verifyPassword } from './password.js';
import { assertPasswordAllowed } from './password-policy.js';

/** Idle time in milliseconds after which a session ends. */
export const SESSION_IDLE_MS = 12 * 60 * 60 * 1000;
/** Window and thresholds for failed sign-ins; past them sign-in returns 429. */
export const LOGIN_WINDOW_MS = 15 * 60 * 1000;
export const MAX_FAILURES_PER_EMAIL = 5;
export const MAX_FAILURES_PER_IP = 30;

export interface SessionUser {
  id: number;
  email: string;
  displayName: string;
  locale: 'ja' | 'en';
  isOwner: boolean;
  /** Code of the user's role. */
  role: string;
  /** Permissions of the role; routes check their declared permission against them. */
  permissions: Permission[];
  /** Locations the user may act at and see; owners always have every location. */
  scope: LocationScope;
  defaultLocationId: number | null;
}

export interface ActiveSession {
  sessionId: string;
  csrfToken: string;
  user: SessionUser;
}

export type SessionUserRow = Pick<
  User,
  'id' | 'email' | 'display_name' | 'locale' | 'is_owner' | 'role_code' | 'all_locations' | 'default_location_id'
> & {
  permissions: string;
};

/**
 * Permissions of a role row. Built-in roles take theirs from the matrix in code, so an
 * upgrade that adds a permission reaches them; custom roles keep the stored list.
 */
export function rolePermissions(code: string, storedJson: string): Permission[] {
  if (isBuiltinRole(code)) return [...BUILTIN_ROLE_PERMISSIONS[code]];
  const parsed: unknown = JSON.parse(storedJson);
  return Array.isArray(parsed) ? parsed.filter((p): p is Permission => typeof p === 'string' && isPermission(p)) : [];
}

/** Loads the location scope of a user; one query for the setting, one for limited users. */
export async function loadScope(
  db: Executor,
  user: Pick<User, 'id' | 'is_owner' | 'role_code' | 'all_locations'>,
): Promise<LocationScope> {
  if (user.is_owner === 1 || user.role_code === 'owner' || user.all_locations === 1) {
    return { all: true, locationIds: [], seesOtherLocations: true };
  }

  const setting = await db
    .selectFrom('company_settings')
    .select('scoped_staff_see_other_locations')
    .where('id', '=', 1)
    .executeTakeFirst();
  const rows = await db.selectFrom('user_locations').select('location_id').where('user_id', '=', user.id).execute();
  return {
    all: false,
    locationIds: rows.map((row) => row.location_id).sort((a, b) => a - b),
    seesOtherLocations: setting?.scoped_staff_see_other_locations === 1,
  };
}

export async function toSessionUser(db: Executor, user: SessionUserRow): Promise<SessionUser> {
  return {
    id: user.id,
    email: user.email,
    displayName: user.display_name,
    locale: user.locale,
    isOwner: user.is_owner === 1,
    role: user.role_code,
    permissions: rolePermissions(user.role_code, user.permissions),
    scope: await loadScope(db, user),
    defaultLocationId: user.default_location_id,
  };
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export interface CreateUserInput {
  email: string;
  password: string;
  displayName?: string;
  locale?: 'ja' | 'en';
  isOwner?: boolean;
  /** Role code; an owner defaults to 'owner', anyone else to 'viewer'. */
  role?: string;
  /** Locations the user may act at; omitted means every location. Ignored for owners. */
  locationIds?: readonly number[];
  defaultLocationId?: number | null;
}

/**
 * Inserts a user after checking the password rules, the role and that the email is free.
 * It does not check the location ids or the creator's right to grant the role: the users
 * API and the command line do that first.
 */
export async function createUser(db: Executor, input: CreateUserInput): Promise<SessionUser> {
  const email = normalizeEmail(input.email);
  assertPasswordAllowed(input.password, email);

  const roleCode = input.role ?? (input.isOwner ? 'owner' : 'viewer');
  const role = await db.selectFrom('roles').select(['code', 'permissions']).where('code', '=', roleCode).executeTakeFirst();
  if (!role) throw authErrors.role_not_found({ role: roleCode });

  const limited = input.locationIds !== undefined && !input.isOwner && role.code !== 'owner';
  const existing = await db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst();
  if (existing) throw authErrors.email_taken({ email }, { field: 'email' });

  const row = await db
    .insertInto('users')
    .values({
      email,
      display_name: input.displayName ?? email.split('@')[0] ?? email,
      password_hash: await hashPassword(input.password),
      locale: input.locale ?? 'ja',
      is_owner: input.isOwner ? 1 : 0,
      role_code: role.code,
      is_active: 1,
      all_locations: limited ? 0 : 1,
      default_location_id: input.defaultLocationId ?? null,
      password_changed_at: nowIso(),
      created_at: nowIso(),
    })
    .returning(['id', 'email', 'display_name', 'locale', 'is_owner', 'role_code', 'all_locations', 'default_location_id'])
    .executeTakeFirstOrThrow();
  if (limited && input.locationIds!.length > 0) {
    await db
      .insertInto('user_locations')
      .values([...new Set(input.locationIds)].map((locationId) => ({ user_id: row.id, location_id: locationId })))
      .execute();
  }
  return toSessionUser(db, { ...row, permissions: role.permissions });
}

export async function countUsers(db: Executor): Promise<number> {
  const row = await db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Times of the newest failures since `since`, newest first, at most `limit` of them. */
async function recentFailures(db: Executor, column: 'email' | 'ip', value: string, since: string, limit: number): Promise<string[]> {
  const rows = await db
    .selectFrom('login_failures')
    .select('failed_at')
    .where(column, '=', value)
    .where('failed_at', '>', since)
    .orderBy('failed_at', 'desc')
    .limit(limit)
    .execute();
  return rows.map((row) => row.failed_at);
}

/**
 * Raises login_rate_limited when the email or the address has reached its failure limit
 * within the window. The message gives the minutes until the oldest failure that keeps the
 * lock in place leaves the window, rounded up.
 */
export async function assertNotRateLimited(db: Executor, email: string, ip: string): Promise<void> {
  const now = Date.now();
  const since = new Date(now - LOGIN_WINDOW_MS).toISOString();
  const lockEnds: number[] = [];
  for (const [column, value, limit] of [
    ['email', email, MAX_FAILURES_PER_EMAIL],
    ['ip', ip, MAX_FAILURES_PER_IP],
  ] as const) {
    const failures = await recentFailures(db, column, value, since, limit);
    if (failures.length >= limit) lockEnds.push(new Date(failures[limit - 1]!).getTime() + LOGIN_WINDOW_MS);
  }
  if (lockEnds.length > 0) {
    const minutes = Math.max(1, Math.ceil((Math.max(...lockEnds) - now) / 60_000));
    throw authErrors.login_rate_limited({ minutes });
  }
}

/**
 * Records a wrong password, at sign-in or when the current password is checked, as a
 * failure that counts against the limits above, together with its audit event.
 */
export async function recordPasswordFailure(db: Db, email: string, ip: string, actor: AuditActor, event: AuditEventInput): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.insertInto('login_failures').values({ email, ip, failed_at: nowIso() }).execute();
    await recordAudit(trx, actor, { ...event, outcome: 'denied' });
  });
}

export interface LoginResult {
  /** Raw token for the cookie; only its hash is stored. */
  token: string;
  session: ActiveSession;
}

/**
 * Checks the password and opens a session. Failures are recorded per email and address and
 * counted against the limits above; a success clears the email's failures. Both outcomes
 * go to the audit trail; attempts rejected by the limit do not, so that a flood of them
 * cannot fill it.
 */
export async function login(db: Db, rawEmail: string, password: string, ip: string, actor: AuditActor): Promise<LoginResult> {
  const email = normalizeEmail(rawEmail);
  await assertNotRateLimited(db, email, ip);

  const user = await db
    .selectFrom('users')
    .innerJoin('roles', 'roles.code', 'users.role_code')
    .selectAll('users')
    .select('roles.permissions')
    .where('users.email', '=', email)
    .executeTakeFirst();
  const ok = user !== undefined && user.is_active === 1 && (await verifyPassword(user.password_hash, password));
  if (!ok || !user) {
    await recordPasswordFailure(db, email, ip, actor, {
      action: 'auth.login_failed',
      entityType: 'user',
      ...(user ? { entityId: user.id } : {}),
      detail: { email },
    });
    throw authErrors.login_failed({});
  }

  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(32).toString('base64url');
  const now = new Date();
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('sessions')
      .values({
        id: sha256(token),
        user_id: user.id,
        csrf_token: csrfToken,
        created_at: now.toISOString(),
        expires_at: new Date(now.getTime() + SESSION_IDLE_MS).toISOString(),
        last_seen_at: now.toISOString(),
      })
      .execute();
    await trx.updateTable('users').set({ last_login_at: now.toISOString() }).where('id', '=', user.id).execute();
    await trx.deleteFrom('login_failures').where('email', '=', email).execute();

    // The request had no session, so its actor is still anonymous until now.
    actor.userId = user.id;
    actor.email = user.email;
    await recordAudit(trx, actor, { action: 'auth.login', entityType: 'user', entityId: user.id });
  });

  return { token, session: { sessionId: sha256(token), csrfToken, user: await toSessionUser(db, user) } };
}

/** Finds the live session for a cookie token and extends it; undefined when none. */
export async function findSession(db: Db, token: string): Promise<ActiveSession | undefined> {
  const id = sha256(token);
  const now = new Date();
  const row = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .innerJoin('roles', 'roles.code', 'users.role_code')
    .select([
      'roles.permissions',
      'users.role_code',
      'sessions.id as session_id',
      'sessions.csrf_token',
      'sessions.expires_at',
      'sessions.last_seen_at',
      'users.id',
      'users.email',
      'users.display_name',
      'users.locale',
      'users.is_owner',
      'users.is_active',
      'users.all_locations',
      'users.default_location_id',
    ])
    .where('sessions.id', '=', id)
    .executeTakeFirst();
  if (!row || row.is_active !== 1 || row.expires_at <= now.toISOString()) return undefined;

  // Extending on every request would write on every read; once a minute is enough.
  if (now.getTime() - new Date(row.last_seen_at).getTime() > 60_000) {
    await db
      .updateTable('sessions')
      .set({
        last_seen_at: now.toISOString(),
        expires_at: new Date(now.getTime() + SESSION_IDLE_MS).toISOString(),
      })
      .where('id', '=', id)
      .execute();
  }
  return { sessionId: row.session_id, csrfToken: row.csrf_token, user: await toSessionUser(db, row) };
}

export async function logout(db: Db, sessionId: string, actor: AuditActor): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('sessions').where('id', '=', sessionId).execute();
    await recordAudit(trx, actor, { action: 'auth.logout', entityType: 'user', ...(actor.userId === null ? {} : { entityId: actor.userId }) });
  });
}

/** Ends every session of a user, the current one included ("sign out everywhere"). */
export async function endAllSessions(db: Db, userId: number, actor: AuditActor): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const result = await trx.deleteFrom('sessions').where('user_id', '=', userId).executeTakeFirst();
    const ended = Number(result.numDeletedRows);
    await recordAudit(trx, actor, { action: 'auth.logout_everywhere', entityType: 'user', entityId: userId, detail: { sessionsEnded: ended } });
    return ended;
  });
}

export async function setUserLocale(db: Db, userId: number, locale: 'ja' | 'en', actor: AuditActor): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('users').select('locale').where('id', '=', userId).executeTakeFirstOrThrow();
    await trx.updateTable('users').set({ locale }).where('id', '=', userId).execute();
    await recordAudit(trx, actor, {
      action: 'auth.locale',
      entityType: 'user',
      entityId: userId,
      before: { locale: before.locale },
      after: { locale },
    });
  });
}

/** Removes expired sessions and old sign-in failures; safe to run at any time. */
export async function pruneAuthTables(db: Db): Promise<void> {
  const now = nowIso();
  await db.deleteFrom('sessions').where('expires_at', '<=', now).execute();
  const cutoff = new Date(Date.now() - LOGIN_WINDOW_MS).toISOString();
  await db.deleteFrom('login_failures').where('failed_at', '<=', cutoff).execute();
}

export interface OwnerBootstrap {
  email: string;
  /** Set only when tsunagu generated the password, to be shown once. */
  generatedPassword: string | undefined;
}

/**
 * Creates the owner account when the database has no owner. The password comes from
 * OWNER_PASSWORD or is generated; either way it is never logged by this function.
 */
export async function ensureOwner(
  db: Db,
  ownerEmail: string | undefined,
  ownerPassword: string | undefined,
): Promise<OwnerBootstrap | undefined> {
  // An owner, not just any user: the demo creates its sales staff before the first start.
  const owners = await db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).where('is_owner', '=', 1).executeTakeFirstOrThrow();
  if (Number(owners.n) > 0) return undefined;

  const email = ownerEmail ?? 'owner@tsunagu.local';
  const generatedPassword = ownerPassword ? undefined : randomBytes(12).toString('base64url');
  await createUser(db, {
    email,
    password: ownerPassword ?? generatedPassword!,
    displayName: 'Owner',
    isOwner: true,
  });
  return { email, generatedPassword };
}
