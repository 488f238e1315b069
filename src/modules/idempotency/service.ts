import { createHash } from 'node:crypto';
import type { Executor, Tx } from '../../db/database.js';
import { nowIso } from '../../db/database.js';
import { commonErrors } from '../../shared/errors.js';

/** The response a finished request produced, replayed when the same key comes again. */
export interface StoredResponse {
  status: number;
  body: unknown;
}

export interface IdempotencyClaim {
  key: string;
  userId: number | null;
  /** Hash of method, URL and body (see hashRequest); a different hash under one key is a conflict. */
  requestHash: string;
}

// Status written while the request that claimed a key is still running. Other transactions
// never see it: the claim row is committed together with the final response.
const IN_PROGRESS_STATUS = 0;

/**
 * Hashes what identifies a request. The body is the validated body, whose keys zod emits in
 * schema order, so the same request serialises the same way however the client ordered it.
 */
export function hashRequest(method: string, url: string, body: unknown): string {
  return createHash('sha256')
    .update(`${method} ${url}\n`)
    .update(JSON.stringify(body ?? null))
    .digest('hex');
}

/**
 * Claims an idempotency key inside the caller's transaction. Returns null when the key is
 * new, so the caller does the work and then calls saveIdempotentResponse in the same
 * transaction. Returns the stored response when the same user sent the same request before.
 * Throws idempotency_key_reused when the key was used for another request or by another user.
 *
 * On PostgreSQL a second transaction inserting the same key waits on the first one's row
 * until it commits (then finds its response) or rolls back (then claims the key itself).
 * SQLite transactions here start with BEGIN IMMEDIATE, so they never overlap.
 */
export async function claimIdempotencyKey(trx: Tx, claim: IdempotencyClaim): Promise<StoredResponse | null> {
  const inserted = await trx
    .insertInto('idempotency_keys')
    .values({
      key: claim.key,
      user_id: claim.userId,
      request_hash: claim.requestHash,
      response_status: IN_PROGRESS_STATUS,
      response_body: '',
      created_at: nowIso(),
    })
    .onConflict((oc) => oc.column('key').doNothing())
    .executeTakeFirst();
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1) return null;

  const existing = await trx
    .selectFrom('idempotency_keys')
    .selectAll()
    .where('key', '=', claim.key)
    .executeTakeFirstOrThrow();
  const sameRequest = existing.request_hash === claim.requestHash && existing.user_id === claim.userId;
  if (!sameRequest || existing.response_status === IN_PROGRESS_STATUS) {
    throw commonErrors.idempotency_key_reused({});
  }
  return { status: existing.response_status, body: JSON.parse(existing.response_body) as unknown };
}

/** Stores the response of a claimed key; call it last in the transaction that did the work. */
export async function saveIdempotentResponse(trx: Tx, key: string, response: StoredResponse): Promise<void> {
  await trx
    .updateTable('idempotency_keys')
    .set({ response_status: response.status, response_body: JSON.stringify(response.body) })
    .where('key', '=', key)
    .execute();
}

/** Deletes keys created before the cutoff (ISO UTC); returns how many were deleted. */
export async function pruneIdempotencyKeys(db: Executor, createdBefore: string): Promise<number> {
  const result = await db.deleteFrom('idempotency_keys').where('created_at', '<', createdBefore).executeTakeFirst();
  return Number(result.numDeletedRows);
}
