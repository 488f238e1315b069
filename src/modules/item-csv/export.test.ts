import { parse } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDatabase, describeEachDatabase, type TestDatabase } from '../../../test/helpers/database.js';
import { isDomainError } from '../../shared/errors.js';
import { createLocation } from '../locations/service.js';
import { createSupplier } from '../suppliers/service.js';
import { exportItemsBuffer } from './export-service.js';
import { importItems } from './import-service.js';
import { TSUNAGU_COLUMN_KEYS, tsunaguHeader, type TsunaguColumnKey } from './tsunagu-columns.js';

// Cells a round trip must keep: leading zeros, formula-like text, every unit and label.
const SOURCE = [
  '在庫番号,JANコード,管理方法,単位,商品名,カテゴリ,ブランド,地金,地金重量(g),主石,主石カラット(ct),主石形状,主石カラー,主石クラリティ,主石カット,脇石カラット(ct),リングサイズ(号),長さ(cm),状態,ランク,鑑定書・鑑別書,鑑定機関,鑑定書番号,下代(税抜),上代(税込),税率(%),説明,タグ,写真URL,仕入先コード,数量,拠点コード',
  '000123,0123456789012,1点物,個,=HYPERLINK("http://evil"),リング,@brand,PT900/K18,3.25,ダイヤモンド,0.305,round,D,VS1,3EX,0.12,11.5,,中古,A,鑑定書,中央宝石研究所,0012345,80000,198000,10,"-- 説明\n2 行目",+婚約|ダイヤ,https://img.example/1.jpg|https://img.example/2.jpg,SUP1,1,GINZA',
  'C-500,4901234567894,数量管理,cm,K18 チェーン,ネックレス,,K18,,,,,,,,,,45.5,新品,,,,,40,120,10,,,,,500,GINZA:300|WH-1:200',
  'M-1,,数量管理,ct,メレダイヤ,ルース,,,,ダイヤモンド,,,,,,,,,新品,,,,,5,10,8,,,,,1.25,WH-1',
  'S-0,,1点物,個,売約済みのブローチ,ブローチ,,SV925,,,,,,,,,,,新品,,,,,100,300,10,,,,,0,',
].join('\r\n');

async function prepare(db: TestDatabase['db']) {
  await db.transaction().execute(async (trx) => {
    await createLocation(trx, { code: 'GINZA', name: '銀座本店', kind: 'store' });
    await createLocation(trx, { code: 'WH-1', name: '倉庫', kind: 'warehouse' });
    await createSupplier(trx, { code: 'SUP1', name: '山田商店', kind: 'business' });
  });
}

const importCsv = (db: TestDatabase['db'], bytes: Uint8Array) =>
  importItems(db, { bytes, fileName: null, format: 'tsunagu', encoding: 'auto', mode: 'all_or_nothing', dryRun: false, userId: null });

