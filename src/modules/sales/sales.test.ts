import { parse } from 'csv-parse/sync';
import { expect, it } from 'vitest';
import { signIn, useSignedInApp } from '../../../test/helpers/app.js';
import { describeEachDatabase } from '../../../test/helpers/database.js';
import { createTestLocation, quantityAt, receiveTestItem } from '../../../test/helpers/factories.js';
import type { Db } from '../../db/database.js';
import type { Item, Location } from '../../db/schema.js';
import { verifyLedger } from '../ledger/service.js';
import { eventsFor, ITEM_AVAILABILITY_CHANGED } from '../outbox/service.js';
import { reserveStock } from '../reservations/service.js';

// Counter sales through the HTTP API. Expected figures are worked out by hand in the
// comments, from the rules in docs/tax.md.

async function setRounding(db: Db, rounding: 'down' | 'half_up' | 'up'): Promise<void> {
  await db.updateTable('company_settings').set({ tax_rounding: rounding, invoice_registration_number: 'T1234567890123' }).where('id', '=', 1).execute();
}

async function firstRegister(db: Db, location: Location): Promise<number> {
  const row = await db.selectFrom('registers').select('id').where('location_id', '=', location.id).orderBy('id').executeTakeFirstOrThrow();
  return row.id;
}

async function statusOf(db: Db, itemId: number): Promise<string> {
  return (await db.selectFrom('items').select('status').where('id', '=', itemId).executeTakeFirstOrThrow()).status;
}

