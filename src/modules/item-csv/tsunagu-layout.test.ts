import { describe, expect, it } from 'vitest';
import type { Item } from '../../db/schema.js';
import { formatScaled, parseScaled, readCell, readCodeCell, writeCodeCell, writeTextCell } from './cells.js';
import { parseCsvTable } from './rows.js';
import { TSUNAGU_COLUMN_KEYS, TSUNAGU_COLUMNS, tsunaguColumnForHeader, tsunaguHeader } from './tsunagu-columns.js';
import { formatTsunaguRecord, mapTsunaguHeader, readTsunaguRecord, type ExportedItem } from './tsunagu-layout.js';
import { checkCandidates } from './validate.js';

function readRows(csv: string) {
  const table = parseCsvTable(csv);
  const { header, warnings } = mapTsunaguHeader(table.header);
  return { candidates: table.records.map((record) => readTsunaguRecord(record, header)), warnings };
}

describe('cells', () => {
  it.each([
    ['12.34', 2, 'g', 1234],
    ['12', 2, 'g', 1200],
    ['0.29', 2, 'g', 29],
    ['１２．５', 1, '号', 125],
    ['1.500', 3, 'ct', 1500],
    ['12.340', 2, 'g', 1234],
    ['128,000', 0, '円', 128000],
    ['¥128,000', 0, '円', 128000],
    ['128000円', 0, '円', 128000],
    ['10%', 0, '%', 10],
    ['3.2g', 2, 'g', 320],
  ])('parses %j', (text, decimals, unit, expected) => {
    expect(parseScaled(text, decimals, unit)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ['12.345', 2, 'g', 'at most 2 decimal places'],
    ['1.5', 0, '円', 'whole yen'],
    ['abc', 2, 'g', 'Enter a number'],
    ['-1', 2, 'g', 'Enter a number'],
  ])('rejects %j', (text, decimals, unit, message) => {
    const result = parseScaled(text, decimals, unit);
    if (result.ok) expect.unreachable(`parsed as ${result.value}`);
    expect(result.message.en).toContain(message);
  });

  it('formats without trailing zeros', () => {
    expect(formatScaled(1234, 2)).toBe('12.34');
    expect(formatScaled(1200, 2)).toBe('12');
    expect(formatScaled(5, 3)).toBe('0.005');
    expect(formatScaled(115, 1)).toBe('11.5');
    expect(formatScaled(null, 1)).toBe('');
  });

  it.each(['=HYPERLINK("http://x")', '+81', '-1', '@SUM(A1)', '\tx', "'=already", 'plain', ''])('round-trips text %j', (text) => {
    const written = writeTextCell(text);
    expect(/^[=+\-@\t\r]/.test(written)).toBe(false);
    expect(readCell(written).trim()).toBe(text.trim());
  });

  it.each(['000123', '0123456789012', '4901234567894', 'R-0001', '12345'])('round-trips code %j', (code) => {
    expect(readCodeCell(writeCodeCell(code))).toBe(code);
  });

  it('writes fragile digit codes as text formulas', () => {
    expect(writeCodeCell('000123')).toBe('="000123"');
    expect(writeCodeCell('4901234567894')).toBe('="4901234567894"');
    expect(writeCodeCell('12345')).toBe('12345');
  });
});

describe('tsunagu header', () => {
  it('accepts Japanese, English and keys', () => {
    for (const key of TSUNAGU_COLUMN_KEYS) {
      expect(tsunaguColumnForHeader(TSUNAGU_COLUMNS[key].ja)).toBe(key);
      expect(tsunaguColumnForHeader(TSUNAGU_COLUMNS[key].en)).toBe(key);
      expect(tsunaguColumnForHeader(key)).toBe(key);
    }
    expect(tsunaguColumnForHeader('地金重量')).toBe('metalWeight');
    expect(tsunaguColumnForHeader(' metal weight ')).toBe('metalWeight');
    expect(tsunaguColumnForHeader('上代（税込）')).toBe('retailPrice');
    expect(tsunaguColumnForHeader('上代(税抜)')).toBe('retailPrice');
    expect(tsunaguColumnForHeader('税込・税抜')).toBe('priceBasis');
  });

  it('gives every alias one column', () => {
    const seen = new Map<string, string>();
    for (const key of TSUNAGU_COLUMN_KEYS) {
      const { ja, en, aliases = [] } = TSUNAGU_COLUMNS[key];
      for (const name of [ja, en, ...aliases]) {
        expect(seen.get(name) ?? key, name).toBe(key);
        seen.set(name, key);
        expect(tsunaguColumnForHeader(name), name).toBe(key);
      }
    }
  });

  it('rejects missing required columns', () => {
    expect(() => mapTsunaguHeader(['在庫番号', '商品名'])).toThrow(/Category|カテゴリ/);
  });

  it('warns about unknown columns', () => {
    const { warnings } = mapTsunaguHeader(['商品名', 'カテゴリ', '下代', '上代', 'メモ']);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.column).toBe('メモ');
  });
});

