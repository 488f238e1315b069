import { beforeAll, expect, it } from 'vitest';
import { signIn, useSignedInApp, type ApiClient } from '../../../test/helpers/app.js';
import { describeEachDatabase } from '../../../test/helpers/database.js';
import { createTestLocation, receiveTestItem } from '../../../test/helpers/factories.js';

// The online operator edits items but may not see cost, so may not set it either.

describeEachDatabase('item cost permission', (database) => {
  const signedIn = useSignedInApp(database);
  let operator: ApiClient;

  beforeAll(async () => {
    operator = await signIn(signedIn.app(), database(), 'en', { role: 'online_operator' });
  });

  const costOf = async (id: number) =>
    (await database().db.selectFrom('items').select('cost').where('id', '=', id).executeTakeFirstOrThrow()).cost;

  it('keeps cost on an update without cost.view', async () => {
    const store = await createTestLocation(database().db);
    const ring = await receiveTestItem(database().db, { locationId: store.id, cost: 48_000 });

    const withoutCost = await operator.put(`/api/items/${ring.id}`, { name: 'Renamed ring', category: 'ring', retailPrice: 99_000 });
    expect(withoutCost.statusCode, withoutCost.body).toBe(200);
    expect(withoutCost.json().name).toBe('Renamed ring');
    expect(await costOf(ring.id)).toBe(48_000);

    const withCost = await operator.put(`/api/items/${ring.id}`, { name: 'Renamed ring', category: 'ring', cost: 1, retailPrice: 99_000 });
    expect(withCost.statusCode).toBe(200);
    expect(await costOf(ring.id)).toBe(48_000);
  });

  it('creates items at zero cost without cost.view', async () => {
    const created = await operator.post('/api/items', { name: 'Listing-only pendant', category: 'pendant', cost: 70_000, retailPrice: 150_000 });
    expect(created.statusCode, created.body).toBe(201);
    expect(await costOf(created.json().id)).toBe(0);
  });

  it('lets the owner set cost', async () => {
    const created = await signedIn.api().post('/api/items', { name: 'Owner ring', category: 'ring', cost: 70_000, retailPrice: 150_000 });
    expect(created.statusCode).toBe(201);
    expect(await costOf(created.json().id)).toBe(70_000);
  });
});
