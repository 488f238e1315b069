import { randomBytes } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, signIn, type ApiClient } from '../../../test/helpers/app.js';
import { createTestDatabase, describeEachDatabase, type TestDatabase } from '../../../test/helpers/database.js';
import type { App } from '../../server/types.js';
import { exportItemsBuffer } from './export-service.js';
import { importItems } from './import-service.js';
import { TSUNAGU_COLUMN_KEYS } from './tsunagu-columns.js';

const unique = (prefix: string) => `${prefix}${randomBytes(3).toString('hex').toUpperCase()}`;

describeEachDatabase('item CSV price basis', (database, kind) => {
  let db: TestDatabase['db'];

  const importCsv = (csv: string, dryRun = false) =>
    importItems(db, { bytes: Buffer.from(csv, 'utf8'), fileName: 'items.csv', format: 'tsunagu', encoding: 'auto', mode: 'all_or_nothing', dryRun, userId: null });

  const basisOf = async (stockNumbers: string[]) => {
    const rows = await db.selectFrom('items').select(['stock_number', 'price_basis', 'retail_price']).where('stock_number', 'in', stockNumbers).execute();
    return Object.fromEntries(rows.map((row) => [row.stock_number, [row.price_basis, row.retail_price]]));
  };

  beforeAll(() => {
    db = database().db;
  });

  it('reads every accepted spelling', async () => {
    const numbers = ['税込', '税抜', 'included', 'excluded', 'EXCLUDED', '税抜き', ''].map(() => unique('PB'));
    const csv = [
      '在庫番号,商品名,カテゴリ,下代,上代,税込/税抜',
      `${numbers[0]},a,リング,1,1100,税込`,
      `${numbers[1]},b,リング,1,1000,税抜`,
      `${numbers[2]},c,リング,1,1100,included`,
      `${numbers[3]},d,リング,1,1000,excluded`,
      `${numbers[4]},e,リング,1,1000,EXCLUDED`,
      `${numbers[5]},f,リング,1,1000,税抜き`,
      `${numbers[6]},g,リング,1,1100,`,
    ].join('\n');

    const result = await importCsv(csv);

    expect(result.errors).toEqual([]);
    expect(result.created).toBe(7);
    expect(await basisOf(numbers)).toEqual({
      [numbers[0]!]: ['included', 1100],
      [numbers[1]!]: ['excluded', 1000],
      [numbers[2]!]: ['included', 1100],
      [numbers[3]!]: ['excluded', 1000],
      [numbers[4]!]: ['excluded', 1000],
      [numbers[5]!]: ['excluded', 1000],
      [numbers[6]!]: ['included', 1100],
    });
  });

  it('imports a file without the column as tax-included', async () => {
    const stockNumber = unique('PO');
    const result = await importCsv(`在庫番号,商品名,カテゴリ,下代(税抜),上代(税込)\n${stockNumber},a,リング,1,1100\n`);

    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([]);
    expect(await basisOf([stockNumber])).toEqual({ [stockNumber]: ['included', 1100] });
  });

  it('names the row and value of an unknown basis', async () => {
    const good = unique('PG');
    const bad = unique('PX');
    const csv = ['在庫番号,商品名,カテゴリ,下代,上代,税込/税抜', `${good},a,リング,1,1000,税抜`, `${bad},b,リング,1,1000,税別`].join('\n');

    const result = await importCsv(csv);

    expect(result.committed).toBe(false);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toMatchObject({ row: 3, column: '税込/税抜', value: '税別' });
    expect(result.errors[0]!.message.ja).toContain('「税別」');
    expect(result.errors[0]!.message.ja).toContain('「税込」か「税抜」');
    expect(result.errors[0]!.message.en).toContain('"税別" is not a price basis');
    expect(await basisOf([good, bad])).toEqual({});
  });

  it('warns when the price header says tax-excluded', async () => {
    const stockNumber = unique('PW');
    const result = await importCsv(`在庫番号,商品名,カテゴリ,下代,上代(税抜)\n${stockNumber},a,リング,1,1000\n`, true);

    expect(result.errors).toEqual([]);
    expect(result.warnings).toHaveLength(1);
    expect(result.warnings[0]).toMatchObject({ row: 1, column: '上代(税抜)' });
    expect(result.warnings[0]!.message.en).toContain('read as tax-included');
  });

  it('round-trips the basis through export', async () => {
    const second = await createTestDatabase(kind);
    try {
      const excluded = unique('PE');
      const included = unique('PI');
      const source = ['在庫番号,商品名,カテゴリ,下代,上代,税込/税抜,税率(%)', `${excluded},a,リング,1,1000,税抜,8`, `${included},b,リング,1,1100,,10`].join('\n');
      expect((await importCsv(source)).errors).toEqual([]);

      for (const locale of ['ja', 'en'] as const) {
        const exported = await exportItemsBuffer(db, { encoding: 'utf8', locale });
        const [header, ...rows] = parse(exported, { bom: true, relax_column_count: true }) as string[][];
        const basisColumn = TSUNAGU_COLUMN_KEYS.indexOf('priceBasis');
        expect(header![basisColumn]).toBe(locale === 'ja' ? '税込/税抜' : 'Price basis');
        const rowOf = (stockNumber: string) => rows.find((row) => row[0] === stockNumber)!;
        expect(rowOf(excluded)[basisColumn]).toBe(locale === 'ja' ? '税抜' : 'excluded');
        expect(rowOf(included)[basisColumn]).toBe(locale === 'ja' ? '税込' : 'included');

        const reimported = await importItems(second.db, {
          bytes: exported,
          fileName: null,
          format: 'tsunagu',
          encoding: 'auto',
          mode: 'all_or_nothing',
          dryRun: locale === 'en',
          userId: null,
        });
        expect(reimported.errors).toEqual([]);
      }

      const copied = await second.db.selectFrom('items').select(['stock_number', 'price_basis', 'retail_price', 'tax_rate_percent']).where('stock_number', 'in', [excluded, included]).orderBy('stock_number').execute();
      expect(copied).toEqual(
        [
          { stock_number: excluded, price_basis: 'excluded', retail_price: 1000, tax_rate_percent: 8 },
          { stock_number: included, price_basis: 'included', retail_price: 1100, tax_rate_percent: 10 },
        ].sort((a, b) => a.stock_number.localeCompare(b.stock_number)),
      );
    } finally {
      await second.destroy();
    }
  });
});

