import type { FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { App } from './types.js';

// Cost (下代) and margins are confidential: only roles with the 'cost.view' permission see
// them. Services always compute them; this file removes them from what other users
// receive, in one place for every API response and export.

/**
 * Names of cost and margin fields. This set and COST_SUFFIX are the one definition of a
 * cost field: API responses, the item CSV export and the audit export all use isCostKey.
 * A new field holding a cost or margin must be named to match, or added here.
 */
const COST_KEYS = new Set([
  'cost',
  'unitCost',
  'costAmount',
  'totalCost',
  'allocatedCost',
  'bookCost',
  'margin',
  'marginRate',
  'grossProfit',
  'profit',
  // The price tag cost cipher decodes the cost code on every tag, so it is as secret as the cost.
  'costCipher',
]);

/** Any other camelCase key ending in Cost or CostAmount ("averageCost"), or in Margin or Profit ("grossMargin"). */
const COST_SUFFIX = /[a-z0-9](Cost|CostAmount|Margin|MarginRate|Profit)$/;

/** Converts snake_case ("cost_amount") to camelCase, so database rows in audit events match too. */
function camelCase(key: string): string {
  return key.replace(/_([a-z0-9])/g, (_match, letter: string) => letter.toUpperCase());
}

/** True when `key` names a cost or margin field. */
export function isCostKey(key: string): boolean {
  const camel = camelCase(key);
  return COST_KEYS.has(camel) || COST_SUFFIX.test(camel);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}

/**
 * Returns a copy of `value` without cost and margin fields, at any depth of plain objects
 * and arrays. Other values (dates, buffers, streams) are returned as they are.
 */
export function withoutCostFields<T>(value: T): T {
  if (Array.isArray(value)) return value.map((entry: unknown) => withoutCostFields(entry)) as T;
  if (!isPlainObject(value)) return value;

  const copy: Record<string, unknown> = {};
  for (const [key, entry] of Object.entries(value)) {
    if (!isCostKey(key)) copy[key] = withoutCostFields(entry);
  }
  return copy as T;
}

/** True when the signed-in user's role has the 'cost.view' permission. */
export function canSeeCost(request: Pick<FastifyRequest, 'session'>): boolean {
  return request.session?.user.permissions.includes('cost.view') ?? false;
}

/**
 * Marks a cost field of a response schema as one that users without 'cost.view' do not
 * receive. The schema accepts its absence. The TypeScript type stays required, because
 * services always fill the field and only the response hook removes it.
 */
export function costField<T extends z.ZodType>(schema: T): T {
  return schema.optional() as unknown as T;
}

/**
 * Registers the hook that removes cost fields from the JSON responses of non-public API
 * routes when the user lacks 'cost.view'. It runs before serialization, so the response
 * schemas see the payload without them (see costField). Public routes are left alone,
 * because the OpenAPI document names cost fields in its schemas and no public route
 * returns a cost, and so are routes marked `noCostFields`.
 */
export function registerCostHiding(app: App): void {
  app.addHook('preSerialization', async (request, _reply, payload) => {
    const config = request.routeOptions.config;
    if (!request.url.startsWith('/api/') || config?.public || config?.noCostFields) return payload;
    if (canSeeCost(request)) return payload;
    return withoutCostFields(payload);
  });
}
