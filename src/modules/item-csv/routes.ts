import { Readable } from 'node:stream';
import { z } from 'zod';
import { CSV_ENCODINGS } from '../../shared/csv-safe.js';
import { businessDate } from '../../shared/time.js';
import { bilingual } from '../../shared/zod.js';
import { canSeeCost } from '../../server/cost-hiding.js';
import { currentUser, type App, type AppDeps } from '../../server/types.js';
import { auditActor, markUnchanged } from '../audit/http.js';
import { recordAudit } from '../audit/service.js';
import { itemStatusEnum } from '../items/schemas.js';
import { CATEGORIES } from '../items/attributes.js';
import { ENCODING_CHOICES } from './encoding.js';
import { exportItemsBuffer, exportItemsCsv } from './export-service.js';
import { importItems } from './import-service.js';
import { IMPORT_FORMATS, IMPORT_MODES, localizeImportResult, type ImportResult } from './report.js';

const importBody = z.object({
  fileName: z.string().trim().max(255).nullable().optional(),
  contentBase64: z
    .string()
    .min(1)
    .refine(
      (value) => /^[A-Za-z0-9+/\s]*={0,2}\s*$/.test(value),
      bilingual('ファイルの内容（Base64）が壊れています。ファイルを選び直してください。', 'The file content (Base64) is corrupt. Choose the file again.'),
    ),
  format: z.enum(IMPORT_FORMATS).default('tsunagu'),
  encoding: z.enum(ENCODING_CHOICES).default('auto'),
  /** Location for rows without a location code; every Shopify row needs it when it has stock. */
  locationId: z.number().int().positive().nullable().optional(),
  mode: z.enum(IMPORT_MODES).default('all_or_nothing'),
  dryRun: z.boolean().default(false),
});

const issueOutput = z.object({
  row: z.number(),
  column: z.string().nullable(),
  value: z.string().nullable(),
  message: z.string(),
});

const importReportOutput = z.object({
  importId: z.number().nullable(),
  format: z.enum(IMPORT_FORMATS),
  encoding: z.enum(CSV_ENCODINGS).nullable(),
  encodingDetected: z.boolean(),
  dryRun: z.boolean(),
  mode: z.enum(IMPORT_MODES),
  committed: z.boolean(),
  rowCount: z.number(),
  created: z.number(),
  skipped: z.number(),
  invalid: z.number(),
  productCount: z.number().nullable(),
  errors: z.array(issueOutput),
  warnings: z.array(issueOutput),
  rows: z.array(
    z.object({
      row: z.number(),
      status: z.enum(['created', 'skipped', 'invalid', 'ready']),
      stockNumber: z.string().nullable(),
      itemId: z.number().nullable(),
    }),
  ),
});

/** The error body of src/server/errors.ts, which a 400 for a malformed request carries instead of a report. */
const errorOutput = z.object({
  error: z.object({ code: z.string(), message: z.string(), requestId: z.string(), details: z.unknown().optional() }),
});

const exportQuery = z.object({
  encoding: z.enum(CSV_ENCODINGS).default('utf8'),
  /** Comma-separated statuses, e.g. "in_stock,out_of_stock". */
  status: z
    .string()
    .optional()
    .transform((value) => (value ? value.split(',').map((part) => part.trim()) : undefined))
    .pipe(z.array(itemStatusEnum).optional()),
  category: z.enum(CATEGORIES).optional(),
});

/**
 * HTTP status of an import: 200 when rows were written, for a dry run and when every row
 * was already imported; 400 when the file itself could not be read; 422 when rows had
 * errors and therefore nothing was written.
 */
function importStatus(result: ImportResult): 200 | 400 | 422 {
  if (result.committed || result.dryRun || result.errors.length === 0) return 200;
  return result.rows.length === 0 ? 400 : 422;
}

export async function itemCsvRoutes(app: App, { db }: AppDeps): Promise<void> {
  app.post(
    '/api/items/import',
    {
      config: { permission: 'items.edit' },
      schema: {
        tags: ['items'],
        summary: 'Import items from a CSV file (tsunagu layout or Shopify product CSV)',
        body: importBody,
        response: { 200: importReportOutput, 400: z.union([importReportOutput, errorOutput]), 422: importReportOutput },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const user = currentUser(request);
      const result = await importItems(db, {
        bytes: Buffer.from(body.contentBase64, 'base64'),
        fileName: body.fileName ?? null,
        format: body.format,
        encoding: body.encoding,
        defaultLocationId: body.locationId ?? null,
        mode: body.mode,
        dryRun: body.dryRun,
        userId: user.id,
        scope: user.scope,
        auditActor: auditActor(request),
        includeCost: canSeeCost(request),
        logger: request.log,
      });
      // A committed import has recorded item.import. Anything else changed nothing, so the
      // audit fallback must not record a generic event for it.
      if (!result.committed) markUnchanged(request);
      return reply.status(importStatus(result)).send(localizeImportResult(result, request.locale));
    },
  );

  app.get(
    '/api/items/export',
    {
      config: { permission: 'data.export' },
      schema: {
        tags: ['items'],
        summary: 'Export items as CSV in the tsunagu layout (UTF-8 with BOM, or CP932)',
        querystring: exportQuery,
      },
    },
    async (request, reply) => {
      const { encoding, status, category } = request.query;
      const options = {
        encoding,
        locale: request.locale,
        // Only items the user may see, and no cost column for users without cost.view.
        scope: currentUser(request).scope,
        includeCost: canSeeCost(request),
        ...(status ? { status } : {}),
        ...(category ? { category } : {}),
      };
      const fileName = `items-${businessDate().replaceAll('-', '')}.csv`;
      request.log.info({ encoding, status, category, includeCost: options.includeCost }, 'item export started');
      // Downloads take data out of the system, so the trail records who took what.
      await recordAudit(db, auditActor(request), {
        action: 'item.export',
        detail: { encoding, status: status ?? null, category: category ?? null, includeCost: options.includeCost },
      });

      void reply
        .header('content-type', `text/csv; charset=${encoding === 'cp932' ? 'Shift_JIS' : 'utf-8'}`)
        .header('content-disposition', `attachment; filename="${fileName}"`)
        .header('cache-control', 'no-store');

      // CP932 is collected first, because a character it lacks must become an error response,
      // and no status can change once the body has started. UTF-8 can encode every character.
      if (encoding === 'cp932') return reply.send(await exportItemsBuffer(db, options));
      return reply.send(Readable.from(exportItemsCsv(db, options)));
    },
  );
}
