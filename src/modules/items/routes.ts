import { z } from 'zod';
import type { FastifyRequest } from 'fastify';
import { currentUser, type App, type AppDeps } from '../../server/types.js';
import { actorContext, scopeOf } from '../access/http.js';
import { visibleItemIds } from '../access/scope.js';
import { auditActor } from '../audit/http.js';
import { recordAudit } from '../audit/service.js';
import {
  CATEGORIES,
  CATEGORY_LABELS,
  CERTIFICATE_KIND_LABELS,
  CONDITION_GRADE_LABELS,
  CONDITION_LABELS,
  DIAMOND_CLARITY_LABELS,
  DIAMOND_CUT_LABELS,
  ITEM_STATUS_LABELS,
  METAL_LABELS,
  RING_SIZE_MAX_TENTHS,
  RING_SIZE_MIN_TENTHS,
  STONE_SHAPE_LABELS,
  TAX_RATES_PERCENT,
  TRACKING_LABELS,
  UNIT_LABELS,
  type Label,
} from './attributes.js';
import { itemErrors } from './errors.js';
import { MOVEMENT_KIND_LABELS } from './history.js';
import {
  itemAttributesInput,
  itemAttributesOutput,
  itemDetailOutput,
  itemHistoryOutput,
  itemSearchOutput,
  itemSearchQuery,
  type ItemAttributes,
  type ItemAttributesOutput,
} from './schemas.js';
import { createItem, findItemByStockNumber, getItemDetail, itemHistory, searchItems, updateItem } from './service.js';

const idParams = z.object({ id: z.coerce.number().int().positive() });

/** Turns a label table into select options, in the order the table defines. */
function options(labels: Record<string, Label>): Array<{ code: string } & Label> {
  return Object.entries(labels).map(([code, label]) => ({ code, ...label }));
}

const ATTRIBUTE_LISTS: ItemAttributesOutput = {
  categories: CATEGORIES.map((code) => ({ code, ...CATEGORY_LABELS[code] })),
  metals: options(METAL_LABELS),
  shapes: options(STONE_SHAPE_LABELS),
  clarities: options(DIAMOND_CLARITY_LABELS),
  cuts: options(DIAMOND_CUT_LABELS),
  conditions: options(CONDITION_LABELS),
  grades: options(CONDITION_GRADE_LABELS),
  certificateKinds: options(CERTIFICATE_KIND_LABELS),
  trackings: options(TRACKING_LABELS),
  units: options(UNIT_LABELS),
  statuses: options(ITEM_STATUS_LABELS),
  movementKinds: options(MOVEMENT_KIND_LABELS),
  taxRatesPercent: [...TAX_RATES_PERCENT],
  ringSize: { minTenths: RING_SIZE_MIN_TENTHS, maxTenths: RING_SIZE_MAX_TENTHS, stepTenths: 5 },
};

/**
 * Returns the attributes to write. A user who may not see cost may not set it either, so
 * their cost is dropped: a new item gets 0 and an update keeps the current cost.
 */
function writableAttributes(request: FastifyRequest, body: ItemAttributes): ItemAttributes {
  return currentUser(request).permissions.includes('cost.view') ? body : { ...body, cost: undefined };
}

export async function itemRoutes(app: App, { db }: AppDeps): Promise<void> {
  app.get(
    '/api/items',
    {
      config: { permission: 'stock.view' },
      schema: {
        tags: ['items'],
        summary: 'Search the catalogue with filters, sort and paging',
        querystring: itemSearchQuery,
        response: { 200: itemSearchOutput },
      },
    },
    async (request) => searchItems(db, request.query, scopeOf(request)),
  );

  app.get(
    '/api/items/attributes',
    {
      config: { permission: 'session' },
      schema: {
        tags: ['items'],
        summary: 'Fixed attribute lists with Japanese and English labels, for selects',
        response: { 200: itemAttributesOutput },
      },
    },
    async () => ATTRIBUTE_LISTS,
  );

  app.get(
    '/api/items/lookup',
    {
      config: { permission: 'stock.view' },
      schema: {
        tags: ['items'],
        summary: 'Find an item by the stock number or JAN code read from its tag',
        querystring: z.object({ code: z.string().trim().min(1).max(60) }),
        response: { 200: itemDetailOutput },
      },
    },
    async (request) => {
      // A hidden item gets the same response as an unknown code, so its id does not leak.
      const scope = scopeOf(request);
      const item = await findItemByStockNumber(db, request.query.code);
      if (!item || !(await visibleItemIds(db, scope, [item.id])).has(item.id)) {
        throw itemErrors.item_not_found({ value: request.query.code });
      }
      return getItemDetail(db, item.id, scope);
    },
  );

  app.get(
    '/api/items/:id',
    {
      config: { permission: 'stock.view' },
      schema: {
        tags: ['items'],
        summary: 'One item with photos, stock per location, supplier and lineage',
        params: idParams,
        response: { 200: itemDetailOutput },
      },
    },
    async (request) => getItemDetail(db, request.params.id, scopeOf(request)),
  );

  app.get(
    '/api/items/:id/history',
    {
      config: { permission: 'stock.view' },
      schema: {
        tags: ['items'],
        summary: "Every stock movement of the item, newest first",
        params: idParams,
        response: { 200: itemHistoryOutput },
      },
    },
    async (request) => ({ entries: await itemHistory(db, request.params.id, scopeOf(request)) }),
  );

  app.post(
    '/api/items',
    {
      config: { permission: 'items.edit' },
      schema: {
        tags: ['items'],
        summary: 'Create a catalogue entry with no stock (stock arrives by a purchase or import)',
        body: itemAttributesInput,
        response: { 201: itemDetailOutput },
      },
    },
    async (request, reply) => {
      const ctx = actorContext(request);
      const detail = await db.transaction().execute(async (trx) => {
        const item = await createItem(trx, writableAttributes(request, request.body), ctx);
        const created = await getItemDetail(trx, item.id, ctx.scope);
        await recordAudit(trx, auditActor(request), { action: 'item.create', entityType: 'item', entityId: item.id, after: created });
        return created;
      });
      request.log.info({ itemId: detail.id, stockNumber: detail.stockNumber }, 'item created');
      return reply.status(201).send(detail);
    },
  );

  app.put(
    '/api/items/:id',
    {
      config: { permission: 'items.edit' },
      schema: {
        tags: ['items'],
        summary: "Replace an item's attributes, photos and tags",
        params: idParams,
        body: itemAttributesInput,
        response: { 200: itemDetailOutput },
      },
    },
    async (request) => {
      const ctx = actorContext(request);
      const detail = await db.transaction().execute(async (trx) => {
        const before = await getItemDetail(trx, request.params.id, ctx.scope);
        const item = await updateItem(trx, request.params.id, writableAttributes(request, request.body), ctx);
        const after = await getItemDetail(trx, item.id, ctx.scope);
        await recordAudit(trx, auditActor(request), { action: 'item.update', entityType: 'item', entityId: item.id, before, after });
        return after;
      });
      request.log.info({ itemId: detail.id, stockNumber: detail.stockNumber }, 'item updated');
      return detail;
    },
  );
}
