import { addDays, parseISO } from 'date-fns';
import { beforeAll, expect, it } from 'vitest';
import { signIn, useSignedInApp } from '../../../test/helpers/app.js';
import { consignTestItem } from '../../../test/helpers/consignment.js';
import { describeEachDatabase } from '../../../test/helpers/database.js';
import { createTestLocation, receiveTestItem } from '../../../test/helpers/factories.js';
import type { Db } from '../../db/database.js';
import type { Item, Location } from '../../db/schema.js';
import { businessDate } from '../../shared/time.js';
import { abcClassOf, weightedMedian } from './product-reports.js';
import { priceBandOf } from './product-queries.js';

// Sales-based product reports on one small scenario, figures by hand. Tax is rounded down,
// so the tax in a ¥x sale at 10 % is floor(x × 10 / 110). Every sale is its own document.
//
// Store A (counter) and exhibition E; items registered N days ago:
//   r1 ring     ¥110,000  cost 40,000  10 days  sold at A         tax 10,000  excl 100,000
//   r2 ring      ¥33,000  cost 10,000  40 days  sold at A         tax  3,000  excl  30,000
//   r3 ring      ¥22,000  cost  8,000   5 days  sold and returned at A: net 0 units, ¥0
//   c2 ring (consigned) ¥55,000, cost 0, 100 days, sold at A      tax  5,000  excl  50,000
//   p1 pendant PT900 ¥66,000 cost 20,000 20 days sold at E        tax  6,000  excl  60,000
// Held at the end: r3 (back in stock) ¥22,000, r4 ring ¥132,000, e1 earrings ¥1,100,000,
// c1 consigned ring ¥55,000, all at A.

const today = businessDate();
const from = addDays(parseISO(`${today}T00:00:00Z`), -30).toISOString().slice(0, 10);

