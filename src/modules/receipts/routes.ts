import type { FastifyRequest } from 'fastify';
import { scopeOf } from '../access/http.js';
import { auditActor } from '../audit/http.js';
import { recordAudit } from '../audit/service.js';
import type { App, AppDeps } from '../../server/types.js';
import type { Locale } from '../../shared/errors.js';
import { idParams } from '../stock-lines/schemas.js';
import { renderReceiptHtml, type RollWidthMm } from './html.js';
import { buildReceiptModel, type ReceiptModel } from './model.js';
import { renderReceiptPdf } from './pdf.js';
import { receiptHtmlQuery, receiptPdfQuery } from './schemas.js';
import { recordPrint } from './service.js';

// Receipts and A4 invoices of sales and returns. Every GET is a print: it is counted, so
// the second and later prints are marked as copies, and it is recorded in the audit trail.

type ReceiptFormat = 'html' | 'pdf';

/**
 * Counts the print, records the audit event and builds the model, all in one transaction,
 * so a print is counted exactly when it is audited. Rendering happens after the commit,
 * because a PDF can take hundreds of milliseconds while the first one loads the fonts, and
 * on SQLite an open transaction holds the only write lock.
 */
async function printModel(deps: AppDeps, request: FastifyRequest, saleId: number, format: ReceiptFormat, locale: Locale): Promise<ReceiptModel> {
  const scope = scopeOf(request);
  const model = await deps.db.transaction().execute(async (trx) => {
    const print = await recordPrint(trx, saleId, scope);
    await recordAudit(trx, auditActor(request), {
      action: 'sale.receipt_print',
      entityType: 'sale',
      entityId: saleId,
      locationId: print.sale.locationId,
      detail: { format, copy: print.copy },
    });
    return buildReceiptModel(print.sale, print.company, print.location, { locale, copy: print.copy, originalSoldAt: print.originalSoldAt });
  });
  request.log.info({ saleId, format, copy: model.copy }, 'receipt printed');
  return model;
}

/** A file name made of the sale number's safe characters, for Content-Disposition. */
function pdfFileName(saleNumber: string): string {
  const safe = saleNumber.replace(/[^A-Za-z0-9._-]/g, '_');
  return `receipt-${safe || 'sale'}.pdf`;
}

export async function receiptRoutes(app: App, deps: AppDeps): Promise<void> {
  app.get(
    '/api/sales/:id/receipt',
    {
      config: { permission: 'sales.sell' },
      schema: {
        tags: ['sales'],
        summary: 'Print the receipt (qualified simplified invoice) as an HTML page for 58/80 mm roll printers; counts as a print',
        params: idParams,
        querystring: receiptHtmlQuery,
        produces: ['text/html'],
      },
    },
    async (request, reply) => {
      const locale = request.query.locale ?? request.locale;
      const model = await printModel(deps, request, request.params.id, 'html', locale);
      const html = renderReceiptHtml(model, { widthMm: Number(request.query.width) as RollWidthMm });
      return reply.header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-store').send(html);
    },
  );

  app.get(
    '/api/sales/:id/receipt.pdf',
    {
      config: { permission: 'sales.sell' },
      schema: {
        tags: ['sales'],
        summary: 'Print the A4 qualified invoice as a PDF with an embedded Japanese font; counts as a print',
        params: idParams,
        querystring: receiptPdfQuery,
        produces: ['application/pdf'],
      },
    },
    async (request, reply) => {
      const locale = request.query.locale ?? request.locale;
      const model = await printModel(deps, request, request.params.id, 'pdf', locale);
      const pdf = await renderReceiptPdf(model);
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', `inline; filename="${pdfFileName(model.saleNumber)}"`)
        .header('cache-control', 'no-store')
        .send(pdf);
    },
  );
}
