import { Readable } from 'node:stream';
import { canSeeCost } from '../../server/cost-hiding.js';
import type { App, AppDeps } from '../../server/types.js';
import { businessDate } from '../../shared/time.js';
import { exportAuditBuffer, exportAuditCsv, snapshotAuditExport, type AuditExportOptions } from './export.js';
import { auditActor } from './http.js';
import { listAuditEvents } from './query.js';
import { auditExportQuery, auditListOutput, auditListQuery } from './schemas.js';
import { recordAudit } from './service.js';

// The audit trail can be read and exported, never edited: there is deliberately no route
// that changes or deletes an event, and database triggers reject such changes as well.

export async function auditRoutes(app: App, { db }: AppDeps): Promise<void> {
  app.get(
    '/api/audit-events',
    {
      config: { permission: 'audit.view' },
      schema: {
        tags: ['audit'],
        summary: 'Audit events, newest first, filtered and paginated',
        querystring: auditListQuery,
        response: { 200: auditListOutput },
      },
    },
    async (request) => listAuditEvents(db, request.query),
  );

  app.get(
    '/api/audit-events/export',
    {
      config: { permission: 'audit.view' },
      schema: {
        tags: ['audit'],
        summary: 'Audit events as CSV (UTF-8 with BOM, or CP932), newest first, safe to open in Excel',
        querystring: auditExportQuery,
        produces: ['text/csv'],
      },
    },
    async (request, reply) => {
      const { encoding, ...filters } = request.query;
      const { upToId, count } = await snapshotAuditExport(db, filters);
      const options: AuditExportOptions = { encoding, locale: request.locale, includeCost: canSeeCost(request), upToId };
      const fileName = `audit-events-${businessDate().replaceAll('-', '')}.csv`;

      // CP932 is collected first, because a character it lacks must become an error response,
      // and no status can change once the body has started.
      const body = encoding === 'cp932' ? await exportAuditBuffer(db, filters, options) : Readable.from(exportAuditCsv(db, filters, options));

      // Exporting the trail is itself recorded, with what was exported.
      await recordAudit(db, auditActor(request), {
        action: 'audit.export',
        entityType: 'audit_event',
        detail: { filters, encoding, count, upToId },
      });
      request.log.info({ filters, encoding, count }, 'audit events exported');

      return reply
        .header('content-type', `text/csv; charset=${encoding === 'cp932' ? 'Shift_JIS' : 'utf-8'}`)
        .header('content-disposition', `attachment; filename="${fileName}"`)
        .header('cache-control', 'no-store')
        .send(body);
    },
  );
}
