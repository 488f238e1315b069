import type { Executor, Tx } from '../../../db/database.js';
import { nowIso } from '../../../db/database.js';
import type { ListingState } from '../../../db/schema.js';
import { isDomainError, type Locale } from '../../../shared/errors.js';
import { channelLane, enqueueEvents } from '../../outbox/service.js';
import { listingErrors } from './errors.js';
import type { ListingDraftsInput, ListingOutput, ListingUpdate } from './schemas.js';

// Listings: drafts made from items, then published or withdrawn by the channel runner.
// Publishing and withdrawing here only change the state and write an outbox event in the
// same transaction; the runner makes the channel call and moves the state on.

export const LISTING_PUBLISH = 'listing.publish';
export const LISTING_WITHDRAW = 'listing.withdraw';

const STATE_LABELS: Record<ListingState, { ja: string; en: string }> = {
  draft: { ja: '下書き', en: 'a draft' },
  publishing: { ja: '出品中（処理中）', en: 'being published' },
  live: { ja: '出品中', en: 'live' },
  withdrawing: { ja: '取り下げ中（処理中）', en: 'being withdrawn' },
  withdrawn: { ja: '取り下げ済み', en: 'withdrawn' },
  error: { ja: 'エラー', en: 'in error' },
};

/** States each action may start from. */
const PUBLISHABLE: readonly ListingState[] = ['draft', 'withdrawn', 'error', 'live'];
const WITHDRAWABLE: readonly ListingState[] = ['live', 'publishing', 'error'];

/**
 * The channel key of a piece: its stock number in lower case, with characters other than
 * a-z, 0-9, "-" and "_" replaced by "-". Rakuten's manageNumber takes only those characters
 * and lower-cases what it gets, and the other channels accept them too.
 */
export function externalCodeOf(stockNumber: string): string {
  return stockNumber
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^a-z0-9_-]/g, '-');
}

function lastErrorOf(json: string): { ja: string; en: string } {
  const parsed = JSON.parse(json) as { ja?: string; en?: string };
  return { ja: parsed.ja ?? '', en: parsed.en ?? '' };
}

function listingQuery(db: Executor) {
  return db
    .selectFrom('channel_listings')
    .innerJoin('items', 'items.id', 'channel_listings.item_id')
    .innerJoin('channel_accounts', 'channel_accounts.id', 'channel_listings.channel_account_id')
    .leftJoin('consigned_items', 'consigned_items.item_id', 'channel_listings.item_id')
    .leftJoin('consignors', 'consignors.id', 'consigned_items.consignor_id')
    .selectAll('channel_listings')
    .select(['items.stock_number', 'channel_accounts.kind as channel_kind', 'channel_accounts.name as channel_name', 'consignors.name as consignor_name']);
}

type Row = Awaited<ReturnType<ReturnType<typeof listingQuery>['executeTakeFirstOrThrow']>>;

function toOutput(row: Row): ListingOutput {
  return {
    id: row.id,
    itemId: row.item_id,
    stockNumber: row.stock_number,
    consignorName: row.consignor_name,
    channelAccountId: row.channel_account_id,
    channelKind: row.channel_kind,
    channelAccountName: row.channel_name,
    state: row.state,
    title: row.title,
    description: row.description,
    price: row.price,
    priceBasis: row.price_basis,
    categoryId: row.category_id,
    photos: JSON.parse(row.photos_json) as string[],
    externalCode: row.external_code,
    lastErrorCode: row.last_error_code,
    lastError: row.last_error_json ? lastErrorOf(row.last_error_json) : null,
    publishedAt: row.published_at,
    withdrawnAt: row.withdrawn_at,
    updatedAt: row.updated_at,
  };
}

export async function listListings(db: Executor, filter: { itemId?: number; channelAccountId?: number; state?: ListingState }): Promise<ListingOutput[]> {
  let query = listingQuery(db).orderBy('channel_listings.item_id').orderBy('channel_listings.channel_account_id');
  if (filter.itemId) query = query.where('channel_listings.item_id', '=', filter.itemId);
  if (filter.channelAccountId) query = query.where('channel_listings.channel_account_id', '=', filter.channelAccountId);
  if (filter.state) query = query.where('channel_listings.state', '=', filter.state);
  return (await query.limit(5000).execute()).map(toOutput);
}

export async function getListing(db: Executor, id: number): Promise<ListingOutput> {
  const row = await listingQuery(db).where('channel_listings.id', '=', id).executeTakeFirst();
  if (!row) throw listingErrors.listing_not_found({ id });
  return toOutput(row);
}

/**
 * Makes draft listings of items on channel accounts, with the item's name, description and
 * retail price (on its price basis) as the first channel text. A piece already listed on an
 * account keeps its listing; the drafts made are returned.
 */
