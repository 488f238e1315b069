import { z } from 'zod';
import type { App, AppDeps } from '../../server/types.js';
import { auditActor } from '../audit/http.js';
import { recordAudit } from '../audit/service.js';
import { deleteCustomTemplate, resolveTemplate, saveCustomTemplate } from './custom-templates.js';
import { renderTagsPdf } from './pdf.js';
import { RING } from './tag.fixture.js';
import { buildPrintTags } from './tags.js';
import { checkTemplateDefinition, tagTemplateDefinition, templateDefinitionErrors } from './template-definition.js';
import { TAG_TEMPLATES } from './templates.js';

// The shop's own tag templates: read any template's definition (to start a new one from it),
// save, delete, and preview a definition as a PDF of sample tags before saving it. Reading
// needs stock.view like printing, and changing a template is a setting (settings.change).

const nameParams = z.object({ name: z.string().trim().min(1).max(40) });

const definitionOutput = z.object({ custom: z.boolean(), definition: tagTemplateDefinition });

/** Number of sample tags in a preview: enough to show a row of a sheet. */
const PREVIEW_TAGS = 6;

export async function tagTemplateRoutes(app: App, { db }: AppDeps): Promise<void> {
  app.get(
    '/api/price-tags/templates/:name',
    {
      config: { permission: 'stock.view' },
      schema: { tags: ['price-tags'], summary: 'Definition of a ready or custom tag template', params: nameParams, response: { 200: definitionOutput } },
    },
    async (request) => {
      const template = await resolveTemplate(db, request.params.name);
      return { custom: !TAG_TEMPLATES.includes(template), definition: template };
    },
  );

  app.put(
    '/api/price-tags/templates/:name',
    {
      config: { permission: 'settings.change' },
      schema: { tags: ['price-tags'], summary: "Save one of the shop's own tag templates", params: nameParams, body: tagTemplateDefinition, response: { 200: definitionOutput } },
    },
    async (request) => {
      if (request.body.name !== request.params.name) throw templateDefinitionErrors.template_name_mismatch({ name: request.body.name, path: request.params.name }, { field: 'name' });

      const template = await db.transaction().execute(async (trx) => {
        const saved = await saveCustomTemplate(trx, request.body, auditActor(request).userId);
        await recordAudit(trx, auditActor(request), {
          action: 'price_tag_template.save',
          entityType: 'price_tag_template',
          entityId: saved.template.name,
          before: saved.before,
          after: saved.template,
        });
        return saved.template;
      });
      request.log.info({ template: template.name }, 'tag template saved');
      return { custom: true, definition: template };
    },
  );

  app.delete(
    '/api/price-tags/templates/:name',
    {
      config: { permission: 'settings.change' },
      schema: { tags: ['price-tags'], summary: "Delete one of the shop's own tag templates", params: nameParams, response: { 204: z.null() } },
    },
    async (request, reply) => {
      await db.transaction().execute(async (trx) => {
        const before = await deleteCustomTemplate(trx, request.params.name);
        await recordAudit(trx, auditActor(request), {
          action: 'price_tag_template.delete',
          entityType: 'price_tag_template',
          entityId: request.params.name,
          before,
        });
      });
      request.log.info({ template: request.params.name }, 'tag template deleted');
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/price-tags/templates/preview',
    {
      config: { permission: 'settings.change' },
      schema: { tags: ['price-tags'], summary: 'Sample tags of a definition as a PDF, without saving it', body: tagTemplateDefinition },
    },
    async (request, reply) => {
      // A preview may keep the name of the ready template it was copied from, so only the layout is checked.
      const template = checkTemplateDefinition({ ...request.body, name: `preview-${request.body.name}`.slice(0, 40) });
      const samples = Array.from({ length: PREVIEW_TAGS }, (_, index) => ({ ...RING, stockNumber: `R-2026-${String(42 + index).padStart(5, '0')}` }));
      const pdf = await renderTagsPdf(template, buildPrintTags(template, samples, { costCipher: 'BLACKHORSE' }));
      return reply.type('application/pdf').header('content-disposition', 'inline; filename="tag-preview.pdf"').send(pdf);
    },
  );
}
