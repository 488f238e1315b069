import { z } from 'zod';
import type { App, AppDeps } from '../../server/types.js';
import { actorContext, scopeOf } from '../access/http.js';
import { auditActor, markUnchanged, recordDocumentCreated } from '../audit/http.js';
import { recordAudit } from '../audit/service.js';
import { getSale } from '../sales/service.js';
import { idParams } from '../stock-lines/schemas.js';
import { catalogueOutput, catalogueQuery, offlineListQuery, offlineSaleOutput, offlineSyncInput, offlineSyncOutput, resolveInput } from './schemas.js';
import { getOfflineSale, listOfflineSales, offlineCatalogue, resolveOfflineSale } from './service.js';
import { checkRegisters, syncOfflineSale } from './sync.js';

const TAGS = ['offline-sales'];

export async function offlineSaleRoutes(app: App, { db }: AppDeps): Promise<void> {
  app.post(
    '/api/offline-sales',
    {
      config: { permission: 'sales.sell' },
      schema: {
        tags: TAGS,
        summary: 'Send counter sales taken offline; each is recorded once, or kept as a conflict',
        body: offlineSyncInput,
        response: { 200: offlineSyncOutput },
      },
    },
    async (request) => {
      const ctx = actorContext(request);
      await checkRegisters(db, request.body.sales, ctx);

      // Each sale has its own transaction, so one conflict does not hold back the others.
      // Its audit event is written in that transaction.
      const results = [];
      for (const entry of request.body.sales) {
        const stored = await syncOfflineSale(db, entry, ctx, async (trx, row) => {
          // The sale itself gets the event of any counter sale, so its own history shows it.
          if (row.saleId !== null) await recordDocumentCreated(trx, request, 'sale.complete', 'sale', await getSale(trx, row.saleId, ctx.scope));
          await recordAudit(trx, auditActor(request), {
            action: 'sale.offline_sync',
            entityType: 'offline_sale',
            entityId: row.id,
            locationId: row.locationId,
            after: { clientRef: row.clientRef, outcome: row.outcome, saleId: row.saleId, conflictCode: row.conflictCode, soldAtDevice: entry.soldAt },
          });
        });
        const output = await getOfflineSale(db, stored.id, ctx.scope, request.locale);
        results.push({ ...output, duplicate: stored.duplicate });
        request.log.info({ offlineSaleId: stored.id, clientRef: entry.clientRef, outcome: output.outcome, saleId: output.saleId, conflictCode: output.conflictCode, duplicate: stored.duplicate }, 'offline sale synced');
      }
      // A batch of sales all stored before changes nothing, and the audit fallback must not record it.
      if (results.every((result) => result.duplicate)) markUnchanged(request);
      return { results };
    },
  );

  app.get(
    '/api/offline-sales',
    {
      config: { permission: 'sales.sell' },
      schema: {
        tags: TAGS,
        summary: 'Offline sales at the user’s locations, open conflicts first',
        querystring: offlineListQuery,
        response: { 200: z.object({ offlineSales: z.array(offlineSaleOutput) }) },
      },
    },
    async (request) => ({ offlineSales: await listOfflineSales(db, request.query.status, scopeOf(request), request.locale) }),
  );

  app.get(
    '/api/offline-sales/catalogue',
    {
      config: { permission: 'sales.sell' },
      schema: {
        tags: TAGS,
        summary: 'Pieces a register can sell while offline, with what pricing needs',
        querystring: catalogueQuery,
        response: { 200: catalogueOutput },
      },
    },
    async (request) => offlineCatalogue(db, request.query.registerId, scopeOf(request)),
  );

  app.post(
    '/api/offline-sales/:id/resolve',
    {
      // Resolving usually means refunding the customer or ringing the sale up again, which a
      // person allowed to refund decides.
      config: { permission: 'sales.refund' },
      schema: { tags: TAGS, summary: 'Mark an offline sale’s conflict as dealt with, once', params: idParams, body: resolveInput, response: { 200: offlineSaleOutput } },
    },
    async (request) => {
      const ctx = actorContext(request);
      const resolved = await db.transaction().execute(async (trx) => {
        const { before, after, locationId } = await resolveOfflineSale(trx, request.params.id, request.body.note, ctx.userId, ctx.scope, request.locale);
        await recordAudit(trx, auditActor(request), {
          action: 'sale.offline_resolve',
          entityType: 'offline_sale',
          entityId: after.id,
          locationId,
          before: { resolvedAt: before.resolvedAt },
          after: { resolvedAt: after.resolvedAt, resolutionNote: after.resolutionNote, conflictCode: after.conflictCode },
        });
        return after;
      });
      request.log.info({ offlineSaleId: resolved.id, conflictCode: resolved.conflictCode }, 'offline sale resolved');
      return resolved;
    },
  );
}