describeEachDatabase('item export', (database, kind) => {
  let second: TestDatabase;
  let exported: Buffer;

  beforeAll(async () => {
    second = await createTestDatabase(kind);
    await prepare(database().db);
    await prepare(second.db);
    const result = await importCsv(database().db, Buffer.from(SOURCE, 'utf8'));
    if (result.errors.length > 0) throw new Error(JSON.stringify(result.errors));
    exported = await exportItemsBuffer(database().db, { encoding: 'utf8', locale: 'ja' });
  });
  afterAll(async () => {
    await second.destroy();
  });

  const rowsOf = (bytes: Buffer): string[][] => parse(bytes, { bom: true, relax_column_count: true });
  const cell = (row: string[] | undefined, key: TsunaguColumnKey) => row![TSUNAGU_COLUMN_KEYS.indexOf(key)];

  it('writes UTF-8 with BOM and the layout', () => {
    expect([...exported.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const [header, ...rows] = rowsOf(exported);
    expect(header).toEqual(tsunaguHeader('ja'));
    expect(rows).toHaveLength(4);
  });

  it('neutralises formula cells', () => {
    const [, first] = rowsOf(exported);
    expect(cell(first, 'name')).toBe('\'=HYPERLINK("http://evil")');
    expect(cell(first, 'brand')).toBe("'@brand");
    expect(cell(first, 'description')).toBe("'-- 説明\n2 行目");
    expect(cell(first, 'tags')).toBe("'+婚約|ダイヤ");
    expect(cell(first, 'retailPrice')).toBe('198000');
  });

  it('keeps leading zeros as text', () => {
    const [, first, chain] = rowsOf(exported);
    expect(cell(first, 'stockNumber')).toBe('="000123"');
    expect(cell(first, 'janCode')).toBe('="0123456789012"');
    expect(cell(first, 'certificateNumber')).toBe('="0012345"');
    expect(cell(chain, 'janCode')).toBe('="4901234567894"');
  });

  it('writes stock per location', () => {
    const [, first, chain, melee, sold] = rowsOf(exported);
    expect(first!.slice(-2)).toEqual(['1', 'GINZA']);
    expect(chain!.slice(-2)).toEqual(['500', 'GINZA:300|WH-1:200']);
    expect(melee!.slice(-2)).toEqual(['1.25', 'WH-1']);
    expect(sold!.slice(-2)).toEqual(['0', '']);
  });

  it('round-trips through import', async () => {
    const result = await importCsv(second.db, exported);
    expect(result.errors).toEqual([]);
    expect(result.created).toBe(4);

    const again = await exportItemsBuffer(second.db, { encoding: 'utf8', locale: 'ja' });
    expect(again.toString('utf8')).toBe(exported.toString('utf8'));

    const item = await second.db.selectFrom('items').selectAll().where('stock_number', '=', '000123').executeTakeFirstOrThrow();
    expect(item.jan_code).toBe('0123456789012');
    expect(item.name).toBe('=HYPERLINK("http://evil")');
    expect(item.description).toBe('-- 説明\n2 行目');
  });

  it('re-import into the same database adds nothing', async () => {
    const result = await importCsv(database().db, exported);
    expect(result.created).toBe(0);
    expect(result.skipped).toBe(4);
  });

  it('round-trips English headers', async () => {
    const english = await exportItemsBuffer(database().db, { encoding: 'utf8', locale: 'en' });
    const [header, first] = rowsOf(english);
    expect(header![0]).toBe('Stock number');
    expect(first![5]).toBe('Ring');
    const result = await importItems(database().db, {
      bytes: english, fileName: null, format: 'tsunagu', encoding: 'auto', mode: 'all_or_nothing', dryRun: true, userId: null,
    });
    expect(result.errors).toEqual([]);
    expect(result.skipped).toBe(4);
  });

  it('pages through items', async () => {
    const paged = await exportItemsBuffer(database().db, { encoding: 'utf8', locale: 'ja', pageSize: 1 });
    expect(paged.equals(exported)).toBe(true);
  });

  it('filters by category', async () => {
    const rings = await exportItemsBuffer(database().db, { encoding: 'utf8', locale: 'ja', category: 'ring' });
    expect(rowsOf(rings)).toHaveLength(2);
  });

  it('writes CP932 without a BOM', async () => {
    const bytes = await exportItemsBuffer(database().db, { encoding: 'cp932', locale: 'ja' });
    expect(bytes[0]).not.toBe(0xef);
    expect(iconv.decode(bytes, 'cp932')).toBe(exported.subarray(3).toString('utf8'));
  });

  it('names cells CP932 cannot hold', async () => {
    const csv = '在庫番号,商品名,カテゴリ,下代,上代\r\nEMOJI-1,リング💍,リング,1,2\r\n';
    await importCsv(database().db, Buffer.from(csv, 'utf8'));
    try {
      await exportItemsBuffer(database().db, { encoding: 'cp932', locale: 'ja' });
      expect.unreachable('the export should have failed');
    } catch (error) {
      if (!isDomainError(error)) throw error;
      expect(error.code).toBe('characters_missing_from_cp932');
      expect(error.messages.ja).toContain('在庫番号 EMOJI-1（6 行目）の「商品名」にある 「💍」(U+1F48D)');
      expect(error.messages.en).toContain('stock number EMOJI-1 (row 6), 商品名: 「💍」(U+1F48D)');
      expect(error.messages.en).toContain('UTF-8');
    }
  });
});
