import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Db, Tx } from '../../db/database.js';
import type { App, AppDeps } from '../../server/types.js';
import { currentUser } from '../../server/types.js';
import { actorContext, scopeOf, type ActorContext } from '../access/http.js';
import { auditActor, recordDocumentCreated } from '../audit/http.js';
import { recordAudit } from '../audit/service.js';
import { idempotencyHeaders, runIdempotent } from '../idempotency/http.js';
import { writeOffOutput } from '../write-offs/schemas.js';
import {
  bulkCarryOutInput,
  bulkCarryOutOutput,
  carryOutInput,
  checkInInput,
  exhibitionInput,
  exhibitionItemParams,
  exhibitionListOutput,
  exhibitionListQuery,
  exhibitionOutput,
  exhibitionParams,
  exhibitionLine,
  reconciliationOutput,
  resolveInput,
  scanOutput,
  type ScanOutput,
} from './schemas.js';
import { carryOut, carryOutMany, checkIn, finishCheckIn, removeFromList, resolveMissing } from './scans.js';
import { closeExhibition, createExhibition, getExhibition, getReconciliation, listExhibitions, updateExhibition } from './service.js';
import { carryOutListPdf } from './carry-out-list.js';

const ENTITY = 'exhibition';
const TAGS = ['exhibitions'];

