import { z } from 'zod';
import { actorContext, scopeOf } from '../access/http.js';
import { auditActor, recordDocumentCreated } from '../audit/http.js';
import { recordAudit } from '../audit/service.js';
import { idParams } from '../stock-lines/schemas.js';
import type { App, AppDeps } from '../../server/types.js';
import { postStocktake } from './posting.js';
import {
  postInput,
  postOutput,
  recountInput,
  recountOutput,
  scanBatchInput,
  scanBatchOutput,
  stocktakeListOutput,
  stocktakeListQuery,
  stocktakeOutput,
  stocktakeStartInput,
  varianceReport,
} from './schemas.js';
import {
  cancelStocktake,
  getStocktake,
  getVarianceReport,
  listStocktakes,
  recordScans,
  recountItems,
  requireStocktake,
  startStocktake,
} from './service.js';

// Counting and reading need stock.transfer, because sales staff count their store; posting
// and cancelling change the books and need stock.write_off.
export async function stocktakeRoutes(app: App, { db }: AppDeps): Promise<void> {
  app.post(
    '/api/stocktakes',
    {
      config: { permission: 'stock.transfer' },
      schema: { tags: ['stocktakes'], summary: 'Start a count of a location, recording its book stock', body: stocktakeStartInput, response: { 201: stocktakeOutput } },
    },
    async (request, reply) => {
      const ctx = actorContext(request);
      const stocktake = await db.transaction().execute(async (trx) => {
        const started = await startStocktake(trx, request.body, ctx);
        await recordAudit(trx, auditActor(request), {
          action: 'stocktake.start',
          entityType: 'stocktake',
          entityId: started.id,
          locationId: started.locationId,
          after: { number: started.number, category: started.category, bookLines: started.bookLines },
        });
        return started;
      });
      request.log.info({ stocktakeId: stocktake.id, number: stocktake.number, locationId: stocktake.locationId }, 'stocktake started');
      return reply.status(201).send(stocktake);
    },
  );

  app.get(
    '/api/stocktakes',
    {
      config: { permission: 'stock.transfer' },
      schema: { tags: ['stocktakes'], summary: 'List counts, newest first, with variance summaries', querystring: stocktakeListQuery, response: { 200: stocktakeListOutput } },
    },
    async (request) => listStocktakes(db, request.query, scopeOf(request)),
  );

  app.get(
    '/api/stocktakes/:id',
    {
      config: { permission: 'stock.transfer' },
      schema: { tags: ['stocktakes'], summary: 'One count with its variance summary', params: idParams, response: { 200: stocktakeOutput } },
    },
    async (request) => getStocktake(db, request.params.id, scopeOf(request)),
  );

  app.post(
    '/api/stocktakes/:id/scans',
    {
      config: { permission: 'stock.transfer' },
      schema: {
        tags: ['stocktakes'],
        summary: 'Record one scan or a batch; a resent (device, sequence) pair is recorded once',
        params: idParams,
        body: scanBatchInput,
        response: { 200: scanBatchOutput },
      },
    },
    async (request) => {
      const ctx = actorContext(request);
      const scans = request.body.scans;
      const results = await db.transaction().execute(async (trx) => {
        const recorded = await recordScans(trx, request.params.id, scans, ctx);
        const outcomes: Record<string, number> = {};
        for (const result of recorded) outcomes[result.outcome] = (outcomes[result.outcome] ?? 0) + 1;
        await recordAudit(trx, auditActor(request), {
          action: 'stocktake.scan',
          entityType: 'stocktake',
          entityId: request.params.id,
          detail: { scans: recorded.length, resent: recorded.filter((result) => result.resent).length, outcomes },
        });
        return recorded;
      });
      request.log.info({ stocktakeId: request.params.id, scans: results.length }, 'stocktake scans recorded');
      return { results };
    },
  );

  app.get(
    '/api/stocktakes/:id/variances',
    {
      config: { permission: 'stock.transfer' },
      schema: {
        tags: ['stocktakes'],
        summary: 'Variance report: missing, unexpected, misplaced, duplicates, unknown codes',
        params: idParams,
        response: { 200: varianceReport },
      },
    },
    async (request) => getVarianceReport(db, request.params.id, scopeOf(request)),
  );

  app.post(
    '/api/stocktakes/:id/recount',
    {
      config: { permission: 'stock.transfer' },
      schema: { tags: ['stocktakes'], summary: 'Discard the scans of some items so they can be scanned again', params: idParams, body: recountInput, response: { 200: recountOutput } },
    },
    async (request) => {
      const { itemIds } = request.body;
      const voidedScans = await db.transaction().execute(async (trx) => {
        const voided = await recountItems(trx, request.params.id, itemIds, scopeOf(request));
        await recordAudit(trx, auditActor(request), {
          action: 'stocktake.recount',
          entityType: 'stocktake',
          entityId: request.params.id,
          detail: { itemIds, voidedScans: voided },
        });
        return voided;
      });
      request.log.info({ stocktakeId: request.params.id, items: itemIds.length, voidedScans }, 'stocktake recount');
      return { voidedScans };
    },
  );

  app.post(
    '/api/stocktakes/:id/post',
    {
      config: { permission: 'stock.write_off' },
      schema: {
        tags: ['stocktakes'],
        summary: 'Post the count once: write off missing pieces, move unexpected ones here',
        params: idParams,
        body: postInput,
        response: { 200: postOutput },
      },
    },
    async (request) => {
      const ctx = actorContext(request);
      const posted = await db.transaction().execute(async (trx) => {
        const result = await postStocktake(trx, request.params.id, request.body, ctx);
        if (result.writeOff) await recordDocumentCreated(trx, request, 'write_off.create', 'write_off', result.writeOff);
        await recordAudit(trx, auditActor(request), {
          action: 'stocktake.post',
          entityType: 'stocktake',
          entityId: result.stocktake.id,
          locationId: result.stocktake.location_id,
          detail: {
            number: result.stocktake.number,
            writeOffId: result.writeOff?.id ?? null,
            reason: request.body.reason,
            adjustedItemIds: result.adjusted.map((line) => line.itemId),
            skippedItemIds: result.skipped.map((line) => line.itemId),
            summary: result.report.summary,
          },
        });
        return { ...(await getStocktake(trx, result.stocktake.id, ctx.scope)), report: result.report, skipped: result.skipped };
      });
      request.log.info({ stocktakeId: posted.id, number: posted.number, writeOffId: posted.writeOffId, skipped: posted.skipped.length }, 'stocktake posted');
      return posted;
    },
  );

  app.post(
    '/api/stocktakes/:id/cancel',
    {
      config: { permission: 'stock.write_off' },
      schema: { tags: ['stocktakes'], summary: 'Cancel an open count; stock does not change', params: idParams, body: z.object({}).optional(), response: { 200: stocktakeOutput } },
    },
    async (request) => {
      const ctx = actorContext(request);
      const cancelled = await db.transaction().execute(async (trx) => {
        const before = await requireStocktake(trx, request.params.id, ctx.scope);
        const result = await cancelStocktake(trx, request.params.id, ctx);
        await recordAudit(trx, auditActor(request), {
          action: 'stocktake.cancel',
          entityType: 'stocktake',
          entityId: result.id,
          locationId: result.locationId,
          before: { status: before.status },
          after: { status: result.status },
        });
        return result;
      });
      request.log.info({ stocktakeId: cancelled.id, number: cancelled.number }, 'stocktake cancelled');
      return cancelled;
    },
  );
}
