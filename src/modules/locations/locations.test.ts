import { expect, it } from 'vitest';
import { useSignedInApp } from '../../../test/helpers/app.js';
import { describeEachDatabase } from '../../../test/helpers/database.js';

describeEachDatabase('locations', (database) => {
  const { api: client } = useSignedInApp(database);

  it('creates, lists and updates a store', async () => {
    const created = await client().post('/api/locations', { code: 'GINZA', name: '銀座本店', kind: 'store' });
    expect(created.statusCode).toBe(201);
    const id = created.json().id;

    const list = await client().get('/api/locations');
    const codes = list.json().locations.map((l: { code: string }) => l.code);
    expect(codes).toContain('GINZA');
    expect(codes).not.toContain('TRANSIT');

    const updated = await client().put(`/api/locations/${id}`, { code: 'GINZA', name: '銀座本店 2F', kind: 'store' });
    expect(updated.json().name).toBe('銀座本店 2F');
  });

  it('rejects a duplicate code', async () => {
    await client().post('/api/locations', { code: 'DUP', name: 'A', kind: 'warehouse' });
    const second = await client().post('/api/locations', { code: 'DUP', name: 'B', kind: 'warehouse' });
    expect(second.statusCode).toBe(409);
    expect(second.json().error.code).toBe('already_exists');
  });

  it('rejects an exhibition ending before it starts', async () => {
    const response = await client().post('/api/locations', {
      code: 'EXPO',
      name: '秋の展示会',
      kind: 'exhibition',
      startsOn: '2026-10-10',
      endsOn: '2026-10-01',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details.fields[0].field).toBe('endsOn');
  });

  it('folds a full-width code', async () => {
    const response = await client().post('/api/locations', { code: 'ＳＨＩＢＵＹＡ－１', name: '渋谷店', kind: 'store' });
    expect(response.statusCode).toBe(201);
    expect(response.json().code).toBe('SHIBUYA-1');
  });

  it('unknown kind names the field', async () => {
    const response = await client().post('/api/locations', { code: 'X1', name: 'x', kind: 'castle' });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details.fields[0].field).toBe('kind');
  });
});
