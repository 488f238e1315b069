import { beforeAll, expect, it } from 'vitest';
import type { Location } from '../../db/schema.js';
import { signIn, useSignedInApp, type ApiClient } from '../../../test/helpers/app.js';
import { describeEachDatabase } from '../../../test/helpers/database.js';
import { createTestLocation, createTestSupplier, quantityAt, receiveTestItem } from '../../../test/helpers/factories.js';

// Staff limited to store A, against documents and stock of store B, through the real API.

describeEachDatabase('location scope', (database) => {
  const signedIn = useSignedInApp(database);
  const owner = () => signedIn.api();
  let storeA: Location;
  let storeB: Location;
  let storeC: Location;
  let staffA: ApiClient;

  const setSeeOthers = async (value: boolean) => {
    await database().db.updateTable('company_settings').set({ scoped_staff_see_other_locations: value ? 1 : 0 }).execute();
  };

  beforeAll(async () => {
    const db = database().db;
    storeA = await createTestLocation(db, { name: '銀座店' });
    storeB = await createTestLocation(db, { name: '横浜店' });
    storeC = await createTestLocation(db, { name: '大阪店' });
    staffA = await signIn(signedIn.app(), database(), 'en', { role: 'manager', locationIds: [storeA.id] });
  });

  it('hides another location write-off by id', async () => {
    const ring = await receiveTestItem(database().db, { locationId: storeB.id });
    const created = await owner().post('/api/write-offs', {
      locationId: storeB.id,
      reason: 'damage',
      writtenOffOn: '2026-12-04',
      lines: [{ itemId: ring.id, quantity: 1 }],
    });
    expect(created.statusCode).toBe(201);

    const read = await staffA.get(`/api/write-offs/${created.json().id}`);
    expect(read.statusCode).toBe(404);
    expect(read.json().error.code).toBe('write_off_not_found');

    const list = await staffA.get('/api/write-offs');
    expect(list.json().writeOffs.map((w: { id: number }) => w.id)).not.toContain(created.json().id);
  });

  it('hides another location purchase', async () => {
    const db = database().db;
    const supplier = await owner().post('/api/suppliers', { code: `S${Date.now() % 100000}`, name: '丸山貴金属', kind: 'business' });
    expect(supplier.statusCode, supplier.body).toBe(201);
    const purchase = await owner().post('/api/purchases', {
      supplierId: supplier.json().id,
      locationId: storeB.id,
      purchasedOn: '2026-12-04',
      lines: [{ quantity: 1, unitCost: 30_000, item: { name: 'Pt900 ring', category: 'ring', cost: 30_000, retailPrice: 88_000 } }],
    });
    expect(purchase.statusCode, purchase.body).toBe(201);

    expect((await staffA.get(`/api/purchases/${purchase.json().id}`)).statusCode).toBe(404);
    const list = await staffA.get('/api/purchases');
    expect(list.json().purchases.map((p: { id: number }) => p.id)).not.toContain(purchase.json().id);
    expect(await db.selectFrom('purchases').select('id').where('id', '=', purchase.json().id).executeTakeFirst()).toBeDefined();
  });

  it('limits the secondhand ledger to own purchases', async () => {
    const individual = await createTestSupplier(database().db, { kind: 'individual' });
    const bought = await owner().post('/api/purchases', {
      supplierId: individual.id,
      locationId: storeB.id,
      purchasedOn: '2018-05-01',
      taxRatePercent: 0,
      isSecondhand: true,
      seller: { name: '横浜 太郎', address: '横浜市中区1-1', occupation: '会社員', birthDate: '1980-04-01', idCheckMethod: 'driving_licence', idDocumentNumber: '1234' },
      lines: [{ item: { name: 'Used ring', category: 'ring', condition: 'pre_owned', cost: 0, retailPrice: 30_000 }, quantity: 1, unitCost: 10_000 }],
    });
    expect(bought.statusCode, bought.body).toBe(201);

    const ownerView = await owner().get('/api/secondhand-ledger?from=2018-05-01&to=2018-05-01');
    expect(ownerView.json().total).toBe(1);
    const staffView = await staffA.get('/api/secondhand-ledger?from=2018-05-01&to=2018-05-01');
    expect(staffView.statusCode).toBe(200);
    expect(staffView.json().total).toBe(0);
    const exported = await staffA.get('/api/secondhand-ledger/export?from=2018-05-01&to=2018-05-01&encoding=utf8');
    expect(exported.statusCode).toBe(200);
    expect(exported.body).not.toContain('横浜 太郎');
  });

  it('rejects acting at another location', async () => {
    const ring = await receiveTestItem(database().db, { locationId: storeB.id });
    await setSeeOthers(true);

    const response = await staffA.post('/api/write-offs', {
      locationId: storeB.id,
      reason: 'loss',
      writtenOffOn: '2026-12-04',
      lines: [{ itemId: ring.id, quantity: 1 }],
    });
    expect(response.statusCode).toBe(403);
    expect(response.json().error.code).toBe('location_out_of_scope');
    expect(response.json().error.message).toContain('横浜店');
    expect(await quantityAt(database().db, ring.id, storeB.id)).toBe(1);
  });

  it('applies nothing of a bulk request with a foreign item', async () => {
    const db = database().db;
    await setSeeOthers(false);
    const own = await receiveTestItem(db, { locationId: storeA.id });
    const foreign = await receiveTestItem(db, { locationId: storeB.id });
    const transfersBefore = await db.selectFrom('transfers').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();

    const response = await staffA.post('/api/transfers', {
      fromLocationId: storeA.id,
      toLocationId: storeC.id,
      lines: [
        { itemId: own.id, quantity: 1 },
        { itemId: foreign.id, quantity: 1 },
      ],
    });
    expect(response.statusCode).toBe(404);
    expect(response.json().error.code).toBe('item_not_found');
    expect(response.json().error.details).toEqual({ field: 'lines.1.itemId' });

    expect(await quantityAt(db, own.id, storeA.id)).toBe(1);
    expect(await quantityAt(db, foreign.id, storeB.id)).toBe(1);
    const transfersAfter = await db.selectFrom('transfers').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(transfersAfter.n)).toBe(Number(transfersBefore.n));
  });

  it('answers a hidden item like a missing one', async () => {
    await setSeeOthers(false);
    const foreign = await receiveTestItem(database().db, { locationId: storeB.id, name: 'Foreign ring' });

    const detail = await staffA.get(`/api/items/${foreign.id}`);
    expect(detail.statusCode).toBe(404);
    const missing = await staffA.get('/api/items/99999999');
    expect(detail.json().error.code).toBe(missing.json().error.code);
    expect((await staffA.get(`/api/items/${foreign.id}/history`)).statusCode).toBe(404);
    const lookup = await staffA.get(`/api/items/lookup?code=${foreign.stock_number}`);
    expect(lookup.statusCode).toBe(404);
    expect(lookup.json().error.message).toContain(foreign.stock_number);
    expect(lookup.json().error.message).not.toContain(`ID ${foreign.id}`);

    const search = await staffA.get(`/api/items?stockNumber=${foreign.stock_number}`);
    expect(search.json().total).toBe(0);
  });

  it('shows other stock when the company allows', async () => {
    await setSeeOthers(true);
    const foreign = await receiveTestItem(database().db, { locationId: storeB.id });

    const detail = await staffA.get(`/api/items/${foreign.id}`);
    expect(detail.statusCode).toBe(200);
    expect(detail.json().balances.map((b: { locationId: number }) => b.locationId)).toEqual([storeB.id]);

    // B's purchase slip and staff stay B's: the history shows only the movement itself.
    const history = await staffA.get(`/api/items/${foreign.id}/history`);
    expect(history.statusCode).toBe(200);
    const [receipt] = history.json().entries;
    expect(receipt.toLocation.id).toBe(storeB.id);
    expect(receipt.document).toBeNull();
    expect(receipt.user).toBeNull();

    // Seeing is not acting: the price of a piece on hand at B stays B's to change.
    const body = { name: 'Repriced', category: 'ring', metal: 'K18', cost: 50_000, retailPrice: 1 };
    const update = await staffA.put(`/api/items/${foreign.id}`, body);
    expect(update.statusCode).toBe(403);
    expect(update.json().error.code).toBe('location_out_of_scope');
    const row = await database().db.selectFrom('items').select('retail_price').where('id', '=', foreign.id).executeTakeFirstOrThrow();
    expect(row.retail_price).toBe(132_000);
  });

  it('refuses items last held elsewhere', async () => {
    await setSeeOthers(true);
    const gone = await receiveTestItem(database().db, { locationId: storeB.id, name: 'Gone ring' });
    const writeOff = await owner().post('/api/write-offs', {
      locationId: storeB.id,
      reason: 'loss',
      writtenOffOn: '2026-12-04',
      lines: [{ itemId: gone.id, quantity: 1 }],
    });
    expect(writeOff.statusCode).toBe(201);

    const detail = await staffA.get(`/api/items/${gone.id}`);
    expect(detail.json().atUsersLocations).toBe(false);
    const update = await staffA.put(`/api/items/${gone.id}`, { name: 'Gone ring', category: 'ring', retailPrice: 1 });
    expect(update.statusCode).toBe(403);
    expect(update.json().error.code).toBe('location_out_of_scope');
    expect(update.json().error.message).toContain('横浜店');

    const own = await receiveTestItem(database().db, { locationId: storeA.id });
    expect((await staffA.get(`/api/items/${own.id}`)).json().atUsersLocations).toBe(true);
  });

  it('keeps transfer slips on both ends', async () => {
    await setSeeOthers(true);
    const ring = await receiveTestItem(database().db, { locationId: storeA.id });
    const sent = await staffA.post('/api/transfers', { fromLocationId: storeA.id, toLocationId: storeB.id, lines: [{ itemId: ring.id, quantity: 1 }] });
    expect(sent.statusCode).toBe(201);
    expect((await owner().post(`/api/transfers/${sent.json().id}/receive`, {})).statusCode).toBe(200);

    const history = await staffA.get(`/api/items/${ring.id}/history`);
    const receipt = history.json().entries.find((entry: { kind: string }) => entry.kind === 'transfer_receive');
    expect(receipt.toLocation.id).toBe(storeB.id);
    expect(receipt.document).toMatchObject({ type: 'transfer', id: sent.json().id });
  });

  it('hides other locations from item detail', async () => {
    await setSeeOthers(false);
    const db = database().db;
    const pair = await receiveTestItem(db, { locationId: storeA.id, tracking: 'quantity', unit: 'piece', quantity: 3 });
    const moved = await owner().post('/api/transfers', { fromLocationId: storeA.id, toLocationId: storeB.id, lines: [{ itemId: pair.id, quantity: 1 }] });
    expect(moved.statusCode).toBe(201);
    await owner().post(`/api/transfers/${moved.json().id}/receive`, {});

    const detail = await staffA.get(`/api/items/${pair.id}`);
    expect(detail.statusCode).toBe(200);
    expect(detail.json().balances).toEqual([expect.objectContaining({ locationId: storeA.id, quantity: 2 })]);
    const history = await staffA.get(`/api/items/${pair.id}/history`);
    for (const entry of history.json().entries) {
      const ends = [entry.fromLocation?.id, entry.toLocation?.id];
      expect(ends).toContain(storeA.id);
    }
  });

  it('lets the destination receive a transfer', async () => {
    const db = database().db;
    const ring = await receiveTestItem(db, { locationId: storeB.id });
    const sent = await owner().post('/api/transfers', { fromLocationId: storeB.id, toLocationId: storeA.id, lines: [{ itemId: ring.id, quantity: 1 }] });
    expect(sent.statusCode).toBe(201);

    expect((await staffA.get(`/api/transfers/${sent.json().id}`)).statusCode).toBe(200);
    const cancel = await staffA.post(`/api/transfers/${sent.json().id}/cancel`, {});
    expect(cancel.statusCode).toBe(403);
    expect(cancel.json().error.code).toBe('location_out_of_scope');

    const received = await staffA.post(`/api/transfers/${sent.json().id}/receive`, {});
    expect(received.statusCode).toBe(200);
    expect(await quantityAt(db, ring.id, storeA.id)).toBe(1);
  });

  it('hides transfers between other locations', async () => {
    const ring = await receiveTestItem(database().db, { locationId: storeB.id });
    const sent = await owner().post('/api/transfers', { fromLocationId: storeB.id, toLocationId: storeC.id, lines: [{ itemId: ring.id, quantity: 1 }] });
    expect(sent.statusCode).toBe(201);

    expect((await staffA.get(`/api/transfers/${sent.json().id}`)).statusCode).toBe(404);
    expect((await staffA.post(`/api/transfers/${sent.json().id}/receive`, {})).statusCode).toBe(404);
    const list = await staffA.get('/api/transfers');
    expect(list.json().transfers.map((t: { id: number }) => t.id)).not.toContain(sent.json().id);
  });

  it('audits an item update with before and after', async () => {
    const db = database().db;
    const ring = await receiveTestItem(db, { locationId: storeA.id, name: 'Audit ring' });
    const body = { name: 'Audit ring', category: 'ring', metal: 'K18', cost: 50_000, retailPrice: 120_000 };

    const response = await staffA.put(`/api/items/${ring.id}`, body);
    expect(response.statusCode).toBe(200);

    const event = await db
      .selectFrom('audit_events')
      .selectAll()
      .where('action', '=', 'item.update')
      .where('entity_id', '=', String(ring.id))
      .executeTakeFirstOrThrow();
    expect(event.user_id).toBe(staffA.userId);
    expect(event.request_id).toBe(response.headers['x-request-id']);
    expect(JSON.parse(event.before_json!).retailPrice).toBe(132_000);
    expect(JSON.parse(event.after_json!).retailPrice).toBe(120_000);
  });
});