describe('readTsunaguRecord', () => {
  it('converts human units', () => {
    const { candidates } = readRows(
      [
        '在庫番号,商品名,カテゴリ,地金,地金重量(g),主石,主石カラット(ct),主石クラリティ,主石カット,リングサイズ(号),状態,ランク,鑑定書・鑑別書,鑑定機関,下代(税抜),上代(税込),税率(%),タグ,写真URL,数量,拠点コード',
        'R-1,ダイヤ リング,リング,pt900,3.25,ダイヤモンド,0.305,VS1,3EX,11.5,中古,a,鑑定書,中央宝石研究所,"80,000",¥198000,10%,婚約|ダイヤ,https://x/1.jpg|https://x/2.jpg,1,GINZA',
      ].join('\n'),
    );
    const [candidate] = candidates;
    expect(candidate!.issues).toEqual([]);
    const [checked] = checkCandidates(candidates);
    expect(checked!.issues).toEqual([]);
    expect(checked!.attributes).toMatchObject({
      stockNumber: 'R-1',
      category: 'ring',
      metal: 'PT900',
      metalWeightCg: 325,
      mainStoneCaratMct: 305,
      ringSizeTenths: 115,
      condition: 'pre_owned',
      conditionGrade: 'A',
      certificateKind: 'grading_report',
      cost: 80000,
      retailPrice: 198000,
      taxRatePercent: 10,
      tags: ['婚約', 'ダイヤ'],
      photos: [{ url: 'https://x/1.jpg' }, { url: 'https://x/2.jpg' }],
    });
    expect(candidate!.placements).toEqual([{ locationCode: 'GINZA', quantity: 1 }]);
    expect(candidate!.sourceKey).toBe('tsunagu:R-1');
  });

  it('names the row and column of each error', () => {
    const { candidates } = readRows(
      ['Name,Category,Cost,Retail price,Metal weight (g),Ring size', 'Ring,castle,100,200,1.234,11.3'].join('\n'),
    );
    const [checked] = checkCandidates(candidates);
    const found = checked!.issues.map((issue) => [issue.row, issue.column, issue.value]);
    expect(found).toContainEqual([2, 'Category', 'castle']);
    expect(found).toContainEqual([2, 'Metal weight (g)', '1.234']);
    expect(checked!.attributes).toBeNull();
  });

  it('reports schema errors under the column', () => {
    const { candidates } = readRows(['商品名,カテゴリ,下代,上代,リングサイズ', 'ネックレス,ネックレス,100,200,11'].join('\n'));
    const [checked] = checkCandidates(candidates);
    expect(checked!.issues).toHaveLength(1);
    expect(checked!.issues[0]!.column).toBe('リングサイズ');
    expect(checked!.issues[0]!.value).toBe('11');
    expect(checked!.issues[0]!.message.ja).toBe('リングサイズはリングにのみ入力できます。');
  });

  it('requires cost and retail price', () => {
    const { candidates } = readRows(['商品名,カテゴリ,下代,上代', 'x,リング,,'].join('\n'));
    const columns = checkCandidates(candidates)[0]!.issues.map((issue) => issue.column);
    expect(columns).toEqual(['下代', '上代']);
  });

  it('spreads stock over locations', () => {
    const { candidates } = readRows(
      ['商品名,カテゴリ,下代,上代,管理方法,単位,数量,拠点コード', 'チェーン,ネックレス,10,30,数量管理,cm,500,GINZA:300|HONTEN:200'].join('\n'),
    );
    expect(candidates[0]!.issues).toEqual([]);
    expect(candidates[0]!.placements).toEqual([
      { locationCode: 'GINZA', quantity: 300 },
      { locationCode: 'HONTEN', quantity: 200 },
    ]);
  });

  it('checks location quantities add up', () => {
    const { candidates } = readRows(['商品名,カテゴリ,下代,上代,管理方法,数量,拠点コード', 'x,その他,1,2,数量管理,4,A:1|B:2'].join('\n'));
    expect(candidates[0]!.issues[0]!.column).toBe('拠点コード');
  });

  it('reads carat-counted quantities in ct', () => {
    const { candidates } = readRows(['商品名,カテゴリ,下代,上代,管理方法,単位,数量', 'メレ,ルース,5,10,数量管理,ct,1.25'].join('\n'));
    expect(candidates[0]!.input.unit).toBe('mct');
    expect(candidates[0]!.placements).toEqual([{ locationCode: null, quantity: 1250 }]);
  });

  it('rejects quantity above one for a unique piece', () => {
    const { candidates } = readRows(['商品名,カテゴリ,下代,上代,数量', 'x,リング,1,2,2'].join('\n'));
    expect(candidates[0]!.issues[0]!.column).toBe('数量');
    expect(candidates[0]!.issues[0]!.message.en).toContain('unique piece');
  });

  it('marks duplicate stock numbers in a file', () => {
    const { candidates } = readRows(['在庫番号,商品名,カテゴリ,下代,上代', 'A1,x,リング,1,2', 'B2,y,リング,1,2', 'A1,z,リング,1,2'].join('\n'));
    const checked = checkCandidates(candidates);
    expect(checked[2]!.issues[0]!.message.en).toContain('row 2');
  });

  it('marks a shared JAN of counted goods', () => {
    const { candidates } = readRows(
      ['商品名,カテゴリ,下代,上代,管理方法,JANコード', 'a,その他,1,2,数量管理,4901234567894', 'b,その他,1,2,数量管理,4901234567894', 'c,その他,1,2,1点物,4901234567894'].join('\n'),
    );
    const checked = checkCandidates(candidates);
    expect(checked[0]!.issues).toEqual([]);
    expect(checked[1]!.issues[0]!.column).toBe('JANコード');
    expect(checked[2]!.issues).toEqual([]);
  });

  it('keys rows without stock number by content', () => {
    const { candidates } = readRows(['商品名,カテゴリ,下代,上代', 'x,リング,1,2', 'y,リング,1,2', 'x,リング,1,2'].join('\n'));
    expect(candidates[0]!.sourceKey).toMatch(/^tsunagu-row:/);
    expect(candidates[0]!.sourceKey).not.toBe(candidates[1]!.sourceKey);
    expect(candidates[0]!.sourceKey).toBe(candidates[2]!.sourceKey);
  });
});

