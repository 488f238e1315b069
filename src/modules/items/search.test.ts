import { UNRESTRICTED_SCOPE } from '../access/scope.js';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signIn, type ApiClient } from '../../../test/helpers/app.js';
import { describeEachDatabase } from '../../../test/helpers/database.js';
import { nowIso } from '../../db/database.js';
import type { App } from '../../server/types.js';
import { recordMovement } from '../ledger/service.js';
import { createLocation } from '../locations/service.js';
import { businessDayStartUtc, searchItems, searchWords } from './search.js';
import { buildSearchText } from './service.js';

/** Makes a word that occurs in no other item, used as a tag to scope a test's searches. */
function uniqueWord(): string {
  return `zq${randomBytes(4).toString('hex')}`;
}

function uniqueCode(prefix: string): string {
  return `${prefix}${randomBytes(4).toString('hex').toUpperCase()}`;
}

function toFullWidth(text: string): string {
  return text.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
}

interface Found {
  items: Array<{ id: number; stockNumber: string; name: string; retailPrice: number }>;
  total: number;
  page: number;
  pageSize: number;
}

describeEachDatabase('item search', (database) => {
  let app: App;
  let api: ApiClient;
  let apiJa: ApiClient;

  beforeAll(async () => {
    app = await createTestApp(database());
    api = await signIn(app, database(), 'en');
    apiJa = await signIn(app, database(), 'ja');
  });
  afterAll(async () => {
    await app.close();
  });

  async function create(tag: string, overrides: Record<string, unknown> = {}): Promise<{ id: number; stockNumber: string }> {
    const response = await api.post('/api/items', {
      name: 'K18 ダイヤモンド リング',
      category: 'ring',
      metal: 'K18',
      cost: 50_000,
      retailPrice: 132_000,
      tags: [tag],
      ...overrides,
    });
    if (response.statusCode !== 201) throw new Error(`item not created: ${response.body}`);
    return response.json();
  }

  async function search(query: Record<string, string | number>, client = api): Promise<Found> {
    const text = new URLSearchParams(Object.entries(query).map(([key, value]) => [key, String(value)])).toString();
    const response = await client.get(`/api/items?${text}`);
    if (response.statusCode !== 200) throw new Error(`search failed: ${response.body}`);
    return response.json();
  }

  async function idsOf(query: Record<string, string | number>): Promise<number[]> {
    return (await search(query)).items.map((item) => item.id).sort((a, b) => a - b);
  }

  async function createStore() {
    const code = uniqueCode('L');
    return database().db.transaction().execute((trx) => createLocation(trx, { code, name: `Store ${code}`, kind: 'store' }));
  }

  it('matches half-width and full-width forms', async () => {
    const tag = uniqueWord();
    const ring = await create(tag);
    const necklace = await create(tag, { name: 'Pt900 パール ネックレス', category: 'necklace', metal: 'PT900' });

    expect(await idsOf({ q: `${tag} ﾘﾝｸﾞ` })).toEqual([ring.id]);
    expect(await idsOf({ q: `${tag} Ｋ１８` })).toEqual([ring.id]);
    expect(await idsOf({ q: `${tag} ﾊﾟｰﾙ` })).toEqual([necklace.id]);
    expect(await idsOf({ q: `${tag} ぱーる` })).toEqual([necklace.id]);
    expect(await idsOf({ q: `${tag} pt900` })).toEqual([necklace.id]);
    expect(await idsOf({ q: toFullWidth(tag.toUpperCase()) })).toEqual([ring.id, necklace.id]);
  });

  it('requires every word of the query', async () => {
    const tag = uniqueWord();
    const diamondRing = await create(tag);
    await create(tag, { name: 'K18 ダイヤモンド ペンダント', category: 'pendant' });
    await create(tag, { name: 'K18 ルビー リング', mainStoneKind: 'ルビー' });

    expect(await idsOf({ q: `${tag}  ダイヤモンド　リング` })).toEqual([diamondRing.id]);
    expect(await idsOf({ q: `${tag} サファイア` })).toEqual([]);
  });

  it('searches stock number, brand, stone, description and JAN', async () => {
    const tag = uniqueWord();
    const item = await create(tag, {
      stockNumber: uniqueCode('SN-'),
      brand: 'MIKIMOTO',
      mainStoneKind: 'アコヤ真珠',
      description: '留め具はスライド式です',
      janCode: '4901234567894',
    });

    for (const word of [item.stockNumber.toLowerCase(), 'mikimoto', 'アコヤ', 'スライド式', '4901234567894']) {
      expect(await idsOf({ q: `${tag} ${word}` }), word).toEqual([item.id]);
    }
  });

  it('matches words of one and two characters', async () => {
    const tag = uniqueWord();
    const pearl = await create(tag, { name: 'アコヤ本真珠 ネックレス', category: 'necklace' });
    const gold = await create(tag, { name: 'K24 純金 コイン', category: 'other' });
    // The short word is the last text of search_text, which ends with the tags.
    const pearlAtEnd = await create(tag, { name: 'ブローチ', category: 'brooch', tags: [tag, '真珠'] });
    const goldAtEnd = await create(tag, { name: 'バングル', category: 'bangle', tags: [tag, '金'] });

    expect(await idsOf({ q: `${tag} 真珠` })).toEqual([pearl.id, pearlAtEnd.id]);
    expect(await idsOf({ q: `${tag} 金` })).toEqual([gold.id, goldAtEnd.id]);
    expect(await idsOf({ q: `${tag} k2` })).toEqual([gold.id]);
    expect((await search({ q: '鑫' })).total).toBe(0);
  });

  it('matches a character that starts many trigrams', async () => {
    const tag = uniqueWord();
    // More than 100 different trigrams start with ゑ, so the word is matched by a scan.
    const description = Array.from({ length: 120 }, (_, i) => `ゑ${String.fromCodePoint(0x4e00 + i)}`).join(' ');
    const item = await create(tag, { description });
    await create(tag);

    expect(await idsOf({ q: `${tag} ゑ` })).toEqual([item.id]);
    expect(await idsOf({ q: 'ゑ丁' })).toEqual([item.id]);
  });

  it('reads quotes and wildcards in a query literally', async () => {
    const tag = uniqueWord();
    const item = await create(tag, { description: '割引 100%_off "special" NEAR(a b)' });
    await create(tag, { description: '割引 1000 off' });

    expect(await idsOf({ q: `${tag} 100%_off` })).toEqual([item.id]);
    expect(await idsOf({ q: `${tag} "special"` })).toEqual([item.id]);
    expect(await idsOf({ q: `${tag} near(a` })).toEqual([item.id]);
    expect(await idsOf({ q: `${tag} %` })).toEqual([item.id]);
    expect(await idsOf({ q: `${tag} "` })).toEqual([item.id]);
    expect(await idsOf({ q: `${tag} _o` })).toEqual([item.id]);
  });

  it('filters by category, metal, status, supplier and price', async () => {
    const tag = uniqueWord();
    const now = nowIso();
    const supplier = await database()
      .db.insertInto('suppliers')
      .values({ code: uniqueCode('S'), name: 'Supplier', kind: 'business', is_active: 1, created_at: now, updated_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    const k18Ring = await create(tag, { retailPrice: 100_000, supplierId: supplier.id });
    const ptNecklace = await create(tag, { category: 'necklace', metal: 'PT900', retailPrice: 200_000 });
    const ptRing = await create(tag, { metal: 'PT900', retailPrice: 300_000 });
    const pendant = await create(tag, { category: 'pendant', metal: 'SV925', retailPrice: 50_000 });
    await database().db.updateTable('items').set({ status: 'sold' }).where('id', '=', ptRing.id).execute();

    expect(await idsOf({ q: tag, category: 'ring' })).toEqual([k18Ring.id, ptRing.id]);
    expect(await idsOf({ q: tag, metal: 'pt900' })).toEqual([ptNecklace.id, ptRing.id]);
    expect(await idsOf({ q: tag, category: 'ring', metal: 'ＰＴ９００' })).toEqual([ptRing.id]);
    expect(await idsOf({ q: tag, status: 'sold' })).toEqual([ptRing.id]);
    expect(await idsOf({ q: tag, status: 'out_of_stock', category: 'ring' })).toEqual([k18Ring.id]);
    expect(await idsOf({ q: tag, supplierId: supplier.id })).toEqual([k18Ring.id]);
    expect(await idsOf({ q: tag, retailPriceMin: 100_000, retailPriceMax: 200_000 })).toEqual([k18Ring.id, ptNecklace.id]);
    expect(await idsOf({ q: tag, retailPriceMax: 99_999 })).toEqual([pendant.id]);
    expect(await idsOf({ q: tag, retailPriceMin: 300_000 })).toEqual([ptRing.id]);
    expect(await idsOf({ supplierId: supplier.id, category: 'ring', retailPriceMax: 100_000 })).toEqual([k18Ring.id]);
  });

  it('filters by stock number exact and prefix', async () => {
    const tag = uniqueWord();
    const prefix = uniqueCode('P');
    const one = await create(tag, { stockNumber: `${prefix}-001` });
    const two = await create(tag, { stockNumber: `${prefix}-002` });
    const ten = await create(tag, { stockNumber: `${prefix}-010` });
    const underscore = await create(tag, { stockNumber: `${prefix}_1` });
    await create(tag, { stockNumber: `${prefix}Z1` });

    expect(await idsOf({ stockNumberPrefix: `${prefix}-00` })).toEqual([one.id, two.id]);
    expect(await idsOf({ stockNumberPrefix: `${prefix}-` })).toEqual([one.id, two.id, ten.id]);
    expect(await idsOf({ stockNumberPrefix: toFullWidth(`${prefix}-01`) })).toEqual([ten.id]);
    expect(await idsOf({ stockNumberPrefix: `${prefix}_` })).toEqual([underscore.id]);
    expect(await idsOf({ stockNumber: `${prefix}-001` })).toEqual([one.id]);
    expect(await idsOf({ stockNumber: `${prefix}-00` })).toEqual([]);
    expect(await idsOf({ stockNumberPrefix: `${prefix}-`, q: tag, sort: 'stockNumber', order: 'desc' })).toEqual([one.id, two.id, ten.id]);
  });

  it('filters by location holding stock', async () => {
    const tag = uniqueWord();
    const storeA = await createStore();
    const storeB = await createStore();
    const atA = await create(tag);
    const atB = await create(tag);
    const movedAway = await create(tag);
    await create(tag);
    await database().db.transaction().execute(async (trx) => {
      const receive = { kind: 'purchase_receipt' as const, fromLocationId: null, quantity: 1, costAmount: 50_000 };
      await recordMovement(trx, { ...receive, itemId: atA.id, toLocationId: storeA.id });
      await recordMovement(trx, { ...receive, itemId: atB.id, toLocationId: storeB.id });
      await recordMovement(trx, { ...receive, itemId: movedAway.id, toLocationId: storeA.id });
      await recordMovement(trx, { itemId: movedAway.id, kind: 'transfer_send', fromLocationId: storeA.id, toLocationId: storeB.id, quantity: 1, costAmount: 50_000 });
    });

    expect(await idsOf({ locationId: storeA.id })).toEqual([atA.id]);
    expect(await idsOf({ locationId: storeB.id, q: tag })).toEqual([atB.id, movedAway.id]);
    expect(await idsOf({ locationId: storeB.id, q: tag, category: 'ring', sort: 'retailPrice' })).toEqual([atB.id, movedAway.id]);
    const found = await search({ locationId: storeA.id });
    expect(found.items[0]).toMatchObject({
      onHand: 1,
      balances: [{ locationId: storeA.id, locationCode: storeA.code, locationName: storeA.name, locationKind: 'store', quantity: 1 }],
    });
  });

  it('filters by business date of creation', async () => {
    const tag = uniqueWord();
    const db = database().db;
    const instants = {
      earlyDec4: '2026-12-03T15:00:00.000Z', // 2026-12-04 00:00 in Japan
      lateDec3: '2026-12-03T14:59:59.999Z', // 2026-12-03 23:59:59.999 in Japan
      lateDec4: '2026-12-04T14:59:59.999Z',
      earlyDec5: '2026-12-04T15:00:00.000Z',
    };
    const ids: Record<string, number> = {};
    for (const [label, createdAt] of Object.entries(instants)) {
      ids[label] = (await create(tag)).id;
      await db.updateTable('items').set({ created_at: createdAt }).where('id', '=', ids[label]!).execute();
    }

    expect(await idsOf({ q: tag, createdFrom: '2026-12-04', createdTo: '2026-12-04' })).toEqual([ids.earlyDec4, ids.lateDec4]);
    expect(await idsOf({ q: tag, createdTo: '2026-12-03' })).toEqual([ids.lateDec3]);
    expect(await idsOf({ q: tag, createdFrom: '2026-12-05' })).toEqual([ids.earlyDec5]);
  });

  it('sorts and pages with an exact total', async () => {
    const tag = uniqueWord();
    const specs = [
      { name: 'C ring', retailPrice: 30_000 },
      { name: 'A ring', retailPrice: 50_000 },
      { name: 'E ring', retailPrice: 10_000 },
      { name: 'B ring', retailPrice: 30_000 },
      { name: 'D ring', retailPrice: 20_000 },
    ];
    const created: Array<{ id: number; stockNumber: string }> = [];
    for (const spec of specs) created.push(await create(tag, { ...spec, stockNumber: `${uniqueCode('S')}` }));
    const byId = new Map(created.map((item, index) => [item.id, specs[index]!]));

    const expectedOrders: Record<string, number[]> = {
      'retailPrice asc': [...created].sort((a, b) => byId.get(a.id)!.retailPrice - byId.get(b.id)!.retailPrice || a.id - b.id).map((i) => i.id),
      'retailPrice desc': [...created].sort((a, b) => byId.get(b.id)!.retailPrice - byId.get(a.id)!.retailPrice || b.id - a.id).map((i) => i.id),
      'name asc': [...created].sort((a, b) => byId.get(a.id)!.name.localeCompare(byId.get(b.id)!.name)).map((i) => i.id),
      'name desc': [...created].sort((a, b) => byId.get(b.id)!.name.localeCompare(byId.get(a.id)!.name)).map((i) => i.id),
      'stockNumber asc': [...created].sort((a, b) => (a.stockNumber < b.stockNumber ? -1 : 1)).map((i) => i.id),
      'stockNumber desc': [...created].sort((a, b) => (a.stockNumber < b.stockNumber ? 1 : -1)).map((i) => i.id),
      'createdAt asc': created.map((i) => i.id),
      'createdAt desc': created.map((i) => i.id).reverse(),
    };

    for (const [key, expected] of Object.entries(expectedOrders)) {
      const [sort, order] = key.split(' ') as [string, string];
      // Pages of 2 and one page of 50 take different plans on SQLite (index walk, sort).
      const paged: number[] = [];
      for (let page = 1; page <= 3; page += 1) {
        const found = await search({ q: tag, sort, order, page, pageSize: 2 });
        expect(found.total, key).toBe(5);
        paged.push(...found.items.map((item) => item.id));
      }
      const whole = await search({ q: tag, sort, order, pageSize: 50 });
      expect(paged, key).toEqual(expected);
      expect(whole.items.map((item) => item.id), key).toEqual(expected);
    }

    const beyond = await search({ q: tag, page: 4, pageSize: 2 });
    expect(beyond.items).toEqual([]);
    expect(beyond.total).toBe(5);
    expect(beyond.page).toBe(4);
    expect(beyond.pageSize).toBe(2);
  });

  it('sorts newest first by default', async () => {
    const tag = uniqueWord();
    const first = await create(tag);
    const second = await create(tag);

    const found = await search({ q: tag });

    expect(found.items.map((item) => item.id)).toEqual([second.id, first.id]);
    expect(found.pageSize).toBe(50);
    expect(found.page).toBe(1);
  });

  it('pages a broad filter newest first', async () => {
    const tag = uniqueWord();
    for (let n = 0; n < 4; n += 1) await create(tag);
    const expected = await database()
      .db.selectFrom('items')
      .select('id')
      .where('status', '=', 'out_of_stock')
      .orderBy('id', 'desc')
      .limit(4)
      .execute();
    const count = await database()
      .db.selectFrom('items')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where('status', '=', 'out_of_stock')
      .executeTakeFirstOrThrow();

    const first = await search({ status: 'out_of_stock', pageSize: 2 });
    const second = await search({ status: 'out_of_stock', pageSize: 2, page: 2 });

    expect([...first.items, ...second.items].map((item) => item.id)).toEqual(expected.map((row) => row.id));
    expect(first.total).toBe(Number(count.count));
  });

  it('shows the main photo in results', async () => {
    const tag = uniqueWord();
    await create(tag, { photos: [{ url: 'https://img.example/main.jpg' }, { url: 'https://img.example/side.jpg' }] });
    await create(tag);

    const found = await search({ q: tag, sort: 'createdAt', order: 'asc' });

    expect(found.items.map((item) => (item as unknown as { thumbnailUrl: string | null }).thumbnailUrl)).toEqual([
      'https://img.example/main.jpg',
      null,
    ]);
  });

  it('treats blank parameters as absent', async () => {
    const tag = uniqueWord();
    const item = await create(tag);

    const response = await api.get(`/api/items?q=${tag}&category=&metal=&status=&page=&pageSize=&sort=&order=&locationId=`);

    expect(response.statusCode).toBe(200);
    expect(response.json().items.map((i: { id: number }) => i.id)).toEqual([item.id]);
  });

  it('names invalid filters in both languages', async () => {
    const cases: Array<[string, string]> = [
      ['pageSize=500', 'pageSize'],
      ['page=0', 'page'],
      ['retailPriceMin=5&retailPriceMax=1', 'retailPriceMax'],
      ['createdFrom=2026-02-30', 'createdFrom'],
      ['createdFrom=2026-12-05&createdTo=2026-12-04', 'createdTo'],
      ['sort=colour', 'sort'],
      ['locationId=abc', 'locationId'],
      ['category=tiara', 'category'],
    ];
    for (const [query, field] of cases) {
      const response = await api.get(`/api/items?${query}`);
      expect(response.statusCode, query).toBe(400);
      expect(response.json().error.details.fields.map((f: { field: string }) => f.field), query).toEqual([field]);
    }

    const ja = await apiJa.get('/api/items?createdFrom=2026-12-05&createdTo=2026-12-04');
    expect(ja.json().error.message).toContain('登録日の終了日は開始日以降にしてください');
  });

  it('accepts typed filters from code', async () => {
    const tag = uniqueWord();
    const cheap = await create(tag, { retailPrice: 1_000 });
    await create(tag, { retailPrice: 2_000 });

    const found = await searchItems(database().db, { q: tag, sort: 'retailPrice', order: 'asc', pageSize: 1 }, UNRESTRICTED_SCOPE);

    expect(found.total).toBe(2);
    expect(found.items.map((item) => item.id)).toEqual([cheap.id]);
  });
});

describe('search text', () => {
  it('folds width and case of every searchable field', () => {
    const text = buildSearchText({
      stockNumber: '2612-00001',
      name: 'Ｋ１８ ﾀﾞｲﾔﾓﾝﾄﾞ リング',
      brand: 'MIKIMOTO',
      metal: 'K18',
      mainStoneKind: 'ダイヤモンド',
      description: null,
      tags: ['一点物', 'Vintage'],
      janCode: '4901234567894',
    });
    expect(text).toBe('2612-00001 k18 ダイヤモンド リング mikimoto k18 ダイヤモンド 一点物 vintage 4901234567894');
  });

  it('splits a query into distinct folded words', () => {
    expect(searchWords('  ﾘﾝｸﾞ　Ｋ１８ リング ')).toEqual(['リング', 'k18']);
    expect(searchWords('')).toEqual([]);
  });
});

describe('businessDayStartUtc', () => {
  it('starts a Japanese business day at 15:00 UTC the day before', () => {
    expect(businessDayStartUtc('2026-12-04')).toBe('2026-12-03T15:00:00.000Z');
    expect(businessDayStartUtc('2027-01-01')).toBe('2026-12-31T15:00:00.000Z');
  });
});