describeEachDatabase('counter sales', (database) => {
  const signedIn = useSignedInApp(database);
  const api = () => signedIn.api();

  async function counter() {
    const db = database().db;
    await setRounding(db, 'down');
    const store = await createTestLocation(db);
    return { db, store, registerId: await firstRegister(db, store) };
  }

  it('sells mixed rates with a document discount, allocating it across the rates', async () => {
    const { db, store, registerId } = await counter();
    const ring = await receiveTestItem(db, { locationId: store.id, retailPrice: 132_000, cost: 50_000 });
    const sweets = await receiveTestItem(db, { locationId: store.id, name: 'Gift sweets', category: 'other', retailPrice: 3_240, taxRatePercent: 8, cost: 1_000 });

    const response = await api().post('/api/sales', {
      registerId,
      lines: [{ itemId: ring.id }, { itemId: sweets.id }],
      reductions: [{ kind: 'discount', discount: { yen: 1_000 } }],
      payments: [{ method: 'cash', amount: 134_240, tendered: 140_000 }],
    });
    expect(response.statusCode, response.body).toBe(201);
    const sale = response.json();

    // ¥1,000 over 132,000 : 3,240 is 976.04 : 23.96, so the largest remainder gives 976 and 24.
    expect(sale.lines.map((line: { allocatedReduction: number; finalAmount: number }) => [line.allocatedReduction, line.finalAmount])).toEqual([
      [976, 131_024],
      [24, 3_216],
    ]);
    // 131,024 × 10/110 = 11,911.27 and 3,216 × 8/108 = 238.22, both rounded down.
    expect(sale.taxRates).toEqual([
      { ratePercent: 10, amount: 131_024, total: 131_024, net: 119_113, tax: 11_911 },
      { ratePercent: 8, amount: 3_216, total: 3_216, net: 2_978, tax: 238 },
    ]);
    expect(sale).toMatchObject({ number: expect.stringMatching(/^S-\d{4}-\d{6}$/), subtotal: 135_240, reductionTotal: 1_000, total: 134_240, taxTotal: 12_149 });
    expect(sale.payments).toEqual([{ method: 'cash', amount: 134_240, tendered: 140_000, change: 5_760, reference: null }]);
    expect(sale.staff).toEqual([{ userId: api().userId, displayName: expect.any(String), sharePercent: 100 }]);
    expect(sale.invoiceRegistrationNumber).toBe('T1234567890123');

    expect(await quantityAt(db, ring.id, store.id)).toBe(0);
    expect(await statusOf(db, ring.id)).toBe('sold');
    expect(await verifyLedger(db)).toEqual([]);
    const movements = await db.selectFrom('stock_movements').select(['kind', 'document_id']).where('item_id', '=', ring.id).orderBy('id').execute();
    expect(movements.at(-1)).toEqual({ kind: 'sale', document_id: sale.id });
    const events = await eventsFor(db, 'item', ring.id);
    expect(events.map((event) => [event.topic, event.payload.reason, event.payload.documentId])).toEqual([[ITEM_AVAILABILITY_CHANGED, 'sale', sale.id]]);
    const audit = await db.selectFrom('audit_events').select('action').where('entity_type', '=', 'sale').where('entity_id', '=', String(sale.id)).execute();
    expect(audit.map((event) => event.action)).toEqual(['sale.complete']);

    expect((await api().get(`/api/sales/${sale.id}`)).json()).toEqual(sale);
  });

  it.each([
    // ¥1,000 tax-included at 10 %: 1,000 × 10/110 = 90.91.
    ['down', 90],
    ['half_up', 91],
    ['up', 91],
  ] as const)('rounds the tax of a document with mode %s', async (rounding, tax) => {
    const { db, store, registerId } = await counter();
    await setRounding(db, rounding);
    const charm = await receiveTestItem(db, { locationId: store.id, retailPrice: 1_000 });

    const sale = (await api().post('/api/sales', { registerId, lines: [{ itemId: charm.id }], payments: [{ method: 'card', amount: 1_000 }] })).json();
    expect(sale.taxRounding).toBe(rounding);
    expect(sale.taxRates).toEqual([{ ratePercent: 10, amount: 1_000, total: 1_000, net: 1_000 - tax, tax }]);
  });

  it.each([
    // ¥9,999 tax-excluded at 10 % is 10,998.9 tax-included per unit, then the tax in it.
    ['down', 10_998, 999],
    ['half_up', 10_999, 1_000],
    ['up', 10_999, 1_000],
  ] as const)('converts a tax-excluded item price with mode %s', async (rounding, total, tax) => {
    const { db, store, registerId } = await counter();
    await setRounding(db, rounding);
    const pendant = await receiveTestItem(db, { locationId: store.id, retailPrice: 9_999 });
    await db.updateTable('items').set({ price_basis: 'excluded' }).where('id', '=', pendant.id).execute();

    const quote = (await api().post('/api/sales/quote', { registerId, lines: [{ itemId: pendant.id }] })).json();
    expect(quote).toMatchObject({ total, taxTotal: tax, due: total });
    const sale = (await api().post('/api/sales', { registerId, lines: [{ itemId: pendant.id }], payments: [{ method: 'card', amount: total }] })).json();
    expect(sale).toMatchObject({ total, taxTotal: tax });
    expect(sale.lines[0]).toMatchObject({ unitPrice: 9_999, priceBasis: 'excluded', grossAmount: total });
  });

  it('applies line discounts in yen and percent, and agrees with the quote', async () => {
    const { db, store, registerId } = await counter();
    const a = await receiveTestItem(db, { locationId: store.id, retailPrice: 55_000 });
    const b = await receiveTestItem(db, { locationId: store.id, retailPrice: 33_333 });
    const cart = {
      registerId,
      lines: [
        { itemId: a.id, discount: { yen: 5_000 } },
        // 12.5 % of 33,333 is 4,166.6, rounded down to 4,166.
        { itemId: b.id, discount: { percent: 12.5 } },
      ],
      reductions: [{ kind: 'points', discount: { yen: 500 } }],
    };
    const quote = (await api().post('/api/sales/quote', cart)).json();
    expect(quote.lines.map((line: { lineDiscount: number }) => line.lineDiscount)).toEqual([5_000, 4_166]);
    expect(quote.total).toBe(50_000 + 29_167 - 500);

    const sale = (await api().post('/api/sales', { ...cart, payments: [{ method: 'qr', amount: quote.total }] })).json();
    expect({ total: sale.total, taxTotal: sale.taxTotal, taxRates: sale.taxRates }).toEqual({ total: quote.total, taxTotal: quote.taxTotal, taxRates: quote.taxRates });

    // A quote changes nothing, so it leaves no audit event.
    const quoteEvents = await db.selectFrom('audit_events').select('id').where('action', 'like', '%/api/sales/quote%').execute();
    expect(quoteEvents).toEqual([]);
  });

  it('rejects a piece sold moments earlier', async () => {
    const { db, store, registerId } = await counter();
    const ring = await receiveTestItem(db, { locationId: store.id, retailPrice: 10_000 });
    const earrings = await receiveTestItem(db, { locationId: store.id, retailPrice: 20_000 });
    const first = await api().post('/api/sales', { registerId, lines: [{ itemId: ring.id }], payments: [{ method: 'card', amount: 10_000 }] });
    expect(first.statusCode).toBe(201);
    const salesBefore = await db.selectFrom('sales').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();

    const second = await api().post('/api/sales', { registerId, lines: [{ itemId: earrings.id }, { itemId: ring.id }], payments: [{ method: 'card', amount: 30_000 }] });
    expect(second.statusCode).toBe(409);
    expect(second.json().error.code).toBe('item_not_available');
    expect(second.json().error.message).toContain(ring.stock_number);

    expect(await quantityAt(db, earrings.id, store.id)).toBe(1);
    const salesAfter = await db.selectFrom('sales').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(salesAfter.n)).toBe(Number(salesBefore.n));
  });

  it('explains a refused piece in the clerk\'s language only', async () => {
    const { db, store, registerId } = await counter();
    const ring = await receiveTestItem(db, { locationId: store.id, retailPrice: 10_000 });
    await api().post('/api/sales', { registerId, lines: [{ itemId: ring.id }], payments: [{ method: 'card', amount: 10_000 }] });
    const clerk = await signIn(signedIn.app(), database(), 'ja', { role: 'sales' });

    const scan = await clerk.get(`/api/sales/scan?code=${encodeURIComponent(ring.stock_number.replace('-', 'ー'))}&registerId=${registerId}`);
    expect(scan.statusCode).toBe(409);
    expect(scan.json().error.message).toBe(`在庫番号 ${ring.stock_number} は「${store.name}」で販売できません（販売済み）。`);
    const short = await clerk.post('/api/sales', { registerId, lines: [{ itemId: (await receiveTestItem(db, { locationId: store.id, retailPrice: 123_456 })).id }], payments: [{ method: 'card', amount: 100_000 }] });
    expect(short.json().error.message).toContain('100,000円');
    expect(short.json().error.message).toContain('123,456円');
  });

  it('refuses a piece reserved for a channel order', async () => {
    const { db, store, registerId } = await counter();
    const ring = await receiveTestItem(db, { locationId: store.id, retailPrice: 10_000 });
    await db.transaction().execute((trx) => reserveStock(trx, { itemId: ring.id, quantity: 1, holderType: 'channel_order', holderRef: 'rakuten-1', userId: null }));

    const scan = await api().get(`/api/sales/scan?code=${ring.stock_number}&registerId=${registerId}`);
    expect(scan.statusCode).toBe(409);
    const response = await api().post('/api/sales', { registerId, lines: [{ itemId: ring.id }], payments: [{ method: 'card', amount: 10_000 }] });
    expect(response.statusCode).toBe(409);
    expect(response.json().error.code).toBe('stock_reserved');
    expect(await quantityAt(db, ring.id, store.id)).toBe(1);
  });

  it('checks payments, change and staff shares', async () => {
    const { db, store, registerId } = await counter();
    const ring = await receiveTestItem(db, { locationId: store.id, retailPrice: 10_000 });
    const sale = (lines: object) => api().post('/api/sales', { registerId, lines: [{ itemId: ring.id }], ...lines });

    const short = await sale({ payments: [{ method: 'card', amount: 9_000 }] });
    expect(short.json().error).toMatchObject({ code: 'payments_do_not_match_total', details: { field: 'payments' } });
    const lowCash = await sale({ payments: [{ method: 'cash', amount: 10_000, tendered: 5_000 }] });
    expect(lowCash.json().error.code).toBe('cash_tendered_too_low');
    const shares = await sale({ payments: [{ method: 'card', amount: 10_000 }], staff: [{ userId: api().userId, sharePercent: 60 }] });
    expect(shares.json().error.code).toBe('staff_shares_not_100');
    expect(await quantityAt(db, ring.id, store.id)).toBe(1);

    const colleague = await signIn(signedIn.app(), database(), 'ja', { role: 'sales' });
    const split = await sale({
      payments: [
        { method: 'card', amount: 6_000 },
        { method: 'cash', amount: 4_000, tendered: 5_000 },
      ],
      staff: [
        { userId: api().userId, sharePercent: 70 },
        { userId: colleague.userId, sharePercent: 30 },
      ],
    });
    expect(split.statusCode, split.body).toBe(201);
    expect(split.json().payments.map((p: { change: number | null }) => p.change)).toEqual([null, 1_000]);
    expect(split.json().staff.map((s: { sharePercent: number }) => s.sharePercent)).toEqual([70, 30]);
  });

  it('replays a retried sale with the same idempotency key', async () => {
    const { db, store, registerId } = await counter();
    const ring = await receiveTestItem(db, { locationId: store.id, retailPrice: 10_000 });
    const body = { registerId, lines: [{ itemId: ring.id }], payments: [{ method: 'card', amount: 10_000 }] };
    const first = await api().request('POST', '/api/sales', body, { 'idempotency-key': `sale-${ring.id}` });
    const retry = await api().request('POST', '/api/sales', body, { 'idempotency-key': `sale-${ring.id}` });
    expect(first.statusCode).toBe(201);
    expect(retry.statusCode).toBe(201);
    expect(retry.json().id).toBe(first.json().id);
  });

  it('looks up tags by stock number or full-width JAN, and names unknown codes', async () => {
    const { db, store, registerId } = await counter();
    const ring = await receiveTestItem(db, { locationId: store.id, retailPrice: 10_000, janCode: '4901234567894' });
    const byNumber = await api().get(`/api/sales/scan?code=${ring.stock_number}&registerId=${registerId}`);
    expect(byNumber.json()).toMatchObject({ itemId: ring.id, available: 1, retailPrice: 10_000, priceBasis: 'included' });
    const byJan = await api().get(`/api/sales/scan?code=${encodeURIComponent('４９０１２３４５６７８９４')}&registerId=${registerId}`);
    expect(byJan.json().itemId).toBe(ring.id);
    const unknown = await api().get(`/api/sales/scan?code=NOPE-1&registerId=${registerId}`);
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.message).toContain('NOPE-1');
  });

  it('reverses a whole sale exactly once', async () => {
    const { db, store, registerId } = await counter();
    const ring = await receiveTestItem(db, { locationId: store.id, retailPrice: 132_000 });
    const sweets = await receiveTestItem(db, { locationId: store.id, retailPrice: 3_240, taxRatePercent: 8 });
    const sale = (
      await api().post('/api/sales', {
        registerId,
        lines: [{ itemId: ring.id }, { itemId: sweets.id }],
        reductions: [{ kind: 'coupon', discount: { yen: 1_000 } }],
        payments: [{ method: 'card', amount: 134_240 }],
      })
    ).json();
    const backroom = await createTestLocation(db, { kind: 'warehouse' });

    const tooMuchCard = await api().post(`/api/sales/${sale.id}/returns`, {
      registerId,
      lines: sale.lines.map((line: { id: number }) => ({ originalLineId: line.id })),
      refunds: [{ method: 'card', amount: 134_241 }],
      reason: 'size',
    });
    expect(tooMuchCard.json().error.code).toBe('refund_exceeds_paid');

    const response = await api().post(`/api/sales/${sale.id}/returns`, {
      registerId,
      lines: [{ originalLineId: sale.lines[0].id, locationId: backroom.id }, { originalLineId: sale.lines[1].id }],
      refunds: [{ method: 'card', amount: 134_240 }],
      reason: 'サイズが合わない',
    });
    expect(response.statusCode, response.body).toBe(201);
    const ret = response.json();
    expect(ret).toMatchObject({ kind: 'return', originalSaleId: sale.id, total: sale.total, taxTotal: sale.taxTotal, reductionTotal: 1_000 });
    expect(ret.taxRates).toEqual(sale.taxRates);
    expect(ret.lines.map((line: { finalAmount: number }) => line.finalAmount)).toEqual(sale.lines.map((line: { finalAmount: number }) => line.finalAmount));

    expect(await quantityAt(db, ring.id, backroom.id)).toBe(1);
    expect(await quantityAt(db, sweets.id, store.id)).toBe(1);
    expect(await statusOf(db, ring.id)).toBe('in_stock');
    expect(await verifyLedger(db)).toEqual([]);

    const again = await api().post(`/api/sales/${sale.id}/returns`, {
      registerId,
      lines: [{ originalLineId: sale.lines[0].id }],
      refunds: [{ method: 'cash', amount: 1 }],
      reason: 'again',
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('return_quantity_exceeds');

    const original = (await api().get(`/api/sales/${sale.id}`)).json();
    expect(original.refundedTotal).toBe(sale.total);
    expect(original.lines.map((line: { returnableQuantity: number }) => line.returnableQuantity)).toEqual([0, 0]);
  });

  it('reverses tax exactly in parts', async () => {
    const { db, store, registerId } = await counter();
    await setRounding(db, 'half_up');
    const prices = [10_001, 20_003, 30_007];
    const items = await Promise.all(prices.map((retailPrice) => receiveTestItem(db, { locationId: store.id, retailPrice })));
    const sale = (
      await api().post('/api/sales', {
        registerId,
        lines: items.map((item) => ({ itemId: item.id })),
        reductions: [{ kind: 'discount', discount: { percent: 7 } }],
        payments: [{ method: 'cash', amount: 55_811, tendered: 60_000 }],
      })
    ).json();
    expect(sale.total).toBe(55_811);

    const returns = [];
    for (const line of sale.lines) {
      const ret = await api().post(`/api/sales/${sale.id}/returns`, { registerId, lines: [{ originalLineId: line.id }], refunds: [{ method: 'cash', amount: line.finalAmount }], reason: 'changed mind' });
      expect(ret.statusCode, ret.body).toBe(201);
      returns.push(ret.json());
    }
    expect(returns.reduce((sum, ret) => sum + ret.total, 0)).toBe(sale.total);
    expect(returns.reduce((sum, ret) => sum + ret.taxTotal, 0)).toBe(sale.taxTotal);
  });

  it('quotes a partial return exactly as it is then recorded', async () => {
    const { db, store, registerId } = await counter();
    const beads = await receiveTestItem(db, { locationId: store.id, tracking: 'quantity', quantity: 3, retailPrice: 10_001, name: 'Pearl beads', category: 'other' });
    const sale = (
      await api().post('/api/sales', {
        registerId,
        lines: [{ itemId: beads.id, quantity: 3, discount: { yen: 1_000 } }],
        reductions: [{ kind: 'points', discount: { yen: 1_001 } }],
        payments: [{ method: 'card', amount: 28_002 }],
      })
    ).json();
    expect(sale.total).toBe(28_002);

    const lines = [{ originalLineId: sale.lines[0].id, quantity: 1 }];
    const quote = await api().post(`/api/sales/${sale.id}/returns/quote`, { registerId, lines });
    expect(quote.statusCode, quote.body).toBe(200);
    // 30,003 − 1,000 − 1,001 over three units: 10,001 − 333 − 333 (both rounded down).
    expect(quote.json()).toMatchObject({ total: 9_335, refundable: [{ method: 'card', paid: 28_002, refunded: 0 }] });

    const ret = (await api().post(`/api/sales/${sale.id}/returns`, { registerId, lines, refunds: [{ method: 'card', amount: quote.json().total }], reason: 'r' })).json();
    expect({ total: ret.total, taxTotal: ret.taxTotal, taxRates: ret.taxRates }).toEqual({ total: quote.json().total, taxTotal: quote.json().taxTotal, taxRates: quote.json().taxRates });
    expect(await quantityAt(db, beads.id, store.id)).toBe(1);
  });

  it('writes off a piece returned damaged', async () => {
    const { db, store, registerId } = await counter();
    const ring = await receiveTestItem(db, { locationId: store.id, retailPrice: 10_000, cost: 4_000 });
    const sale = (await api().post('/api/sales', { registerId, lines: [{ itemId: ring.id }], payments: [{ method: 'cash', amount: 10_000 }] })).json();

    const ret = await api().post(`/api/sales/${sale.id}/returns`, {
      registerId,
      lines: [{ originalLineId: sale.lines[0].id, destination: 'write_off' }],
      refunds: [{ method: 'store_credit', amount: 10_000 }],
      reason: '石の欠け',
    });
    expect(ret.statusCode, ret.body).toBe(201);
    expect(ret.json().lines[0].returnLocationId).toBeNull();
    expect(await statusOf(db, ring.id)).toBe('written_off');
    expect(await quantityAt(db, ring.id, store.id)).toBe(0);
    const writeOff = await db.selectFrom('write_off_lines').innerJoin('write_offs', 'write_offs.id', 'write_off_lines.write_off_id').select(['write_offs.reason', 'write_off_lines.cost_amount']).where('write_off_lines.item_id', '=', ring.id).executeTakeFirstOrThrow();
    expect(writeOff).toEqual({ reason: 'damage', cost_amount: 4_000 });
    expect(await verifyLedger(db)).toEqual([]);
  });

  it('voids a sale of today once, putting the pieces back', async () => {
    const { db, store, registerId } = await counter();
    const ring = await receiveTestItem(db, { locationId: store.id, retailPrice: 10_000 });
    const sale = (await api().post('/api/sales', { registerId, lines: [{ itemId: ring.id }], payments: [{ method: 'cash', amount: 10_000 }] })).json();
    expect(sale.voidable).toBe(true);

    const voided = await api().post(`/api/sales/${sale.id}/void`, { reason: '打ち間違い' });
    expect(voided.statusCode, voided.body).toBe(200);
    expect(voided.json()).toMatchObject({ status: 'voided', voidReason: '打ち間違い', voidable: false });
    expect(await quantityAt(db, ring.id, store.id)).toBe(1);
    expect(await statusOf(db, ring.id)).toBe('in_stock');
    const again = await api().post(`/api/sales/${sale.id}/void`, { reason: 'again' });
    expect(again.json().error.code).toBe('sale_already_voided');

    const clerk = await signIn(signedIn.app(), database(), 'ja', { role: 'sales' });
    const resale = (await api().post('/api/sales', { registerId, lines: [{ itemId: ring.id }], payments: [{ method: 'cash', amount: 10_000 }] })).json();
    const denied = await clerk.post(`/api/sales/${resale.id}/void`, { reason: 'no permission' });
    expect(denied.statusCode).toBe(403);
  });

  it('closes a register with expected cash, then refuses more sales that day', async () => {
    const { db, store, registerId } = await counter();
    const [a, b, c] = (await Promise.all([10_000, 25_000, 7_000].map((retailPrice) => receiveTestItem(db, { locationId: store.id, retailPrice })))) as [Item, Item, Item];
    await api().post('/api/sales', { registerId, lines: [{ itemId: a.id }], payments: [{ method: 'cash', amount: 10_000, tendered: 20_000 }] });
    const cardSale = (await api().post('/api/sales', { registerId, lines: [{ itemId: b.id }], payments: [{ method: 'card', amount: 15_000 }, { method: 'cash', amount: 10_000 }] })).json();
    await api().post(`/api/sales/${cardSale.id}/returns`, { registerId, lines: [{ originalLineId: cardSale.lines[0].id }], refunds: [{ method: 'card', amount: 15_000 }, { method: 'cash', amount: 10_000 }], reason: 'r' });
    const today = cardSale.businessDate;

    // Float 30,000 + cash 10,000 + 10,000 − refunded 10,000.
    const preview = (await api().get(`/api/registers/${registerId}/closing?businessDate=${today}&floatAmount=30000`)).json();
    expect(preview).toMatchObject({ saleCount: 2, returnCount: 1, salesTotal: 35_000, returnsTotal: 25_000, expectedCash: 40_000, closedAt: null });
    expect(preview.methods).toEqual([
      { method: 'cash', sales: 20_000, refunds: 10_000, net: 10_000 },
      { method: 'card', sales: 15_000, refunds: 15_000, net: 0 },
    ]);

    const closed = await api().post(`/api/registers/${registerId}/closing`, { businessDate: today, floatAmount: 30_000, countedCash: 39_500 });
    expect(closed.statusCode, closed.body).toBe(201);
    expect(closed.json()).toMatchObject({ expectedCash: 40_000, countedCash: 39_500, difference: -500 });
    const twice = await api().post(`/api/registers/${registerId}/closing`, { businessDate: today, floatAmount: 30_000, countedCash: 40_000 });
    expect(twice.json().error.code).toBe('register_already_closed');
    const late = await api().post('/api/sales', { registerId, lines: [{ itemId: c.id }], payments: [{ method: 'cash', amount: 7_000 }] });
    expect(late.json().error.code).toBe('register_closed');
  });

  it('exports the same per-rate tax as the sale, with returns negative', async () => {
    const { db, store, registerId } = await counter();
    const ring = await receiveTestItem(db, { locationId: store.id, retailPrice: 132_000 });
    const sweets = await receiveTestItem(db, { locationId: store.id, retailPrice: 3_240, taxRatePercent: 8 });
    const sale = (await api().post('/api/sales', { registerId, lines: [{ itemId: ring.id }, { itemId: sweets.id }], payments: [{ method: 'card', amount: 135_240 }] })).json();
    const ret = (await api().post(`/api/sales/${sale.id}/returns`, { registerId, lines: [{ originalLineId: sale.lines[1].id }], refunds: [{ method: 'card', amount: 3_240 }], reason: 'r' })).json();
    const brooch = await receiveTestItem(db, { locationId: store.id, retailPrice: 55_000 });
    const mistake = (await api().post('/api/sales', { registerId, lines: [{ itemId: brooch.id }], payments: [{ method: 'cash', amount: 55_000 }] })).json();
    await api().post(`/api/sales/${mistake.id}/void`, { reason: 'wrong item' });

    const csv = await api().get(`/api/sales/export.csv?locationId=${store.id}`);
    expect(csv.statusCode).toBe(200);
    const rows = parse(csv.body, { bom: true }) as string[][];
    const header = rows[0]!;
    const bySale = new Map(rows.slice(1).map((row) => [row[0], row]));
    const cell = (number: string, column: string) => Number(bySale.get(number)![header.indexOf(column)]);
    expect(cell(sale.number, '10% tax')).toBe(sale.taxRates[0].tax);
    expect(cell(sale.number, '8% tax')).toBe(sale.taxRates[1].tax);
    expect(cell(sale.number, 'Tax total')).toBe(sale.taxTotal);
    expect(cell(ret.number, '8% tax')).toBe(-ret.taxTotal);
    expect(cell(ret.number, 'Total (tax incl.)')).toBe(-3_240);
    // A voided sale keeps its row but adds nothing to the period's totals.
    expect(bySale.get(mistake.number)![header.indexOf('Status')]).toBe('Voided');
    expect(cell(mistake.number, 'Total (tax incl.)')).toBe(0);
    expect(cell(mistake.number, 'Tax total')).toBe(0);
  });
});
