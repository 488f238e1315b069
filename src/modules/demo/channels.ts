import { generateKeyPairSync } from 'node:crypto';
import { sql } from 'kysely';
import type { Db, Executor, Tx } from '../../db/database.js';
import { nowIso } from '../../db/database.js';
import type { ChannelKind, ListingState } from '../../db/schema.js';
import type { SecretKeyring } from '../../shared/secrets.js';
import { recordAudit, type AuditActor } from '../audit/service.js';
import { channelAccountInput } from '../channels/accounts/schemas.js';
import { createChannelAccount } from '../channels/accounts/service.js';
import { listingDraftsInput } from '../channels/listings/schemas.js';
import { createDrafts, publishListings } from '../channels/listings/service.js';

// The demo's channel side: three channel accounts that point at the local mocks, and a
// draft listing of every demo piece that is for sale on each of them. Concurrent selling
// (併売) then shows on the mocks: a piece ordered on one mock vanishes from the others.

/** Ports the mocks listen on in the demo, unless options change them. */
export const DEFAULT_DEMO_PORTS = { rakuten: 3101, yahoo: 3102, ownSite: 3103 } as const;
export type DemoPorts = { rakuten: number; yahoo: number; ownSite: number };

/**
 * Credentials of the mocks, the same values `tsunagu mock rakuten|yahoo|own-site` starts
 * with, so that the demo accounts also work against mocks started in other terminals.
 */
export const DEMO_MOCK_CREDENTIALS = {
  rakuten: { serviceSecret: 'mock-service-secret', licenseKey: 'mock-license-key' },
  yahoo: { sellerId: 'tsunagu-mock', clientId: 'mock-client-id', clientSecret: 'mock-client-secret', accessToken: 'mock-access-token', refreshToken: 'mock-refresh-token' },
  ownSite: { apiToken: 'mock-api-token', webhookSecret: 'mock-webhook-secret' },
} as const;

/** Account names; the demo finds its accounts again by name and kind on a re-run. */
export const DEMO_ACCOUNT_NAMES = {
  rakuten: '楽天市場（デモ）',
  yahoo: 'Yahoo!ショッピング（デモ）',
  ownSite: '自社サイト（デモ）',
} as const;

/** Rakuten genre of the demo listings: ジュエリー・アクセサリー > リング・指輪 (6 digits, as RMS requires). */
export const DEMO_RAKUTEN_GENRE_ID = '100371';

/** Seconds between order polls of the demo accounts, so an order shows within seconds (the default is 30). */
export const DEMO_POLL_SECONDS = 3;

/** Channel key used in the demo's maps and options; `ownSite` is the `own_site` account kind. */
export type DemoChannel = keyof typeof DEMO_ACCOUNT_NAMES;

const KIND_OF: Record<DemoChannel, ChannelKind> = { rakuten: 'rakuten', yahoo: 'yahoo', ownSite: 'own_site' };

export interface DemoChannelAccount {
  id: number;
  channel: DemoChannel;
  name: string;
  baseUrl: string;
  /** True when this run created the account; false when it existed and was pointed at the ports again. */
  created: boolean;
}

export interface DemoChannelSummary {
  accounts: Record<DemoChannel, DemoChannelAccount>;
  /** Pieces with a listing on every demo account. */
  pieces: number;
  draftsCreated: number;
}

export interface SetUpDemoChannelsOptions {
  ports?: DemoPorts;
  actor: AuditActor;
}

function baseUrlOf(port: number): string {
  return `http://127.0.0.1:${port}`;
}

/**
 * Yahoo signs order API calls with the store's RSA public key. The mock checks only that
 * the signature headers are well formed, so any key works; a fresh one is made per account.
 */
function demoPublicKey(): string {
  const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
  return publicKey;
}

