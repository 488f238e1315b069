import type { Executor, Tx } from '../../db/database.js';
import { nowIso } from '../../db/database.js';
import type { Item, Location } from '../../db/schema.js';
import { businessDate } from '../../shared/time.js';
import { assertCanActAt, visibleItemIds, type LocationScope } from '../access/scope.js';
import type { ActorContext } from '../access/http.js';
import { findItemByStockNumber, normalizeItemCode } from '../items/service.js';
import { balancesOf, recordMovement } from '../ledger/service.js';
import { enqueueAvailabilityChanges } from '../outbox/service.js';
import { saleErrors } from '../sales/errors.js';
import { requireStockLocation } from '../stock-lines/service.js';
import { createWriteOff, WRITE_OFF_DOCUMENT } from '../write-offs/service.js';
import type { WriteOffOutput } from '../write-offs/schemas.js';
import { exhibitionErrors } from './errors.js';
import { loadExhibitionLines, storeSoldStates } from './reconciliation.js';
import type { BulkCarryOutInput, CarryOutInput, CheckInInput, ExhibitionLine, ResolveInput, ScanOutput } from './schemas.js';
import {
  advanceStatus,
  beforeOrOnFirstDay,
  EXHIBITION_DOCUMENT,
  getReconciliation,
  requireExhibitionForChange,
  statusParams,
  type ExhibitionRow,
} from './service.js';

// Scans of one exhibition: carry-out (持ち出し), removal from the list before the event,
// check-in (戻し), finishing check-in and resolving missing pieces. Each call handles one
// piece in the caller's transaction, and a scan that changes nothing returns a notice.

/** Finds the piece a scanned code names, as findItemByStockNumber matches it, and visible to the user. */
async function findPiece(db: Executor, code: string, scope: LocationScope): Promise<Item> {
  const item = await findItemByStockNumber(db, code);
  if (!item || !(await visibleItemIds(db, scope, [item.id])).has(item.id)) {
    throw saleErrors.item_code_not_found({ code: normalizeItemCode(code) }, { field: 'code' });
  }
  return item;
}

async function lineOf(db: Executor, exhibition: ExhibitionRow, itemId: number): Promise<ExhibitionLine | undefined> {
  return (await loadExhibitionLines(db, exhibition, itemId))[0];
}

/** Throws piece_not_at_location, naming where the piece is, unless `from` has it on hand. */
async function assertPieceAt(db: Executor, item: Item, from: Location): Promise<void> {
  const balances = await balancesOf(db, item.id);
  if (balances.some((balance) => balance.locationId === from.id)) return;

  const held = balances.map((balance) => balance.locationName).join(', ');
  throw exhibitionErrors.piece_not_at_location(
    { stockNumber: item.stock_number, from: from.name, atJa: held || '在庫なし', atEn: held || 'not in stock' },
    { field: 'code' },
  );
}

/** Loads the location a piece moves from or to, which may not be the exhibition's own. */
async function requireOtherLocation(db: Executor, exhibition: ExhibitionRow, id: number, field: string, scope: LocationScope): Promise<Location> {
  const location = await requireStockLocation(db, id, field);
  if (location.id === exhibition.location_id) throw exhibitionErrors.same_location({}, { field });
  assertCanActAt(scope, location, field);
  return location;
}

async function setKeepListedAway(trx: Tx, itemId: number, keep: boolean): Promise<void> {
  await trx.updateTable('items').set({ keep_listed_away: keep ? 1 : 0, updated_at: nowIso() }).where('id', '=', itemId).execute();
}

async function announce(trx: Tx, itemId: number, reason: string, exhibitionId: number): Promise<void> {
  await enqueueAvailabilityChanges(trx, [{ itemId, reason, documentType: EXHIBITION_DOCUMENT, documentId: exhibitionId }]);
}

