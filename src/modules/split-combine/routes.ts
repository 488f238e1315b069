import { actorContext } from '../access/http.js';
import { recordDocumentCreated } from '../audit/http.js';
import type { App, AppDeps } from '../../server/types.js';
import { idempotencyHeaders, runIdempotent } from '../idempotency/http.js';
import { combineInput, splitInput, stockOperationOutput } from './schemas.js';
import { combineItems, splitItem } from './service.js';

export async function splitCombineRoutes(app: App, { db }: AppDeps): Promise<void> {
  app.post(
    '/api/split',
    {
      config: { permission: 'items.edit' },
      schema: {
        tags: ['split-combine'],
        summary: 'Split a lot into pieces whose costs add up to the lot cost exactly',
        headers: idempotencyHeaders,
        body: splitInput,
        response: { 201: stockOperationOutput },
      },
    },
    async (request, reply) => {
      const ctx = actorContext(request);
      const operation = await runIdempotent(db, request, reply, 201, async (trx) => {
        const done = await splitItem(trx, request.body, ctx);
        await recordDocumentCreated(trx, request, 'split.create', 'stock_operation', done);
        return done;
      });
      request.log.info({ operationId: operation.id, number: operation.number, lotId: request.body.itemId }, 'lot split');
      return operation;
    },
  );

  app.post(
    '/api/combine',
    {
      config: { permission: 'items.edit' },
      schema: {
        tags: ['split-combine'],
        summary: 'Combine components into one piece costing their sum',
        headers: idempotencyHeaders,
        body: combineInput,
        response: { 201: stockOperationOutput },
      },
    },
    async (request, reply) => {
      const ctx = actorContext(request);
      const operation = await runIdempotent(db, request, reply, 201, async (trx) => {
        const done = await combineItems(trx, request.body, ctx);
        await recordDocumentCreated(trx, request, 'combine.create', 'stock_operation', done);
        return done;
      });
      request.log.info({ operationId: operation.id, number: operation.number }, 'components combined');
      return operation;
    },
  );
}
