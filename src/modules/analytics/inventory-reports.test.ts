import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { addDays, parseISO } from 'date-fns';
import { beforeAll, expect, it } from 'vitest';
import { signIn, useSignedInApp, type ApiClient } from '../../../test/helpers/app.js';
import { consignTestItem } from '../../../test/helpers/consignment.js';
import { describeEachDatabase } from '../../../test/helpers/database.js';
import { createTestLocation, receiveTestItem, uniqueCode } from '../../../test/helpers/factories.js';
import { nowIso, type Db } from '../../db/database.js';
import type { Item, Location } from '../../db/schema.js';
import { businessDate } from '../../shared/time.js';
import { stockValueReport } from '../stock-reports/service.js';

// Reports on stock held now and consignment balances, figures by hand. Items are registered
// N days ago by setting items.created_at; the days count from that date in Japan to today.
//
// Stock at store S (cost / retail, tax included / days since arrival):
//   a1 ring      10,000 /  33,000 /   0     d0_30
//   a2 ring      20,000 /  55,000 /  30     d0_30
//   a3 ring      30,000 / 110,000 /  31     d31_90
//   a4 necklace  40,000 / 132,000 / 180     d91_180
//   a5 necklace  50,000 / 165,000 / 365     d181_365
//   a6 pendant   60,000 / 220,000 / 366     d366_plus
//   c1 consigned ring, retail 77,000, 100 days: a row of its own, no cost, not in the totals.

const today = businessDate();

function daysBefore(date: string, days: number): string {
  return addDays(parseISO(`${date}T00:00:00Z`), -days).toISOString().slice(0, 10);
}

async function registeredDaysAgo(db: Db, item: Item, days: number): Promise<void> {
  await db.updateTable('items').set({ created_at: new Date(Date.now() - days * 86_400_000).toISOString() }).where('id', '=', item.id).execute();
}

