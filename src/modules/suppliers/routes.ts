import { z } from 'zod';
import type { App, AppDeps } from '../../server/types.js';
import { auditActor } from '../audit/http.js';
import { recordAudit } from '../audit/service.js';
import { supplierInput, supplierOutput } from './schemas.js';
import { createSupplier, getSupplier, listSuppliers, toSupplierOutput, updateSupplier } from './service.js';

const idParams = z.object({ id: z.coerce.number().int().positive() });

export async function supplierRoutes(app: App, { db }: AppDeps): Promise<void> {
  app.get(
    '/api/suppliers',
    {
      config: { permission: 'stock.view' },
      schema: {
        tags: ['suppliers'],
        summary: 'List suppliers',
        querystring: z.object({ q: z.string().max(100).optional(), includeInactive: z.enum(['true', 'false']).optional() }),
        response: { 200: z.object({ suppliers: z.array(supplierOutput) }) },
      },
    },
    async (request) => ({
      suppliers: await listSuppliers(db, { q: request.query.q, includeInactive: request.query.includeInactive === 'true' }),
    }),
  );

  app.get(
    '/api/suppliers/:id',
    {
      config: { permission: 'stock.view' },
      schema: { tags: ['suppliers'], summary: 'One supplier', params: idParams, response: { 200: supplierOutput } } },
    async (request) => toSupplierOutput(await getSupplier(db, request.params.id)),
  );

  app.post(
    '/api/suppliers',
    {
      config: { permission: 'purchases.receive' },
      schema: { tags: ['suppliers'], summary: 'Create a supplier', body: supplierInput, response: { 201: supplierOutput } } },
    async (request, reply) => {
      const supplier = await db.transaction().execute(async (trx) => {
        const created = await createSupplier(trx, request.body);
        await recordAudit(trx, auditActor(request), { action: 'supplier.create', entityType: 'supplier', entityId: created.id, after: created });
        return created;
      });
      request.log.info({ supplierId: supplier.id, code: supplier.code }, 'supplier created');
      return reply.status(201).send(supplier);
    },
  );

  app.put(
    '/api/suppliers/:id',
    {
      config: { permission: 'purchases.receive' },
      schema: {
        tags: ['suppliers'],
        summary: 'Update a supplier',
        params: idParams,
        body: supplierInput,
        response: { 200: supplierOutput },
      },
    },
    async (request) => {
      const { id } = request.params;
      const supplier = await db.transaction().execute(async (trx) => {
        const before = toSupplierOutput(await getSupplier(trx, id));
        const after = await updateSupplier(trx, id, request.body);
        await recordAudit(trx, auditActor(request), { action: 'supplier.update', entityType: 'supplier', entityId: id, before, after });
        return after;
      });
      request.log.info({ supplierId: id, code: supplier.code }, 'supplier updated');
      return supplier;
    },
  );
}
