import type { FastifyRequest } from 'fastify';
import { actorContext, scopeOf } from '../access/http.js';
import { scopedLocationIds } from '../access/scope.js';
import { auditActor, recordDocumentCreated } from '../audit/http.js';
import { recordAudit } from '../audit/service.js';
import { currentUser, type App, type AppDeps } from '../../server/types.js';
import { businessDate } from '../../shared/time.js';
import { idempotencyHeaders, runIdempotent } from '../idempotency/http.js';
import { idParams } from '../stock-lines/schemas.js';
import {
  purchaseInput,
  purchaseListOutput,
  purchaseListQuery,
  purchaseOutput,
  secondhandExportQuery,
  secondhandLedgerOutput,
  secondhandLedgerQuery,
} from './schemas.js';
import { exportSecondhandLedger, secondhandLedgerPage } from './secondhand-ledger.js';
import { createPurchase, getPurchase, listPurchases } from './service.js';

/** Returns the user's locations when they are limited to some, for filtering the ledger. */
function ownLocations(request: FastifyRequest): number[] | undefined {
  const scope = scopeOf(request);
  return scope.all ? undefined : scopedLocationIds(scope);
}

export async function purchaseRoutes(app: App, { db }: AppDeps): Promise<void> {
  app.post(
    '/api/purchases',
    {
      config: { permission: 'purchases.receive' },
      schema: {
        tags: ['purchases'],
        summary: 'Receive goods from a supplier on a purchase slip',
        headers: idempotencyHeaders,
        body: purchaseInput,
        response: { 201: purchaseOutput },
      },
    },
    async (request, reply) => {
      const ctx = actorContext(request);
      const purchase = await runIdempotent(db, request, reply, 201, async (trx) => {
        const created = await createPurchase(trx, request.body, ctx);
        await recordDocumentCreated(trx, request, 'purchase.create', 'purchase', created);
        return created;
      });
      request.log.info({ purchaseId: purchase.id, number: purchase.number, lines: purchase.lineCount }, 'purchase received');
      return purchase;
    },
  );

  app.get(
    '/api/purchases',
    {
      config: { permission: 'purchases.receive' },
      schema: {
        tags: ['purchases'],
        summary: 'List purchases, newest first',
        querystring: purchaseListQuery,
        response: { 200: purchaseListOutput },
      },
    },
    async (request) => listPurchases(db, request.query, scopeOf(request)),
  );

  app.get(
    '/api/purchases/:id',
    {
      config: { permission: 'purchases.receive' },
      schema: {
        tags: ['purchases'],
        summary: 'One purchase with its lines, items and secondhand ledger rows',
        params: idParams,
        response: { 200: purchaseOutput },
      },
    },
    async (request) => getPurchase(db, request.params.id, scopeOf(request)),
  );

  // The ledger contains sellers' personal data. Those who receive purchases record and read
  // it, and a user limited to some locations gets only the rows of purchases received there.
  app.get(
    '/api/secondhand-ledger',
    {
      config: { permission: 'purchases.receive' },
      schema: {
        tags: ['purchases'],
        summary: 'The secondhand ledger (古物台帳) for a date range, oldest first',
        querystring: secondhandLedgerQuery,
        response: { 200: secondhandLedgerOutput },
      },
    },
    async (request) => secondhandLedgerPage(db, request.query, ownLocations(request)),
  );

  app.get(
    '/api/secondhand-ledger/export',
    {
      config: { permission: 'data.export' },
      schema: {
        tags: ['purchases'],
        summary: 'The secondhand ledger as CSV (UTF-8 with BOM or CP932), safe to open in Excel',
        querystring: secondhandExportQuery,
        produces: ['text/csv'],
      },
    },
    async (request, reply) => {
      const { from, to, encoding } = request.query;
      const csv = await exportSecondhandLedger(db, { from, to, locationIds: ownLocations(request) }, encoding, request.locale);
      // The ledger contains sellers' personal data, so each download is recorded with its range.
      await recordAudit(db, auditActor(request), { action: 'secondhand_ledger.export', detail: { from, to, encoding, bytes: csv.length } });
      const fileName = `secondhand-ledger-${from ?? 'start'}-${to ?? businessDate()}.csv`;
      request.log.info({ userId: currentUser(request).id, from, to, encoding, bytes: csv.length }, 'secondhand ledger exported');
      return reply
        .header('content-type', `text/csv; charset=${encoding === 'cp932' ? 'shift_jis' : 'utf-8'}`)
        .header('content-disposition', `attachment; filename="${fileName}"`)
        .send(csv);
    },
  );
}
