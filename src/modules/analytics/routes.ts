import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { canSeeCost, isCostKey } from '../../server/cost-hiding.js';
import type { App, AppDeps } from '../../server/types.js';
import { currentUser } from '../../server/types.js';
import { businessDate } from '../../shared/time.js';
import { scopeOf } from '../access/http.js';
import { PERMISSION_LABELS } from '../access/permissions.js';
import { auditActor } from '../audit/http.js';
import { recordAudit } from '../audit/service.js';
import { authErrors } from '../auth/errors.js';
import { dashboardRoutes } from './dashboard-routes.js';
import { EXPORT_FORMATS, exportReport } from './export.js';
import type { ReportContext, ReportDefinition } from './registry.js';
import { ANALYTICS_REPORTS } from './reports.js';
import { analyticsSettingsInput, analyticsSettingsOutput, readAnalyticsSettings, saveAnalyticsSettings } from './settings.js';
import { reportTableOutput, type ReportTable } from './table.js';
import { targetRoutes } from './target-routes.js';

// Analytics needs 'reports.view'; exports need 'data.export' too. Targets and the analytics
// settings need 'targets.manage' to be changed. Cost and margin columns are removed for
// users without 'cost.view', from the JSON and from every export.

const TAGS = ['analytics'];

/**
 * Refuses an export to a user without data.export before the query is validated, so such a
 * user gets 403 whatever the query. Used as the export routes' preValidation hook.
 */
export async function requireDataExport(request: FastifyRequest): Promise<void> {
  if (currentUser(request).permissions.includes('data.export')) return;
  const label = PERMISSION_LABELS['data.export'];
  throw authErrors.permission_denied({ permissionJa: label.ja, permissionEn: label.en }, { permission: 'data.export' });
}

/** The table without cost and margin columns, for a user who may not see them. */
export function withoutCostColumns(table: ReportTable): ReportTable {
  const strip = (row: Record<string, unknown>) => Object.fromEntries(Object.entries(row).filter(([key]) => !isCostKey(key))) as ReportTable['rows'][number];
  return { ...table, columns: table.columns.filter((column) => !isCostKey(column.key)), rows: table.rows.map(strip), totals: table.totals ? strip(table.totals) : null };
}

function contextOf(request: Parameters<typeof scopeOf>[0] & Parameters<typeof canSeeCost>[0] & { locale: ReportContext['locale'] }): ReportContext {
  return { scope: scopeOf(request), locale: request.locale, userId: currentUser(request).id, today: businessDate(), canSeeCost: canSeeCost(request) };
}

function registerReport(app: App, db: AppDeps['db'], report: ReportDefinition): void {
  app.get(
    `/api/analytics/reports/${report.id}`,
    {
      config: { permission: report.permission },
      schema: { tags: TAGS, summary: report.summary, querystring: report.query, response: { 200: reportTableOutput } },
    },
    async (request) => {
      const table = await report.run(db, request.query, contextOf(request));
      return canSeeCost(request) ? table : withoutCostColumns(table);
    },
  );

  app.get(
    `/api/analytics/reports/${report.id}/export`,
    {
      config: { permission: report.permission, alsoRequires: ['data.export'] },
      schema: {
        tags: TAGS,
        summary: `${report.summary}, as CSV (UTF-8 with BOM or CP932) or Excel; needs data.export too`,
        querystring: report.query.extend({ format: z.enum(EXPORT_FORMATS).default('csv') }),
        produces: ['text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
      },
      preValidation: requireDataExport,
    },
    async (request, reply) => {
      const { format, ...query } = request.query as Record<string, unknown> & { format: (typeof EXPORT_FORMATS)[number] };

      const ctx = contextOf(request);
      const table = await report.run(db, query, ctx);
      const file = await exportReport(canSeeCost(request) ? table : withoutCostColumns(table), format, request.locale, `${report.id}-${ctx.today}`);
      await recordAudit(db, auditActor(request), { action: 'analytics.export', entityType: 'analytics_report', entityId: report.id, detail: { ...query, format, rowCount: table.rows.length } });
      return reply
        .header('content-type', file.contentType)
        .header('content-disposition', `attachment; filename="${file.fileName}"`)
        .header('cache-control', 'no-store')
        .send(file.body);
    },
  );
}

export async function analyticsRoutes(app: App, deps: AppDeps): Promise<void> {
  const { db } = deps;

  app.get(
    '/api/analytics/settings',
    {
      config: { permission: 'reports.view' },
      schema: { tags: TAGS, summary: 'Fiscal year start, aging threshold and target tax basis', response: { 200: analyticsSettingsOutput } },
    },
    async () => readAnalyticsSettings(db),
  );

  app.put(
    '/api/analytics/settings',
    {
      config: { permission: 'targets.manage' },
      schema: { tags: TAGS, summary: 'Change the analytics settings; recorded as analytics.settings', body: analyticsSettingsInput, response: { 200: analyticsSettingsOutput } },
    },
    async (request) =>
      db.transaction().execute(async (trx) => {
        const before = await readAnalyticsSettings(trx);
        const after = await saveAnalyticsSettings(trx, request.body, currentUser(request).id);
        await recordAudit(trx, auditActor(request), { action: 'analytics.settings', entityType: 'analytics_settings', entityId: '1', before, after });
        return after;
      }),
  );

  for (const report of ANALYTICS_REPORTS) registerReport(app, db, report);
  await targetRoutes(app, deps);
  await dashboardRoutes(app, deps);
}
