import { expect, it } from 'vitest';
import { useSignedInApp } from '../../../test/helpers/app.js';
import { describeEachDatabase } from '../../../test/helpers/database.js';

describeEachDatabase('price tag routes', (database) => {
  const signedIn = useSignedInApp(database, 'ja');

  it('lists the templates with their sizes', async () => {
    const response = await signedIn.api().get('/api/price-tags/templates');
    expect(response.statusCode).toBe(200);
    const { templates } = response.json() as { templates: Array<Record<string, unknown>> };
    expect(templates.map((template) => template.name)).toContain('zebra-203-50x25');
    expect(templates.find((template) => template.name === 'a4-65')).toMatchObject({
      pageWidthMm: 210,
      pageHeightMm: 297,
      labelWidthMm: 38.1,
      labelHeightMm: 21.2,
      labelsPerPage: 65,
      dpi: 600,
      barcodeKind: 'code128',
    });
    expect(templates.find((template) => template.name === 'dumbbell-58x12')?.fields).toContain('price');
  });

  it('requires a signed-in user', async () => {
    const response = await signedIn.app().inject({ method: 'GET', url: '/api/price-tags/templates' });
    expect(response.statusCode).toBe(401);
  });
});
