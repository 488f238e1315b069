import { describe, expect, it } from 'vitest';
import { domainErrorOf } from '../../../test/helpers/errors.js';
import { checkTemplateDefinition, tagTemplateDefinition, type TagTemplateDefinition } from './template-definition.js';
import { findTemplate, TAG_TEMPLATES } from './templates.js';

/** Returns a ready template as a shop would write it, under a name of its own. */
function definitionFrom(name: string, rename = 'shop-tag'): TagTemplateDefinition {
  return tagTemplateDefinition.parse({ ...structuredClone(findTemplate(name)), name: rename });
}

describe('custom tag template definitions', () => {
  it('accept every ready template under a new name', () => {
    for (const template of TAG_TEMPLATES) {
      expect(checkTemplateDefinition(definitionFrom(template.name)).labelWidthMm, template.name).toBe(template.labelWidthMm);
    }
  });

  it('reject the name of a ready template', () => {
    const error = domainErrorOf(() => checkTemplateDefinition(definitionFrom('a4-40', 'a4-40')));
    expect(error.code).toBe('template_name_reserved');
    expect(error.details).toEqual({ field: 'name' });
  });

  it('name a field that runs past the label', () => {
    const definition = definitionFrom('small-30x20');
    definition.fields[1]!.widthMm = 31;
    const error = domainErrorOf(() => checkTemplateDefinition(definition));
    expect(error.code).toBe('template_outside');
    expect(error.details).toEqual({ field: 'fields.1.widthMm' });
    expect(error.messageIn('en')).toContain('The price runs past the right edge (32 mm; the limit is 30 mm)');
  });

  it('name a font too tall for the label', () => {
    const definition = definitionFrom('small-30x20');
    // The cost code starts 10 mm down: a 24 pt line is 12.3 mm high and ends past 20 mm.
    definition.fields[5]!.fontSizePt = 24;
    expect(domainErrorOf(() => checkTemplateDefinition(definition)).details).toEqual({ field: 'fields.5.fontSizePt' });
  });

  it('reject a sheet wider than its page', () => {
    const definition = definitionFrom('a4-65');
    definition.sheet!.columns = 6;
    const error = domainErrorOf(() => checkTemplateDefinition(definition));
    expect(error.details).toEqual({ field: 'sheet.columns' });
    expect(error.messageIn('ja')).toContain('右端');
  });

  it('reject a field given twice', () => {
    const definition = definitionFrom('brother-ql-62x29');
    definition.fields.push({ ...definition.fields[0]! });
    expect(domainErrorOf(() => checkTemplateDefinition(definition)).code).toBe('template_field_repeated');
  });

  it('reject a barcode area too narrow for whole dots', () => {
    const definition = definitionFrom('zebra-203-50x25');
    definition.barcode!.widthMm = 12;
    const error = domainErrorOf(() => checkTemplateDefinition(definition));
    expect(error.code).toBe('template_barcode_unprintable');
    expect(error.details).toEqual({ field: 'barcode.widthMm' });
  });

  it('reject a roll label smaller than its page', () => {
    const definition = definitionFrom('zebra-300-50x25');
    definition.pageWidthMm = 60;
    expect(domainErrorOf(() => checkTemplateDefinition(definition)).code).toBe('template_single_label_size');
  });

  it('reject unknown fields and names with capitals', () => {
    const parsed = tagTemplateDefinition.safeParse({ ...structuredClone(findTemplate('small-30x20')), name: 'Shop Tag' });
    expect(parsed.success).toBe(false);
    const wrongField = structuredClone(findTemplate('small-30x20')) as unknown as { name: string; fields: { field: string }[] };
    wrongField.name = 'shop-tag';
    wrongField.fields[0]!.field = 'cost';
    expect(tagTemplateDefinition.safeParse(wrongField).success).toBe(false);
  });
});
