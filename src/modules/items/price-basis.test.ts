import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { createTestApp, signIn, type ApiClient } from '../../../test/helpers/app.js';
import { describeEachDatabase } from '../../../test/helpers/database.js';
import type { App } from '../../server/types.js';
import type { TaxRounding } from '../tax/rounding.js';

/** Builds a valid body for POST /api/items with a stock number no other test uses. */
function ring(overrides: Record<string, unknown> = {}) {
  return {
    stockNumber: `PB${randomBytes(4).toString('hex').toUpperCase()}`,
    name: 'PT900 リング',
    category: 'ring',
    cost: 50_000,
    retailPrice: 10_005,
    taxRatePercent: 10,
    ...overrides,
  };
}

describeEachDatabase('item price basis', (database) => {
  let app: App;
  let api: ApiClient;
  let apiJa: ApiClient;

  beforeAll(async () => {
    app = await createTestApp(database());
    api = await signIn(app, database(), 'en');
    apiJa = await signIn(app, database(), 'ja');
  });
  afterAll(async () => {
    await app.close();
  });
  afterEach(async () => {
    await setRounding('down');
  });

  async function setRounding(rounding: TaxRounding) {
    await database().db.updateTable('company_settings').set({ tax_rounding: rounding }).where('id', '=', 1).execute();
  }

  it('defaults a new item to tax-included', async () => {
    const created = await api.post('/api/items', ring({ retailPrice: 33_000 }));

    expect(created.statusCode).toBe(201);
    expect(created.json().priceBasis).toBe('included');
    expect(created.json().retailPrice).toBe(33_000);
    expect(created.json().retailPriceIncludingTax).toBe(33_000);
    const row = await database().db.selectFrom('items').select('price_basis').where('id', '=', created.json().id).executeTakeFirstOrThrow();
    expect(row.price_basis).toBe('included');
  });

  it('stores a tax-excluded price as entered', async () => {
    const created = await api.post('/api/items', ring({ priceBasis: 'excluded' }));

    expect(created.statusCode).toBe(201);
    expect(created.json().priceBasis).toBe('excluded');
    expect(created.json().retailPrice).toBe(10_005);
    const row = await database()
      .db.selectFrom('items')
      .select(['price_basis', 'retail_price'])
      .where('id', '=', created.json().id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ price_basis: 'excluded', retail_price: 10_005 });
  });

  // 10,005 × 1.10 = 11,005.5 and 1,003 × 1.08 = 1,083.24, so the modes differ on each.
  it.each([
    ['down', 10_005, 10, 11_005],
    ['half_up', 10_005, 10, 11_006],
    ['up', 10_005, 10, 11_006],
    ['down', 1_003, 8, 1_083],
    ['half_up', 1_003, 8, 1_083],
    ['up', 1_003, 8, 1_084],
    ['up', 1_003, 0, 1_003],
  ] as const)('rounds the tax-included price %s (%i at %i%%)', async (rounding, retailPrice, taxRatePercent, expected) => {
    await setRounding(rounding);
    const created = await api.post('/api/items', ring({ priceBasis: 'excluded', retailPrice, taxRatePercent }));
    const id = created.json().id as number;

    expect(created.json().retailPriceIncludingTax).toBe(expected);
    expect((await api.get(`/api/items/${id}`)).json().retailPriceIncludingTax).toBe(expected);
    const found = await api.get(`/api/items?stockNumber=${created.json().stockNumber}`);
    expect(found.json().items).toHaveLength(1);
    expect(found.json().items[0].priceBasis).toBe('excluded');
    expect(found.json().items[0].retailPriceIncludingTax).toBe(expected);
  });

  it('switches the basis on update and keeps it when omitted', async () => {
    const created = await api.post('/api/items', ring());
    const id = created.json().id as number;
    const { stockNumber } = created.json();

    const excluded = await api.put(`/api/items/${id}`, ring({ stockNumber, priceBasis: 'excluded', retailPrice: 20_000 }));
    expect(excluded.statusCode).toBe(200);
    expect(excluded.json().priceBasis).toBe('excluded');
    expect(excluded.json().retailPriceIncludingTax).toBe(22_000);

    const omitted = await api.put(`/api/items/${id}`, ring({ stockNumber, retailPrice: 20_000 }));
    expect(omitted.json().priceBasis).toBe('excluded');

    const included = await api.put(`/api/items/${id}`, ring({ stockNumber, priceBasis: 'included', retailPrice: 22_000 }));
    expect(included.json().priceBasis).toBe('included');
    expect(included.json().retailPriceIncludingTax).toBe(22_000);

    const audit = await database()
      .db.selectFrom('audit_events')
      .select('after_json')
      .where('entity_type', '=', 'item')
      .where('entity_id', '=', String(id))
      .where('action', '=', 'item.update')
      .orderBy('id')
      .execute();
    expect(audit.map((event) => JSON.parse(event.after_json ?? '{}').priceBasis)).toEqual(['excluded', 'excluded', 'included']);
  });

  it('finds the item by scanning its tag', async () => {
    const created = await api.post('/api/items', ring({ priceBasis: 'excluded', retailPrice: 5_000 }));

    const lookup = await api.get(`/api/items/lookup?code=${created.json().stockNumber}`);

    expect(lookup.json().priceBasis).toBe('excluded');
    expect(lookup.json().retailPriceIncludingTax).toBe(5_500);
  });

  it('rejects an unknown basis in both languages', async () => {
    const body = ring({ priceBasis: '税抜き' });

    const en = await api.post('/api/items', body);
    const ja = await apiJa.post('/api/items', body);

    expect(en.statusCode).toBe(400);
    expect(en.json().error.code).toBe('validation_failed');
    expect(en.json().error.details.fields).toEqual([
      { field: 'priceBasis', message: 'Set the retail price basis to included (tax-included) or excluded (tax-excluded).' },
    ]);
    expect(ja.json().error.details.fields).toEqual([
      { field: 'priceBasis', message: '上代の税区分は included（税込）か excluded（税抜）で指定してください。' },
    ]);
  });

  it('filters by the tax-included price', async () => {
    const tag = `PBF${randomBytes(3).toString('hex')}`;
    // Tax-included prices: 11,000 (excluded 10,000 at 10%), 10,600, 10,800 (excluded 10,000 at 8%).
    const excluded10 = await api.post('/api/items', ring({ priceBasis: 'excluded', retailPrice: 10_000, tags: [tag] }));
    const included = await api.post('/api/items', ring({ retailPrice: 10_600, tags: [tag] }));
    const excluded8 = await api.post('/api/items', ring({ priceBasis: 'excluded', retailPrice: 10_000, taxRatePercent: 8, tags: [tag] }));
    const numbers = async (query: string) => {
      const response = await api.get(`/api/items?q=${tag}&sort=stockNumber&order=asc&${query}`);
      expect(response.statusCode).toBe(200);
      return (response.json().items as Array<{ stockNumber: string }>).map((item) => item.stockNumber);
    };
    const sorted = (...responses: Array<{ json(): { stockNumber: string } }>) => responses.map((r) => r.json().stockNumber).sort();

    expect(await numbers('retailPriceMin=10700')).toEqual(sorted(excluded10, excluded8));
    expect(await numbers('retailPriceMin=10900&retailPriceMax=11000')).toEqual(sorted(excluded10));
    expect(await numbers('retailPriceMax=10999')).toEqual(sorted(included, excluded8));
    expect(await numbers('retailPriceMin=10600&retailPriceMax=10600')).toEqual(sorted(included));
  });

  it.each(['down', 'half_up', 'up'] as const)('filters on the converted price exactly (%s)', async (rounding) => {
    await setRounding(rounding);
    const tag = `PBR${randomBytes(3).toString('hex')}`;
    const prices: Array<[number, number]> = [
      [10_005, 10],
      [1_003, 8],
      [1_006, 8],
      [999, 10],
    ];
    for (const [retailPrice, taxRatePercent] of prices) {
      const created = await api.post('/api/items', ring({ priceBasis: 'excluded', retailPrice, taxRatePercent, tags: [tag] }));
      const { stockNumber, retailPriceIncludingTax: price } = created.json() as { stockNumber: string; retailPriceIncludingTax: number };
      const search = async (query: string) =>
        ((await api.get(`/api/items?q=${tag}&${query}`)).json().items as Array<{ stockNumber: string }>).map((item) => item.stockNumber);

      expect(await search(`retailPriceMin=${price}&retailPriceMax=${price}`)).toContain(stockNumber);
      expect(await search(`retailPriceMin=${price + 1}`)).not.toContain(stockNumber);
      expect(await search(`retailPriceMax=${price - 1}`)).not.toContain(stockNumber);
    }
  });

  it('documents the basis in OpenAPI', async () => {
    const spec = (await api.get('/api/openapi.json')).json();
    const text = JSON.stringify(spec);

    expect(text).toContain('retailPriceIncludingTax');
    expect(text).toMatch(/"priceBasis":\{[^}]*"enum":\["included","excluded"\]/);
  });
});
