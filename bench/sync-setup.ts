import { generateKeyPairSync, randomBytes } from 'node:crypto';
import type http from 'node:http';
import type { DatabaseHandle } from '../src/db/database.js';
import { nowIso } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { keyringOf, type SecretKeyring } from '../src/shared/secrets.js';
import { createUser } from '../src/modules/auth/service.js';
import { createItems } from '../src/modules/items/create.js';
import { itemAttributesInput } from '../src/modules/items/schemas.js';
import { setItemsStatus } from '../src/modules/items/service.js';
import { recordReceipts } from '../src/modules/ledger/service.js';
import { createLocation } from '../src/modules/locations/service.js';
import type { ListingPayload } from '../src/modules/channels/adapter.js';
import { createChannelAccount } from '../src/modules/channels/accounts/service.js';
import { externalCodeOf } from '../src/modules/channels/listings/service.js';
import { createOwnSiteMock, type OwnSiteMock } from '../src/modules/channels/own-site/mock/index.js';
import { buildItemBody, VARIANT_ID } from '../src/modules/channels/rakuten/listing-mapping.js';
import { createRakutenMock, type RakutenMock } from '../src/modules/channels/rakuten/mock/index.js';
import { inventoryKey } from '../src/modules/channels/rakuten/mock/items.js';
import { editItemFields } from '../src/modules/channels/yahoo/adapter.js';
import { createYahooMock, formatJst, type YahooMock } from '../src/modules/channels/yahoo/mock/index.js';
import { seededRandom } from './catalogue-data.js';

// The world of `npm run bench -- sync`: a store with pieces in stock, the Rakuten, Yahoo and
// own-site mocks at their default rate limits, one channel account per mock, and every piece
// listed live on each account. Items and stock go through the services in one transaction,
// as in bench/checkout.ts. Listings are inserted in the state the runner leaves after a
// publication, and the mocks' state is written directly, because publishing 30,000
// listings through APIs limited to about one call per second would take hours.

export type ChannelName = 'rakuten' | 'yahoo' | 'own_site';
export const CHANNELS: readonly ChannelName[] = ['rakuten', 'yahoo', 'own_site'];

/** Rakuten genre id given to every listing (ring, as in the hub's end-to-end test). */
const RAKUTEN_GENRE_ID = '100371';
const LISTING_ROWS_PER_INSERT = 500;

/** Requests a mock served during a run, by what they do. */
export interface CallCounts {
  /** Stock-changing calls: Rakuten inventories bulk-upsert, Yahoo setStock, own-site POST /stock. */
  stock: number;
  /** Listing and reading orders. */
  orderReads: number;
  /** Confirming orders to the channel. */
  confirms: number;
  other: number;
  /** Requests of any kind the mock rejected with 429. */
  rateLimited: number;
}

export interface Piece {
  itemId: number;
  code: string;
}

export interface SyncWorld {
  keys: SecretKeyring;
  userId: number;
  registerId: number;
  pieces: Piece[];
  accounts: Record<ChannelName, number>;
  rakuten: RakutenMock;
  yahoo: YahooMock;
  ownSite: OwnSiteMock;
  calls: Record<ChannelName, CallCounts>;
  close(): Promise<void>;
}

const emptyCounts = (): CallCounts => ({ stock: 0, orderReads: 0, confirms: 0, other: 0, rateLimited: 0 });

type CallKind = 'stock' | 'orderReads' | 'confirms' | 'other';

function rakutenCall(method: string, path: string): CallKind {
  if (path.endsWith('/inventories/bulk-upsert') || (method === 'PUT' && path.includes('/inventories/'))) return 'stock';
  if (path.endsWith('/confirmOrder')) return 'confirms';
  if (path.startsWith('/es/2.0/order/') || path.startsWith('/es/2.0/purchaseItem/')) return 'orderReads';
  return 'other';
}

function yahooCall(_method: string, path: string): CallKind {
  if (path.endsWith('/setStock')) return 'stock';
  if (path.endsWith('/orderStatusChange')) return 'confirms';
  if (path.endsWith('/orderList') || path.endsWith('/orderInfo')) return 'orderReads';
  return 'other';
}

function ownSiteCall(method: string, path: string): CallKind {
  if (path === '/stock' && method === 'POST') return 'stock';
  if (path.startsWith('/orders') && method === 'GET') return 'orderReads';
  if (path.startsWith('/orders/') && method === 'POST') return 'confirms';
  return 'other';
}

