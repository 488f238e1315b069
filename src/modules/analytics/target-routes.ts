import { z } from 'zod';
import { bilingual } from '../../shared/zod.js';
import type { App, AppDeps } from '../../server/types.js';
import { currentUser } from '../../server/types.js';
import { businessDate } from '../../shared/time.js';
import { scopeOf } from '../access/http.js';
import { auditActor, markUnchanged } from '../audit/http.js';
import { recordAudit } from '../audit/service.js';
import { monthParam } from './query.js';
import { applyTargetImport, MAX_TARGET_AMOUNT, previewTargetImport, targetTemplateCsv } from './target-csv.js';
import { saveTargets, targetGrid, targetRefIssues, TARGET_SCOPES } from './targets.js';

// Sales target routes: the month's grid (read with reports.view, saved with targets.manage),
// the CSV template and the CSV import.

const TAGS = ['analytics'];

const monthQuery = z.object({ month: monthParam });

const targetGridOutput = z.object({
  month: z.string(),
  taxBasis: z.enum(['included', 'excluded']),
  rows: z.array(
    z.object({
      scope: z.enum(TARGET_SCOPES),
      scopeRef: z.string(),
      name: z.string(),
      amount: z.number().nullable(),
      actual: z.number(),
      achievement: z.number().nullable(),
      forecast: z.number().nullable(),
    }),
  ),
});

/** Yen; zod words the bounds in the user's language. */
const amountInput = z.number().int().min(0).max(MAX_TARGET_AMOUNT).nullable();

const saveInput = z.object({
  month: monthParam,
  targets: z
    .array(z.object({ scope: z.enum(TARGET_SCOPES), scopeRef: z.string().trim().max(320), amount: amountInput }))
    .max(2000),
});

const importInput = z.object({
  fileName: z.string().trim().max(255).nullable().optional(),
  contentBase64: z
    .string()
    .min(1)
    .refine(
      (value) => /^[A-Za-z0-9+/\s]*={0,2}\s*$/.test(value),
      bilingual('ファイルの内容（Base64）が壊れています。ファイルを選び直してください。', 'The file content (Base64) is corrupt. Choose the file again.'),
    ),
  /** false: check only and show what would be saved; true: save every row or none. */
  apply: z.boolean().default(false),
});

const importOutput = z.object({
  applied: z.boolean(),
  rows: z.array(z.object({ row: z.number(), month: z.string(), scope: z.enum(TARGET_SCOPES), scopeRef: z.string(), code: z.string(), name: z.string(), amount: z.number().nullable() })),
  errors: z.array(z.object({ row: z.number(), column: z.string().nullable(), value: z.string().nullable(), message: z.string() })),
});

export async function targetRoutes(app: App, { db }: AppDeps): Promise<void> {
  app.get(
    '/api/analytics/targets',
    {
      config: { permission: 'reports.view' },
      schema: { tags: TAGS, summary: "A month's targets per company, location, channel and staff member, with actual sales and forecast", querystring: monthQuery, response: { 200: targetGridOutput } },
    },
    async (request) => targetGrid(db, request.query.month, { locale: request.locale, scope: scopeOf(request), today: businessDate() }),
  );

  app.put(
    '/api/analytics/targets',
    {
      config: { permission: 'targets.manage' },
      schema: { tags: TAGS, summary: "Set or remove a month's targets (amount null removes); recorded as sales_target.save", body: saveInput, response: { 200: targetGridOutput } },
    },
    async (request) => {
      const { month, targets } = request.body;
      const user = currentUser(request);
      const checks = targets.map((target, index) => ({ ...target, month, row: index + 1, written: target.scopeRef, field: `targets.${index}.scopeRef` }));
      const [issue] = await targetRefIssues(db, checks, user.scope);
      if (issue) throw issue.error;

      await db.transaction().execute(async (trx) => {
        const changed = await saveTargets(trx, month, targets, user.id);
        await recordAudit(trx, auditActor(request), { action: 'sales_target.save', entityType: 'sales_target', entityId: month, detail: { month, changed } });
      });
      return targetGrid(db, month, { locale: request.locale, scope: scopeOf(request), today: businessDate() });
    },
  );

  app.get(
    '/api/analytics/targets/template.csv',
    {
      config: { permission: 'targets.manage' },
      schema: { tags: TAGS, summary: "The month's target grid as a CSV template (UTF-8 with BOM): month,scope,code,name,amount", querystring: monthQuery, produces: ['text/csv'] },
    },
    async (request, reply) => {
      const { month } = request.query;
      const body = await targetTemplateCsv(db, month, { locale: request.locale, scope: scopeOf(request), today: businessDate() });
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="sales-targets-${month}.csv"`)
        .header('cache-control', 'no-store')
        .send(body);
    },
  );

  app.post(
    '/api/analytics/targets/import',
    {
      config: { permission: 'targets.manage' },
      schema: {
        tags: TAGS,
        summary: 'Check a target CSV (apply false) or save every row of it or none (apply true); UTF-8 or CP932; recorded as sales_target.import',
        body: importInput,
        response: { 200: importOutput, 422: importOutput },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const user = currentUser(request);
      const preview = await previewTargetImport(db, Buffer.from(body.contentBase64, 'base64'), user.scope);
      const errors = preview.errors.map((issue) => ({ ...issue, message: issue.message[request.locale] }));

      if (!body.apply || errors.length > 0) {
        markUnchanged(request);
        return reply.status(errors.length > 0 && body.apply ? 422 : 200).send({ applied: false, rows: preview.rows, errors });
      }

      await db.transaction().execute(async (trx) => {
        const changed = await applyTargetImport(trx, preview.rows, user.id);
        await recordAudit(trx, auditActor(request), {
          action: 'sales_target.import',
          entityType: 'sales_target',
          entityId: Object.keys(changed).join(','),
          detail: { fileName: body.fileName ?? null, rowCount: preview.rows.length, changed },
        });
      });
      return { applied: true, rows: preview.rows, errors: [] };
    },
  );
}