async function carryOutOne(trx: Tx, exhibition: ExhibitionRow, from: Location, code: string, keepListed: boolean, ctx: ActorContext): Promise<ScanOutput> {
  const item = await findPiece(trx, code, ctx.scope);
  const listed = await lineOf(trx, exhibition, item.id);
  if (listed) return { result: 'already_listed', line: listed };

  // NOTE: the list contains one-of-a-kind pieces only, because its states (sold, missing) are per piece.
  if (item.tracking !== 'unique') throw exhibitionErrors.quantity_item_not_supported({ stockNumber: item.stock_number }, { field: 'code' });
  await assertPieceAt(trx, item, from);

  // With withdrawal off, every piece stays listed. With it on, only those the user keeps listed stay.
  const stayListed = exhibition.withdraw_from_channels === 1 ? keepListed : true;
  await recordMovement(trx, {
    itemId: item.id,
    kind: 'exhibition_carry_out',
    fromLocationId: from.id,
    toLocationId: exhibition.location_id,
    quantity: 1,
    costAmount: item.cost,
    documentType: EXHIBITION_DOCUMENT,
    documentId: exhibition.id,
    userId: ctx.userId,
  });
  await trx
    .insertInto('exhibition_items')
    .values({
      exhibition_id: exhibition.id,
      item_id: item.id,
      quantity: 1,
      from_location_id: from.id,
      keep_listed: stayListed ? 1 : 0,
      carried_out_at: nowIso(),
      carried_out_by: ctx.userId,
    })
    .execute();
  await setKeepListedAway(trx, item.id, stayListed);
  await announce(trx, item.id, 'exhibition_carry_out', exhibition.id);

  return { result: 'carried_out', line: (await lineOf(trx, exhibition, item.id))! };
}

async function requireCarryOut(trx: Tx, exhibitionId: number, fromLocationId: number, ctx: ActorContext) {
  const exhibition = await requireExhibitionForChange(trx, exhibitionId, ctx.scope);
  if (exhibition.status !== 'planned' && exhibition.status !== 'open') throw exhibitionErrors.carry_out_not_allowed(statusParams(exhibition));
  const from = await requireOtherLocation(trx, exhibition, fromLocationId, 'fromLocationId', ctx.scope);
  return { exhibition, from };
}

/**
 * Carries one scanned piece out to the exhibition: a movement from `fromLocationId` to the
 * exhibition's location, a line on the list, the channel choice on the item and an
 * availability event. A piece already on the list returns already_listed and moves nothing.
 */
export async function carryOut(trx: Tx, exhibitionId: number, input: CarryOutInput, ctx: ActorContext): Promise<ScanOutput> {
  const { exhibition, from } = await requireCarryOut(trx, exhibitionId, input.fromLocationId, ctx);
  const outcome = await carryOutOne(trx, exhibition, from, input.code, input.keepListed, ctx);
  await advanceStatus(trx, exhibition.id, ['planned'], 'open');
  return outcome;
}

/**
 * Carries out several scanned codes at once, all or nothing: the first code that fails
 * fails the request with its error, which names the row in details.field ("codes.3").
 */
export async function carryOutMany(trx: Tx, exhibitionId: number, input: BulkCarryOutInput, ctx: ActorContext) {
  const { exhibition, from } = await requireCarryOut(trx, exhibitionId, input.fromLocationId, ctx);
  const results: Array<ScanOutput & { code: string }> = [];
  for (const [index, code] of input.codes.entries()) {
    try {
      results.push({ code, ...(await carryOutOne(trx, exhibition, from, code, input.keepListed, ctx)) });
    } catch (error) {
      const details = (error as { details?: unknown }).details;
      if (details && typeof details === 'object' && 'field' in details) (details as { field: string }).field = `codes.${index}`;
      throw error;
    }
  }
  await advanceStatus(trx, exhibition.id, ['planned'], 'open');
  return { results };
}

/**
 * Takes a piece off the list and moves it back where it came from. Allowed up to and
 * including the exhibition's first day (business date in Japan) and before check-in starts.
 * Later a piece goes back by check-in, so that the reconciliation keeps it.
 */
