import { expect, it } from 'vitest';
import { useSignedInApp } from '../../../../test/helpers/app.js';
import { describeEachDatabase } from '../../../../test/helpers/database.js';
import { createTestLocation, receiveTestItem } from '../../../../test/helpers/factories.js';
import { eventsFor } from '../../outbox/service.js';
import { externalCodeOf, LISTING_PUBLISH, LISTING_WITHDRAW } from './service.js';

describeEachDatabase('channel listings', (database) => {
  const signedIn = useSignedInApp(database, 'ja');
  const api = () => signedIn.api();

  async function account(name: string): Promise<number> {
    const response = await api().post('/api/channel-accounts', {
      kind: 'rakuten',
      name,
      settings: { baseUrl: 'http://127.0.0.1:9101' },
      credentials: { serviceSecret: 's', licenseKey: 'l' },
    });
    return response.json().id;
  }

  it('makes drafts once per piece and account, from the item', async () => {
    const db = database().db;
    const store = await createTestLocation(db);
    const ring = await receiveTestItem(db, { locationId: store.id, name: 'Pt900 ダイヤ リング', retailPrice: 198_000 });
    const rakuten = await account('楽天 A');

    const first = await api().post('/api/listings', { itemIds: [ring.id], channelAccountIds: [rakuten] });
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json().listings).toEqual([
      expect.objectContaining({ itemId: ring.id, state: 'draft', title: 'Pt900 ダイヤ リング', price: 198_000, priceBasis: 'included', externalCode: externalCodeOf(ring.stock_number) }),
    ]);
    const again = await api().post('/api/listings', { itemIds: [ring.id], channelAccountIds: [rakuten] });
    expect(again.json().listings).toEqual([]);
  });

  it('publishes and withdraws through the outbox, skipping what cannot move', async () => {
    const db = database().db;
    const store = await createTestLocation(db);
    const ring = await receiveTestItem(db, { locationId: store.id });
    const listing = (await api().post('/api/listings', { itemIds: [ring.id], channelAccountIds: [await account('楽天 B')] })).json().listings[0];

    const withdrawDraft = await api().post('/api/listings/withdraw', { listingIds: [listing.id] });
    expect(withdrawDraft.json().changed).toEqual([]);
    expect(withdrawDraft.json().skipped).toEqual([{ listingId: listing.id, code: 'listing_state_wrong', message: expect.stringContaining('下書き') }]);

    const published = await api().post('/api/listings/publish', { listingIds: [listing.id] });
    expect(published.json().changed.map((row: { state: string }) => row.state)).toEqual(['publishing']);
    const busy = await api().put(`/api/listings/${listing.id}`, { title: 'x', price: 1, priceBasis: 'included' });
    expect(busy.json().error.code).toBe('listing_busy');

    await db.updateTable('channel_listings').set({ state: 'live' }).where('id', '=', listing.id).execute();
    const withdrawn = await api().post('/api/listings/withdraw', { listingIds: [listing.id] });
    expect(withdrawn.json().changed.map((row: { state: string }) => row.state)).toEqual(['withdrawing']);
    const events = await eventsFor(db, 'listing', listing.id);
    expect(events.map((event) => event.topic)).toEqual([LISTING_PUBLISH, LISTING_WITHDRAW]);
  });

  it('turns stock numbers into channel keys', () => {
    expect(externalCodeOf('2612-00004')).toBe('2612-00004');
    expect(externalCodeOf('ＧＩＮＺＡ／R 12')).toBe('ginza-r-12');
  });
});
