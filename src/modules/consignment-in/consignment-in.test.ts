import { expect, it } from 'vitest';
import { signIn, useSignedInApp } from '../../../test/helpers/app.js';
import { describeEachDatabase } from '../../../test/helpers/database.js';
import { createTestLocation, createTestSupplier, quantityAt, uniqueCode } from '../../../test/helpers/factories.js';
import type { Db } from '../../db/database.js';
import type { Location } from '../../db/schema.js';
import { verifyLedger } from '../ledger/service.js';
import { eventsFor, ITEM_AVAILABILITY_CHANGED } from '../outbox/service.js';
import { reserveStock } from '../reservations/service.js';
import { businessDate } from '../../shared/time.js';
import { addBusinessDays } from '../consignment-out/notes.js';

// Consignment in through the HTTP API: consignors, agreements, receiving, counter sales of
// consigned pieces and their payables, and returning pieces to the consignor. Expected
// payables are worked out by hand in the comments from the rules in payables.ts.

interface Piece {
  id: number;
  stockNumber: string;
}

async function firstRegister(db: Db, location: Location): Promise<number> {
  const row = await db.selectFrom('registers').select('id').where('location_id', '=', location.id).orderBy('id').executeTakeFirstOrThrow();
  return row.id;
}

async function payablesOf(db: Db, itemId: number) {
  return db
    .selectFrom('consignment_payables')
    .select(['source_type', 'list_amount', 'discount_amount', 'sold_amount', 'commission_amount', 'fee_amount', 'amount', 'business_date'])
    .where('item_id', '=', itemId)
    .orderBy('id')
    .execute()
    .then((rows) => rows.map((row) => ({ ...row, list_amount: Number(row.list_amount), discount_amount: Number(row.discount_amount), sold_amount: Number(row.sold_amount), commission_amount: Number(row.commission_amount), fee_amount: Number(row.fee_amount), amount: Number(row.amount) })));
}

async function consignedStatus(db: Db, itemId: number): Promise<string> {
  return (await db.selectFrom('consigned_items').select('status').where('item_id', '=', itemId).executeTakeFirstOrThrow()).status;
}

async function itemStatus(db: Db, itemId: number): Promise<string> {
  return (await db.selectFrom('items').select('status').where('id', '=', itemId).executeTakeFirstOrThrow()).status;
}

function ring(name: string, retailPrice: number) {
  return { name, category: 'ring', metal: 'PT900', retailPrice };
}

