import { expect, it } from 'vitest';
import { signIn, useSignedInApp, type ApiClient } from '../../../test/helpers/app.js';
import { describeEachDatabase } from '../../../test/helpers/database.js';
import { createTestLocation, quantityAt, receiveTestItem, uniqueCode } from '../../../test/helpers/factories.js';
import { nowIso, type Db } from '../../db/database.js';
import type { Item } from '../../db/schema.js';
import { encodeCp932 } from '../item-csv/encoding.js';
import { verifyLedger } from '../ledger/service.js';
import { eventsFor } from '../outbox/service.js';
import { businessDate } from '../../shared/time.js';
import { agingList } from './aging.js';
import { addBusinessDays } from './notes.js';

interface Setup {
  consignee: { id: number; locationId: number; name: string };
  agreementId: number;
  store: { id: number };
}

/** Creates a consignee, an active agreement on the given terms and a store to send from. */
async function setUp(api: ApiClient, db: Db, terms: { terms: 'rate' | 'net'; ratePercent?: number; returnDueDays?: number; startsOn?: string }): Promise<Setup> {
  const store = await createTestLocation(db);
  const code = uniqueCode('C');
  const consignee = await api.post('/api/consignment-out/consignees', { code, name: `百貨店 ${code}`, kind: 'department_store' });
  expect(consignee.statusCode, consignee.body).toBe(201);
  const agreement = await api.post('/api/consignment-out/agreements', {
    consigneeId: consignee.json().id,
    terms: terms.terms,
    ratePercent: terms.ratePercent ?? null,
    returnDueDays: terms.returnDueDays ?? 90,
    startsOn: terms.startsOn ?? '2026-01-01',
  });
  expect(agreement.statusCode, agreement.body).toBe(201);
  return { consignee: consignee.json(), agreementId: agreement.json().id, store };
}

async function send(api: ApiClient, setup: Setup, items: Item[], extra: Record<string, unknown> = {}) {
  return api.post('/api/consignment-out/notes', {
    consigneeId: setup.consignee.id,
    agreementId: setup.agreementId,
    fromLocationId: setup.store.id,
    sentOn: '2026-12-01',
    keepListed: false,
    lines: items.map((item) => ({ stockNumber: item.stock_number })),
    ...extra,
  });
}