export async function removeFromList(trx: Tx, exhibitionId: number, itemId: number, ctx: ActorContext): Promise<ScanOutput> {
  const exhibition = await requireExhibitionForChange(trx, exhibitionId, ctx.scope);
  const line = await lineOf(trx, exhibition, itemId);
  if (!line) {
    const item = await trx.selectFrom('items').select('stock_number').where('id', '=', itemId).executeTakeFirst();
    throw exhibitionErrors.item_not_on_list({ stockNumber: item?.stock_number ?? `ID ${itemId}`, name: exhibition.name });
  }
  const allowed = (exhibition.status === 'planned' || exhibition.status === 'open') && beforeOrOnFirstDay(exhibition, businessDate());
  if (!allowed) throw exhibitionErrors.removal_not_allowed({ stockNumber: line.stockNumber, startsOn: exhibition.starts_on });
  assertStillOut(line);

  await recordMovement(trx, {
    itemId,
    kind: 'exhibition_check_in',
    fromLocationId: exhibition.location_id,
    toLocationId: line.fromLocationId,
    quantity: 1,
    costAmount: (await trx.selectFrom('items').select('cost').where('id', '=', itemId).executeTakeFirstOrThrow()).cost,
    reason: 'removed_from_list',
    documentType: EXHIBITION_DOCUMENT,
    documentId: exhibition.id,
    userId: ctx.userId,
  });
  await trx.deleteFrom('exhibition_items').where('exhibition_id', '=', exhibition.id).where('item_id', '=', itemId).execute();
  await setKeepListedAway(trx, itemId, false);
  await announce(trx, itemId, 'exhibition_check_in', exhibition.id);
  return { result: 'removed', line };
}

/** Throws the error that explains why a listed piece cannot be moved back: sold, written off or gone. */
function assertStillOut(line: ExhibitionLine): void {
  if (line.state === 'out' || line.state === 'missing') return;
  if (line.state === 'sold') {
    throw exhibitionErrors.item_sold_at_exhibition({ stockNumber: line.stockNumber, document: line.soldBy?.number ?? '-' }, { field: 'code' });
  }
  if (line.state === 'written_off') throw exhibitionErrors.item_written_off_at_exhibition({ stockNumber: line.stockNumber }, { field: 'code' });
  throw exhibitionErrors.item_not_at_exhibition({ stockNumber: line.stockNumber }, { field: 'code' });
}

/**
 * Moves a listed piece from the exhibition to `to` and marks it returned. A missing piece
 * found later is resolved with `note` at the same time.
 */
async function returnPiece(trx: Tx, exhibition: ExhibitionRow, line: ExhibitionLine, to: Location, ctx: ActorContext, note?: string): Promise<void> {
  const item = await trx.selectFrom('items').select('cost').where('id', '=', line.itemId).executeTakeFirstOrThrow();
  await recordMovement(trx, {
    itemId: line.itemId,
    kind: 'exhibition_check_in',
    fromLocationId: exhibition.location_id,
    toLocationId: to.id,
    quantity: 1,
    costAmount: item.cost,
    documentType: EXHIBITION_DOCUMENT,
    documentId: exhibition.id,
    userId: ctx.userId,
  });

  const now = nowIso();
  const resolved = line.state === 'missing' ? { resolved_at: now, resolved_by: ctx.userId, resolution_note: note ?? null } : {};
  await trx
    .updateTable('exhibition_items')
    .set({ state: 'returned', checked_in_at: now, checked_in_by: ctx.userId, returned_to_location_id: to.id, ...resolved })
    .where('exhibition_id', '=', exhibition.id)
    .where('item_id', '=', line.itemId)
    .execute();
  await setKeepListedAway(trx, line.itemId, false);
  await announce(trx, line.itemId, 'exhibition_check_in', exhibition.id);
}

function assertCheckInOpen(exhibition: ExhibitionRow): void {
  if (exhibition.status !== 'open' && exhibition.status !== 'checking_in') throw exhibitionErrors.check_in_not_allowed(statusParams(exhibition));
}

/**
 * Checks one scanned piece back in, to `toLocationId` or the home location. A piece already
 * checked in returns already_checked_in. A piece not on the list, sold or written off is
 * rejected with a message naming the reason. Scanning a missing piece resolves it as found.
 */
