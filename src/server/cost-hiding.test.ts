import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signIn, type ApiClient } from '../../test/helpers/app.js';
import { describeEachDatabase, type TestDatabase } from '../../test/helpers/database.js';
import { createTestLocation, receiveTestItem } from '../../test/helpers/factories.js';
import type { Item } from '../db/schema.js';
import { isCostKey, withoutCostFields } from './cost-hiding.js';
import type { App } from './types.js';

/** Lists the paths of every cost or margin key in a JSON value, e.g. "items[0].cost". */
function costPaths(value: unknown, path = '$'): string[] {
  if (Array.isArray(value)) return value.flatMap((entry, index) => costPaths(entry, `${path}[${index}]`));
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, entry]) => [...(isCostKey(key) ? [`${path}.${key}`] : []), ...costPaths(entry, `${path}.${key}`)]);
}

/** Adds a custom role with the given permissions and returns its code. */
async function createRole(database: TestDatabase, permissions: string[]): Promise<string> {
  const code = `custom_${randomBytes(3).toString('hex')}`;
  const now = new Date().toISOString();
  await database.db
    .insertInto('roles')
    .values({ code, name_ja: 'カスタム', name_en: 'Custom', permissions: JSON.stringify(permissions), is_builtin: 0, created_at: now, updated_at: now })
    .execute();
  return code;
}

describe('isCostKey', () => {
  it.each(['cost', 'unitCost', 'costAmount', 'totalCost', 'allocatedCost', 'bookCost', 'margin', 'marginRate', 'grossProfit', 'profit', 'averageCost', 'lineCostAmount', 'grossMargin', 'cost_amount', 'unit_cost'])(
    'treats %s as cost',
    (key) => {
      expect(isCostKey(key)).toBe(true);
    },
  );

  it.each(['retailPrice', 'price', 'amount', 'total', 'costume', 'Cost', 'name', 'costs'])('keeps %s', (key) => {
    expect(isCostKey(key)).toBe(false);
  });
});

describe('withoutCostFields', () => {
  it('removes cost keys at any depth', () => {
    const at = new Date('2026-01-01T00:00:00Z');
    const value = { id: 1, cost: 5, lines: [{ unitCost: 3, item: { cost: 2, name: 'ring' } }], meta: { margin: 0.4, at } };
    expect(withoutCostFields(value)).toEqual({ id: 1, lines: [{ item: { name: 'ring' } }], meta: { at } });
    expect(value.cost).toBe(5);
  });

  it('returns other values unchanged', () => {
    const buffer = Buffer.from('x');
    expect(withoutCostFields(buffer)).toBe(buffer);
    expect(withoutCostFields('cost')).toBe('cost');
    expect(withoutCostFields(null)).toBeNull();
  });
});

describeEachDatabase('cost hiding', (database) => {
  let app: App;
  let sales: ApiClient;
  let accountant: ApiClient;
  let item: Item;

  beforeAll(async () => {
    app = await createTestApp(database());
    sales = await signIn(app, database(), 'en', { role: 'sales' });
    accountant = await signIn(app, database(), 'en', { role: 'accountant' });
    const location = await createTestLocation(database().db);
    item = await receiveTestItem(database().db, { locationId: location.id, cost: 40_000 });
  });
  afterAll(async () => {
    await app.close();
  });

  it('hides cost from sales staff', async () => {
    for (const url of ['/api/items?pageSize=200', `/api/items/${item.id}`, `/api/items/${item.id}/history`]) {
      const response = await sales.get(url);
      expect(response.statusCode, url).toBe(200);
      expect(costPaths(response.json()), url).toEqual([]);
      expect(response.body, url).not.toContain('"cost"');
    }
  });

  it('keeps the rest of the item for sales staff', async () => {
    const detail = (await sales.get(`/api/items/${item.id}`)).json();
    expect(detail).toMatchObject({ id: item.id, stockNumber: item.stock_number, retailPrice: 132_000 });
    const history = (await sales.get(`/api/items/${item.id}/history`)).json();
    expect(JSON.stringify(history)).toContain('purchase_receipt');
  });

  it('shows cost with cost.view', async () => {
    const detail = (await accountant.get(`/api/items/${item.id}`)).json();
    expect(detail.cost).toBe(40_000);
    const history = await accountant.get(`/api/items/${item.id}/history`);
    expect(costPaths(history.json()).length).toBeGreaterThan(0);
    expect(history.body).toContain('"costAmount":40000');
  });

  it('drops the cost column from item CSV exports', async () => {
    const role = await createRole(database(), ['stock.view', 'data.export']);
    const exporter = await signIn(app, database(), 'en', { role });

    const hidden = await exporter.get('/api/items/export?encoding=utf8');
    expect(hidden.statusCode).toBe(200);
    const hiddenLines = hidden.rawPayload.subarray(3).toString('utf8').split('\r\n');
    expect(hiddenLines[0]).not.toContain('Cost');
    expect(hiddenLines[0]).toContain('Retail price');
    const row = hiddenLines.find((line) => line.startsWith(item.stock_number));
    expect(row).toBeDefined();
    expect(row).not.toContain('40000');

    const shown = await accountant.get('/api/items/export?encoding=utf8');
    const shownLines = shown.rawPayload.subarray(3).toString('utf8').split('\r\n');
    expect(shownLines[0]).toContain('Cost (tax excl.)');
    expect(shownLines.find((line) => line.startsWith(item.stock_number))).toContain('40000');
    expect(shownLines[0]!.split(',').length).toBe(hiddenLines[0]!.split(',').length + 1);
  });

  it('hides cost in audit events from a custom role', async () => {
    const role = await createRole(database(), ['audit.view']);
    const auditor = await signIn(app, database(), 'en', { role });
    const type = `priced_${randomBytes(3).toString('hex')}`;
    await database()
      .db.insertInto('audit_events')
      .values({
        occurred_at: new Date().toISOString(),
        user_id: null,
        user_email: null,
        ip: null,
        request_id: null,
        action: 'item.update',
        outcome: 'success',
        entity_type: type,
        entity_id: '1',
        location_id: null,
        before_json: JSON.stringify({ name: 'a', cost: 1 }),
        after_json: JSON.stringify({ name: 'b', cost_amount: 2 }),
        detail_json: null,
      })
      .execute();

    const listed = await auditor.get(`/api/audit-events?entityType=${type}`);
    expect(listed.json().events[0]).toMatchObject({ before: { name: 'a' }, after: { name: 'b' } });
    expect(costPaths(listed.json())).toEqual([]);

    const exported = await auditor.get(`/api/audit-events/export?entityType=${type}`);
    expect(exported.statusCode).toBe(200);
    expect(exported.rawPayload.toString('utf8')).not.toMatch(/cost/i);
  });
});