describe('formatTsunaguRecord', () => {
  const item: Item = {
    id: 1,
    price_basis: 'included',
    keep_listed_away: 0,
    stock_number: '000123',
    jan_code: '0123456789012',
    tracking: 'unique',
    unit: 'piece',
    status: 'in_stock',
    name: '=cmd|calc',
    category: 'ring',
    brand: '@brand',
    metal: 'PT900/K18',
    metal_weight_cg: 325,
    main_stone_kind: 'ダイヤモンド',
    main_stone_carat_mct: 305,
    main_stone_shape: 'round',
    main_stone_color: 'D',
    main_stone_clarity: 'VS1',
    main_stone_cut: '3EX',
    side_stones_carat_mct: 120,
    ring_size_tenths: 115,
    length_mm: null,
    condition: 'pre_owned',
    condition_grade: 'A',
    certificate_kind: 'grading_report',
    certificate_issuer: '中央宝石研究所',
    certificate_number: '0012345',
    cost: 80000,
    retail_price: 198000,
    tax_rate_percent: 10,
    description: '-- 1点物\n説明',
    tags: JSON.stringify(['婚約', '+プレゼント']),
    supplier_id: 3,
    ownership: 'own',
    source_key: null,
    search_text: '',
    created_at: '2026-01-01T00:00:00.000Z',
    updated_at: '2026-01-01T00:00:00.000Z',
    created_by: null,
  };
  const exported: ExportedItem = { item, supplierCode: 'S01', photoUrls: ['https://x/1.jpg'], balances: [{ locationCode: 'GINZA', quantity: 1 }] };

  it('neutralises formula cells', () => {
    const cells = formatTsunaguRecord(exported, 'ja');
    const cellOf = (key: (typeof TSUNAGU_COLUMN_KEYS)[number]) => cells[TSUNAGU_COLUMN_KEYS.indexOf(key)];
    expect(cellOf('name')).toBe("'=cmd|calc");
    expect(cellOf('brand')).toBe("'@brand");
    expect(cellOf('description')).toBe("'-- 1点物\n説明");
    expect(cellOf('stockNumber')).toBe('="000123"');
    expect(cellOf('retailPrice')).toBe('198000');
  });

  it.each(['ja', 'en'] as const)('reads back what it writes (%s)', (locale) => {
    const header = tsunaguHeader(locale);
    const { header: mapped } = mapTsunaguHeader(header);
    const candidate = readTsunaguRecord({ row: 2, cells: formatTsunaguRecord(exported, locale) }, mapped);
    const [checked] = checkCandidates([candidate]);
    expect(checked!.issues).toEqual([]);
    expect(checked!.attributes).toMatchObject({
      stockNumber: '000123',
      janCode: '0123456789012',
      name: '=cmd|calc',
      brand: '@brand',
      metal: 'PT900/K18',
      metalWeightCg: 325,
      mainStoneCaratMct: 305,
      mainStoneShape: 'round',
      sideStonesCaratMct: 120,
      ringSizeTenths: 115,
      condition: 'pre_owned',
      conditionGrade: 'A',
      certificateKind: 'grading_report',
      certificateNumber: '0012345',
      cost: 80000,
      retailPrice: 198000,
      taxRatePercent: 10,
      description: '-- 1点物\n説明',
      tags: ['婚約', '+プレゼント'],
      photos: [{ url: 'https://x/1.jpg' }],
    });
    expect(candidate.supplierCode).toBe('S01');
    expect(candidate.placements).toEqual([{ locationCode: 'GINZA', quantity: 1 }]);
  });

  it.each([
    ['ja', 'included', '税込'],
    ['ja', 'excluded', '税抜'],
    ['en', 'included', 'included'],
    ['en', 'excluded', 'excluded'],
  ] as const)('writes and reads the price basis (%s, %s)', (locale, basis, written) => {
    const taxExcluded: ExportedItem = { ...exported, item: { ...item, price_basis: basis } };
    const cells = formatTsunaguRecord(taxExcluded, locale);
    expect(cells[TSUNAGU_COLUMN_KEYS.indexOf('priceBasis')]).toBe(written);

    const { header } = mapTsunaguHeader(tsunaguHeader(locale));
    const [checked] = checkCandidates([readTsunaguRecord({ row: 2, cells }, header)]);
    expect(checked!.issues).toEqual([]);
    expect(checked!.attributes?.priceBasis).toBe(basis);
  });
});
