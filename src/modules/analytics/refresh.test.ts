import { expect, it } from 'vitest';
import { useSignedInApp } from '../../../test/helpers/app.js';
import { describeEachDatabase } from '../../../test/helpers/database.js';
import { consignTestItem } from '../../../test/helpers/consignment.js';
import { createTestLocation, receiveTestItem } from '../../../test/helpers/factories.js';
import type { Db } from '../../db/database.js';
import { ensureSalesFacts, rebuildSalesFacts } from './refresh.js';

// The daily summaries kept as sales happen must equal those rebuilt from the sales tables.
// Figures by hand, tax rounded down: the tax in ¥x at 10 % is floor(x × 10 / 110).

async function snapshot(db: Db) {
  const daily = await db.selectFrom('sales_daily').selectAll().orderBy('dimension').orderBy('business_date').orderBy('location_id').orderBy('channel').orderBy('dimension_value').execute();
  const staff = await db.selectFrom('sales_daily_staff').selectAll().orderBy('business_date').orderBy('user_id').orderBy('location_id').orderBy('channel').execute();
  const numbers = (row: Record<string, unknown>) => Object.fromEntries(Object.entries(row).map(([key, value]) => [key, typeof value === 'string' && /^-?\d+$/.test(value) && key !== 'dimension_value' ? Number(value) : value]));
  const nonZero = (row: Record<string, unknown>) => Object.entries(row).some(([key, value]) => typeof value === 'number' && value !== 0 && !['location_id', 'user_id'].includes(key));
  return { daily: daily.map(numbers).filter(nonZero), staff: staff.map(numbers).filter(nonZero) };
}

