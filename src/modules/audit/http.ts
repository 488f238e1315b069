import type { FastifyRequest } from 'fastify';
import type { Executor } from '../../db/database.js';
import { recordAudit, type AuditActor } from './service.js';

const ACTORS = new WeakMap<FastifyRequest, AuditActor>();
const UNCHANGED = new WeakSet<FastifyRequest>();

/** The audit actor of a request: its user, address and request id. One object per request. */
export function auditActor(request: FastifyRequest): AuditActor {
  let actor = ACTORS.get(request);
  if (!actor) {
    const user = request.session?.user;
    actor = { userId: user?.id ?? null, email: user?.email ?? null, ip: request.ip, requestId: request.id, recorded: false };
    ACTORS.set(request, actor);
  }
  return actor;
}

/**
 * Marks a successful state-changing request that changed nothing (a dry run, a file whose
 * rows were all imported before), so the fallback in src/server/audit-fallback.ts does not
 * record a generic event for it.
 */
export function markUnchanged(request: FastifyRequest): void {
  UNCHANGED.add(request);
}

export function isMarkedUnchanged(request: FastifyRequest): boolean {
  return UNCHANGED.has(request);
}

/**
 * Records that a request created a stock document, with the whole document as `after`.
 * Call it in the transaction that created the document.
 */
export async function recordDocumentCreated(
  trx: Executor,
  request: FastifyRequest,
  action: string,
  entityType: string,
  document: { id: number; locationId: number },
): Promise<void> {
  await recordAudit(trx, auditActor(request), {
    action,
    entityType,
    entityId: document.id,
    locationId: document.locationId,
    after: document,
  });
}
