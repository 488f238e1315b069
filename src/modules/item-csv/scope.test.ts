import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, signIn, type ApiClient } from '../../../test/helpers/app.js';
import { describeEachDatabase } from '../../../test/helpers/database.js';
import { createTestLocation, receiveTestItem } from '../../../test/helpers/factories.js';
import type { Item, Location } from '../../db/schema.js';
import type { App } from '../../server/types.js';

const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
const HEADER = '在庫番号,商品名,カテゴリ,下代,上代,数量,拠点コード';

describeEachDatabase('item CSV location scope', (database) => {
  let app: App;
  let owner: ApiClient;
  let manager: ApiClient;
  let storeA: Location;
  let storeB: Location;
  let itemA: Item;
  let itemB: Item;
  const stockNumber = (prefix: string) => `${prefix}-${randomBytes(3).toString('hex')}`;

  const importFile = (client: ApiClient, csv: string, extra: Record<string, unknown> = {}) =>
    client.post('/api/items/import', { fileName: 'scope.csv', contentBase64: base64(csv), ...extra });
  const itemExists = async (number: string) =>
    (await database().db.selectFrom('items').select('id').where('stock_number', '=', number).executeTakeFirst()) !== undefined;

  beforeAll(async () => {
    app = await createTestApp(database());
    owner = await signIn(app, database(), 'en');
    storeA = await createTestLocation(database().db);
    storeB = await createTestLocation(database().db);
    itemA = await receiveTestItem(database().db, { locationId: storeA.id, stockNumber: stockNumber('A') });
    itemB = await receiveTestItem(database().db, { locationId: storeB.id, stockNumber: stockNumber('B') });
    // Staff limited to store A see neither items nor stock elsewhere.
    await database().db.updateTable('company_settings').set({ scoped_staff_see_other_locations: 0 }).where('id', '=', 1).execute();
    manager = await signIn(app, database(), 'en', { role: 'manager', locationIds: [storeA.id] });
  });
  afterAll(async () => {
    await app.close();
  });

  it('exports only visible items', async () => {
    const limited = (await manager.get('/api/items/export')).rawPayload.toString('utf8');
    expect(limited).toContain(itemA.stock_number);
    expect(limited).not.toContain(itemB.stock_number);
    expect(limited).not.toContain(storeB.code);

    const everything = (await owner.get('/api/items/export')).rawPayload.toString('utf8');
    expect(everything).toContain(itemA.stock_number);
    expect(everything).toContain(itemB.stock_number);
  });

  it('rejects a default location out of scope', async () => {
    const number = stockNumber('N');
    for (const dryRun of [false, true]) {
      const response = await importFile(manager, `${HEADER}\n${number},リング,リング,1000,3000,1,\n`, { locationId: storeB.id, dryRun });
      expect(response.statusCode).toBe(403);
      expect(response.json().error.code).toBe('location_out_of_scope');
      expect(response.json().error.message).toContain(storeB.name);
    }
    expect(await itemExists(number)).toBe(false);
  });

  it('reports hidden items as not found', async () => {
    const fresh = stockNumber('N');
    const csv = `${HEADER}\n${itemB.stock_number},リング,リング,1000,3000,0,\n${fresh},リング,リング,1000,3000,1,${storeA.code}\n`;

    for (const mode of ['all_or_nothing', 'valid_rows_only']) {
      const response = await importFile(manager, csv, { mode });
      expect(response.statusCode, mode).toBe(422);
      const report = response.json();
      expect(report.committed).toBe(false);
      const rowError = report.errors.find((error: { row: number }) => error.row === 2);
      expect(rowError).toMatchObject({ column: '在庫番号', value: itemB.stock_number });
      expect(rowError.message).toContain('was not found among the items at your locations');
      expect(report.rows[0]).toMatchObject({ row: 2, status: 'invalid', itemId: null });
    }
    expect(await itemExists(fresh)).toBe(false);
  });

  it('explains why valid rows were not written', async () => {
    const csv = `${HEADER}\n${itemB.stock_number},リング,リング,1000,3000,0,\n${stockNumber('N')},リング,リング,1000,3000,1,${storeA.code}\n`;
    const report = (await importFile(manager, csv, { mode: 'valid_rows_only' })).json();
    expect(report.errors[0]).toMatchObject({ row: 1, column: null });
    expect(report.errors[0].message).toContain('no row was imported');
  });

  it('rejects rows at locations out of scope', async () => {
    const number = stockNumber('N');
    const response = await importFile(manager, `${HEADER}\n${number},リング,リング,1000,3000,1,${storeB.code}\n`);
    expect(response.statusCode).toBe(422);
    expect(response.json().errors[0]).toMatchObject({ row: 2, column: '拠点コード', value: storeB.code });
    expect(response.json().errors[0].message).toContain(`not allowed to act at location "${storeB.code}"`);
    expect(await itemExists(number)).toBe(false);
  });

  it('skips visible items as before', async () => {
    const response = await importFile(manager, `${HEADER}\n${itemA.stock_number},リング,リング,1000,3000,0,\n`);
    expect(response.statusCode).toBe(200);
    expect(response.json().rows[0]).toMatchObject({ status: 'skipped', stockNumber: itemA.stock_number });
  });

  it('imports at own location with an audit event', async () => {
    const numbers = [stockNumber('N'), stockNumber('N')];
    const csv = `${HEADER}\n${numbers[0]},リング,リング,1000,3000,1,\n${numbers[1]},リング,リング,2000,5000,1,${storeA.code}\n${itemA.stock_number},リング,リング,1,1,0,\n`;
    const response = await importFile(manager, csv, { locationId: storeA.id });
    expect(response.statusCode).toBe(200);
    const report = response.json();
    expect(report).toMatchObject({ committed: true, created: 2, skipped: 1 });

    const events = await database()
      .db.selectFrom('audit_events')
      .selectAll()
      .where('action', '=', 'item.import')
      .where('entity_id', '=', String(report.importId))
      .execute();
    expect(events).toHaveLength(1);
    const event = events[0]!;
    expect(event).toMatchObject({ entity_type: 'import', location_id: storeA.id, outcome: 'success', request_id: response.headers['x-request-id'] });
    expect(JSON.parse(event.detail_json!)).toMatchObject({
      importId: report.importId,
      fileName: 'scope.csv',
      format: 'tsunagu',
      encoding: 'utf8',
      mode: 'all_or_nothing',
      rowCount: 3,
      created: 2,
      skipped: 1,
      invalid: 0,
    });
    expect(JSON.parse(event.after_json!)).toEqual({
      count: 2,
      truncated: false,
      items: report.rows.filter((row: { status: string }) => row.status === 'created').map((row: { itemId: number; stockNumber: string }) => ({ id: row.itemId, stockNumber: row.stockNumber })),
    });
  });

  it('ignores cost without cost.view', async () => {
    const operator = await signIn(app, database(), 'en', { role: 'online_operator' });
    const numbers = [stockNumber('C'), stockNumber('C')];

    const withCost = await importFile(operator, `${HEADER}\n${numbers[0]},リング,リング,99999,3000,1,${storeA.code}\n`);
    expect(withCost.statusCode).toBe(200);
    expect(withCost.json().warnings[0]).toMatchObject({ row: 1, column: '下代' });
    expect(withCost.json().warnings[0].message).toContain('this column was ignored');

    const withoutCost = await importFile(operator, `在庫番号,商品名,カテゴリ,上代\n${numbers[1]},リング,リング,3000\n`);
    expect(withoutCost.statusCode).toBe(200);
    expect(withoutCost.json().created).toBe(1);

    const costs = await database().db.selectFrom('items').select(['stock_number', 'cost']).where('stock_number', 'in', numbers).execute();
    expect(costs.map((row) => row.cost)).toEqual([0, 0]);
  });

  it('still requires cost with cost.view', async () => {
    const response = await importFile(owner, `在庫番号,商品名,カテゴリ,上代\n${stockNumber('C')},リング,リング,3000\n`);
    expect(response.statusCode).toBe(400);
    expect(response.json().errors[0].message).toContain('下代');
  });
});
