import iconv from 'iconv-lite';
import { expect, it } from 'vitest';
import { useSignedInApp } from '../../../test/helpers/app.js';
import { describeEachDatabase } from '../../../test/helpers/database.js';
import { createTestLocation, createTestSupplier, quantityAt, receiveTestItem, uniqueCode } from '../../../test/helpers/factories.js';
import type { Db } from '../../db/database.js';
import { verifyLedger } from '../ledger/service.js';

async function setTaxRounding(db: Db, rounding: 'down' | 'half_up' | 'up'): Promise<void> {
  await db.updateTable('company_settings').set({ tax_rounding: rounding }).where('id', '=', 1).execute();
}

const seller = {
  name: '山田 花子',
  address: '東京都中央区銀座1-1-1',
  occupation: '会社員',
  birthDate: '1980-04-01',
  idCheckMethod: 'driving_licence',
  idDocumentNumber: '123456789012',
};

function ringAttributes(overrides: Record<string, unknown> = {}) {
  return { name: 'Pt900 ダイヤリング', category: 'ring', metal: 'PT900', metalWeightCg: 412, cost: 0, retailPrice: 198_000, ...overrides };
}

describeEachDatabase('purchases', (database) => {
  const signedIn = useSignedInApp(database);
  const api = () => signedIn.api();

  it('receives new items with tax per document', async () => {
    const db = database().db;
    await setTaxRounding(db, 'half_up');
    const supplier = await createTestSupplier(db);
    const store = await createTestLocation(db);

    const response = await api().post('/api/purchases', {
      supplierId: supplier.id,
      locationId: store.id,
      purchasedOn: '2026-11-20',
      supplierDocumentNumber: 'INV-884',
      taxRatePercent: 10,
      lines: [
        { item: ringAttributes(), quantity: 1, unitCost: 60_005 },
        {
          item: { name: 'K18 chain by the cm', category: 'necklace', tracking: 'quantity', unit: 'cm', cost: 0, retailPrice: 900 },
          quantity: 300,
          unitCost: 120,
        },
      ],
    });
    expect(response.statusCode).toBe(201);
    const purchase = response.json();
    expect(purchase.number).toMatch(/^P-2026-\d{6}$/);
    expect(purchase.subtotal).toBe(60_005 + 36_000);
    expect(purchase.taxAmount).toBe(9_601); // 9,600.5 rounds half up
    expect(purchase.total).toBe(96_005 + 9_601);
    expect(purchase.lineCount).toBe(2);
    expect(purchase.isSecondhand).toBe(false);
    expect(purchase.secondhandRecords).toEqual([]);

    const [ringLine, chainLine] = purchase.lines;
    expect(ringLine).toMatchObject({ lineNo: 1, quantity: 1, unitCost: 60_005, amount: 60_005 });
    expect(ringLine.item).toMatchObject({ status: 'in_stock', cost: 60_005, supplierId: supplier.id, tracking: 'unique' });
    expect(chainLine).toMatchObject({ lineNo: 2, quantity: 300, unitCost: 120, amount: 36_000 });
    expect(chainLine.item).toMatchObject({ status: 'in_stock', cost: 120, tracking: 'quantity' });
    expect(await quantityAt(db, ringLine.itemId, store.id)).toBe(1);
    expect(await quantityAt(db, chainLine.itemId, store.id)).toBe(300);

    const receipt = await db
      .selectFrom('stock_movements')
      .select(['kind', 'cost_amount', 'from_location_id', 'to_location_id', 'document_id'])
      .where('item_id', '=', chainLine.itemId)
      .executeTakeFirstOrThrow();
    expect(receipt).toEqual({ kind: 'purchase_receipt', cost_amount: 36_000, from_location_id: null, to_location_id: store.id, document_id: purchase.id });
    expect(await verifyLedger(db)).toEqual([]);

    const detail = await api().get(`/api/purchases/${purchase.id}`);
    expect(detail.statusCode).toBe(200);
    expect(detail.json()).toEqual(purchase);
  });

  it('rounds tax by the company setting', async () => {
    const db = database().db;
    const supplier = await createTestSupplier(db);
    const store = await createTestLocation(db);
    const body = { supplierId: supplier.id, locationId: store.id, purchasedOn: '2026-11-20', taxRatePercent: 8, lines: [{ item: ringAttributes(), quantity: 1, unitCost: 1_006 }] };

    await setTaxRounding(db, 'down');
    expect((await api().post('/api/purchases', body)).json().taxAmount).toBe(80);
    await setTaxRounding(db, 'up');
    expect((await api().post('/api/purchases', body)).json().taxAmount).toBe(81);
  });

  it('averages the cost of more quantity goods', async () => {
    const db = database().db;
    const supplier = await createTestSupplier(db);
    const store = await createTestLocation(db);
    const findings = await receiveTestItem(db, {
      locationId: store.id,
      quantity: 100,
      tracking: 'quantity',
      name: 'K18 clasp',
      category: 'other',
      cost: 100,
    });

    const response = await api().post('/api/purchases', {
      supplierId: supplier.id,
      locationId: store.id,
      purchasedOn: '2026-11-21',
      lines: [{ itemId: findings.id, quantity: 50, unitCost: 131 }],
    });
    expect(response.statusCode).toBe(201);
    // (100 × ¥100 + 50 × ¥131) / 150 = ¥110.33, rounded to ¥110.
    expect(response.json().lines[0].item.cost).toBe(110);
    expect(response.json().lines[0].amount).toBe(6_550);
    expect(await quantityAt(db, findings.id, store.id)).toBe(150);

    const ring = await receiveTestItem(db, { locationId: store.id });
    const unique = await api().post('/api/purchases', {
      supplierId: supplier.id,
      locationId: store.id,
      purchasedOn: '2026-11-21',
      lines: [{ itemId: ring.id, quantity: 1, unitCost: 1 }],
    });
    expect(unique.statusCode).toBe(400);
    expect(unique.json().error.code).toBe('purchase_item_not_quantity_tracked');
    expect(unique.json().error.details.field).toBe('lines.0.itemId');
  });

  it('writes nothing when a line fails', async () => {
    const db = database().db;
    const supplier = await createTestSupplier(db);
    const store = await createTestLocation(db);
    const name = `Rolled back ${uniqueCode()}`;

    const response = await api().post('/api/purchases', {
      supplierId: supplier.id,
      locationId: store.id,
      purchasedOn: '2026-11-22',
      lines: [
        { item: ringAttributes({ name }), quantity: 1, unitCost: 5_000 },
        { itemId: 999_999, quantity: 1, unitCost: 5_000 },
      ],
    });
    expect(response.statusCode).toBe(404);
    expect(response.json().error.code).toBe('item_not_found');
    const created = await db.selectFrom('items').select('id').where('name', '=', name).execute();
    expect(created).toEqual([]);
    const purchases = await db.selectFrom('purchases').select('id').where('supplier_id', '=', supplier.id).execute();
    expect(purchases).toEqual([]);
  });

  it('validates lines and the supplier', async () => {
    const db = database().db;
    const supplier = await createTestSupplier(db);
    const inactive = await createTestSupplier(db, { isActive: false });
    const store = await createTestLocation(db);
    const base = { supplierId: supplier.id, locationId: store.id, purchasedOn: '2026-11-23' };

    const both = await api().post('/api/purchases', { ...base, lines: [{ item: ringAttributes(), itemId: 1, quantity: 1, unitCost: 1 }] });
    expect(both.statusCode).toBe(400);
    expect(both.json().error.details.fields[0].field).toBe('lines.0.itemId');

    const twoRings = await api().post('/api/purchases', { ...base, lines: [{ item: ringAttributes(), quantity: 2, unitCost: 1 }] });
    expect(twoRings.statusCode).toBe(400);
    expect(twoRings.json().error.details.fields[0].field).toBe('lines.0.quantity');

    const badAttribute = await api().post('/api/purchases', { ...base, lines: [{ item: ringAttributes({ metal: 'K19' }), quantity: 1, unitCost: 1 }] });
    expect(badAttribute.statusCode).toBe(400);
    expect(badAttribute.json().error.details.fields[0].field).toBe('lines.0.item.metal');

    const noCost = await api().post('/api/purchases', { ...base, lines: [{ itemId: 1, quantity: 1 }] });
    expect(noCost.statusCode).toBe(400);
    expect(noCost.json().error.details.fields[0].field).toBe('lines.0.unitCost');

    const stopped = await api().post('/api/purchases', { ...base, supplierId: inactive.id, lines: [{ item: ringAttributes(), quantity: 1, unitCost: 1 }] });
    expect(stopped.statusCode).toBe(409);
    expect(stopped.json().error.code).toBe('supplier_inactive');
  });

  it('requires the seller for secondhand from individuals', async () => {
    const db = database().db;
    const individual = await createTestSupplier(db, { kind: 'individual', name: '個人買取' });
    const store = await createTestLocation(db);
    const base = {
      supplierId: individual.id,
      locationId: store.id,
      purchasedOn: '2026-11-24',
      taxRatePercent: 0,
      isSecondhand: true,
      lines: [{ item: ringAttributes({ condition: 'pre_owned', conditionGrade: 'B' }), quantity: 1, unitCost: 30_000, features: '内側に刻印 "K&M 2001"' }],
    };

    const missing = await api().post('/api/purchases', base);
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.code).toBe('seller_identity_required');
    expect(missing.json().error.details.field).toBe('seller');

    const noAge = await api().post('/api/purchases', { ...base, seller: { ...seller, birthDate: null } });
    expect(noAge.statusCode).toBe(400);
    expect(noAge.json().error.details.fields[0].field).toBe('seller.birthDate');

    const otherMethod = await api().post('/api/purchases', { ...base, seller: { ...seller, idCheckMethod: 'other' } });
    expect(otherMethod.statusCode).toBe(400);
    expect(otherMethod.json().error.details.fields[0].field).toBe('seller.idCheckDescription');

    const notSecondhand = await api().post('/api/purchases', { ...base, isSecondhand: false, seller });
    expect(notSecondhand.statusCode).toBe(400);
    expect(notSecondhand.json().error.details.fields[0].field).toBe('seller');

    const recorded = await api().post('/api/purchases', { ...base, seller });
    expect(recorded.statusCode).toBe(201);
    const [entry] = recorded.json().secondhandRecords;
    expect(entry).toMatchObject({
      acquiredOn: '2026-11-24',
      quantity: 1,
      price: 30_000,
      sellerName: '山田 花子',
      sellerAddress: '東京都中央区銀座1-1-1',
      sellerOccupation: '会社員',
      sellerBirthDate: '1980-04-01',
      sellerAge: null,
      idCheckMethod: 'driving_licence',
      idDocumentNumber: '123456789012',
      checkedBy: api().userId,
    });
    expect(entry.itemDescription).toContain('Pt900 ダイヤリング');
    expect(entry.itemDescription).toContain('PT900 4.12g');
    expect(entry.itemDescription).toContain('ランク B');
    expect(entry.itemDescription).toContain('内側に刻印 "K&M 2001"');
    expect(entry.itemDescription).toContain(entry.stockNumber);
  });

  it('charges no tax by default from individuals', async () => {
    const db = database().db;
    const individual = await createTestSupplier(db, { kind: 'individual' });
    const store = await createTestLocation(db);
    const response = await api().post('/api/purchases', {
      supplierId: individual.id,
      locationId: store.id,
      purchasedOn: '2026-11-25',
      isSecondhand: true,
      seller,
      lines: [{ item: ringAttributes({ condition: 'pre_owned' }), quantity: 1, unitCost: 50_000 }],
    });
    expect(response.statusCode).toBe(201);
    expect(response.json().taxRatePercent).toBe(0);
    expect(response.json().taxAmount).toBe(0);
    expect(response.json().total).toBe(50_000);
  });

  it('lists and exports the secondhand ledger', async () => {
    const db = database().db;
    const individual = await createTestSupplier(db, { kind: 'individual' });
    const store = await createTestLocation(db);
    const buy = (purchasedOn: string, sellerName: string) =>
      api().post('/api/purchases', {
        supplierId: individual.id,
        locationId: store.id,
        purchasedOn,
        taxRatePercent: 0,
        isSecondhand: true,
        seller: { ...seller, name: sellerName, birthDate: undefined, age: 47, idCheckMethod: 'other', idCheckDescription: '社員証と公共料金の領収書' },
        lines: [{ item: ringAttributes({ condition: 'pre_owned' }), quantity: 1, unitCost: 12_000 }],
      });
    expect((await buy('2019-03-01', '=HYPERLINK("http://example.test","x")')).statusCode).toBe(201);
    expect((await buy('2019-03-02', '佐藤 一郎')).statusCode).toBe(201);
    expect((await buy('2019-04-01', '鈴木 次郎')).statusCode).toBe(201);

    const march = await api().get('/api/secondhand-ledger?from=2019-03-01&to=2019-03-31');
    expect(march.statusCode).toBe(200);
    expect(march.json().total).toBe(2);
    expect(march.json().entries.map((e: { sellerName: string }) => e.sellerName)).toEqual(['=HYPERLINK("http://example.test","x")', '佐藤 一郎']);
    expect(march.json().entries[1]).toMatchObject({ sellerAge: 47, idCheckMethod: 'other', idCheckDescription: '社員証と公共料金の領収書' });

    const csv = await api().get('/api/secondhand-ledger/export?from=2019-03-01&to=2019-03-31');
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.headers['content-disposition']).toContain('attachment');
    const bytes = csv.rawPayload;
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.subarray(3).toString('utf8');
    const lines = text.trimEnd().split('\r\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toContain('Seller name');
    expect(lines[1]).toContain(`"'=HYPERLINK(""http://example.test"",""x"")"`);
    expect(lines[2]).toContain(',1,12000,佐藤 一郎,');
    expect(lines[2]).toContain(',47,Other,社員証と公共料金の領収書,');

    const sjis = await api().get('/api/secondhand-ledger/export?from=2019-04-01&to=2019-04-30&encoding=cp932');
    expect(sjis.statusCode).toBe(200);
    expect(sjis.headers['content-type']).toContain('shift_jis');
    const decoded = iconv.decode(sjis.rawPayload, 'cp932');
    expect(decoded).toContain('鈴木 次郎');
    expect(decoded.split('\r\n')).toHaveLength(3);
  });

  it('lists purchases by supplier and date', async () => {
    const db = database().db;
    const supplier = await createTestSupplier(db);
    const store = await createTestLocation(db);
    for (const purchasedOn of ['2024-01-10', '2024-01-20', '2024-02-05']) {
      await api().post('/api/purchases', { supplierId: supplier.id, locationId: store.id, purchasedOn, lines: [{ item: ringAttributes(), quantity: 1, unitCost: 1_000 }] });
    }

    const all = await api().get(`/api/purchases?supplierId=${supplier.id}`);
    expect(all.statusCode).toBe(200);
    expect(all.json().total).toBe(3);
    expect(all.json().purchases.map((p: { purchasedOn: string }) => p.purchasedOn)).toEqual(['2024-02-05', '2024-01-20', '2024-01-10']);
    expect(all.json().purchases[0]).toMatchObject({ supplierName: supplier.name, locationName: store.name, lineCount: 1 });

    const january = await api().get(`/api/purchases?supplierId=${supplier.id}&from=2024-01-01&to=2024-01-31&pageSize=1`);
    expect(january.json().total).toBe(2);
    expect(january.json().purchases).toHaveLength(1);

    const missing = await api().get('/api/purchases/999999');
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe('purchase_not_found');
  });

  it('receives once per idempotency key', async () => {
    const db = database().db;
    const supplier = await createTestSupplier(db);
    const store = await createTestLocation(db);
    const body = { supplierId: supplier.id, locationId: store.id, purchasedOn: '2026-11-25', lines: [{ item: ringAttributes(), quantity: 1, unitCost: 8_000 }] };
    const key = `purchase-${supplier.code}`;

    const first = await api().request('POST', '/api/purchases', body, { 'idempotency-key': key });
    const retry = await api().request('POST', '/api/purchases', body, { 'idempotency-key': key });
    expect(first.statusCode).toBe(201);
    expect(retry.statusCode).toBe(201);
    expect(retry.json().number).toBe(first.json().number);
    const purchases = await db.selectFrom('purchases').select('id').where('supplier_id', '=', supplier.id).execute();
    expect(purchases).toHaveLength(1);
  });
});
