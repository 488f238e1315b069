import { expect, it } from 'vitest';
import { useSignedInApp } from '../../../test/helpers/app.js';
import { describeEachDatabase } from '../../../test/helpers/database.js';

describeEachDatabase('suppliers', (database) => {
  const { api: client } = useSignedInApp(database);

  it('creates, finds by kana and updates a supplier', async () => {
    const created = await client().post('/api/suppliers', {
      code: 'SUP-KOFU',
      name: '甲府宝飾工房',
      nameKana: 'コウフホウショクコウボウ',
      kind: 'business',
      invoiceRegistrationNumber: 'T7000012050002',
    });
    expect(created.statusCode).toBe(201);

    const found = await client().get(`/api/suppliers?q=${encodeURIComponent('ｺｳﾌ')}`);
    expect(found.json().suppliers.map((s: { code: string }) => s.code)).toEqual(['SUP-KOFU']);

    const updated = await client().put(`/api/suppliers/${created.json().id}`, {
      code: 'SUP-KOFU',
      name: '甲府宝飾工房 本社',
      kind: 'business',
      isActive: false,
    });
    expect(updated.json().isActive).toBe(false);
    const active = await client().get('/api/suppliers');
    expect(active.json().suppliers.map((s: { code: string }) => s.code)).not.toContain('SUP-KOFU');
  });

  it('rejects a bad email and a duplicate code', async () => {
    const bad = await client().post('/api/suppliers', { code: 'SUP-X', name: 'X', kind: 'individual', email: 'not-an-email' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.fields[0].field).toBe('email');

    await client().post('/api/suppliers', { code: 'SUP-Y', name: 'Y', kind: 'business' });
    const dup = await client().post('/api/suppliers', { code: 'SUP-Y', name: 'Y2', kind: 'business' });
    expect(dup.statusCode).toBe(409);
  });
});
