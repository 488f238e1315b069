import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../db/database.js';
import { auditActor, isMarkedUnchanged } from '../modules/audit/http.js';
import { recordAudit } from '../modules/audit/service.js';
import { REPLAYED_HEADER } from '../modules/idempotency/http.js';
import type { App } from './types.js';

// A safety net for the audit trail. Routes record their own events with recordAudit, in
// the transaction of the change. A state-changing request that succeeded without one still
// leaves a generic event here, and the log warns developers to add a proper one. A
// state-changing request rejected with 403 leaves a 'denied' event.

const STATE_CHANGING_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** Maximum length of a string kept from a request body, in characters; longer ones are replaced by their length. */
const MAX_BODY_STRING = 1000;
/** Maximum size of a request body stored in a generic event, in characters of JSON; above it only the keys are kept. */
const MAX_BODY_JSON = 16_000;

/** Shortens a request body for the trail: long strings (file contents, notes) give way to their length. */
export function summarizeBody(value: unknown): unknown {
  if (typeof value === 'string') return value.length > MAX_BODY_STRING ? `[${value.length} characters]` : value;
  if (Array.isArray(value)) return value.map(summarizeBody);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, summarizeBody(entry)]));
  }
  return value;
}

function boundedBody(body: unknown): unknown {
  if (body === undefined) return undefined;
  const summary = summarizeBody(body);
  const size = JSON.stringify(summary)?.length ?? 0;
  if (size <= MAX_BODY_JSON) return summary;
  const keys = summary !== null && typeof summary === 'object' && !Array.isArray(summary) ? Object.keys(summary) : [];
  return { omitted: `request body of ${size} characters`, keys };
}

/** Returns the error code of a JSON error body as src/server/errors.ts writes it, or null. */
function errorCodeOf(payload: unknown): string | null {
  const text = Buffer.isBuffer(payload) ? payload.toString('utf8') : payload;
  if (typeof text !== 'string') return null;
  try {
    const parsed = JSON.parse(text) as { error?: { code?: unknown } };
    return typeof parsed.error?.code === 'string' ? parsed.error.code : null;
  } catch {
    return null;
  }
}

function routeParams(request: FastifyRequest): Record<string, unknown> | undefined {
  const params = request.params as Record<string, unknown> | undefined;
  return params && Object.keys(params).length > 0 ? params : undefined;
}

/**
 * Registers the fallback as an onSend hook on the API routes. It runs before the response
 * leaves, so a client that reads the trail right after its request finds the event. A
 * failure to write is logged with the request id and never changes the response.
 */
export function registerAuditFallback(app: App, db: Db): void {
  // Routes already warned about, so the log gets one warning per route and process.
  const warnedRoutes = new Set<string>();

  async function recordFallback(request: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<void> {
    const route = request.routeOptions.url;
    const status = reply.statusCode;
    const action = `http.${request.method} ${route}`;

    if (status >= 200 && status < 300) {
      // A replayed response repeats an earlier request, which was recorded then.
      if (reply.getHeader(REPLAYED_HEADER) !== undefined || isMarkedUnchanged(request)) return;
      await recordAudit(db, auditActor(request), { action, after: boundedBody(request.body), detail: { status, params: routeParams(request) } });

      const key = `${request.method} ${route}`;
      if (!warnedRoutes.has(key)) {
        warnedRoutes.add(key);
        request.log.warn({ route: key }, 'state-changing route recorded no audit event, so a generic one was written; add a recordAudit call to the route');
      }
      return;
    }

    if (status === 403) {
      const code = errorCodeOf(payload);
      // The target (route parameters and the masked body) shows the owner what was attempted.
      const params = routeParams(request);
      await recordAudit(db, auditActor(request), {
        action,
        outcome: 'denied',
        entityId: typeof params?.id === 'string' || typeof params?.id === 'number' ? params.id : undefined,
        after: boundedBody(request.body),
        detail: { code, status, route: `${request.method} ${route}`, params },
      });
    }
  }

  app.addHook('onSend', async (request, reply, payload) => {
    if (!STATE_CHANGING_METHODS.has(request.method) || !request.url.startsWith('/api/')) return payload;
    if (!request.session || request.routeOptions.url === undefined) return payload;
    // NOTE: `recorded` stays true when the route's transaction rolled back after recordAudit,
    // so a 403 raised after that point leaves no denied event.
    if (auditActor(request).recorded) return payload;

    try {
      await recordFallback(request, reply, payload);
    } catch (error) {
      request.log.error({ err: error, requestId: request.id, route: request.routeOptions.url }, 'writing the fallback audit event failed');
    }
    return payload;
  });
}
