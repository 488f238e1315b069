import { z } from 'zod';
import type { App, AppDeps } from '../../server/types.js';
import { CSV_ENCODINGS } from '../../shared/csv-safe.js';
import { actorContext, scopeOf } from '../access/http.js';
import { auditActor, markUnchanged, recordDocumentCreated } from '../audit/http.js';
import { recordAudit } from '../audit/service.js';
import { idempotencyHeaders, runIdempotent } from '../idempotency/http.js';
import { idParams } from '../stock-lines/schemas.js';
import { closeRegister, getClosing } from './closing.js';
import { exportSalesCsv } from './export.js';
import { createRegister, listRegisters, updateRegister } from './registers.js';
import { refundSaleLine } from './refunds.js';
import { quoteReturn, returnSale } from './returns.js';
import {
  closingInput,
  closingOutput,
  closingQuery,
  quoteOutput,
  refundInput,
  registerInput,
  registerOutput,
  returnInput,
  returnLinesInput,
  returnQuoteOutput,
  saleInput,
  saleListOutput,
  saleListQuery,
  saleOutput,
  saleQuoteInput,
  scanOutput,
  scanQuery,
  voidInput,
} from './schemas.js';
import { completeSale, getSale, listSales, quoteSale, scanItem, sellingStaff, voidSale } from './service.js';

const TAGS = ['sales'];

