import { z } from 'zod';
import { nowIso } from '../../db/database.js';
import { currentUser, type App, type AppDeps } from '../../server/types.js';
import { businessDate } from '../../shared/time.js';
import { PERMISSION_LABELS } from '../access/permissions.js';
import { auditActor } from '../audit/http.js';
import { recordAudit } from '../audit/service.js';
import { authErrors } from '../auth/errors.js';
import { idempotencyHeaders, runIdempotent } from '../idempotency/http.js';
import { customerExportCsv, customerExportJson } from './export.js';
import { listCustomers } from './queries.js';
import {
  anonymizeInput,
  anonymizeOutput,
  birthdaysOutput,
  birthdaysQuery,
  customerCreatedOutput,
  customerDetailOutput,
  customerInput,
  customerListOutput,
  customerListQuery,
  customerOutput,
  exportQuery,
  mergeInput,
  mergeOutput,
} from './schemas.js';
import { anonymizeCustomer, createCustomer, getCustomerDetail, mergeCustomers, updateCustomer } from './service.js';
import { listUpcomingDates } from './upcoming.js';

// Customers hold personal data, so every route needs customers.personal_data. Reading one
// record, exporting it and every change are recorded in the audit trail; lists and
// searches are not (docs/audit.md).

const idParams = z.object({ id: z.coerce.number().int().positive() });
const PERSONAL_DATA = 'customers.personal_data';
const ENTITY = 'customer';

