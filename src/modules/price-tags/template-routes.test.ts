import { expect, it } from 'vitest';
import { signIn, useSignedInApp } from '../../../test/helpers/app.js';
import { describeEachDatabase } from '../../../test/helpers/database.js';
import { resolveTemplate } from './custom-templates.js';
import { findTemplate } from './templates.js';

/** Returns the 30 × 20 mm ready template resized to a 40 × 20 mm tag stock of the shop's own. */
function shopDefinition(name = 'shop-40x20') {
  const base = structuredClone(findTemplate('small-30x20'));
  return { ...base, name, description: { ja: '当店の角タグ 40 × 20 mm', en: 'Our tag 40 × 20 mm' }, pageWidthMm: 40, labelWidthMm: 40 };
}

describeEachDatabase('custom tag template routes', (database) => {
  const signedIn = useSignedInApp(database, 'en');

  it('saves, reads and deletes a template', async () => {
    const saved = await signedIn.api().put('/api/price-tags/templates/shop-40x20', shopDefinition());
    expect(saved.statusCode).toBe(200);
    expect(saved.json()).toMatchObject({ custom: true, definition: { name: 'shop-40x20', labelWidthMm: 40 } });

    const list = (await signedIn.api().get('/api/price-tags/templates')).json() as { templates: Array<{ name: string; custom: boolean }> };
    expect(list.templates.find((template) => template.name === 'shop-40x20')?.custom).toBe(true);
    expect(list.templates.find((template) => template.name === 'a4-40')?.custom).toBe(false);

    const read = await signedIn.api().get('/api/price-tags/templates/shop-40x20');
    expect(read.json()).toMatchObject({ custom: true, definition: { pageWidthMm: 40 } });
    expect((await resolveTemplate(database().db, 'shop-40x20')).labelWidthMm).toBe(40);

    const audit = await database().db.selectFrom('audit_events').select('action').where('entity_type', '=', 'price_tag_template').execute();
    expect(audit.map((row) => row.action)).toEqual(['price_tag_template.save']);

    const deleted = await signedIn.api().delete('/api/price-tags/templates/shop-40x20');
    expect(deleted.statusCode).toBe(204);
    expect((await signedIn.api().get('/api/price-tags/templates/shop-40x20')).statusCode).toBe(404);
  });

  it('replaces a template saved twice', async () => {
    await signedIn.api().put('/api/price-tags/templates/shop-twice', shopDefinition('shop-twice'));
    const second = await signedIn.api().put('/api/price-tags/templates/shop-twice', { ...shopDefinition('shop-twice'), dpi: 600 });
    expect(second.statusCode).toBe(200);
    expect((await resolveTemplate(database().db, 'shop-twice')).dpi).toBe(600);
  });

  it('names the value of a field past the label', async () => {
    const definition = shopDefinition('shop-too-wide');
    definition.fields[0]!.widthMm = 45;
    const response = await signedIn.api().put('/api/price-tags/templates/shop-too-wide', definition);
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ error: { code: 'template_outside', details: { field: 'fields.0.widthMm' } } });
  });

  it('keeps the ready templates', async () => {
    const renamed = await signedIn.api().put('/api/price-tags/templates/a4-40', { ...shopDefinition(), name: 'a4-40' });
    expect(renamed.statusCode).toBe(409);
    expect((await signedIn.api().delete('/api/price-tags/templates/a4-40')).statusCode).toBe(409);
    expect((await signedIn.api().get('/api/price-tags/templates/a4-40')).json()).toMatchObject({ custom: false });
  });

  it('previews a definition as a PDF', async () => {
    const response = await signedIn.api().post('/api/price-tags/templates/preview', shopDefinition());
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('application/pdf');
    expect(response.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });

  it('lets only settings managers change templates', async () => {
    const staff = await signIn(signedIn.app(), database(), 'ja', { role: 'sales' });
    expect((await staff.put('/api/price-tags/templates/shop-staff', shopDefinition('shop-staff'))).statusCode).toBe(403);
    expect((await staff.get('/api/price-tags/templates/a4-65')).statusCode).toBe(200);
  });
});
