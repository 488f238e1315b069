import { expect, it } from 'vitest';
import { signIn, useSignedInApp } from '../../../test/helpers/app.js';
import { consignTestItem } from '../../../test/helpers/consignment.js';
import { describeEachDatabase } from '../../../test/helpers/database.js';
import { createTestLocation, quantityAt, receiveTestItem } from '../../../test/helpers/factories.js';
import type { Db } from '../../db/database.js';

// Partial refunds (一部返金) through the HTTP API. Tax figures are worked out by hand in the
// comments with rounding down: the tax contained in ¥x at 10 % is floor(x × 10 / 110).

async function firstRegister(db: Db, locationId: number): Promise<number> {
  const row = await db.selectFrom('registers').select('id').where('location_id', '=', locationId).orderBy('id').executeTakeFirstOrThrow();
  return row.id;
}

async function consignorAmount(db: Db, itemId: number): Promise<number> {
  const row = await db
    .selectFrom('consignment_payables')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('amount'), eb.lit(0)).as('amount'))
    .where('item_id', '=', itemId)
    .executeTakeFirstOrThrow();
  return Number(row.amount);
}

interface SaleLine {
  id: number;
  finalAmount: number;
  refundableAmount: number;
  partiallyRefunded: number;
}

describeEachDatabase('partial refunds of counter sales', (database) => {
  const signedIn = useSignedInApp(database);
  const api = () => signedIn.api();

  async function counter() {
    const db = database().db;
    await db.updateTable('company_settings').set({ tax_rounding: 'down' }).where('id', '=', 1).execute();
    const store = await createTestLocation(db);
    return { db, store, registerId: await firstRegister(db, store.id) };
  }

  async function sell(registerId: number, itemId: number, payments: object[], quantity = 1) {
    const response = await api().post('/api/sales', { registerId, lines: [{ itemId, quantity }], payments });
    expect(response.statusCode, response.body).toBe(201);
    return response.json() as { id: number; number: string; businessDate: string; total: number; taxTotal: number; lines: SaleLine[] };
  }

  /** Posts a partial refund of the sale's first line. */
  function refund(sale: { id: number; lines: SaleLine[] }, amount: number, method: string, reason: string) {
    return api().post(`/api/sales/${sale.id}/refunds`, { lineId: sale.lines[0]!.id, amount, method, reason });
  }

  it('refunds part of a line within its limit', async () => {
    const { db, store, registerId } = await counter();
    const ring = await receiveTestItem(db, { locationId: store.id, retailPrice: 55_000 });
    const sale = await sell(registerId, ring.id, [{ method: 'cash', amount: 55_000 }]);

    const response = await refund(sale, 5_500, 'cash', '小さな傷');
    expect(response.statusCode, response.body).toBe(201);
    const after = response.json();
    // 5,500 × 10/110 = 500 exactly.
    expect(after.partialRefunds).toEqual([
      expect.objectContaining({ number: expect.stringMatching(/^RF-\d{4}-\d{6}$/), lineId: sale.lines[0]!.id, stockNumber: ring.stock_number, amount: 5_500, taxRatePercent: 10, tax: 500, method: 'cash', reason: '小さな傷' }),
    ]);
    expect(after.lines[0]).toMatchObject({ partiallyRefunded: 5_500, refundableAmount: 49_500, returnableQuantity: 1 });
    expect(after.voidable).toBe(false);

    // The customer keeps the piece: nothing moves in stock.
    expect(await quantityAt(db, ring.id, store.id)).toBe(0);
    const audit = await db.selectFrom('audit_events').select('action').where('entity_type', '=', 'sale').where('entity_id', '=', String(sale.id)).orderBy('id').execute();
    expect(audit.map((event) => event.action)).toEqual(['sale.complete', 'sale.refund']);
  });

  it('rejects a refund over the line limit, naming it', async () => {
    const { db, store, registerId } = await counter();
    const ring = await receiveTestItem(db, { locationId: store.id, retailPrice: 55_000 });
    const sale = await sell(registerId, ring.id, [{ method: 'cash', amount: 55_000 }]);
    await refund(sale, 5_500, 'cash', 'scratch');

    const over = await refund(sale, 49_501, 'cash', 'scratch');
    expect(over.statusCode).toBe(409);
    expect(over.json().error).toMatchObject({ code: 'refund_exceeds_line', details: { field: 'amount' } });
    expect(over.json().error.message).toContain(ring.stock_number);
    expect(over.json().error.message).toContain('¥49,500');

    const manager = await signIn(signedIn.app(), database(), 'ja', { role: 'manager', locationIds: [store.id] });
    const inJapanese = await manager.post(`/api/sales/${sale.id}/refunds`, { lineId: sale.lines[0]!.id, amount: 60_000, method: 'cash', reason: 'scratch' });
    expect(inJapanese.json().error.message).toContain('あと 49,500円 まで返金できます');

    const foreignLine = await api().post(`/api/sales/${sale.id}/refunds`, { lineId: sale.lines[0]!.id + 100_000, amount: 1, method: 'cash', reason: 'scratch' });
    expect(foreignLine.json().error).toMatchObject({ code: 'return_line_not_in_sale', details: { field: 'lineId' } });
  });

  it('limits a card refund to the card payment', async () => {
    const { db, store, registerId } = await counter();
    const ring = await receiveTestItem(db, { locationId: store.id, retailPrice: 30_000 });
    const sale = await sell(registerId, ring.id, [
      { method: 'card', amount: 10_000 },
      { method: 'cash', amount: 20_000 },
    ]);

    const tooMuch = await refund(sale, 10_001, 'card', 'price promise');
    expect(tooMuch.json().error).toMatchObject({ code: 'refund_exceeds_paid', details: { field: 'method' } });
    expect(tooMuch.json().error.message).toContain('¥10,000');
    expect((await refund(sale, 10_000, 'card', 'price promise')).statusCode).toBe(201);
    expect((await refund(sale, 1, 'card', 'price promise')).json().error.code).toBe('refund_exceeds_paid');
    expect((await refund(sale, 1_000, 'cash', 'price promise')).statusCode).toBe(201);

    // A later return may not refund to the card either: the partial refund used it up.
    const ret = await api().post(`/api/sales/${sale.id}/returns`, { registerId, lines: [{ originalLineId: sale.lines[0]!.id }], refunds: [{ method: 'card', amount: 19_000 }], reason: 'r' });
    expect(ret.json().error.code).toBe('refund_exceeds_paid');
  });

  it('lowers the expected cash of the register close', async () => {
    const { db, store, registerId } = await counter();
    const ring = await receiveTestItem(db, { locationId: store.id, retailPrice: 20_000 });
    const sale = await sell(registerId, ring.id, [{ method: 'cash', amount: 20_000 }]);
    const refunded = await refund(sale, 3_000, 'cash', 'scratch');
    expect(refunded.statusCode, refunded.body).toBe(201);

    const closing = (await api().get(`/api/registers/${registerId}/closing?businessDate=${sale.businessDate}&floatAmount=10000`)).json();
    // Float 10,000 + cash 20,000 − refunded 3,000.
    expect(closing).toMatchObject({ saleCount: 1, returnCount: 0, partialRefundCount: 1, partialRefundsTotal: 3_000, expectedCash: 27_000 });
    expect(closing.methods).toEqual([{ method: 'cash', sales: 20_000, refunds: 3_000, net: 17_000 }]);
    // Tax of 20,000 is 1,818 and of 3,000 is 272 (272.7 rounded down).
    expect(closing.taxRates).toEqual([{ ratePercent: 10, amount: 17_000, total: 17_000, net: 17_000 - 1_546, tax: 1_546 }]);

    const closed = await api().post(`/api/registers/${registerId}/closing`, { businessDate: sale.businessDate, floatAmount: 10_000, countedCash: 27_000 });
    expect(closed.json()).toMatchObject({ expectedCash: 27_000, difference: 0 });
    const late = await refund(sale, 1_000, 'cash', 'scratch');
    expect(late.json().error.code).toBe('register_closed');
  });

  it('corrects what is owed to the consignor', async () => {
    const { db, store, registerId } = await counter();
    const { item } = await consignTestItem(db, { locationId: store.id, retailPrice: 55_000, commissionRateBp: 2000, discountBearer: 'consignor' });
    const sale = await sell(registerId, item.id, [{ method: 'cash', amount: 55_000 }]);
    // 55,000 less 20 % commission.
    expect(await consignorAmount(db, item.id)).toBe(44_000);

    const refunded = await refund(sale, 5_500, 'cash', 'scratch');
    expect(refunded.statusCode, refunded.body).toBe(201);
    // 49,500 less 20 % commission.
    expect(await consignorAmount(db, item.id)).toBe(39_600);
    const entry = await db.selectFrom('consignment_payables').select(['source_type', 'refund_amount', 'amount']).where('item_id', '=', item.id).orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(entry).toEqual({ source_type: 'sale_refund', refund_amount: 5_500, amount: -4_400 });

    const ret = await api().post(`/api/sales/${sale.id}/returns`, { registerId, lines: [{ originalLineId: sale.lines[0]!.id }], refunds: [{ method: 'cash', amount: 49_500 }], reason: 'r' });
    expect(ret.statusCode, ret.body).toBe(201);
    expect(await consignorAmount(db, item.id)).toBe(0);
  });

  it('gives back only the rest on a later return', async () => {
    const { db, store, registerId } = await counter();
    const ring = await receiveTestItem(db, { locationId: store.id, retailPrice: 55_000 });
    const sale = await sell(registerId, ring.id, [{ method: 'card', amount: 55_000 }]);
    await refund(sale, 5_500, 'card', 'scratch');
    const lines = [{ originalLineId: sale.lines[0]!.id }];

    // Sale tax 5,000, refund tax 500: the return takes the 4,500 left.
    const quote = (await api().post(`/api/sales/${sale.id}/returns/quote`, { registerId, lines })).json();
    expect(quote).toMatchObject({ total: 49_500, taxTotal: 4_500, refundable: [{ method: 'card', paid: 55_000, refunded: 5_500 }] });
    const full = await api().post(`/api/sales/${sale.id}/returns`, { registerId, lines, refunds: [{ method: 'card', amount: 55_000 }], reason: 'r' });
    expect(full.json().error.code).toBe('refund_exceeds_paid');

    const ret = await api().post(`/api/sales/${sale.id}/returns`, { registerId, lines, refunds: [{ method: 'card', amount: 49_500 }], reason: 'r' });
    expect(ret.statusCode, ret.body).toBe(201);
    expect(ret.json()).toMatchObject({ total: 49_500, taxTotal: 4_500 });
    expect(ret.json().lines[0]).toMatchObject({ grossAmount: 55_000, allocatedReduction: 5_500, finalAmount: 49_500 });
    expect(await quantityAt(db, ring.id, store.id)).toBe(1);

    const after = (await api().get(`/api/sales/${sale.id}`)).json();
    expect(after.lines[0]).toMatchObject({ refundableAmount: 0, returnableQuantity: 0 });
    const more = await refund(sale, 1, 'cash', 'again');
    expect(more.json().error).toMatchObject({ code: 'refund_exceeds_line' });
  });

  it('nets a quantity line to zero with returns in parts', async () => {
    const { db, store, registerId } = await counter();
    const beads = await receiveTestItem(db, { locationId: store.id, tracking: 'quantity', quantity: 3, retailPrice: 10_000, name: 'Pearl beads', category: 'other' });
    const sale = await sell(registerId, beads.id, [{ method: 'cash', amount: 30_000 }], 3);
    const recorded = (await refund(sale, 25_000, 'cash', 'discoloured')).json().partialRefunds[0];

    // Only 5,000 is still paid for the line, so the first unit back gives back 5,000 and the rest nothing.
    const first = await api().post(`/api/sales/${sale.id}/returns`, { registerId, lines: [{ originalLineId: sale.lines[0]!.id, quantity: 1 }], refunds: [{ method: 'cash', amount: 5_000 }], reason: 'r' });
    expect(first.statusCode, first.body).toBe(201);
    const rest = await api().post(`/api/sales/${sale.id}/returns`, { registerId, lines: [{ originalLineId: sale.lines[0]!.id, quantity: 2 }], refunds: [], reason: 'r' });
    expect(rest.statusCode, rest.body).toBe(201);
    expect(rest.json().total).toBe(0);

    expect(recorded.amount + first.json().total + rest.json().total).toBe(sale.total);
    expect(recorded.tax + first.json().taxTotal + rest.json().taxTotal).toBe(sale.taxTotal);
    expect(await quantityAt(db, beads.id, store.id)).toBe(3);
  });

  it('replays a retried refund once', async () => {
    const { db, store, registerId } = await counter();
    const ring = await receiveTestItem(db, { locationId: store.id, retailPrice: 10_000 });
    const sale = await sell(registerId, ring.id, [{ method: 'cash', amount: 10_000 }]);
    const body = { lineId: sale.lines[0]!.id, amount: 1_000, method: 'cash', reason: 'scratch' };

    const first = await api().request('POST', `/api/sales/${sale.id}/refunds`, body, { 'idempotency-key': `refund-${sale.id}` });
    const retry = await api().request('POST', `/api/sales/${sale.id}/refunds`, body, { 'idempotency-key': `refund-${sale.id}` });
    expect(first.statusCode, first.body).toBe(201);
    expect(retry.statusCode).toBe(201);
    expect(retry.json().partialRefunds).toEqual(first.json().partialRefunds);
    const rows = await db.selectFrom('sale_refunds').select('id').where('sale_id', '=', sale.id).execute();
    expect(rows).toHaveLength(1);
  });

  it('rejects voiding a partly refunded sale', async () => {
    const { db, store, registerId } = await counter();
    const ring = await receiveTestItem(db, { locationId: store.id, retailPrice: 10_000 });
    const sale = await sell(registerId, ring.id, [{ method: 'cash', amount: 10_000 }]);
    await refund(sale, 1_000, 'cash', 'scratch');

    const voided = await api().post(`/api/sales/${sale.id}/void`, { reason: 'mistake' });
    expect(voided.statusCode).toBe(409);
    expect(voided.json().error.code).toBe('sale_not_voidable');
    expect(voided.json().error.message).toContain('it has partial refunds');
    expect(await quantityAt(db, ring.id, store.id)).toBe(0);
  });

  it('rejects a refund of a voided sale', async () => {
    const { db, store, registerId } = await counter();
    const ring = await receiveTestItem(db, { locationId: store.id, retailPrice: 10_000 });
    const sale = await sell(registerId, ring.id, [{ method: 'cash', amount: 10_000 }]);
    await api().post(`/api/sales/${sale.id}/void`, { reason: 'mistake' });

    const refunded = await refund(sale, 1_000, 'cash', 'scratch');
    expect(refunded.json().error.code).toBe('sale_not_refundable');
  });

  it('denies a role without sales.refund', async () => {
    const { db, store, registerId } = await counter();
    const ring = await receiveTestItem(db, { locationId: store.id, retailPrice: 10_000 });
    const sale = await sell(registerId, ring.id, [{ method: 'cash', amount: 10_000 }]);
    const clerk = await signIn(signedIn.app(), database(), 'ja', { role: 'sales' });

    const denied = await clerk.post(`/api/sales/${sale.id}/refunds`, { lineId: sale.lines[0]!.id, amount: 1_000, method: 'cash', reason: 'scratch' });
    expect(denied.statusCode).toBe(403);
    const refunds = await db.selectFrom('sale_refunds').select('id').where('sale_id', '=', sale.id).execute();
    expect(refunds).toEqual([]);
  });
});
