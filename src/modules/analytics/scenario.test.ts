import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { signIn, useSignedInApp, type ApiClient } from '../../../test/helpers/app.js';
import { consignTestItem } from '../../../test/helpers/consignment.js';
import { describeEachDatabase } from '../../../test/helpers/database.js';
import { createTestLocation, receiveTestItem, uniqueCode } from '../../../test/helpers/factories.js';
import { nowIso } from '../../db/database.js';
import { createUser } from '../auth/service.js';
import type { ChannelOrder } from '../channels/adapter.js';
import { importChannelOrder } from '../channels/orders/intake.js';
import { markConfirmed } from '../channels/orders/service.js';
import { rebuildSalesFacts } from './refresh.js';

// A month of sales across two stores, an exhibition and the own site, with every figure
// worked out by hand below, compared with each report, the dashboard and the exports.
// Tax is rounded down (the company setting): the tax in ¥x at r % is floor(x × r / (100 + r)).
//
// Sales, in Japan time (the server runs in UTC):
//   S1  store A  03-31 23:59:59 (14:59:59Z)  ring ¥110,000 10 % cost 40,000, Sato 100 %
//       → March: tax 10,000, excl 100,000.
//   S2  store A  04-01 00:00:00 (03-31 15:00:00Z)  pendant ¥55,000 10 % cost 20,000 and a
//       gift box ¥10,800 8 % cost 5,000, Sato 60 % / Suzuki 40 %
//       → tax 5,000 + 800 = 5,800, incl 65,800, excl 60,000, cost 25,000, 2 units, 1 ticket.
//   R1  store A  04-05  S1's ring returned → −110,000, tax −10,000, cost −40,000 in April;
//       March keeps its ¥110,000. Charged to Sato, who sold it.
//   S3  store B  04-10  a consigned ring ¥55,000, Suzuki 100 %; its cost is what the
//       consignor is owed: 55,000 − 20 % commission 11,000 = 44,000
//       → tax 5,000, excl 50,000, cost 44,000.
//   S4  exhibition E  04-15  necklace ¥220,000 cost 100,000, Sato 100 %
//       → tax 20,000, excl 200,000.
//   F1  exhibition E  04-18  partial refund of S4 ¥22,000 → tax −2,000, excl −20,000.
//   O1  own site, piece at store B, shipped 04-20  bracelet ¥33,000 cost 15,000, no staff
//       → tax floor(33,000 × 10 / 110) = 3,000, excl 30,000.
//
// April by location:
//   A: incl 65,800 − 110,000 = −44,200; excl 60,000 − 100,000 = −40,000; tax −4,200;
//      cost 25,000 − 40,000 = −15,000; margin −40,000 + 15,000 = −25,000; units 2 − 1 = 1;
//      returned 1; returns 110,000; gross sales 65,800; tickets 1.
//   B: incl 55,000 + 33,000 = 88,000; excl 80,000; tax 8,000; cost 44,000 + 15,000 = 59,000;
//      margin 21,000;
//      units 2; tickets 2; average ticket 44,000.
//   E: incl 220,000 − 22,000 = 198,000; excl 180,000; tax 18,000; cost 100,000;
//      margin 80,000; units 1; tickets 1; returns 22,000; gross sales 220,000.
//   Total: incl 241,800; excl 220,000; tax 21,800; cost 144,000; margin 76,000; units 4;
//      tickets 4; returns 132,000; gross sales 373,800.
//
// April by staff (credit as recorded; S2's lines split 60/40 line by line):
//   Sato: S2 33,000 + 6,480 = 39,480 incl, 30,000 + 6,000 = 36,000 excl, cost 12,000 + 3,000;
//     R1 −110,000 / −100,000 / −40,000; S4 220,000 / 200,000 / 100,000; F1 −22,000 / −20,000.
//     → incl 127,480, excl 116,000, cost 75,000, margin 41,000, units 1.2 − 1 + 1 = 1.2,
//       tickets 0.6 + 1 = 1.6, returns 132,000, average ticket 127,480 / 1.6 = 79,675.
//   Suzuki: S2 22,000 + 4,320 = 26,320 incl, 24,000 excl, cost 10,000; S3 55,000 / 50,000 / 44,000.
//     → incl 81,320, excl 74,000, cost 54,000, margin 20,000, units 1.8, tickets 1.4,
//       average ticket 81,320 / 1.4 = 58,085.7 → 58,086.
//
// April targets (tax included), today 04-20, so the forecast is actual / 20 × 30:
//   company 1,000,000: 241,800 → 24.18 %, forecast 362,700 (36.27 %)
//   A 300,000: −44,200 → −14.73 %, forecast −66,300;  B 200,000: 88,000 → 44 %, forecast 132,000
//   E 100,000: 198,000 → 198 %, forecast 297,000;  own site 50,000: 33,000 → 66 %, forecast 49,500
//   Sato 150,000: 127,480 → 84.99 %, forecast 191,220;  Suzuki 100,000: 81,320 → 81.32 %, forecast 121,980