describeEachDatabase('consignment in', (database) => {
  const signedIn = useSignedInApp(database);
  const api = () => signedIn.api();

  async function consignor(overrides: Record<string, unknown> = {}): Promise<{ id: number; name: string }> {
    const response = await api().post('/api/consignment/consignors', { code: uniqueCode('C'), name: '銀座宝石商会', kind: 'dealer', ...overrides });
    expect(response.statusCode, response.body).toBe(201);
    return response.json();
  }

  async function agreement(consignorId: number, overrides: Record<string, unknown> = {}): Promise<{ id: number; number: string }> {
    const response = await api().post('/api/consignment/agreements', {
      consignorId,
      terms: 'commission',
      commissionRatePercent: 20,
      discountBearer: 'consignor',
      startsOn: '2026-01-01',
      ...overrides,
    });
    expect(response.statusCode, response.body).toBe(201);
    return response.json();
  }

  async function receive(consignorId: number, agreementId: number, locationId: number, lines: unknown[]): Promise<Piece[]> {
    const response = await api().post('/api/consignment/receipts', { consignorId, agreementId, locationId, receivedOn: '2026-02-01', lines });
    expect(response.statusCode, response.body).toBe(201);
    return response.json().lines.map((line: { item: Piece }) => line.item);
  }

  async function setup(agreementOverrides: Record<string, unknown> = {}) {
    const db = database().db;
    const store = await createTestLocation(db);
    const owner = await consignor();
    const terms = await agreement(owner.id, agreementOverrides);
    return { db, store, owner, terms, registerId: await firstRegister(db, store) };
  }

  it('receives pieces at book cost 0 owned by the consignor', async () => {
    const { db, store, owner, terms } = await setup();
    expect(terms.number).toMatch(/^CA-2026-\d{6}$/);

    const response = await api().post('/api/consignment/receipts', {
      consignorId: owner.id,
      agreementId: terms.id,
      locationId: store.id,
      receivedOn: '2026-02-01',
      lines: [{ item: ring('Pt900 ダイヤリング', 110_000) }, { item: ring('Pt900 ルビーリング', 55_000), commissionRatePercent: 15.5, returnDueOn: '2026-08-31' }],
    });
    expect(response.statusCode, response.body).toBe(201);
    const receipt = response.json();
    expect(receipt).toMatchObject({ number: expect.stringMatching(/^CI-2026-\d{6}$/), consignorName: owner.name, lineCount: 2 });
    expect(receipt.lines.map((line: { terms: string; commissionRatePercent: number; returnDueOn: string | null }) => [line.terms, line.commissionRatePercent, line.returnDueOn])).toEqual([
      ['commission', 20, null],
      ['commission', 15.5, '2026-08-31'],
    ]);

    const [first, second] = receipt.lines.map((line: { item: Piece }) => line.item);
    const stored = await db.selectFrom('items').select(['ownership', 'cost', 'supplier_id', 'status']).where('id', '=', first.id).executeTakeFirstOrThrow();
    expect(stored).toEqual({ ownership: 'consignment_in', cost: 0, supplier_id: null, status: 'in_stock' });
    expect(await quantityAt(db, first.id, store.id)).toBe(1);
    const movement = await db.selectFrom('stock_movements').select(['kind', 'cost_amount', 'document_type']).where('item_id', '=', first.id).executeTakeFirstOrThrow();
    expect(movement).toEqual({ kind: 'consignment_in_receipt', cost_amount: 0, document_type: 'consignment_in_receipt' });
    const rates = await db.selectFrom('consigned_items').select(['item_id', 'commission_rate_bp', 'status']).where('receipt_id', '=', receipt.id).orderBy('item_id').execute();
    expect(rates).toEqual([
      { item_id: first.id, commission_rate_bp: 2000, status: 'held' },
      { item_id: second.id, commission_rate_bp: 1550, status: 'held' },
    ]);
    expect(await verifyLedger(db)).toEqual([]);

    const list = (await api().get(`/api/items?ownership=consignment_in&locationId=${store.id}`)).json();
    expect(list.items.map((item: { id: number; consignor: { name: string } }) => [item.id, item.consignor.name]).sort()).toEqual([
      [first.id, owner.name],
      [second.id, owner.name],
    ].sort());
    expect((await api().get(`/api/items?ownership=own&locationId=${store.id}`)).json().total).toBe(0);
    expect((await api().get(`/api/items/${first.id}`)).json()).toMatchObject({ ownership: 'consignment_in', consignor: { id: owner.id, name: owner.name } });

    const pieces = (await api().get(`/api/consignment/consignors/${owner.id}/pieces`)).json().pieces;
    expect(pieces.map((piece: { status: string; locations: Array<{ id: number }> }) => [piece.status, piece.locations.map((l) => l.id)])).toEqual([
      ['held', [store.id]],
      ['held', [store.id]],
    ]);
    const audit = await db.selectFrom('audit_events').select('action').where('entity_type', '=', 'consignment_in_receipt').where('entity_id', '=', String(receipt.id)).execute();
    expect(audit.map((event) => event.action)).toEqual(['consignment_in.receive']);
  });

  it('charges an item error to its receipt line', async () => {
    const { db, store, owner, terms } = await setup();
    const stockNumber = uniqueCode('CN-');
    const response = await api().post('/api/consignment/receipts', {
      consignorId: owner.id,
      agreementId: terms.id,
      locationId: store.id,
      receivedOn: '2026-02-01',
      lines: [{ item: { ...ring('First', 1_000), stockNumber } }, { item: { ...ring('Second', 1_000), stockNumber } }],
    });
    expect(response.statusCode).toBe(409);
    expect(response.json().error).toMatchObject({ code: 'stock_number_taken', details: { field: 'lines.1.item.stockNumber' } });
    expect(await db.selectFrom('consignment_in_receipts').select('id').where('consignor_id', '=', owner.id).execute()).toEqual([]);
  });

  it('keeps book cost 0 when a consigned piece is edited', async () => {
    const { db, store, owner, terms } = await setup();
    const [piece] = await receive(owner.id, terms.id, store.id, [{ item: ring('Edited ring', 20_000) }]);
    const supplier = await createTestSupplier(db);

    const edited = await api().put(`/api/items/${piece!.id}`, { ...ring('Edited ring 2', 25_000), cost: 15_000, supplierId: supplier.id });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json()).toMatchObject({ name: 'Edited ring 2', retailPrice: 25_000, cost: 0, supplierId: null, ownership: 'consignment_in' });
  });

  it('owes 80 % of a discounted counter sale, and nothing after the return', async () => {
    const { db, store, owner, terms, registerId } = await setup();
    const [piece] = await receive(owner.id, terms.id, store.id, [{ item: ring('Pt900 ダイヤリング', 110_000) }]);

    const sale = await api().post('/api/sales', {
      registerId,
      lines: [{ itemId: piece!.id, discount: { yen: 10_000 } }],
      payments: [{ method: 'cash', amount: 100_000 }],
    });
    expect(sale.statusCode, sale.body).toBe(201);
    const sold = sale.json();

    // ¥110,000 less ¥10,000, borne by the consignor: 20 % of ¥100,000 is ¥20,000, so ¥80,000 is owed.
    expect(await payablesOf(db, piece!.id)).toEqual([
      { source_type: 'sale', list_amount: 110_000, discount_amount: 10_000, sold_amount: 100_000, commission_amount: 20_000, fee_amount: 0, amount: 80_000, business_date: sold.businessDate },
    ]);
    expect(await consignedStatus(db, piece!.id)).toBe('sold');
    const open = (await api().get(`/api/consignment/consignors/${owner.id}/payables?open=true`)).json();
    expect(open.openAmount).toBe(80_000);
    expect(open.entries[0]).toMatchObject({ stockNumber: piece!.stockNumber, statementId: null, soldLineKey: `sale_line:${sold.lines[0].id}` });
    // Book cost 0 keeps the piece out of the cost of goods sold.
    expect(sold.lines[0].costAmount).toBe(0);

    const back = await api().post(`/api/sales/${sold.id}/returns`, {
      registerId,
      lines: [{ originalLineId: sold.lines[0].id }],
      refunds: [{ method: 'cash', amount: 100_000 }],
      reason: 'サイズが合わない',
    });
    expect(back.statusCode, back.body).toBe(201);
    const entries = await payablesOf(db, piece!.id);
    expect(entries.map((entry) => [entry.source_type, entry.amount])).toEqual([
      ['sale', 80_000],
      ['sale_return', -80_000],
    ]);
    expect(await consignedStatus(db, piece!.id)).toBe('held');
    expect((await api().get(`/api/consignment/consignors/${owner.id}`)).json()).toMatchObject({ heldCount: 1, openAmount: 0 });
  });

  it('allocates a document discount and card fees per line', async () => {
    const { db, store, owner, terms, registerId } = await setup({ feeBearer: 'consignor', feeRatePercent: 3.5 });
    const [first, second] = await receive(owner.id, terms.id, store.id, [{ item: ring('A', 110_000) }, { item: ring('B', 55_000) }]);

    const sold = (
      await api().post('/api/sales', {
        registerId,
        lines: [{ itemId: first!.id }, { itemId: second!.id }],
        reductions: [{ kind: 'discount', discount: { yen: 16_500 } }],
        payments: [{ method: 'card', amount: 100_000 }, { method: 'cash', amount: 48_500 }],
      })
    ).json();

    // ¥16,500 splits 11,000 : 5,500, so the lines end at ¥99,000 and ¥49,500 of ¥148,500.
    // Card paid 100,000 / 148,500 of each line: ¥66,666 and ¥33,333 bear the 3.5 % fee.
    // A: 99,000 - 19,800 commission - 2,333 fee = 76,867. B: 49,500 - 9,900 - 1,166 = 38,434.
    expect(await payablesOf(db, first!.id)).toMatchObject([{ sold_amount: 99_000, commission_amount: 19_800, fee_amount: 2_333, amount: 76_867 }]);
    expect(await payablesOf(db, second!.id)).toMatchObject([{ sold_amount: 49_500, commission_amount: 9_900, fee_amount: 1_166, amount: 38_434 }]);

    const back = await api().post(`/api/sales/${sold.id}/returns`, {
      registerId,
      lines: [{ originalLineId: sold.lines[1].id }],
      refunds: [{ method: 'cash', amount: 49_500 }],
      reason: 'changed mind',
    });
    expect(back.statusCode, back.body).toBe(201);
    expect((await payablesOf(db, second!.id)).map((entry) => entry.amount)).toEqual([38_434, -38_434]);
    expect((await payablesOf(db, first!.id)).map((entry) => entry.amount)).toEqual([76_867]);
  });

  it('corrects a quantity line returned in parts', async () => {
    const { db, store, owner, terms, registerId } = await setup();
    const [beads] = await receive(owner.id, terms.id, store.id, [{ item: { name: 'Pearl beads', category: 'other', tracking: 'quantity', unit: 'piece', retailPrice: 10_000 }, quantity: 3 }]);
    expect(await quantityAt(db, beads!.id, store.id)).toBe(3);
    const sold = (
      await api().post('/api/sales', { registerId, lines: [{ itemId: beads!.id, quantity: 3, discount: { yen: 3_000 } }], payments: [{ method: 'cash', amount: 27_000 }] })
    ).json();

    // One of three back: ¥20,000 list and ¥2,000 discount remain, so ¥14,400 is owed instead of ¥21,600.
    await api().post(`/api/sales/${sold.id}/returns`, { registerId, lines: [{ originalLineId: sold.lines[0].id, quantity: 1 }], refunds: [{ method: 'cash', amount: 9_000 }], reason: 'one too many' });
    expect((await payablesOf(db, beads!.id)).map((entry) => entry.amount)).toEqual([21_600, -7_200]);
    expect(await consignedStatus(db, beads!.id)).toBe('sold');

    await api().post(`/api/sales/${sold.id}/returns`, { registerId, lines: [{ originalLineId: sold.lines[0].id, quantity: 2 }], refunds: [{ method: 'cash', amount: 18_000 }], reason: 'all back' });
    expect((await payablesOf(db, beads!.id)).map((entry) => entry.amount)).toEqual([21_600, -7_200, -14_400]);
    expect(await consignedStatus(db, beads!.id)).toBe('held');
  });

  it('owes the agreed net amount of a net piece', async () => {
    const { db, store, owner, registerId } = await setup();
    const net = await agreement(owner.id, { terms: 'net', commissionRatePercent: null, discountBearer: 'shop' });
    const [piece] = await receive(owner.id, net.id, store.id, [{ item: ring('Net ring', 110_000), netAmount: 70_000 }]);

    await api().post('/api/sales', { registerId, lines: [{ itemId: piece!.id, discount: { percent: 10 } }], payments: [{ method: 'cash', amount: 99_000 }] });
    // The shop bears its own discount, so the consignor gets the whole ¥70,000.
    expect(await payablesOf(db, piece!.id)).toMatchObject([{ sold_amount: 99_000, amount: 70_000 }]);
  });

  it('takes the payable back when the sale is voided', async () => {
    const { db, store, owner, terms, registerId } = await setup();
    const [piece] = await receive(owner.id, terms.id, store.id, [{ item: ring('Void ring', 50_000) }]);
    const sold = (await api().post('/api/sales', { registerId, lines: [{ itemId: piece!.id }], payments: [{ method: 'cash', amount: 50_000 }] })).json();

    const voided = await api().post(`/api/sales/${sold.id}/void`, { reason: '打ち間違い' });
    expect(voided.statusCode, voided.body).toBe(200);
    expect((await payablesOf(db, piece!.id)).map((entry) => [entry.source_type, entry.amount])).toEqual([
      ['sale', 40_000],
      ['sale_void', -40_000],
    ]);
    expect(await consignedStatus(db, piece!.id)).toBe('held');
    expect(await quantityAt(db, piece!.id, store.id)).toBe(1);
  });

  it('returns unsold pieces to the consignor without a sale', async () => {
    const { db, store, owner, terms } = await setup();
    const [first, second] = await receive(owner.id, terms.id, store.id, [{ item: ring('Back 1', 30_000) }, { item: ring('Back 2', 40_000) }]);
    const salesBefore = await db.selectFrom('sales').select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();

    const response = await api().post('/api/consignment/returns', {
      consignorId: owner.id,
      locationId: store.id,
      lines: [{ stockNumber: first!.stockNumber }, { itemId: second!.id }],
    });
    expect(response.statusCode, response.body).toBe(201);
    const returned = response.json();
    expect(returned).toMatchObject({ number: expect.stringMatching(/^CB-\d{4}-\d{6}$/), consignorName: owner.name });
    expect(returned.lines.map((line: { itemId: number }) => line.itemId)).toEqual([first!.id, second!.id]);

    for (const piece of [first!, second!]) {
      expect(await quantityAt(db, piece.id, store.id)).toBe(0);
      expect(await itemStatus(db, piece.id)).toBe('returned_to_consignor');
      const consigned = await db.selectFrom('consigned_items').select(['status', 'return_id', 'returned_on']).where('item_id', '=', piece.id).executeTakeFirstOrThrow();
      expect(consigned).toMatchObject({ status: 'returned', return_id: returned.id, returned_on: returned.returnedOn });
      const events = await eventsFor(db, 'item', piece.id);
      expect(events.map((event) => [event.topic, event.payload.reason, event.payload.documentId])).toEqual([[ITEM_AVAILABILITY_CHANGED, 'consignment_return', returned.id]]);
    }
    const movement = await db.selectFrom('stock_movements').select(['kind', 'to_location_id']).where('item_id', '=', first!.id).orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(movement).toEqual({ kind: 'consignment_in_return', to_location_id: null });
    const salesAfter = await db.selectFrom('sales').select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
    expect(Number(salesAfter.count)).toBe(Number(salesBefore.count));
    expect(await verifyLedger(db)).toEqual([]);

    const again = await api().post('/api/consignment/returns', { consignorId: owner.id, locationId: store.id, lines: [{ itemId: first!.id }] });
    expect(again.statusCode).toBe(409);
    expect(again.json().error).toMatchObject({ code: 'piece_not_held', details: { field: 'lines.0' } });
  });

  it('refuses to return a reserved piece or another consignor’s', async () => {
    const { db, store, owner, terms } = await setup();
    const [reserved] = await receive(owner.id, terms.id, store.id, [{ item: ring('Reserved', 30_000) }]);
    await db.transaction().execute((trx) => reserveStock(trx, { itemId: reserved!.id, quantity: 1, holderType: 'channel_order', holderRef: `rakuten-${reserved!.id}`, userId: null }));

    const held = await api().post('/api/consignment/returns', { consignorId: owner.id, locationId: store.id, lines: [{ itemId: reserved!.id }] });
    expect(held.statusCode).toBe(409);
    expect(held.json().error.code).toBe('stock_reserved');
    expect(await quantityAt(db, reserved!.id, store.id)).toBe(1);
    expect(await db.selectFrom('consignment_returns').select('id').where('consignor_id', '=', owner.id).execute()).toEqual([]);

    const other = await consignor({ name: '別の委託者' });
    const wrong = await api().post('/api/consignment/returns', { consignorId: other.id, locationId: store.id, lines: [{ itemId: reserved!.id }] });
    expect(wrong.json().error.code).toBe('piece_not_held');
  });

  it('rejects receiving under an ended agreement or another consignor’s', async () => {
    const { store, owner, terms } = await setup();
    const other = await consignor();
    const foreign = await api().post('/api/consignment/receipts', { consignorId: other.id, agreementId: terms.id, locationId: store.id, receivedOn: '2026-02-01', lines: [{ item: ring('X', 1_000) }] });
    expect(foreign.json().error).toMatchObject({ code: 'agreement_of_other_consignor', details: { field: 'agreementId' } });

    const ended = await api().post(`/api/consignment/agreements/${terms.id}/end`);
    expect(ended.json().status).toBe('ended');
    const late = await api().post('/api/consignment/receipts', { consignorId: owner.id, agreementId: terms.id, locationId: store.id, receivedOn: '2026-02-01', lines: [{ item: ring('X', 1_000) }] });
    expect(late.statusCode).toBe(409);
    expect(late.json().error.code).toBe('agreement_ended');
  });

  it('words validation errors in Japanese naming the field', async () => {
    const japanese = await signIn(signedIn.app(), database(), 'ja');
    const individual = await japanese.post('/api/consignment/consignors', { code: uniqueCode('C'), name: '山田 花子', kind: 'individual', invoiceRegistrationNumber: 'T123' });
    expect(individual.statusCode).toBe(400);
    const fields = individual.json().error.details.fields as Array<{ field: string; message: string }>;
    expect(fields.map((field) => field.field).sort()).toEqual(['idCheckMethod', 'idCheckedOn', 'idDocumentNumber', 'invoiceRegistrationNumber']);
    expect(fields.find((field) => field.field === 'idCheckMethod')!.message).toContain('本人確認');

    const verified = await japanese.post('/api/consignment/consignors', {
      code: uniqueCode('C'),
      name: '山田 花子',
      kind: 'individual',
      idCheckMethod: 'driving_licence',
      idDocumentNumber: '123456789012',
      idCheckedOn: '2026-01-10',
    });
    expect(verified.statusCode, verified.body).toBe(201);
    expect(verified.json().idCheckedBy).toBe(japanese.userId);

    const noRate = await japanese.post('/api/consignment/agreements', { consignorId: verified.json().id, terms: 'commission', startsOn: '2026-01-01', commissionRatePercent: 12.345 });
    expect(noRate.json().error.details.fields).toEqual([{ field: 'commissionRatePercent', message: expect.stringContaining('小数点以下 2 桁') }]);

    const net = await japanese.post('/api/consignment/agreements', { consignorId: verified.json().id, terms: 'net', startsOn: '2026-01-01' });
    expect(net.statusCode, net.body).toBe(201);
    const store = await createTestLocation(database().db);
    const missing = await japanese.post('/api/consignment/receipts', { consignorId: verified.json().id, agreementId: net.json().id, locationId: store.id, receivedOn: '2026-02-01', lines: [{ item: ring('指輪', 10_000) }] });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error).toMatchObject({ code: 'net_amount_required', details: { field: 'lines.0.netAmount' } });
    expect(missing.json().error.message).toContain('1 行目');
  });

  it('rejects an individual number under any method', async () => {
    const english = await signIn(signedIn.app(), database(), 'en');
    const japanese = await signIn(signedIn.app(), database(), 'ja');
    const person = { name: '山田 花子', kind: 'individual', idCheckedOn: '2026-01-10' };
    const cases = [
      { kind: 'individual', idCheckMethod: 'my_number_card', idDocumentNumber: '123456789012' },
      { kind: 'individual', idCheckMethod: 'passport', idDocumentNumber: '１２３４－５６７８－９０１２' },
      { kind: 'dealer', idCheckMethod: 'other', idDocumentNumber: '1234 5678 9012' },
      { kind: 'dealer', idCheckMethod: null, idDocumentNumber: '123456789012' },
    ];

    for (const identity of cases) {
      const response = await english.post('/api/consignment/consignors', { ...person, code: uniqueCode('C'), ...identity });
      expect(response.statusCode, JSON.stringify(identity)).toBe(400);
      const fields = response.json().error.details.fields as Array<{ field: string; message: string }>;
      expect(fields).toEqual([{ field: 'idDocumentNumber', message: expect.stringContaining('must not be recorded') }]);
    }
    const inJapanese = await japanese.post('/api/consignment/consignors', { ...person, code: uniqueCode('C'), idCheckMethod: 'my_number_card', idDocumentNumber: '123456789012' });
    expect(inJapanese.json().error.details.fields[0].message).toContain('個人番号（マイナンバー）は記録できません');

    const expiry = await english.post('/api/consignment/consignors', { ...person, code: uniqueCode('C'), idCheckMethod: 'my_number_card', idDocumentNumber: '有効期限 2034-05-01' });
    expect(expiry.statusCode, expiry.body).toBe(201);
    const stored = await database().db.selectFrom('consignors').select('id_document_number').where('id', '=', expiry.json().id).executeTakeFirstOrThrow();
    expect(stored.id_document_number).toBe('有効期限 2034-05-01');
  });

  it('rejects receiving and returning in the future', async () => {
    const { store, owner, terms } = await setup();
    const tomorrow = addBusinessDays(businessDate(), 1);
    const [piece] = await receive(owner.id, terms.id, store.id, [{ item: ring('Today', 10_000) }]);

    const received = await api().post('/api/consignment/receipts', { consignorId: owner.id, agreementId: terms.id, locationId: store.id, receivedOn: tomorrow, lines: [{ item: ring('Later', 1_000) }] });
    expect(received.statusCode).toBe(400);
    expect(received.json().error.details.fields).toEqual([{ field: 'receivedOn', message: expect.stringContaining(`receiving date ${tomorrow} is in the future`) }]);

    const returned = await api().post('/api/consignment/returns', { consignorId: owner.id, locationId: store.id, returnedOn: tomorrow, lines: [{ itemId: piece!.id }] });
    expect(returned.statusCode).toBe(400);
    expect(returned.json().error.details.fields).toEqual([{ field: 'returnedOn', message: expect.stringContaining(`return date ${tomorrow} is in the future`) }]);

    const today = await api().post('/api/consignment/returns', { consignorId: owner.id, locationId: store.id, returnedOn: businessDate(), lines: [{ itemId: piece!.id }] });
    expect(today.statusCode, today.body).toBe(201);
  });

  it('requires the charges a consignor bears', async () => {
    const owner = await consignor();
    const base = { consignorId: owner.id, terms: 'commission', commissionRatePercent: 20, startsOn: '2026-01-01' };

    const noFee = await api().post('/api/consignment/agreements', { ...base, feeBearer: 'consignor' });
    expect(noFee.statusCode).toBe(400);
    expect(noFee.json().error.details.fields).toEqual([{ field: 'feeRatePercent', message: expect.stringContaining('fee rate (percent) above 0') }]);

    const noShipping = await api().post('/api/consignment/agreements', { ...base, shippingBearer: 'consignor', shippingCost: 0 });
    expect(noShipping.statusCode).toBe(400);
    expect(noShipping.json().error.details.fields).toEqual([{ field: 'shippingCost', message: expect.stringContaining('shipping cost (yen per shipment) above 0') }]);

    const charged = await api().post('/api/consignment/agreements', { ...base, feeBearer: 'consignor', feeRatePercent: 3.24, shippingBearer: 'consignor', shippingCost: 800 });
    expect(charged.statusCode, charged.body).toBe(201);
    expect(charged.json()).toMatchObject({ feeRatePercent: 3.24, shippingCost: 800 });
  });

  it('edits, finds and deactivates a consignor', async () => {
    const code = uniqueCode('C');
    const created = await consignor({ code, name: '山田 花子', nameKana: 'ヤマダ ハナコ', kind: 'individual', idCheckMethod: 'passport', idDocumentNumber: 'TK1234567', idCheckedOn: '2026-01-10', bankAccount: '三井住友 銀座支店 普通 1234567 ヤマダ ハナコ' });
    const found = (await api().get(`/api/consignment/consignors?q=${encodeURIComponent('ﾔﾏﾀﾞ')}`)).json();
    expect(found.consignors.map((row: { code: string }) => row.code)).toContain(code);

    const updated = await api().put(`/api/consignment/consignors/${created.id}`, { code, name: '山田 花子', kind: 'individual', idCheckMethod: 'passport', idDocumentNumber: 'TK1234567', idCheckedOn: '2026-01-10', phone: '090-1111-2222' });
    expect(updated.statusCode, updated.body).toBe(200);
    expect(updated.json()).toMatchObject({ phone: '090-1111-2222', bankAccount: null, idCheckedBy: api().userId });

    const deactivated = await api().post(`/api/consignment/consignors/${created.id}/deactivate`);
    expect(deactivated.json().isActive).toBe(false);
    const active = (await api().get('/api/consignment/consignors')).json();
    expect(active.consignors.map((row: { code: string }) => row.code)).not.toContain(code);
    const rejected = await api().post('/api/consignment/agreements', { consignorId: created.id, terms: 'commission', commissionRatePercent: 20, startsOn: '2026-01-01' });
    expect(rejected.json().error.code).toBe('consignor_inactive');

    // The trail keeps the change but not the person's bank account, identity document or phone.
    const events = await database().db.selectFrom('audit_events').select(['action', 'after_json']).where('entity_type', '=', 'consignor').where('entity_id', '=', String(created.id)).orderBy('id').execute();
    expect(events.map((event) => event.action)).toEqual(['consignor.create', 'consignor.update', 'consignor.update']);
    const first = JSON.parse(events[0]!.after_json!);
    expect(first).toMatchObject({ bankAccount: '[masked]', idDocumentNumber: '[masked]', name: '山田 花子' });
    expect(JSON.parse(events[1]!.after_json!).phone).toBe('[masked]');
  });

  it('names the consignor of pieces listed by id', async () => {
    const { db, store, owner, terms } = await setup();
    const [piece] = await receive(owner.id, terms.id, store.id, [{ item: ring('Tagged', 10_000) }]);
    const own = await db.selectFrom('items').select('id').where('ownership', '=', 'own').limit(1).executeTakeFirst();
    const ids = [piece!.id, own?.id ?? 999_999].join(',');

    const response = await api().get(`/api/consignment/item-consignors?ids=${ids}`);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().items).toEqual([{ itemId: piece!.id, consignor: { id: owner.id, code: expect.any(String), name: owner.name } }]);
  });

  it('denies consignment work to a role without consignment.manage', async () => {
    const { store, owner } = await setup();
    const clerk = await signIn(signedIn.app(), database(), 'en', { role: 'sales', locationIds: [store.id] });
    const denied = await clerk.post('/api/consignment/consignors', { code: uniqueCode('C'), name: 'X', kind: 'dealer' });
    expect(denied.statusCode).toBe(403);
    expect((await clerk.get('/api/consignment/consignors')).statusCode).toBe(403);
    expect((await clerk.post('/api/consignment/returns', { consignorId: owner.id, locationId: store.id, lines: [{ itemId: 1 }] })).statusCode).toBe(403);
    // Pieces are stock, which the sales role may see.
    expect((await clerk.get(`/api/consignment/consignors/${owner.id}/pieces`)).statusCode).toBe(200);
  });
});
