import PDFDocument from 'pdfkit';
import { describe, expect, it, vi } from 'vitest';
import { signIn, useSignedInApp, type ApiClient } from '../../../test/helpers/app.js';
import { describeEachDatabase } from '../../../test/helpers/database.js';
import { consignTestItem } from '../../../test/helpers/consignment.js';
import { createTestLocation, quantityAt, receiveTestItem } from '../../../test/helpers/factories.js';
import type { Db } from '../../db/database.js';
import type { Item } from '../../db/schema.js';
import { businessDate } from '../../shared/time.js';
import { verifyLedger } from '../ledger/service.js';
import { eventsFor, ITEM_AVAILABILITY_CHANGED } from '../outbox/service.js';
import { deriveState } from './reconciliation.js';

// Exhibitions through the HTTP API: carry-out, a sale at the exhibition's register,
// check-in, the reconciliation and closing.

interface Exhibition {
  id: number;
  locationId: number;
  locationCode: string;
  status: string;
  registers: Array<{ id: number }>;
}

interface Line {
  itemId: number;
  stockNumber: string;
  state: string;
  keepListed: boolean;
  soldBy: { number: string } | null;
  cost?: number;
  consignor: { id: number; code: string; name: string } | null;
}

async function itemRow(db: Db, itemId: number) {
  return db.selectFrom('items').select(['status', 'keep_listed_away']).where('id', '=', itemId).executeTakeFirstOrThrow();
}

async function availabilityReasons(db: Db, itemId: number): Promise<unknown[]> {
  const events = await eventsFor(db, 'item', itemId);
  return events.filter((event) => event.topic === ITEM_AVAILABILITY_CHANGED).map((event) => event.payload.reason);
}

function lineFor(lines: Line[], item: Item): Line {
  const line = lines.find((candidate) => candidate.itemId === item.id);
  if (!line) throw new Error(`${item.stock_number} is not on the list`);
  return line;
}