describeEachDatabase('sales facts and daily summaries', (database) => {
  const signedIn = useSignedInApp(database);
  const api = () => signedIn.api();

  it('keeps the summaries as a rebuild would make them, through sale, refund, return and void', async () => {
    const db = database().db;
    await db.updateTable('company_settings').set({ tax_rounding: 'down' }).where('id', '=', 1).execute();
    const store = await createTestLocation(db);
    const register = await db.selectFrom('registers').select('id').where('location_id', '=', store.id).executeTakeFirstOrThrow();
    const ring = await receiveTestItem(db, { locationId: store.id, retailPrice: 110_000, cost: 40_000, brand: 'Tsunagu' });
    const pendant = await receiveTestItem(db, { locationId: store.id, retailPrice: 55_000, cost: 20_000, category: 'pendant', metal: 'Pt900' });
    const earrings = await receiveTestItem(db, { locationId: store.id, retailPrice: 33_000, cost: 9_000, category: 'earrings' });

    const sold = await api().post('/api/sales', {
      registerId: register.id,
      lines: [{ itemId: ring.id }, { itemId: pendant.id }],
      payments: [{ method: 'card', amount: 165_000 }],
    });
    expect(sold.statusCode, sold.body).toBe(201);
    const sale = sold.json();
    const voided = await api().post('/api/sales', { registerId: register.id, lines: [{ itemId: earrings.id }], payments: [{ method: 'cash', amount: 33_000 }] });
    expect(voided.statusCode, voided.body).toBe(201);

    const facts = await db.selectFrom('sales_facts').selectAll().where('location_id', '=', store.id).orderBy('id').execute();
    // 110,000 and 55,000 at 10 %: the document's tax floor(165,000 × 10/110) = 15,000 is split 10,000 / 5,000.
    expect(facts.map((fact) => [fact.kind, fact.category, Number(fact.quantity), Number(fact.sales_incl), Number(fact.tax), Number(fact.sales_excl), Number(fact.cost), fact.tickets])).toEqual([
      ['sale', 'ring', 1, 110_000, 10_000, 100_000, 40_000, 1],
      ['sale', 'pendant', 1, 55_000, 5_000, 50_000, 20_000, 0],
      ['sale', 'earrings', 1, 33_000, 3_000, 30_000, 9_000, 1],
    ]);

    const voidResponse = await api().post(`/api/sales/${voided.json().id}/void`, { reason: 'wrong piece' });
    expect(voidResponse.statusCode, voidResponse.body).toBe(200);
    const refund = await api().post(`/api/sales/${sale.id}/refunds`, { lineId: sale.lines[1].id, amount: 5_500, method: 'card', reason: 'scratch' });
    expect(refund.statusCode, refund.body).toBe(201);
    const returned = await api().post(`/api/sales/${sale.id}/returns`, {
      registerId: register.id,
      reason: 'size',
      lines: [{ originalLineId: sale.lines[0].id, quantity: 1, destination: 'stock' }],
      refunds: [{ method: 'card', amount: 110_000 }],
    });
    expect(returned.statusCode, returned.body).toBe(201);

    const totals = await db
      .selectFrom('sales_daily')
      .select((eb) => [eb.fn.sum<number>('sales_incl').as('sales'), eb.fn.sum<number>('quantity').as('units'), eb.fn.sum<number>('returns_incl').as('returns'), eb.fn.sum<number>('tickets').as('tickets'), eb.fn.sum<number>('cost').as('cost')])
      .where('dimension', '=', '')
      .where('location_id', '=', store.id)
      .executeTakeFirstOrThrow();
    // Sold 165,000, the void takes the earrings out, 5,500 refunded, the ring returned: 49,500 and one piece left.
    expect([Number(totals.sales), Number(totals.units), Number(totals.returns), Number(totals.tickets), Number(totals.cost)]).toEqual([49_500, 1, 115_500, 1, 20_000]);

    const kept = await snapshot(db);
    await rebuildSalesFacts(db);
    expect(await snapshot(db)).toEqual(kept);
  });

  it('builds the facts once on start when the database had sales before analytics', async () => {
    const db = database().db;
    const kept = await snapshot(db);
    expect(kept.daily.length).toBeGreaterThan(0);

    // As migration 0021 leaves a database that already has sales: empty tables, never built.
    await db.deleteFrom('sales_daily').execute();
    await db.deleteFrom('sales_daily_staff').execute();
    await db.deleteFrom('sales_fact_credits').execute();
    await db.deleteFrom('sales_facts').execute();
    await db.updateTable('analytics_settings').set({ facts_built_at: null }).execute();

    expect(await ensureSalesFacts(db)).toBe(true);
    expect(await snapshot(db)).toEqual(kept);
    expect(await ensureSalesFacts(db)).toBe(false);
  });

  it('costs a consigned piece at what its consignor is owed, through refund and return', async () => {
    const db = database().db;
    const store = await createTestLocation(db);
    const register = await db.selectFrom('registers').select('id').where('location_id', '=', store.id).executeTakeFirstOrThrow();
    // 20 % commission, the shop bears fees: of ¥55,000 the consignor is owed 44,000.
    const { item } = await consignTestItem(db, { locationId: store.id, retailPrice: 55_000 });
    const sold = await api().post('/api/sales', { registerId: register.id, lines: [{ itemId: item.id }], payments: [{ method: 'cash', amount: 55_000 }] });
    expect(sold.statusCode, sold.body).toBe(201);
    const sale = sold.json();

    const costs = async () =>
      (await db.selectFrom('sales_facts').select(['kind', 'sales_incl', 'cost']).where('item_id', '=', item.id).orderBy('id').execute()).map((fact) => [fact.kind, Number(fact.sales_incl), Number(fact.cost)]);
    expect(await costs()).toEqual([['sale', 55_000, 44_000]]);

    // A ¥5,500 refund: the consignor's share falls by 80 % of it, 4,400.
    const refund = await api().post(`/api/sales/${sale.id}/refunds`, { lineId: sale.lines[0].id, amount: 5_500, method: 'cash', reason: 'scratch' });
    expect(refund.statusCode, refund.body).toBe(201);
    expect(await costs()).toEqual([['sale', 55_000, 44_000], ['refund', -5_500, -4_400]]);

    // The return gives back the 49,500 still paid and takes the rest of the payable, 39,600.
    const returned = await api().post(`/api/sales/${sale.id}/returns`, { registerId: register.id, reason: 'size', lines: [{ originalLineId: sale.lines[0].id, quantity: 1, destination: 'stock' }], refunds: [{ method: 'cash', amount: 49_500 }] });
    expect(returned.statusCode, returned.body).toBe(201);
    const all = await costs();
    expect(all).toEqual([['sale', 55_000, 44_000], ['refund', -5_500, -4_400], ['return', -49_500, -39_600]]);
    const owed = await db.selectFrom('consignment_payables').select((eb) => eb.fn.sum<number>('amount').as('amount')).where('item_id', '=', item.id).executeTakeFirstOrThrow();
    expect(Number(owed.amount)).toBe(0);
  });
});
