import { timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../db/database.js';
import { PERMISSION_LABELS } from '../modules/access/permissions.js';
import { authErrors } from '../modules/auth/errors.js';
import { findSession } from '../modules/auth/service.js';
import { commonErrors, type Locale } from '../shared/errors.js';

export const SESSION_COOKIE = 'tsunagu_session';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function localeFromHeader(header: string | undefined): Locale {
  return header?.trim().toLowerCase().startsWith('en') ? 'en' : 'ja';
}

function sameToken(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * Loads the session from the cookie, picks the response language and guards every API
 * route: 401 without a session, 403 when a state-changing request lacks the CSRF token.
 * Routes marked `config: { public: true }` pass without a session. The permission check
 * follows in permissionHook.
 */
export function createAuthHook(db: Db) {
  return async function authHook(request: FastifyRequest, _reply: FastifyReply): Promise<void> {
    request.locale = localeFromHeader(request.headers['accept-language']);
    request.session = undefined;
    // Page and asset requests need no session, so they cost no database query.
    if (!request.url.startsWith('/api/')) return;

    const token = request.cookies[SESSION_COOKIE];
    if (token) {
      request.session = await findSession(db, token);
      if (request.session) request.locale = request.session.user.locale;
    }

    const config = request.routeOptions.config;
    if (config?.public) return;
    if (!request.session) throw commonErrors.unauthenticated({});

    if (!SAFE_METHODS.has(request.method)) {
      const header = request.headers['x-csrf-token'];
      const sent = Array.isArray(header) ? header[0] : header;
      if (!sent || !sameToken(sent, request.session.csrfToken)) throw commonErrors.csrf_invalid({});
    }
  };
}

/**
 * Rejects with 403 a request whose user lacks the permission the route declares. It runs
 * as a preValidation hook: after the body is parsed, so the audit trail can record what a
 * refused request attempted, and before validation, so a refused user learns nothing from
 * validation errors.
 */
export async function permissionHook(request: FastifyRequest): Promise<void> {
  if (!request.url.startsWith('/api/') || !request.session) return;

  const needed = request.routeOptions.config?.permission;
  if (needed !== undefined && needed !== 'session' && !request.session.user.permissions.includes(needed)) {
    const label = PERMISSION_LABELS[needed];
    throw authErrors.permission_denied({ permissionJa: label.ja, permissionEn: label.en }, { permission: needed });
  }
}
