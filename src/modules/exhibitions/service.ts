import type { Executor, Tx } from '../../db/database.js';
import { nowIso } from '../../db/database.js';
import type { Location } from '../../db/schema.js';
import { databaseKindOf } from '../../db/dialect.js';
import { assertCanActAt, canActAt, scopedLocationIds, type LocationScope } from '../access/scope.js';
import type { ActorContext } from '../access/http.js';
import { createLocation, getLocation, toLocationOutput, updateLocation } from '../locations/service.js';
import { requireStockLocation, fetchPage } from '../stock-lines/service.js';
import { exhibitionErrors, statusLabel } from './errors.js';
import { countOpenOfflineConflicts, loadExhibitionLines, storeSoldStates, totalsByState } from './reconciliation.js';
import type { ExhibitionInput, ExhibitionListQuery, ExhibitionOutput, ExhibitionSummary, ReconciliationOutput } from './schemas.js';

// Exhibitions (展示会): a temporary location of kind 'exhibition' with dates and staff. The
// exhibition row holds what the location cannot: the home location, the channel choice and
// the status planned -> open (first carry-out) -> checking_in (first check-in or finish)
// -> closed.

/** Document type of the carry-out and check-in movements, whose document id is the exhibition's id. */
export const EXHIBITION_DOCUMENT = 'exhibition';

export type ExhibitionRow = Awaited<ReturnType<ReturnType<typeof summaryQuery>['executeTakeFirstOrThrow']>>;

function summaryQuery(db: Executor) {
  return db
    .selectFrom('exhibitions')
    .innerJoin('locations', 'locations.id', 'exhibitions.location_id')
    .innerJoin('locations as home', 'home.id', 'exhibitions.home_location_id')
    .select((eb) => [
      'exhibitions.id',
      'exhibitions.name',
      'exhibitions.venue',
      'exhibitions.starts_on',
      'exhibitions.ends_on',
      'exhibitions.status',
      'exhibitions.location_id',
      'exhibitions.home_location_id',
      'exhibitions.withdraw_from_channels',
      'exhibitions.note',
      'exhibitions.created_at',
      'exhibitions.closed_at',
      'locations.code as location_code',
      'locations.name as location_name',
      'home.name as home_location_name',
      eb
        .selectFrom('exhibition_items')
        .select((inner) => inner.fn.countAll<number>().as('count'))
        .whereRef('exhibition_items.exhibition_id', '=', 'exhibitions.id')
        .as('item_count'),
    ]);
}

function toSummary(row: ExhibitionRow): ExhibitionSummary {
  return {
    id: row.id,
    name: row.name,
    venue: row.venue,
    startsOn: row.starts_on,
    endsOn: row.ends_on,
    status: row.status,
    locationId: row.location_id,
    locationCode: row.location_code,
    homeLocationId: row.home_location_id,
    homeLocationName: row.home_location_name,
    withdrawFromChannels: row.withdraw_from_channels === 1,
    itemCount: Number(row.item_count ?? 0),
    note: row.note,
    createdAt: row.created_at,
    closedAt: row.closed_at,
  };
}

function isVisible(scope: LocationScope, row: Pick<ExhibitionRow, 'location_id' | 'home_location_id'>): boolean {
  return canActAt(scope, row.location_id) || canActAt(scope, row.home_location_id);
}

/**
 * Loads an exhibition the user may see: they may act at its location or at its home
 * location. Others get exhibition_not_found, like documents of other locations.
 */
export async function requireExhibition(db: Executor, id: number, scope: LocationScope): Promise<ExhibitionRow> {
  const row = await summaryQuery(db).where('exhibitions.id', '=', id).executeTakeFirst();
  if (!row || !isVisible(scope, row)) throw exhibitionErrors.exhibition_not_found({ id });
  return row;
}

/**
 * Loads an exhibition for a change: the user must be able to act at its location, and it
 * must not be closed. On PostgreSQL the row is locked, so that two scans of one exhibition
 * (a status change, a check against the list) run one after the other.
 */
