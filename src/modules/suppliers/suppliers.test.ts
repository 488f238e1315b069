import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, signIn, type ApiClient } from '../../../test/helpers/app.js';
import { describeEachDatabase } from '../../../test/helpers/database.js';
import type { App } from '../../server/types.js';

describeEachDatabase('suppliers', (database) => {
  let app: App;
  let api: ApiClient;
  beforeAll(async () => {
    app = await createTestApp(database());
    api = await signIn(app, database());
  });
  afterAll(async () => {
    await app.close();
  });

  it('creates, finds by kana and updates a supplier', async () => {
    const created = await api.post('/api/suppliers', {
      code: 'SUP-KOFU',
      name: '甲府宝飾工房',
      nameKana: 'コウフホウショクコウボウ',
      kind: 'business',
      invoiceRegistrationNumber: 'T7000012050002',
    });
    expect(created.statusCode).toBe(201);

    const found = await api.get(`/api/suppliers?q=${encodeURIComponent('ｺｳﾌ')}`);
    expect(found.json().suppliers.map((s: { code: string }) => s.code)).toEqual(['SUP-KOFU']);

    const updated = await api.put(`/api/suppliers/${created.json().id}`, {
      code: 'SUP-KOFU',
      name: '甲府宝飾工房 本社',
      kind: 'business',
      isActive: false,
    });
    expect(updated.json().isActive).toBe(false);
    const active = await api.get('/api/suppliers');
    expect(active.json().suppliers.map((s: { code: string }) => s.code)).not.toContain('SUP-KOFU');
  });

  it('rejects a bad email and a duplicate code', async () => {
    const bad = await api.post('/api/suppliers', { code: 'SUP-X', name: 'X', kind: 'individual', email: 'not-an-email' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.fields[0].field).toBe('email');

    await api.post('/api/suppliers', { code: 'SUP-Y', name: 'Y', kind: 'business' });
    const dup = await api.post('/api/suppliers', { code: 'SUP-Y', name: 'Y2', kind: 'business' });
    expect(dup.statusCode).toBe(409);
  });
});
