import { actorContext, scopeOf } from '../access/http.js';
import { auditActor } from '../audit/http.js';
import { recordAudit } from '../audit/service.js';
import type { App, AppDeps } from '../../server/types.js';
import { idempotencyHeaders, runIdempotent } from '../idempotency/http.js';
import { idParams } from '../stock-lines/schemas.js';
import {
  transferCancelInput,
  transferInput,
  transferListOutput,
  transferListQuery,
  transferOutput,
  transferReceiveInput,
} from './schemas.js';
import { cancelTransfer, getTransfer, listTransfers, receiveTransfer, sendTransfer } from './service.js';

export async function transferRoutes(app: App, { db }: AppDeps): Promise<void> {
  app.post(
    '/api/transfers',
    {
      config: { permission: 'stock.transfer' },
      schema: {
        tags: ['transfers'],
        summary: 'Send goods to another location; they are in transit until received',
        headers: idempotencyHeaders,
        body: transferInput,
        response: { 201: transferOutput },
      },
    },
    async (request, reply) => {
      const ctx = actorContext(request);
      const transfer = await runIdempotent(db, request, reply, 201, async (trx) => {
        const sent = await sendTransfer(trx, request.body, ctx);
        await recordAudit(trx, auditActor(request), {
          action: 'transfer.send',
          entityType: 'transfer',
          entityId: sent.id,
          locationId: sent.fromLocationId,
          after: sent,
        });
        return sent;
      });
      request.log.info({ transferId: transfer.id, number: transfer.number }, 'transfer sent');
      return transfer;
    },
  );

  app.post(
    '/api/transfers/:id/receive',
    {
      config: { permission: 'stock.transfer' },
      schema: {
        tags: ['transfers'],
        summary: 'Receive a transfer at its destination, wholly or in part',
        headers: idempotencyHeaders,
        params: idParams,
        body: transferReceiveInput,
        response: { 200: transferOutput },
      },
    },
    async (request, reply) => {
      const ctx = actorContext(request);
      const transfer = await runIdempotent(db, request, reply, 200, async (trx) => {
        const before = await getTransfer(trx, request.params.id, ctx.scope);
        const received = await receiveTransfer(trx, request.params.id, request.body, ctx);
        await recordAudit(trx, auditActor(request), {
          action: 'transfer.receive',
          entityType: 'transfer',
          entityId: received.id,
          locationId: received.toLocationId,
          before,
          after: received,
        });
        return received;
      });
      request.log.info({ transferId: transfer.id, status: transfer.status }, 'transfer received');
      return transfer;
    },
  );

  app.post(
    '/api/transfers/:id/cancel',
    {
      config: { permission: 'stock.transfer' },
      schema: {
        tags: ['transfers'],
        summary: 'Cancel a transfer; goods still in transit return to the source',
        params: idParams,
        body: transferCancelInput,
        response: { 200: transferOutput },
      },
    },
    async (request) => {
      const ctx = actorContext(request);
      const transfer = await db.transaction().execute(async (trx) => {
        const before = await getTransfer(trx, request.params.id, ctx.scope);
        const cancelled = await cancelTransfer(trx, request.params.id, request.body, ctx);
        await recordAudit(trx, auditActor(request), {
          action: 'transfer.cancel',
          entityType: 'transfer',
          entityId: cancelled.id,
          locationId: cancelled.fromLocationId,
          before,
          after: cancelled,
        });
        return cancelled;
      });
      request.log.info({ transferId: transfer.id }, 'transfer cancelled');
      return transfer;
    },
  );

  app.get(
    '/api/transfers',
    {
      config: { permission: 'stock.view' },
      schema: {
        tags: ['transfers'],
        summary: 'List transfers, newest first',
        querystring: transferListQuery,
        response: { 200: transferListOutput },
      },
    },
    async (request) => listTransfers(db, request.query, scopeOf(request)),
  );

  app.get(
    '/api/transfers/:id',
    {
      config: { permission: 'stock.view' },
      schema: { tags: ['transfers'], summary: 'One transfer with its lines', params: idParams, response: { 200: transferOutput } } },
    async (request) => getTransfer(db, request.params.id, scopeOf(request)),
  );
}
