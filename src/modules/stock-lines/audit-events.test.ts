import { expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { useSignedInApp } from '../../../test/helpers/app.js';
import { describeEachDatabase } from '../../../test/helpers/database.js';
import { createTestLocation, createTestSupplier, receiveTestItem } from '../../../test/helpers/factories.js';

// Every stock document write leaves one audit event, written in the same transaction, that
// names the user, the request, the document and its location. Downloads leave one too.

describeEachDatabase('stock audit events', (database) => {
  const signedIn = useSignedInApp(database);
  const api = () => signedIn.api();

  async function expectEvent(response: LightMyRequestResponse, action: string, locationId: number) {
    expect(response.statusCode, response.body).toBeLessThan(300);
    const events = await database()
      .db.selectFrom('audit_events')
      .selectAll()
      .where('request_id', '=', String(response.headers['x-request-id']))
      .execute();
    expect(events.map((event) => event.action)).toEqual([action]);

    const [event] = events;
    expect(event!.user_id).toBe(api().userId);
    expect(event!.entity_id).toBe(String(response.json().id));
    expect(event!.location_id).toBe(locationId);
    expect(JSON.parse(event!.after_json!).number).toBe(response.json().number);
    return event!;
  }

  it('records transfers with before and after', async () => {
    const db = database().db;
    const from = await createTestLocation(db);
    const to = await createTestLocation(db);
    const ring = await receiveTestItem(db, { locationId: from.id });

    const sent = await api().post('/api/transfers', { fromLocationId: from.id, toLocationId: to.id, lines: [{ itemId: ring.id, quantity: 1 }] });
    await expectEvent(sent, 'transfer.send', from.id);

    const received = await api().post(`/api/transfers/${sent.json().id}/receive`, {});
    const event = await expectEvent(received, 'transfer.receive', to.id);
    expect(JSON.parse(event.before_json!).status).toBe('in_transit');
    expect(JSON.parse(event.after_json!).status).toBe('received');

    const ring2 = await receiveTestItem(db, { locationId: from.id });
    const again = await api().post('/api/transfers', { fromLocationId: from.id, toLocationId: to.id, lines: [{ itemId: ring2.id, quantity: 1 }] });
    const cancelled = await api().post(`/api/transfers/${again.json().id}/cancel`, { reason: 'wrong store' });
    const cancelEvent = await expectEvent(cancelled, 'transfer.cancel', from.id);
    expect(JSON.parse(cancelEvent.after_json!).status).toBe('cancelled');
  });

  it('records write-offs and supplier returns', async () => {
    const db = database().db;
    const store = await createTestLocation(db);
    const supplier = await createTestSupplier(db);
    const lost = await receiveTestItem(db, { locationId: store.id });
    const returned = await receiveTestItem(db, { locationId: store.id, supplierId: supplier.id });

    const writeOff = await api().post('/api/write-offs', {
      locationId: store.id,
      reason: 'loss',
      writtenOffOn: '2026-12-04',
      lines: [{ itemId: lost.id, quantity: 1 }],
    });
    await expectEvent(writeOff, 'write_off.create', store.id);

    const supplierReturn = await api().post('/api/supplier-returns', {
      supplierId: supplier.id,
      locationId: store.id,
      returnedOn: '2026-12-04',
      lines: [{ itemId: returned.id, quantity: 1 }],
    });
    await expectEvent(supplierReturn, 'supplier_return.create', store.id);
  });

  it('records purchases, splits and combines', async () => {
    const db = database().db;
    const store = await createTestLocation(db);
    const supplier = await createTestSupplier(db);

    const purchase = await api().post('/api/purchases', {
      supplierId: supplier.id,
      locationId: store.id,
      purchasedOn: '2026-12-04',
      lines: [{ quantity: 1, unitCost: 90_000, item: { name: 'Diamond lot', category: 'loose_stone', cost: 90_000, retailPrice: 0 } }],
    });
    await expectEvent(purchase, 'purchase.create', store.id);

    const lotId = purchase.json().lines[0].itemId;
    const stone = (name: string) => ({ attributes: { name, category: 'loose_stone', retailPrice: 0 }, ratio: 1 });
    const split = await api().post('/api/split', {
      itemId: lotId,
      locationId: store.id,
      allocation: 'ratio',
      children: [stone('Stone A'), stone('Stone B')],
    });
    await expectEvent(split, 'split.create', store.id);

    const [a, b] = split.json().produced.map((line: { itemId: number }) => line.itemId);
    const combine = await api().post('/api/combine', {
      locationId: store.id,
      itemIds: [a, b],
      attributes: { name: 'Pair earrings', category: 'earrings', retailPrice: 180_000 },
    });
    await expectEvent(combine, 'combine.create', store.id);
  });

  it('records exports of items and the secondhand ledger', async () => {
    const items = await api().get('/api/items/export?encoding=utf8');
    expect(items.statusCode).toBe(200);
    const ledger = await api().get('/api/secondhand-ledger/export?encoding=utf8');
    expect(ledger.statusCode).toBe(200);

    for (const [response, action] of [
      [items, 'item.export'],
      [ledger, 'secondhand_ledger.export'],
    ] as const) {
      const event = await database()
        .db.selectFrom('audit_events')
        .selectAll()
        .where('request_id', '=', String(response.headers['x-request-id']))
        .executeTakeFirst();
      expect(event?.action).toBe(action);
      expect(event?.user_id).toBe(api().userId);
    }
  });
});
