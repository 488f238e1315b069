import type { FastifyRequest } from 'fastify';
import { currentUser } from '../../server/types.js';
import type { LocationScope } from './scope.js';

/** The signed-in user's id and location scope, as services take them. */
export interface ActorContext {
  userId: number;
  scope: LocationScope;
}

export function actorContext(request: FastifyRequest): ActorContext {
  const user = currentUser(request);
  return { userId: user.id, scope: user.scope };
}

export function scopeOf(request: FastifyRequest): LocationScope {
  return currentUser(request).scope;
}
