import { z } from 'zod';
import type { App, AppDeps } from '../../server/types.js';
import { tagTemplateOutput, type TagTemplateOutput } from './schemas.js';
import { labelsPerPage, TAG_TEMPLATES } from './templates.js';

// Price tag routes. Listing templates reads no data, so any signed-in user may call it.
export async function priceTagRoutes(app: App, _deps: AppDeps): Promise<void> {
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
      templates: TAG_TEMPLATES.map(
        (template): TagTemplateOutput => ({
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
        }),
      ),
    }),
  );
}
