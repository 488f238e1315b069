import type { FastifyRequest } from 'fastify';
import type { AuditActor } from './service.js';

const ACTORS = new WeakMap<FastifyRequest, AuditActor>();

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
