import { z } from 'zod';
import { canSeeCost } from '../../server/cost-hiding.js';
import type { App, AppDeps } from '../../server/types.js';
import { currentUser } from '../../server/types.js';
import { businessDate } from '../../shared/time.js';
import { scopeOf } from '../access/http.js';
import { auditActor } from '../audit/http.js';
import { recordAudit } from '../audit/service.js';
import { buildDashboard, DASHBOARD_TABLES, type Dashboard } from './dashboard.js';
import { EXPORT_FORMATS, exportReport } from './export.js';
import { idListParam } from './query.js';
import type { ReportContext } from './registry.js';
import { requireDataExport, withoutCostColumns } from './routes.js';
import { reportTableOutput } from './table.js';

// The dashboard route and its exports. Cost columns (the month's gross margin, the aging
// stock's cost) are removed for users without cost.view, buyers' names for users without
// customers.personal_data.

const TAGS = ['analytics'];

const dashboardQuery = z.object({ locationIds: idListParam });

const dashboardOutput = z.object({
  businessDate: z.string(),
  month: z.string(),
  tables: z.object(Object.fromEntries(DASHBOARD_TABLES.map((key) => [key, reportTableOutput])) as Record<(typeof DASHBOARD_TABLES)[number], typeof reportTableOutput>),
});

type DashboardRequest = Parameters<typeof scopeOf>[0] & Parameters<typeof currentUser>[0] & { locale: ReportContext['locale'] };

async function dashboardFor(db: AppDeps['db'], request: DashboardRequest, locationIds: readonly number[] | undefined): Promise<Dashboard> {
  const user = currentUser(request);
  const seesCost = canSeeCost(request as Parameters<typeof canSeeCost>[0]);
  const ctx: ReportContext = { scope: scopeOf(request), locale: request.locale, userId: user.id, today: businessDate(), canSeeCost: seesCost };
  const dashboard = await buildDashboard(db, { locationIds }, ctx, { personalData: user.permissions.includes('customers.personal_data') });
  if (seesCost) return dashboard;
  const tables = Object.fromEntries(Object.entries(dashboard.tables).map(([key, table]) => [key, withoutCostColumns(table)])) as Dashboard['tables'];
  return { ...dashboard, tables };
}

export async function dashboardRoutes(app: App, { db }: AppDeps): Promise<void> {
  app.get(
    '/api/analytics/dashboard',
    {
      config: { permission: 'reports.view' },
      schema: { tags: TAGS, summary: "Today's and this month's sales against target, recent channel orders, sync health and aging stock", querystring: dashboardQuery, response: { 200: dashboardOutput } },
    },
    async (request) => dashboardFor(db, request, request.query.locationIds),
  );

  app.get(
    '/api/analytics/dashboard/export',
    {
      config: { permission: 'reports.view', alsoRequires: ['data.export'] },
      schema: {
        tags: TAGS,
        summary: 'One table of the dashboard as CSV (UTF-8 with BOM or CP932) or Excel; needs data.export too',
        querystring: dashboardQuery.extend({ table: z.enum(DASHBOARD_TABLES), format: z.enum(EXPORT_FORMATS).default('csv') }),
        produces: ['text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
      },
      preValidation: requireDataExport,
    },
    async (request, reply) => {
      const { table: key, format, locationIds } = request.query;
      const dashboard = await dashboardFor(db, request, locationIds);
      const table = dashboard.tables[key];
      const file = await exportReport(table, format, request.locale, `dashboard-${key}-${dashboard.businessDate}`);
      await recordAudit(db, auditActor(request), { action: 'analytics.export', entityType: 'analytics_report', entityId: `dashboard.${key}`, detail: { table: key, format, locationIds: locationIds ?? [], rowCount: table.rows.length } });
      return reply
        .header('content-type', file.contentType)
        .header('content-disposition', `attachment; filename="${file.fileName}"`)
        .header('cache-control', 'no-store')
        .send(file.body);
    },
  );
}
