import { expect, it } from 'vitest';
import type { Db } from '../../db/database.js';
import { signIn, useSignedInApp, type ApiClient } from '../../../test/helpers/app.js';
import { describeEachDatabase } from '../../../test/helpers/database.js';
import { createTestLocation, quantityAt, receiveTestItem } from '../../../test/helpers/factories.js';
import { verifyLedger } from '../ledger/service.js';

async function registerAt(db: Db, locationId: number): Promise<number> {
  const row = await db.selectFrom('registers').select('id').where('location_id', '=', locationId).orderBy('id').executeTakeFirstOrThrow();
  return row.id;
}

async function statusOf(db: Db, itemId: number): Promise<string> {
  return (await db.selectFrom('items').select('status').where('id', '=', itemId).executeTakeFirstOrThrow()).status;
}

function scan(deviceId: string, clientSequence: number, code: string) {
  return { deviceId, clientSequence, code };
}

describeEachDatabase('stocktakes', (database) => {
  const signedIn = useSignedInApp(database);
  const api = () => signedIn.api();

  /**
   * Creates a store with five pieces on the books, one more piece booked at a warehouse,
   * and starts a count at the store.
   */
  async function storeWithCount(client: ApiClient = api()) {
    const db = database().db;
    const store = await createTestLocation(db);
    const warehouse = await createTestLocation(db, { kind: 'warehouse' });
    const pieces = [];
    for (let index = 0; index < 5; index += 1) {
      pieces.push(await receiveTestItem(db, { locationId: store.id, cost: 10_000 * (index + 1), retailPrice: 30_000 * (index + 1) }));
    }
    const stray = await receiveTestItem(db, { locationId: warehouse.id, cost: 70_000, retailPrice: 200_000 });
    const started = await client.post('/api/stocktakes', { locationId: store.id });
    expect(started.statusCode).toBe(201);
    return { db, store, warehouse, pieces, stray, stocktake: started.json() };
  }

  it('counts while a sale happens and a tag is read twice', async () => {
    const { db, store, warehouse, pieces, stray, stocktake } = await storeWithCount();
    const [sold, scannedTwice, lost, soldAfterScan, plain] = pieces as [typeof pieces[number], typeof pieces[number], typeof pieces[number], typeof pieces[number], typeof pieces[number]];
    expect(stocktake).toMatchObject({ status: 'counting', bookLines: 5, locationId: store.id });
    const registerId = await registerAt(db, store.id);

    // One piece sells before anyone scans it; another sells right after its scan.
    const sale = await api().post('/api/sales', { registerId, lines: [{ itemId: sold.id }], payments: [{ method: 'card', amount: 30_000 }] });
    expect(sale.statusCode).toBe(201);
    const scans = await api().post(`/api/stocktakes/${stocktake.id}/scans`, {
      scans: [
        scan('tablet-1', 1, scannedTwice.stock_number),
        scan('tablet-2', 1, scannedTwice.stock_number.toLowerCase()),
        scan('tablet-1', 2, soldAfterScan.stock_number),
        scan('tablet-2', 2, plain.stock_number),
        scan('tablet-2', 3, stray.stock_number),
        scan('tablet-1', 3, 'NO-SUCH-TAG'),
      ],
    });
    expect(scans.statusCode).toBe(200);
    expect(scans.json().results.map((result: { outcome: string }) => result.outcome)).toEqual(['counted', 'duplicate', 'counted', 'counted', 'misplaced', 'unknown']);
    expect(scans.json().results[4].bookLocationName).toBe(warehouse.name);
    const laterSale = await api().post('/api/sales', { registerId, lines: [{ itemId: soldAfterScan.id }], payments: [{ method: 'card', amount: 120_000 }] });
    expect(laterSale.statusCode).toBe(201);

    const report = (await api().get(`/api/stocktakes/${stocktake.id}/variances`)).json();
    expect(report.missing.map((line: { itemId: number }) => line.itemId)).toEqual([lost.id]);
    expect(report.missing[0]).toMatchObject({ quantity: 1, costAmount: 30_000, retailAmount: 90_000, expected: 1, counted: 0 });
    expect(report.misplaced).toHaveLength(1);
    expect(report.misplaced[0]).toMatchObject({ itemId: stray.id, bookLocationId: warehouse.id, bookLocationName: warehouse.name, costAmount: 70_000 });
    expect(report.unexpected).toEqual([]);
    expect(report.duplicates).toEqual([
      { itemId: scannedTwice.id, stockNumber: scannedTwice.stock_number, itemName: scannedTwice.name, scans: 2, deviceIds: ['tablet-1', 'tablet-2'] },
    ]);
    expect(report.unknownCodes).toEqual([{ code: 'NO-SUCH-TAG', scans: 1, deviceIds: ['tablet-1'] }]);
    expect(report.movedDuringCount.map((line: { itemId: number }) => line.itemId)).toEqual([sold.id]);
    expect(report.summary).toMatchObject({
      scans: 6,
      countedPieces: 4,
      missing: 1,
      unexpected: 0,
      misplaced: 1,
      duplicates: 1,
      unknownCodes: 1,
      missingCost: 30_000,
      missingRetail: 90_000,
      misplacedCost: 70_000,
      misplacedRetail: 200_000,
    });
  });

  it('records a resent scan once', async () => {
    const { pieces, stocktake } = await storeWithCount();
    const first = await api().post(`/api/stocktakes/${stocktake.id}/scans`, scan('phone-7', 41, pieces[0]!.stock_number));
    const again = await api().post(`/api/stocktakes/${stocktake.id}/scans`, scan('phone-7', 41, pieces[0]!.stock_number));

    expect(first.json().results[0]).toMatchObject({ outcome: 'counted', resent: false });
    expect(again.json().results[0]).toMatchObject({ outcome: 'counted', resent: true });
    const report = (await api().get(`/api/stocktakes/${stocktake.id}/variances`)).json();
    expect(report.summary.scans).toBe(1);
    expect(report.duplicates).toEqual([]);
  });

  it('names the missing field of a single scan', async () => {
    const { pieces, stocktake } = await storeWithCount();

    const response = await api().post(`/api/stocktakes/${stocktake.id}/scans`, { clientSequence: 3, code: pieces[0]!.stock_number });

    expect(response.statusCode).toBe(400);
    expect(response.json().error.details.fields[0].field).toBe('scans.0.deviceId');
  });

  it('lists a full-width unknown code once', async () => {
    const { pieces, stocktake } = await storeWithCount();
    const fullWidth = (code: string) => [...code].map((char) => String.fromCharCode(char.charCodeAt(0) + 0xfee0)).join('');
    const scans = await api().post(`/api/stocktakes/${stocktake.id}/scans`, {
      scans: [scan('a', 1, 'LOST-TAG-7'), scan('b', 1, fullWidth('LOST-TAG-7')), scan('b', 2, fullWidth(pieces[0]!.stock_number))],
    });

    expect(scans.json().results.map((result: { code: string; outcome: string }) => [result.code, result.outcome])).toEqual([
      ['LOST-TAG-7', 'unknown'],
      ['LOST-TAG-7', 'unknown'],
      [pieces[0]!.stock_number, 'counted'],
    ]);
    const report = (await api().get(`/api/stocktakes/${stocktake.id}/variances`)).json();
    expect(report.unknownCodes).toEqual([{ code: 'LOST-TAG-7', scans: 2, deviceIds: ['a', 'b'] }]);
    expect(report.summary.unknownCodes).toBe(1);
  });

  it('posts once with a write-off and an adjustment', async () => {
    const { db, store, warehouse, pieces, stray, stocktake } = await storeWithCount();
    const [lost, ...found] = pieces;
    await api().post(`/api/stocktakes/${stocktake.id}/scans`, {
      scans: [...found.map((piece, index) => scan('gun-1', index, piece.stock_number)), scan('gun-1', 99, stray.stock_number)],
    });

    const posted = await api().post(`/api/stocktakes/${stocktake.id}/post`, {});
    expect(posted.statusCode).toBe(200);
    const body = posted.json();
    expect(body).toMatchObject({ status: 'posted', skipped: [] });
    expect(body.writeOffId).toEqual(expect.any(Number));

    const writeOff = (await api().get(`/api/write-offs/${body.writeOffId}`)).json();
    expect(writeOff).toMatchObject({ reason: 'loss', locationId: store.id, totalCost: 10_000, note: stocktake.number });
    expect(writeOff.lines.map((line: { itemId: number }) => line.itemId)).toEqual([lost!.id]);
    expect(await statusOf(db, lost!.id)).toBe('written_off');

    expect(await quantityAt(db, stray.id, warehouse.id)).toBe(0);
    expect(await quantityAt(db, stray.id, store.id)).toBe(1);
    const adjustment = await db.selectFrom('stock_movements').selectAll().where('item_id', '=', stray.id).where('kind', '=', 'stocktake_adjustment').executeTakeFirstOrThrow();
    expect(adjustment).toMatchObject({ from_location_id: warehouse.id, to_location_id: store.id, document_type: 'stocktake', document_id: stocktake.id });
    const strayHistory = (await api().get(`/api/items/${stray.id}/history`)).json();
    expect(strayHistory.entries[0]).toMatchObject({ kind: 'stocktake_adjustment', reason: 'misplaced', document: { type: 'stocktake', number: stocktake.number } });
    const events = await db.selectFrom('outbox_events').select(['aggregate_id']).where('topic', '=', 'item.availability_changed').where('aggregate_id', 'in', [String(lost!.id), String(stray.id)]).execute();
    expect(events.map((event) => Number(event.aggregate_id)).sort((a, b) => a - b)).toEqual([lost!.id, stray.id].sort((a, b) => a - b));
    expect(await verifyLedger(db)).toEqual([]);
    const auditActions = async (entityType: string, entityId: number) =>
      (await db.selectFrom('audit_events').select('action').where('entity_type', '=', entityType).where('entity_id', '=', String(entityId)).execute()).map((event) => event.action);
    expect(await auditActions('stocktake', stocktake.id)).toContain('stocktake.post');
    expect(await auditActions('write_off', body.writeOffId)).toEqual(['write_off.create']);

    const second = await api().post(`/api/stocktakes/${stocktake.id}/post`, {});
    expect(second.statusCode).toBe(409);
    expect(second.json().error.code).toBe('stocktake_not_counting');
    const writeOffs = await db.selectFrom('write_offs').select('id').where('note', '=', stocktake.number).execute();
    expect(writeOffs).toHaveLength(1);

    const history = (await api().get(`/api/stocktakes?locationId=${store.id}`)).json();
    expect(history.stocktakes).toHaveLength(1);
    expect(history.stocktakes[0]).toMatchObject({ status: 'posted', summary: { missing: 1, misplaced: 1 } });
  });

  it('brings a written-off piece found in the count back into stock', async () => {
    const { db, store, pieces, stocktake } = await storeWithCount();
    const writtenOff = await receiveTestItem(db, { locationId: store.id });
    const removal = await api().post('/api/write-offs', { locationId: store.id, reason: 'loss', writtenOffOn: '2026-12-05', lines: [{ itemId: writtenOff.id, quantity: 1 }] });
    expect(removal.statusCode).toBe(201);
    await api().post(`/api/stocktakes/${stocktake.id}/scans`, {
      scans: [...pieces.map((piece, index) => scan('gun-2', index, piece.stock_number)), scan('gun-2', 50, writtenOff.stock_number)],
    });

    const report = (await api().get(`/api/stocktakes/${stocktake.id}/variances`)).json();
    expect(report.unexpected.map((line: { itemId: number }) => line.itemId)).toEqual([writtenOff.id]);
    expect(report.missing).toEqual([]);
    expect((await api().post(`/api/stocktakes/${stocktake.id}/post`, { reason: 'theft' })).statusCode).toBe(200);
    expect(await quantityAt(db, writtenOff.id, store.id)).toBe(1);
    expect(await statusOf(db, writtenOff.id)).toBe('in_stock');
  });

  it('counts a receipt scanned during the count', async () => {
    const { db, store, pieces, stocktake } = await storeWithCount();
    const arrived = await receiveTestItem(db, { locationId: store.id });
    await api().post(`/api/stocktakes/${stocktake.id}/scans`, {
      scans: [...pieces, arrived].map((piece, index) => scan('gun-3', index, piece.stock_number)),
    });

    const report = (await api().get(`/api/stocktakes/${stocktake.id}/variances`)).json();
    expect(report.unexpected).toEqual([]);
    expect(report.missing).toEqual([]);
    expect(report.summary.countedPieces).toBe(6);
  });

  it('lets a recounted piece be scanned again', async () => {
    const { pieces, stocktake } = await storeWithCount();
    await api().post(`/api/stocktakes/${stocktake.id}/scans`, { scans: [scan('a', 1, pieces[0]!.stock_number), scan('b', 1, pieces[0]!.stock_number)] });

    const recount = await api().post(`/api/stocktakes/${stocktake.id}/recount`, { itemIds: [pieces[0]!.id] });
    expect(recount.json()).toEqual({ voidedScans: 2 });
    const afterRecount = (await api().get(`/api/stocktakes/${stocktake.id}/variances`)).json();
    expect(afterRecount.missing.map((line: { itemId: number }) => line.itemId)).toContain(pieces[0]!.id);
    expect(afterRecount.duplicates).toEqual([]);

    const rescan = await api().post(`/api/stocktakes/${stocktake.id}/scans`, scan('a', 2, pieces[0]!.stock_number));
    expect(rescan.json().results[0].outcome).toBe('counted');
  });

  it('counts a quantity item by units', async () => {
    const db = database().db;
    const store = await createTestLocation(db);
    const chain = await receiveTestItem(db, { locationId: store.id, quantity: 500, tracking: 'quantity', unit: 'cm', category: 'necklace', cost: 120, retailPrice: 400 });
    const stocktake = (await api().post('/api/stocktakes', { locationId: store.id, category: 'necklace' })).json();
    expect(stocktake.bookLines).toBe(1);

    await api().post(`/api/stocktakes/${stocktake.id}/scans`, {
      scans: [{ ...scan('a', 1, chain.stock_number), quantity: 300 }, { ...scan('b', 1, chain.stock_number), quantity: 150 }],
    });
    const report = (await api().get(`/api/stocktakes/${stocktake.id}/variances`)).json();
    expect(report.missing).toHaveLength(1);
    expect(report.missing[0]).toMatchObject({ itemId: chain.id, expected: 500, counted: 450, quantity: 50, costAmount: 6_000, retailAmount: 20_000 });
    expect(report.duplicates).toEqual([]);

    const posted = (await api().post(`/api/stocktakes/${stocktake.id}/post`, { reason: 'damage' })).json();
    expect(posted.status).toBe('posted');
    expect(await quantityAt(db, chain.id, store.id)).toBe(450);
  });

  it('skips a sold piece found in the count', async () => {
    const { db, store, pieces, stocktake } = await storeWithCount();
    const registerId = await registerAt(db, store.id);
    const sale = await api().post('/api/sales', { registerId, lines: [{ itemId: pieces[0]!.id }], payments: [{ method: 'card', amount: 30_000 }] });
    expect(sale.statusCode).toBe(201);
    await api().post(`/api/stocktakes/${stocktake.id}/scans`, { scans: pieces.map((piece, index) => scan('c', index, piece.stock_number)) });

    const report = (await api().get(`/api/stocktakes/${stocktake.id}/variances`)).json();
    expect(report.unexpected).toHaveLength(1);
    expect(report.unexpected[0]).toMatchObject({ itemId: pieces[0]!.id, itemStatus: 'sold', bookLocationId: null });
    expect(report.notMoved.map((line: { itemId: number }) => line.itemId)).toEqual([pieces[0]!.id]);
    const posted = (await api().post(`/api/stocktakes/${stocktake.id}/post`, {})).json();
    expect(posted.skipped.map((line: { itemId: number }) => line.itemId)).toEqual([pieces[0]!.id]);
    const frozen = (await api().get(`/api/stocktakes/${stocktake.id}/variances`)).json();
    expect(frozen.notMoved.map((line: { itemId: number }) => line.itemId)).toEqual([pieces[0]!.id]);
    expect(posted.writeOffId).toBeNull();
    expect(await quantityAt(db, pieces[0]!.id, store.id)).toBe(0);
    expect(await statusOf(db, pieces[0]!.id)).toBe('sold');
  });

  it('allows one open count per location and category', async () => {
    const { store, stocktake } = await storeWithCount();
    const again = await api().post('/api/stocktakes', { locationId: store.id });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('stocktake_already_open');
    expect((await api().post('/api/stocktakes', { locationId: store.id, category: 'necklace' })).statusCode).toBe(201);

    const cancelled = await api().post(`/api/stocktakes/${stocktake.id}/cancel`, {});
    expect(cancelled.json().status).toBe('cancelled');
    expect((await api().post(`/api/stocktakes/${stocktake.id}/scans`, scan('a', 1, 'X'))).statusCode).toBe(409);
    expect((await api().post('/api/stocktakes', { locationId: store.id })).statusCode).toBe(201);
  });

  it('hides cost from staff and denies a viewer', async () => {
    const { store, pieces, stocktake } = await storeWithCount();
    const sales = await signIn(signedIn.app(), database(), 'ja', { role: 'sales' });
    const viewer = await signIn(signedIn.app(), database(), 'ja', { role: 'viewer' });

    const report = await sales.get(`/api/stocktakes/${stocktake.id}/variances`);
    expect(report.statusCode).toBe(200);
    expect(report.json().missing[0].costAmount).toBeUndefined();
    expect(report.json().missing[0].retailAmount).toBe(30_000);
    expect(report.json().summary.missingCost).toBeUndefined();
    expect((await sales.post(`/api/stocktakes/${stocktake.id}/scans`, scan('s', 1, pieces[0]!.stock_number))).statusCode).toBe(200);
    expect((await sales.post(`/api/stocktakes/${stocktake.id}/post`, {})).statusCode).toBe(403);

    expect((await viewer.post('/api/stocktakes', { locationId: store.id, category: 'ring' })).statusCode).toBe(403);
    expect((await viewer.post(`/api/stocktakes/${stocktake.id}/scans`, scan('v', 1, pieces[0]!.stock_number))).statusCode).toBe(403);
    expect((await viewer.get(`/api/stocktakes/${stocktake.id}/variances`)).statusCode).toBe(403);
  });
});