export async function exhibitionRoutes(app: App, { db }: AppDeps): Promise<void> {
  app.post(
    '/api/exhibitions',
    {
      config: { permission: 'exhibitions.manage' },
      schema: {
        tags: TAGS,
        summary: 'Create an exhibition with its own location and first register',
        headers: idempotencyHeaders,
        body: exhibitionInput,
        response: { 201: exhibitionOutput },
      },
    },
    async (request, reply) => {
      const exhibition = await runIdempotent(db, request, reply, 201, async (trx) => {
        const created = await createExhibition(trx, request.body, actorContext(request));
        await recordDocumentCreated(trx, request, 'exhibition.create', ENTITY, created);
        return created;
      });
      request.log.info({ exhibitionId: exhibition.id, locationId: exhibition.locationId }, 'exhibition created');
      return exhibition;
    },
  );

  app.put(
    '/api/exhibitions/:id',
    {
      config: { permission: 'exhibitions.manage' },
      schema: { tags: TAGS, summary: 'Edit an exhibition that is not closed', params: exhibitionParams, body: exhibitionInput, response: { 200: exhibitionOutput } },
    },
    async (request) => {
      const ctx = actorContext(request);
      const updated = await db.transaction().execute(async (trx) => {
        const before = await getExhibition(trx, request.params.id, ctx.scope);
        const after = await updateExhibition(trx, request.params.id, request.body, ctx);
        await recordAudit(trx, auditActor(request), { action: 'exhibition.update', entityType: ENTITY, entityId: after.id, locationId: after.locationId, before, after });
        return after;
      });
      request.log.info({ exhibitionId: updated.id }, 'exhibition updated');
      return updated;
    },
  );

  app.get(
    '/api/exhibitions',
    {
      config: { permission: 'stock.view' },
      schema: { tags: TAGS, summary: 'List exhibitions, the latest start first', querystring: exhibitionListQuery, response: { 200: exhibitionListOutput } },
    },
    async (request) => listExhibitions(db, request.query, scopeOf(request)),
  );

  app.get(
    '/api/exhibitions/:id',
    {
      config: { permission: 'stock.view' },
      schema: { tags: TAGS, summary: 'One exhibition with its staff and registers', params: exhibitionParams, response: { 200: exhibitionOutput } },
    },
    async (request) => getExhibition(db, request.params.id, scopeOf(request)),
  );

  app.get(
    '/api/exhibitions/:id/reconciliation',
    {
      config: { permission: 'stock.view' },
      schema: {
        tags: TAGS,
        summary: 'What went out, was sold, came back and is missing, derived from the stock ledger',
        params: exhibitionParams,
        response: { 200: reconciliationOutput },
      },
    },
    async (request) => getReconciliation(db, request.params.id, scopeOf(request)),
  );

  app.get(
    '/api/exhibitions/:id/carry-out-list.pdf',
    {
      config: { permission: 'stock.view' },
      schema: { tags: TAGS, summary: 'The printable carry-out list (持ち出しリスト) as a PDF', params: exhibitionParams, produces: ['application/pdf'] },
    },
    async (request, reply) => {
      const scope = scopeOf(request);
      const exhibition = await getExhibition(db, request.params.id, scope);
      const reconciliation = await getReconciliation(db, request.params.id, scope);
      const pdf = await carryOutListPdf(exhibition, reconciliation.lines, request.locale);
      request.log.info({ exhibitionId: exhibition.id, pieces: reconciliation.lines.length }, 'carry-out list printed');
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', `inline; filename="carry-out-${exhibition.locationCode}.pdf"`)
        .send(pdf);
    },
  );

  app.post(
    '/api/exhibitions/:id/carry-out',
    {
      config: { permission: 'exhibitions.manage' },
      schema: {
        tags: TAGS,
        summary: 'Carry one scanned piece out to the exhibition; a piece already on the list is reported, not moved',
        params: exhibitionParams,
        body: carryOutInput,
        response: { 200: scanOutput },
      },
    },
    async (request) => {
      const outcome = await runScan(db, request, 'carried_out', 'exhibition.carry_out', { fromLocationId: request.body.fromLocationId }, (trx, ctx) =>
        carryOut(trx, request.params.id, request.body, ctx),
      );
      request.log.info({ exhibitionId: request.params.id, itemId: outcome.line.itemId, result: outcome.result }, 'exhibition carry-out scan');
      return outcome;
    },
  );

  app.post(
    '/api/exhibitions/:id/carry-out/bulk',
    {
      config: { permission: 'exhibitions.manage' },
      schema: {
        tags: TAGS,
        summary: 'Carry out several codes at once, all or nothing',
        params: exhibitionParams,
        body: bulkCarryOutInput,
        response: { 200: bulkCarryOutOutput },
      },
    },
    async (request) => {
      const ctx = actorContext(request);
      const outcome = await db.transaction().execute(async (trx) => {
        const done = await carryOutMany(trx, request.params.id, request.body, ctx);
        for (const scanned of done.results) {
          if (scanned.result === 'carried_out') await auditScan(trx, request, 'exhibition.carry_out', scanned.line, { fromLocationId: request.body.fromLocationId });
        }
        return done;
      });
      request.log.info({ exhibitionId: request.params.id, codes: request.body.codes.length }, 'exhibition bulk carry-out');
      return outcome;
    },
  );

  app.delete(
    '/api/exhibitions/:id/items/:itemId',
    {
      config: { permission: 'exhibitions.manage' },
      schema: {
        tags: TAGS,
        summary: 'Take a piece off the list and move it back, up to the first day',
        params: exhibitionItemParams,
        response: { 200: scanOutput },
      },
    },
    async (request) => {
      const ctx = actorContext(request);
      const outcome = await db.transaction().execute(async (trx) => {
        const removed = await removeFromList(trx, request.params.id, request.params.itemId, ctx);
        await auditScan(trx, request, 'exhibition.update', removed.line, { removedFromList: true });
        return removed;
      });
      request.log.info({ exhibitionId: request.params.id, itemId: request.params.itemId }, 'piece removed from the carry-out list');
      return outcome;
    },
  );

  app.post(
    '/api/exhibitions/:id/check-in',
    {
      config: { permission: 'exhibitions.manage' },
      schema: {
        tags: TAGS,
        summary: 'Check one scanned piece back in; a second scan is reported, not moved',
        params: exhibitionParams,
        body: checkInInput,
        response: { 200: scanOutput },
      },
    },
    async (request) => {
      const outcome = await runScan(db, request, 'checked_in', 'exhibition.check_in', { toLocationId: request.body.toLocationId ?? null }, (trx, ctx) =>
        checkIn(trx, request.params.id, request.body, ctx),
      );
      request.log.info({ exhibitionId: request.params.id, itemId: outcome.line.itemId, result: outcome.result }, 'exhibition check-in scan');
      return outcome;
    },
  );

  app.post(
    '/api/exhibitions/:id/finish-check-in',
    {
      config: { permission: 'exhibitions.manage' },
      schema: {
        tags: TAGS,
        summary: 'End check-in: pieces still at the exhibition become missing',
        params: exhibitionParams,
        response: { 200: z.object({ markedMissing: z.array(z.number()), reconciliation: reconciliationOutput }) },
      },
    },
    async (request) => {
      const ctx = actorContext(request);
      const outcome = await db.transaction().execute(async (trx) => {
        const finished = await finishCheckIn(trx, request.params.id, ctx);
        await recordAudit(trx, auditActor(request), {
          action: 'exhibition.check_in',
          entityType: ENTITY,
          entityId: request.params.id,
          locationId: await exhibitionLocationId(trx, request.params.id),
          detail: { finished: true, markedMissing: finished.markedMissing },
        });
        return finished;
      });
      request.log.info({ exhibitionId: request.params.id, missing: outcome.markedMissing.length }, 'exhibition check-in finished');
      return outcome;
    },
  );

  app.post(
    '/api/exhibitions/:id/items/:itemId/resolve',
    {
      config: { permission: 'exhibitions.manage' },
      schema: {
        tags: TAGS,
        summary: 'Resolve a missing piece: found, or written off as lost or stolen (needs stock.write_off too)',
        params: exhibitionItemParams,
        body: resolveInput,
        response: { 200: z.object({ line: exhibitionLine, writeOff: writeOffOutput.nullable() }) },
      },
    },
    async (request) => {
      const ctx = { ...actorContext(request), canWriteOff: currentUser(request).permissions.includes('stock.write_off') };
      const outcome = await db.transaction().execute(async (trx) => {
        const resolved = await resolveMissing(trx, request.params.id, request.params.itemId, request.body, ctx);
        if (resolved.writeOff) await recordDocumentCreated(trx, request, 'write_off.create', 'write_off', resolved.writeOff);
        await auditScan(trx, request, 'exhibition.resolve', resolved.line, {
          resolution: request.body.resolution,
          writeOffId: resolved.writeOff?.id ?? null,
          note: request.body.note,
        });
        return resolved;
      });
      request.log.info({ exhibitionId: request.params.id, itemId: request.params.itemId, resolution: request.body.resolution }, 'missing exhibition piece resolved');
      return outcome;
    },
  );

  app.post(
    '/api/exhibitions/:id/close',
    {
      config: { permission: 'exhibitions.manage' },
      schema: {
        tags: TAGS,
        summary: 'Close an exhibition once nothing is out, missing or in offline conflict',
        params: exhibitionParams,
        response: { 200: exhibitionOutput },
      },
    },
    async (request) => {
      const ctx = actorContext(request);
      const closed = await db.transaction().execute(async (trx) => {
        const { before, after } = await closeExhibition(trx, request.params.id, ctx);
        await recordAudit(trx, auditActor(request), { action: 'exhibition.close', entityType: ENTITY, entityId: after.id, locationId: after.locationId, before, after });
        return after;
      });
      request.log.info({ exhibitionId: closed.id }, 'exhibition closed');
      return closed;
    },
  );
}