export async function requireExhibitionForChange(trx: Tx, id: number, scope: LocationScope): Promise<ExhibitionRow> {
  if (databaseKindOf(trx) === 'postgres') {
    await trx.selectFrom('exhibitions').select('id').where('id', '=', id).forUpdate().execute();
  }
  const row = await requireExhibition(trx, id, scope);
  assertCanActAt(scope, { id: row.location_id, name: row.location_name });
  if (row.status === 'closed') throw exhibitionErrors.exhibition_closed({ name: row.name });
  return row;
}

/** Moves the status forward from one of `from`, so a later status is never set back. */
export async function advanceStatus(trx: Tx, exhibitionId: number, from: readonly ExhibitionRow['status'][], to: ExhibitionRow['status']): Promise<void> {
  await trx.updateTable('exhibitions').set({ status: to, updated_at: nowIso() }).where('id', '=', exhibitionId).where('status', 'in', [...from]).execute();
}

/**
 * Picks the next free location code of the month the exhibition starts in, "EX-202612-3".
 * NOTE: two exhibitions created at the same moment on PostgreSQL can pick the same code. The
 * second then fails with already_exists and succeeds when sent again.
 */
async function nextLocationCode(trx: Tx, startsOn: string): Promise<string> {
  const prefix = `EX-${startsOn.slice(0, 4)}${startsOn.slice(5, 7)}-`;
  const taken = await trx.selectFrom('locations').select('code').where('code', 'like', `${prefix}%`).execute();
  const used = new Set(taken.map((row) => row.code));
  let number = taken.length + 1;
  while (used.has(`${prefix}${number}`)) number += 1;
  return `${prefix}${number}`;
}

async function assertHomeLocation(trx: Tx, id: number, scope: LocationScope): Promise<Location> {
  const home = await requireStockLocation(trx, id, 'homeLocationId');
  if (home.kind === 'exhibition') throw exhibitionErrors.same_location({}, { field: 'homeLocationId' });
  assertCanActAt(scope, home, 'homeLocationId');
  return home;
}

/**
 * Stores the staff list and lets staff limited to some locations act at the exhibition's
 * location, so they can sell and scan there. Grants of staff taken off the list are removed.
 */
async function replaceStaff(trx: Tx, exhibitionId: number, locationId: number, userIds: readonly number[]): Promise<void> {
  const ids = [...new Set(userIds)];
  const users =
    ids.length === 0
      ? []
      : await trx.selectFrom('users').select(['id', 'is_active', 'is_owner', 'role_code', 'all_locations']).where('id', 'in', ids).execute();
  const byId = new Map(users.map((user) => [user.id, user]));
  for (const [index, id] of ids.entries()) {
    if (byId.get(id)?.is_active !== 1) throw exhibitionErrors.staff_not_found({ id }, { field: `staffUserIds.${index}` });
  }

  const previous = await trx.selectFrom('exhibition_staff').select('user_id').where('exhibition_id', '=', exhibitionId).execute();
  const dropped = previous.map((row) => row.user_id).filter((id) => !ids.includes(id));
  if (dropped.length > 0) {
    await trx.deleteFrom('exhibition_staff').where('exhibition_id', '=', exhibitionId).where('user_id', 'in', dropped).execute();
    await trx.deleteFrom('user_locations').where('location_id', '=', locationId).where('user_id', 'in', dropped).execute();
  }

  const added = ids.filter((id) => !previous.some((row) => row.user_id === id));
  if (added.length === 0) return;
  await trx.insertInto('exhibition_staff').values(added.map((userId) => ({ exhibition_id: exhibitionId, user_id: userId }))).execute();
  const limited = added.filter((id) => {
    const user = byId.get(id)!;
    return user.all_locations !== 1 && user.is_owner !== 1 && user.role_code !== 'owner';
  });
  if (limited.length === 0) return;
  await trx
    .insertInto('user_locations')
    .values(limited.map((userId) => ({ user_id: userId, location_id: locationId })))
    .onConflict((oc) => oc.columns(['user_id', 'location_id']).doNothing())
    .execute();
}