export async function customerRoutes(app: App, { db }: AppDeps): Promise<void> {
  app.get(
    '/api/customers',
    {
      config: { permission: PERSONAL_DATA },
      schema: {
        tags: ['customers'],
        summary: 'Search customers by name, reading (kana in any width), email, code or phone digits; not audited',
        querystring: customerListQuery,
        response: { 200: customerListOutput },
      },
    },
    async (request) => {
      const { q, includeMerged, includeAnonymized, page, pageSize } = request.query;
      const result = await listCustomers(db, {
        q,
        includeMerged: includeMerged === 'true',
        includeAnonymized: includeAnonymized === 'true',
        page,
        pageSize,
      });
      return { ...result, page, pageSize };
    },
  );

  app.get(
    '/api/customers/birthdays',
    {
      config: { permission: PERSONAL_DATA },
      schema: {
        tags: ['customers'],
        summary: 'Birthdays and anniversaries in the next `days` days from today in Japan (or from `from`)',
        querystring: birthdaysQuery,
        response: { 200: birthdaysOutput },
      },
    },
    async (request) => listUpcomingDates(db, request.query.from ?? businessDate(), request.query.days),
  );

  app.get(
    '/api/customers/:id',
    {
      config: { permission: PERSONAL_DATA },
      schema: {
        tags: ['customers'],
        summary: 'One customer with purchase history; every call is recorded as customer.view',
        params: idParams,
        response: { 200: customerDetailOutput },
      },
    },
    async (request) => {
      const { id } = request.params;
      // The view is recorded in the transaction that reads the record, so no record is
      // returned without its event.
      return db.transaction().execute(async (trx) => {
        const detail = await getCustomerDetail(trx, id, currentUser(request).scope);
        await recordAudit(trx, auditActor(request), { action: 'customer.view', entityType: ENTITY, entityId: id });
        return detail;
      });
    },
  );

  app.get(
    '/api/customers/:id/export',
    {
      config: { permission: PERSONAL_DATA, alsoRequires: ['data.export'] },
      schema: {
        tags: ['customers'],
        summary: "One customer's data and purchase history as a JSON or CSV download; needs data.export too; recorded as customer.export",
        params: idParams,
        querystring: exportQuery,
        produces: ['application/json', 'text/csv'],
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const { format } = request.query;
      if (!currentUser(request).permissions.includes('data.export')) {
        // A refused GET is not covered by the audit fallback, so the attempt is recorded here.
        await recordAudit(db, auditActor(request), {
          action: 'customer.export',
          outcome: 'denied',
          entityType: ENTITY,
          entityId: id,
          detail: { code: 'permission_denied', permission: 'data.export' },
        });
        const label = PERMISSION_LABELS['data.export'];
        throw authErrors.permission_denied({ permissionJa: label.ja, permissionEn: label.en }, { permission: 'data.export' });
      }

      const exportedAt = nowIso();
      const detail = await db.transaction().execute(async (trx) => {
        const loaded = await getCustomerDetail(trx, id, currentUser(request).scope);
        await recordAudit(trx, auditActor(request), { action: 'customer.export', entityType: ENTITY, entityId: id, detail: { format } });
        return loaded;
      });
      request.log.info({ customerId: id, format }, 'customer data exported');

      const fileName = `customer-${detail.customer.code}-${businessDate().replaceAll('-', '')}.${format}`;
      void reply.header('content-disposition', `attachment; filename="${fileName}"`).header('cache-control', 'no-store');
      if (format === 'csv') {
        return reply.header('content-type', 'text/csv; charset=utf-8').send(customerExportCsv(detail, request.locale));
      }
      return reply
        .header('content-type', 'application/json; charset=utf-8')
        .send(JSON.stringify(customerExportJson(detail, exportedAt), null, 2));
    },
  );

  app.post(
    '/api/customers',
    {
      config: { permission: PERSONAL_DATA },
      schema: {
        tags: ['customers'],
        summary: 'Create a customer; the code (C000001) is assigned; returns the id and code only',
        headers: idempotencyHeaders,
        body: customerInput,
        response: { 201: customerCreatedOutput },
      },
    },
    async (request, reply) => {
      const created = await runIdempotent(db, request, reply, 201, async (trx) => {
        const customer = await createCustomer(trx, request.body, currentUser(request).id);
        await recordAudit(trx, auditActor(request), { action: 'customer.create', entityType: ENTITY, entityId: customer.id, after: customer });
        return { id: customer.id, code: customer.code };
      });
      request.log.info({ customerId: created.id, code: created.code }, 'customer created');
      return created;
    },
  );

  app.put(
    '/api/customers/:id',
    {
      config: { permission: PERSONAL_DATA },
      schema: {
        tags: ['customers'],
        summary: "Replace a customer's fields; merged and anonymised records are refused",
        params: idParams,
        body: customerInput,
        response: { 200: customerOutput },
      },
    },
    async (request) => {
      const { id } = request.params;
      const customer = await db.transaction().execute(async (trx) => {
        const { before, after } = await updateCustomer(trx, id, request.body);
        await recordAudit(trx, auditActor(request), { action: 'customer.update', entityType: ENTITY, entityId: id, before, after });
        return after;
      });
      request.log.info({ customerId: id }, 'customer updated');
      return customer;
    },
  );

  app.post(
    '/api/customers/:id/merge',
    {
      config: { permission: PERSONAL_DATA },
      schema: {
        tags: ['customers'],
        summary: 'Merge a duplicate (sourceId) into this customer: sales move here, empty fields are filled, the source is kept as merged',
        params: idParams,
        headers: idempotencyHeaders,
        body: mergeInput,
        response: { 200: mergeOutput },
      },
    },
    async (request, reply) => {
      const targetId = request.params.id;
      const { sourceId } = request.body;
      const result = await runIdempotent(db, request, reply, 200, async (trx) => {
        const merge = await mergeCustomers(trx, targetId, sourceId);
        const detail = { targetId, sourceId, movedSaleCount: merge.movedSaleCount, repointedCount: merge.repointedCount };
        await recordAudit(trx, auditActor(request), {
          action: 'customer.merge',
          entityType: ENTITY,
          entityId: targetId,
          before: { target: merge.target.before, source: merge.source.before },
          after: { target: merge.target.after, source: merge.source.after },
          detail,
        });
        return {
          target: { id: targetId, code: merge.target.after.code },
          source: { id: sourceId, code: merge.source.after.code },
          movedSaleCount: merge.movedSaleCount,
          filledFields: merge.filledFields,
        };
      });
      request.log.info({ targetId, sourceId, movedSaleCount: result.movedSaleCount }, 'customers merged');
      return result;
    },
  );

  app.post(
    '/api/customers/:id/anonymize',
    {
      config: { permission: PERSONAL_DATA },
      schema: {
        tags: ['customers'],
        summary: "Delete a customer's personal data on request; sales and their amounts stay",
        params: idParams,
        headers: idempotencyHeaders,
        body: anonymizeInput,
        response: { 200: anonymizeOutput },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const result = await runIdempotent(db, request, reply, 200, async (trx) => {
        const anonymized = await anonymizeCustomer(trx, id);
        // No `before`: even masked, it would repeat which fields the person had filled in.
        await recordAudit(trx, auditActor(request), {
          action: 'customer.anonymize',
          entityType: ENTITY,
          entityId: id,
          after: { id, code: anonymized.code, anonymizedAt: anonymized.anonymizedAt },
          detail: { reason: request.body.reason, mergedRecordCount: anonymized.mergedRecordCount },
        });
        return anonymized;
      });
      request.log.info({ customerId: id, mergedRecordCount: result.mergedRecordCount }, 'customer anonymised');
      return result;
    },
  );
}
