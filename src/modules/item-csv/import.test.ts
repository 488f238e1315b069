import { existsSync, readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase, type TestDatabase } from '../../../test/helpers/database.js';
import { balancesOf, verifyLedger } from '../ledger/service.js';
import { createLocation } from '../locations/service.js';
import { createSupplier } from '../suppliers/service.js';
import { encodeCp932 } from './encoding.js';
import { importItems, type ImportItemsOptions } from './import-service.js';
import { DEMO, SHOPIFY_DEMO_FILE } from './shopify-demo.fixture.js';

/** A code no other test in the file uses, so tests share the database without colliding. */
const unique = (prefix: string) => `${prefix}${randomBytes(3).toString('hex').toUpperCase()}`;

const HEADER = '在庫番号,商品名,カテゴリ,下代(税抜),上代(税込),数量,拠点コード';

describeEachDatabase('item import', (database) => {
  let store: string;
  let warehouse: string;
  let db: TestDatabase['db'];

  const run = (csv: string | Uint8Array, options: Partial<ImportItemsOptions> = {}) =>
    importItems(db, {
      bytes: typeof csv === 'string' ? Buffer.from(csv, 'utf8') : csv,
      fileName: 'items.csv',
      format: 'tsunagu',
      encoding: 'auto',
      mode: 'all_or_nothing',
      dryRun: false,
      userId: null,
      ...options,
    });

  const itemsWithStockNumbers = (stockNumbers: string[]) =>
    db.selectFrom('items').selectAll().where('stock_number', 'in', stockNumbers).orderBy('stock_number').execute();

  beforeAll(async () => {
    db = database().db;
    store = unique('ST');
    warehouse = unique('WH');
    await db.transaction().execute(async (trx) => {
      await createLocation(trx, { code: store, name: '銀座本店', kind: 'store' });
      await createLocation(trx, { code: warehouse, name: '倉庫', kind: 'warehouse' });
    });
  });

  it.skipIf(!existsSync(SHOPIFY_DEMO_FILE))('imports every Shopify variant once', async () => {
    const bytes = readFileSync(SHOPIFY_DEMO_FILE);
    const first = await run(bytes, { format: 'shopify', defaultLocationCode: store });

    expect(first.errors).toEqual([]);
    expect(first.committed).toBe(true);
    expect(first.productCount).toBe(DEMO.products);
    expect(first.rowCount).toBe(DEMO.variants);
    expect(first.created).toBe(DEMO.variants);
    expect(first.skipped).toBe(0);
    expect(first.warnings.filter((w) => w.column === 'Variant Price')).toHaveLength(DEMO.withDecimalPrice);

    const items = await db.selectFrom('items').selectAll().where('source_key', 'like', 'shopify:%').execute();
    expect(items).toHaveLength(DEMO.variants);
    expect(items.filter((item) => item.status === 'in_stock')).toHaveLength(DEMO.inStock);
    expect(items.filter((item) => item.status === 'out_of_stock')).toHaveLength(DEMO.soldOut);

    const blue = items.find((item) => item.source_key === 'shopify:chain-bracelet:Blue')!;
    expect(blue.name).toBe('7 Shakra Bracelet - Blue');
    expect(blue.retail_price).toBe(43);
    expect(blue.brand).toBe('Company 123');
    expect(await balancesOf(db, blue.id)).toMatchObject([{ locationCode: store, quantity: 1 }]);
    const photos = await db.selectFrom('item_photos').select('url').where('item_id', '=', blue.id).orderBy('position').execute();
    expect(photos.map((photo) => photo.url.split('/').pop())).toEqual(['navy-blue-chakra-bracelet_925x.jpg', '7-chakra-bracelet_925x.jpg']);

    const movements = await db.selectFrom('stock_movements').selectAll().where('document_id', '=', first.importId).execute();
    expect(movements).toHaveLength(DEMO.inStock);
    expect(movements.every((m) => m.kind === 'import' && m.document_type === 'import')).toBe(true);

    const again = await run(bytes, { format: 'shopify', defaultLocationCode: store });
    expect(again.created).toBe(0);
    expect(again.skipped).toBe(DEMO.variants);
    expect(again.committed).toBe(false);
    const after = await db.selectFrom('items').select('id').where('source_key', 'like', 'shopify:%').execute();
    expect(after).toHaveLength(DEMO.variants);
    expect(await verifyLedger(db)).toEqual([]);
  });

  it('asks for a location for Shopify stock', async () => {
    const csv = 'Handle,Title,Type,Option1 Value,Variant Price,Variant Inventory Qty\nh-loc,Ring,Ring,Default Title,1000,1\n';
    const result = await run(csv, { format: 'shopify' });
    expect(result.committed).toBe(false);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]!.row).toBe(2);
    expect(result.errors[0]!.message.en).toContain('needs a location');
  });

  it('reads CP932 with vendor characters', async () => {
    const code = unique('CP');
    const name = '①㈱髙﨑 リング〜';
    const description = '波ダッシュ〜と全角チルダ～、−と－';
    const csv = `${HEADER},説明\r\n${code},${name},リング,1000,2000,1,${store},${description}\r\n`;
    const result = await run(encodeCp932(csv), { encoding: 'auto' });

    expect(result.errors).toEqual([]);
    expect(result.encoding).toBe('cp932');
    expect(result.encodingDetected).toBe(true);
    const [item] = await itemsWithStockNumbers([code]);
    // CP932 has one code for each pair, which decodes to the Microsoft form.
    expect(item!.name).toBe('①㈱髙﨑 リング～');
    expect(item!.description).toBe('波ダッシュ～と全角チルダ～、－と－');
  });

  it('names row and column of errors', async () => {
    const [ok, bad] = [unique('OK'), unique('NG')];
    const csv = [HEADER, `${ok},良い行,リング,1000,2000,1,${store}`, `${bad},悪い行,お城,abc,2000,1,NOWHERE`].join('\n');
    const result = await run(csv);

    expect(result.committed).toBe(false);
    expect(result.created).toBe(0);
    const found = result.errors.map((issue) => [issue.row, issue.column, issue.value]);
    expect(found).toEqual([
      [3, 'カテゴリ', 'お城'],
      [3, '下代(税抜)', 'abc'],
      [3, '拠点コード', 'NOWHERE'],
    ]);
    expect(result.errors[0]!.message.ja).toContain('リング');
    expect(result.rows.map((row) => row.status)).toEqual(['ready', 'invalid']);
    expect(await itemsWithStockNumbers([ok, bad])).toEqual([]);
  });

  it('imports valid rows only when asked', async () => {
    const [ok, bad] = [unique('OK'), unique('NG')];
    const csv = [HEADER, `${ok},良い行,リング,1000,2000,1,${warehouse}`, `${bad},悪い行,お城,1000,2000,1,${store}`].join('\n');
    const result = await run(csv, { mode: 'valid_rows_only' });

    expect(result.committed).toBe(true);
    expect(result.created).toBe(1);
    expect(result.invalid).toBe(1);
    expect(result.rows.map((row) => row.status)).toEqual(['created', 'invalid']);
    const items = await itemsWithStockNumbers([ok, bad]);
    expect(items.map((item) => item.stock_number)).toEqual([ok]);
    expect(items[0]!.status).toBe('in_stock');

    const record = await db.selectFrom('imports').selectAll().where('id', '=', result.importId).executeTakeFirstOrThrow();
    expect(record).toMatchObject({ format: 'tsunagu', encoding: 'utf8', row_count: 2, created_count: 1, error_count: 1 });
  });

  it('writes nothing on a dry run', async () => {
    const code = unique('DRY');
    const result = await run([HEADER, `${code},試し,リング,1000,2000,1,${store}`].join('\n'), { dryRun: true });
    expect(result.errors).toEqual([]);
    expect(result.rows[0]!.status).toBe('ready');
    expect(result.committed).toBe(false);
    expect(await itemsWithStockNumbers([code])).toEqual([]);
  });

  it('skips stock numbers already registered', async () => {
    const [existing, fresh] = [unique('EX'), unique('NEW')];
    await run([HEADER, `${existing},既存,リング,1000,2000,0,`].join('\n'));
    const result = await run([HEADER, `${existing},既存,リング,1000,2000,0,`, `${fresh},新規,リング,1000,2000,0,`].join('\n'));
    expect(result.skipped).toBe(1);
    expect(result.created).toBe(1);
    expect(result.rows[0]).toMatchObject({ status: 'skipped', stockNumber: existing });
  });

  it('generates stock numbers and skips rows seen before', async () => {
    const name = unique('名無し');
    const csv = ['商品名,カテゴリ,下代,上代', `${name},ブローチ,500,1500`].join('\n');
    const first = await run(csv);
    expect(first.created).toBe(1);
    expect(first.rows[0]!.stockNumber).toBeTruthy();
    const second = await run(csv);
    expect(second.skipped).toBe(1);
    const items = await db.selectFrom('items').select('id').where('name', '=', name).execute();
    expect(items).toHaveLength(1);
  });

  it('links suppliers by code', async () => {
    const supplierCode = unique('SUP');
    await db.transaction().execute((trx) => createSupplier(trx, { code: supplierCode, name: '山田商店', kind: 'business' }));
    const [good, bad] = [unique('SP'), unique('SP')];
    const csv = ['在庫番号,商品名,カテゴリ,下代,上代,仕入先コード', `${good},a,リング,1,2,${supplierCode}`, `${bad},b,リング,1,2,NOSUCH`].join('\n');
    const result = await run(csv, { mode: 'valid_rows_only' });
    expect(result.errors.map((issue) => [issue.row, issue.column])).toEqual([[3, '仕入先コード']]);
    const [item] = await itemsWithStockNumbers([good]);
    expect(item!.supplier_id).not.toBeNull();
  });

  it('puts quantity goods at several locations', async () => {
    const code = unique('CH');
    const csv = ['在庫番号,商品名,カテゴリ,下代,上代,管理方法,単位,数量,拠点コード', `${code},K18 チェーン,ネックレス,40,120,数量管理,cm,500,${store}:300|${warehouse}:200`].join('\n');
    const result = await run(csv);
    expect(result.errors).toEqual([]);
    const [item] = await itemsWithStockNumbers([code]);
    const balances = await balancesOf(db, item!.id);
    expect(balances.map((b) => [b.locationCode, b.quantity]).sort()).toEqual([
      [store, 300],
      [warehouse, 200],
    ].sort());
    const movements = await db.selectFrom('stock_movements').select(['quantity', 'cost_amount']).where('item_id', '=', item!.id).execute();
    expect(movements.map((m) => m.cost_amount).sort((a, b) => a - b)).toEqual([8000, 12000]);
  });

  it('rolls back when a write fails', async () => {
    const [first, name] = [unique('RB'), unique('番号なし')];
    const previous = await db.selectFrom('company_settings').select('stock_number_pattern').executeTakeFirstOrThrow();
    // A pattern without {SEQ:n} cannot generate numbers, so the second row, which needs one, fails.
    await db.updateTable('company_settings').set({ stock_number_pattern: 'BROKEN' }).execute();
    try {
      const csv = [HEADER, `${first},先に書く行,リング,1000,2000,1,${store}`, `,${name},リング,1000,2000,0,`].join('\n');
      const result = await run(csv);
      expect(result.committed).toBe(false);
      expect(result.created).toBe(0);
      expect(result.errors).toHaveLength(1);
      expect(result.errors[0]!.row).toBe(3);
      expect(result.errors[0]!.message.en).toContain('BROKEN');
      expect(await itemsWithStockNumbers([first])).toEqual([]);
    } finally {
      await db.updateTable('company_settings').set({ stock_number_pattern: previous.stock_number_pattern }).execute();
    }
  });

  it('writes a file longer than one batch', async () => {
    const prefix = unique('BT');
    const name = unique('番号なし');
    // Every 100th row has no stock number, and every third numbered row has no stock.
    const isGenerated = (index: number) => index % 100 === 99;
    const quantityOf = (index: number) => (isGenerated(index) || index % 3 !== 0 ? 1 : 0);
    const lines = Array.from({ length: 1_201 }, (_, index) => {
      if (isGenerated(index)) return `,${name} ${index},リング,1000,2000,1,${warehouse}`;
      return `${prefix}-${String(index).padStart(4, '0')},バッチ ${index},リング,1000,2000,${quantityOf(index)},${store}`;
    });
    const csv = [HEADER, ...lines].join('\n');

    const first = await run(csv);

    expect(first.errors).toEqual([]);
    expect(first.committed).toBe(true);
    expect(first.created).toBe(1_201);
    expect(first.rows.every((row) => row.status === 'created' && row.itemId !== null)).toBe(true);
    expect(first.rows[1_200]!.stockNumber).toBe(`${prefix}-1200`);
    const items = await db.selectFrom('items').select(['id', 'stock_number', 'status']).where('id', 'in', first.rows.map((row) => row.itemId!)).execute();
    const byId = new Map(items.map((item) => [item.id, item]));
    first.rows.forEach((row, index) => {
      const item = byId.get(row.itemId!)!;
      expect(item.stock_number).toBe(row.stockNumber);
      expect(item.status).toBe(quantityOf(index) === 1 ? 'in_stock' : 'out_of_stock');
    });
    const generated = first.rows.filter((_, index) => isGenerated(index)).map((row) => row.stockNumber);
    expect(new Set(generated).size).toBe(12);
    const movements = await db.selectFrom('stock_movements').select('id').where('document_type', '=', 'import').where('document_id', '=', first.importId).execute();
    const stocked = lines.filter((_, index) => quantityOf(index) === 1).length;
    expect(movements).toHaveLength(stocked);
    expect(await verifyLedger(db)).toEqual([]);

    const again = await run(csv);
    expect(again.created).toBe(0);
    expect(again.skipped).toBe(1_201);
    expect(again.committed).toBe(false);
  });

  it('reports a file it cannot decode', async () => {
    const result = await run(encodeCp932('商品名\nリング\n'), { encoding: 'utf8' });
    expect(result.committed).toBe(false);
    expect(result.encoding).toBeNull();
    expect(result.errors[0]!.message.en).toContain('not valid UTF-8');
  });

  it('reports an unknown default location', async () => {
    const result = await run([HEADER, `${unique('L')},x,リング,1,2,1,`].join('\n'), { defaultLocationCode: 'NOWHERE' });
    expect(result.committed).toBe(false);
    expect(result.errors[0]!.message.en).toContain('NOWHERE');
  });
});