function toColumns(input: ExhibitionInput) {
  return {
    name: input.name,
    venue: input.venue ?? null,
    starts_on: input.startsOn,
    ends_on: input.endsOn,
    home_location_id: input.homeLocationId,
    withdraw_from_channels: input.withdrawFromChannels ? 1 : 0,
    note: input.note ?? null,
  };
}

/**
 * Creates an exhibition with its own location (kind 'exhibition', with the dates) and that
 * location's first register, so the counter screen can sell there at once.
 */
export async function createExhibition(trx: Tx, input: ExhibitionInput, ctx: ActorContext): Promise<ExhibitionOutput> {
  await assertHomeLocation(trx, input.homeLocationId, ctx.scope);

  const location = await createLocation(trx, {
    code: await nextLocationCode(trx, input.startsOn),
    name: input.name,
    kind: 'exhibition',
    address: input.venue ?? null,
    startsOn: input.startsOn,
    endsOn: input.endsOn,
  });

  const now = nowIso();
  const row = await trx
    .insertInto('exhibitions')
    .values({
      location_id: location.id,
      ...toColumns(input),
      created_by: ctx.userId,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();

  // A creator limited to some locations stays able to work on what they created.
  const staff = ctx.scope.all ? input.staffUserIds : [...input.staffUserIds, ctx.userId];
  await replaceStaff(trx, row.id, location.id, staff);
  return getExhibition(trx, row.id, ctx.scope.all ? ctx.scope : { ...ctx.scope, locationIds: [...ctx.scope.locationIds, location.id] });
}

/**
 * Edits an exhibition that is not closed. The location takes the new name, venue and dates.
 * A changed withdrawFromChannels applies to pieces carried out from then on.
 */
export async function updateExhibition(trx: Tx, id: number, input: ExhibitionInput, ctx: ActorContext): Promise<ExhibitionOutput> {
  const row = await requireExhibitionForChange(trx, id, ctx.scope);
  await assertHomeLocation(trx, input.homeLocationId, ctx.scope);

  const location = await getLocation(trx, row.location_id);
  await updateLocation(trx, location.id, {
    ...toLocationOutput(location),
    kind: 'exhibition',
    name: input.name,
    address: input.venue ?? null,
    startsOn: input.startsOn,
    endsOn: input.endsOn,
  });
  await trx
    .updateTable('exhibitions')
    .set({
      ...toColumns(input),
      updated_at: nowIso(),
    })
    .where('id', '=', id)
    .execute();
  await replaceStaff(trx, id, row.location_id, input.staffUserIds);
  return getExhibition(trx, id, ctx.scope);
}

export async function getExhibition(db: Executor, id: number, scope: LocationScope): Promise<ExhibitionOutput> {
  const row = await requireExhibition(db, id, scope);
  const staff = await db
    .selectFrom('exhibition_staff')
    .innerJoin('users', 'users.id', 'exhibition_staff.user_id')
    .select(['users.id', 'users.display_name'])
    .where('exhibition_staff.exhibition_id', '=', id)
    .orderBy('users.display_name')
    .execute();
  const registers = await db
    .selectFrom('registers')
    .select(['id', 'code', 'name'])
    .where('location_id', '=', row.location_id)
    .where('is_active', '=', 1)
    .orderBy('code')
    .execute();
  return {
    ...toSummary(row),
    staff: staff.map((user) => ({ userId: user.id, displayName: user.display_name })),
    registers,
  };
}

/** Lists exhibitions the user may see, the latest start date first. */
export async function listExhibitions(db: Executor, query: ExhibitionListQuery, scope: LocationScope) {
  let filtered = summaryQuery(db);
  if (!scope.all) {
    const own = scopedLocationIds(scope);
    filtered = filtered.where((eb) => eb.or([eb('exhibitions.location_id', 'in', own), eb('exhibitions.home_location_id', 'in', own)]));
  }
  if (query.status) filtered = filtered.where('exhibitions.status', '=', query.status);

  const { rows, ...page } = await fetchPage(filtered.orderBy('exhibitions.starts_on', 'desc').orderBy('exhibitions.id', 'desc'), query);
  return { exhibitions: rows.map(toSummary), ...page };
}

/** The carry-out list with each piece's state derived from the ledger, and totals per state. */
export async function getReconciliation(db: Executor, id: number, scope: LocationScope): Promise<ReconciliationOutput> {
  const row = await requireExhibition(db, id, scope);
  const lines = await loadExhibitionLines(db, row);
  return {
    exhibitionId: row.id,
    status: row.status,
    lines,
    totals: totalsByState(lines),
    openOfflineConflicts: await countOpenOfflineConflicts(db, row.location_id),
  };
}

/** Lists what keeps an exhibition open, in both languages, or nothing when it can close. */
function closeBlockers(reconciliation: ReconciliationOutput): { ja: string[]; en: string[] } {
  const named = (state: 'out' | 'missing') =>
    reconciliation.lines
      .filter((line) => line.state === state)
      .slice(0, 10)
      .map((line) => line.stockNumber)
      .join(', ') + (reconciliation.totals[state].count > 10 ? ', …' : '');
  const blockers = { ja: [] as string[], en: [] as string[] };

  const { out, missing } = reconciliation.totals;
  if (out.count > 0) {
    blockers.ja.push(`未戻しの商品 ${out.count} 点（${named('out')}）`);
    blockers.en.push(`${out.count} piece(s) still out (${named('out')})`);
  }
  if (missing.count > 0) {
    blockers.ja.push(`未処理の不明品 ${missing.count} 点（${named('missing')}）`);
    blockers.en.push(`${missing.count} missing piece(s) not resolved (${named('missing')})`);
  }
  if (reconciliation.openOfflineConflicts > 0) {
    blockers.ja.push(`未解決のオフライン販売の競合 ${reconciliation.openOfflineConflicts} 件`);
    blockers.en.push(`${reconciliation.openOfflineConflicts} unresolved offline sale conflict(s)`);
  }
  return blockers;
}

/**
 * Closes an exhibition once nothing is out or missing and no offline sale at its registers
 * is in conflict. Its location and registers are deactivated, so nothing moves or sells
 * there any more. Returns the exhibition before and after.
 */
export async function closeExhibition(trx: Tx, id: number, ctx: ActorContext): Promise<{ before: ExhibitionOutput; after: ExhibitionOutput }> {
  const row = await requireExhibitionForChange(trx, id, ctx.scope);
  const before = await getExhibition(trx, id, ctx.scope);
  const reconciliation = await getReconciliation(trx, id, ctx.scope);
  const blockers = closeBlockers(reconciliation);
  if (blockers.ja.length > 0) {
    throw exhibitionErrors.close_blocked(
      { name: row.name, blockersJa: blockers.ja.join('、'), blockersEn: blockers.en.join('; ') },
      {
        out: reconciliation.lines.filter((line) => line.state === 'out').map((line) => line.stockNumber),
        missing: reconciliation.lines.filter((line) => line.state === 'missing').map((line) => line.stockNumber),
        openOfflineConflicts: reconciliation.openOfflineConflicts,
      },
    );
  }

  await storeSoldStates(trx, id, reconciliation.lines);
  const now = nowIso();
  await trx.updateTable('exhibitions').set({ status: 'closed', closed_at: now, closed_by: ctx.userId, updated_at: now }).where('id', '=', id).execute();
  const location = await getLocation(trx, row.location_id);
  await updateLocation(trx, location.id, { ...toLocationOutput(location), kind: 'exhibition', isActive: false });
  // The registers belong to the sales module. They are switched off here so that the
  // counter screen no longer offers them.
  await trx.updateTable('registers').set({ is_active: 0 }).where('location_id', '=', row.location_id).execute();

  return { before, after: await getExhibition(trx, id, ctx.scope) };
}

/** Status label parameters for the status errors. */
export function statusParams(row: Pick<ExhibitionRow, 'name' | 'status'>) {
  return { name: row.name, ...statusLabel(row.status) };
}

/** Whether the business date `today` is on or before the exhibition's first day. */
export function beforeOrOnFirstDay(row: Pick<ExhibitionRow, 'starts_on'>, today: string): boolean {
  return today <= row.starts_on;
}
