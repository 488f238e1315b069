import { actorContext, scopeOf } from '../access/http.js';
import { recordDocumentCreated } from '../audit/http.js';
import type { App, AppDeps } from '../../server/types.js';
import { idempotencyHeaders, runIdempotent } from '../idempotency/http.js';
import { idParams } from '../stock-lines/schemas.js';
import { supplierReturnInput, supplierReturnListOutput, supplierReturnListQuery, supplierReturnOutput } from './schemas.js';
import { createSupplierReturn, getSupplierReturn, listSupplierReturns } from './service.js';

export async function supplierReturnRoutes(app: App, { db }: AppDeps): Promise<void> {
  app.post(
    '/api/supplier-returns',
    {
      config: { permission: 'purchases.receive' },
      schema: {
        tags: ['supplier-returns'],
        summary: 'Return goods to their supplier at book cost',
        headers: idempotencyHeaders,
        body: supplierReturnInput,
        response: { 201: supplierReturnOutput },
      },
    },
    async (request, reply) => {
      const ctx = actorContext(request);
      const result = await runIdempotent(db, request, reply, 201, async (trx) => {
        const created = await createSupplierReturn(trx, request.body, ctx);
        await recordDocumentCreated(trx, request, 'supplier_return.create', 'supplier_return', created);
        return created;
      });
      request.log.info({ supplierReturnId: result.id, number: result.number }, 'supplier return recorded');
      return result;
    },
  );

  app.get(
    '/api/supplier-returns',
    {
      config: { permission: 'purchases.receive' },
      schema: {
        tags: ['supplier-returns'],
        summary: 'List supplier returns, newest first',
        querystring: supplierReturnListQuery,
        response: { 200: supplierReturnListOutput },
      },
    },
    async (request) => listSupplierReturns(db, request.query, scopeOf(request)),
  );

  app.get(
    '/api/supplier-returns/:id',
    {
      config: { permission: 'purchases.receive' },
      schema: {
        tags: ['supplier-returns'],
        summary: 'One supplier return with its lines',
        params: idParams,
        response: { 200: supplierReturnOutput },
      },
    },
    async (request) => getSupplierReturn(db, request.params.id, scopeOf(request)),
  );
}
