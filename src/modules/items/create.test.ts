import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/helpers/database.js';
import { createTestSupplier, uniqueCode } from '../../../test/helpers/factories.js';
import { rowsPerStatement } from '../../db/chunks.js';
import { businessDate } from '../../shared/time.js';
import { itemAttributesInput, type ItemAttributesRequest } from './schemas.js';
import { createItem, createItems, getItem, ItemInputError, setItemsStatus, type NewItemInput } from './service.js';

/** Validated attributes of a ring, with `overrides` replacing fields. */
function ring(overrides: Partial<ItemAttributesRequest> = {}) {
  return itemAttributesInput.parse({ name: 'Pt900 ダイヤモンド リング', category: 'ring', metal: 'PT900', cost: 80_000, retailPrice: 220_000, ...overrides });
}

describeEachDatabase('createItems', (database) => {
  const db = () => database().db;

  async function setStockNumberPattern(pattern: string) {
    await db().updateTable('company_settings').set({ stock_number_pattern: pattern }).where('id', '=', 1).execute();
  }

  /** Runs createItems in its own transaction and returns the ItemInputError it throws. */
  async function failure(inputs: NewItemInput[]): Promise<ItemInputError> {
    const error = await db()
      .transaction()
      .execute((trx) => createItems(trx, inputs, { userId: null }))
      .then(
        () => null,
        (caught: unknown) => caught,
      );
    expect(error).toBeInstanceOf(ItemInputError);
    return error as ItemInputError;
  }

  it('inserts more items than one statement holds', async () => {
    const prefix = uniqueCode('B');
    const count = rowsPerStatement(36) + 90;
    const inputs = Array.from({ length: count }, (_, index) => ({
      attributes: ring({
        stockNumber: `${prefix}-${String(index).padStart(4, '0')}`,
        name: `Ring ${index}`,
        photos: Array.from({ length: 9 }, (_, photo) => ({ url: `/photos/${prefix}/${index}/${photo}.jpg` })),
      }),
      sourceKey: `${prefix}:${index}`,
    }));

    const items = await db().transaction().execute((trx) => createItems(trx, inputs, { userId: null }));

    expect(items).toHaveLength(count);
    expect(items.map((item) => item.name)).toEqual(inputs.map((input) => input.attributes.name));
    expect(items.map((item) => item.source_key)).toEqual(inputs.map((input) => input.sourceKey));
    expect(new Set(items.map((item) => item.status))).toEqual(new Set(['out_of_stock']));
    const photos = await db()
      .selectFrom('item_photos')
      .select(['item_id', 'position', 'url'])
      .where('item_id', 'in', [items[0]!.id, items[count - 1]!.id])
      .orderBy('item_id')
      .orderBy('position')
      .execute();
    expect(photos).toHaveLength(18);
    expect(photos[17]).toEqual({ item_id: items[count - 1]!.id, position: 8, url: `/photos/${prefix}/${count - 1}/8.jpg` });
    const photoCount = await db()
      .selectFrom('item_photos')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where('url', 'like', `/photos/${prefix}/%`)
      .executeTakeFirstOrThrow();
    expect(Number(photoCount.count)).toBe(count * 9);
  });

  it('generates numbers that skip taken ones', async () => {
    const prefix = uniqueCode('N');
    await setStockNumberPattern(`${prefix}-{SEQ:3}`);
    await db().transaction().execute((trx) => createItem(trx, ring({ stockNumber: `${prefix}-002` }), { userId: null }));

    const items = await db()
      .transaction()
      .execute((trx) =>
        createItems(trx, [{ attributes: ring() }, { attributes: ring({ stockNumber: `${prefix}-004` }) }, { attributes: ring() }, { attributes: ring() }], { userId: null }),
      );

    // 002 is in the database and 004 is typed in the same call, so neither is generated.
    expect(items.map((item) => item.stock_number)).toEqual([`${prefix}-001`, `${prefix}-004`, `${prefix}-003`, `${prefix}-005`]);
  });

  it('jumps past a block of numbers in the call', async () => {
    const prefix = uniqueCode('K');
    await setStockNumberPattern(`${prefix}-{YY}{MM}-{SEQ:4}`);
    const yymm = businessDate().slice(2, 4) + businessDate().slice(5, 7);
    const typed = ['0001', '0002', '0003', '0004', '0050'].map((n) => ({ attributes: ring({ stockNumber: `${prefix}-${yymm}-${n}` }) }));

    const items = await db()
      .transaction()
      .execute((trx) => createItems(trx, [{ attributes: ring() }, ...typed, { attributes: ring() }], { userId: null }));

    expect(items[0]!.stock_number).toBe(`${prefix}-${yymm}-0051`);
    expect(items[6]!.stock_number).toBe(`${prefix}-${yymm}-0052`);
  });

  it('names the input whose source key was imported', async () => {
    const key = uniqueCode('row-');
    const first = await db().transaction().execute((trx) => createItem(trx, ring(), { userId: null, sourceKey: key }));
    const fresh = uniqueCode('row-');

    const error = await failure([{ attributes: ring(), sourceKey: fresh }, { attributes: ring(), sourceKey: key }]);

    expect(error.index).toBe(1);
    expect(error.cause.code).toBe('source_key_taken');
    expect(error.cause.message).toContain(first.stock_number);
    expect(await db().selectFrom('items').select('id').where('source_key', '=', fresh).execute()).toEqual([]);
  });

  it('rejects repeats within one call', async () => {
    const key = uniqueCode('row-');
    const stockNumber = uniqueCode('D');
    const jan = '4901234567894';

    const byKey = await failure([{ attributes: ring(), sourceKey: key }, { attributes: ring(), sourceKey: key }]);
    const byNumber = await failure([{ attributes: ring({ stockNumber }) }, { attributes: ring() }, { attributes: ring({ stockNumber }) }]);
    const byJan = await failure([
      { attributes: ring({ tracking: 'quantity', janCode: jan }) },
      { attributes: ring({ tracking: 'quantity', janCode: jan }) },
    ]);

    expect([byKey.index, byKey.cause.code]).toEqual([1, 'source_key_taken']);
    expect([byNumber.index, byNumber.cause.code]).toEqual([2, 'stock_number_taken']);
    expect([byJan.index, byJan.cause.code]).toEqual([1, 'jan_code_taken']);
    expect(await db().selectFrom('items').select('id').where('stock_number', '=', stockNumber).execute()).toEqual([]);
  });

  it('checks suppliers and taken numbers per input', async () => {
    const supplier = await createTestSupplier(db());
    const existing = await db().transaction().execute((trx) => createItem(trx, ring(), { userId: null }));

    const unknownSupplier = await failure([{ attributes: ring({ supplierId: supplier.id }) }, { attributes: ring({ supplierId: 987_654 }) }]);
    const takenNumber = await failure([{ attributes: ring() }, { attributes: ring() }, { attributes: ring({ stockNumber: existing.stock_number }) }]);

    expect([unknownSupplier.index, unknownSupplier.cause.code]).toEqual([1, 'supplier_not_found']);
    expect([takenNumber.index, takenNumber.cause.code]).toEqual([2, 'stock_number_taken']);
  });

  it('charges a numbering error to the first generated input', async () => {
    await setStockNumberPattern('NO-COUNTER');
    try {
      const error = await failure([{ attributes: ring({ stockNumber: uniqueCode('X') }) }, { attributes: ring() }, { attributes: ring() }]);

      expect(error.index).toBe(1);
      expect(error.cause.code).toBe('stock_number_pattern_invalid');
    } finally {
      await setStockNumberPattern('{YY}{MM}-{SEQ:5}');
    }
  });

  it('sets the status of many items', async () => {
    const items = await db()
      .transaction()
      .execute((trx) => createItems(trx, [{ attributes: ring() }, { attributes: ring() }], { userId: null }));

    await db().transaction().execute((trx) => setItemsStatus(trx, items.map((item) => item.id), 'in_stock'));
    const missing = db().transaction().execute((trx) => setItemsStatus(trx, [items[0]!.id, 987_654], 'sold'));
    await expect(missing).rejects.toMatchObject({ code: 'item_not_found' });

    await expect(missing).rejects.toThrow('987654');
    expect((await getItem(db(), items[0]!.id)).status).toBe('in_stock');
    expect((await getItem(db(), items[1]!.id)).status).toBe('in_stock');
  });
});
