import { z } from 'zod';
import type { App, AppDeps } from '../../server/types.js';
import { actorContext } from '../access/http.js';
import { auditActor, markUnchanged } from '../audit/http.js';
import { recordAudit } from '../audit/service.js';
import { idParams, pageOutput } from '../stock-lines/schemas.js';
import { agingList } from './aging.js';
import {
  createAgreement,
  createConsignee,
  getAgreement,
  getConsignee,
  listAgreements,
  listConsignees,
  updateAgreement,
  updateConsignee,
} from './consignees.js';
import { getCompanySettings } from '../company/service.js';
import { renderNotePdf } from './note-pdf.js';
import { checkSendablePiece, getNote, listNotes, sendOnConsignment } from './notes.js';
import { importReport } from './report-import.js';
import { getReport, listReports, recordManualReport } from './reports.js';
import {
  agingOutput,
  agingQuery,
  agreementInput,
  agreementListQuery,
  agreementOutput,
  consigneeInput,
  consigneeListQuery,
  consigneeOutput,
  documentListQuery,
  noteInput,
  noteOutput,
  noteSummary,
  remindersOutput,
  reportImportInput,
  reportImportOutput,
  reportInput,
  reportOutput,
  reportSummary,
  sendableQuery,
} from './schemas.js';

const PERMISSION = { permission: 'consignment.manage' } as const;
const TAGS = ['consignment-out'];

export async function consignmentOutRoutes(app: App, deps: AppDeps): Promise<void> {
  await consigneeRoutes(app, deps);
  await noteRoutes(app, deps);
  await reportRoutes(app, deps);
  await agingRoutes(app, deps);
}

async function consigneeRoutes(app: App, { db }: AppDeps): Promise<void> {
  app.get(
    '/api/consignment-out/consignees',
    {
      config: PERMISSION,
      schema: { tags: TAGS, summary: 'List consignees', querystring: consigneeListQuery, response: { 200: z.object({ consignees: z.array(consigneeOutput) }) } },
    },
    async (request) => ({
      consignees: await listConsignees(db, { q: request.query.q, includeInactive: request.query.includeInactive === 'true' }),
    }),
  );

  app.get(
    '/api/consignment-out/consignees/:id',
    { config: PERMISSION, schema: { tags: TAGS, summary: 'One consignee', params: idParams, response: { 200: consigneeOutput } } },
    async (request) => getConsignee(db, request.params.id),
  );

  app.post(
    '/api/consignment-out/consignees',
    {
      config: PERMISSION,
      schema: { tags: TAGS, summary: 'Create a consignee and its partner location', body: consigneeInput, response: { 201: consigneeOutput } },
    },
    async (request, reply) => {
      const consignee = await db.transaction().execute(async (trx) => {
        const created = await createConsignee(trx, request.body);
        await recordAudit(trx, auditActor(request), { action: 'consignee.create', entityType: 'consignee', entityId: created.id, after: created });
        return created;
      });
      request.log.info({ consigneeId: consignee.id, locationId: consignee.locationId }, 'consignee created');
      return reply.status(201).send(consignee);
    },
  );

  app.put(
    '/api/consignment-out/consignees/:id',
    {
      config: PERMISSION,
      schema: { tags: TAGS, summary: 'Update or deactivate a consignee', params: idParams, body: consigneeInput, response: { 200: consigneeOutput } },
    },
    async (request) => {
      const { id } = request.params;
      const consignee = await db.transaction().execute(async (trx) => {
        const before = await getConsignee(trx, id);
        const after = await updateConsignee(trx, id, request.body);
        await recordAudit(trx, auditActor(request), { action: 'consignee.update', entityType: 'consignee', entityId: id, before, after });
        return after;
      });
      request.log.info({ consigneeId: id, isActive: consignee.isActive }, 'consignee updated');
      return consignee;
    },
  );

  app.get(
    '/api/consignment-out/agreements',
    {
      config: PERMISSION,
      schema: { tags: TAGS, summary: 'List consignment-out agreements', querystring: agreementListQuery, response: { 200: z.object({ agreements: z.array(agreementOutput) }) } },
    },
    async (request) => ({ agreements: await listAgreements(db, request.query.consigneeId) }),
  );

  app.post(
    '/api/consignment-out/agreements',
    { config: PERMISSION, schema: { tags: TAGS, summary: 'Create a consignment-out agreement', body: agreementInput, response: { 201: agreementOutput } } },
    async (request, reply) => {
      const { userId } = actorContext(request);
      const agreement = await db.transaction().execute(async (trx) => {
        const created = await createAgreement(trx, request.body, userId);
        await recordAudit(trx, auditActor(request), { action: 'consignment_out_agreement.create', entityType: 'consignment_out_agreement', entityId: created.id, after: created });
        return created;
      });
      request.log.info({ agreementId: agreement.id, consigneeId: agreement.consigneeId }, 'consignment-out agreement created');
      return reply.status(201).send(agreement);
    },
  );

  app.put(
    '/api/consignment-out/agreements/:id',
    {
      config: PERMISSION,
      schema: { tags: TAGS, summary: 'Update or end a consignment-out agreement', params: idParams, body: agreementInput, response: { 200: agreementOutput } },
    },
    async (request) => {
      const { id } = request.params;
      const agreement = await db.transaction().execute(async (trx) => {
        const before = await getAgreement(trx, id);
        const after = await updateAgreement(trx, id, request.body);
        await recordAudit(trx, auditActor(request), { action: 'consignment_out_agreement.update', entityType: 'consignment_out_agreement', entityId: id, before, after });
        return after;
      });
      request.log.info({ agreementId: id, status: agreement.status }, 'consignment-out agreement updated');
      return agreement;
    },
  );
}