/** Counts each API request a mock serves (operator endpoints under /__mock/ left out) when it ends. */
function countRequests(server: http.Server, counts: CallCounts, classify: (method: string, path: string) => CallKind): void {
  server.on('request', (request: http.IncomingMessage, response: http.ServerResponse) => {
    // Rakuten's order API paths end in "/" (e.g. /es/2.0/order/confirmOrder/).
    const path = new URL(request.url ?? '/', 'http://mock.invalid').pathname.replace(/(.)\/$/, '$1');
    if (path.startsWith('/__mock/')) return;
    counts[classify(request.method ?? 'GET', path)] += 1;
    response.on('finish', () => {
      if (response.statusCode === 429) counts.rateLimited += 1;
    });
  });
}

function yahooPublicKey(): string {
  return generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } }).publicKey;
}

interface SeededItem {
  id: number;
  stock_number: string;
  name: string;
  retail_price: number;
  price_basis: 'included' | 'excluded';
  tax_rate_percent: number;
}

/** Creates the owner, the store (with its first register) and the pieces, received into stock. */
async function seedStock(handle: DatabaseHandle, count: number): Promise<{ userId: number; registerId: number; items: SeededItem[] }> {
  const user = await createUser(handle.db, { email: `bench-${randomBytes(4).toString('hex')}@example.test`, password: 'correct horse battery', locale: 'ja', isOwner: true });

  return handle.db.transaction().execute(async (trx) => {
    const store = await createLocation(trx, { code: `SYNC${randomBytes(2).toString('hex')}`, name: 'ベンチ店', kind: 'store' });
    const register = await trx.selectFrom('registers').select('id').where('location_id', '=', store.id).executeTakeFirstOrThrow();

    const random = seededRandom(42);
    const inputs = Array.from({ length: count }, (_, i) => ({
      attributes: itemAttributesInput.parse({
        name: `K18 ダイヤ リング ${i}`,
        category: 'ring',
        cost: 20_000 + Math.floor(random() * 100_000),
        retailPrice: 50_000 + Math.floor(random() * 400_000),
        taxRatePercent: 10,
      }),
    }));
    const items = await createItems(trx, inputs, { userId: user.id });
    await recordReceipts(
      trx,
      items.map((item) => ({ itemId: item.id, kind: 'purchase_receipt' as const, fromLocationId: null, toLocationId: store.id, quantity: 1, costAmount: item.cost, documentType: 'bench' })),
    );
    await setItemsStatus(
      trx,
      items.map((item) => item.id),
      'in_stock',
    );
    return {
      userId: user.id,
      registerId: register.id,
      items: items.map((item) => ({
        id: item.id,
        stock_number: item.stock_number,
        name: item.name,
        retail_price: Number(item.retail_price),
        price_basis: item.price_basis,
        tax_rate_percent: Number(item.tax_rate_percent),
      })),
    };
  });
}

function payloadOf(item: SeededItem, categoryId: string | null): ListingPayload {
  return {
    listingId: 0,
    externalCode: externalCodeOf(item.stock_number),
    title: item.name,
    description: null,
    price: item.retail_price,
    priceBasis: item.price_basis,
    taxRatePercent: item.tax_rate_percent,
    categoryId,
    photos: [],
    quantity: 1,
  };
}

/** Puts every piece on each mock with quantity 1, as a finished publication would have left it. */
function seedMocks(items: readonly SeededItem[], rakuten: RakutenMock, yahoo: YahooMock, ownSite: OwnSiteMock): void {
  const now = new Date();
  const jst = formatJst(now.getTime());
  for (const item of items) {
    const rakutenPayload = payloadOf(item, RAKUTEN_GENRE_ID);
    const built = buildItemBody(rakutenPayload);
    if ('error' in built) throw new Error(`Rakuten item body of ${item.stock_number} is invalid: ${built.error.messageEn}`);
    const code = rakutenPayload.externalCode;
    rakuten.state.items.set(code, { manageNumber: code, body: built.body, created: now, updated: now });
    rakuten.state.inventory.set(inventoryKey(code, VARIANT_ID), { manageNumber: code, variantId: VARIANT_ID, quantity: 1, created: now, updated: now });

    yahoo.state.items.set(code, { itemCode: code, fields: editItemFields(payloadOf(item, null)), editing: false, published: true, updateTime: jst });
    yahoo.state.stock.set(code, { itemCode: code, subCode: '', quantity: 1, allowOverdraft: 0, updateTime: jst });

    const { listingId: _listingId, externalCode: _code, ...product } = payloadOf(item, null);
    ownSite.state.products.set(code, { ...product, sku: code, updatedAt: now.toISOString() });
  }
}

