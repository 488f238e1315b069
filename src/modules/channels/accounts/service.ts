import { sql } from 'kysely';
import { channelLanes } from '../../outbox/service.js';
import type { z } from 'zod';
import type { Executor, Tx } from '../../../db/database.js';
import { nowIso } from '../../../db/database.js';
import type { ChannelAccountsTable } from '../../../db/schema.js';
import { RequestValidationError } from '../../../server/validation.js';
import { openSecret, sealSecret, type SecretKeyring } from '../../../shared/secrets.js';
import type { Selectable } from 'kysely';
import { channelAccountErrors } from './errors.js';
import { CHANNEL_FIELDS, type ChannelAccountInput, type ChannelAccountOutput, type ChannelAccountUpdate } from './schemas.js';

type Row = Selectable<ChannelAccountsTable>;

/**
 * Checks one part of an account (settings or credentials) against its kind's schema. An
 * invalid field is reported as a request validation error under `part`, so the form shows it
 * next to the field in the user's language.
 */
function parsePart<S extends z.ZodType>(schema: S, value: unknown, part: 'settings' | 'credentials'): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new RequestValidationError(
    'body',
    result.error.issues.map((issue) => ({ ...issue, path: [part, ...issue.path] })),
  );
}

function toOutput(row: Row, credentials: Record<string, unknown>): ChannelAccountOutput {
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    settings: JSON.parse(row.settings_json) as Record<string, unknown>,
    credentialsSet: Object.entries(credentials)
      .filter(([, value]) => value !== undefined && value !== null && value !== '')
      .map(([name]) => name)
      .sort(),
    status: row.status,
    pausedReason: row.paused_reason,
    failureCount: row.failure_count,
    lastError: row.last_error,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

async function requireRow(db: Executor, id: number): Promise<Row> {
  const row = await db.selectFrom('channel_accounts').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw channelAccountErrors.channel_account_not_found({ id });
  return row;
}

/** Opens an account's credentials; only adapters call this, never a route's response. */
export async function accountCredentials(db: Executor, keys: SecretKeyring, id: number): Promise<Record<string, unknown>> {
  const row = await requireRow(db, id);
  return JSON.parse(openSecret(keys, row.sealed_credentials)) as Record<string, unknown>;
}

export async function getChannelAccount(db: Executor, keys: SecretKeyring, id: number): Promise<ChannelAccountOutput> {
  const row = await requireRow(db, id);
  return toOutput(row, JSON.parse(openSecret(keys, row.sealed_credentials)) as Record<string, unknown>);
}

export async function listChannelAccounts(db: Executor, keys: SecretKeyring): Promise<ChannelAccountOutput[]> {
  const rows = await db.selectFrom('channel_accounts').selectAll().orderBy('kind').orderBy('name').execute();
  return rows.map((row) => toOutput(row, JSON.parse(openSecret(keys, row.sealed_credentials)) as Record<string, unknown>));
}

export async function createChannelAccount(trx: Tx, keys: SecretKeyring, input: ChannelAccountInput, userId: number | null): Promise<ChannelAccountOutput> {
  const fields = CHANNEL_FIELDS[input.kind];
  const settings = parsePart(fields.settings, input.settings, 'settings');
  const credentials = parsePart(fields.credentials, input.credentials, 'credentials');
  const now = nowIso();
  const row = await trx
    .insertInto('channel_accounts')
    .values({
      kind: input.kind,
      name: input.name,
      settings_json: JSON.stringify(settings),
      sealed_credentials: sealSecret(keys, JSON.stringify(credentials)),
      created_by: userId,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return getChannelAccount(trx, keys, row.id);
}

/**
 * Changes an account. Credential fields left out keep their stored values, so a form can
 * change the name without the secrets it never received.
 */
export async function updateChannelAccount(
  trx: Tx,
  keys: SecretKeyring,
  id: number,
  input: ChannelAccountUpdate,
): Promise<{ before: ChannelAccountOutput; after: ChannelAccountOutput }> {
  const row = await requireRow(trx, id);
  const before = toOutput(row, JSON.parse(openSecret(keys, row.sealed_credentials)) as Record<string, unknown>);
  const fields = CHANNEL_FIELDS[row.kind];
  const settings = parsePart(fields.settings, input.settings, 'settings');
  const stored = JSON.parse(openSecret(keys, row.sealed_credentials)) as Record<string, unknown>;
  const credentials = parsePart(fields.credentials, { ...stored, ...input.credentials }, 'credentials');

  await trx
    .updateTable('channel_accounts')
    .set({
      name: input.name,
      settings_json: JSON.stringify(settings),
      sealed_credentials: sealSecret(keys, JSON.stringify(credentials)),
      updated_at: nowIso(),
    })
    .where('id', '=', id)
    .execute();
  return { before, after: await getChannelAccount(trx, keys, id) };
}

/** Pauses channel work for an account (by hand, or after repeated failures) or resumes it. */
export async function setChannelAccountPaused(trx: Tx, keys: SecretKeyring, id: number, reason: string | null): Promise<ChannelAccountOutput> {
  await requireRow(trx, id);
  await trx
    .updateTable('channel_accounts')
    .set(
      reason === null
        ? { status: 'active', paused_reason: null, paused_by: null, failure_count: 0, updated_at: nowIso() }
        : { status: 'paused', paused_reason: reason, paused_by: 'user', updated_at: nowIso() },
    )
    .where('id', '=', id)
    .execute();
  if (reason === null) {
    // Work that waited during the pause is due now, not after each event's backoff.
    await trx.updateTable('outbox_events').set({ available_at: nowIso() }).where('lane', 'in', channelLanes(id)).where('processed_at', 'is', null).execute();
  }
  return getChannelAccount(trx, keys, id);
}

/** Failures in a row after which channel work for an account pauses by itself. */
export const PAUSE_AFTER_FAILURES = 5;

/**
 * Records the outcome of a call to a channel. A success clears the failure count. A failure
 * counts up and keeps the error; the PAUSE_AFTER_FAILURES-th failure in a row pauses the
 * account, so a channel that keeps failing stops taking calls until someone resumes it.
 * Work queued meanwhile stays in the outbox. Returns whether the account is paused now.
 */
export async function recordChannelOutcome(db: Executor, id: number, outcome: { ok: true } | { ok: false; error: string }): Promise<boolean> {
  const now = nowIso();
  if (outcome.ok) {
    await db.updateTable('channel_accounts').set({ failure_count: 0, last_error: null, updated_at: now }).where('id', '=', id).where('failure_count', '>', 0).execute();
    const row = await requireRow(db, id);
    return row.status === 'paused';
  }

  const row = await db
    .updateTable('channel_accounts')
    .set({ failure_count: sql`failure_count + 1`, last_error: outcome.error.slice(0, 2000), updated_at: now })
    .where('id', '=', id)
    .returning(['failure_count', 'status'])
    .executeTakeFirst();
  if (!row) throw channelAccountErrors.channel_account_not_found({ id });
  if (row.status === 'active' && row.failure_count >= PAUSE_AFTER_FAILURES) {
    await db
      .updateTable('channel_accounts')
      // The reason is the channel's own last error, and failure_count shows that it failed repeatedly.
      .set({ status: 'paused', paused_reason: outcome.error.slice(0, 500), paused_by: 'failures', updated_at: now })
      .where('id', '=', id)
      .where('status', '=', 'active')
      .execute();
    return true;
  }
  return row.status === 'paused';
}
