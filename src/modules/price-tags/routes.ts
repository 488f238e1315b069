import { z } from 'zod';
import { canSeeCost } from '../../server/cost-hiding.js';
import { PERMISSION_LABELS } from '../access/permissions.js';
import { authErrors } from '../auth/errors.js';
import type { App, AppDeps } from '../../server/types.js';
import { businessDate } from '../../shared/time.js';
import { scopeOf } from '../access/http.js';
import { auditActor } from '../audit/http.js';
import { pageQuery } from '../stock-lines/schemas.js';
import { listReprints, tagStatusOf } from './reprints.js';
import { printTagsInput, reprintListOutput, tagStatusOutput, tagTemplateOutput, type TagTemplateOutput } from './schemas.js';
import { assertTagItemsVisible, companyCostCipher, loadTagItems, purchaseTagStockNumbers, recordTagPrint, renderTags } from './service.js';
import { listTemplates, resolveTemplate } from './custom-templates.js';
import { barcodeKindsOf, labelsPerPage } from './templates.js';

/** Media types of the tag files. ZPL is UTF-8 text (^CI28) and has no registered media type. */
const CONTENT_TYPES = { pdf: 'application/pdf', zpl: 'text/plain; charset=utf-8' } as const;

/** Keeps the characters that are safe in a quoted Content-Disposition file name on every OS. */
function safeFileNamePart(text: string): string {
  return text.replace(/[^A-Za-z0-9._-]+/g, '_');
}

// Price tag routes. Listing templates reads no data, so any signed-in user may call it.
export async function priceTagRoutes(app: App, { db }: AppDeps): Promise<void> {
  app.get(
    '/api/price-tags/templates',
    {
      config: { permission: 'session' },
      schema: {
        tags: ['price-tags'],
        summary: 'List price tag templates with their sizes',
        response: { 200: z.object({ templates: z.array(tagTemplateOutput) }) },
      },
    },
    async () => ({
      templates: (await listTemplates(db)).map(
        ({ template, custom }): TagTemplateOutput => ({
          name: template.name,
          description: template.description,
          pageWidthMm: template.pageWidthMm,
          pageHeightMm: template.pageHeightMm,
          labelWidthMm: template.labelWidthMm,
          labelHeightMm: template.labelHeightMm,
          labelsPerPage: labelsPerPage(template),
          dpi: template.dpi,
          barcodeKind: template.barcode?.kind ?? null,
          fields: template.fields.map((layout) => layout.field),
          barcodeKinds: barcodeKindsOf(template),
          custom,
        }),
      ),
    }),
  );

  // The cost code encodes the cost, so it is printed only for users who may see the cost.
  app.post(
    '/api/price-tags/print',
    {
      config: { permission: 'stock.view' },
      schema: {
        tags: ['price-tags'],
        summary: 'Print price tags for pieces or a purchase, as a PDF or ZPL download',
        body: printTagsInput,
        produces: ['application/pdf', 'text/plain'],
      },
    },
    async (request, reply) => {
      const body = request.body;
      const scope = scopeOf(request);
      const template = await resolveTemplate(db, body.template);

      // A purchase's piece list is part of the purchase, which only its receivers may open.
      if (body.purchaseId !== undefined && !request.session?.user.permissions.includes('purchases.receive')) {
        const label = PERMISSION_LABELS['purchases.receive'];
        throw authErrors.permission_denied({ permissionJa: label.ja, permissionEn: label.en }, { permission: 'purchases.receive' });
      }
      const purchase = body.purchaseId === undefined ? null : await purchaseTagStockNumbers(db, body.purchaseId, scope);
      const items = await loadTagItems(db, purchase?.stockNumbers ?? body.stockNumbers ?? []);
      await assertTagItemsVisible(db, scope, items);

      const costCipher = canSeeCost(request) ? await companyCostCipher(db) : null;
      const bytes = await renderTags({ template, format: body.format, items, costCipher, barcodeKind: body.barcodeKind, zplFont: body.zplFont });
      const fileName = `price-tags-${safeFileNamePart(purchase?.purchaseNumber ?? businessDate())}-${template.name}.${body.format}`;

      // The pieces are read and rendered before the transaction, so a slow PDF does not hold
      // it open. The record then stores the prices that were read and printed.
      const reprinted = await db.transaction().execute((trx) =>
        recordTagPrint(trx, auditActor(request), items, { templateName: template.name, format: body.format, destination: fileName, source: 'screen' }),
      );
      request.log.info(
        { template: template.name, format: body.format, pieces: items.length, reprints: reprinted.length, purchaseId: body.purchaseId, bytes: bytes.length },
        'price tags printed',
      );
      return reply
        .header('content-type', CONTENT_TYPES[body.format])
        .header('content-disposition', `attachment; filename="${fileName}"`)
        .send(bytes);
    },
  );

  app.get(
    '/api/price-tags/reprints',
    {
      config: { permission: 'stock.view' },
      schema: {
        tags: ['price-tags'],
        summary: 'Pieces in stock whose price differs from the price on their last printed tag',
        querystring: z.object(pageQuery),
        response: { 200: reprintListOutput },
      },
    },
    async (request) => listReprints(db, request.query, scopeOf(request)),
  );

  app.get(
    '/api/price-tags/items/:id',
    {
      config: { permission: 'stock.view' },
      schema: {
        tags: ['price-tags'],
        summary: "A piece's last printed tag and whether its price is stale",
        params: z.object({ id: z.coerce.number().int().positive() }),
        response: { 200: tagStatusOutput },
      },
    },
    async (request) => tagStatusOf(db, request.params.id, scopeOf(request)),
  );
}