function accountInput(channel: DemoChannel, baseUrl: string) {
  const name = DEMO_ACCOUNT_NAMES[channel];
  if (channel === 'rakuten') {
    return channelAccountInput.parse({ kind: 'rakuten', name, settings: { baseUrl }, credentials: DEMO_MOCK_CREDENTIALS.rakuten });
  }
  if (channel === 'yahoo') {
    const { sellerId, ...credentials } = DEMO_MOCK_CREDENTIALS.yahoo;
    return channelAccountInput.parse({ kind: 'yahoo', name, settings: { baseUrl, sellerId }, credentials: { ...credentials, publicKey: demoPublicKey(), publicKeyVersion: '1' } });
  }
  return channelAccountInput.parse({ kind: 'own_site', name, settings: { baseUrl }, credentials: DEMO_MOCK_CREDENTIALS.ownSite });
}

/**
 * Writes the demo's base URL and poll interval into an account's settings. The account
 * schemas do not take `pollSeconds` (the hub reads it from the stored settings), so it is
 * merged into settings_json here rather than through the account service.
 */
async function pointAtMock(trx: Tx, id: number, baseUrl: string): Promise<void> {
  const row = await trx.selectFrom('channel_accounts').select('settings_json').where('id', '=', id).executeTakeFirstOrThrow();
  const settings = { ...(JSON.parse(row.settings_json) as Record<string, unknown>), baseUrl, pollSeconds: DEMO_POLL_SECONDS };
  await trx.updateTable('channel_accounts').set({ settings_json: JSON.stringify(settings), updated_at: nowIso() }).where('id', '=', id).execute();
}

/** Unique pieces that can be sold now (in stock somewhere, nothing reserved), in stock-number order. */
async function sellablePieceIds(db: Executor): Promise<number[]> {
  const rows = await db
    .selectFrom('items')
    .select('items.id')
    .where('items.tracking', '=', 'unique')
    .where(sql<number>`(select coalesce(sum(b.quantity - b.reserved_quantity), 0) from stock_balances b where b.item_id = items.id)`, '>', 0)
    .orderBy('items.stock_number')
    .execute();
  return rows.map((row) => row.id);
}

/**
 * Creates the three demo channel accounts (or finds them by name on a re-run and points
 * them at `ports` again) and a draft listing of every sellable unique piece on each. The
 * Rakuten drafts get DEMO_RAKUTEN_GENRE_ID, because RMS rejects an item without a genre.
 * Running it again creates only what is missing.
 */
export async function setUpDemoChannels(db: Db, keys: SecretKeyring, options: SetUpDemoChannelsOptions): Promise<DemoChannelSummary> {
  const ports = options.ports ?? DEFAULT_DEMO_PORTS;

  return db.transaction().execute(async (trx) => {
    const accounts = {} as Record<DemoChannel, DemoChannelAccount>;
    for (const channel of Object.keys(DEMO_ACCOUNT_NAMES) as DemoChannel[]) {
      const name = DEMO_ACCOUNT_NAMES[channel];
      const baseUrl = baseUrlOf(ports[channel]);
      const existing = await trx.selectFrom('channel_accounts').select('id').where('kind', '=', KIND_OF[channel]).where('name', '=', name).orderBy('id').executeTakeFirst();

      let id = existing?.id;
      if (id === undefined) {
        const created = await createChannelAccount(trx, keys, accountInput(channel, baseUrl), options.actor.userId);
        await recordAudit(trx, options.actor, { action: 'channel_account.create', entityType: 'channel_account', entityId: created.id, after: created, detail: { source: 'demo' } });
        id = created.id;
      }
      await pointAtMock(trx, id, baseUrl);
      accounts[channel] = { id, channel, name, baseUrl, created: existing === undefined };
    }

    const itemIds = await sellablePieceIds(trx);
    const accountIds = Object.values(accounts).map((account) => account.id);
    const drafts = itemIds.length === 0 ? [] : await createDrafts(trx, listingDraftsInput.parse({ itemIds, channelAccountIds: accountIds }), options.actor.userId);

    // Only the new drafts get the genre, so a genre changed by hand on a re-run stays.
    const rakutenDrafts = drafts.filter((listing) => listing.channelAccountId === accounts.rakuten.id).map((listing) => listing.id);
    if (rakutenDrafts.length > 0) {
      await trx.updateTable('channel_listings').set({ category_id: DEMO_RAKUTEN_GENRE_ID }).where('id', 'in', rakutenDrafts).execute();
    }
    if (drafts.length > 0) {
      await recordAudit(trx, options.actor, { action: 'listing.create', entityType: 'listing', detail: { source: 'demo', listingIds: drafts.map((listing) => listing.id) } });
    }

    return { accounts, pieces: itemIds.length, draftsCreated: drafts.length };
  });
}

