import { expect, it } from 'vitest';
import { useSignedInApp } from '../../../test/helpers/app.js';
import { describeEachDatabase } from '../../../test/helpers/database.js';

// The OpenAPI document is generated from the same zod schemas that validate requests; this
// checks that the stock documents' schemas (preprocessed attributes, loose headers) convert.
describeEachDatabase('stock routes in OpenAPI', (database) => {
  const signedIn = useSignedInApp(database);

  it('lists every stock route', async () => {
    const response = await signedIn.app().inject({ method: 'GET', url: '/api/openapi.json' });
    expect(response.statusCode).toBe(200);
    const paths = Object.keys(response.json().paths);
    for (const path of [
      '/api/purchases',
      '/api/purchases/{id}',
      '/api/secondhand-ledger',
      '/api/secondhand-ledger/export',
      '/api/supplier-returns',
      '/api/transfers',
      '/api/transfers/{id}/receive',
      '/api/transfers/{id}/cancel',
      '/api/write-offs',
      '/api/split',
      '/api/combine',
    ]) {
      expect(paths).toContain(path);
    }
  });

  it('documents the Idempotency-Key header', async () => {
    const document = (await signedIn.app().inject({ method: 'GET', url: '/api/openapi.json' })).json();
    const parameters = document.paths['/api/split'].post.parameters as Array<{ in: string; name: string }>;
    expect(parameters).toContainEqual(expect.objectContaining({ in: 'header', name: 'idempotency-key' }));
    expect(document.paths['/api/combine'].post.requestBody.content['application/json'].schema.properties).toHaveProperty('attributes');
  });
});