async function noteRoutes(app: App, { db }: AppDeps): Promise<void> {
  app.post(
    '/api/consignment-out/notes',
    { config: PERMISSION, schema: { tags: TAGS, summary: 'Send pieces to a consignee on a delivery note', body: noteInput, response: { 201: noteOutput } } },
    async (request, reply) => {
      const ctx = actorContext(request);
      const note = await db.transaction().execute(async (trx) => {
        const created = await sendOnConsignment(trx, request.body, ctx);
        await recordAudit(trx, auditActor(request), {
          action: 'consignment_out.send',
          entityType: 'consignment_out_note',
          entityId: created.id,
          locationId: created.fromLocationId,
          after: created,
        });
        return created;
      });
      request.log.info({ noteId: note.id, number: note.number, consigneeId: note.consigneeId, pieces: note.pieceCount }, 'pieces sent on consignment');
      return reply.status(201).send(note);
    },
  );

  app.get(
    '/api/consignment-out/notes/sendable',
    {
      config: PERMISSION,
      schema: {
        tags: TAGS,
        summary: 'Check that a scanned piece can be sent from a location; a 4xx error gives the reason',
        querystring: sendableQuery,
        response: { 200: z.object({ sendable: z.literal(true) }) },
      },
    },
    async (request) => {
      await checkSendablePiece(db, request.query.itemId, request.query.fromLocationId, actorContext(request));
      return { sendable: true as const };
    },
  );

  app.get(
    '/api/consignment-out/notes',
    {
      config: PERMISSION,
      schema: { tags: TAGS, summary: 'List delivery notes, newest first', querystring: documentListQuery, response: { 200: z.object({ notes: z.array(noteSummary), ...pageOutput }) } },
    },
    async (request) => listNotes(db, request.query),
  );

  app.get(
    '/api/consignment-out/notes/:id',
    { config: PERMISSION, schema: { tags: TAGS, summary: 'One delivery note with its pieces', params: idParams, response: { 200: noteOutput } } },
    async (request) => getNote(db, request.params.id),
  );

  app.get(
    '/api/consignment-out/notes/:id/note.pdf',
    {
      config: PERMISSION,
      schema: {
        tags: TAGS,
        summary: 'Print the delivery note (委託伝票) as an A4 PDF with an embedded Japanese font',
        params: idParams,
        querystring: z.object({ locale: z.enum(['ja', 'en']).optional() }),
        produces: ['application/pdf'],
      },
    },
    async (request, reply) => {
      const note = await getNote(db, request.params.id);
      const agreement = await getAgreement(db, note.agreementId);
      const company = await getCompanySettings(db);
      const pdf = await renderNotePdf({ note, company, ratePercent: agreement.ratePercent }, request.query.locale ?? request.locale);
      const fileName = `consignment-note-${note.number.replace(/[^A-Za-z0-9-]/g, '')}.pdf`;
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', `inline; filename="${fileName}"`)
        .header('cache-control', 'no-store')
        .send(pdf);
    },
  );
}