/**
 * Builds the world for one run: a database already opened on a fresh file or scratch
 * PostgreSQL database, `pieceCount` pieces, three mocks listening on 127.0.0.1 and their
 * accounts. close() stops the mocks; the caller closes the database.
 */
export async function buildSyncWorld(handle: DatabaseHandle, pieceCount: number): Promise<SyncWorld> {
  await migrateToLatest(handle.db);
  const keys = keyringOf(randomBytes(32));
  const { userId, registerId, items } = await seedStock(handle, pieceCount);

  const rakuten = createRakutenMock({ serviceSecret: 's', licenseKey: 'k' });
  const yahoo = createYahooMock({ sellerId: 'jewel', accessToken: 'token', refreshToken: 'refresh' });
  const ownSite = createOwnSiteMock({ apiToken: 'own-site-token' });
  await rakuten.listen({ host: '127.0.0.1', port: 0 });
  await yahoo.listen({ host: '127.0.0.1', port: 0 });
  await ownSite.listen({ host: '127.0.0.1', port: 0 });
  const calls: Record<ChannelName, CallCounts> = { rakuten: emptyCounts(), yahoo: emptyCounts(), own_site: emptyCounts() };
  countRequests(rakuten.server, calls.rakuten, rakutenCall);
  countRequests(yahoo.server, calls.yahoo, yahooCall);
  countRequests(ownSite.server, calls.own_site, ownSiteCall);
  seedMocks(items, rakuten, yahoo, ownSite);

  const accounts = await handle.db.transaction().execute(async (trx) => {
    const rakutenAccount = await createChannelAccount(
      trx,
      keys,
      { kind: 'rakuten', name: '楽天', settings: { baseUrl: rakuten.url }, credentials: { serviceSecret: 's', licenseKey: 'k' } },
      userId,
    );
    const yahooAccount = await createChannelAccount(
      trx,
      keys,
      {
        kind: 'yahoo',
        name: 'Yahoo',
        settings: { baseUrl: yahoo.url(), sellerId: 'jewel' },
        // The order APIs need the public-key signature, as on the real service. The mock checks only its form.
        credentials: { clientId: 'mock-client-id', clientSecret: 'mock-client-secret', accessToken: 'token', refreshToken: 'refresh', publicKey: yahooPublicKey(), publicKeyVersion: '1' },
      },
      userId,
    );
    const ownSiteAccount = await createChannelAccount(
      trx,
      keys,
      { kind: 'own_site', name: '自社サイト', settings: { baseUrl: ownSite.url }, credentials: { apiToken: 'own-site-token', webhookSecret: 'own-site-webhook-secret' } },
      userId,
    );
    return { rakuten: rakutenAccount.id, yahoo: yahooAccount.id, own_site: ownSiteAccount.id };
  });

  const now = nowIso();
  const rows = CHANNELS.flatMap((channel) =>
    items.map((item) => ({
      item_id: item.id,
      channel_account_id: accounts[channel],
      state: 'live' as const,
      title: item.name,
      description: null,
      price: item.retail_price,
      price_basis: item.price_basis,
      category_id: channel === 'rakuten' ? RAKUTEN_GENRE_ID : null,
      photos_json: '[]',
      external_code: externalCodeOf(item.stock_number),
      last_error_code: null,
      last_error_json: null,
      published_at: now,
      withdrawn_at: null,
      withdrawn_by: null,
      created_by: userId,
      created_at: now,
      updated_at: now,
    })),
  );
  await handle.db.transaction().execute(async (trx) => {
    for (let start = 0; start < rows.length; start += LISTING_ROWS_PER_INSERT) {
      await trx
        .insertInto('channel_listings')
        .values(rows.slice(start, start + LISTING_ROWS_PER_INSERT))
        .execute();
    }
  });

  return {
    keys,
    userId,
    registerId,
    pieces: items.map((item) => ({ itemId: item.id, code: externalCodeOf(item.stock_number) })),
    accounts,
    rakuten,
    yahoo,
    ownSite,
    calls,
    async close() {
      await Promise.all([rakuten.close(), yahoo.close(), ownSite.close()]);
    },
  };
}
