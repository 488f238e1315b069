import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/helpers/database.js';
import { createTestLocation, quantityAt, receiveTestItem } from '../../../test/helpers/factories.js';
import { rowsPerStatement } from '../../db/chunks.js';
import type { Item, Location } from '../../db/schema.js';
import { itemAttributesInput, type ItemAttributesRequest } from '../items/schemas.js';
import { createItems } from '../items/service.js';
import { recordMovement, recordReceipts, totalOnHand, verifyLedger, type MovementInput } from './service.js';

describeEachDatabase('recordReceipts', (database) => {
  const db = () => database().db;
  let store: Location;
  let warehouse: Location;

  beforeAll(async () => {
    store = await createTestLocation(db());
    warehouse = await createTestLocation(db(), { kind: 'warehouse' });
  });

  async function newItems(count: number, overrides: Partial<ItemAttributesRequest> = {}): Promise<Item[]> {
    const attributes = itemAttributesInput.parse({ name: 'K18 チェーン', category: 'necklace', cost: 1_000, retailPrice: 3_000, ...overrides });
    return db()
      .transaction()
      .execute((trx) => createItems(trx, Array.from({ length: count }, () => ({ attributes })), { userId: null }));
  }

  function receipt(item: Item, locationId: number, quantity = 1): MovementInput {
    return { itemId: item.id, kind: 'import', fromLocationId: null, toLocationId: locationId, quantity, costAmount: item.cost * quantity, documentType: 'test' };
  }

  it('adds more movements than one statement holds', async () => {
    const count = rowsPerStatement(12) + 70;
    const items = await newItems(count);

    await db().transaction().execute((trx) => recordReceipts(trx, items.map((item, index) => receipt(item, index % 2 === 0 ? store.id : warehouse.id))));

    const movements = await db().selectFrom('stock_movements').select(['item_id', 'kind', 'quantity', 'cost_amount']).where('item_id', 'in', [items[0]!.id, items[count - 1]!.id]).orderBy('item_id').execute();
    expect(movements).toEqual([
      { item_id: items[0]!.id, kind: 'import', quantity: 1, cost_amount: 1_000 },
      { item_id: items[count - 1]!.id, kind: 'import', quantity: 1, cost_amount: 1_000 },
    ]);
    expect(await quantityAt(db(), items[0]!.id, store.id)).toBe(1);
    expect(await quantityAt(db(), items[count - 1]!.id, count % 2 === 1 ? store.id : warehouse.id)).toBe(1);
    expect(await verifyLedger(db())).toEqual([]);
  });

  it('sums quantities for one item and location', async () => {
    const [chain] = await newItems(1, { tracking: 'quantity', unit: 'cm' });
    await db().transaction().execute((trx) => recordMovement(trx, receipt(chain!, store.id, 100)));

    await db().transaction().execute((trx) => recordReceipts(trx, [receipt(chain!, store.id, 30), receipt(chain!, warehouse.id, 20), receipt(chain!, store.id, 5)]));

    expect(await quantityAt(db(), chain!.id, store.id)).toBe(135);
    expect(await quantityAt(db(), chain!.id, warehouse.id)).toBe(20);
    expect(await totalOnHand(db(), chain!.id)).toBe(155);
    expect(await verifyLedger(db())).toEqual([]);
  });

  it('rejects a unique piece already in stock', async () => {
    const inStock = await receiveTestItem(db(), { locationId: store.id });
    const [fresh] = await newItems(1);

    const attempt = db().transaction().execute((trx) => recordReceipts(trx, [receipt(fresh!, store.id), receipt(inStock, warehouse.id)]));

    await expect(attempt).rejects.toMatchObject({ code: 'unique_piece_already_in_stock' });
    await expect(attempt).rejects.toThrow(inStock.stock_number);
    expect(await quantityAt(db(), fresh!.id, store.id)).toBe(0);
    expect(await quantityAt(db(), inStock.id, warehouse.id)).toBe(0);
  });

  it('rejects a unique piece received twice', async () => {
    const [piece] = await newItems(1);

    const twice = db().transaction().execute((trx) => recordReceipts(trx, [receipt(piece!, store.id), receipt(piece!, warehouse.id)]));
    const doubled = db().transaction().execute((trx) => recordReceipts(trx, [receipt(piece!, store.id), receipt(piece!, store.id)]));

    await expect(twice).rejects.toMatchObject({ code: 'unique_piece_already_in_stock' });
    await expect(doubled).rejects.toMatchObject({ code: 'unique_piece_already_in_stock' });
    await expect(twice).rejects.toThrow(piece!.stock_number);
    expect(await totalOnHand(db(), piece!.id)).toBe(0);
  });

  it('receives a unique piece that left', async () => {
    const piece = await receiveTestItem(db(), { locationId: store.id });
    await db()
      .transaction()
      .execute((trx) => recordMovement(trx, { itemId: piece.id, kind: 'supplier_return', fromLocationId: store.id, toLocationId: null, quantity: 1, costAmount: piece.cost }));

    await db().transaction().execute((trx) => recordReceipts(trx, [receipt(piece, store.id)]));

    expect(await quantityAt(db(), piece.id, store.id)).toBe(1);
  });

  it('rejects a second place in recordMovement', async () => {
    const piece = await receiveTestItem(db(), { locationId: store.id });

    const attempt = db().transaction().execute((trx) => recordMovement(trx, receipt(piece, warehouse.id)));

    await expect(attempt).rejects.toMatchObject({ code: 'unique_piece_already_in_stock' });
    await expect(attempt).rejects.toThrow(piece.stock_number);
  });

  it('accepts only movements from outside stock', async () => {
    const [piece] = await newItems(1);
    const transfer = { ...receipt(piece!, warehouse.id), fromLocationId: store.id };
    const sale = { ...receipt(piece!, store.id), toLocationId: null };

    await expect(db().transaction().execute((trx) => recordReceipts(trx, [transfer]))).rejects.toThrow('recordReceipts');
    await expect(db().transaction().execute((trx) => recordReceipts(trx, [sale]))).rejects.toThrow('recordReceipts');
    await expect(db().transaction().execute((trx) => recordReceipts(trx, [receipt(piece!, store.id, 0)]))).rejects.toThrow('positive integer');
  });
});
