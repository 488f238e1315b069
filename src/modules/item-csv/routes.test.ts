import { randomBytes } from 'node:crypto';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, signIn, type ApiClient } from '../../../test/helpers/app.js';
import { describeEachDatabase } from '../../../test/helpers/database.js';
import type { App } from '../../server/types.js';
import { businessDate } from '../../shared/time.js';

const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

describeEachDatabase('item CSV routes', (database) => {
  let app: App;
  let api: ApiClient;
  let english: ApiClient;
  let locationId: number;
  const code = (prefix: string) => `${prefix}-${randomBytes(3).toString('hex')}`;

  beforeAll(async () => {
    app = await createTestApp(database());
    api = await signIn(app, database(), 'ja');
    english = await signIn(app, database(), 'en');
    const location = await api.post('/api/locations', { code: code('ST'), name: '本店', kind: 'store' });
    locationId = location.json().id;
  });
  afterAll(async () => {
    await app.close();
  });

  it('imports a file and reports rows', async () => {
    const stockNumber = code('R');
    const csv = `在庫番号,商品名,カテゴリ,下代,上代,数量\n${stockNumber},リング,リング,1000,3000,1\n`;
    const response = await api.post('/api/items/import', {
      fileName: 'items.csv',
      contentBase64: base64(csv),
      format: 'tsunagu',
      encoding: 'auto',
      locationId,
      mode: 'all_or_nothing',
      dryRun: false,
    });
    expect(response.statusCode).toBe(200);
    const report = response.json();
    expect(report).toMatchObject({ encoding: 'utf8', format: 'tsunagu', rowCount: 1, created: 1, skipped: 0, errors: [], committed: true });
    expect(report.rows[0]).toMatchObject({ row: 2, status: 'created', stockNumber });
  });

  it('returns 422 with messages in the user language', async () => {
    const csv = `商品名,カテゴリ,下代,上代\nリング,お城,1000,3000\n`;
    const body = { contentBase64: base64(csv), format: 'tsunagu', encoding: 'utf8', mode: 'all_or_nothing', dryRun: false };

    const ja = await api.post('/api/items/import', body);
    expect(ja.statusCode).toBe(422);
    expect(ja.json().errors[0]).toMatchObject({ row: 2, column: 'カテゴリ', value: 'お城' });
    expect(ja.json().errors[0].message).toContain('次のいずれか');

    const en = await english.post('/api/items/import', body);
    expect(en.statusCode).toBe(422);
    expect(en.json().errors[0].message).toContain('not allowed');
    expect(en.json().created).toBe(0);
  });

  it('returns 400 for an unreadable file', async () => {
    const response = await api.post('/api/items/import', {
      contentBase64: iconv.encode('商品名\nリング\n', 'cp932').toString('base64'),
      encoding: 'utf8',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors[0].message).toContain('UTF-8');
    expect(response.json().committed).toBe(false);
  });

  it('rejects a body that is not Base64', async () => {
    const response = await api.post('/api/items/import', { contentBase64: '%%%' });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details.fields[0].field).toBe('contentBase64');
  });

  it('answers a dry run with 200', async () => {
    const csv = `商品名,カテゴリ,下代,上代\nリング,お城,1000,3000\n`;
    const response = await api.post('/api/items/import', { contentBase64: base64(csv), dryRun: true });
    expect(response.statusCode).toBe(200);
    expect(response.json().errors).toHaveLength(1);
  });

  it('exports a dated file', async () => {
    const response = await api.get('/api/items/export?encoding=utf8');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toBe(`attachment; filename="items-${businessDate().replaceAll('-', '')}.csv"`);
    expect([...response.rawPayload.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(response.rawPayload.toString('utf8')).toContain('在庫番号,JANコード');
  });

  it('exports CP932 with English headers', async () => {
    const response = await english.get('/api/items/export?encoding=cp932');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=Shift_JIS');
    expect(iconv.decode(response.rawPayload, 'cp932')).toMatch(/^Stock number,JAN code/);
  });

  it('refuses CP932 for characters it lacks', async () => {
    const csv = `在庫番号,商品名,カテゴリ,下代,上代\n${code('E')},リング🎁,リング,1,2\n`;
    await api.post('/api/items/import', { contentBase64: base64(csv) });
    const response = await api.get('/api/items/export?encoding=cp932');
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('characters_missing_from_cp932');
    expect(response.json().error.message).toContain('🎁');
  });

  it('requires a session', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/items/export' });
    expect(response.statusCode).toBe(401);
  });
});
