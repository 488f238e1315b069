import { expect, it } from 'vitest';
import { signIn, useSignedInApp } from '../../../test/helpers/app.js';
import { describeEachDatabase } from '../../../test/helpers/database.js';
import { createTestLocation, quantityAt, receiveTestItem } from '../../../test/helpers/factories.js';
import { verifyLedger } from '../ledger/service.js';
import { transitLocationId } from '../locations/service.js';

describeEachDatabase('write-offs', (database) => {
  const signedIn = useSignedInApp(database);
  const api = () => signedIn.api();

  it('writes off a unique piece at book cost', async () => {
    const db = database().db;
    const store = await createTestLocation(db);
    const ring = await receiveTestItem(db, { locationId: store.id, cost: 48_500 });

    const response = await api().post('/api/write-offs', {
      locationId: store.id,
      reason: 'damage',
      note: '石外れ',
      writtenOffOn: '2026-12-04',
      lines: [{ itemId: ring.id, quantity: 1 }],
    });
    expect(response.statusCode).toBe(201);
    const writeOff = response.json();
    expect(writeOff.number).toMatch(/^W-2026-\d{6}$/);
    expect(writeOff.totalCost).toBe(48_500);
    expect(writeOff.locationName).toBe(store.name);
    expect(writeOff.lines).toEqual([
      { itemId: ring.id, stockNumber: ring.stock_number, itemName: ring.name, unit: 'piece', quantity: 1, costAmount: 48_500 },
    ]);

    expect(await quantityAt(db, ring.id, store.id)).toBe(0);
    const item = await db.selectFrom('items').select('status').where('id', '=', ring.id).executeTakeFirstOrThrow();
    expect(item.status).toBe('written_off');
    const movement = await db
      .selectFrom('stock_movements')
      .selectAll()
      .where('item_id', '=', ring.id)
      .where('kind', '=', 'write_off')
      .executeTakeFirstOrThrow();
    expect(movement.from_location_id).toBe(store.id);
    expect(movement.to_location_id).toBeNull();
    expect(movement.cost_amount).toBe(48_500);
    expect(movement.reason).toBe('damage');
    expect(movement.document_id).toBe(writeOff.id);
    expect(await verifyLedger(db)).toEqual([]);

    const detail = await api().get(`/api/write-offs/${writeOff.id}`);
    expect(detail.json()).toEqual(writeOff);
  });

  it('writes off part of a quantity item', async () => {
    const db = database().db;
    const store = await createTestLocation(db);
    const chain = await receiveTestItem(db, {
      locationId: store.id,
      quantity: 500,
      tracking: 'quantity',
      unit: 'cm',
      name: 'K18 chain by the cm',
      category: 'necklace',
      cost: 120,
    });

    const partial = await api().post('/api/write-offs', {
      locationId: store.id,
      reason: 'loss',
      writtenOffOn: '2026-12-04',
      lines: [{ itemId: chain.id, quantity: 45 }],
    });
    expect(partial.statusCode).toBe(201);
    expect(partial.json().totalCost).toBe(5_400);
    expect(await quantityAt(db, chain.id, store.id)).toBe(455);
    const afterPartial = await db.selectFrom('items').select('status').where('id', '=', chain.id).executeTakeFirstOrThrow();
    expect(afterPartial.status).toBe('in_stock');

    const rest = await api().post('/api/write-offs', {
      locationId: store.id,
      reason: 'other',
      writtenOffOn: '2026-12-05',
      lines: [{ itemId: chain.id, quantity: 455 }],
    });
    expect(rest.statusCode).toBe(201);
    const afterRest = await db.selectFrom('items').select('status').where('id', '=', chain.id).executeTakeFirstOrThrow();
    expect(afterRest.status).toBe('out_of_stock');
  });

  it('rejects a piece not at the location and writes nothing', async () => {
    const db = database().db;
    const store = await createTestLocation(db);
    const otherStore = await createTestLocation(db);
    const atStore = await receiveTestItem(db, { locationId: store.id });
    const elsewhere = await receiveTestItem(db, { locationId: otherStore.id });
    const before = await db.selectFrom('write_offs').select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();

    const response = await api().post('/api/write-offs', {
      locationId: store.id,
      reason: 'theft',
      writtenOffOn: '2026-12-04',
      lines: [
        { itemId: atStore.id, quantity: 1 },
        { itemId: elsewhere.id, quantity: 1 },
      ],
    });
    expect(response.statusCode).toBe(409);
    expect(response.json().error.code).toBe('insufficient_stock');
    expect(response.json().error.message).toContain(elsewhere.stock_number);
    expect(response.json().error.message).toContain(store.name);

    expect(await quantityAt(db, atStore.id, store.id)).toBe(1);
    const after = await db.selectFrom('write_offs').select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
    expect(Number(after.count)).toBe(Number(before.count));
    const status = await db.selectFrom('items').select('status').where('id', '=', atStore.id).executeTakeFirstOrThrow();
    expect(status.status).toBe('in_stock');
  });

  it('rejects invalid lines with the field', async () => {
    const db = database().db;
    const store = await createTestLocation(db);
    const ring = await receiveTestItem(db, { locationId: store.id });
    const base = { locationId: store.id, reason: 'damage', writtenOffOn: '2026-12-04' };

    const twoOfUnique = await api().post('/api/write-offs', { ...base, lines: [{ itemId: ring.id, quantity: 2 }] });
    expect(twoOfUnique.statusCode).toBe(400);
    expect(twoOfUnique.json().error.code).toBe('unique_piece_quantity');
    expect(twoOfUnique.json().error.details.field).toBe('lines.0.quantity');

    const duplicate = await api().post('/api/write-offs', {
      ...base,
      lines: [
        { itemId: ring.id, quantity: 1 },
        { itemId: ring.id, quantity: 1 },
      ],
    });
    expect(duplicate.statusCode).toBe(400);
    expect(duplicate.json().error.code).toBe('duplicate_line_item');
    expect(duplicate.json().error.details.field).toBe('lines.1.itemId');

    const unknownItem = await api().post('/api/write-offs', { ...base, lines: [{ itemId: 999_999, quantity: 1 }] });
    expect(unknownItem.statusCode).toBe(404);
    expect(unknownItem.json().error.code).toBe('item_not_found');

    const badReason = await api().post('/api/write-offs', { ...base, reason: 'lost', lines: [{ itemId: ring.id, quantity: 1 }] });
    expect(badReason.statusCode).toBe(400);
    expect(badReason.json().error.details.fields[0].field).toBe('reason');

    const badDate = await api().post('/api/write-offs', { ...base, writtenOffOn: '2026-02-30', lines: [{ itemId: ring.id, quantity: 1 }] });
    expect(badDate.statusCode).toBe(400);
    expect(badDate.json().error.details.fields[0].field).toBe('writtenOffOn');

    const transit = await api().post('/api/write-offs', {
      ...base,
      locationId: await transitLocationId(db),
      lines: [{ itemId: ring.id, quantity: 1 }],
    });
    expect(transit.statusCode).toBe(404);

    expect(await quantityAt(db, ring.id, store.id)).toBe(1);
  });

  it('replays a request with the same idempotency key', async () => {
    const db = database().db;
    const store = await createTestLocation(db);
    const ring = await receiveTestItem(db, { locationId: store.id });
    const body = { locationId: store.id, reason: 'damage', writtenOffOn: '2026-12-04', lines: [{ itemId: ring.id, quantity: 1 }] };
    const key = `write-off-${ring.id}`;

    const first = await api().request('POST', '/api/write-offs', body, { 'idempotency-key': key });
    const second = await api().request('POST', '/api/write-offs', body, { 'idempotency-key': key });
    expect(first.statusCode).toBe(201);
    expect(second.statusCode).toBe(201);
    expect(second.json()).toEqual(first.json());
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(first.headers['idempotent-replayed']).toBeUndefined();

    const rows = await db.selectFrom('write_off_lines').select('write_off_id').where('item_id', '=', ring.id).execute();
    expect(rows).toHaveLength(1);

    const changed = await api().request('POST', '/api/write-offs', { ...body, note: 'changed' }, { 'idempotency-key': key });
    expect(changed.statusCode).toBe(409);
    expect(changed.json().error.code).toBe('idempotency_key_reused');
  });

  it('keeps no key when the work fails', async () => {
    const db = database().db;
    const store = await createTestLocation(db);
    const ring = await receiveTestItem(db, { locationId: store.id });
    const elsewhere = await createTestLocation(db);
    const key = `failing-${ring.id}`;

    const failed = await api().request(
      'POST',
      '/api/write-offs',
      { locationId: elsewhere.id, reason: 'loss', writtenOffOn: '2026-12-04', lines: [{ itemId: ring.id, quantity: 1 }] },
      { 'idempotency-key': key },
    );
    expect(failed.statusCode).toBe(409);
    const stored = await db.selectFrom('idempotency_keys').select('key').where('key', '=', key).executeTakeFirst();
    expect(stored).toBeUndefined();

    const retried = await api().request(
      'POST',
      '/api/write-offs',
      { locationId: store.id, reason: 'loss', writtenOffOn: '2026-12-04', lines: [{ itemId: ring.id, quantity: 1 }] },
      { 'idempotency-key': key },
    );
    expect(retried.statusCode).toBe(201);
  });

  it('rejects an invalid idempotency key', async () => {
    const response = await api().request('POST', '/api/write-offs', {}, { 'idempotency-key': 'x'.repeat(201) });
    expect(response.statusCode).toBe(400);
  });

  it('lists write-offs by date and reason', async () => {
    const db = database().db;
    const store = await createTestLocation(db);
    const first = await receiveTestItem(db, { locationId: store.id });
    const second = await receiveTestItem(db, { locationId: store.id });
    await api().post('/api/write-offs', { locationId: store.id, reason: 'theft', writtenOffOn: '2025-03-01', lines: [{ itemId: first.id, quantity: 1 }] });
    await api().post('/api/write-offs', { locationId: store.id, reason: 'damage', writtenOffOn: '2025-03-02', lines: [{ itemId: second.id, quantity: 1 }] });

    const byLocation = await api().get(`/api/write-offs?locationId=${store.id}`);
    expect(byLocation.statusCode).toBe(200);
    expect(byLocation.json().total).toBe(2);
    expect(byLocation.json().writeOffs.map((w: { writtenOffOn: string }) => w.writtenOffOn)).toEqual(['2025-03-02', '2025-03-01']);

    const theft = await api().get(`/api/write-offs?locationId=${store.id}&reason=theft`);
    expect(theft.json().writeOffs).toHaveLength(1);
    expect(theft.json().writeOffs[0].reason).toBe('theft');

    const range = await api().get(`/api/write-offs?locationId=${store.id}&from=2025-03-02&to=2025-03-31`);
    expect(range.json().total).toBe(1);

    const paged = await api().get(`/api/write-offs?locationId=${store.id}&pageSize=1&page=2`);
    expect(paged.json().writeOffs).toHaveLength(1);
    expect(paged.json().writeOffs[0].writtenOffOn).toBe('2025-03-01');
  });

  it('names the piece in Japanese', async () => {
    const db = database().db;
    const store = await createTestLocation(db);
    const ring = await receiveTestItem(db, { locationId: store.id });
    const japaneseApi = await signIn(signedIn.app(), database(), 'ja');

    const response = await japaneseApi.post('/api/write-offs', {
      locationId: store.id,
      reason: 'damage',
      writtenOffOn: '2026-12-04',
      lines: [{ itemId: ring.id, quantity: 3 }],
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.message).toBe(`在庫番号 ${ring.stock_number} は 1点物のため数量は 1 です（入力: 3）。数量を 1 にしてください。`);
  });
});
