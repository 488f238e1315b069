import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/helpers/database.js';
import { keyringOf } from '../../shared/secrets.js';
import { accountCredentials } from '../channels/accounts/service.js';
import { DEMO_ACCOUNT_NAMES, DEMO_MOCK_CREDENTIALS, DEMO_POLL_SECONDS, DEMO_RAKUTEN_GENRE_ID, forgetMockCatalog, publishDemoListings, sampleCodes, setUpDemoChannels } from './channels.js';
import { loadDemoData } from './service.js';

const keys = keyringOf(Buffer.alloc(32, 3));
const actor = { userId: null, email: null, ip: null, requestId: null, recorded: false };
const PORTS = { rakuten: 4101, yahoo: 4102, ownSite: 4103 };

/**
 * Unique demo pieces that are in stock: every received piece but the written-off one, the
 * split set and the seven unique pieces the demo sells (the two split halves are added).
 */
const SELLABLE_PIECES = 34 - 7;

describeEachDatabase('setUpDemoChannels', (database) => {
  it('creates three accounts on the ports', async () => {
    const { db } = database();
    await loadDemoData(db, { today: '2026-11-20' });
    const summary = await setUpDemoChannels(db, keys, { ports: PORTS, actor });

    expect(Object.values(summary.accounts).map((account) => account.created)).toEqual([true, true, true]);
    const rows = await db.selectFrom('channel_accounts').select(['id', 'kind', 'name', 'settings_json']).orderBy('id').execute();
    expect(rows.map((row) => [row.kind, row.name])).toEqual([
      ['rakuten', DEMO_ACCOUNT_NAMES.rakuten],
      ['yahoo', DEMO_ACCOUNT_NAMES.yahoo],
      ['own_site', DEMO_ACCOUNT_NAMES.ownSite],
    ]);
    expect(JSON.parse(rows[0]!.settings_json)).toEqual({ baseUrl: 'http://127.0.0.1:4101', pollSeconds: DEMO_POLL_SECONDS });
    expect(JSON.parse(rows[1]!.settings_json)).toEqual({ baseUrl: 'http://127.0.0.1:4102', sellerId: DEMO_MOCK_CREDENTIALS.yahoo.sellerId, pollSeconds: DEMO_POLL_SECONDS });
    expect(JSON.parse(rows[2]!.settings_json)).toEqual({ baseUrl: 'http://127.0.0.1:4103', pollSeconds: DEMO_POLL_SECONDS });

    const yahoo = await accountCredentials(db, keys, summary.accounts.yahoo.id);
    expect(yahoo.accessToken).toBe(DEMO_MOCK_CREDENTIALS.yahoo.accessToken);
    expect(String(yahoo.publicKey)).toContain('BEGIN PUBLIC KEY');
    const ownSite = await accountCredentials(db, keys, summary.accounts.ownSite.id);
    expect(ownSite.webhookSecret).toBe(DEMO_MOCK_CREDENTIALS.ownSite.webhookSecret);
  });

  it('drafts every sellable piece', async () => {
    const { db } = database();
    const listings = await db.selectFrom('channel_listings').select(['channel_account_id', 'state', 'category_id']).execute();
    expect(listings).toHaveLength(SELLABLE_PIECES * 3);
    expect(listings.every((listing) => listing.state === 'draft')).toBe(true);

    const accounts = await db.selectFrom('channel_accounts').select(['id', 'kind']).execute();
    const rakutenId = accounts.find((account) => account.kind === 'rakuten')!.id;
    const genres = new Set(listings.filter((listing) => listing.channel_account_id === rakutenId).map((listing) => listing.category_id));
    expect([...genres]).toEqual([DEMO_RAKUTEN_GENRE_ID]);
    const otherGenres = new Set(listings.filter((listing) => listing.channel_account_id !== rakutenId).map((listing) => listing.category_id));
    expect([...otherGenres]).toEqual([null]);

    // The written-off necklace and the consumed pearl set are not for sale.
    const listed = await db.selectFrom('channel_listings').innerJoin('items', 'items.id', 'channel_listings.item_id').select('items.status').distinct().execute();
    expect(listed.map((row) => row.status)).toEqual(['in_stock']);
  });

  it('adds nothing on a re-run', async () => {
    const { db } = database();
    const before = await db.selectFrom('channel_accounts').select('id').orderBy('id').execute();
    const summary = await setUpDemoChannels(db, keys, { ports: { rakuten: 5101, yahoo: 5102, ownSite: 5103 }, actor });

    expect(summary.draftsCreated).toBe(0);
    expect(summary.pieces).toBe(SELLABLE_PIECES);
    expect(Object.values(summary.accounts).map((account) => account.created)).toEqual([false, false, false]);
    const after = await db.selectFrom('channel_accounts').select(['id', 'settings_json']).orderBy('id').execute();
    expect(after.map((row) => row.id)).toEqual(before.map((row) => row.id));
    // A re-run points the accounts at the new ports.
    expect(JSON.parse(after[0]!.settings_json).baseUrl).toBe('http://127.0.0.1:5101');
    expect(await db.selectFrom('channel_listings').select('id').execute()).toHaveLength(SELLABLE_PIECES * 3);
  });

  it('drafts pieces loaded later', async () => {
    const { db } = database();
    await loadDemoData(db, { force: true, today: '2026-11-20' });
    const summary = await setUpDemoChannels(db, keys, { ports: PORTS, actor });

    // The forced load adds the unique pieces again; quantity goods are restocked instead.
    expect(summary.pieces).toBe(SELLABLE_PIECES * 2);
    expect(summary.draftsCreated).toBe(SELLABLE_PIECES * 3);
  });

  it('publishes sellable drafts once', async () => {
    const { db } = database();
    const accountIds = (await db.selectFrom('channel_accounts').select('id').execute()).map((row) => row.id);

    const first = await publishDemoListings(db, accountIds);
    expect(first).toHaveLength(SELLABLE_PIECES * 2 * 3);
    const events = await db.selectFrom('outbox_events').select('topic').where('topic', '=', 'listing.publish').execute();
    expect(events).toHaveLength(first.length);
    expect(await publishDemoListings(db, accountIds)).toEqual([]);

    // Fresh mocks know nothing: the listings become drafts that were never published.
    await db.updateTable('channel_listings').set({ state: 'live', published_at: '2026-11-20T00:00:00.000Z' }).execute();
    expect(await forgetMockCatalog(db, accountIds)).toBe(first.length);
    const states = await db.selectFrom('channel_listings').select(['state', 'published_at']).distinct().execute();
    expect(states).toEqual([{ state: 'draft', published_at: null }]);
  });

  it('samples codes of sellable pieces', async () => {
    const { db } = database();
    const rakuten = await db.selectFrom('channel_accounts').select('id').where('kind', '=', 'rakuten').executeTakeFirstOrThrow();
    const codes = await sampleCodes(db, rakuten.id, 3);
    expect(codes).toHaveLength(3);
    for (const code of codes) expect(code.externalCode).toMatch(/^\d{4}-\d{5}$/);
  });
});
