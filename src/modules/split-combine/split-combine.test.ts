import { expect, it } from 'vitest';
import { useSignedInApp } from '../../../test/helpers/app.js';
import { describeEachDatabase } from '../../../test/helpers/database.js';
import { createTestLocation, createTestSupplier, quantityAt, receiveTestItem, uniqueCode } from '../../../test/helpers/factories.js';
import type { Db } from '../../db/database.js';
import { verifyLedger } from '../ledger/service.js';

function child(name: string, extra: Record<string, unknown> = {}) {
  return { attributes: { name, category: 'loose_stone', mainStoneKind: 'ダイヤモンド', retailPrice: 0 }, ...extra };
}

async function statusOf(db: Db, itemId: number): Promise<string> {
  const row = await db.selectFrom('items').select('status').where('id', '=', itemId).executeTakeFirstOrThrow();
  return row.status;
}

describeEachDatabase('split and combine', (database) => {
  const signedIn = useSignedInApp(database);
  const api = () => signedIn.api();

  it('splits ¥100,000 in three exact parts', async () => {
    const db = database().db;
    const supplier = await createTestSupplier(db);
    const store = await createTestLocation(db);
    const lot = await receiveTestItem(db, { locationId: store.id, name: 'ダイヤ 3 石セット', category: 'loose_stone', cost: 100_000, supplierId: supplier.id });

    const response = await api().post('/api/split', {
      itemId: lot.id,
      locationId: store.id,
      allocation: 'ratio',
      note: 'セット崩し',
      children: [child('ダイヤ 0.3ct A', { ratio: 1 }), child('ダイヤ 0.3ct B', { ratio: 1 }), child('ダイヤ 0.3ct C', { ratio: 1 })],
    });
    expect(response.statusCode).toBe(201);
    const operation = response.json();
    expect(operation.number).toMatch(/^SP-\d{4}-\d{6}$/);
    expect(operation).toMatchObject({ kind: 'split', allocationMethod: 'ratio', locationId: store.id, note: 'セット崩し' });
    expect(operation.consumed).toEqual([
      { itemId: lot.id, stockNumber: lot.stock_number, itemName: lot.name, unit: 'piece', quantity: 1, costAmount: 100_000 },
    ]);
    expect(operation.produced.map((p: { costAmount: number }) => p.costAmount)).toEqual([33_334, 33_333, 33_333]);

    expect(await statusOf(db, lot.id)).toBe('consumed');
    expect(await quantityAt(db, lot.id, store.id)).toBe(0);
    const children = await db
      .selectFrom('items')
      .select(['id', 'cost', 'status', 'supplier_id'])
      .where('id', 'in', operation.produced.map((p: { itemId: number }) => p.itemId))
      .orderBy('id')
      .execute();
    expect(children.map((c) => c.cost)).toEqual([33_334, 33_333, 33_333]);
    expect(children.every((c) => c.status === 'in_stock' && c.supplier_id === supplier.id)).toBe(true);
    for (const c of children) expect(await quantityAt(db, c.id, store.id)).toBe(1);

    const lineage = await db
      .selectFrom('item_lineage')
      .select(['parent_item_id', 'child_item_id', 'allocated_cost'])
      .where('operation_id', '=', operation.id)
      .orderBy('id')
      .execute();
    expect(lineage).toEqual(children.map((c) => ({ parent_item_id: lot.id, child_item_id: c.id, allocated_cost: c.cost })));
    expect(await verifyLedger(db)).toEqual([]);
  });

  it('splits by entered amounts that must add up', async () => {
    const db = database().db;
    const store = await createTestLocation(db);
    const lot = await receiveTestItem(db, { locationId: store.id, category: 'loose_stone', name: 'Ruby parcel', cost: 90_000 });
    const body = {
      itemId: lot.id,
      locationId: store.id,
      allocation: 'amount',
      children: [child('Ruby 1', { cost: 50_000 }), child('Ruby 2', { cost: 39_999 })],
    };

    const short = await api().post('/api/split', body);
    expect(short.statusCode).toBe(400);
    expect(short.json().error.code).toBe('split_amounts_mismatch');
    expect(short.json().error.message).toContain('¥89,999');
    expect(short.json().error.message).toContain('¥90,000');
    expect(short.json().error.message).toContain(lot.stock_number);
    expect(await quantityAt(db, lot.id, store.id)).toBe(1);
    expect(await statusOf(db, lot.id)).toBe('in_stock');

    const exact = await api().post('/api/split', { ...body, children: [child('Ruby 1', { cost: 50_000 }), child('Ruby 2', { cost: 40_000 })] });
    expect(exact.statusCode).toBe(201);
    expect(exact.json().allocationMethod).toBe('amount');
    expect(exact.json().produced.map((p: { costAmount: number }) => p.costAmount)).toEqual([50_000, 40_000]);
  });

  it('splits a quantity lot by carat weight', async () => {
    const db = database().db;
    const store = await createTestLocation(db);
    const melee = await receiveTestItem(db, {
      locationId: store.id,
      quantity: 1_000,
      tracking: 'quantity',
      unit: 'mct',
      category: 'loose_stone',
      name: 'Melee parcel',
      cost: 37,
    });

    const response = await api().post('/api/split', {
      itemId: melee.id,
      locationId: store.id,
      allocation: 'ratio',
      children: [child('Melee set 1', { ratio: 0.352 }), child('Melee set 2', { ratio: 0.298 }), child('Melee set 3', { ratio: 0.35 })],
    });
    expect(response.statusCode).toBe(201);
    const produced = response.json().produced.map((p: { costAmount: number }) => p.costAmount);
    expect(produced).toEqual([13_024, 11_026, 12_950]);
    expect(produced.reduce((a: number, b: number) => a + b, 0)).toBe(37_000);
    expect(response.json().consumed[0]).toMatchObject({ quantity: 1_000, costAmount: 37_000 });
    expect(await statusOf(db, melee.id)).toBe('consumed');
  });

  it('rejects invalid splits', async () => {
    const db = database().db;
    const store = await createTestLocation(db);
    const elsewhere = await createTestLocation(db);
    const lot = await receiveTestItem(db, { locationId: elsewhere.id, category: 'loose_stone', name: 'Sapphire lot', cost: 10_000 });

    const noRatio = await api().post('/api/split', { itemId: lot.id, locationId: elsewhere.id, allocation: 'ratio', children: [child('a', { ratio: 1 }), child('b')] });
    expect(noRatio.statusCode).toBe(400);
    expect(noRatio.json().error.details.fields[0].field).toBe('children.1.ratio');

    const noCost = await api().post('/api/split', { itemId: lot.id, locationId: elsewhere.id, allocation: 'amount', children: [child('a', { cost: 1 }), child('b')] });
    expect(noCost.statusCode).toBe(400);
    expect(noCost.json().error.details.fields[0].field).toBe('children.1.cost');

    const oneChild = await api().post('/api/split', { itemId: lot.id, locationId: elsewhere.id, allocation: 'ratio', children: [child('a', { ratio: 1 })] });
    expect(oneChild.statusCode).toBe(400);

    const notHere = await api().post('/api/split', { itemId: lot.id, locationId: store.id, allocation: 'ratio', children: [child('a', { ratio: 1 }), child('b', { ratio: 1 })] });
    expect(notHere.statusCode).toBe(409);
    expect(notHere.json().error.code).toBe('insufficient_stock');
    expect(await quantityAt(db, lot.id, elsewhere.id)).toBe(1);
  });

  it('combines a stone, a mounting and chain', async () => {
    const db = database().db;
    const store = await createTestLocation(db);
    const stone = await receiveTestItem(db, { locationId: store.id, category: 'loose_stone', name: 'Diamond 0.5ct', cost: 80_000 });
    const mounting = await receiveTestItem(db, { locationId: store.id, category: 'pendant', name: 'Pt900 pendant mounting', cost: 35_000 });
    const chain = await receiveTestItem(db, { locationId: store.id, quantity: 1_000, tracking: 'quantity', unit: 'cm', category: 'necklace', name: 'Pt850 chain', cost: 30 });
    const stockNumber = uniqueCode('P');

    const response = await api().post('/api/combine', {
      locationId: store.id,
      components: [
        { itemId: stone.id, quantity: 1 },
        { itemId: mounting.id, quantity: 1 },
        { itemId: chain.id, quantity: 45 },
      ],
      attributes: { stockNumber, name: 'Pt900 ダイヤ 0.5ct ペンダント', category: 'pendant', metal: 'PT900', retailPrice: 298_000, cost: 1 },
      note: '加工',
    });
    expect(response.statusCode).toBe(201);
    const operation = response.json();
    expect(operation.number).toMatch(/^CB-\d{4}-\d{6}$/);
    expect(operation.allocationMethod).toBe('sum');
    expect(operation.consumed.map((c: { costAmount: number }) => c.costAmount)).toEqual([80_000, 35_000, 1_350]);
    expect(operation.produced).toEqual([
      { itemId: expect.any(Number), stockNumber, itemName: 'Pt900 ダイヤ 0.5ct ペンダント', unit: 'piece', quantity: 1, costAmount: 116_350 },
    ]);

    const pieceId = operation.produced[0].itemId;
    const piece = await db.selectFrom('items').select(['cost', 'status']).where('id', '=', pieceId).executeTakeFirstOrThrow();
    expect(piece).toEqual({ cost: 116_350, status: 'in_stock' });
    expect(await statusOf(db, stone.id)).toBe('consumed');
    expect(await statusOf(db, mounting.id)).toBe('consumed');
    expect(await statusOf(db, chain.id)).toBe('in_stock');
    expect(await quantityAt(db, chain.id, store.id)).toBe(955);

    const parents = await db
      .selectFrom('item_lineage')
      .select(['parent_item_id', 'allocated_cost'])
      .where('child_item_id', '=', pieceId)
      .orderBy('id')
      .execute();
    expect(parents).toEqual([
      { parent_item_id: stone.id, allocated_cost: 80_000 },
      { parent_item_id: mounting.id, allocated_cost: 35_000 },
      { parent_item_id: chain.id, allocated_cost: 1_350 },
    ]);
    expect(await verifyLedger(db)).toEqual([]);
  });

  it('combines by item ids and rolls back on a missing component', async () => {
    const db = database().db;
    const store = await createTestLocation(db);
    const elsewhere = await createTestLocation(db);
    const stone = await receiveTestItem(db, { locationId: store.id, category: 'loose_stone', cost: 20_000 });
    const ring = await receiveTestItem(db, { locationId: store.id, cost: 15_000 });
    const away = await receiveTestItem(db, { locationId: elsewhere.id, cost: 1_000 });
    const attributes = { name: 'K18 ring set with stone', category: 'ring', retailPrice: 99_000 };

    const failed = await api().post('/api/combine', { locationId: store.id, itemIds: [stone.id, ring.id, away.id], attributes });
    expect(failed.statusCode).toBe(409);
    expect(failed.json().error.code).toBe('insufficient_stock');
    expect(await statusOf(db, stone.id)).toBe('in_stock');
    expect(await quantityAt(db, stone.id, store.id)).toBe(1);

    const both = await api().post('/api/combine', { locationId: store.id, itemIds: [stone.id], components: [{ itemId: ring.id, quantity: 1 }], attributes });
    expect(both.statusCode).toBe(400);
    expect(both.json().error.details.fields.map((f: { field: string }) => f.field)).toContain('itemIds');

    const combined = await api().post('/api/combine', { locationId: store.id, itemIds: [stone.id, ring.id], attributes });
    expect(combined.statusCode).toBe(201);
    expect(combined.json().produced[0].costAmount).toBe(35_000);
  });

  it('replays a split with the same key', async () => {
    const db = database().db;
    const store = await createTestLocation(db);
    const lot = await receiveTestItem(db, { locationId: store.id, category: 'loose_stone', cost: 3_000 });
    const body = { itemId: lot.id, locationId: store.id, allocation: 'ratio', children: [child('x', { ratio: 2 }), child('y', { ratio: 1 })] };

    const first = await api().request('POST', '/api/split', body, { 'idempotency-key': `split-${lot.id}` });
    const retry = await api().request('POST', '/api/split', body, { 'idempotency-key': `split-${lot.id}` });
    expect(first.statusCode).toBe(201);
    expect(retry.json()).toEqual(first.json());
    const operations = await db.selectFrom('item_lineage').select('id').where('parent_item_id', '=', lot.id).execute();
    expect(operations).toHaveLength(2);
  });
});
