import { z } from 'zod';
import type { App, AppDeps } from '../../server/types.js';
import { actorContext, scopeOf } from '../access/http.js';
import { visibleItemIds } from '../access/scope.js';
import { auditActor, recordDocumentCreated } from '../audit/http.js';
import { MASKED } from '../audit/mask.js';
import { recordAudit } from '../audit/service.js';
import { idempotencyHeaders, runIdempotent } from '../idempotency/http.js';
import { consignorsOfItems } from '../items/service.js';
import { idParams } from '../stock-lines/schemas.js';
import { createAgreement, endAgreement, getAgreementRow, listAgreements, toAgreementOutput, updateAgreement } from './agreements.js';
import { createConsignor, deactivateConsignor, getConsignor, listConsignors, updateConsignor } from './consignors.js';
import { listConsignorPayables, listConsignorPieces } from './queries.js';
import { getReceipt, listReceipts, receiveConsignment } from './receipts.js';
import { returnToConsignor } from './returns.js';
import {
  agreementInput,
  agreementListQuery,
  agreementOutput,
  agreementUpdateInput,
  consignorInput,
  consignorListQuery,
  consignorOutput,
  type ConsignorOutput,
  itemConsignorsOutput,
  itemConsignorsQuery,
  payableListOutput,
  payableListQuery,
  pieceListQuery,
  pieceOutput,
  receiptInput,
  receiptListOutput,
  receiptListQuery,
  receiptOutput,
  returnInput,
  returnOutput,
} from './schemas.js';

const TAGS = ['consignment-in'];

/**
 * Masks the bank account of a consignor before it enters the audit trail. For an
 * individual it is personal data, and the trail's own masking does not recognise it. The
 * trail masks contacts and the identity document number itself.
 */
function consignorForAudit(consignor: ConsignorOutput): ConsignorOutput {
  return consignor.bankAccount === null ? consignor : { ...consignor, bankAccount: MASKED };
}