async function reportRoutes(app: App, { db }: AppDeps): Promise<void> {
  app.post(
    '/api/consignment-out/reports',
    { config: PERMISSION, schema: { tags: TAGS, summary: "Record a consignee's report of sales and returns", body: reportInput, response: { 201: reportOutput } } },
    async (request, reply) => {
      const ctx = actorContext(request);
      const report = await db.transaction().execute(async (trx) => {
        const created = await recordManualReport(trx, request.body, ctx);
        await recordAudit(trx, auditActor(request), { action: 'consignment_out.report', entityType: 'consignment_out_report', entityId: created.id, after: created });
        return created;
      });
      request.log.info({ reportId: report.id, number: report.number, consigneeId: report.consigneeId, lines: report.lines.length }, 'consignee report recorded');
      return reply.status(201).send(report);
    },
  );

  app.post(
    '/api/consignment-out/reports/import',
    {
      config: PERMISSION,
      schema: {
        tags: TAGS,
        summary: "Preview (dryRun) or import a consignee's report from CSV",
        body: reportImportInput,
        response: { 200: reportImportOutput, 422: reportImportOutput },
      },
    },
    async (request, reply) => {
      const ctx = actorContext(request);
      const result = await importReport(db, request.body, ctx, request.locale, async (trx, report) => {
        await recordAudit(trx, auditActor(request), {
          action: 'consignment_out.import',
          entityType: 'consignment_out_report',
          entityId: report.id,
          after: { ...report, fileName: request.body.fileName ?? null },
        });
      });
      // Only a committed import changed anything, and it has recorded its own audit event.
      if (!result.committed) markUnchanged(request);
      if (result.committed) request.log.info({ reportId: result.report?.id, rows: result.rowCount }, 'consignee report imported');
      const rejected = !result.dryRun && !result.committed;
      return reply.status(rejected ? 422 : 200).send(result);
    },
  );

  app.get(
    '/api/consignment-out/reports',
    {
      config: PERMISSION,
      schema: { tags: TAGS, summary: 'List consignee reports, newest first', querystring: documentListQuery, response: { 200: z.object({ reports: z.array(reportSummary), ...pageOutput }) } },
    },
    async (request) => listReports(db, request.query),
  );

  app.get(
    '/api/consignment-out/reports/:id',
    { config: PERMISSION, schema: { tags: TAGS, summary: 'One consignee report with its lines', params: idParams, response: { 200: reportOutput } } },
    async (request) => getReport(db, request.params.id),
  );
}

async function agingRoutes(app: App, { db }: AppDeps): Promise<void> {
  app.get(
    '/api/consignment-out/aging',
    { config: PERMISSION, schema: { tags: TAGS, summary: 'Pieces out at consignees, with days out and aging buckets', querystring: agingQuery, response: { 200: agingOutput } } },
    async (request) => agingList(db, { consigneeId: request.query.consigneeId, overdueOnly: request.query.overdueOnly === 'true' }),
  );

  app.get(
    '/api/consignment-out/reminders',
    { config: PERMISSION, schema: { tags: TAGS, summary: 'Pieces past their return due date', response: { 200: remindersOutput } } },
    async () => {
      const aging = await agingList(db, { overdueOnly: true });
      return { today: aging.today, count: aging.rows.length, rows: aging.rows };
    },
  );
}
