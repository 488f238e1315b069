import { existsSync, readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { useSignedInApp } from '../../../../test/helpers/app.js';
import { describeEachDatabase } from '../../../../test/helpers/database.js';
import { createTestLocation, receiveTestItem } from '../../../../test/helpers/factories.js';
import { isDomainError } from '../../../shared/errors.js';
import { RAKUTEN_ITEM_HEADER } from './rakuten-item.js';
import { buildExportFile, priceIncludingTax, YAHOO_DATA_HEADER, YAHOO_QUANTITY_HEADER, type ExportListing } from './service.js';

/** A real Yahoo store item file (CP932, LF), recorded by the MIT-licensed t4traw/yahoo_store_api. */
const YAHOO_SAMPLE = '/work/shared/data/real/yahoo/sample.csv';

function decodeCsv(bytes: Buffer): string[][] {
  return parse(iconv.decode(bytes, 'cp932'), { relax_column_count: true }) as string[][];
}

function listing(overrides: Partial<ExportListing> = {}): ExportListing {
  return {
    listingId: 1,
    stockNumber: 'R-0001',
    channelKind: 'yahoo',
    title: 'K18 ダイヤ リング 0.30ct',
    description: '一点ものです。',
    externalCode: 'r-0001',
    categoryId: '1403',
    janCode: null,
    priceIncludingTax: 132_000,
    sellableQuantity: 1,
    photos: [],
    shopUrl: null,
    ...overrides,
  };
}

/** A listing on Rakuten with a valid genre ID, for the normal-item.csv tests. */
function rakutenListing(overrides: Partial<ExportListing> = {}): ExportListing {
  return listing({ channelKind: 'rakuten', categoryId: '100371', ...overrides });
}

/** Cells of one decoded row by column name. */
function cellsOf(header: string[], row: string[]): Record<string, string> {
  return Object.fromEntries(header.map((column, index) => [column, row[index]!]));
}

/** Runs `action` and returns the domain error it throws, so its code and messages can be checked. */
function caught(action: () => unknown) {
  try {
    action();
  } catch (error) {
    if (isDomainError(error)) return error;
    throw error;
  }
  throw new Error('expected a domain error');
}

describe('mall file rows', () => {
  it.skipIf(!existsSync(YAHOO_SAMPLE))('yahoo data header matches real file', () => {
    const sample = readFileSync(YAHOO_SAMPLE);
    const sampleHeader = decodeCsv(sample)[0];
    const { bytes } = buildExportFile('yahoo-data', [listing()]);

    expect(decodeCsv(bytes)[0]).toEqual(sampleHeader);
    // Byte for byte too: the header is plain ASCII in both, only the line end differs (CRLF here, LF there).
    const sampleHeaderBytes = sample.subarray(0, sample.indexOf(0x0a));
    expect(bytes.subarray(0, bytes.indexOf(0x0d)).equals(sampleHeaderBytes)).toBe(true);
  });

  it('yahoo data columns in documented order', () => {
    const { fileName, bytes } = buildExportFile('yahoo-data', [listing({ janCode: '4901234567894' })]);
    const [header, row] = decodeCsv(bytes);

    expect(fileName).toBe('data.csv');
    expect(header).toEqual([...YAHOO_DATA_HEADER]);
    expect(header).toHaveLength(25);
    const cell = (column: string) => row![header!.indexOf(column)];
    expect(cell('name')).toBe('K18 ダイヤ リング 0.30ct');
    expect(cell('code')).toBe('r-0001');
    expect(cell('price')).toBe('132000');
    expect(cell('caption')).toBe('一点ものです。');
    expect(cell('jan')).toBe('4901234567894');
    expect(cell('product-category')).toBe('1403');
    expect(cell('path')).toBe('');
  });

  it('yahoo quantity columns and values', () => {
    const { fileName, bytes } = buildExportFile('yahoo-quantity', [listing({ sellableQuantity: 0 })]);

    expect(fileName).toBe('quantity.csv');
    expect(decodeCsv(bytes)).toEqual([[...YAHOO_QUANTITY_HEADER], ['r-0001', '', '0', '', '0', '']]);
    expect(YAHOO_QUANTITY_HEADER).toEqual(['code', 'sub-code', 'quantity', 'mode', 'allow-overdraft', 'stock-close']);
  });

  it('writes CP932 bytes with CRLF', () => {
    const { bytes } = buildExportFile('yahoo-data', [listing({ title: 'ダイヤ' })]);

    expect(bytes.includes(iconv.encode('ダイヤ', 'cp932'))).toBe(true);
    expect(bytes.includes(Buffer.from('ダイヤ', 'utf8'))).toBe(false);
    expect(bytes.subarray(-2).toString('latin1')).toBe('\r\n');
  });

  it('guards cells against formulas', () => {
    const { bytes } = buildExportFile('yahoo-data', [listing({ title: '=HYPERLINK("http://127.0.0.1/","x")', description: '-1+1' })]);
    const [header, row] = decodeCsv(bytes);

    expect(row![header!.indexOf('name')]).toBe(`'=HYPERLINK("http://127.0.0.1/","x")`);
    expect(row![header!.indexOf('caption')]).toBe(`'-1+1`);
    expect(row![header!.indexOf('price')]).toBe('132000');
  });

  it('maps the JIS wave dash to CP932', () => {
    const { bytes } = buildExportFile('yahoo-data', [listing({ title: '5\u301c7号' })]);

    expect(decodeCsv(bytes)[1]![1]).toBe('5\uff5e7号');
  });

  it('rejects characters CP932 lacks', () => {
    const error = caught(() => buildExportFile('yahoo-data', [listing({ title: 'リング💎', description: '𠮷田作' })]));

    expect(error.code).toBe('export_characters_missing_from_cp932');
    expect(error.messageIn('ja')).toContain('在庫番号 R-0001 の「name」（出品タイトル）にある 「💎」(U+1F48E)');
    expect(error.messageIn('ja')).toContain('「caption」（出品の説明）にある 「𠮷」(U+20BB7)');
    expect(error.messageIn('en')).toContain('stock number R-0001, name (listing title): 「💎」(U+1F48E)');
  });

  it('rejects listings of another channel', () => {
    const rakuten = listing({ stockNumber: 'R-0002', channelKind: 'rakuten' });
    const error = caught(() => buildExportFile('yahoo-quantity', [listing(), rakuten]));

    expect(error.code).toBe('export_wrong_channel');
    expect(error.messageIn('ja')).toContain('在庫番号 R-0002（楽天市場）');
    expect(error.messageIn('en')).toContain('stock numbers R-0002 (Rakuten Ichiba)');
  });

  it('rejects yahoo listings in rakuten file', () => {
    const error = caught(() => buildExportFile('rakuten-item', [listing()]));

    expect(error.code).toBe('export_wrong_channel');
    expect(error.messageIn('en')).toContain('normal-item.csv is a Rakuten Ichiba file');
    expect(error.messageIn('en')).toContain('R-0001 (Yahoo! Shopping)');
  });

  it('rakuten header in documented order', () => {
    const { fileName, bytes } = buildExportFile('rakuten-item', [rakutenListing()]);
    const [header] = decodeCsv(bytes);

    expect(fileName).toBe('normal-item.csv');
    expect(header).toEqual([...RAKUTEN_ITEM_HEADER]);
    // After the SKU project the file has no コントロールカラム: the first column is the item key.
    expect(header![0]).toBe('商品管理番号（商品URL）');
    expect(header).not.toContain('コントロールカラム');
    expect(header!.slice(0, 7)).toEqual(['商品管理番号（商品URL）', '商品番号', '商品名', '倉庫指定', 'ジャンルID', 'PC用商品説明文', 'スマートフォン用商品説明文']);
    expect(header!.slice(7, 10)).toEqual(['商品画像タイプ1', '商品画像パス1', '商品画像名（ALT）1']);
    expect(header!.slice(64, 67)).toEqual(['商品画像タイプ20', '商品画像パス20', '商品画像名（ALT）20']);
    expect(header!.slice(-5)).toEqual(['SKU管理番号', 'システム連携用SKU番号', '通常購入販売価格', '在庫数', 'カタログIDなしの理由']);
    expect(header).toHaveLength(72);
  });

  it('rakuten header bytes are CP932', () => {
    const { bytes } = buildExportFile('rakuten-item', [rakutenListing()]);
    const headerBytes = bytes.subarray(0, bytes.indexOf(0x0d));

    // The full-width brackets of 商品管理番号（商品URL） must reach RMS as CP932, not UTF-8.
    expect(headerBytes.equals(iconv.encode(RAKUTEN_ITEM_HEADER.join(','), 'cp932'))).toBe(true);
    expect(bytes.includes(Buffer.from('商品管理番号', 'utf8'))).toBe(false);
    expect(bytes.subarray(-2).toString('latin1')).toBe('\r\n');
  });

  it('rakuten item and SKU rows', () => {
    const { bytes } = buildExportFile('rakuten-item', [
      rakutenListing({ description: 'ルース: 0.30ct\n<鑑定書付き>', priceIncludingTax: 132_000, sellableQuantity: 1 }),
    ]);
    const [header, itemRow, skuRow, ...rest] = decodeCsv(bytes);

    expect(rest).toEqual([]);
    const item = cellsOf(header!, itemRow!);
    expect(item['商品管理番号（商品URL）']).toBe('r-0001');
    expect(item['商品番号']).toBe('r-0001');
    expect(item['商品名']).toBe('K18 ダイヤ リング 0.30ct');
    expect(item['倉庫指定']).toBe('0');
    expect(item['ジャンルID']).toBe('100371');
    expect(item['PC用商品説明文']).toBe('ルース: 0.30ct<br>&lt;鑑定書付き&gt;');
    expect(item['スマートフォン用商品説明文']).toBe('ルース: 0.30ct<br>&lt;鑑定書付き&gt;');
    expect(item['商品画像タイプ1']).toBe('');
    expect(item['SKU管理番号']).toBe('');
    expect(item['通常購入販売価格']).toBe('');
    expect(item['在庫数']).toBe('');

    const sku = cellsOf(header!, skuRow!);
    expect(sku['商品管理番号（商品URL）']).toBe('r-0001');
    expect(sku['SKU管理番号']).toBe('normal-inventory');
    expect(sku['システム連携用SKU番号']).toBe('R-0001');
    expect(sku['通常購入販売価格']).toBe('132000');
    expect(sku['在庫数']).toBe('1');
    expect(sku['カタログIDなしの理由']).toBe('3');
    expect(sku['商品名']).toBe('');
    expect(sku['ジャンルID']).toBe('');
    expect(sku['倉庫指定']).toBe('');
  });

  it('rakuten rows per listing in order', () => {
    const { bytes } = buildExportFile('rakuten-item', [
      rakutenListing(),
      rakutenListing({ stockNumber: 'R-0002', externalCode: 'r-0002', sellableQuantity: 0, description: null }),
    ]);
    const [header, ...rows] = decodeCsv(bytes);
    const column = (name: string) => header!.indexOf(name);

    expect(rows.map((row) => [row[column('商品管理番号（商品URL）')], row[column('SKU管理番号')]])).toEqual([
      ['r-0001', ''],
      ['r-0001', 'normal-inventory'],
      ['r-0002', ''],
      ['r-0002', 'normal-inventory'],
    ]);
    expect(rows[2]![column('PC用商品説明文')]).toBe('');
    expect(rows[3]![column('在庫数')]).toBe('0');
  });

  it('rakuten images from R-Cabinet', () => {
    const photos = ['https://image.rakuten.co.jp/jewel-shop/cabinet/rings/r-0001.jpg', '/rings/r-0001-side.png'];
    const { bytes } = buildExportFile('rakuten-item', [rakutenListing({ photos, shopUrl: 'jewel-shop' })]);
    const [header, itemRow, skuRow] = decodeCsv(bytes);
    const item = cellsOf(header!, itemRow!);

    expect(item['商品画像タイプ1']).toBe('CABINET');
    expect(item['商品画像パス1']).toBe('/rings/r-0001.jpg');
    expect(item['商品画像名（ALT）1']).toBe('K18 ダイヤ リング 0.30ct');
    expect(item['商品画像タイプ2']).toBe('CABINET');
    expect(item['商品画像パス2']).toBe('/rings/r-0001-side.png');
    expect(item['商品画像パス3']).toBe('');
    expect(cellsOf(header!, skuRow!)['商品画像パス1']).toBe('');
  });

  it('rejects photos outside R-Cabinet', () => {
    const otherShop = 'https://image.rakuten.co.jp/other-shop/cabinet/rings/r-0001.jpg';
    const error = caught(() =>
      buildExportFile('rakuten-item', [rakutenListing({ photos: ['https://127.0.0.1/r-0001.jpg', otherShop], shopUrl: 'jewel-shop' })]),
    );

    expect(error.code).toBe('export_rakuten_listing_invalid');
    expect(error.messageIn('ja')).toContain('在庫番号 R-0001: 写真「https://127.0.0.1/r-0001.jpg」は楽天の画像として使えません');
    expect(error.messageIn('ja')).toContain(`写真「${otherShop}」`);
    expect(error.messageIn('en')).toContain('stock number R-0001: the photo "https://127.0.0.1/r-0001.jpg" cannot be used on Rakuten');
  });

  it('rejects invalid rakuten listings', () => {
    const error = caught(() =>
      buildExportFile('rakuten-item', [
        rakutenListing({ externalCode: '-r0001' }),
        rakutenListing({ stockNumber: 'R-0002', externalCode: 'r-0002', categoryId: '1403' }),
        rakutenListing({ stockNumber: 'R-0003', externalCode: 'r-0003', categoryId: null, title: '  ' }),
        rakutenListing({ stockNumber: 'R-0004', externalCode: 'r-0004', title: 'あ'.repeat(86) }),
        rakutenListing({ stockNumber: 'R-0005', externalCode: 'r-0005', priceIncludingTax: 1_000_000_000, sellableQuantity: 100_000 }),
      ]),
    );

    expect(error.code).toBe('export_rakuten_listing_invalid');
    const ja = error.messageIn('ja');
    expect(ja).toContain('在庫番号 R-0001: 商品管理番号「-r0001」は半角英数字');
    expect(ja).toContain('在庫番号 R-0002: ジャンルID「1403」が正しくありません');
    expect(ja).toContain('在庫番号 R-0003: ジャンルID「」が正しくありません');
    expect(ja).toContain('在庫番号 R-0003: 出品タイトルが空です');
    expect(ja).toContain('在庫番号 R-0004: 出品タイトルが 258 バイトあります');
    expect(ja).toContain('在庫番号 R-0005: 価格 1000000000 円（税込）');
    expect(ja).toContain('在庫番号 R-0005: 販売できる数 100000 は楽天の上限 99999 を超えています');
    expect(error.messageIn('en')).toContain('stock number R-0002: the genre ID "1403" is invalid');
    expect(error.details).toEqual({
      problems: [
        { stockNumber: 'R-0001', column: '商品管理番号（商品URL）' },
        { stockNumber: 'R-0002', column: 'ジャンルID' },
        { stockNumber: 'R-0003', column: 'ジャンルID' },
        { stockNumber: 'R-0003', column: '商品名' },
        { stockNumber: 'R-0004', column: '商品名' },
        { stockNumber: 'R-0005', column: '通常購入販売価格' },
        { stockNumber: 'R-0005', column: '在庫数' },
      ],
    });
  });

  it('rejects rakuten text CP932 lacks', () => {
    const error = caught(() => buildExportFile('rakuten-item', [rakutenListing({ title: 'リング💎', photos: ['/rings/r-0001.jpg'] })]));

    expect(error.code).toBe('export_characters_missing_from_cp932');
    expect(error.messageIn('ja')).toContain('在庫番号 R-0001 の「商品名」（出品タイトル）にある 「💎」(U+1F48E)');
    expect(error.messageIn('ja')).toContain('「商品画像名（ALT）1」（出品タイトル）');
  });

  it('rejects invalid yahoo codes and missing categories', () => {
    const underscore = caught(() => buildExportFile('yahoo-quantity', [listing({ externalCode: 'r_0001' })]));
    expect(underscore.code).toBe('export_yahoo_code_invalid');
    expect(underscore.messageIn('ja')).toContain('R-0001 (r_0001)');

    const leadingHyphen = caught(() => buildExportFile('yahoo-quantity', [listing({ externalCode: '-r0001' })]));
    expect(leadingHyphen.code).toBe('export_yahoo_code_invalid');

    const uncategorized = caught(() => buildExportFile('yahoo-data', [listing({ categoryId: null })]));
    expect(uncategorized.code).toBe('export_yahoo_category_missing');
    expect(uncategorized.messageIn('en')).toContain('stock numbers R-0001');

    // The stock file needs no category.
    expect(() => buildExportFile('yahoo-quantity', [listing({ categoryId: null })])).not.toThrow();
  });

  it('converts tax-excluded prices by rounding', () => {
    expect(priceIncludingTax(12_345, 'excluded', 10, 'down')).toBe(13_579);
    expect(priceIncludingTax(12_345, 'excluded', 10, 'half_up')).toBe(13_580);
    expect(priceIncludingTax(12_345, 'excluded', 8, 'up')).toBe(13_333);
    expect(priceIncludingTax(12_345, 'included', 10, 'up')).toBe(12_345);
  });
});

describeEachDatabase('mall file export', (database) => {
  const signedIn = useSignedInApp(database, 'ja');
  const api = () => signedIn.api();

  async function account(kind: 'rakuten' | 'yahoo', name: string): Promise<number> {
    const body =
      kind === 'rakuten'
        ? { kind, name, settings: { baseUrl: 'http://127.0.0.1:9101' }, credentials: { serviceSecret: 's', licenseKey: 'l' } }
        : { kind, name, settings: { baseUrl: 'http://127.0.0.1:9102', sellerId: 'jewelry-shop' }, credentials: { clientId: 'id', clientSecret: 'secret' } };
    const response = await api().post('/api/channel-accounts', body);
    expect(response.statusCode, response.body).toBe(201);
    return response.json().id;
  }

  /** Makes a listing of a new piece on an account and sets what it shows. */
  async function listed(accountId: number, show: { title?: string; price?: number; priceBasis?: 'included' | 'excluded'; categoryId?: string | null } = {}) {
    const db = database().db;
    const store = await createTestLocation(db);
    const item = await receiveTestItem(db, { locationId: store.id });
    const created = await api().post('/api/listings', { itemIds: [item.id], channelAccountIds: [accountId] });
    expect(created.statusCode, created.body).toBe(201);
    const listing = created.json().listings[0];
    const updated = await api().put(`/api/listings/${listing.id}`, {
      title: show.title ?? 'K18 リング',
      price: show.price ?? 132_000,
      priceBasis: show.priceBasis ?? 'included',
      categoryId: show.categoryId === undefined ? '1403' : show.categoryId,
    });
    expect(updated.statusCode, updated.body).toBe(200);
    return { listing: updated.json(), item };
  }

  function exportFile(format: string, ids: readonly number[] | string) {
    return api().get(`/api/listings/export/${format}?ids=${Array.isArray(ids) ? ids.join(',') : ids}`);
  }

  it('exports yahoo data.csv with tax-included price', async () => {
    const db = database().db;
    await db.updateTable('company_settings').set({ tax_rounding: 'half_up' }).where('id', '=', 1).execute();
    const yahoo = await account('yahoo', 'Yahoo A');
    const excluded = await listed(yahoo, { title: 'Pt900 ダイヤ ペンダント', price: 12_345, priceBasis: 'excluded' });
    const included = await listed(yahoo, { price: 132_000 });

    const response = await exportFile('yahoo-data', [excluded.listing.id, included.listing.id]);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=Shift_JIS');
    expect(response.headers['content-disposition']).toBe('attachment; filename="data.csv"');

    const [header, first, second] = decodeCsv(response.rawPayload);
    expect(header).toEqual([...YAHOO_DATA_HEADER]);
    const cell = (row: string[] | undefined, column: string) => row![header!.indexOf(column)];
    expect(cell(first, 'name')).toBe('Pt900 ダイヤ ペンダント');
    expect(cell(first, 'code')).toBe(excluded.listing.externalCode);
    // 12,345 yen before 10 % tax is 13,579.5 yen, rounded half up.
    expect(cell(first, 'price')).toBe('13580');
    expect(cell(second, 'price')).toBe('132000');

    const audit = await db.selectFrom('audit_events').select(['action', 'detail_json']).where('action', '=', 'listing.export').execute();
    expect(audit).toHaveLength(1);
  });

  it('exports sellable quantity in quantity.csv', async () => {
    const db = database().db;
    const yahoo = await account('yahoo', 'Yahoo B');
    const free = await listed(yahoo);
    const reserved = await listed(yahoo);
    await db.updateTable('stock_balances').set({ reserved_quantity: 1 }).where('item_id', '=', reserved.item.id).execute();

    const response = await exportFile('yahoo-quantity', [free.listing.id, reserved.listing.id]);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-disposition']).toBe('attachment; filename="quantity.csv"');
    expect(decodeCsv(response.rawPayload)).toEqual([
      [...YAHOO_QUANTITY_HEADER],
      [free.listing.externalCode, '', '1', '', '0', ''],
      [reserved.listing.externalCode, '', '0', '', '0', ''],
    ]);
  });

  it('exports rakuten normal-item.csv', async () => {
    const db = database().db;
    await db.updateTable('company_settings').set({ tax_rounding: 'half_up' }).where('id', '=', 1).execute();
    const rakuten = await account('rakuten', '楽天 A');
    const fresh = await listed(rakuten, { title: 'Pt900 ダイヤ ペンダント', price: 12_345, priceBasis: 'excluded', categoryId: '100371' });
    const published = await listed(rakuten, { price: 132_000, categoryId: '100371' });
    await db
      .updateTable('channel_listings')
      .set({ published_at: '2026-11-01T00:00:00.000Z', photos_json: JSON.stringify(['/rings/published.jpg']) })
      .where('id', '=', published.listing.id)
      .execute();

    const response = await exportFile('rakuten-item', [fresh.listing.id, published.listing.id]);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=Shift_JIS');
    expect(response.headers['content-disposition']).toBe('attachment; filename="normal-item.csv"');

    const [header, freshItem, freshSku, publishedItem, publishedSku, ...rest] = decodeCsv(response.rawPayload);
    expect(header).toEqual([...RAKUTEN_ITEM_HEADER]);
    expect(rest).toEqual([]);
    const cell = (row: string[] | undefined, column: string) => row![header!.indexOf(column)];

    expect(cell(freshItem, '商品管理番号（商品URL）')).toBe(fresh.listing.externalCode);
    expect(cell(freshItem, '商品名')).toBe('Pt900 ダイヤ ペンダント');
    expect(cell(freshItem, 'ジャンルID')).toBe('100371');
    expect(cell(freshSku, '商品管理番号（商品URL）')).toBe(fresh.listing.externalCode);
    expect(cell(freshSku, 'システム連携用SKU番号')).toBe(fresh.item.stock_number);
    // 12,345 yen before 10 % tax is 13,579.5 yen, rounded half up.
    expect(cell(freshSku, '通常購入販売価格')).toBe('13580');
    expect(cell(freshSku, '在庫数')).toBe('1');

    // A listing already on Rakuten is written the same way: the file has no コントロールカラム,
    // so the row updates the item with the same 商品管理番号.
    expect(cell(publishedItem, '商品管理番号（商品URL）')).toBe(published.listing.externalCode);
    expect(cell(publishedItem, '商品画像タイプ1')).toBe('CABINET');
    expect(cell(publishedItem, '商品画像パス1')).toBe('/rings/published.jpg');
    expect(cell(publishedSku, '通常購入販売価格')).toBe('132000');
    expect(publishedItem!.length).toBe(freshItem!.length);

    const audit = await db
      .selectFrom('audit_events')
      .select('detail_json')
      .where('action', '=', 'listing.export')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(audit.detail_json ?? '{}')).toMatchObject({
      format: 'rakuten-item',
      channelKind: 'rakuten',
      listingIds: [fresh.listing.id, published.listing.id],
    });
  });

  it('rejects invalid rakuten listing over HTTP', async () => {
    const rakuten = await account('rakuten', '楽天 B');
    const { item, listing } = await listed(rakuten, { categoryId: '1403' });

    const response = await exportFile('rakuten-item', [listing.id]);
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('export_rakuten_listing_invalid');
    expect(response.json().error.message).toContain(`在庫番号 ${item.stock_number}: ジャンルID「1403」が正しくありません`);
  });

  it('rejects another channel over HTTP', async () => {
    const yahoo = await account('yahoo', 'Yahoo C');
    const rakuten = await account('rakuten', '楽天 C');
    const onYahoo = await listed(yahoo);
    const onRakuten = await listed(rakuten);

    const yahooFile = await exportFile('yahoo-data', [onYahoo.listing.id, onRakuten.listing.id]);
    expect(yahooFile.statusCode).toBe(400);
    expect(yahooFile.json().error.code).toBe('export_wrong_channel');
    expect(yahooFile.json().error.message).toContain(`在庫番号 ${onRakuten.item.stock_number}（楽天市場）`);
    expect(yahooFile.json().error.message).not.toContain(onYahoo.item.stock_number);

    const rakutenFile = await exportFile('rakuten-item', [onYahoo.listing.id]);
    expect(rakutenFile.statusCode).toBe(400);
    expect(rakutenFile.json().error.code).toBe('export_wrong_channel');
    expect(rakutenFile.json().error.message).toContain(onYahoo.item.stock_number);
  });

  it('rejects missing characters over HTTP', async () => {
    const yahoo = await account('yahoo', 'Yahoo D');
    const { listing, item } = await listed(yahoo, { title: 'リング💎' });

    const response = await exportFile('yahoo-data', [listing.id]);
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('export_characters_missing_from_cp932');
    expect(response.json().error.message).toContain(`在庫番号 ${item.stock_number} の「name」（出品タイトル）`);
  });

  it('guards formula text in the file', async () => {
    const yahoo = await account('yahoo', 'Yahoo E');
    const { listing } = await listed(yahoo, { title: '=1+2' });

    const response = await exportFile('yahoo-data', [listing.id]);
    const [header, row] = decodeCsv(response.rawPayload);
    expect(row![header!.indexOf('name')]).toBe("'=1+2");
  });

  it('validates the ids query', async () => {
    const missing = await api().get('/api/listings/export/yahoo-data');
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.message).toContain('ids');

    const malformed = await exportFile('yahoo-data', '1,x');
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().error.message).toContain('ids: 出品 ID をカンマ区切りの数字で指定してください');

    const tooMany = await exportFile(
      'yahoo-data',
      Array.from({ length: 5001 }, (_, index) => index + 1),
    );
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.json().error.message).toContain('ids: 一度に出力できる出品は 5000 件までです');

    const unknownFormat = await exportFile('amazon', [1]);
    expect(unknownFormat.statusCode).toBe(400);

    const unknown = await exportFile('yahoo-data', [999_999]);
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.message).toContain('999999');
  });
});