describeEachDatabase('item CSV price basis over HTTP', (database) => {
  let app: App;
  let ja: ApiClient;
  let en: ApiClient;

  beforeAll(async () => {
    app = await createTestApp(database());
    ja = await signIn(app, database(), 'ja');
    en = await signIn(app, database(), 'en');
  });
  afterAll(async () => {
    await app.close();
  });

  it('reports an unknown basis in the user language', async () => {
    const csv = `在庫番号,商品名,カテゴリ,下代,上代,Price basis\n${unique('PH')},リング,リング,1000,3000,net\n`;
    const body = { contentBase64: Buffer.from(csv, 'utf8').toString('base64'), format: 'tsunagu', encoding: 'utf8', mode: 'all_or_nothing', dryRun: false };

    const inJapanese = await ja.post('/api/items/import', body);
    const inEnglish = await en.post('/api/items/import', body);

    expect(inJapanese.statusCode).toBe(422);
    expect(inJapanese.json().errors).toEqual([
      {
        row: 2,
        column: 'Price basis',
        value: 'net',
        message: '「net」は上代の税込・税抜の区分として使えません。「税込」か「税抜」（included か excluded）を入力してください。空欄なら税込です。',
      },
    ]);
    expect(inEnglish.json().errors[0].message).toBe('"net" is not a price basis. Enter 税込 or 税抜 (included or excluded); an empty cell means tax-included.');
  });
});