const JST = (local: string) => new Date(`${local}+09:00`);

describeEachDatabase('analytics scenario', (database) => {
  const signedIn = useSignedInApp(database, 'en');
  const api = () => signedIn.api();
  const ids = { a: 0, b: 0, e: 0, sato: 0, suzuki: 0, account: 0 };
  let locationList = '';

  afterEach(() => {
    vi.useRealTimers();
  });

  async function sell(locationId: number, lines: Array<{ itemId: number }>, staff: Array<{ userId: number; sharePercent: number }>, amount: number) {
    const db = database().db;
    const register = await db.selectFrom('registers').select('id').where('location_id', '=', locationId).executeTakeFirstOrThrow();
    const response = await api().post('/api/sales', { registerId: register.id, lines, staff, payments: [{ method: 'card', amount }] });
    expect(response.statusCode, response.body).toBe(201);
    return response.json();
  }

  function at(local: string) {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(JST(local));
  }

  beforeAll(async () => {
    const db = database().db;
    await db.updateTable('company_settings').set({ tax_rounding: 'down' }).where('id', '=', 1).execute();
    const base = uniqueCode('Z').slice(0, 10);
    ids.a = (await createTestLocation(db, { code: `${base}1`, name: 'Store A' })).id;
    ids.b = (await createTestLocation(db, { code: `${base}2`, name: 'Store B' })).id;
    ids.e = (await createTestLocation(db, { code: `${base}3`, name: 'Exhibition E', kind: 'exhibition' })).id;
    locationList = [ids.a, ids.b, ids.e].join(',');
    ids.sato = (await createUser(db, { email: `sato-${base}@example.test`, password: 'correct horse battery', locale: 'ja', isOwner: false, role: 'sales', displayName: 'Sato' })).id;
    ids.suzuki = (await createUser(db, { email: `suzuki-${base}@example.test`, password: 'correct horse battery', locale: 'ja', isOwner: false, role: 'sales', displayName: 'Suzuki' })).id;
    ids.account = (
      await api().post('/api/channel-accounts', { kind: 'own_site', name: 'Own site', settings: { baseUrl: 'http://127.0.0.1:9' }, credentials: { apiToken: 't', webhookSecret: 'w' } })
    ).json().id;

    // An own piece that arrived long ago and is still in stock at A: aging on 04-20 (231 days).
    at('2025-09-01T10:00:00');
    await receiveTestItem(db, { locationId: ids.a, retailPrice: 66_000, cost: 30_000, category: 'brooch', stockNumber: uniqueCode('OLD') });

    at('2026-03-20T10:00:00');
    const ring = await receiveTestItem(db, { locationId: ids.a, retailPrice: 110_000, cost: 40_000, brand: 'Tsunagu', stockNumber: uniqueCode('RG') });
    const pendant = await receiveTestItem(db, { locationId: ids.a, retailPrice: 55_000, cost: 20_000, category: 'pendant', metal: 'PT900', stockNumber: uniqueCode('PD') });
    const giftBox = await receiveTestItem(db, { locationId: ids.a, retailPrice: 10_800, cost: 5_000, category: 'other', taxRatePercent: 8, stockNumber: uniqueCode('GB') });
    const consigned = await consignTestItem(db, { locationId: ids.b, retailPrice: 55_000, stockNumber: uniqueCode('CS') });
    const necklace = await receiveTestItem(db, { locationId: ids.e, retailPrice: 220_000, cost: 100_000, category: 'necklace', stockNumber: uniqueCode('NK') });
    const bracelet = await receiveTestItem(db, { locationId: ids.b, retailPrice: 33_000, cost: 15_000, category: 'bracelet', stockNumber: uniqueCode('BR') });

    at('2026-03-31T23:59:59');
    const s1 = await sell(ids.a, [{ itemId: ring.id }], [{ userId: ids.sato, sharePercent: 100 }], 110_000);
    at('2026-04-01T00:00:00');
    const s2 = await sell(ids.a, [{ itemId: pendant.id }, { itemId: giftBox.id }], [{ userId: ids.sato, sharePercent: 60 }, { userId: ids.suzuki, sharePercent: 40 }], 65_800);
    expect(s2.taxRates.map((rate: { ratePercent: number; tax: number }) => [rate.ratePercent, rate.tax]).sort()).toEqual([[10, 5_000], [8, 800]].sort());

    at('2026-04-05T11:00:00');
    const register = await db.selectFrom('registers').select('id').where('location_id', '=', ids.a).executeTakeFirstOrThrow();
    const returned = await api().post(`/api/sales/${s1.id}/returns`, {
      registerId: register.id,
      reason: 'size',
      lines: [{ originalLineId: s1.lines[0].id, quantity: 1, destination: 'stock' }],
      refunds: [{ method: 'card', amount: 110_000 }],
    });
    expect(returned.statusCode, returned.body).toBe(201);

    at('2026-04-10T12:00:00');
    await sell(ids.b, [{ itemId: consigned.item.id }], [{ userId: ids.suzuki, sharePercent: 100 }], 55_000);
    at('2026-04-15T12:00:00');
    const s4 = await sell(ids.e, [{ itemId: necklace.id }], [{ userId: ids.sato, sharePercent: 100 }], 220_000);
    at('2026-04-18T12:00:00');
    const refund = await api().post(`/api/sales/${s4.id}/refunds`, { lineId: s4.lines[0].id, amount: 22_000, method: 'card', reason: 'scratch' });
    expect(refund.statusCode, refund.body).toBe(201);

    // O1: ordered on 04-19, shipped on 04-20 from store B.
    at('2026-04-19T09:00:00');
    expect((await api().post('/api/listings', { itemIds: [bracelet.id], channelAccountIds: [ids.account] })).statusCode).toBe(201);
    const order: ChannelOrder = {
      orderNumber: uniqueCode('OS-'),
      status: 'to_confirm',
      orderedAt: '2026-04-19T00:00:00.000Z',
      version: '1',
      buyer: { name: '山田 花子', nameKana: null, postalCode: '1000001', address: '東京都千代田区千代田1-1', phone: null, email: null },
      delivery: null,
      lines: [{ lineKey: '1', externalCode: bracelet.stock_number.toLowerCase(), variantCode: null, title: 'Bracelet', unitPrice: 33_000, quantity: 1, taxIncluded: true, taxRate: 0.1 }],
      totals: { goods: 33_000, shipping: 0, fees: 0, coupon: 0, points: 0, total: 33_000, taxByRate: [] },
      raw: {},
    };
    const imported = await db.transaction().execute((trx) => importChannelOrder(trx, ids.account, order));
    await markConfirmed(db, imported.orderId);
    at('2026-04-20T15:30:00');
    const shipped = await api().post(`/api/channel-orders/${imported.orderId}/ship`, {});
    expect(shipped.statusCode, shipped.body).toBe(200);

    // Targets for April.
    const saved = await api().put('/api/analytics/targets', {
      month: '2026-04',
      targets: [
        { scope: 'company', scopeRef: '', amount: 1_000_000 },
        { scope: 'location', scopeRef: String(ids.a), amount: 300_000 },
        { scope: 'location', scopeRef: String(ids.b), amount: 200_000 },
        { scope: 'location', scopeRef: String(ids.e), amount: 100_000 },
        { scope: 'channel', scopeRef: 'own_site', amount: 50_000 },
        { scope: 'staff', scopeRef: String(ids.sato), amount: 150_000 },
        { scope: 'staff', scopeRef: String(ids.suzuki), amount: 100_000 },
      ],
    });
    expect(saved.statusCode, saved.body).toBe(200);
    vi.useRealTimers();
  });

  const report = async (path: string, client: ApiClient = api()) => {
    const response = await client.get(path);
    expect(response.statusCode, response.body).toBe(200);
    return response.json();
  };
  const pick = (row: Record<string, unknown>, keys: string[]) => keys.map((key) => row[key]);
  const FIGURES = ['units', 'returnedUnits', 'grossSales', 'discount', 'returns', 'salesIncl', 'salesExcl', 'tax', 'cost', 'grossMargin', 'marginRate', 'tickets', 'averageTicket'];

  it('totals by month and location', async () => {
    const table = await report(`/api/analytics/reports/sales-totals?from=2026-03-01&to=2026-04-30&grain=month&groupBy=location&locationIds=${locationList}`);
    expect(table.rows.map((row: Record<string, unknown>) => [row.period, row.groupName, ...pick(row, FIGURES)])).toEqual([
      ['2026-03', 'Store A', 1, 0, 110_000, 0, 0, 110_000, 100_000, 10_000, 40_000, 60_000, 0.6, 1, 110_000],
      ['2026-04', 'Store A', 1, 1, 65_800, 0, 110_000, -44_200, -40_000, -4_200, -15_000, -25_000, 0.625, 1, -44_200],
      ['2026-04', 'Store B', 2, 0, 88_000, 0, 0, 88_000, 80_000, 8_000, 59_000, 21_000, 0.2625, 2, 44_000],
      ['2026-04', 'Exhibition E', 1, 0, 220_000, 0, 22_000, 198_000, 180_000, 18_000, 100_000, 80_000, 0.4444, 1, 198_000],
    ]);
    // March 110,000 + April 241,800; cost 40,000 + 144,000.
    expect(pick(table.totals, ['salesIncl', 'salesExcl', 'tax', 'cost', 'grossMargin', 'returns', 'tickets', 'units'])).toEqual([351_800, 320_000, 31_800, 184_000, 136_000, 132_000, 5, 5]);
    expect(table.notes.map((note: { en: string }) => note.en).join(' ')).toContain('netted on the day');
  });

  it('totals by day either side of midnight JST', async () => {
    const table = await report(`/api/analytics/reports/sales-totals?from=2026-03-31&to=2026-04-01&grain=day&groupBy=none&locationIds=${locationList}`);
    expect(table.rows.map((row: Record<string, unknown>) => [row.period, row.salesIncl, row.units])).toEqual([
      ['2026-03-31', 110_000, 1],
      ['2026-04-01', 65_800, 2],
    ]);
  });

  it('totals by staff with the 60/40 split', async () => {
    const table = await report(`/api/analytics/reports/sales-totals?from=2026-04-01&to=2026-04-30&grain=month&groupBy=staff&locationIds=${locationList}`);
    const rows = table.rows.filter((row: Record<string, unknown>) => [String(ids.sato), String(ids.suzuki)].includes(String(row.group)));
    expect(rows.map((row: Record<string, unknown>) => [row.groupName, ...pick(row, ['units', 'salesIncl', 'salesExcl', 'tax', 'cost', 'grossMargin', 'returns', 'tickets', 'averageTicket', 'discount', 'returnedUnits'])])).toEqual([
      ['Sato', 1.2, 127_480, 116_000, 11_480, 75_000, 41_000, 132_000, 1.6, 79_675, null, null],
      ['Suzuki', 1.8, 81_320, 74_000, 7_320, 54_000, 20_000, 0, 1.4, 58_086, null, null],
    ]);
    // One day: 04-01, only S2, split 39,480 / 26,320 to the yen.
    const day = await report(`/api/analytics/reports/sales-totals?from=2026-04-01&to=2026-04-01&grain=day&groupBy=staff&locationIds=${locationList}`);
    expect(day.rows.map((row: Record<string, unknown>) => [row.groupName, row.salesIncl, row.units, row.tickets])).toEqual([
      ['Sato', 39_480, 1.2, 0.6],
      ['Suzuki', 26_320, 0.8, 0.4],
    ]);
  });

  it('totals by channel and category', async () => {
    const channels = await report(`/api/analytics/reports/sales-totals?from=2026-04-01&to=2026-04-30&grain=total&groupBy=channel&locationIds=${locationList}`);
    // Store counters: A −44,200 + B's consigned ring 55,000 = 10,800.
    expect(channels.rows.map((row: Record<string, unknown>) => [row.period, row.group, row.groupName, row.salesIncl])).toEqual([
      ['total', 'store', 'Store counter', 10_800],
      ['total', 'exhibition', 'Exhibition', 198_000],
      ['total', 'own_site', 'Own site', 33_000],
    ]);

    const categories = await report(`/api/analytics/reports/sales-totals?from=2026-04-01&to=2026-04-30&grain=total&groupBy=category&locationIds=${locationList}`);
    // Rings: the consigned ring 55,000 − the returned ring 110,000.
    expect(categories.rows.map((row: Record<string, unknown>) => [row.groupName, row.salesIncl, row.units])).toEqual([
      ['Ring', -55_000, 0],
      ['Necklace', 198_000, 1],
      ['Pendant', 55_000, 1],
      ['Bracelet', 33_000, 1],
      ['Other', 10_800, 1],
    ]);
    expect(categories.totals.salesIncl).toBe(241_800);
  });

  it('a rebuild keeps a channel sale whose order status went back', async () => {
    const db = database().db;
    const byChannel = async () =>
      (await report(`/api/analytics/reports/sales-totals?from=2026-04-01&to=2026-04-30&grain=total&groupBy=channel&locationIds=${locationList}`)).rows.map(
        (row: Record<string, unknown>) => [row.group, row.salesIncl],
      );
    const before = await byChannel();
    expect(before).toContainEqual(['own_site', 33_000]);

    // The sale belongs to the sold lines, so a rebuild counts it even if the order's status
    // changed afterwards.
    const order = await db.selectFrom('channel_orders').select(['id', 'status']).where('channel_account_id', '=', ids.account).executeTakeFirstOrThrow();
    await db.updateTable('channel_orders').set({ status: 'to_ship' }).where('id', '=', order.id).execute();
    try {
      await rebuildSalesFacts(db);
      expect(await byChannel()).toEqual(before);
    } finally {
      await db.updateTable('channel_orders').set({ status: order.status }).where('id', '=', order.id).execute();
    }
  });

  it('totals by week, metal, brand and supplier', async () => {
    // The week of Monday 03-30 holds S1, S2 and S1's return: 110,000 + 65,800 − 110,000.
    const weeks = await report(`/api/analytics/reports/sales-totals?from=2026-03-30&to=2026-04-12&grain=week&groupBy=none&locationIds=${locationList}`);
    expect(weeks.rows.map((row: Record<string, unknown>) => [row.period, row.salesIncl])).toEqual([
      ['2026-03-30', 65_800],
      ['2026-04-06', 55_000],
    ]);

    const april = (groupBy: string) => report(`/api/analytics/reports/sales-totals?from=2026-04-01&to=2026-04-30&grain=month&groupBy=${groupBy}&locationIds=${locationList}`);
    // K18: 55,000 − 110,000 + 10,800 + 198,000 + 33,000; Pt900: the pendant.
    const metals = await april('metal');
    expect(metals.rows.map((row: Record<string, unknown>) => [row.group, row.groupName, row.salesIncl])).toEqual([
      ['PT900', 'Pt900 platinum', 55_000],
      ['K18', 'K18 gold', 186_800],
    ]);
    const brands = await april('brand');
    expect(brands.rows.map((row: Record<string, unknown>) => [row.groupName, row.salesIncl])).toEqual([
      ['Tsunagu', -110_000],
      ['No brand', 351_800],
    ]);
    const suppliers = await april('supplier');
    expect(suppliers.rows.map((row: Record<string, unknown>) => [row.groupName, row.salesIncl])).toEqual([['No supplier (consigned pieces and the like)', 241_800]]);
  });

  it('fiscal years with April and January starts', async () => {
    const url = `/api/analytics/reports/sales-totals?from=2026-03-01&to=2026-04-30&grain=fiscal_year&groupBy=none&locationIds=${locationList}`;
    const april = await report(url);
    expect(april.rows.map((row: Record<string, unknown>) => [row.period, row.salesIncl])).toEqual([
      ['FY2025', 110_000],
      ['FY2026', 241_800],
    ]);

    const settings = await api().put('/api/analytics/settings', { fiscalYearStartMonth: 1, agingThresholdDays: 180, targetTaxBasis: 'included' });
    expect(settings.statusCode, settings.body).toBe(200);
    const january = await report(url);
    expect(january.rows.map((row: Record<string, unknown>) => [row.period, row.salesIncl])).toEqual([['FY2026', 351_800]]);
    await api().put('/api/analytics/settings', { fiscalYearStartMonth: 4, agingThresholdDays: 180, targetTaxBasis: 'included' });
  });

  it('staff performance against targets', async () => {
    const table = await report(`/api/analytics/reports/staff-performance?from=2026-04-01&to=2026-04-30&locationIds=${locationList}`);
    const rows = table.rows.filter((row: Record<string, unknown>) => [ids.sato, ids.suzuki].includes(Number(row.userId)));
    expect(rows.map((row: Record<string, unknown>) => pick(row, ['staffName', 'salesIncl', 'salesExcl', 'units', 'tickets', 'averageTicket', 'returns', 'grossMargin', 'marginRate', 'target', 'achievement']))).toEqual([
      ['Sato', 127_480, 116_000, 1.2, 1.6, 79_675, 132_000, 41_000, 0.3534, 150_000, 0.8499],
      ['Suzuki', 81_320, 74_000, 1.8, 1.4, 58_086, 0, 20_000, 0.2703, 100_000, 0.8132],
    ]);
  });

  it('target achievement and forecast on 04-20', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(JST('2026-04-20T18:00:00'));
    const table = await report('/api/analytics/reports/target-achievement?month=2026-04');
    const mine = table.rows.filter((row: Record<string, unknown>) => row.scope === 'company' || row.scope === 'channel' || [String(ids.a), String(ids.b), String(ids.e), String(ids.sato), String(ids.suzuki)].includes(String(row.scopeRef)));
    expect(mine.map((row: Record<string, unknown>) => pick(row, ['scope', 'name', 'target', 'actual', 'achievement', 'forecast', 'forecastAchievement']))).toEqual([
      ['company', 'Company', 1_000_000, 241_800, 0.2418, 362_700, 0.3627],
      ['location', 'Store A', 300_000, -44_200, -0.1473, -66_300, -0.221],
      ['location', 'Store B', 200_000, 88_000, 0.44, 132_000, 0.66],
      ['location', 'Exhibition E', 100_000, 198_000, 1.98, 297_000, 2.97],
      ['channel', 'Own site', 50_000, 33_000, 0.66, 49_500, 0.99],
      ['staff', 'Sato', 150_000, 127_480, 0.8499, 191_220, 1.2748],
      ['staff', 'Suzuki', 100_000, 81_320, 0.8132, 121_980, 1.2198],
    ]);
  });

  it('dashboard on 04-20', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(JST('2026-04-20T18:00:00'));
    const dashboard = await report(`/api/analytics/dashboard?locationIds=${locationList}`);
    expect([dashboard.businessDate, dashboard.month]).toEqual(['2026-04-20', '2026-04']);

    // Today only O1 at B; daily targets 300,000 / 30 = 10,000, 200,000 / 30 = 6,667, 100,000 / 30 = 3,333.
    expect(dashboard.tables.today.rows.map((row: Record<string, unknown>) => pick(row, ['locationName', 'salesIncl', 'tickets', 'units', 'dailyTarget', 'achievement']))).toEqual([
      ['Store A', 0, 0, 0, 10_000, 0],
      ['Store B', 33_000, 1, 1, 6_667, 4.9498],
      ['Exhibition E', 0, 0, 0, 3_333, 0],
    ]);
    expect(pick(dashboard.tables.today.totals, ['salesIncl', 'dailyTarget'])).toEqual([33_000, 20_000]);

    expect(dashboard.tables.month.rows.map((row: Record<string, unknown>) => pick(row, ['locationName', 'salesIncl', 'salesExcl', 'target', 'achievement', 'forecast', 'forecastAchievement', 'grossMargin']))).toEqual([
      ['Store A', -44_200, -40_000, 300_000, -0.1473, -66_300, -0.221, -25_000],
      ['Store B', 88_000, 80_000, 200_000, 0.44, 132_000, 0.66, 21_000],
      ['Exhibition E', 198_000, 180_000, 100_000, 1.98, 297_000, 2.97, 80_000],
    ]);
    expect(pick(dashboard.tables.month.totals, ['salesIncl', 'target', 'achievement', 'forecast'])).toEqual([241_800, 600_000, 0.403, 362_700]);

    // Cumulative by day; the company target line needs every location, so it is null with a location filter.
    const daily = dashboard.tables.daily.rows;
    expect(daily).toHaveLength(20);
    expect(daily.filter((row: Record<string, number>) => row.salesIncl !== 0).map((row: Record<string, unknown>) => [row.date, row.salesIncl, row.cumulative])).toEqual([
      ['2026-04-01', 65_800, 65_800],
      ['2026-04-05', -110_000, -44_200],
      ['2026-04-10', 55_000, 10_800],
      ['2026-04-15', 220_000, 230_800],
      ['2026-04-18', -22_000, 208_800],
      ['2026-04-20', 33_000, 241_800],
    ]);
    expect(daily[19].targetCumulative).toBeNull();

    const order = dashboard.tables.recentOrders.rows.find((row: Record<string, unknown>) => row.total === 33_000);
    expect(order).toMatchObject({ channel: 'Own site', status: 'Shipped', buyerName: '山田 花子' });
    expect(dashboard.tables.syncHealth.rows.map((row: Record<string, unknown>) => row.accountName)).toContain('Own site');
    // The brooch that arrived on 2025-09-01 is the only piece past 180 days.
    expect(dashboard.tables.aging.rows.map((row: Record<string, unknown>) => pick(row, ['locationName', 'pieces', 'cost', 'retailValue']))).toEqual([['Store A', 1, 30_000, 66_000]]);
  });

  it('dashboard for the whole company, a store manager and exports', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(JST('2026-04-20T18:00:00'));

    // Without a location filter the company target is drawn: 1,000,000 × 20 / 30 = 666,667 by day 20.
    const whole = await report('/api/analytics/dashboard');
    expect(whole.tables.daily.rows[19]).toMatchObject({ date: '2026-04-20', cumulative: 241_800, targetCumulative: 666_667 });
    expect(whole.tables.daily.rows[0]).toMatchObject({ date: '2026-04-01', targetCumulative: 33_333 });
    // The month's totals row compares the whole company with the company target.
    expect(pick(whole.tables.month.totals, ['salesIncl', 'target', 'achievement', 'forecast', 'forecastAchievement'])).toEqual([241_800, 1_000_000, 0.2418, 362_700, 0.3627]);

    // A manager of store A sees store A only, and no company target line.
    const manager = await signIn(signedIn.app(), database(), 'en', { role: 'manager', locationIds: [ids.a] });
    const own = await report('/api/analytics/dashboard', manager);
    expect(own.tables.month.rows.map((row: Record<string, unknown>) => row.locationName)).toEqual(['Store A']);
    expect(own.tables.daily.rows[19]).toMatchObject({ cumulative: -44_200, targetCumulative: null });
    expect(own.tables.aging.rows.map((row: Record<string, unknown>) => row.locationName)).toEqual(['Store A']);
    const ownTotals = await report('/api/analytics/reports/sales-totals?from=2026-04-01&to=2026-04-30&groupBy=location', manager);
    expect(ownTotals.rows.map((row: Record<string, unknown>) => [row.groupName, row.salesIncl])).toEqual([['Store A', -44_200]]);
    const ownTargets = await report('/api/analytics/reports/target-achievement?month=2026-04', manager);
    expect(ownTargets.rows.map((row: Record<string, unknown>) => [row.scope, row.name, row.actual])).toEqual([
      ['location', 'Store A', -44_200],
      ['staff', 'Sato', 39_480 - 110_000],
      ['staff', 'Suzuki', 26_320],
    ]);

    // Exports: each table in each format; a user without data.export is refused.
    const xlsx = await api().get(`/api/analytics/dashboard/export?table=aging&format=xlsx&locationIds=${locationList}`);
    expect(xlsx.statusCode, xlsx.body).toBe(200);
    expect(xlsx.headers['content-disposition']).toContain('dashboard-aging-2026-04-20.xlsx');
    const code = uniqueCode('role').toLowerCase();
    await database()
      .db.insertInto('roles')
      .values({ code, name_ja: code, name_en: code, permissions: JSON.stringify(['reports.view']), is_builtin: 0, created_at: nowIso(), updated_at: nowIso() })
      .execute();
    const viewer = await signIn(signedIn.app(), database(), 'en', { role: code });
    expect((await viewer.get('/api/analytics/dashboard')).statusCode).toBe(200);
    expect((await viewer.get('/api/analytics/dashboard/export?table=today&format=csv')).statusCode).toBe(403);
    const unknown = await api().get('/api/analytics/dashboard/export?table=weather&format=csv');
    expect(unknown.statusCode).toBe(400);
    expect(JSON.stringify(unknown.json())).toContain('table');
  });

  it('compares targets with tax-excluded sales when set so', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(JST('2026-04-20T18:00:00'));
    await api().put('/api/analytics/settings', { fiscalYearStartMonth: 4, agingThresholdDays: 180, targetTaxBasis: 'excluded' });
    const table = await report('/api/analytics/reports/target-achievement?month=2026-04&scope=location');
    // E: 180,000 excl against 100,000 → 180 %, forecast 270,000.
    const exhibition = table.rows.find((row: Record<string, unknown>) => row.scopeRef === String(ids.e));
    expect(pick(exhibition, ['actual', 'achievement', 'forecast'])).toEqual([180_000, 1.8, 270_000]);
    expect(table.rows.every((row: Record<string, unknown>) => row.scope === 'location')).toBe(true);
    const grid = await report('/api/analytics/targets?month=2026-04');
    expect(grid.taxBasis).toBe('excluded');
    expect(grid.rows[0]).toMatchObject({ scope: 'company', amount: 1_000_000, actual: 220_000, forecast: 330_000 });
    await api().put('/api/analytics/settings', { fiscalYearStartMonth: 4, agingThresholdDays: 180, targetTaxBasis: 'included' });
  });

  it('exports carry the JSON figures', async () => {
    const url = `/api/analytics/reports/sales-totals?from=2026-03-01&to=2026-04-30&grain=month&groupBy=location&locationIds=${locationList}`;
    const table = await report(url);
    const expected = [...table.rows, table.totals].map((row: Record<string, unknown>) =>
      table.columns.map((column: { key: string; type: string }) => {
        const value = row[column.key];
        if (value === null || value === undefined) return '';
        return column.type === 'percent' ? String(Math.round((value as number) * 1000) / 10) : String(value);
      }),
    );
    expected[expected.length - 1]![0] = 'Total';

    const utf8 = await api().get(`${url.replace('sales-totals?', 'sales-totals/export?')}&format=csv`);
    expect(utf8.statusCode, utf8.body).toBe(200);
    expect([...utf8.rawPayload.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const fromUtf8 = parse(utf8.rawPayload.subarray(3).toString('utf8')) as string[][];
    expect(fromUtf8.slice(1)).toEqual(expected);

    const cp932 = await api().get(`${url.replace('sales-totals?', 'sales-totals/export?')}&format=csv_cp932`);
    const fromCp932 = parse(iconv.decode(cp932.rawPayload, 'cp932')) as string[][];
    expect(fromCp932.slice(1)).toEqual(expected);

    const xlsx = await api().get(`${url.replace('sales-totals?', 'sales-totals/export?')}&format=xlsx`);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    const values: string[][] = [];
    // row.values is sparse (index 0 and empty cells are holes); Array.from turns holes into ''.
    sheet.eachRow((row) => values.push(Array.from((row.values as unknown[]).slice(1), (value) => (value === null || value === undefined ? '' : String(value)))));
    const headerIndex = values.findIndex((row) => row[0] === 'Period');
    // Percent cells hold the fraction in Excel (shown as %), so compare them with the JSON fractions.
    const xlsxExpected = [...table.rows, table.totals].map((row: Record<string, unknown>, index: number) =>
      table.columns.map((column: { key: string }, columnIndex: number) => {
        const value = row[column.key];
        if (index === table.rows.length && columnIndex === 0) return 'Total';
        return value === null || value === undefined ? '' : String(value);
      }),
    );
    expect(values.slice(headerIndex + 1).map((row) => row.concat(Array(table.columns.length - row.length).fill('')).slice(0, table.columns.length))).toEqual(xlsxExpected);

    // The dashboard's month table exports the same figures as its JSON.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(JST('2026-04-20T18:00:00'));
    const dashboard = await report(`/api/analytics/dashboard?locationIds=${locationList}`);
    const dashboardCsv = await api().get(`/api/analytics/dashboard/export?table=month&format=csv&locationIds=${locationList}`);
    expect(dashboardCsv.statusCode, dashboardCsv.body).toBe(200);
    const rows = parse(dashboardCsv.rawPayload.subarray(3).toString('utf8')) as string[][];
    expect(rows.slice(1, 4).map((row) => row[2])).toEqual(dashboard.tables.month.rows.map((row: Record<string, unknown>) => String(row.salesIncl)));
  });

  describe('users without cost.view', () => {
    it('see no cost or margin columns', async () => {
      const db = database().db;
      const code = uniqueCode('role').toLowerCase();
      await db
        .insertInto('roles')
        .values({ code, name_ja: code, name_en: code, permissions: JSON.stringify(['reports.view', 'data.export']), is_builtin: 0, created_at: nowIso(), updated_at: nowIso() })
        .execute();
      const viewer = await signIn(signedIn.app(), database(), 'en', { role: code });
      const url = `/api/analytics/reports/sales-totals?from=2026-04-01&to=2026-04-30&grain=month&groupBy=location&locationIds=${locationList}`;
      const table = await report(url, viewer);
      const keys = table.columns.map((column: { key: string }) => column.key);
      expect(keys).not.toContain('cost');
      expect(keys).not.toContain('grossMargin');
      expect(keys).not.toContain('marginRate');
      expect(keys).toContain('salesIncl');
      expect(Object.keys(table.rows[0])).not.toContain('cost');

      const csv = await viewer.get(`${url.replace('sales-totals?', 'sales-totals/export?')}&format=csv`);
      const header = (parse(csv.rawPayload.subarray(3).toString('utf8')) as string[][])[0]!;
      expect(header).not.toContain('Cost');
      expect(header).not.toContain('Gross margin');

      const dashboard = await report(`/api/analytics/dashboard?locationIds=${locationList}`, viewer);
      expect(dashboard.tables.month.columns.map((column: { key: string }) => column.key)).not.toContain('grossMargin');
      expect(dashboard.tables.aging.columns.map((column: { key: string }) => column.key)).not.toContain('cost');
      // Without customers.personal_data, buyers' names are blank.
      expect(dashboard.tables.recentOrders.rows.every((row: Record<string, unknown>) => row.buyerName === '')).toBe(true);

      const accountant = await signIn(signedIn.app(), database(), 'en', { role: 'accountant' });
      const withCost = await report(url, accountant);
      expect(withCost.columns.map((column: { key: string }) => column.key)).toContain('grossMargin');
    });
  });

  it('rejects bad report queries in both languages', async () => {
    const bad = await api().get('/api/analytics/reports/sales-totals?from=2026-04-31&to=2026-04-01&grain=year');
    expect(bad.statusCode).toBe(400);
    const body = JSON.stringify(bad.json());
    expect(body).toContain('from');
    expect(body).toContain('grain');

    const ja = await signIn(signedIn.app(), database(), 'ja');
    const reversed = await ja.get('/api/analytics/reports/sales-totals?from=2026-04-30&to=2026-04-01');
    expect(reversed.statusCode).toBe(400);
    expect(JSON.stringify(reversed.json())).toContain('終了日は開始日と同じか後の日にしてください');
    expect(JSON.stringify(reversed.json())).toContain('"to"');

    const month = await api().get('/api/analytics/reports/target-achievement?month=2026-13');
    expect(month.statusCode).toBe(400);
    expect(JSON.stringify(month.json())).toContain('Enter the month as year-month');
  });
});
