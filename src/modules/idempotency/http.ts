import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Db, Tx } from '../../db/database.js';
import { currentUser } from '../../server/types.js';
import { idempotencyErrors } from './errors.js';
import { claimIdempotencyKey, hashRequest, saveIdempotentResponse } from './service.js';

export const IDEMPOTENCY_HEADER = 'idempotency-key';
/** Header set on a response that was replayed from an earlier request with the same key. */
export const REPLAYED_HEADER = 'idempotent-replayed';
const MAX_KEY_LENGTH = 200;

/** Headers schema for routes that accept an Idempotency-Key, so OpenAPI lists it. */
// Loose, so validating this header leaves the others (cookie, CSRF token) on the request.
export const idempotencyHeaders = z.looseObject({
  'idempotency-key': z
    .string()
    .optional()
    .describe('Any unique string (a UUID) per user action; a retry with the same key and body returns the first response.'),
});

function readKey(request: FastifyRequest): string | undefined {
  const header = request.headers[IDEMPOTENCY_HEADER];
  const key = Array.isArray(header) ? header[0] : header;
  if (key === undefined) return undefined;
  if (key.length === 0 || key.length > MAX_KEY_LENGTH || !/^[\x21-\x7e]+$/.test(key)) {
    throw idempotencyErrors.idempotency_key_invalid({ maxLength: MAX_KEY_LENGTH });
  }
  return key;
}

/**
 * Runs a state-changing route's work in one transaction, made idempotent by the request's
 * Idempotency-Key header when it has one. The key, its request hash and the response are
 * written in the same transaction as the work. So a retry after a lost response returns
 * the first response without doing the work again, and a failed request leaves no key behind.
 * Sets the reply status and returns the body to send.
 */
export async function runIdempotent<T>(
  db: Db,
  request: FastifyRequest,
  reply: FastifyReply,
  successStatus: number,
  work: (trx: Tx) => Promise<T>,
): Promise<T> {
  const key = readKey(request);
  if (key === undefined) {
    const body = await db.transaction().execute(work);
    void reply.status(successStatus);
    return body;
  }

  const userId = currentUser(request).id;
  const requestHash = hashRequest(request.method, request.url, request.body);
  const outcome = await db.transaction().execute(async (trx) => {
    const stored = await claimIdempotencyKey(trx, { key, userId, requestHash });
    if (stored) return { ...stored, replayed: true };

    const body = await work(trx);
    await saveIdempotentResponse(trx, key, { status: successStatus, body });
    return { status: successStatus, body: body as unknown, replayed: false };
  });

  if (outcome.replayed) {
    request.log.info({ idempotencyKey: key, userId }, 'replayed stored response for idempotency key');
    void reply.header(REPLAYED_HEADER, 'true');
  }
  void reply.status(outcome.status);
  return outcome.body as T;
}