export async function createDrafts(trx: Tx, input: ListingDraftsInput, userId: number | null): Promise<ListingOutput[]> {
  const items = await trx.selectFrom('items').select(['id', 'stock_number', 'name', 'description', 'retail_price', 'price_basis']).where('id', 'in', input.itemIds).execute();
  const accounts = await trx.selectFrom('channel_accounts').select('id').where('id', 'in', input.channelAccountIds).execute();
  const missingItem = input.itemIds.find((id) => !items.some((item) => item.id === id));
  if (missingItem !== undefined) throw listingErrors.listing_not_found({ id: missingItem });
  const existing = await trx
    .selectFrom('channel_listings')
    .select(['item_id', 'channel_account_id'])
    .where('item_id', 'in', input.itemIds)
    .where('channel_account_id', 'in', input.channelAccountIds)
    .execute();
  const taken = new Set(existing.map((row) => `${row.item_id}:${row.channel_account_id}`));

  const now = nowIso();
  const values = accounts.flatMap((account) =>
    items
      .filter((item) => !taken.has(`${item.id}:${account.id}`))
      .map((item) => ({
        item_id: item.id,
        channel_account_id: account.id,
        state: 'draft' as const,
        title: item.name,
        description: item.description,
        price: item.retail_price,
        price_basis: item.price_basis,
        category_id: null,
        external_code: externalCodeOf(item.stock_number),
        created_by: userId,
        created_at: now,
        updated_at: now,
      })),
  );
  if (values.length === 0) return [];
  const ids = (await trx.insertInto('channel_listings').values(values).returning('id').execute()).map((row) => row.id);
  return (await listingQuery(trx).where('channel_listings.id', 'in', ids).orderBy('channel_listings.id').execute()).map(toOutput);
}

/** Changes what a listing shows. Refused while the runner is publishing or withdrawing it. */
export async function updateListing(trx: Tx, id: number, input: ListingUpdate): Promise<{ before: ListingOutput; after: ListingOutput }> {
  const before = await getListing(trx, id);
  if (before.state === 'publishing' || before.state === 'withdrawing') {
    throw listingErrors.listing_busy({ stockNumber: before.stockNumber, channel: before.channelAccountName });
  }
  await trx
    .updateTable('channel_listings')
    .set({
      title: input.title,
      description: input.description ?? null,
      price: input.price,
      price_basis: input.priceBasis,
      category_id: input.categoryId ?? null,
      photos_json: JSON.stringify(input.photos),
      updated_at: nowIso(),
    })
    .where('id', '=', id)
    .execute();
  return { before, after: await getListing(trx, id) };
}

/**
 * Moves listings to `target` and writes one outbox event each for the runner, in the
 * caller's transaction. A listing whose state does not allow the action is skipped with
 * the reason, so a bulk action over a mixed selection does what it can.
 */
async function moveListings(
  trx: Tx,
  listingIds: readonly number[],
  allowedFrom: readonly ListingState[],
  target: ListingState,
  topic: string,
  locale: Locale,
): Promise<{ changed: ListingOutput[]; skipped: Array<{ listingId: number; code: string; message: string }> }> {
  const changed: ListingOutput[] = [];
  const skipped: Array<{ listingId: number; code: string; message: string }> = [];
  for (const listingId of listingIds) {
    try {
      const listing = await getListing(trx, listingId);
      if (!allowedFrom.includes(listing.state)) {
        const label = STATE_LABELS[listing.state];
        throw listingErrors.listing_state_wrong({ stockNumber: listing.stockNumber, channel: listing.channelAccountName, stateJa: label.ja, stateEn: label.en });
      }
      // The state in the WHERE makes the move atomic against a runner changing it meanwhile.
      const moved = await trx
        .updateTable('channel_listings')
        .set({ state: target, updated_at: nowIso(), withdrawn_by: target === 'withdrawing' ? 'user' : null })
        .where('id', '=', listingId)
        .where('state', '=', listing.state)
        .executeTakeFirst();
      if (Number(moved.numUpdatedRows) !== 1) throw listingErrors.listing_busy({ stockNumber: listing.stockNumber, channel: listing.channelAccountName });
      await enqueueEvents(trx, [{ topic, lane: channelLane(listing.channelAccountId), aggregateType: 'listing', aggregateId: listingId, payload: { listingId, itemId: listing.itemId, channelAccountId: listing.channelAccountId } }]);
      changed.push(await getListing(trx, listingId));
    } catch (error) {
      if (!isDomainError(error)) throw error;
      skipped.push({ listingId, code: error.code, message: error.messageIn(locale) });
    }
  }
  return { changed, skipped };
}

export function publishListings(trx: Tx, listingIds: readonly number[], locale: Locale) {
  return moveListings(trx, listingIds, PUBLISHABLE, 'publishing', LISTING_PUBLISH, locale);
}

export function withdrawListings(trx: Tx, listingIds: readonly number[], locale: Locale) {
  return moveListings(trx, listingIds, WITHDRAWABLE, 'withdrawing', LISTING_WITHDRAW, locale);
}
