import { expect, it } from 'vitest';
import { useSignedInApp } from '../../../test/helpers/app.js';
import { describeEachDatabase } from '../../../test/helpers/database.js';
import { createTestLocation, quantityAt, receiveTestItem } from '../../../test/helpers/factories.js';
import type { Db } from '../../db/database.js';
import { verifyLedger } from '../ledger/service.js';
import { transitLocationId } from '../locations/service.js';

async function chainAt(db: Db, locationId: number, quantity: number) {
  return receiveTestItem(db, {
    locationId,
    quantity,
    tracking: 'quantity',
    unit: 'cm',
    name: 'SV925 chain by the cm',
    category: 'necklace',
    metal: 'SV925',
    cost: 30,
  });
}

describeEachDatabase('transfers', (database) => {
  const signedIn = useSignedInApp(database);
  const api = () => signedIn.api();

  it('sends, then receives in two parts', async () => {
    const db = database().db;
    const transit = await transitLocationId(db);
    const ginza = await createTestLocation(db);
    const shinjuku = await createTestLocation(db);
    const ring = await receiveTestItem(db, { locationId: ginza.id });
    const chain = await chainAt(db, ginza.id, 100);

    const sent = await api().post('/api/transfers', {
      fromLocationId: ginza.id,
      toLocationId: shinjuku.id,
      note: '催事用',
      lines: [
        { itemId: ring.id, quantity: 1 },
        { itemId: chain.id, quantity: 50 },
      ],
    });
    expect(sent.statusCode).toBe(201);
    const transfer = sent.json();
    expect(transfer.number).toMatch(/^T-\d{4}-\d{6}$/);
    expect(transfer.status).toBe('in_transit');
    expect(transfer.fromLocationName).toBe(ginza.name);
    expect(transfer.toLocationName).toBe(shinjuku.name);
    expect(transfer.receivedAt).toBeNull();
    expect(await quantityAt(db, ring.id, ginza.id)).toBe(0);
    expect(await quantityAt(db, ring.id, transit)).toBe(1);
    expect(await quantityAt(db, chain.id, ginza.id)).toBe(50);
    expect(await quantityAt(db, chain.id, transit)).toBe(50);

    const firstPart = await api().post(`/api/transfers/${transfer.id}/receive`, {
      lines: [
        { itemId: ring.id, quantity: 1 },
        { itemId: chain.id, quantity: 20 },
      ],
    });
    expect(firstPart.statusCode).toBe(200);
    expect(firstPart.json().status).toBe('in_transit');
    expect(firstPart.json().lines.map((l: { receivedQuantity: number }) => l.receivedQuantity)).toEqual([1, 20]);
    expect(await quantityAt(db, ring.id, shinjuku.id)).toBe(1);
    expect(await quantityAt(db, chain.id, shinjuku.id)).toBe(20);
    expect(await quantityAt(db, chain.id, transit)).toBe(30);

    const rest = await api().post(`/api/transfers/${transfer.id}/receive`, {});
    expect(rest.statusCode).toBe(200);
    expect(rest.json().status).toBe('received');
    expect(rest.json().receivedBy).toBe(api().userId);
    expect(await quantityAt(db, chain.id, shinjuku.id)).toBe(50);
    expect(await quantityAt(db, chain.id, transit)).toBe(0);

    const kinds = await db
      .selectFrom('stock_movements')
      .select(['kind', 'quantity', 'cost_amount'])
      .where('document_type', '=', 'transfer')
      .where('document_id', '=', transfer.id)
      .where('item_id', '=', chain.id)
      .orderBy('id')
      .execute();
    expect(kinds).toEqual([
      { kind: 'transfer_send', quantity: 50, cost_amount: 1_500 },
      { kind: 'transfer_receive', quantity: 20, cost_amount: 600 },
      { kind: 'transfer_receive', quantity: 30, cost_amount: 900 },
    ]);
    expect(await verifyLedger(db)).toEqual([]);

    const again = await api().post(`/api/transfers/${transfer.id}/receive`, {});
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('transfer_not_in_transit');
    expect(again.json().error.message).toContain(transfer.number);
  });

  it('rejects receiving more than is outstanding', async () => {
    const db = database().db;
    const from = await createTestLocation(db);
    const to = await createTestLocation(db);
    const chain = await chainAt(db, from.id, 10);
    const other = await receiveTestItem(db, { locationId: from.id });
    const transfer = (
      await api().post('/api/transfers', { fromLocationId: from.id, toLocationId: to.id, lines: [{ itemId: chain.id, quantity: 10 }] })
    ).json();

    const tooMany = await api().post(`/api/transfers/${transfer.id}/receive`, { lines: [{ itemId: chain.id, quantity: 11 }] });
    expect(tooMany.statusCode).toBe(409);
    expect(tooMany.json().error.code).toBe('transfer_receive_exceeds');
    expect(tooMany.json().error.details.field).toBe('lines.0.quantity');

    const notOnTransfer = await api().post(`/api/transfers/${transfer.id}/receive`, { lines: [{ itemId: other.id, quantity: 1 }] });
    expect(notOnTransfer.statusCode).toBe(400);
    expect(notOnTransfer.json().error.code).toBe('transfer_line_not_found');
    expect(notOnTransfer.json().error.message).toContain(other.stock_number);

    expect(await quantityAt(db, chain.id, to.id)).toBe(0);
  });

  it('cancels and returns what is in transit', async () => {
    const db = database().db;
    const transit = await transitLocationId(db);
    const from = await createTestLocation(db);
    const to = await createTestLocation(db);
    const chain = await chainAt(db, from.id, 40);
    const ring = await receiveTestItem(db, { locationId: from.id });
    const transfer = (
      await api().post('/api/transfers', {
        fromLocationId: from.id,
        toLocationId: to.id,
        lines: [
          { itemId: chain.id, quantity: 40 },
          { itemId: ring.id, quantity: 1 },
        ],
      })
    ).json();
    await api().post(`/api/transfers/${transfer.id}/receive`, { lines: [{ itemId: chain.id, quantity: 15 }] });

    const cancelled = await api().post(`/api/transfers/${transfer.id}/cancel`, { reason: '展示会中止' });
    expect(cancelled.statusCode).toBe(200);
    expect(cancelled.json().status).toBe('cancelled');
    expect(await quantityAt(db, chain.id, from.id)).toBe(25);
    expect(await quantityAt(db, chain.id, to.id)).toBe(15);
    expect(await quantityAt(db, chain.id, transit)).toBe(0);
    expect(await quantityAt(db, ring.id, from.id)).toBe(1);
    expect(await verifyLedger(db)).toEqual([]);

    const receiveAfter = await api().post(`/api/transfers/${transfer.id}/receive`, {});
    expect(receiveAfter.statusCode).toBe(409);
    expect(receiveAfter.json().error.code).toBe('transfer_not_in_transit');
    const cancelAgain = await api().post(`/api/transfers/${transfer.id}/cancel`, {});
    expect(cancelAgain.statusCode).toBe(409);
  });

  it('rejects a transfer the source cannot supply', async () => {
    const db = database().db;
    const from = await createTestLocation(db);
    const to = await createTestLocation(db);
    const ring = await receiveTestItem(db, { locationId: to.id });

    const response = await api().post('/api/transfers', { fromLocationId: from.id, toLocationId: to.id, lines: [{ itemId: ring.id, quantity: 1 }] });
    expect(response.statusCode).toBe(409);
    expect(response.json().error.code).toBe('insufficient_stock');
    const count = await db.selectFrom('transfers').select('id').where('from_location_id', '=', from.id).execute();
    expect(count).toHaveLength(0);

    const same = await api().post('/api/transfers', { fromLocationId: to.id, toLocationId: to.id, lines: [{ itemId: ring.id, quantity: 1 }] });
    expect(same.statusCode).toBe(400);
    expect(same.json().error.details.fields[0].field).toBe('toLocationId');

    const inactive = await createTestLocation(db, { isActive: false });
    const toInactive = await api().post('/api/transfers', { fromLocationId: to.id, toLocationId: inactive.id, lines: [{ itemId: ring.id, quantity: 1 }] });
    expect(toInactive.statusCode).toBe(409);
    expect(toInactive.json().error.code).toBe('location_inactive');

    const missing = await api().post('/api/transfers/999999/receive', {});
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe('transfer_not_found');
  });

  it('replays a receive with the same key', async () => {
    const db = database().db;
    const from = await createTestLocation(db);
    const to = await createTestLocation(db);
    const ring = await receiveTestItem(db, { locationId: from.id });
    const transfer = (
      await api().post('/api/transfers', { fromLocationId: from.id, toLocationId: to.id, lines: [{ itemId: ring.id, quantity: 1 }] })
    ).json();

    const key = `receive-${transfer.id}`;
    const first = await api().request('POST', `/api/transfers/${transfer.id}/receive`, {}, { 'idempotency-key': key });
    const retry = await api().request('POST', `/api/transfers/${transfer.id}/receive`, {}, { 'idempotency-key': key });
    expect(first.statusCode).toBe(200);
    expect(retry.statusCode).toBe(200);
    expect(retry.json()).toEqual(first.json());
    expect(retry.headers['idempotent-replayed']).toBe('true');
    const receipts = await db
      .selectFrom('stock_movements')
      .select('id')
      .where('item_id', '=', ring.id)
      .where('kind', '=', 'transfer_receive')
      .execute();
    expect(receipts).toHaveLength(1);
  });

  it('lists by status and location', async () => {
    const db = database().db;
    const from = await createTestLocation(db);
    const to = await createTestLocation(db);
    const first = await receiveTestItem(db, { locationId: from.id });
    const second = await receiveTestItem(db, { locationId: from.id });
    const open = (
      await api().post('/api/transfers', { fromLocationId: from.id, toLocationId: to.id, lines: [{ itemId: first.id, quantity: 1 }] })
    ).json();
    const done = (
      await api().post('/api/transfers', { fromLocationId: from.id, toLocationId: to.id, lines: [{ itemId: second.id, quantity: 1 }] })
    ).json();
    await api().post(`/api/transfers/${done.id}/receive`, {});

    const atDestination = await api().get(`/api/transfers?locationId=${to.id}`);
    expect(atDestination.statusCode).toBe(200);
    expect(atDestination.json().total).toBe(2);
    expect(atDestination.json().transfers.map((t: { id: number }) => t.id)).toEqual([done.id, open.id]);

    const inTransit = await api().get(`/api/transfers?locationId=${from.id}&status=in_transit`);
    expect(inTransit.json().transfers.map((t: { id: number }) => t.id)).toEqual([open.id]);

    const detail = await api().get(`/api/transfers/${open.id}`);
    expect(detail.json().lines[0]).toMatchObject({ itemId: first.id, stockNumber: first.stock_number, quantity: 1, receivedQuantity: 0 });
  });
});