describeEachDatabase('inventory and consignment reports', (database) => {
  const signedIn = useSignedInApp(database);
  const api = () => signedIn.api();
  let store: Location;
  let items: Record<'a1' | 'a2' | 'a3' | 'a4' | 'a5' | 'a6' | 'c1', Item>;

  beforeAll(async () => {
    const db = database().db;
    store = await createTestLocation(db);
    const receive = (category: 'ring' | 'necklace' | 'pendant', cost: number, retailPrice: number) => receiveTestItem(db, { locationId: store.id, category, cost, retailPrice });
    items = {
      a1: await receive('ring', 10_000, 33_000),
      a2: await receive('ring', 20_000, 55_000),
      a3: await receive('ring', 30_000, 110_000),
      a4: await receive('necklace', 40_000, 132_000),
      a5: await receive('necklace', 50_000, 165_000),
      a6: await receive('pendant', 60_000, 220_000),
      c1: (await consignTestItem(db, { locationId: store.id, retailPrice: 77_000 })).item,
    };
    const ages: Array<[keyof typeof items, number]> = [
      ['a2', 30],
      ['a3', 31],
      ['a4', 180],
      ['a5', 365],
      ['a6', 366],
      ['c1', 100],
    ];
    for (const [key, days] of ages) await registeredDaysAgo(db, items[key], days);
  });

  it('stock aging buckets', async () => {
    const response = await api().get(`/api/analytics/reports/stock-aging?locationIds=${store.id}`);
    expect(response.statusCode, response.body).toBe(200);
    const table = response.json();
    const figures = (row: Record<string, unknown>) => [row.group, row.groupName, row.d0_30, row.d31_90, row.d91_180, row.d181_365, row.d366_plus, row.units, row.cost, row.retailValue, row.averageDays];
    // ring: (0 + 30 + 31) / 3 = 20.33; necklace (180 + 365) / 2 = 272.5.
    expect(table.rows.map(figures)).toEqual([
      ['ring', 'Ring', 2, 1, 0, 0, 0, 3, 60_000, 198_000, 20.3],
      ['necklace', 'Necklace', 0, 0, 1, 1, 0, 2, 90_000, 297_000, 272.5],
      ['pendant', 'Pendant', 0, 0, 0, 0, 1, 1, 60_000, 220_000, 366],
      ['consigned_in:ring', 'Ring (consigned)', 0, 0, 1, 0, 0, 1, null, 77_000, 100],
    ]);
    // Own stock only: 972 days over 6 pieces = 162.
    expect(figures(table.totals)).toEqual([null, null, 2, 1, 1, 1, 1, 6, 210_000, 715_000, 162]);

    const necklaces = (await api().get(`/api/analytics/reports/stock-aging?locationIds=${store.id}&category=necklace`)).json();
    expect(necklaces.rows.map((row: Record<string, unknown>) => row.group)).toEqual(['necklace']);
  });

  it('slow movers oldest first', async () => {
    const table = (await api().get(`/api/analytics/reports/slow-movers?locationIds=${store.id}&minDays=180`)).json();
    // Own pieces 180 days or older: a6 366, a5 365, a4 180 (exactly on the limit); c1 is consigned.
    expect(table.rows).toEqual([
      { itemId: items.a6.id, stockNumber: items.a6.stock_number, name: items.a6.name, category: 'Pendant', location: store.name, quantity: 1, days: 366, retailPrice: 220_000, cost: 60_000 },
      { itemId: items.a5.id, stockNumber: items.a5.stock_number, name: items.a5.name, category: 'Necklace', location: store.name, quantity: 1, days: 365, retailPrice: 165_000, cost: 50_000 },
      { itemId: items.a4.id, stockNumber: items.a4.stock_number, name: items.a4.name, category: 'Necklace', location: store.name, quantity: 1, days: 180, retailPrice: 132_000, cost: 40_000 },
    ]);

    const limited = (await api().get(`/api/analytics/reports/slow-movers?locationIds=${store.id}&minDays=180&limit=2`)).json();
    expect(limited.rows.map((row: Record<string, unknown>) => row.days)).toEqual([366, 365]);

    // Without minDays the aging threshold of the settings applies.
    const settings = await api().put('/api/analytics/settings', { fiscalYearStartMonth: 4, agingThresholdDays: 181, targetTaxBasis: 'included' });
    expect(settings.statusCode, settings.body).toBe(200);
    const byDefault = (await api().get(`/api/analytics/reports/slow-movers?locationIds=${store.id}`)).json();
    expect(byDefault.rows.map((row: Record<string, unknown>) => row.days)).toEqual([366, 365]);
  });

  it('inventory value keeps consigned apart', async () => {
    const table = (await api().get(`/api/analytics/reports/inventory-value?locationIds=${store.id}`)).json();
    expect(table.rows).toEqual([
      { locationId: store.id, locationName: store.name, category: 'Ring', units: 3, cost: 60_000, retailValue: 198_000, consignedUnits: 1, consignedRetailValue: 77_000 },
      { locationId: store.id, locationName: store.name, category: 'Necklace', units: 2, cost: 90_000, retailValue: 297_000, consignedUnits: 0, consignedRetailValue: 0 },
      { locationId: store.id, locationName: store.name, category: 'Pendant', units: 1, cost: 60_000, retailValue: 220_000, consignedUnits: 0, consignedRetailValue: 0 },
    ]);
    expect(table.totals).toMatchObject({ units: 6, cost: 210_000, retailValue: 715_000, consignedUnits: 1, consignedRetailValue: 77_000 });

    // The stock value report values the same stock at the same book cost.
    const stockValue = await stockValueReport(database().db, { all: true, locationIds: [], seesOtherLocations: true } as never);
    expect(stockValue.rows.find((row) => row.locationId === store.id)).toMatchObject({ ownUnits: 6, ownBookCost: 210_000, consignedUnits: 1 });
  });

  it('inventory value converts prices before tax', async () => {
    const db = database().db;
    const shop = await createTestLocation(db);
    // ¥100,000 before tax at 10 % is ¥110,000 tax included; two pieces of a quantity-tracked good at ¥5,000 before tax at 8 % are ¥10,800.
    await receiveTestItem(db, { locationId: shop.id, retailPrice: 100_000, priceBasis: 'excluded', taxRatePercent: 10, cost: 60_000 });
    await receiveTestItem(db, { locationId: shop.id, category: 'loose_stone', tracking: 'quantity', quantity: 2, retailPrice: 5_000, priceBasis: 'excluded', taxRatePercent: 8, cost: 2_000 });
    const table = (await api().get(`/api/analytics/reports/inventory-value?locationIds=${shop.id}`)).json();
    expect(table.rows.map((row: Record<string, unknown>) => [row.category, row.units, row.cost, row.retailValue])).toEqual([
      ['Ring', 1, 60_000, 110_000],
      ['Loose stone', 2, 4_000, 10_800],
    ]);
    const aging = (await api().get(`/api/analytics/reports/stock-aging?locationIds=${shop.id}`)).json();
    expect(aging.totals).toMatchObject({ d0_30: 3, units: 3, cost: 64_000, retailValue: 120_800, averageDays: 0 });
  });

  it('consignment payables after a sale', async () => {
    const db = database().db;
    const shop = await createTestLocation(db);
    const consigned = await consignTestItem(db, { locationId: shop.id, retailPrice: 55_000, commissionRateBp: 2000 });
    const register = await db.selectFrom('registers').select('id').where('location_id', '=', shop.id).executeTakeFirstOrThrow();
    const sold = await api().post('/api/sales', { registerId: register.id, lines: [{ itemId: consigned.item.id }], payments: [{ method: 'cash', amount: 55_000 }] });
    expect(sold.statusCode, sold.body).toBe(201);

    // 55,000 less 20 % commission (11,000): 44,000 owed, on no statement yet.
    const open = (await api().get(`/api/analytics/reports/consignment-payables?locationIds=${shop.id}`)).json();
    expect(open.rows).toEqual([{ consignorId: consigned.consignorId, consignorCode: expect.any(String), consignorName: 'テスト委託者', unsettled: 44_000, issuedUnpaid: 0, total: 44_000, oldestSale: today }]);
    expect(open.totals).toMatchObject({ unsettled: 44_000, issuedUnpaid: 0, total: 44_000 });

    // On an issued statement the amount moves to issued unpaid; once paid it is gone.
    const statement = await db
      .insertInto('consignment_statements')
      .values({ number: uniqueCode('ST'), consignor_id: consigned.consignorId, period_from: daysBefore(today, 30), period_to: today, status: 'issued', issued_at: nowIso() })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db.updateTable('consignment_payables').set({ statement_id: statement.id }).where('consignor_id', '=', consigned.consignorId).execute();
    const issued = (await api().get(`/api/analytics/reports/consignment-payables?locationIds=${shop.id}`)).json();
    expect(issued.rows).toEqual([expect.objectContaining({ unsettled: 0, issuedUnpaid: 44_000, total: 44_000 })]);

    await db.updateTable('consignment_statements').set({ status: 'paid', paid_on: today }).where('id', '=', statement.id).execute();
    const paid = (await api().get(`/api/analytics/reports/consignment-payables?locationIds=${shop.id}`)).json();
    expect(paid.rows).toEqual([]);
  });

  it('consignment out outstanding', async () => {
    const db = database().db;
    const shop = await createTestLocation(db);
    const code = uniqueCode('C');
    const consignee = await api().post('/api/consignment-out/consignees', { code, name: `百貨店 ${code}`, kind: 'department_store' });
    expect(consignee.statusCode, consignee.body).toBe(201);
    const agreement = await api().post('/api/consignment-out/agreements', { consigneeId: consignee.json().id, terms: 'rate', ratePercent: 20, returnDueDays: 30, startsOn: '2026-01-01' });
    expect(agreement.statusCode, agreement.body).toBe(201);
    const pieces = [
      await receiveTestItem(db, { locationId: shop.id, cost: 40_000, retailPrice: 110_000 }),
      await receiveTestItem(db, { locationId: shop.id, cost: 30_000, retailPrice: 88_000 }),
      await receiveTestItem(db, { locationId: shop.id, cost: 20_000, retailPrice: 66_000 }),
    ];
    const send = async (sentOn: string, sent: Item[]) => {
      const note = await api().post('/api/consignment-out/notes', {
        consigneeId: consignee.json().id,
        agreementId: agreement.json().id,
        fromLocationId: shop.id,
        sentOn,
        keepListed: false,
        lines: sent.map((item) => ({ stockNumber: item.stock_number })),
      });
      expect(note.statusCode, note.body).toBe(201);
      return note.json();
    };
    // The first note is 30 business days overdue by now; the second is not due yet.
    const early = await send(daysBefore(today, 60), pieces.slice(0, 2));
    const late = await send(daysBefore(today, 5), pieces.slice(2));
    expect(early.returnDueOn < today).toBe(true);
    expect(late.returnDueOn >= today).toBe(true);

    // The consignee reports the first piece sold at 110,000: we receive 110,000 − 22,000 = 88,000.
    const report = await api().post('/api/consignment-out/reports', {
      consigneeId: consignee.json().id,
      reportedOn: today,
      lines: [{ stockNumber: pieces[0]!.stock_number, outcome: 'sold', soldOn: today, salePrice: 110_000 }],
    });
    expect(report.statusCode, report.body).toBe(201);

    const consigneeLocation = consignee.json().locationId;
    const table = (await api().get(`/api/analytics/reports/consignment-out-outstanding?locationIds=${consigneeLocation}`)).json();
    // Still out: 88,000 + 66,000 at cost 30,000 + 20,000; the 88,000 piece is overdue.
    expect(table.rows).toEqual([
      {
        consigneeId: consignee.json().id,
        consigneeCode: code,
        consigneeName: `百貨店 ${code}`,
        pieces: 2,
        retailValue: 154_000,
        cost: 50_000,
        overdue: 1,
        oldestSentOn: daysBefore(today, 60),
        reportedReceivable: 88_000,
      },
    ]);

    // A period before the report has no reported receivable.
    const before = (await api().get(`/api/analytics/reports/consignment-out-outstanding?locationIds=${consigneeLocation}&from=2026-01-01&to=2026-01-31`)).json();
    expect(before.rows[0]).toMatchObject({ pieces: 2, reportedReceivable: 0 });
  });

  it('exports csv in cp932 and xlsx', async () => {
    const csv = await api().get(`/api/analytics/reports/inventory-value/export?locationIds=${store.id}&format=csv_cp932`);
    expect(csv.statusCode, csv.body).toBe(200);
    const text = iconv.decode(csv.rawPayload, 'cp932');
    const lines = text.trim().split(/\r?\n/);
    expect(lines[0]).toBe('Location ID,Location,Category,Own units,Cost,Retail value,Consigned units,Consigned retail value');
    expect(lines[1]).toBe(`${store.id},${store.name},Ring,3,60000,198000,1,77000`);
    expect(lines.at(-1)).toBe('Total,,,6,210000,715000,1,77000');

    const japanese = await signIn(signedIn.app(), database(), 'ja');
    const jaCsv = iconv.decode((await japanese.get(`/api/analytics/reports/inventory-value/export?locationIds=${store.id}&format=csv_cp932`)).rawPayload, 'cp932');
    expect(jaCsv).toContain('リング');
    expect(jaCsv).toContain('受託品売価合計');

    const xlsx = await api().get(`/api/analytics/reports/inventory-value/export?locationIds=${store.id}&format=xlsx`);
    expect(xlsx.statusCode).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const values: unknown[][] = [];
    workbook.worksheets[0]!.eachRow((row) => values.push((row.values as unknown[]).slice(1)));
    const header = values.findIndex((row) => row[0] === 'Location ID');
    expect(values[header + 1]).toEqual([store.id, store.name, 'Ring', 3, 60_000, 198_000, 1, 77_000]);
    expect(values.at(-1)).toEqual(['Total', undefined, undefined, 6, 210_000, 715_000, 1, 77_000]);
  });

  it('hides cost from users without cost.view', async () => {
    const role = `analyst_${uniqueCode('').toLowerCase()}`;
    const created = await api().post('/api/roles', { code: role, nameJa: role, nameEn: role, permissions: ['reports.view', 'data.export'] });
    expect(created.statusCode, created.body).toBe(201);
    const analyst: ApiClient = await signIn(signedIn.app(), database(), 'en', { role });

    const table = (await analyst.get(`/api/analytics/reports/inventory-value?locationIds=${store.id}`)).json();
    expect(table.columns.map((column: { key: string }) => column.key)).not.toContain('cost');
    expect(table.rows[0]).not.toHaveProperty('cost');
    expect(table.rows[0]).toMatchObject({ units: 3, retailValue: 198_000 });
    const slow = (await analyst.get(`/api/analytics/reports/slow-movers?locationIds=${store.id}&minDays=180`)).json();
    expect(slow.rows[0]).not.toHaveProperty('cost');
    const csv = iconv.decode((await analyst.get(`/api/analytics/reports/stock-aging/export?locationIds=${store.id}&format=csv_cp932`)).rawPayload, 'cp932');
    expect(csv.split(/\r?\n/)[0]).not.toContain('Cost');

    // A margin ranking would reveal cost through its order, so it is refused outright.
    const margin = await analyst.get(`/api/analytics/reports/abc?from=${today}&to=${today}&basis=margin`);
    expect(margin.statusCode).toBe(403);
    expect(margin.json().error).toMatchObject({ code: 'margin_ranking_needs_cost', details: { field: 'basis' } });
    expect(margin.json().error.message).toContain('View cost');
    const sales = await analyst.get(`/api/analytics/reports/abc?from=${today}&to=${today}&basis=sales`);
    expect(sales.statusCode, sales.body).toBe(200);
  });

  it('names the invalid field', async () => {
    const response = await api().get(`/api/analytics/reports/slow-movers?minDays=0`);
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details.fields).toEqual([expect.objectContaining({ field: 'minDays' })]);
    const limit = await api().get(`/api/analytics/reports/slow-movers?limit=5000`);
    expect(limit.json().error.details.fields).toEqual([expect.objectContaining({ field: 'limit' })]);
    const category = await api().get(`/api/analytics/reports/stock-aging?category=hat`);
    expect(category.json().error.details.fields).toEqual([expect.objectContaining({ field: 'category' })]);
    const period = await api().get(`/api/analytics/reports/consignment-out-outstanding?from=2026-05-01&to=2026-04-01`);
    expect(period.json().error.details.fields).toEqual([expect.objectContaining({ field: 'to' })]);
  });

  it('limits a store manager to their locations', async () => {
    const other = await createTestLocation(database().db);
    await receiveTestItem(database().db, { locationId: other.id, cost: 1_000, retailPrice: 2_200 });
    const manager = await signIn(signedIn.app(), database(), 'en', { role: 'manager', locationIds: [other.id] });
    // Asking for the store S the manager does not cover returns nothing rather than S.
    const table = (await manager.get(`/api/analytics/reports/inventory-value?locationIds=${store.id}`)).json();
    expect(table.rows).toEqual([]);
    const own = (await manager.get(`/api/analytics/reports/inventory-value`)).json();
    expect(own.rows.map((row: Record<string, unknown>) => [row.locationId, row.units, row.cost])).toEqual([[other.id, 1, 1_000]]);
  });
});