/**
 * Prepares the demo listings for mocks that have just started empty: the mocks keep their
 * catalog in memory, so whatever an earlier run published is gone. Every demo listing goes
 * back to a draft that has never been published, so the next publication sends the whole
 * item again instead of a stock update of an item the mock does not know. Returns how many
 * listings were reset.
 */
export async function forgetMockCatalog(db: Db, accountIds: readonly number[]): Promise<number> {
  const reset = await db
    .updateTable('channel_listings')
    .set({ state: 'draft', published_at: null, withdrawn_at: null, withdrawn_by: null, last_error_code: null, last_error_json: null, updated_at: nowIso() })
    .where('channel_account_id', 'in', [...accountIds])
    .where('state', '!=', 'draft')
    .executeTakeFirst();
  return Number(reset.numUpdatedRows);
}

/**
 * Publishes the demo accounts' draft listings of pieces that can be sold now, through the
 * listings service (state change plus outbox event), so the hub sends them as it would any
 * listing. Returns the ids of the listings that started publishing.
 */
export async function publishDemoListings(db: Db, accountIds: readonly number[]): Promise<number[]> {
  return db.transaction().execute(async (trx) => {
    const sellable = await sellablePieceIds(trx);
    if (sellable.length === 0) return [];
    const drafts = await trx
      .selectFrom('channel_listings')
      .select('id')
      .where('channel_account_id', 'in', [...accountIds])
      .where('state', '=', 'draft')
      .where('item_id', 'in', sellable)
      .orderBy('id')
      .execute();
    if (drafts.length === 0) return [];
    const result = await publishListings(trx, drafts.map((row) => row.id), 'en');
    return result.changed.map((listing) => listing.id);
  });
}

/** Listings of one demo account by state, for the progress lines while publishing. */
export async function listingStates(db: Executor, channelAccountId: number): Promise<Partial<Record<ListingState, number>>> {
  const rows = await db
    .selectFrom('channel_listings')
    .select(['state', (eb) => eb.fn.countAll<number>().as('count')])
    .where('channel_account_id', '=', channelAccountId)
    .groupBy('state')
    .execute();
  return Object.fromEntries(rows.map((row) => [row.state, Number(row.count)]));
}

/** Channel codes of the first `count` pieces listed on an account that can be sold now, for the walkthrough's commands. */
export async function sampleCodes(db: Executor, channelAccountId: number, count: number): Promise<Array<{ stockNumber: string; externalCode: string; title: string }>> {
  const sellable = await sellablePieceIds(db);
  if (sellable.length === 0) return [];
  const rows = await db
    .selectFrom('channel_listings')
    .innerJoin('items', 'items.id', 'channel_listings.item_id')
    .select(['items.stock_number', 'channel_listings.external_code', 'channel_listings.title'])
    .where('channel_listings.channel_account_id', '=', channelAccountId)
    .where('channel_listings.item_id', 'in', sellable)
    .orderBy('items.stock_number')
    .limit(count)
    .execute();
  return rows.map((row) => ({ stockNumber: row.stock_number, externalCode: row.external_code, title: row.title }));
}