describeEachDatabase('product analysis reports', (database) => {
  const signedIn = useSignedInApp(database);
  const api = () => signedIn.api();
  let store: Location;
  let exhibition: Location;
  let items: Record<'r1' | 'r2' | 'r3' | 'r4' | 'e1' | 'p1' | 'c1' | 'c2', Item>;
  const period = () => `from=${from}&to=${today}&locationIds=${store.id},${exhibition.id}`;

  async function registeredDaysAgo(db: Db, item: Item, days: number): Promise<void> {
    await db.updateTable('items').set({ created_at: new Date(Date.now() - days * 86_400_000).toISOString() }).where('id', '=', item.id).execute();
  }

  async function sell(db: Db, location: Location, item: Item) {
    const register = await db.selectFrom('registers').select('id').where('location_id', '=', location.id).executeTakeFirstOrThrow();
    const response = await api().post('/api/sales', { registerId: register.id, lines: [{ itemId: item.id }], payments: [{ method: 'cash', amount: item.retail_price }] });
    expect(response.statusCode, response.body).toBe(201);
    return { registerId: Number(register.id), sale: response.json() };
  }

  beforeAll(async () => {
    const db = database().db;
    await db.updateTable('company_settings').set({ tax_rounding: 'down' }).where('id', '=', 1).execute();
    store = await createTestLocation(db);
    exhibition = await createTestLocation(db, { kind: 'exhibition' });
    items = {
      r1: await receiveTestItem(db, { locationId: store.id, retailPrice: 110_000, cost: 40_000 }),
      r2: await receiveTestItem(db, { locationId: store.id, retailPrice: 33_000, cost: 10_000 }),
      r3: await receiveTestItem(db, { locationId: store.id, retailPrice: 22_000, cost: 8_000 }),
      r4: await receiveTestItem(db, { locationId: store.id, retailPrice: 132_000, cost: 50_000 }),
      e1: await receiveTestItem(db, { locationId: store.id, retailPrice: 1_100_000, cost: 400_000, category: 'earrings' }),
      p1: await receiveTestItem(db, { locationId: exhibition.id, retailPrice: 66_000, cost: 20_000, category: 'pendant', metal: 'PT900' }),
      c1: (await consignTestItem(db, { locationId: store.id, retailPrice: 55_000 })).item,
      c2: (await consignTestItem(db, { locationId: store.id, retailPrice: 55_000 })).item,
    };
    await registeredDaysAgo(db, items.r1, 10);
    await registeredDaysAgo(db, items.r2, 40);
    await registeredDaysAgo(db, items.r3, 5);
    await registeredDaysAgo(db, items.c2, 100);
    await registeredDaysAgo(db, items.p1, 20);

    await sell(db, store, items.r1);
    await sell(db, store, items.r2);
    await sell(db, store, items.c2);
    await sell(db, exhibition, items.p1);
    const { registerId, sale } = await sell(db, store, items.r3);
    const returned = await api().post(`/api/sales/${sale.id}/returns`, {
      registerId,
      reason: 'size',
      lines: [{ originalLineId: sale.lines[0].id, quantity: 1, destination: 'stock' }],
      refunds: [{ method: 'cash', amount: 22_000 }],
    });
    expect(returned.statusCode, returned.body).toBe(201);
  });

  it('sell-through by category', async () => {
    const response = await api().get(`/api/analytics/reports/sell-through?${period()}`);
    expect(response.statusCode, response.body).toBe(200);
    const table = response.json();
    // ring: sold r1, r2, c2 (r3 netted out) = 3, held r3, r4, c1 = 3: 3 / 6 = 0.5; sales 110,000 + 33,000 + 55,000.
    // pendant: 1 sold, none held: 1. earrings: none sold, e1 held: 0.
    expect(table.rows.map((row: Record<string, unknown>) => [row.group, row.groupName, row.soldUnits, row.onHandUnits, row.sellThrough, row.salesIncl])).toEqual([
      ['ring', 'Ring', 3, 3, 0.5, 198_000],
      ['pendant', 'Pendant', 1, 0, 1, 66_000],
      ['earrings', 'Earrings', 0, 1, 0, 0],
    ]);
    expect(table.totals).toMatchObject({ soldUnits: 4, onHandUnits: 4, sellThrough: 0.5, salesIncl: 264_000 });
    expect(table.columns.map((column: { key: string }) => column.key)).toEqual(['group', 'groupName', 'soldUnits', 'onHandUnits', 'sellThrough', 'salesIncl']);
  });

  it('sell-through by price band', async () => {
    const table = (await api().get(`/api/analytics/reports/sell-through?${period()}&by=price_band`)).json();
    // Sold: r3 at 22,000 (+1 −1); r2 33,000, c2 55,000, p1 66,000; r1 110,000.
    // Held: r3 22,000; c1 55,000; r4 132,000; e1 1,100,000.
    expect(table.rows.map((row: Record<string, unknown>) => [row.group, row.groupName, row.soldUnits, row.onHandUnits, row.sellThrough, row.salesIncl])).toEqual([
      ['under_30000', 'Under ¥30,000', 0, 1, 0, 0],
      ['30000_99999', '¥30,000–¥99,999', 3, 1, 0.75, 154_000],
      ['100000_299999', '¥100,000–¥299,999', 1, 1, 0.5, 110_000],
      ['1000000_plus', '¥1,000,000 and over', 0, 1, 0, 0],
    ]);
  });

  it('abc by sales and by margin', async () => {
    const sales = (await api().get(`/api/analytics/reports/abc?${period()}`)).json();
    // Net sales excl. tax: r1 100,000, p1 60,000, c2 50,000, r2 30,000, r3 0; total 240,000.
    // 70 % is 168,000 and 90 % 216,000 of the total. Ranked above: r1 0, p1 100,000, c2 160,000 (all
    // below 168,000: A), r2 210,000 (below 216,000: B); r3 has no value: C.
    expect(sales.rows.map((row: Record<string, unknown>) => [row.rank, row.key, row.value, row.share, row.cumulativeShare, row.class, row.salesIncl, row.units])).toEqual([
      [1, items.r1.stock_number, 100_000, 0.4167, 0.4167, 'A', 110_000, 1],
      [2, items.p1.stock_number, 60_000, 0.25, 0.6667, 'A', 66_000, 1],
      [3, items.c2.stock_number, 50_000, 0.2083, 0.875, 'A', 55_000, 1],
      [4, items.r2.stock_number, 30_000, 0.125, 1, 'B', 33_000, 1],
      [5, items.r3.stock_number, 0, 0, 1, 'C', 0, 0],
    ]);
    expect(sales.totals).toMatchObject({ value: 240_000, salesIncl: 264_000, units: 4 });

    const top = (await api().get(`/api/analytics/reports/abc?${period()}&limit=2`)).json();
    expect(top.rows.map((row: Record<string, unknown>) => row.key)).toEqual([items.r1.stock_number, items.p1.stock_number]);
    expect(top.totals).toMatchObject({ value: 240_000, units: 4 });
    expect(top.notes.at(-1).en).toBe('Showing the top 2 of 5 rows; the totals cover every row.');

    const margin = (await api().get(`/api/analytics/reports/abc?${period()}&basis=margin`)).json();
    // Margin = excl − cost: r1 60,000, p1 40,000, r2 20,000, c2 6,000 (consigned: 50,000 less the
    // 44,000 its consignor is owed at 20 % commission), r3 0. Total 126,000: 70 % = 88,200,
    // 90 % = 113,400. Above r2: 100,000 (B); above c2: 120,000 (C).
    expect(margin.rows.map((row: Record<string, unknown>) => [row.key, row.value, row.class])).toEqual([
      [items.r1.stock_number, 60_000, 'A'],
      [items.p1.stock_number, 40_000, 'A'],
      [items.r2.stock_number, 20_000, 'B'],
      [items.c2.stock_number, 6_000, 'C'],
      [items.r3.stock_number, 0, 'C'],
    ]);

    const categories = (await api().get(`/api/analytics/reports/abc?${period()}&level=category`)).json();
    // ring 100,000 + 30,000 + 50,000 = 180,000; pendant 60,000. Above pendant: 180,000 ≥ 168,000: B.
    expect(categories.rows.map((row: Record<string, unknown>) => [row.key, row.name, row.value, row.class])).toEqual([
      ['ring', 'Ring', 180_000, 'A'],
      ['pendant', 'Pendant', 60_000, 'B'],
    ]);
  });

  it('sold where, by channel and location', async () => {
    const byChannel = (await api().get(`/api/analytics/reports/sold-where?${period()}`)).json();
    expect(byChannel.columns.map((column: { key: string }) => column.key)).toEqual(['group', 'groupName', 'ch_store', 'ch_exhibition', 'total']);
    expect(byChannel.rows).toEqual([
      { group: 'ring', groupName: 'Ring', ch_store: 198_000, ch_exhibition: 0, total: 198_000 },
      { group: 'pendant', groupName: 'Pendant', ch_store: 0, ch_exhibition: 66_000, total: 66_000 },
    ]);
    expect(byChannel.totals).toMatchObject({ ch_store: 198_000, ch_exhibition: 66_000, total: 264_000 });

    const units = (await api().get(`/api/analytics/reports/sold-where?${period()}&by=metal&measure=units`)).json();
    expect(units.rows).toEqual([
      { group: 'K18', groupName: 'K18', ch_store: 3, ch_exhibition: 0, total: 3 },
      { group: 'PT900', groupName: 'PT900', ch_store: 0, ch_exhibition: 1, total: 1 },
    ]);
    expect(units.columns.find((column: { key: string }) => column.key === 'ch_store').type).toBe('number');

    const brands = (await api().get(`/api/analytics/reports/sold-where?${period()}&by=brand`)).json();
    expect(brands.rows).toEqual([{ group: '', groupName: '(none)', ch_store: 198_000, ch_exhibition: 66_000, total: 264_000 }]);

    const byLocation = (await api().get(`/api/analytics/reports/sold-where-location?${period()}`)).json();
    expect(byLocation.columns.slice(2, 4).map((column: { key: string; label: { en: string } }) => [column.key, column.label.en]).sort()).toEqual(
      [
        [`loc_${store.id}`, store.name],
        [`loc_${exhibition.id}`, exhibition.name],
      ].sort(),
    );
    expect(byLocation.rows).toEqual([
      { group: 'ring', groupName: 'Ring', [`loc_${store.id}`]: 198_000, [`loc_${exhibition.id}`]: 0, total: 198_000 },
      { group: 'pendant', groupName: 'Pendant', [`loc_${store.id}`]: 0, [`loc_${exhibition.id}`]: 66_000, total: 66_000 },
    ]);
  });

  it('sold where orders channel columns', async () => {
    // A mall sale written as a fact directly, at a location of its own, to check the column order.
    const db = database().db;
    const warehouse = await createTestLocation(db, { kind: 'warehouse' });
    const piece = await receiveTestItem(db, { locationId: warehouse.id, retailPrice: 44_000 });
    await db
      .insertInto('sales_facts')
      .values({
        source_key: `test:${piece.id}`,
        line_key: 'line:1',
        kind: 'sale',
        document_number: 'R-TEST',
        business_date: today,
        location_id: warehouse.id,
        channel: 'rakuten',
        channel_account_id: null,
        item_id: piece.id,
        category: 'ring',
        metal: 'K18',
        brand: '',
        supplier: '',
        consigned: 0,
        quantity: 1,
        sales_incl: 44_000,
        sales_excl: 40_000,
        tax: 4_000,
        discount: 0,
        cost: 50_000,
        tickets: 1,
        unit_price_incl: 44_000,
        days_in_stock: 3,
      })
      .execute();
    const table = (await api().get(`/api/analytics/reports/sold-where?from=${from}&to=${today}&locationIds=${store.id},${exhibition.id},${warehouse.id}`)).json();
    expect(table.columns.map((column: { key: string }) => column.key)).toEqual(['group', 'groupName', 'ch_store', 'ch_exhibition', 'ch_rakuten', 'total']);
    expect(table.rows[0]).toEqual({ group: 'ring', groupName: 'Ring', ch_store: 198_000, ch_exhibition: 0, ch_rakuten: 44_000, total: 242_000 });

    const channelOnly = (await api().get(`/api/analytics/reports/sold-where?from=${from}&to=${today}&locationIds=${store.id},${exhibition.id},${warehouse.id}&channels=rakuten`)).json();
    expect(channelOnly.rows).toEqual([{ group: 'ring', groupName: 'Ring', ch_rakuten: 44_000, total: 44_000 }]);
  });

  it('days to sell by channel', async () => {
    const table = (await api().get(`/api/analytics/reports/days-to-sell?${period()}`)).json();
    // Store: r1 10, r2 40, c2 100 days (r3 was returned, so left out): mean 50, median 40.
    // Exhibition: p1 20 days. All four: mean 170 / 4 = 42.5, median of 10, 20, 40, 100 = 30.
    expect(table.rows).toEqual([
      { channel: 'store', channelName: 'Store counter', units: 3, averageDays: 50, medianDays: 40 },
      { channel: 'exhibition', channelName: 'Exhibition', units: 1, averageDays: 20, medianDays: 20 },
    ]);
    expect(table.totals).toMatchObject({ units: 4, averageDays: 42.5, medianDays: 30 });
  });

  it('limits a manager to their locations', async () => {
    const manager = await signIn(signedIn.app(), database(), 'ja', { role: 'manager', locationIds: [exhibition.id] });
    const table = (await manager.get(`/api/analytics/reports/sold-where?${period()}`)).json();
    // Only the exhibition's pendant; names in Japanese for a Japanese user.
    expect(table.rows).toEqual([{ group: 'pendant', groupName: 'ペンダント', ch_exhibition: 66_000, total: 66_000 }]);
    const sellThrough = (await manager.get(`/api/analytics/reports/sell-through?from=${from}&to=${today}`)).json();
    expect(sellThrough.rows.map((row: Record<string, unknown>) => [row.group, row.soldUnits, row.onHandUnits])).toEqual([['pendant', 1, 0]]);
  });

  it('names the invalid field', async () => {
    const badBasis = await api().get(`/api/analytics/reports/abc?${period()}&basis=profit`);
    expect(badBasis.statusCode).toBe(400);
    expect(badBasis.body).toContain('basis');
    const badDate = await api().get(`/api/analytics/reports/sell-through?from=2026-13-01&to=${today}`);
    expect(badDate.statusCode).toBe(400);
    expect(badDate.body).toContain('from');
  });
});

it('ABC class limits', () => {
  // Total 100: the rows above make up 0, 69, 70, 89, 90.
  expect([abcClassOf(0, 50, 100), abcClassOf(69, 1, 100), abcClassOf(70, 1, 100), abcClassOf(89, 1, 100), abcClassOf(90, 1, 100), abcClassOf(10, 0, 100)]).toEqual(['A', 'A', 'B', 'B', 'C', 'C']);
});

it('weighted median and price bands', () => {
  expect(weightedMedian([{ days: 5, units: 2 }, { days: 1, units: 1 }])).toBe(5);
  expect(weightedMedian([{ days: 5, units: 1 }, { days: 1, units: 1 }])).toBe(3);
  expect(weightedMedian([])).toBeNull();
  expect([29_999, 30_000, 99_999, 100_000, 999_999, 1_000_000].map(priceBandOf)).toEqual(['under_30000', '30000_99999', '30000_99999', '100000_299999', '300000_999999', '1000000_plus']);
});
