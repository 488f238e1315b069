import type { Executor, Tx } from '../../db/database.js';
import { priceTagErrors } from './errors.js';
import { checkTemplateDefinition, tagTemplateDefinition, templateDefinitionErrors, type TagTemplateDefinition } from './template-definition.js';
import { TAG_TEMPLATES, type TagTemplate } from './templates.js';

// The shop's own tag templates, stored in tag_templates beside the ready ones in code. A
// name resolves to a ready template first, and a custom template cannot take a ready one's name.

/** A template with where it comes from, for lists. */
export interface TemplateEntry {
  template: TagTemplate;
  custom: boolean;
}

function parseStored(json: string): TagTemplate {
  // Definitions are checked on save, and checked again here so that a hand-edited row cannot print wrong.
  return checkTemplateDefinition(tagTemplateDefinition.parse(JSON.parse(json)));
}

/** Lists the ready templates, then the shop's own by name. */
export async function listTemplates(db: Executor): Promise<TemplateEntry[]> {
  const rows = await db.selectFrom('tag_templates').select('definition').orderBy('name').execute();
  return [
    ...TAG_TEMPLATES.map((template) => ({ template, custom: false })),
    ...rows.map((row) => ({ template: parseStored(row.definition), custom: true })),
  ];
}

/** Returns the ready or custom template of that name, or raises unknown_template listing every name. */
export async function resolveTemplate(db: Executor, name: string): Promise<TagTemplate> {
  const ready = TAG_TEMPLATES.find((template) => template.name === name);
  if (ready) return ready;

  const row = await db.selectFrom('tag_templates').select('definition').where('name', '=', name).executeTakeFirst();
  if (row) return parseStored(row.definition);

  const names = (await listTemplates(db)).map((entry) => entry.template.name).join(', ');
  throw priceTagErrors.unknown_template({ name, names });
}

/**
 * Saves a custom template, replacing one of the same name. Returns the checked template and
 * the definition it replaced (null for a new one), for the audit trail.
 */
export async function saveCustomTemplate(
  trx: Tx,
  definition: TagTemplateDefinition,
  userId: number | null,
): Promise<{ template: TagTemplate; before: TagTemplateDefinition | null }> {
  const template = checkTemplateDefinition(definition);
  const now = new Date().toISOString();
  const existing = await trx.selectFrom('tag_templates').select(['id', 'definition']).where('name', '=', template.name).executeTakeFirst();

  if (existing) {
    await trx
      .updateTable('tag_templates')
      .set({ definition: JSON.stringify(template), updated_by: userId, updated_at: now })
      .where('id', '=', existing.id)
      .execute();
    return { template, before: JSON.parse(existing.definition) as TagTemplateDefinition };
  }

  await trx
    .insertInto('tag_templates')
    .values({ name: template.name, definition: JSON.stringify(template), updated_by: userId, created_at: now, updated_at: now })
    .execute();
  return { template, before: null };
}

/** Deletes a custom template and returns its definition. A ready template's name raises template_name_reserved. */
export async function deleteCustomTemplate(trx: Tx, name: string): Promise<TagTemplateDefinition> {
  if (TAG_TEMPLATES.some((template) => template.name === name)) throw templateDefinitionErrors.template_name_reserved({ name }, { field: 'name' });

  const row = await trx.selectFrom('tag_templates').select(['id', 'definition']).where('name', '=', name).executeTakeFirst();
  if (!row) {
    const names = (await listTemplates(trx)).filter((entry) => entry.custom).map((entry) => entry.template.name).join(', ');
    throw priceTagErrors.unknown_template({ name, names: names === '' ? '-' : names });
  }
  await trx.deleteFrom('tag_templates').where('id', '=', row.id).execute();
  return JSON.parse(row.definition) as TagTemplateDefinition;
}
