import { expect, it } from 'vitest';
import { useSignedInApp } from '../../../../test/helpers/app.js';
import { describeEachDatabase } from '../../../../test/helpers/database.js';
import { createTestLocation, receiveTestItem } from '../../../../test/helpers/factories.js';
import { eventsFor, ITEM_AVAILABILITY_CHANGED } from '../../outbox/service.js';
import { OutboxRunner } from '../../outbox/runner.js';
import { syncListingsWithStock } from './availability.js';
import { LISTING_PUBLISH, LISTING_WITHDRAW } from './service.js';

const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

describeEachDatabase('listings following stock', (database) => {
  const signedIn = useSignedInApp(database, 'ja');
  const api = () => signedIn.api();

  it('withdraws every listing when a piece sells at the counter, and restores them on a void', async () => {
    const db = database().db;
    const store = await createTestLocation(db);
    const registerId = (await db.selectFrom('registers').select('id').where('location_id', '=', store.id).executeTakeFirstOrThrow()).id;
    const ring = await receiveTestItem(db, { locationId: store.id, retailPrice: 50_000 });
    const accounts = [];
    for (const name of ['楽天', 'Yahoo']) {
      accounts.push(
        (await api().post('/api/channel-accounts', { kind: 'own_site', name, settings: { baseUrl: 'http://127.0.0.1:9' }, credentials: { apiToken: 't', webhookSecret: 'w' } })).json().id,
      );
    }
    const listings = (await api().post('/api/listings', { itemIds: [ring.id], channelAccountIds: accounts })).json().listings as Array<{ id: number }>;
    const ids = listings.map((listing) => listing.id);
    await db.updateTable('channel_listings').set({ state: 'live' }).where('id', 'in', ids).execute();
    // A listing withdrawn by hand stays withdrawn whatever the stock does.
    const manual = (await api().post('/api/listings', { itemIds: [ring.id], channelAccountIds: [(await api().post('/api/channel-accounts', { kind: 'own_site', name: 'Site', settings: { baseUrl: 'http://127.0.0.1:9' }, credentials: { apiToken: 't', webhookSecret: 'w' } })).json().id] })).json().listings[0];
    await db.updateTable('channel_listings').set({ state: 'withdrawn', withdrawn_by: 'user' }).where('id', '=', manual.id).execute();

    const runner = new OutboxRunner({ db, logger: silent, handlers: { [ITEM_AVAILABILITY_CHANGED]: (event) => syncListingsWithStock(db, event).then(() => undefined) } });
    const sale = (await api().post('/api/sales', { registerId, lines: [{ itemId: ring.id }], payments: [{ method: 'card', amount: 50_000 }] })).json();
    while ((await runner.runOnce()) > 0);

    const states = async () => (await db.selectFrom('channel_listings').select(['id', 'state', 'withdrawn_by']).where('item_id', '=', ring.id).orderBy('id').execute());
    expect(await states()).toEqual([
      { id: ids[0], state: 'withdrawing', withdrawn_by: 'stock' },
      { id: ids[1], state: 'withdrawing', withdrawn_by: 'stock' },
      { id: manual.id, state: 'withdrawn', withdrawn_by: 'user' },
    ]);
    expect((await eventsFor(db, 'listing', ids[0]!)).map((event) => event.topic)).toEqual([LISTING_WITHDRAW]);

    // Handling the same event again changes nothing.
    expect(await syncListingsWithStock(db, { payload: { itemId: ring.id } })).toEqual({ withdrawn: [], republished: [] });

    await db.updateTable('channel_listings').set({ state: 'withdrawn' }).where('id', 'in', ids).execute();
    await api().post(`/api/sales/${sale.id}/void`, { reason: '打ち間違い' });
    while ((await runner.runOnce()) > 0);
    expect((await states()).map((row) => row.state)).toEqual(['publishing', 'publishing', 'withdrawn']);
    expect((await eventsFor(db, 'listing', ids[1]!)).map((event) => event.topic)).toEqual([LISTING_WITHDRAW, LISTING_PUBLISH]);
  });
});
