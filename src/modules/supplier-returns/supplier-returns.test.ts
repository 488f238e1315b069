import { expect, it } from 'vitest';
import { useSignedInApp } from '../../../test/helpers/app.js';
import { describeEachDatabase } from '../../../test/helpers/database.js';
import { createTestLocation, createTestSupplier, quantityAt, receiveTestItem } from '../../../test/helpers/factories.js';
import { verifyLedger } from '../ledger/service.js';

describeEachDatabase('supplier returns', (database) => {
  const signedIn = useSignedInApp(database);
  const api = () => signedIn.api();

  it('returns goods to their supplier at book cost', async () => {
    const db = database().db;
    const supplier = await createTestSupplier(db);
    const store = await createTestLocation(db);
    const ring = await receiveTestItem(db, { locationId: store.id, supplierId: supplier.id, cost: 72_000 });
    const findings = await receiveTestItem(db, {
      locationId: store.id,
      supplierId: supplier.id,
      quantity: 200,
      tracking: 'quantity',
      name: 'K18 jump rings',
      category: 'other',
      cost: 85,
    });

    const response = await api().post('/api/supplier-returns', {
      supplierId: supplier.id,
      locationId: store.id,
      returnedOn: '2026-12-04',
      reason: '石の欠け',
      lines: [
        { itemId: ring.id, quantity: 1 },
        { itemId: findings.id, quantity: 50 },
      ],
    });
    expect(response.statusCode).toBe(201);
    const result = response.json();
    expect(result.number).toMatch(/^PR-2026-\d{6}$/);
    expect(result.supplierName).toBe(supplier.name);
    expect(result.totalCost).toBe(72_000 + 50 * 85);
    expect(result.lines.map((l: { costAmount: number }) => l.costAmount)).toEqual([72_000, 4_250]);

    const ringNow = await db.selectFrom('items').select('status').where('id', '=', ring.id).executeTakeFirstOrThrow();
    expect(ringNow.status).toBe('returned_to_supplier');
    const findingsNow = await db.selectFrom('items').select('status').where('id', '=', findings.id).executeTakeFirstOrThrow();
    expect(findingsNow.status).toBe('in_stock');
    expect(await quantityAt(db, findings.id, store.id)).toBe(150);
    const movement = await db
      .selectFrom('stock_movements')
      .select(['kind', 'cost_amount', 'to_location_id'])
      .where('item_id', '=', ring.id)
      .where('document_type', '=', 'supplier_return')
      .executeTakeFirstOrThrow();
    expect(movement).toEqual({ kind: 'supplier_return', cost_amount: 72_000, to_location_id: null });
    expect(await verifyLedger(db)).toEqual([]);

    const detail = await api().get(`/api/supplier-returns/${result.id}`);
    expect(detail.json()).toEqual(result);
    const list = await api().get(`/api/supplier-returns?supplierId=${supplier.id}`);
    expect(list.json().supplierReturns.map((r: { id: number }) => r.id)).toEqual([result.id]);
    expect(list.json().total).toBe(1);
  });

  it('rejects a piece bought from another supplier', async () => {
    const db = database().db;
    const supplier = await createTestSupplier(db);
    const otherSupplier = await createTestSupplier(db);
    const store = await createTestLocation(db);
    const ring = await receiveTestItem(db, { locationId: store.id, supplierId: otherSupplier.id });

    const response = await api().post('/api/supplier-returns', {
      supplierId: supplier.id,
      locationId: store.id,
      returnedOn: '2026-12-04',
      lines: [{ itemId: ring.id, quantity: 1 }],
    });
    expect(response.statusCode).toBe(409);
    expect(response.json().error.code).toBe('supplier_return_wrong_supplier');
    expect(response.json().error.message).toContain(otherSupplier.name);
    expect(await quantityAt(db, ring.id, store.id)).toBe(1);
  });

  it('rejects an unknown supplier and missing stock', async () => {
    const db = database().db;
    const supplier = await createTestSupplier(db);
    const store = await createTestLocation(db);
    const otherStore = await createTestLocation(db);
    const ring = await receiveTestItem(db, { locationId: otherStore.id, supplierId: supplier.id });
    const body = { supplierId: supplier.id, locationId: store.id, returnedOn: '2026-12-04', lines: [{ itemId: ring.id, quantity: 1 }] };

    const unknown = await api().post('/api/supplier-returns', { ...body, supplierId: 999_999 });
    expect(unknown.statusCode).toBe(404);

    const notHere = await api().post('/api/supplier-returns', body);
    expect(notHere.statusCode).toBe(409);
    expect(notHere.json().error.code).toBe('insufficient_stock');

    const missingLines = await api().post('/api/supplier-returns', { ...body, lines: [] });
    expect(missingLines.statusCode).toBe(400);
    expect(missingLines.json().error.details.fields[0].field).toBe('lines');
  });
});