async function itemRow(db: Db, id: number) {
  return db.selectFrom('items').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

function base64Csv(text: string, encoding: 'utf8' | 'cp932' = 'utf8'): string {
  return (encoding === 'cp932' ? encodeCp932(text) : Buffer.from(text, 'utf8')).toString('base64');
}

describeEachDatabase('consignment out', (database) => {
  const signedIn = useSignedInApp(database);
  const api = () => signedIn.api();

  it('creates a consignee with its partner location', async () => {
    const db = database().db;
    const code = uniqueCode('C');
    const response = await api().post('/api/consignment-out/consignees', {
      code,
      name: '銀座パートナー',
      kind: 'partner_shop',
      invoiceRegistrationNumber: 'T7000012050002',
      contactPerson: '山田',
    });
    expect(response.statusCode, response.body).toBe(201);
    const consignee = response.json();
    expect(consignee.locationCode).toBe(`P-${code}`);
    const location = await db.selectFrom('locations').selectAll().where('id', '=', consignee.locationId).executeTakeFirstOrThrow();
    expect(location.kind).toBe('partner');
    expect(location.name).toBe('銀座パートナー');

    const deactivated = await api().put(`/api/consignment-out/consignees/${consignee.id}`, { ...consignee, isActive: false });
    expect(deactivated.statusCode, deactivated.body).toBe(200);
    expect(deactivated.json().isActive).toBe(false);
    const listed = await api().get('/api/consignment-out/consignees?includeInactive=true');
    expect(listed.json().consignees.map((c: { id: number }) => c.id)).toContain(consignee.id);
    const activeOnly = await api().get('/api/consignment-out/consignees');
    expect(activeOnly.json().consignees.map((c: { id: number }) => c.id)).not.toContain(consignee.id);
  });

  it('stores a rate with decimals as basis points', async () => {
    const db = database().db;
    const setup = await setUp(api(), db, { terms: 'rate', ratePercent: 27.55 });
    const agreement = await db.selectFrom('consignment_out_agreements').selectAll().where('id', '=', setup.agreementId).executeTakeFirstOrThrow();
    expect(agreement.rate_bp).toBe(2755);

    const tooPrecise = await api().post('/api/consignment-out/agreements', {
      consigneeId: setup.consignee.id,
      terms: 'rate',
      ratePercent: 27.555,
      startsOn: '2026-01-01',
    });
    expect(tooPrecise.statusCode).toBe(400);
  });

  it('sends pieces that stay ours at the partner', async () => {
    const db = database().db;
    const setup = await setUp(api(), db, { terms: 'rate', ratePercent: 25, returnDueDays: 60 });
    const ring = await receiveTestItem(db, { locationId: setup.store.id, cost: 48_000, retailPrice: 132_000 });

    const response = await send(api(), setup, [ring]);
    expect(response.statusCode, response.body).toBe(201);
    const note = response.json();
    expect(note.number).toMatch(/^CO-2026-\d{6}$/);
    expect(note.returnDueOn).toBe('2027-01-30');
    expect(note.lines).toEqual([expect.objectContaining({ itemId: ring.id, retailPrice: 132_000, status: 'out', netAmount: null })]);

    expect(await quantityAt(db, ring.id, setup.store.id)).toBe(0);
    expect(await quantityAt(db, ring.id, setup.consignee.locationId)).toBe(1);
    const after = await itemRow(db, ring.id);
    expect(after.ownership).toBe('own');
    expect(after.status).toBe('in_stock');
    expect(after.cost).toBe(48_000);
    expect(after.keep_listed_away).toBe(0);
    const movement = await db
      .selectFrom('stock_movements')
      .selectAll()
      .where('item_id', '=', ring.id)
      .where('kind', '=', 'consignment_out_send')
      .executeTakeFirstOrThrow();
    expect(movement.document_type).toBe('consignment_out_note');
    expect(movement.cost_amount).toBe(48_000);
    const events = await eventsFor(db, 'item', ring.id);
    expect(events.map((event) => event.payload.reason)).toContain('consignment_out_send');
    expect(await verifyLedger(db)).toEqual([]);
  });

  it('keeps pieces listed when asked', async () => {
    const db = database().db;
    const setup = await setUp(api(), db, { terms: 'rate', ratePercent: 20 });
    const ring = await receiveTestItem(db, { locationId: setup.store.id });

    const response = await send(api(), setup, [ring], { keepListed: true });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json().keepListed).toBe(true);
    expect((await itemRow(db, ring.id)).keep_listed_away).toBe(1);
  });

  it('rejects a consigned-in piece by line', async () => {
    const db = database().db;
    const setup = await setUp(api(), db, { terms: 'rate', ratePercent: 20 });
    const own = await receiveTestItem(db, { locationId: setup.store.id });
    const theirs = await receiveTestItem(db, { locationId: setup.store.id });
    await db.updateTable('items').set({ ownership: 'consignment_in', updated_at: nowIso() }).where('id', '=', theirs.id).execute();

    const response = await send(api(), setup, [own, theirs]);
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('item_not_own');
    expect(response.json().error.message).toContain(theirs.stock_number);
    expect(await quantityAt(db, own.id, setup.store.id)).toBe(1);
  });

  it('requires a net amount under net terms', async () => {
    const db = database().db;
    const setup = await setUp(api(), db, { terms: 'net' });
    const ring = await receiveTestItem(db, { locationId: setup.store.id });

    const missing = await send(api(), setup, [ring]);
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.code).toBe('net_amount_required');
    const sent = await send(api(), setup, [ring], { lines: [{ itemId: ring.id, netAmount: 80_000 }] });
    expect(sent.statusCode, sent.body).toBe(201);
    expect(sent.json().lines[0].netAmount).toBe(80_000);
  });

  it('records a sale and a return', async () => {
    const db = database().db;
    const setup = await setUp(api(), db, { terms: 'rate', ratePercent: 27.5 });
    const sold = await receiveTestItem(db, { locationId: setup.store.id, cost: 40_000, retailPrice: 110_000, taxRatePercent: 10 });
    const back = await receiveTestItem(db, { locationId: setup.store.id });
    expect((await send(api(), setup, [sold, back], { keepListed: true })).statusCode).toBe(201);

    const response = await api().post('/api/consignment-out/reports', {
      consigneeId: setup.consignee.id,
      reportedOn: '2026-12-04',
      lines: [
        { stockNumber: sold.stock_number, outcome: 'sold', soldOn: '2026-12-03', salePrice: 99_999 },
        { stockNumber: back.stock_number, outcome: 'returned' },
      ],
    });
    expect(response.statusCode, response.body).toBe(201);
    const report = response.json();
    // 99,999 × 27.5 % = 27,499.725, floored to 27,499. We receive 99,999 − 27,499 = 72,500.
    expect(report.lines[0]).toMatchObject({ outcome: 'sold', soldOn: '2026-12-03', salePrice: 99_999, commissionAmount: 27_499, receivableAmount: 72_500, taxRatePercent: 10, costAmount: 40_000 });
    expect(report.lines[1]).toMatchObject({ outcome: 'returned', salePrice: 0, commissionAmount: 0, receivableAmount: 0 });
    expect(report).toMatchObject({ salesTotal: 99_999, commissionTotal: 27_499, receivableTotal: 72_500 });

    expect(await quantityAt(db, sold.id, setup.consignee.locationId)).toBe(0);
    expect((await itemRow(db, sold.id)).status).toBe('sold');
    const sale = await db.selectFrom('stock_movements').selectAll().where('item_id', '=', sold.id).where('kind', '=', 'consignment_out_sale').executeTakeFirstOrThrow();
    expect(sale.to_location_id).toBeNull();
    expect(sale.cost_amount).toBe(40_000);

    expect(await quantityAt(db, back.id, setup.store.id)).toBe(1);
    const returned = await itemRow(db, back.id);
    expect(returned.status).toBe('in_stock');
    expect(returned.keep_listed_away).toBe(0);
    const events = await eventsFor(db, 'item', back.id);
    expect(events.map((event) => event.payload.reason)).toEqual(['consignment_out_send', 'consignment_out_return']);
    expect(await verifyLedger(db)).toEqual([]);

    const again = await api().post('/api/consignment-out/reports', {
      consigneeId: setup.consignee.id,
      reportedOn: '2026-12-04',
      lines: [{ stockNumber: back.stock_number, outcome: 'returned' }],
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('piece_not_out');
    expect(again.json().error.details).toMatchObject({ field: 'lines.0.stockNumber' });
  });

  it('splits a sale under net terms', async () => {
    const db = database().db;
    const setup = await setUp(api(), db, { terms: 'net' });
    const ring = await receiveTestItem(db, { locationId: setup.store.id, retailPrice: 100_000 });
    expect((await send(api(), setup, [ring], { lines: [{ itemId: ring.id, netAmount: 80_000 }] })).statusCode).toBe(201);

    const response = await api().post('/api/consignment-out/reports', {
      consigneeId: setup.consignee.id,
      reportedOn: '2026-12-04',
      lines: [{ itemId: ring.id, outcome: 'sold' }],
    });
    expect(response.statusCode, response.body).toBe(201);
    // No price given, so the price is the retail price at sending (100,000). We receive the net 80,000.
    expect(response.json().lines[0]).toMatchObject({ salePrice: 100_000, commissionAmount: 20_000, receivableAmount: 80_000, soldOn: '2026-12-04' });
  });

  it('imports a CP932 report once', async () => {
    const db = database().db;
    const setup = await setUp(api(), db, { terms: 'rate', ratePercent: 30 });
    const first = await receiveTestItem(db, { locationId: setup.store.id, retailPrice: 50_000 });
    const second = await receiveTestItem(db, { locationId: setup.store.id });
    expect((await send(api(), setup, [first, second])).statusCode).toBe(201);
    const header = '在庫番号,区分,販売日,販売価格（税込）';
    const body = {
      consigneeId: setup.consignee.id,
      reportedOn: '2026-12-04',
      fileName: 'report.csv',
    };

    const bad = base64Csv(`${header}\r\n${first.stock_number},販売,2026/12/03,"45,000"\r\n${second.stock_number},売り切れ,,\r\n`, 'cp932');
    const preview = await api().post('/api/consignment-out/reports/import', { ...body, contentBase64: bad, dryRun: true });
    expect(preview.statusCode, preview.body).toBe(200);
    expect(preview.json().encoding).toBe('cp932');
    expect(preview.json().errors).toEqual([expect.objectContaining({ row: 3, column: '区分', value: '売り切れ' })]);
    expect(preview.json().rows[0]).toMatchObject({ row: 2, salePrice: 45_000, commissionAmount: 13_500, receivableAmount: 31_500, valid: true });
    const refused = await api().post('/api/consignment-out/reports/import', { ...body, contentBase64: bad });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().committed).toBe(false);
    expect(await quantityAt(db, first.id, setup.consignee.locationId)).toBe(1);

    const good = base64Csv(`${header}\r\n${first.stock_number},販売,2026/12/03,"45,000"\r\n${second.stock_number},返品,,\r\n`, 'cp932');
    const imported = await api().post('/api/consignment-out/reports/import', { ...body, contentBase64: good });
    expect(imported.statusCode, imported.body).toBe(200);
    expect(imported.json().committed).toBe(true);
    expect(imported.json().report).toMatchObject({ source: 'csv', salesTotal: 45_000, commissionTotal: 13_500, receivableTotal: 31_500 });
    expect((await itemRow(db, first.id)).status).toBe('sold');
    expect(await quantityAt(db, second.id, setup.store.id)).toBe(1);

    const twice = await api().post('/api/consignment-out/reports/import', { ...body, contentBase64: good, dryRun: true });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error.code).toBe('file_already_imported');
  });

  it('names the row of a piece not out', async () => {
    const db = database().db;
    const setup = await setUp(api(), db, { terms: 'rate', ratePercent: 30 });
    const atHome = await receiveTestItem(db, { locationId: setup.store.id });
    const csv = base64Csv(`stock_number,outcome\n${atHome.stock_number},sold\nNO-SUCH-PIECE,returned\n`);

    const preview = await api().post('/api/consignment-out/reports/import', { consigneeId: setup.consignee.id, reportedOn: '2026-12-04', contentBase64: csv, dryRun: true });
    expect(preview.statusCode, preview.body).toBe(200);
    const errors = preview.json().errors;
    expect(errors).toHaveLength(2);
    expect(errors[0]).toMatchObject({ row: 2, column: 'stock_number', value: atHome.stock_number });
    expect(errors[0].message).toContain('not out');
    expect(errors[1]).toMatchObject({ row: 3, column: 'stock_number', value: 'NO-SUCH-PIECE' });
  });

  it('rejects a csv without data rows', async () => {
    const db = database().db;
    const setup = await setUp(api(), db, { terms: 'rate', ratePercent: 30 });
    const csv = base64Csv('在庫番号,区分\r\n\r\n');

    const response = await api().post('/api/consignment-out/reports/import', { consigneeId: setup.consignee.id, reportedOn: '2026-12-04', contentBase64: csv });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('csv_empty');
  });

  it('names every bad line of a note', async () => {
    const db = database().db;
    const setup = await setUp(api(), db, { terms: 'rate', ratePercent: 20 });
    const own = await receiveTestItem(db, { locationId: setup.store.id });
    const theirs = await receiveTestItem(db, { locationId: setup.store.id });
    const sold = await receiveTestItem(db, { locationId: setup.store.id });
    await db.updateTable('items').set({ ownership: 'consignment_in', updated_at: nowIso() }).where('id', '=', theirs.id).execute();
    await db.updateTable('items').set({ status: 'sold', updated_at: nowIso() }).where('id', '=', sold.id).execute();

    const response = await send(api(), setup, [own, theirs, sold]);
    expect(response.statusCode).toBe(400);
    const fields = response.json().error.details.fields as Array<{ field: string; message: string }>;
    expect(fields.map((field) => field.field)).toEqual(['lines.1.stockNumber', 'lines.2.stockNumber']);
    expect(fields[0]!.message).toContain(theirs.stock_number);
    expect(fields[1]!.message).toContain(`${sold.stock_number} is not in stock (status: Sold)`);
    expect(await quantityAt(db, own.id, setup.store.id)).toBe(1);

    const japanese = await signIn(signedIn.app(), database(), 'ja');
    const alone = await send(japanese, setup, [sold]);
    expect(alone.json().error).toMatchObject({ code: 'item_not_in_stock', details: { field: 'lines.0.stockNumber' } });
    expect(alone.json().error.message).toContain('（状態: 販売済）');
  });

  it('sends only from a store or warehouse', async () => {
    const db = database().db;
    const setup = await setUp(api(), db, { terms: 'rate', ratePercent: 20 });
    const ring = await receiveTestItem(db, { locationId: setup.consignee.locationId });

    const response = await send(api(), setup, [ring], { fromLocationId: setup.consignee.locationId });
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatchObject({ code: 'location_not_for_sending', details: { field: 'fromLocationId' } });
    const check = await api().get(`/api/consignment-out/notes/sendable?itemId=${ring.id}&fromLocationId=${setup.consignee.locationId}`);
    expect(check.json().error.code).toBe('location_not_for_sending');
  });

  it('checks a scanned piece before sending', async () => {
    const db = database().db;
    const setup = await setUp(api(), db, { terms: 'rate', ratePercent: 20 });
    const elsewhere = await createTestLocation(db);
    const ready = await receiveTestItem(db, { locationId: setup.store.id });
    const theirs = await receiveTestItem(db, { locationId: setup.store.id });
    const away = await receiveTestItem(db, { locationId: elsewhere.id });
    await db.updateTable('items').set({ ownership: 'consignment_in', updated_at: nowIso() }).where('id', '=', theirs.id).execute();
    const check = (item: Item) => api().get(`/api/consignment-out/notes/sendable?itemId=${item.id}&fromLocationId=${setup.store.id}`);

    const ok = await check(ready);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toEqual({ sendable: true });
    const consignedIn = await check(theirs);
    expect(consignedIn.statusCode).toBe(400);
    expect(consignedIn.json().error.code).toBe('item_not_own');
    const notHere = await check(away);
    expect(notHere.statusCode).toBe(409);
    expect(notHere.json().error.code).toBe('piece_not_at_location');
    expect(notHere.json().error.message).toContain(away.stock_number);
  });

  it('rejects future and inconsistent dates', async () => {
    const db = database().db;
    const setup = await setUp(api(), db, { terms: 'rate', ratePercent: 20 });
    const pieces = [
      await receiveTestItem(db, { locationId: setup.store.id }),
      await receiveTestItem(db, { locationId: setup.store.id }),
      await receiveTestItem(db, { locationId: setup.store.id }),
    ];
    const today = businessDate();
    const tomorrow = addBusinessDays(today, 1);

    const future = await send(api(), setup, pieces, { sentOn: tomorrow });
    expect(future.statusCode).toBe(400);
    expect(future.json().error.details.fields).toEqual([{ field: 'sentOn', message: expect.stringContaining(`sending date ${tomorrow} is in the future`) }]);
    expect((await send(api(), setup, pieces)).statusCode).toBe(201);

    const lateReport = await api().post('/api/consignment-out/reports', {
      consigneeId: setup.consignee.id,
      reportedOn: tomorrow,
      lines: [{ itemId: pieces[0]!.id, outcome: 'returned' }],
    });
    expect(lateReport.json().error.details.fields).toEqual([{ field: 'reportedOn', message: expect.stringContaining('report date') }]);

    const badSales = await api().post('/api/consignment-out/reports', {
      consigneeId: setup.consignee.id,
      reportedOn: '2026-12-03',
      lines: [
        { itemId: pieces[0]!.id, outcome: 'sold', soldOn: tomorrow },
        { itemId: pieces[1]!.id, outcome: 'sold', soldOn: '2026-12-04' },
        { itemId: pieces[2]!.id, outcome: 'sold', soldOn: '2026-11-30' },
      ],
    });
    expect(badSales.statusCode).toBe(400);
    const fields = badSales.json().error.details.fields as Array<{ field: string; message: string }>;
    expect(fields.map((field) => field.field)).toEqual(['lines.0.soldOn', 'lines.1.soldOn', 'lines.2.soldOn']);
    expect(fields[0]!.message).toContain(`the sale date ${tomorrow} is in the future`);
    expect(fields[1]!.message).toContain('after the report date 2026-12-03');
    expect(fields[2]!.message).toContain('sent it on 2026-12-01');
    expect(await quantityAt(db, pieces[0]!.id, setup.consignee.locationId)).toBe(1);

    const aging = await agingList(db, { consigneeId: setup.consignee.id });
    expect(aging.rows.every((row) => row.daysOut >= 0)).toBe(true);
  });

  it('lists every problem of a csv row', async () => {
    const db = database().db;
    const setup = await setUp(api(), db, { terms: 'rate', ratePercent: 30 });
    const early = await receiveTestItem(db, { locationId: setup.store.id });
    expect((await send(api(), setup, [early])).statusCode).toBe(201);
    const csv = base64Csv(`在庫番号,区分,販売日\nNO-SUCH-PIECE,売り切れ,\n${early.stock_number},販売,2026/11/20\n`);

    const preview = await api().post('/api/consignment-out/reports/import', { consigneeId: setup.consignee.id, reportedOn: '2026-12-04', contentBase64: csv, dryRun: true });
    expect(preview.statusCode, preview.body).toBe(200);
    const errors = preview.json().errors as Array<{ row: number; column: string; value: string; message: string }>;
    expect(errors.map((error) => [error.row, error.column, error.value])).toEqual([
      [2, '区分', '売り切れ'],
      [2, '在庫番号', 'NO-SUCH-PIECE'],
      [3, '販売日', '2026-11-20'],
    ]);
    expect(errors[2]!.message).toContain('before delivery note');
  });

  it('counts days out in Japan time', async () => {
    const db = database().db;
    const setup = await setUp(api(), db, { terms: 'rate', ratePercent: 20, returnDueDays: 30 });
    const ring = await receiveTestItem(db, { locationId: setup.store.id });
    const sent = await send(api(), setup, [ring], { sentOn: '2026-11-04' });
    expect(sent.json().returnDueOn).toBe('2026-12-04');

    // 2026-12-04 14:59:59 UTC is 23:59:59 on 4 December in Tokyo.
    const lastDay = await agingList(db, { consigneeId: setup.consignee.id }, new Date('2026-12-04T14:59:59Z'));
    expect(lastDay.today).toBe('2026-12-04');
    expect(lastDay.rows).toEqual([expect.objectContaining({ itemId: ring.id, daysOut: 30, overdue: false, bucket: '0_30' })]);
    expect(lastDay.overdueCount).toBe(0);

    const nextDay = await agingList(db, { consigneeId: setup.consignee.id }, new Date('2026-12-04T15:00:00Z'));
    expect(nextDay.today).toBe('2026-12-05');
    expect(nextDay.rows).toEqual([expect.objectContaining({ itemId: ring.id, daysOut: 31, overdue: true, bucket: '31_60' })]);
    expect(nextDay.buckets.find((bucket) => bucket.bucket === '31_60')?.count).toBe(1);

    const overdueOnly = await agingList(db, { consigneeId: setup.consignee.id, overdueOnly: true }, new Date('2026-12-04T14:59:59Z'));
    expect(overdueOnly.rows).toEqual([]);
  });

  it('lists overdue pieces as reminders', async () => {
    const db = database().db;
    const setup = await setUp(api(), db, { terms: 'rate', ratePercent: 20, returnDueDays: 1 });
    const ring = await receiveTestItem(db, { locationId: setup.store.id });
    expect((await send(api(), setup, [ring], { sentOn: '2026-01-05' })).statusCode).toBe(201);

    const reminders = await api().get('/api/consignment-out/reminders');
    expect(reminders.statusCode).toBe(200);
    expect(reminders.json().rows.map((row: { itemId: number }) => row.itemId)).toContain(ring.id);
    expect(reminders.json().count).toBe(reminders.json().rows.length);
    const aging = await api().get(`/api/consignment-out/aging?consigneeId=${setup.consignee.id}`);
    expect(aging.json().rows[0]).toMatchObject({ itemId: ring.id, overdue: true, bookCost: 50_000 });
  });

  it('hides book cost without cost.view', async () => {
    const db = database().db;
    const setup = await setUp(api(), db, { terms: 'rate', ratePercent: 20 });
    const ring = await receiveTestItem(db, { locationId: setup.store.id });
    expect((await send(api(), setup, [ring])).statusCode).toBe(201);
    const role = uniqueCode('role').toLowerCase();
    await db
      .insertInto('roles')
      .values({ code: role, name_ja: role, name_en: role, permissions: JSON.stringify(['consignment.manage']), is_builtin: 0, created_at: nowIso(), updated_at: nowIso() })
      .execute();
    const manager = await signIn(signedIn.app(), database(), 'en', { role });

    const aging = await manager.get(`/api/consignment-out/aging?consigneeId=${setup.consignee.id}`);
    expect(aging.statusCode).toBe(200);
    expect(aging.json().rows[0].retailPrice).toBe(132_000);
    expect(aging.json().rows[0]).not.toHaveProperty('bookCost');
  });

  it('denies users without consignment.manage', async () => {
    const seller = await signIn(signedIn.app(), database(), 'ja', { role: 'sales' });
    const aging = await seller.get('/api/consignment-out/aging');
    expect(aging.statusCode).toBe(403);
    expect(aging.json().error.code).toBe('permission_denied');
    const note = await seller.post('/api/consignment-out/notes', {});
    expect(note.statusCode).toBe(403);
  });

  it('prints the delivery note as pdf', async () => {
    const db = database().db;
    const setup = await setUp(api(), db, { terms: 'rate', ratePercent: 20 });
    const ring = await receiveTestItem(db, { locationId: setup.store.id });
    const note = (await send(api(), setup, [ring])).json();

    const pdf = await api().get(`/api/consignment-out/notes/${note.id}/note.pdf?locale=ja`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const missing = await api().get('/api/consignment-out/notes/999999/note.pdf');
    expect(missing.statusCode).toBe(404);
  });

  it('writes audit events for a send', async () => {
    const db = database().db;
    const setup = await setUp(api(), db, { terms: 'rate', ratePercent: 20 });
    const ring = await receiveTestItem(db, { locationId: setup.store.id });
    const note = (await send(api(), setup, [ring])).json();
    const events = await db.selectFrom('audit_events').select(['action', 'entity_type']).where('entity_id', '=', String(note.id)).where('action', '=', 'consignment_out.send').execute();
    expect(events).toEqual([{ action: 'consignment_out.send', entity_type: 'consignment_out_note' }]);
  });
});
