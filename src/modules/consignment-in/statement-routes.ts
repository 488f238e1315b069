import type { FastifyRequest } from 'fastify';
import type { App, AppDeps } from '../../server/types.js';
import { businessDate } from '../../shared/time.js';
import { auditActor } from '../audit/http.js';
import { recordAudit } from '../audit/service.js';
import { idParams } from '../stock-lines/schemas.js';
import { getStatementDetail } from './statement-content.js';
import { statementCsv, statementFileName } from './statement-csv.js';
import { renderStatementPdf } from './statement-pdf.js';
import {
  duePeriodsOutput,
  duePeriodsQuery,
  issueStatementInput,
  payStatementInput,
  settlementConsignorsOutput,
  statementCsvQuery,
  statementDetailOutput,
  statementListOutput,
  statementListQuery,
  statementPdfQuery,
  statementSummaryOutput,
} from './statement-schemas.js';
import { getDuePeriods, getStatementSummary, issueStatement, listSettlementConsignors, listStatements, payStatement } from './statements.js';

// Settlement statements of consignment in: issue, read, print (PDF), export (CSV), mark paid.
// Every route needs 'consignment.settle', because a statement shows what the shop owes.

const TAGS = ['consignment'];
const PERMISSION = 'consignment.settle';

/** Reads the statement and records its export (PDF or CSV) in the audit trail. */
async function exportedStatement(deps: AppDeps, request: FastifyRequest, statementId: number, detail: Record<string, unknown>) {
  const statement = await getStatementDetail(deps.db, statementId);
  await recordAudit(deps.db, auditActor(request), { action: 'consignment_statement.export', entityType: 'consignment_statement', entityId: statementId, detail: { number: statement.number, ...detail } });
  request.log.info({ statementId, ...detail }, 'consignment statement exported');
  return statement;
}

export async function consignmentStatementRoutes(app: App, deps: AppDeps): Promise<void> {
  const { db } = deps;

  app.get(
    '/api/consignment/statements',
    {
      config: { permission: PERMISSION },
      schema: { tags: TAGS, summary: 'Settlement statements, newest closing date first', querystring: statementListQuery, response: { 200: statementListOutput } },
    },
    async (request) => listStatements(db, request.query),
  );

  app.get(
    '/api/consignment/statements/consignors',
    {
      config: { permission: PERMISSION },
      schema: { tags: TAGS, summary: 'Active consignors with the entries not yet on a statement', response: { 200: settlementConsignorsOutput } },
    },
    async () => ({ consignors: await listSettlementConsignors(db) }),
  );

  app.get(
    '/api/consignment/statements/due',
    {
      config: { permission: PERMISSION },
      schema: { tags: TAGS, summary: 'The periods a consignor can be issued a statement for', querystring: duePeriodsQuery, response: { 200: duePeriodsOutput } },
    },
    async (request) => getDuePeriods(db, request.query.consignorId, businessDate()),
  );

  app.post(
    '/api/consignment/statements',
    {
      config: { permission: PERMISSION },
      schema: { tags: TAGS, summary: 'Issue the statement of a consignor up to a closing date', body: issueStatementInput, response: { 201: statementSummaryOutput } },
    },
    async (request, reply) => {
      const statement = await db.transaction().execute(async (trx) => {
        const id = await issueStatement(trx, request.body, request.session?.user?.id ?? null, businessDate());
        const issued = await getStatementSummary(trx, id);
        await recordAudit(trx, auditActor(request), { action: 'consignment_statement.issue', entityType: 'consignment_statement', entityId: id, after: issued });
        return issued;
      });
      request.log.info({ statementId: statement.id, consignorId: statement.consignorId, periodTo: statement.periodTo, amountOwed: statement.amountOwed }, 'consignment statement issued');
      return reply.code(201).send(statement);
    },
  );

  app.get(
    '/api/consignment/statements/:id',
    {
      config: { permission: PERMISSION },
      schema: { tags: TAGS, summary: 'One statement with its lines, adjustments, held and returned pieces', params: idParams, response: { 200: statementDetailOutput } },
    },
    async (request) => getStatementDetail(db, request.params.id),
  );

  app.get(
    '/api/consignment/statements/:id/pdf',
    {
      config: { permission: PERMISSION },
      schema: { tags: TAGS, summary: 'The statement as an A4 PDF in the user’s language', params: idParams, querystring: statementPdfQuery, produces: ['application/pdf'] },
    },
    async (request, reply) => {
      const statement = await exportedStatement(deps, request, request.params.id, { format: 'pdf' });
      const pdf = await renderStatementPdf(statement, request.query.locale ?? request.locale);
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', `inline; filename="${statementFileName(statement.number, 'pdf')}"`)
        .header('cache-control', 'no-store')
        .send(pdf);
    },
  );

  app.get(
    '/api/consignment/statements/:id/csv',
    {
      config: { permission: PERMISSION },
      schema: { tags: TAGS, summary: 'The statement’s lines as CSV (UTF-8 with BOM, or CP932)', params: idParams, querystring: statementCsvQuery },
    },
    async (request, reply) => {
      const { encoding, locale } = request.query;
      const statement = await exportedStatement(deps, request, request.params.id, { format: 'csv', encoding });
      const { csv } = statementCsv(statement, locale ?? request.locale, encoding);
      return reply
        .header('content-type', `text/csv; charset=${encoding === 'cp932' ? 'Shift_JIS' : 'utf-8'}`)
        .header('content-disposition', `attachment; filename="${statementFileName(statement.number, 'csv')}"`)
        .header('cache-control', 'no-store')
        .send(csv);
    },
  );

  app.post(
    '/api/consignment/statements/:id/pay',
    {
      config: { permission: PERMISSION },
      schema: { tags: TAGS, summary: 'Mark a statement paid, once', params: idParams, body: payStatementInput, response: { 200: statementSummaryOutput } },
    },
    async (request) => {
      const statement = await db.transaction().execute(async (trx) => {
        const { before, after } = await payStatement(trx, request.params.id, request.body, request.session?.user?.id ?? null, businessDate());
        await recordAudit(trx, auditActor(request), { action: 'consignment_statement.pay', entityType: 'consignment_statement', entityId: after.id, before, after });
        return after;
      });
      request.log.info({ statementId: statement.id, paidOn: statement.paidOn }, 'consignment statement marked paid');
      return statement;
    },
  );
}