export async function consignmentInRoutes(app: App, { db }: AppDeps): Promise<void> {
  // ---- Consignors ----

  app.get(
    '/api/consignment/consignors',
    {
      config: { permission: 'consignment.manage' },
      schema: { tags: TAGS, summary: 'List consignors with pieces held and open payables', querystring: consignorListQuery, response: { 200: z.object({ consignors: z.array(consignorOutput) }) } },
    },
    async (request) => ({
      consignors: await listConsignors(db, { q: request.query.q, includeInactive: request.query.includeInactive === 'true' }),
    }),
  );

  app.get(
    '/api/consignment/consignors/:id',
    { config: { permission: 'consignment.manage' }, schema: { tags: TAGS, summary: 'One consignor', params: idParams, response: { 200: consignorOutput } } },
    async (request) => getConsignor(db, request.params.id),
  );

  app.post(
    '/api/consignment/consignors',
    { config: { permission: 'consignment.manage' }, schema: { tags: TAGS, summary: 'Register a consignor', body: consignorInput, response: { 201: consignorOutput } } },
    async (request, reply) => {
      const { userId } = actorContext(request);
      const consignor = await db.transaction().execute(async (trx) => {
        const created = await createConsignor(trx, request.body, userId);
        await recordAudit(trx, auditActor(request), { action: 'consignor.create', entityType: 'consignor', entityId: created.id, after: consignorForAudit(created) });
        return created;
      });
      request.log.info({ consignorId: consignor.id, code: consignor.code }, 'consignor created');
      return reply.status(201).send(consignor);
    },
  );

  app.put(
    '/api/consignment/consignors/:id',
    {
      config: { permission: 'consignment.manage' },
      schema: { tags: TAGS, summary: 'Update a consignor', params: idParams, body: consignorInput, response: { 200: consignorOutput } },
    },
    async (request) => {
      const { id } = request.params;
      const { userId } = actorContext(request);
      const consignor = await db.transaction().execute(async (trx) => {
        const before = await getConsignor(trx, id);
        const after = await updateConsignor(trx, id, request.body, userId);
        await recordAudit(trx, auditActor(request), { action: 'consignor.update', entityType: 'consignor', entityId: id, before: consignorForAudit(before), after: consignorForAudit(after) });
        return after;
      });
      request.log.info({ consignorId: id, code: consignor.code }, 'consignor updated');
      return consignor;
    },
  );

  app.post(
    '/api/consignment/consignors/:id/deactivate',
    {
      config: { permission: 'consignment.manage' },
      schema: { tags: TAGS, summary: 'Deactivate a consignor (kept on record, takes no new pieces)', params: idParams, response: { 200: consignorOutput } },
    },
    async (request) => {
      const { id } = request.params;
      const consignor = await db.transaction().execute(async (trx) => {
        const before = await getConsignor(trx, id);
        const after = await deactivateConsignor(trx, id);
        await recordAudit(trx, auditActor(request), { action: 'consignor.update', entityType: 'consignor', entityId: id, before: consignorForAudit(before), after: consignorForAudit(after), detail: { deactivated: true } });
        return after;
      });
      request.log.info({ consignorId: id }, 'consignor deactivated');
      return consignor;
    },
  );

  app.get(
    '/api/consignment/consignors/:id/pieces',
    {
      // The list shows pieces and their locations, which the stock.view permission covers.
      config: { permission: 'stock.view' },
      schema: { tags: TAGS, summary: "The consignor's pieces: held, sold and returned", params: idParams, querystring: pieceListQuery, response: { 200: z.object({ pieces: z.array(pieceOutput) }) } },
    },
    async (request) => ({ pieces: await listConsignorPieces(db, request.params.id, request.query, scopeOf(request)) }),
  );

  app.get(
    '/api/consignment/consignors/:id/payables',
    {
      config: { permission: 'consignment.manage' },
      schema: { tags: TAGS, summary: "The consignor's payable entries, open or on a statement", params: idParams, querystring: payableListQuery, response: { 200: payableListOutput } },
    },
    async (request) => listConsignorPayables(db, request.params.id, request.query.open === 'true'),
  );

  app.get(
    '/api/consignment/item-consignors',
    {
      // Screens that list pieces by id (the cart, a sale) ask which of them are consigned.
      config: { permission: 'stock.view' },
      schema: {
        tags: TAGS,
        summary: 'The consignor of each consigned piece among the given item ids; our own pieces are left out',
        querystring: itemConsignorsQuery,
        response: { 200: itemConsignorsOutput },
      },
    },
    async (request) => {
      // Items outside the user's scope are left out, as if they were our own.
      const visible = await visibleItemIds(db, scopeOf(request), request.query.ids);
      const consignors = await consignorsOfItems(db, [...visible]);
      return { items: [...consignors].map(([itemId, consignor]) => ({ itemId, consignor })) };
    },
  );

  // ---- Agreements ----

  app.get(
    '/api/consignment/agreements',
    {
      config: { permission: 'consignment.manage' },
      schema: { tags: TAGS, summary: 'List consignment-in agreements', querystring: agreementListQuery, response: { 200: z.object({ agreements: z.array(agreementOutput) }) } },
    },
    async (request) => ({ agreements: await listAgreements(db, request.query) }),
  );

  app.post(
    '/api/consignment/agreements',
    { config: { permission: 'consignment.manage' }, schema: { tags: TAGS, summary: 'Add an agreement for a consignor', body: agreementInput, response: { 201: agreementOutput } } },
    async (request, reply) => {
      const { userId } = actorContext(request);
      const agreement = await db.transaction().execute(async (trx) => {
        const created = await createAgreement(trx, request.body, userId);
        await recordAudit(trx, auditActor(request), { action: 'consignment_in_agreement.create', entityType: 'consignment_in_agreement', entityId: created.id, after: created });
        return created;
      });
      request.log.info({ agreementId: agreement.id, number: agreement.number, consignorId: agreement.consignorId }, 'consignment agreement created');
      return reply.status(201).send(agreement);
    },
  );

  app.put(
    '/api/consignment/agreements/:id',
    {
      config: { permission: 'consignment.manage' },
      schema: { tags: TAGS, summary: "Change an active agreement's terms", params: idParams, body: agreementUpdateInput, response: { 200: agreementOutput } },
    },
    async (request) => {
      const { id } = request.params;
      const agreement = await db.transaction().execute(async (trx) => {
        const before = toAgreementOutput(await getAgreementRow(trx, id));
        const after = await updateAgreement(trx, id, request.body);
        await recordAudit(trx, auditActor(request), { action: 'consignment_in_agreement.update', entityType: 'consignment_in_agreement', entityId: id, before, after });
        return after;
      });
      request.log.info({ agreementId: id, number: agreement.number }, 'consignment agreement updated');
      return agreement;
    },
  );

  app.post(
    '/api/consignment/agreements/:id/end',
    {
      config: { permission: 'consignment.manage' },
      schema: { tags: TAGS, summary: 'End an agreement: it takes no new pieces', params: idParams, response: { 200: agreementOutput } },
    },
    async (request) => {
      const { id } = request.params;
      const agreement = await db.transaction().execute(async (trx) => {
        const before = toAgreementOutput(await getAgreementRow(trx, id));
        const after = await endAgreement(trx, id);
        await recordAudit(trx, auditActor(request), { action: 'consignment_in_agreement.update', entityType: 'consignment_in_agreement', entityId: id, before, after, detail: { ended: true } });
        return after;
      });
      request.log.info({ agreementId: id, number: agreement.number }, 'consignment agreement ended');
      return agreement;
    },
  );

  // ---- Receiving and returning pieces ----

  app.post(
    '/api/consignment/receipts',
    {
      config: { permission: 'consignment.manage' },
      schema: { tags: TAGS, summary: "Receive a consignor's pieces into stock", headers: idempotencyHeaders, body: receiptInput, response: { 201: receiptOutput } },
    },
    async (request, reply) => {
      const ctx = actorContext(request);
      const receipt = await runIdempotent(db, request, reply, 201, async (trx) => {
        const created = await receiveConsignment(trx, request.body, ctx);
        await recordDocumentCreated(trx, request, 'consignment_in.receive', 'consignment_in_receipt', created);
        return created;
      });
      request.log.info({ receiptId: receipt.id, number: receipt.number, consignorId: receipt.consignorId, pieces: receipt.lineCount }, 'consigned pieces received');
      return receipt;
    },
  );

  app.get(
    '/api/consignment/receipts',
    {
      config: { permission: 'consignment.manage' },
      schema: { tags: TAGS, summary: 'List consignment receipts, newest first', querystring: receiptListQuery, response: { 200: receiptListOutput } },
    },
    async (request) => listReceipts(db, request.query, scopeOf(request)),
  );

  app.get(
    '/api/consignment/receipts/:id',
    {
      config: { permission: 'consignment.manage' },
      schema: { tags: TAGS, summary: 'One consignment receipt with its pieces and their terms', params: idParams, response: { 200: receiptOutput } },
    },
    async (request) => getReceipt(db, request.params.id, scopeOf(request)),
  );

  app.post(
    '/api/consignment/returns',
    {
      config: { permission: 'consignment.manage' },
      schema: { tags: TAGS, summary: 'Return unsold pieces to their consignor (no sale is made)', headers: idempotencyHeaders, body: returnInput, response: { 201: returnOutput } },
    },
    async (request, reply) => {
      const ctx = actorContext(request);
      const returned = await runIdempotent(db, request, reply, 201, async (trx) => {
        const created = await returnToConsignor(trx, request.body, ctx);
        await recordDocumentCreated(trx, request, 'consignment_in.return', 'consignment_return', created);
        return created;
      });
      request.log.info({ returnId: returned.id, number: returned.number, consignorId: returned.consignorId, pieces: returned.lines.length }, 'consigned pieces returned');
      return returned;
    },
  );
}