export async function saleRoutes(app: App, { db }: AppDeps): Promise<void> {
  app.get(
    '/api/registers',
    {
      config: { permission: 'sales.sell' },
      schema: {
        tags: TAGS,
        summary: 'Registers at the locations the user may sell at',
        querystring: z.object({ locationId: z.coerce.number().int().positive().optional() }),
        response: { 200: z.object({ registers: z.array(registerOutput) }) },
      },
    },
    async (request) => ({ registers: await listRegisters(db, scopeOf(request), request.query.locationId) }),
  );

  app.post(
    '/api/registers',
    {
      config: { permission: 'settings.change' },
      schema: { tags: TAGS, summary: 'Add a register to a store or exhibition', body: registerInput, response: { 201: registerOutput } },
    },
    async (request, reply) => {
      const register = await db.transaction().execute(async (trx) => {
        const created = await createRegister(trx, request.body, scopeOf(request));
        await recordAudit(trx, auditActor(request), { action: 'register.create', entityType: 'register', entityId: created.id, locationId: created.locationId, after: created });
        return created;
      });
      return reply.code(201).send(register);
    },
  );

  app.put(
    '/api/registers/:id',
    {
      config: { permission: 'settings.change' },
      schema: { tags: TAGS, summary: 'Rename, move or retire a register', params: idParams, body: registerInput, response: { 200: registerOutput } },
    },
    async (request) =>
      db.transaction().execute(async (trx) => {
        const { before, after } = await updateRegister(trx, request.params.id, request.body, scopeOf(request));
        await recordAudit(trx, auditActor(request), { action: 'register.update', entityType: 'register', entityId: after.id, locationId: after.locationId, before, after });
        return after;
      }),
  );

  app.get(
    '/api/sales/scan',
    {
      config: { permission: 'sales.sell' },
      schema: { tags: TAGS, summary: 'Look up a scanned tag (stock number or JAN) at a register', querystring: scanQuery, response: { 200: scanOutput } },
    },
    async (request) => scanItem(db, request.query.code, request.query.registerId, scopeOf(request)),
  );

  app.get(
    '/api/sales/staff',
    {
      config: { permission: 'sales.sell' },
      schema: {
        tags: TAGS,
        summary: 'Staff who may be credited with a sale at a location',
        querystring: z.object({ locationId: z.coerce.number().int().positive().optional() }),
        response: { 200: z.object({ staff: z.array(z.object({ id: z.number(), displayName: z.string() })) }) },
      },
    },
    async (request) => ({ staff: await sellingStaff(db, request.query.locationId) }),
  );

  app.post(
    '/api/sales/quote',
    {
      config: { permission: 'sales.sell' },
      schema: { tags: TAGS, summary: 'Price a cart with the tax engine without selling', body: saleQuoteInput, response: { 200: quoteOutput } },
    },
    async (request) => {
      // Pricing a cart changes nothing, so the audit fallback must not record it as a write.
      markUnchanged(request);
      return quoteSale(db, request.body, actorContext(request));
    },
  );

  app.post(
    '/api/sales',
    {
      config: { permission: 'sales.sell' },
      schema: { tags: TAGS, summary: 'Complete a counter sale', headers: idempotencyHeaders, body: saleInput, response: { 201: saleOutput } },
    },
    async (request, reply) => {
      const ctx = actorContext(request);
      const sale = await runIdempotent(db, request, reply, 201, async (trx) => {
        const created = await completeSale(trx, request.body, ctx);
        await recordDocumentCreated(trx, request, 'sale.complete', 'sale', created);
        return created;
      });
      request.log.info({ saleId: sale.id, number: sale.number, total: sale.total, lines: sale.lines.length }, 'sale completed');
      return sale;
    },
  );

  app.get(
    '/api/sales',
    {
      config: { permission: 'sales.sell' },
      schema: { tags: TAGS, summary: 'List sales and returns, newest first', querystring: saleListQuery, response: { 200: saleListOutput } },
    },
    async (request) => listSales(db, request.query, scopeOf(request)),
  );

  app.get(
    '/api/sales/export.csv',
    {
      config: { permission: 'data.export' },
      schema: {
        tags: TAGS,
        summary: 'Sales and returns as CSV, with tax per rate (returns negative)',
        querystring: saleListQuery.omit({ page: true, pageSize: true }).extend({ encoding: z.enum(CSV_ENCODINGS).default('utf8') }),
      },
    },
    async (request, reply) => {
      const { encoding, ...filters } = request.query;
      const { csv, rowCount } = await exportSalesCsv(db, filters, scopeOf(request), request.locale, encoding);
      await recordAudit(db, auditActor(request), { action: 'sale.export', entityType: 'sale', detail: { ...filters, encoding, rowCount } });
      return reply
        .header('content-type', `text/csv; charset=${encoding === 'cp932' ? 'Shift_JIS' : 'utf-8'}`)
        .header('content-disposition', `attachment; filename="sales-${filters.from ?? 'all'}-${filters.to ?? 'all'}.csv"`)
        .header('cache-control', 'no-store')
        .send(csv);
    },
  );

  app.get(
    '/api/sales/:id',
    {
      config: { permission: 'sales.sell' },
      schema: { tags: TAGS, summary: 'One sale or return with lines, tax per rate, payments and staff', params: idParams, response: { 200: saleOutput } },
    },
    async (request) => getSale(db, request.params.id, scopeOf(request)),
  );

  app.post(
    '/api/sales/:id/returns',
    {
      config: { permission: 'sales.refund' },
      schema: { tags: TAGS, summary: 'Return lines of a sale and refund them', params: idParams, headers: idempotencyHeaders, body: returnInput, response: { 201: saleOutput } },
    },
    async (request, reply) => {
      const ctx = actorContext(request);
      const created = await runIdempotent(db, request, reply, 201, async (trx) => {
        const document = await returnSale(trx, request.params.id, request.body, ctx);
        await recordDocumentCreated(trx, request, 'sale.return', 'sale', document);
        return document;
      });
      request.log.info({ saleId: request.params.id, returnId: created.id, number: created.number, total: created.total }, 'return recorded');
      return created;
    },
  );

  app.post(
    '/api/sales/:id/returns/quote',
    {
      config: { permission: 'sales.refund' },
      schema: { tags: TAGS, summary: 'Work out what returning lines of a sale gives back, without recording it', params: idParams, body: returnLinesInput, response: { 200: returnQuoteOutput } },
    },
    async (request) => {
      markUnchanged(request);
      return quoteReturn(db, request.params.id, request.body, actorContext(request));
    },
  );

  app.post(
    '/api/sales/:id/refunds',
    {
      config: { permission: 'sales.refund' },
      schema: {
        tags: TAGS,
        summary: 'Refund part of the price of a sale line that the customer keeps (一部返金)',
        params: idParams,
        headers: idempotencyHeaders,
        body: refundInput,
        response: { 201: saleOutput },
      },
    },
    async (request, reply) => {
      const ctx = actorContext(request);
      const sale = await runIdempotent(db, request, reply, 201, async (trx) => {
        const { refund, sale: after } = await refundSaleLine(trx, request.params.id, request.body, ctx);
        await recordAudit(trx, auditActor(request), { action: 'sale.refund', entityType: 'sale', entityId: after.id, locationId: after.locationId, after: refund });
        return after;
      });
      request.log.info({ saleId: sale.id, number: sale.number, lineId: request.body.lineId, amount: request.body.amount, method: request.body.method }, 'partial refund recorded');
      return sale;
    },
  );

  app.post(
    '/api/sales/:id/void',
    {
      config: { permission: 'sales.refund' },
      schema: { tags: TAGS, summary: 'Void a sale on the day it was made', params: idParams, body: voidInput, response: { 200: saleOutput } },
    },
    async (request) => {
      const ctx = actorContext(request);
      const voided = await db.transaction().execute(async (trx) => {
        const { before, after } = await voidSale(trx, request.params.id, request.body.reason, ctx);
        await recordAudit(trx, auditActor(request), {
          action: 'sale.void',
          entityType: 'sale',
          entityId: after.id,
          locationId: after.locationId,
          before: { status: before.status },
          after: { status: after.status, voidReason: after.voidReason },
        });
        return after;
      });
      request.log.info({ saleId: voided.id, number: voided.number }, 'sale voided');
      return voided;
    },
  );

  app.get(
    '/api/registers/:id/closing',
    {
      config: { permission: 'sales.sell' },
      schema: {
        tags: TAGS,
        summary: "A register's figures for a business day, and its close if recorded",
        params: idParams,
        querystring: closingQuery.extend({ floatAmount: z.coerce.number().int().min(0).max(10_000_000_000).default(0) }),
        response: { 200: closingOutput },
      },
    },
    async (request) => getClosing(db, request.params.id, request.query.businessDate, scopeOf(request), request.query.floatAmount),
  );

  app.post(
    '/api/registers/:id/closing',
    {
      config: { permission: 'sales.sell' },
      schema: { tags: TAGS, summary: 'Close a register for a business day (レジ締め)', params: idParams, body: closingInput, response: { 201: closingOutput } },
    },
    async (request, reply) => {
      const ctx = actorContext(request);
      const closing = await db.transaction().execute(async (trx) => {
        const closed = await closeRegister(trx, request.params.id, request.body, ctx.scope, ctx.userId);
        await recordAudit(trx, auditActor(request), {
          action: 'register.close',
          entityType: 'register',
          entityId: closed.registerId,
          after: { businessDate: closed.businessDate, expectedCash: closed.expectedCash, countedCash: closed.countedCash, difference: closed.difference },
        });
        return closed;
      });
      request.log.info({ registerId: closing.registerId, businessDate: closing.businessDate, difference: closing.difference }, 'register closed');
      return reply.code(201).send(closing);
    },
  );
}