/**
 * Runs one scan in a transaction and records it in the audit trail when its result is
 * `moved`. A notice that changed nothing (already on the list) is not recorded.
 */
async function runScan(
  db: Db,
  request: FastifyRequest,
  moved: ScanOutput['result'],
  action: string,
  detail: Record<string, unknown>,
  scan: (trx: Tx, ctx: ActorContext) => Promise<ScanOutput>,
): Promise<ScanOutput> {
  const ctx = actorContext(request);
  return db.transaction().execute(async (trx) => {
    const scanned = await scan(trx, ctx);
    if (scanned.result === moved) await auditScan(trx, request, action, scanned.line, detail);
    return scanned;
  });
}

/** Returns the id of the exhibition's own location, which audit events of its scans carry. */
async function exhibitionLocationId(trx: Tx, exhibitionId: number): Promise<number> {
  const row = await trx.selectFrom('exhibitions').select('location_id').where('id', '=', exhibitionId).executeTakeFirstOrThrow();
  return row.location_id;
}

/** Records one scan of a piece against the exhibition, naming the piece and its state. */
async function auditScan(
  trx: Tx,
  request: FastifyRequest,
  action: string,
  line: z.infer<typeof exhibitionLine>,
  detail: Record<string, unknown>,
): Promise<void> {
  const params = request.params as { id: number };
  await recordAudit(trx, auditActor(request), {
    action,
    entityType: ENTITY,
    entityId: params.id,
    locationId: await exhibitionLocationId(trx, params.id),
    detail: { itemId: line.itemId, stockNumber: line.stockNumber, state: line.state, ...detail },
  });
}
