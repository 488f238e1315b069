import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, signIn, type ApiClient } from '../../../test/helpers/app.js';
import { describeEachDatabase } from '../../../test/helpers/database.js';
import { nowIso } from '../../db/database.js';
import type { App } from '../../server/types.js';
import { businessDate } from '../../shared/time.js';
import { recordMovement } from '../ledger/service.js';
import { createLocation } from '../locations/service.js';
import { itemAttributesInput } from './schemas.js';
import { createItem, getItem, setItemStatus } from './service.js';

function uniqueCode(prefix: string): string {
  return `${prefix}${randomBytes(4).toString('hex').toUpperCase()}`;
}

/** Builds a valid ring body for POST /api/items, with `overrides` replacing fields. */
function ring(overrides: Record<string, unknown> = {}) {
  return {
    name: 'K18 ダイヤモンド リング',
    category: 'ring',
    metal: 'K18',
    mainStoneKind: 'ダイヤモンド',
    mainStoneCaratMct: 300,
    cost: 120_000,
    retailPrice: 330_000,
    ...overrides,
  };
}

describeEachDatabase('items', (database) => {
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

  async function createStore(code = uniqueCode('L'), name = `Store ${code}`) {
    return database().db.transaction().execute((trx) => createLocation(trx, { code, name, kind: 'store' }));
  }

  async function createSupplier(code = uniqueCode('S')) {
    const now = nowIso();
    return database()
      .db.insertInto('suppliers')
      .values({ code, name: `Supplier ${code}`, kind: 'business', is_active: 1, created_at: now, updated_at: now })
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  async function setStockNumberPattern(pattern: string) {
    await database().db.updateTable('company_settings').set({ stock_number_pattern: pattern }).where('id', '=', 1).execute();
  }

  it('creates an item with no stock and a generated number', async () => {
    const prefix = uniqueCode('G');
    await setStockNumberPattern(`${prefix}-{YY}{MM}-{SEQ:4}`);
    const yymm = businessDate().slice(2, 4) + businessDate().slice(5, 7);

    const first = await api.post('/api/items', ring({ tags: ['一点物', 'Vintage'], photos: [{ url: 'https://img.example/1.jpg' }, { url: 'https://img.example/2.jpg', altText: 'side' }] }));
    const second = await api.post('/api/items', ring());

    expect(first.statusCode).toBe(201);
    const body = first.json();
    expect(body.stockNumber).toBe(`${prefix}-${yymm}-0001`);
    expect(second.json().stockNumber).toBe(`${prefix}-${yymm}-0002`);
    expect(body.status).toBe('out_of_stock');
    expect(body.onHand).toBe(0);
    expect(body.balances).toEqual([]);
    expect(body.tags).toEqual(['一点物', 'Vintage']);
    expect(body.photos.map((p: { url: string; position: number }) => [p.position, p.url])).toEqual([
      [0, 'https://img.example/1.jpg'],
      [1, 'https://img.example/2.jpg'],
    ]);
    expect(body.photos[1].altText).toBe('side');
    expect(body.createdBy).toBe(api.userId);
    expect(body.ownership).toBe('own');

    const movements = await database().db.selectFrom('stock_movements').select('id').where('item_id', '=', body.id).execute();
    expect(movements).toEqual([]);
  });

  it('skips numbers already taken and jumps past an imported block', async () => {
    const prefix = uniqueCode('J');
    await setStockNumberPattern(`${prefix}-{SEQ:3}`);
    for (const n of ['001', '002', '003', '004', '005', '006', '007', '120']) {
      expect((await api.post('/api/items', ring({ stockNumber: `${prefix}-${n}` }))).statusCode).toBe(201);
    }

    const generated = await api.post('/api/items', ring());

    expect(generated.statusCode).toBe(201);
    expect(generated.json().stockNumber).toBe(`${prefix}-121`);
  });

  it('rejects an unusable company pattern', async () => {
    await setStockNumberPattern('NOCOUNTER-{YY}');
    try {
      const response = await api.post('/api/items', ring());
      expect(response.statusCode).toBe(400);
      expect(response.json().error.code).toBe('stock_number_pattern_invalid');
      expect(response.json().error.message).toContain('NOCOUNTER-{YY}');
    } finally {
      await setStockNumberPattern('{YY}{MM}-{SEQ:5}');
    }
  });

  it('takes the tax rate from the company default', async () => {
    await database().db.updateTable('company_settings').set({ default_tax_rate_percent: 8 }).where('id', '=', 1).execute();
    try {
      const defaulted = await api.post('/api/items', ring());
      const explicit = await api.post('/api/items', ring({ taxRatePercent: 10 }));
      expect(defaulted.json().taxRatePercent).toBe(8);
      expect(explicit.json().taxRatePercent).toBe(10);
    } finally {
      await database().db.updateTable('company_settings').set({ default_tax_rate_percent: 10 }).where('id', '=', 1).execute();
    }
  });

  it('rejects a duplicate stock number in both languages', async () => {
    const stockNumber = uniqueCode('D');
    expect((await api.post('/api/items', ring({ stockNumber }))).statusCode).toBe(201);

    const en = await api.post('/api/items', ring({ stockNumber }));
    const ja = await apiJa.post('/api/items', ring({ stockNumber }));

    expect(en.statusCode).toBe(409);
    expect(en.json().error.code).toBe('stock_number_taken');
    expect(en.json().error.message).toContain(stockNumber);
    expect(en.json().error.message).toContain('Enter another number');
    expect(en.json().error.details).toEqual({ field: 'stockNumber' });
    expect(ja.json().error.message).toContain(`在庫番号「${stockNumber}」は既に別の商品で使われています`);
  });

  it('names the invalid field in Japanese and English', async () => {
    const body = ring({ janCode: '4901234567890', metal: 'K19' });

    const en = await api.post('/api/items', body);
    const ja = await apiJa.post('/api/items', body);

    expect(en.statusCode).toBe(400);
    expect(en.json().error.code).toBe('validation_failed');
    const enFields = en.json().error.details.fields as Array<{ field: string; message: string }>;
    const jaFields = ja.json().error.details.fields as Array<{ field: string; message: string }>;
    expect(enFields.map((f) => f.field).sort()).toEqual(['janCode', 'metal']);
    expect(enFields.find((f) => f.field === 'janCode')!.message).toContain('check digit');
    expect(jaFields.find((f) => f.field === 'janCode')!.message).toContain('チェックデジット');
    expect(jaFields.find((f) => f.field === 'metal')!.message).toContain('地金');
    expect(ja.json().error.message).toContain('janCode');
  });

  it('accepts only web addresses and paths as photos', async () => {
    const accepted = await api.post('/api/items', ring({ photos: [{ url: 'https://cdn.example/ring.jpg' }, { url: '/photos/12/main.jpg' }] }));
    const rejected = await apiJa.post('/api/items', ring({ photos: [{ url: 'https://cdn.example/ok.jpg' }, { url: 'javascript:alert(1)' }, { url: '//evil.example/x.jpg' }] }));

    expect(accepted.statusCode).toBe(201);
    expect(rejected.statusCode).toBe(400);
    const fields = rejected.json().error.details.fields;
    expect(fields.map((f: { field: string }) => f.field)).toEqual(['photos.1.url', 'photos.2.url']);
    expect(fields[0].message).toContain('https://');
  });

  it('requires a name and a known category', async () => {
    const response = await api.post('/api/items', { category: 'tiara', cost: 1, retailPrice: 1 });

    expect(response.statusCode).toBe(400);
    const fields = response.json().error.details.fields.map((f: { field: string }) => f.field);
    expect(fields).toContain('name');
    expect(fields).toContain('category');
  });

  it('rejects an unknown supplier', async () => {
    const en = await api.post('/api/items', ring({ supplierId: 999_999 }));
    const ja = await apiJa.post('/api/items', ring({ supplierId: 999_999 }));

    expect(en.statusCode).toBe(400);
    expect(en.json().error.code).toBe('supplier_not_found');
    expect(en.json().error.details).toEqual({ field: 'supplierId' });
    expect(en.json().error.message).toContain('999999');
    expect(ja.json().error.message).toContain('仕入先（ID 999999）が見つかりません');
  });

  it('keeps a JAN code to one quantity-tracked item', async () => {
    const janCode = '4006381333931';
    const chain = { name: 'K18 喜平チェーン', category: 'other', tracking: 'quantity', unit: 'cm', cost: 900, retailPrice: 2_500, janCode };
    const first = await api.post('/api/items', chain);
    expect(first.statusCode).toBe(201);

    const second = await api.post('/api/items', chain);
    const uniquePiece = await api.post('/api/items', ring({ janCode }));

    expect(second.statusCode).toBe(409);
    expect(second.json().error.code).toBe('jan_code_taken');
    expect(second.json().error.message).toContain(first.json().stockNumber);
    expect(uniquePiece.statusCode).toBe(201);
  });

  it('updates attributes, photos and the stock number', async () => {
    const created = (await api.post('/api/items', ring({ photos: [{ url: 'https://img.example/old.jpg' }] }))).json();
    const newNumber = uniqueCode('U');

    const updated = await api.put(`/api/items/${created.id}`, ring({
      stockNumber: newNumber,
      name: 'Pt900 ルビー リング',
      metal: 'pt900',
      mainStoneKind: 'ルビー',
      retailPrice: 198_000,
      photos: [{ url: 'https://img.example/new.jpg' }],
    }));

    expect(updated.statusCode).toBe(200);
    expect(updated.json().stockNumber).toBe(newNumber);
    expect(updated.json().metal).toBe('PT900');
    expect(updated.json().retailPrice).toBe(198_000);
    expect(updated.json().photos.map((p: { url: string }) => p.url)).toEqual(['https://img.example/new.jpg']);
    expect(updated.json().taxRatePercent).toBe(created.taxRatePercent);
    const row = await getItem(database().db, created.id);
    expect(row.search_text).toContain(newNumber.toLowerCase());
    expect(row.search_text).toContain('ルビー');
    expect(row.search_text).not.toContain('ダイヤモンド');
  });

  it('keeps the stock number when the update omits it', async () => {
    const created = (await api.post('/api/items', ring())).json();

    const updated = await api.put(`/api/items/${created.id}`, ring({ name: 'renamed' }));

    expect(updated.json().stockNumber).toBe(created.stockNumber);
    expect(updated.json().name).toBe('renamed');
  });

  it('rejects an update to a taken stock number', async () => {
    const taken = (await api.post('/api/items', ring())).json();
    const other = (await api.post('/api/items', ring())).json();

    const response = await api.put(`/api/items/${other.id}`, ring({ stockNumber: taken.stockNumber }));

    expect(response.statusCode).toBe(409);
    expect(response.json().error.code).toBe('stock_number_taken');
  });

  it('locks tracking and unit once stock has moved', async () => {
    const store = await createStore();
    const created = (await api.post('/api/items', ring())).json();
    const beforeMovement = await api.put(`/api/items/${created.id}`, ring({ tracking: 'quantity', unit: 'piece' }));
    expect(beforeMovement.statusCode).toBe(200);
    await database().db.transaction().execute((trx) =>
      recordMovement(trx, { itemId: created.id, kind: 'purchase_receipt', fromLocationId: null, toLocationId: store.id, quantity: 3, costAmount: 360_000 }),
    );

    const tracking = await api.put(`/api/items/${created.id}`, ring({ tracking: 'unique' }));
    const unit = await api.put(`/api/items/${created.id}`, ring({ tracking: 'quantity', unit: 'cg' }));
    const ja = await apiJa.put(`/api/items/${created.id}`, ring({ tracking: 'unique' }));

    expect(tracking.statusCode).toBe(409);
    expect(tracking.json().error.code).toBe('tracking_locked');
    expect(tracking.json().error.message).toContain(created.stockNumber);
    expect(unit.json().error.code).toBe('unit_locked');
    expect(ja.json().error.message).toContain('管理方法');
  });

  it('returns 404 for an unknown item', async () => {
    const detail = await api.get('/api/items/987654');
    const update = await api.put('/api/items/987654', ring());
    const history = await api.get('/api/items/987654/history');

    for (const response of [detail, update, history]) {
      expect(response.statusCode).toBe(404);
      expect(response.json().error.code).toBe('item_not_found');
    }
    expect(detail.json().error.message).toContain('ID 987654');
  });

  it('looks up by stock number, JAN and full-width input', async () => {
    const stockNumber = uniqueCode('LK');
    const created = (await api.post('/api/items', ring({ stockNumber }))).json();
    const chain = (await api.post('/api/items', { name: 'SV925 あずきチェーン', category: 'other', tracking: 'quantity', unit: 'cm', cost: 100, retailPrice: 300, janCode: '49123456' })).json();
    const fullWidth = stockNumber.replace(/[A-Z0-9]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

    const byNumber = await api.get(`/api/items/lookup?code=${encodeURIComponent(stockNumber)}`);
    const byFullWidth = await api.get(`/api/items/lookup?code=${encodeURIComponent(fullWidth)}`);
    const byJan = await api.get('/api/items/lookup?code=49123456');
    const missing = await api.get('/api/items/lookup?code=NOPE-1');

    expect(byNumber.json().id).toBe(created.id);
    expect(byFullWidth.json().id).toBe(created.id);
    expect(byJan.json().id).toBe(chain.id);
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.message).toContain('NOPE-1');
  });

  it('reports a JAN code shared by several pieces', async () => {
    const janCode = '73513537';
    const first = (await api.post('/api/items', ring({ janCode }))).json();
    const second = (await api.post('/api/items', ring({ janCode }))).json();

    const response = await api.get(`/api/items/lookup?code=${janCode}`);

    expect(response.statusCode).toBe(409);
    expect(response.json().error.code).toBe('item_code_ambiguous');
    expect(response.json().error.message).toContain(first.stockNumber);
    expect(response.json().error.message).toContain(second.stockNumber);
  });

  it('shows balances, supplier and lineage in the detail', async () => {
    const store = await createStore();
    const supplier = await createSupplier();
    const lot = (await api.post('/api/items', { name: 'ルース 一式', category: 'loose_stone', cost: 300_000, retailPrice: 0, supplierId: supplier.id })).json();
    const part = (await api.post('/api/items', ring({ supplierId: supplier.id }))).json();
    const db = database().db;
    await db.transaction().execute(async (trx) => {
      await recordMovement(trx, { itemId: part.id, kind: 'split_produce', fromLocationId: null, toLocationId: store.id, quantity: 1, costAmount: 100_000 });
      const operation = await trx
        .insertInto('stock_operations')
        .values({ number: uniqueCode('SO-'), kind: 'split', location_id: store.id, allocation_method: 'amount', created_at: nowIso() })
        .returning(['id', 'number'])
        .executeTakeFirstOrThrow();
      await trx.insertInto('item_lineage').values({ operation_id: operation.id, parent_item_id: lot.id, child_item_id: part.id, allocated_cost: 100_000 }).execute();
    });

    const child = (await api.get(`/api/items/${part.id}`)).json();
    const parent = (await api.get(`/api/items/${lot.id}`)).json();

    expect(child.balances).toEqual([
      { locationId: store.id, locationCode: store.code, locationName: store.name, locationKind: 'store', quantity: 1 },
    ]);
    expect(child.onHand).toBe(1);
    expect(child.supplier).toEqual({ id: supplier.id, code: supplier.code, name: supplier.name });
    expect(child.lineage.parents).toHaveLength(1);
    expect(child.lineage.parents[0]).toMatchObject({ itemId: lot.id, stockNumber: lot.stockNumber, operationKind: 'split', allocatedCost: 100_000 });
    expect(child.lineage.children).toEqual([]);
    expect(parent.lineage.children[0]).toMatchObject({ itemId: part.id, stockNumber: part.stockNumber });
  });

  it('lists the history newest first with slip numbers', async () => {
    const ginza = await createStore(uniqueCode('GINZA'), '銀座本店');
    const shibuya = await createStore(uniqueCode('SHIBUYA'), '渋谷店');
    const supplier = await createSupplier();
    const item = (await api.post('/api/items', ring())).json();
    const db = database().db;
    const user = await db.selectFrom('users').select('display_name').where('id', '=', api.userId).executeTakeFirstOrThrow();
    const purchaseNumber = uniqueCode('P-');
    const transferNumber = uniqueCode('T-');

    await db.transaction().execute(async (trx) => {
      const purchase = await trx
        .insertInto('purchases')
        .values({
          number: purchaseNumber, supplier_id: supplier.id, location_id: ginza.id, purchased_on: '2026-12-04', is_secondhand: 0, tax_rate_percent: 10,
          subtotal: 120_000, tax_amount: 12_000, total: 132_000, created_at: nowIso(),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await recordMovement(trx, {
        itemId: item.id, kind: 'purchase_receipt', fromLocationId: null, toLocationId: ginza.id, quantity: 1, costAmount: 120_000,
        documentType: 'purchase', documentId: purchase.id, userId: api.userId, occurredAt: '2026-12-04T05:03:00.000Z',
      });
      const transfer = await trx
        .insertInto('transfers')
        .values({ number: transferNumber, from_location_id: ginza.id, to_location_id: shibuya.id, status: 'received', sent_at: nowIso() })
        .returning('id')
        .executeTakeFirstOrThrow();
      await recordMovement(trx, {
        itemId: item.id, kind: 'transfer_send', fromLocationId: ginza.id, toLocationId: shibuya.id, quantity: 1, costAmount: 120_000,
        documentType: 'transfer', documentId: transfer.id, userId: null, occurredAt: '2026-12-05T01:00:00.000Z',
      });
      await recordMovement(trx, {
        itemId: item.id, kind: 'adjustment', fromLocationId: shibuya.id, toLocationId: null, quantity: 1, costAmount: 120_000,
        reason: 'stocktake', documentType: 'stocktake', documentId: 77, occurredAt: '2026-12-06T01:00:00.000Z',
      });
      await setItemStatus(trx, item.id, 'in_stock');
    });

    const response = await api.get(`/api/items/${item.id}/history`);

    expect(response.statusCode).toBe(200);
    const entries = response.json().entries;
    expect(entries.map((e: { kind: string }) => e.kind)).toEqual(['adjustment', 'transfer_send', 'purchase_receipt']);
    const [adjustment, transfer, purchase] = entries;
    expect(purchase).toMatchObject({
      occurredAt: '2026-12-04T05:03:00.000Z',
      quantity: 1,
      costAmount: 120_000,
      fromLocation: null,
      toLocation: { id: ginza.id, code: ginza.code, name: '銀座本店' },
      user: { id: api.userId, displayName: user.display_name },
      document: { type: 'purchase', number: purchaseNumber },
    });
    expect(transfer.fromLocation.name).toBe('銀座本店');
    expect(transfer.toLocation.name).toBe('渋谷店');
    expect(transfer.user).toBeNull();
    expect(transfer.document.number).toBe(transferNumber);
    expect(adjustment.reason).toBe('stocktake');
    expect(adjustment.document).toEqual({ type: 'stocktake', id: 77, number: null });
    expect(adjustment.toLocation).toBeNull();
  });

  it('serves the attribute lists with both labels', async () => {
    const response = await api.get('/api/items/attributes');

    expect(response.statusCode).toBe(200);
    const lists = response.json();
    expect(lists.categories).toContainEqual({ code: 'ring', ja: 'リング', en: 'Ring' });
    expect(lists.metals).toContainEqual({ code: 'K18WG', ja: 'K18 ホワイトゴールド', en: 'K18 white gold' });
    expect(lists.certificateKinds.map((k: { code: string }) => k.code)).toEqual(['grading_report', 'identification_report']);
    expect(lists.units.map((u: { code: string }) => u.code)).toEqual(['piece', 'cm', 'mct', 'cg']);
    expect(lists.grades[0]).toEqual({ code: 'S', ja: 'S（未使用品）', en: 'S (unused)' });
    expect(lists.movementKinds).toContainEqual({ code: 'purchase_receipt', ja: '仕入', en: 'Purchase' });
    expect(lists.taxRatesPercent).toEqual([10, 8, 0]);
    expect(lists.ringSize).toEqual({ minTenths: 10, maxTenths: 300, stepTenths: 5 });
    for (const list of ['shapes', 'clarities', 'cuts', 'conditions', 'trackings', 'statuses']) {
      expect(lists[list].length).toBeGreaterThan(1);
    }
  });

  it('documents the item routes in OpenAPI', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/openapi.json' });

    expect(response.statusCode).toBe(200);
    const paths = Object.keys(response.json().paths);
    for (const path of ['/api/items', '/api/items/{id}', '/api/items/{id}/history', '/api/items/lookup', '/api/items/attributes']) {
      expect(paths).toContain(path);
    }
    const parameters = response.json().paths['/api/items'].get.parameters.map((p: { name: string }) => p.name);
    expect(parameters).toContain('q');
    expect(parameters).toContain('pageSize');
  });

  it('requires a session', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/items' });

    expect(response.statusCode).toBe(401);
  });

  it('remembers the import row that created an item', async () => {
    const sourceKey = uniqueCode('row-');
    const attributes = itemAttributesInput.parse(ring());
    const db = database().db;
    const first = await db.transaction().execute((trx) => createItem(trx, attributes, { userId: null, sourceKey }));

    const again = db.transaction().execute((trx) => createItem(trx, attributes, { userId: null, sourceKey }));

    await expect(again).rejects.toMatchObject({ code: 'source_key_taken' });
    await expect(again).rejects.toThrow(first.stock_number);
    expect(first.source_key).toBe(sourceKey);
  });

  it('sets the status and rejects an unknown item', async () => {
    const created = (await api.post('/api/items', ring())).json();
    const db = database().db;

    const sold = await db.transaction().execute((trx) => setItemStatus(trx, created.id, 'sold'));
    const missing = db.transaction().execute((trx) => setItemStatus(trx, 987_654, 'sold'));

    expect(sold.status).toBe('sold');
    await expect(missing).rejects.toMatchObject({ code: 'item_not_found' });
  });
});