describeEachDatabase('exhibitions', (database) => {
  const signedIn = useSignedInApp(database);
  const api = () => signedIn.api();

  async function setUp(options: { startsOn?: string; withdrawFromChannels?: boolean; pieces?: number } = {}) {
    const db = database().db;
    const store = await createTestLocation(db);
    const pieces: Item[] = [];
    for (let index = 0; index < (options.pieces ?? 3); index += 1) {
      pieces.push(await receiveTestItem(db, { locationId: store.id, retailPrice: 100_000 + index * 10_000, cost: 40_000 }));
    }
    const today = businessDate();
    const created = await api().post('/api/exhibitions', {
      name: '秋の宝飾展示会',
      venue: '東京国際フォーラム ホールB',
      startsOn: options.startsOn ?? today,
      endsOn: options.startsOn ?? today,
      homeLocationId: store.id,
      withdrawFromChannels: options.withdrawFromChannels ?? true,
    });
    expect(created.statusCode, created.body).toBe(201);
    return { db, store, pieces, exhibition: created.json() as Exhibition };
  }

  async function carryOut(exhibition: Exhibition, fromLocationId: number, code: string, keepListed?: boolean, client: ApiClient = api()) {
    return client.post(`/api/exhibitions/${exhibition.id}/carry-out`, { fromLocationId, code, keepListed });
  }

  async function reconciliation(exhibition: Exhibition, client: ApiClient = api()) {
    const response = await client.get(`/api/exhibitions/${exhibition.id}/reconciliation`);
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as { status: string; lines: Line[]; totals: Record<string, { count: number; retailTotal: number; totalCost?: number }> };
  }

  it('runs an exhibition with one piece missing', async () => {
    const { db, store, pieces, exhibition } = await setUp();
    const [sold, returned, lost] = pieces as [Item, Item, Item];

    // The exhibition is a location of its own with a register for the counter screen.
    expect(exhibition.status).toBe('planned');
    expect(exhibition.locationCode).toMatch(/^EX-\d{6}-\d+$/);
    expect(exhibition.registers).toHaveLength(1);
    const location = await db.selectFrom('locations').selectAll().where('id', '=', exhibition.locationId).executeTakeFirstOrThrow();
    expect(location.kind).toBe('exhibition');
    expect(location.starts_on).toBe(businessDate());

    // Carry out three pieces. The third stays listed on the channels.
    for (const [piece, keepListed] of [[sold, false], [returned, false], [lost, true]] as const) {
      const scanned = await carryOut(exhibition, store.id, piece.stock_number, keepListed);
      expect(scanned.statusCode, scanned.body).toBe(200);
      expect(scanned.json().result).toBe('carried_out');
      expect(await quantityAt(db, piece.id, exhibition.locationId)).toBe(1);
      expect(await availabilityReasons(db, piece.id)).toContain('exhibition_carry_out');
    }
    expect((await itemRow(db, sold.id)).keep_listed_away).toBe(0);
    expect((await itemRow(db, lost.id)).keep_listed_away).toBe(1);
    expect((await api().get(`/api/exhibitions/${exhibition.id}`)).json().status).toBe('open');

    // A second scan of the same tag is a notice, not a second move.
    const again = await carryOut(exhibition, store.id, sold.stock_number);
    expect(again.statusCode).toBe(200);
    expect(again.json().result).toBe('already_listed');
    const carryOuts = await db.selectFrom('stock_movements').select('id').where('item_id', '=', sold.id).where('kind', '=', 'exhibition_carry_out').execute();
    expect(carryOuts).toHaveLength(1);

    // A sale on the counter screen at the exhibition's register.
    const sale = await api().post('/api/sales', {
      registerId: exhibition.registers[0]!.id,
      lines: [{ itemId: sold.id }],
      payments: [{ method: 'cash', amount: sold.retail_price }],
    });
    expect(sale.statusCode, sale.body).toBe(201);
    const saleNumber = sale.json().number as string;

    // Check in one piece to the home location. A second scan is a duplicate notice.
    const checkedIn = await api().post(`/api/exhibitions/${exhibition.id}/check-in`, { code: returned.stock_number });
    expect(checkedIn.statusCode, checkedIn.body).toBe(200);
    expect(checkedIn.json()).toMatchObject({ result: 'checked_in', line: { state: 'returned' } });
    expect(await quantityAt(db, returned.id, store.id)).toBe(1);
    expect(await availabilityReasons(db, returned.id)).toContain('exhibition_check_in');
    const duplicate = await api().post(`/api/exhibitions/${exhibition.id}/check-in`, { code: returned.stock_number });
    expect(duplicate.json().result).toBe('already_checked_in');

    // The sold piece needs no check-in, and the message names the sale.
    const soldScan = await api().post(`/api/exhibitions/${exhibition.id}/check-in`, { code: sold.stock_number });
    expect(soldScan.statusCode).toBe(409);
    expect(soldScan.json().error.code).toBe('item_sold_at_exhibition');
    expect(soldScan.json().error.message).toContain(saleNumber);

    // Finishing check-in leaves the third piece missing.
    const finished = await api().post(`/api/exhibitions/${exhibition.id}/finish-check-in`);
    expect(finished.statusCode, finished.body).toBe(200);
    expect(finished.json().markedMissing).toEqual([lost.id]);
    const before = await reconciliation(exhibition);
    expect(before.status).toBe('checking_in');
    expect(lineFor(before.lines, sold)).toMatchObject({ state: 'sold', soldBy: { number: saleNumber } });
    expect(lineFor(before.lines, returned).state).toBe('returned');
    expect(lineFor(before.lines, lost).state).toBe('missing');
    expect(before.totals.sold).toEqual({ count: 1, retailTotal: sold.retail_price, totalCost: 40_000 });
    expect(before.totals.missing).toEqual({ count: 1, retailTotal: lost.retail_price, totalCost: 40_000 });
    expect(before.totals.out!.count).toBe(0);
    expect(before.totals.all!.count).toBe(3);

    // Close is rejected while the piece is missing, naming it.
    const refused = await api().post(`/api/exhibitions/${exhibition.id}/close`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('close_blocked');
    expect(refused.json().error.message).toContain(lost.stock_number);

    // Written off as stolen at the exhibition's location.
    const resolved = await api().post(`/api/exhibitions/${exhibition.id}/items/${lost.id}/resolve`, {
      resolution: 'written_off',
      writeOffReason: 'theft',
      note: '最終日の撤収時に紛失',
    });
    expect(resolved.statusCode, resolved.body).toBe(200);
    expect(resolved.json().line.state).toBe('written_off');
    expect(resolved.json().writeOff).toMatchObject({ locationId: exhibition.locationId, reason: 'theft', totalCost: 40_000 });
    expect((await itemRow(db, lost.id)).status).toBe('written_off');
    expect((await itemRow(db, lost.id)).keep_listed_away).toBe(0);
    expect(await quantityAt(db, lost.id, exhibition.locationId)).toBe(0);

    // Now it closes, and the location and its register stop.
    const closed = await api().post(`/api/exhibitions/${exhibition.id}/close`);
    expect(closed.statusCode, closed.body).toBe(200);
    expect(closed.json().status).toBe('closed');
    const after = await db.selectFrom('locations').select('is_active').where('id', '=', exhibition.locationId).executeTakeFirstOrThrow();
    expect(after.is_active).toBe(0);
    const register = await db.selectFrom('registers').select('is_active').where('id', '=', exhibition.registers[0]!.id).executeTakeFirstOrThrow();
    expect(register.is_active).toBe(0);
    const stored = await db.selectFrom('exhibition_items').select(['item_id', 'state']).where('exhibition_id', '=', exhibition.id).orderBy('id').execute();
    expect(stored.map((row) => row.state)).toEqual(['sold', 'returned', 'written_off']);

    const actions = await db.selectFrom('audit_events').select(['action', 'location_id']).where('entity_type', '=', 'exhibition').where('entity_id', '=', String(exhibition.id)).execute();
    expect(new Set(actions.map((row) => row.location_id))).toEqual(new Set([exhibition.locationId]));
    expect(new Set(actions.map((row) => row.action))).toEqual(
      new Set(['exhibition.create', 'exhibition.carry_out', 'exhibition.check_in', 'exhibition.resolve', 'exhibition.close']),
    );
    expect(await verifyLedger(db)).toEqual([]);

    const late = await carryOut(exhibition, store.id, returned.stock_number);
    expect(late.statusCode).toBe(409);
    expect(late.json().error.code).toBe('exhibition_closed');
    expect(late.json().error.message).toBe(
      'Exhibition "秋の宝飾展示会" is closed and cannot be changed. To carry pieces out again, create a new exhibition. To move a piece that came back to another location, use a transfer.',
    );
    const japanese = await signIn(signedIn.app(), database(), 'ja');
    const lateInJapanese = await carryOut(exhibition, store.id, returned.stock_number, false, japanese);
    expect(lateInJapanese.json().error.message).toContain('新しい展示会を作成してください');
    expect(lateInJapanese.json().error.message).toContain('在庫移動');
  });

  it('rejects a piece held elsewhere', async () => {
    const { db, store, exhibition } = await setUp({ pieces: 0 });
    const elsewhere = await createTestLocation(db);
    const piece = await receiveTestItem(db, { locationId: elsewhere.id });

    const english = await carryOut(exhibition, store.id, piece.stock_number);
    expect(english.statusCode).toBe(409);
    expect(english.json().error.code).toBe('piece_not_at_location');
    expect(english.json().error.message).toBe(
      `${piece.stock_number} is not at ${store.name} (now: ${elsewhere.name}). Check the location you carry out from.`,
    );

    const japanese = await signIn(signedIn.app(), database(), 'ja');
    const inJapanese = await carryOut(exhibition, store.id, piece.stock_number, false, japanese);
    expect(inJapanese.json().error.message).toContain(`${piece.stock_number} は ${store.name} にありません`);

    const unknown = await carryOut(exhibition, store.id, 'NO-SUCH-TAG');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.code).toBe('item_code_not_found');
    expect(await quantityAt(db, piece.id, elsewhere.id)).toBe(1);
  });

  it('rejects checking in a piece not on the list', async () => {
    const { db, store, pieces, exhibition } = await setUp({ pieces: 2 });
    await carryOut(exhibition, store.id, pieces[0]!.stock_number);

    const response = await api().post(`/api/exhibitions/${exhibition.id}/check-in`, { code: pieces[1]!.stock_number });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('item_not_on_list');
    expect(response.json().error.message).toContain(pieces[1]!.stock_number);
    expect(await quantityAt(db, pieces[1]!.id, store.id)).toBe(1);
  });

  it('carries out in bulk, full-width too', async () => {
    const { db, store, pieces, exhibition } = await setUp();
    const fullWidth = pieces[0]!.stock_number.normalize('NFKC').replace(/[0-9A-Za-z-]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

    const bulk = await api().post(`/api/exhibitions/${exhibition.id}/carry-out/bulk`, {
      fromLocationId: store.id,
      codes: [fullWidth, pieces[1]!.stock_number, pieces[1]!.stock_number],
    });
    expect(bulk.statusCode, bulk.body).toBe(200);
    expect(bulk.json().results.map((result: { result: string }) => result.result)).toEqual(['carried_out', 'carried_out', 'already_listed']);

    // One bad code fails the whole request and names its row.
    const failing = await api().post(`/api/exhibitions/${exhibition.id}/carry-out/bulk`, {
      fromLocationId: store.id,
      codes: [pieces[2]!.stock_number, 'NO-SUCH-TAG'],
    });
    expect(failing.statusCode).toBe(404);
    expect(failing.json().error.details.field).toBe('codes.1');
    expect(await quantityAt(db, pieces[2]!.id, store.id)).toBe(1);
  });

  it('keeps pieces listed without withdrawal', async () => {
    const { db, store, pieces, exhibition } = await setUp({ pieces: 1, withdrawFromChannels: false });
    const scanned = await carryOut(exhibition, store.id, pieces[0]!.stock_number, false);
    expect(scanned.json().line.keepListed).toBe(true);
    expect((await itemRow(db, pieces[0]!.id)).keep_listed_away).toBe(1);
  });

  it('removes a piece before the first day', async () => {
    const { db, store, pieces, exhibition } = await setUp({ startsOn: '2099-03-01', pieces: 1 });
    const piece = pieces[0]!;
    await carryOut(exhibition, store.id, piece.stock_number);

    const removed = await api().delete(`/api/exhibitions/${exhibition.id}/items/${piece.id}`);
    expect(removed.statusCode, removed.body).toBe(200);
    expect(removed.json().result).toBe('removed');
    expect(await quantityAt(db, piece.id, store.id)).toBe(1);
    expect((await reconciliation(exhibition)).lines).toEqual([]);

    // Once check-in has started, a piece goes back only by check-in.
    await carryOut(exhibition, store.id, piece.stock_number);
    await api().post(`/api/exhibitions/${exhibition.id}/finish-check-in`);
    const late = await api().delete(`/api/exhibitions/${exhibition.id}/items/${piece.id}`);
    expect(late.statusCode).toBe(409);
    expect(late.json().error.code).toBe('removal_not_allowed');
  });

  it('resolves a missing piece as found', async () => {
    const { db, store, pieces, exhibition } = await setUp({ pieces: 1 });
    const piece = pieces[0]!;
    const other = await createTestLocation(db);
    await carryOut(exhibition, store.id, piece.stock_number);
    await api().post(`/api/exhibitions/${exhibition.id}/finish-check-in`);

    const found = await api().post(`/api/exhibitions/${exhibition.id}/items/${piece.id}/resolve`, {
      resolution: 'found',
      toLocationId: other.id,
      note: '梱包箱の底から見つかった',
    });
    expect(found.statusCode, found.body).toBe(200);
    expect(found.json().line).toMatchObject({ state: 'returned', resolutionNote: '梱包箱の底から見つかった' });
    expect(await quantityAt(db, piece.id, other.id)).toBe(1);

    const twice = await api().post(`/api/exhibitions/${exhibition.id}/items/${piece.id}/resolve`, { resolution: 'found', note: 'again' });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error.code).toBe('item_not_at_exhibition');
    expect((await api().post(`/api/exhibitions/${exhibition.id}/close`)).statusCode).toBe(200);
  });

  it('counts a voided sale as out again', async () => {
    const { db, store, pieces, exhibition } = await setUp({ pieces: 1 });
    const piece = pieces[0]!;
    await carryOut(exhibition, store.id, piece.stock_number);
    const sale = await api().post('/api/sales', {
      registerId: exhibition.registers[0]!.id,
      lines: [{ itemId: piece.id }],
      payments: [{ method: 'card', amount: piece.retail_price }],
    });
    expect(sale.statusCode, sale.body).toBe(201);
    expect(lineFor((await reconciliation(exhibition)).lines, piece).state).toBe('sold');

    const voided = await api().post(`/api/sales/${sale.json().id}/void`, { reason: '打ち間違い' });
    expect(voided.statusCode, voided.body).toBe(200);
    expect(lineFor((await reconciliation(exhibition)).lines, piece)).toMatchObject({ state: 'out', soldBy: null });

    // Left out at the finish, then scanned late: checked in and resolved.
    await api().post(`/api/exhibitions/${exhibition.id}/finish-check-in`);
    expect(lineFor((await reconciliation(exhibition)).lines, piece).state).toBe('missing');
    const late = await api().post(`/api/exhibitions/${exhibition.id}/check-in`, { code: piece.stock_number });
    expect(late.statusCode, late.body).toBe(200);
    expect(late.json()).toMatchObject({ result: 'checked_in', line: { state: 'returned' } });
    const stored = await db.selectFrom('exhibition_items').select(['state', 'resolved_at']).where('exhibition_id', '=', exhibition.id).executeTakeFirstOrThrow();
    expect(stored.state).toBe('returned');
    expect(stored.resolved_at).not.toBeNull();
    expect(await quantityAt(db, piece.id, store.id)).toBe(1);
  });

  it('blocks close on an offline conflict', async () => {
    const { db, store, pieces, exhibition } = await setUp({ pieces: 1 });
    await carryOut(exhibition, store.id, pieces[0]!.stock_number);
    await api().post(`/api/exhibitions/${exhibition.id}/check-in`, { code: pieces[0]!.stock_number });
    const conflict = await db
      .insertInto('offline_sales')
      .values({
        client_ref: `test-${exhibition.id}`,
        register_id: exhibition.registers[0]!.id,
        sold_at_device: new Date().toISOString(),
        received_at: new Date().toISOString(),
        outcome: 'conflict',
        conflict_code: 'item_not_available',
        payload_json: '{}',
      })
      .returning('id')
      .executeTakeFirstOrThrow();

    const refused = await api().post(`/api/exhibitions/${exhibition.id}/close`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.message).toContain('1 unresolved offline sale conflict');

    await db.updateTable('offline_sales').set({ resolved_at: new Date().toISOString() }).where('id', '=', conflict.id).execute();
    expect((await api().post(`/api/exhibitions/${exhibition.id}/close`)).statusCode).toBe(200);
  });

  it('grants staff access and hides cost', async () => {
    const { db, store, pieces, exhibition } = await setUp({ pieces: 1 });
    const seller = await signIn(signedIn.app(), database(), 'en', { role: 'sales', locationIds: [store.id] });
    const updated = await api().put(`/api/exhibitions/${exhibition.id}`, {
      name: '秋の宝飾展示会（延長）',
      startsOn: '2026-10-01',
      endsOn: '2026-10-04',
      homeLocationId: store.id,
      staffUserIds: [seller.userId],
    });
    expect(updated.statusCode, updated.body).toBe(200);
    expect(updated.json().staff.map((member: { userId: number }) => member.userId)).toEqual([seller.userId]);
    const grant = await db.selectFrom('user_locations').selectAll().where('user_id', '=', seller.userId).where('location_id', '=', exhibition.locationId).executeTakeFirst();
    expect(grant).toBeDefined();
    const location = await db.selectFrom('locations').select(['name', 'ends_on']).where('id', '=', exhibition.locationId).executeTakeFirstOrThrow();
    expect(location).toEqual({ name: '秋の宝飾展示会（延長）', ends_on: '2026-10-04' });

    // The seller scans, but gets no cost and may not write off.
    const scanned = await carryOut(exhibition, store.id, pieces[0]!.stock_number, false, seller);
    expect(scanned.statusCode, scanned.body).toBe(200);
    const seen = await reconciliation(exhibition, seller);
    expect(seen.lines[0]!.cost).toBeUndefined();
    expect(seen.totals.out!.totalCost).toBeUndefined();
    await seller.post(`/api/exhibitions/${exhibition.id}/finish-check-in`);
    const writeOff = await seller.post(`/api/exhibitions/${exhibition.id}/items/${pieces[0]!.id}/resolve`, { resolution: 'written_off', writeOffReason: 'loss', note: 'x' });
    expect(writeOff.statusCode).toBe(403);
    expect(writeOff.json().error.code).toBe('write_off_permission_required');
  });

  it('denies changes without the permission', async () => {
    const { store, pieces, exhibition } = await setUp({ pieces: 1 });
    const viewer = await signIn(signedIn.app(), database(), 'en', { role: 'viewer' });

    const created = await viewer.post('/api/exhibitions', { name: 'x', startsOn: '2026-10-01', endsOn: '2026-10-01', homeLocationId: store.id });
    expect(created.statusCode).toBe(403);
    expect(created.json().error.code).toBe('permission_denied');
    expect((await carryOut(exhibition, store.id, pieces[0]!.stock_number, false, viewer)).statusCode).toBe(403);
    expect((await viewer.get(`/api/exhibitions/${exhibition.id}/reconciliation`)).statusCode).toBe(200);
  });

  it('rejects an end date before the start', async () => {
    const store = await createTestLocation(database().db);
    const response = await api().post('/api/exhibitions', { name: 'x', startsOn: '2026-10-02', endsOn: '2026-10-01', homeLocationId: store.id });
    expect(response.statusCode).toBe(400);
    expect(JSON.stringify(response.json().error)).toContain('endsOn');
  });

  it('prints the carry-out list as a PDF', async () => {
    const { store, pieces, exhibition } = await setUp({ pieces: 1 });
    await carryOut(exhibition, store.id, pieces[0]!.stock_number);
    const pdf = await api().get(`/api/exhibitions/${exhibition.id}/carry-out-list.pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('names the consignor of a consigned piece', async () => {
    const { db, store, pieces, exhibition } = await setUp({ pieces: 1 });
    const consigned = await consignTestItem(db, { locationId: store.id });
    for (const piece of [pieces[0]!, consigned.item]) {
      expect((await carryOut(exhibition, store.id, piece.stock_number)).statusCode).toBe(200);
    }

    const { lines } = await reconciliation(exhibition);
    expect(lineFor(lines, consigned.item).consignor).toEqual({ id: consigned.consignorId, code: expect.any(String), name: 'テスト委託者' });
    expect(lineFor(lines, pieces[0]!).consignor).toBeNull();

    // Page contents are compressed, so the texts are read from pdfkit's text() calls.
    const japanese = await signIn(signedIn.app(), database(), 'ja');
    const spy = vi.spyOn(PDFDocument.prototype, 'text');
    let texts: string[];
    try {
      const pdf = await japanese.get(`/api/exhibitions/${exhibition.id}/carry-out-list.pdf`);
      expect(pdf.statusCode).toBe(200);
      texts = spy.mock.calls.map(([text]) => String(text));
    } finally {
      spy.mockRestore();
    }
    expect(texts).toContain('受託: テスト委託者');
    expect(texts.filter((text) => text.startsWith('受託: '))).toHaveLength(1);
  });
});

describe('exhibition piece state', () => {
  it('derives the state from the ledger', () => {
    const sale = { kind: 'sale' as const, documentType: 'sale', documentId: 1 };
    expect(deriveState('out', true, undefined)).toBe('out');
    expect(deriveState('missing', true, undefined)).toBe('missing');
    expect(deriveState('out', false, sale)).toBe('sold');
    expect(deriveState('missing', false, sale)).toBe('sold');
    expect(deriveState('sold', true, sale)).toBe('out');
    expect(deriveState('returned', false, undefined)).toBe('returned');
    expect(deriveState('out', false, { kind: 'write_off', documentType: 'write_off', documentId: 2 })).toBe('written_off');
    expect(deriveState('out', false, { kind: 'transfer_send', documentType: 'transfer', documentId: 3 })).toBe('returned');
  });
});