export async function checkIn(trx: Tx, exhibitionId: number, input: CheckInInput, ctx: ActorContext): Promise<ScanOutput> {
  const exhibition = await requireExhibitionForChange(trx, exhibitionId, ctx.scope);
  assertCheckInOpen(exhibition);
  const to = await requireOtherLocation(trx, exhibition, input.toLocationId ?? exhibition.home_location_id, 'toLocationId', ctx.scope);
  const item = await findPiece(trx, input.code, ctx.scope);
  const line = await lineOf(trx, exhibition, item.id);
  if (!line) throw exhibitionErrors.item_not_on_list({ stockNumber: item.stock_number, name: exhibition.name }, { field: 'code' });

  const stored = await trx.selectFrom('exhibition_items').select('state').where('exhibition_id', '=', exhibition.id).where('item_id', '=', item.id).executeTakeFirstOrThrow();
  if (line.state === 'returned' && stored.state === 'returned') return { result: 'already_checked_in', line };
  assertStillOut(line);

  await returnPiece(trx, exhibition, line, to, ctx);
  await advanceStatus(trx, exhibition.id, ['open'], 'checking_in');
  return { result: 'checked_in', line: (await lineOf(trx, exhibition, item.id))! };
}

/**
 * Ends the check-in: every piece still at the exhibition becomes missing, and pieces sold
 * meanwhile are stored as sold. Running it again marks only pieces that are still out.
 */
export async function finishCheckIn(trx: Tx, exhibitionId: number, ctx: ActorContext) {
  const exhibition = await requireExhibitionForChange(trx, exhibitionId, ctx.scope);
  assertCheckInOpen(exhibition);
  const lines = await loadExhibitionLines(trx, exhibition);

  const stillOut = lines.filter((line) => line.state === 'out').map((line) => line.itemId);
  if (stillOut.length > 0) {
    await trx
      .updateTable('exhibition_items')
      .set({ state: 'missing' })
      .where('exhibition_id', '=', exhibition.id)
      .where('item_id', 'in', stillOut)
      .where('state', '=', 'out')
      .execute();
  }
  await storeSoldStates(trx, exhibition.id, lines);
  await advanceStatus(trx, exhibition.id, ['open'], 'checking_in');
  return { markedMissing: stillOut, reconciliation: await getReconciliation(trx, exhibition.id, ctx.scope) };
}

/**
 * Resolves a missing piece: found (checked in late, to `toLocationId` or the home location)
 * or written off at the exhibition's location as lost or stolen through the write-offs
 * module. `canWriteOff` is true when the user holds the write-off permission.
 */
export async function resolveMissing(
  trx: Tx,
  exhibitionId: number,
  itemId: number,
  input: ResolveInput,
  ctx: ActorContext & { canWriteOff: boolean },
): Promise<{ line: ExhibitionLine; writeOff: WriteOffOutput | null }> {
  const exhibition = await requireExhibitionForChange(trx, exhibitionId, ctx.scope);
  const line = await lineOf(trx, exhibition, itemId);
  if (!line) {
    const item = await trx.selectFrom('items').select('stock_number').where('id', '=', itemId).executeTakeFirst();
    throw exhibitionErrors.item_not_on_list({ stockNumber: item?.stock_number ?? `ID ${itemId}`, name: exhibition.name });
  }
  if (line.state !== 'missing') {
    assertStillOut(line);
    throw exhibitionErrors.item_not_missing({ stockNumber: line.stockNumber });
  }

  if (input.resolution === 'found') {
    const to = await requireOtherLocation(trx, exhibition, input.toLocationId ?? exhibition.home_location_id, 'toLocationId', ctx.scope);
    await returnPiece(trx, exhibition, line, to, ctx, input.note);
    return { line: (await lineOf(trx, exhibition, itemId))!, writeOff: null };
  }

  if (!ctx.canWriteOff) throw exhibitionErrors.write_off_permission_required({});
  const writeOff = await createWriteOff(
    trx,
    {
      locationId: exhibition.location_id,
      reason: input.writeOffReason!,
      note: `${exhibition.name}: ${input.note}`,
      writtenOffOn: businessDate(),
      lines: [{ itemId, quantity: 1 }],
    },
    ctx,
  );
  const now = nowIso();
  await trx
    .updateTable('exhibition_items')
    .set({ state: 'written_off', resolved_at: now, resolved_by: ctx.userId, resolution_note: input.note })
    .where('exhibition_id', '=', exhibition.id)
    .where('item_id', '=', itemId)
    .execute();
  await setKeepListedAway(trx, itemId, false);
  await enqueueAvailabilityChanges(trx, [{ itemId, reason: 'write_off', documentType: WRITE_OFF_DOCUMENT, documentId: writeOff.id }]);
  return { line: (await lineOf(trx, exhibition, itemId))!, writeOff };
}
