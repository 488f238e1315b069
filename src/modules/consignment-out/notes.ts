import { addDays, format, parseISO } from 'date-fns';
import type { Executor, Tx } from '../../db/database.js';
import { nowIso } from '../../db/database.js';
import type { Item, Location } from '../../db/schema.js';
import type { DomainError } from '../../shared/errors.js';
import { assertCanActAt } from '../access/scope.js';
import { recordMovement } from '../ledger/service.js';
import { enqueueAvailabilityChanges } from '../outbox/service.js';
import { nextDocumentNumber } from '../sequences/service.js';
import { fetchPage, requireStockLocation, type StockContext } from '../stock-lines/service.js';
import { getAgreementRow, getConsigneeRow } from './consignees.js';
import { consignmentOutErrors } from './errors.js';
import { isPieceProblem, lineErrorsError, loadPieces, pieceProblemError, type LineError, type PieceProblem } from './pieces.js';
import type { DocumentListQuery, NoteInput, NoteOutput, NoteSummary } from './schemas.js';

export const NOTE_DOCUMENT = 'consignment_out_note';

/** Adds whole days to a 'YYYY-MM-DD' business date. */
export function addBusinessDays(date: string, days: number): string {
  return format(addDays(parseISO(date), days), 'yyyy-MM-dd');
}

/**
 * Loads the from location of a delivery note: an active store or warehouse the user may act
 * at. A partner or exhibition location holds pieces that are already away from us.
 */
export async function requireSendingLocation(db: Executor, id: number, ctx: Pick<StockContext, 'scope'>): Promise<Location> {
  const from = await requireStockLocation(db, id, 'fromLocationId');
  if (from.kind !== 'store' && from.kind !== 'warehouse') {
    throw consignmentOutErrors.location_not_for_sending({ location: from.name }, { field: 'fromLocationId' });
  }
  assertCanActAt(ctx.scope, from, 'fromLocationId');
  return from;
}

/** Ids of the pieces with one unreserved unit at the location. */
async function freePieceIds(db: Executor, pieces: ReadonlyArray<Item | PieceProblem>, locationId: number): Promise<Set<number>> {
  const ids = pieces.flatMap((piece) => (isPieceProblem(piece) ? [] : [piece.id]));
  if (ids.length === 0) return new Set();
  const rows = await db
    .selectFrom('stock_balances')
    .select('item_id')
    .where('location_id', '=', locationId)
    .where('item_id', 'in', ids)
    .where((eb) => eb('quantity', '>', eb.ref('reserved_quantity')))
    .execute();
  return new Set(rows.map((row) => row.item_id));
}

/**
 * Returns why a piece cannot go on a delivery note from the location, or null when it can:
 * it must be ours, one of a kind, in stock and free at the location.
 */
function sendProblem(piece: Item, from: Location, freeIds: ReadonlySet<number>, details: unknown): DomainError | null {
  const stockNumber = piece.stock_number;
  if (piece.ownership !== 'own') return consignmentOutErrors.item_not_own({ stockNumber }, details);
  if (piece.tracking !== 'unique') return consignmentOutErrors.item_not_unique({ stockNumber }, details);
  if (piece.status !== 'in_stock') return consignmentOutErrors.item_not_in_stock({ stockNumber, status: piece.status }, details);
  if (!freeIds.has(piece.id)) return consignmentOutErrors.piece_not_at_location({ stockNumber, location: from.name }, details);
  return null;
}

/**
 * Checks one piece scanned onto the sending screen, so a piece that cannot be sent is
 * rejected when it is added instead of when the note is submitted. Throws the reason.
 */
export async function checkSendablePiece(db: Executor, itemId: number, fromLocationId: number, ctx: Pick<StockContext, 'scope'>): Promise<void> {
  const from = await requireSendingLocation(db, fromLocationId, ctx);
  const [piece] = await loadPieces(db, [{ itemId }]);
  if (isPieceProblem(piece!)) throw pieceProblemError(piece, { field: 'itemId' });
  const problem = sendProblem(piece!, from, await freePieceIds(db, [piece!], from.id), { field: 'itemId' });
  if (problem) throw problem;
}

/**
 * Sends our own pieces to a consignee on a delivery note (委託伝票). Each piece moves from
 * the from location to the consignee's partner location with a 'consignment_out_send'
 * movement at its unchanged book cost, so it stays in our inventory value. An availability
 * event asks the channels to withdraw it, unless keepListed keeps it listed while away. All or
 * nothing: a piece that is not ours, not in stock or not free at the from location fails
 * the whole note, and every bad line is named (lineErrorsError).
 */
export async function sendOnConsignment(trx: Tx, input: NoteInput, ctx: StockContext): Promise<NoteOutput> {
  const consignee = await getConsigneeRow(trx, input.consigneeId, 'consigneeId');
  if (consignee.is_active !== 1) throw consignmentOutErrors.consignee_inactive({ name: consignee.name }, { field: 'consigneeId' });
  const agreement = await getAgreementRow(trx, input.agreementId, 'agreementId');
  if (agreement.consignee_id !== consignee.id || agreement.status !== 'active' || agreement.starts_on > input.sentOn) {
    throw consignmentOutErrors.agreement_not_usable({ number: agreement.number, consignee: consignee.name }, { field: 'agreementId' });
  }
  const from = await requireSendingLocation(trx, input.fromLocationId, ctx);

  const pieces = await loadPieces(trx, input.lines);
  const freeIds = await freePieceIds(trx, pieces, from.id);
  const errors: LineError[] = [];
  pieces.forEach((piece, index) => {
    const field = `lines.${index}.stockNumber`;
    const problem = isPieceProblem(piece) ? pieceProblemError(piece, { field }) : sendProblem(piece, from, freeIds, { field });
    if (problem) errors.push({ field, error: problem });
    else if (agreement.terms === 'net' && (input.lines[index]!.netAmount ?? null) === null) {
      const netField = `lines.${index}.netAmount`;
      errors.push({ field: netField, error: consignmentOutErrors.net_amount_required({ stockNumber: (piece as Item).stock_number }, { field: netField }) });
    }
  });
  if (errors.length > 0) throw lineErrorsError(errors);
  const items = pieces as Item[];

  const header = await trx
    .insertInto('consignment_out_notes')
    .values({
      number: await nextDocumentNumber(trx, 'CO', input.sentOn),
      consignee_id: consignee.id,
      agreement_id: agreement.id,
      from_location_id: from.id,
      to_location_id: consignee.location_id,
      sent_on: input.sentOn,
      return_due_on: addBusinessDays(input.sentOn, agreement.return_due_days),
      keep_listed: input.keepListed ? 1 : 0,
      note: input.note ?? null,
      created_by: ctx.userId,
      created_at: nowIso(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();

  for (const [index, item] of items.entries()) {
    // The ledger's conditional update rejects a piece that is not free at the from location.
    await recordMovement(trx, {
      itemId: item.id,
      kind: 'consignment_out_send',
      fromLocationId: from.id,
      toLocationId: consignee.location_id,
      quantity: 1,
      costAmount: item.cost,
      documentType: NOTE_DOCUMENT,
      documentId: header.id,
      userId: ctx.userId,
    });
    await trx
      .insertInto('consignment_out_lines')
      .values({
        note_id: header.id,
        item_id: item.id,
        quantity: 1,
        retail_price: item.retail_price,
        net_amount: agreement.terms === 'net' ? input.lines[index]!.netAmount! : null,
      })
      .execute();
  }

  await trx
    .updateTable('items')
    .set({ keep_listed_away: input.keepListed ? 1 : 0, updated_at: nowIso() })
    .where('id', 'in', items.map((item) => item.id))
    .execute();
  await enqueueAvailabilityChanges(
    trx,
    items.map((item) => ({ itemId: item.id, reason: 'consignment_out_send', documentType: NOTE_DOCUMENT, documentId: header.id })),
  );

  return getNote(trx, header.id);
}

function summaryQuery(db: Executor) {
  return db
    .selectFrom('consignment_out_notes')
    .innerJoin('consignees', 'consignees.id', 'consignment_out_notes.consignee_id')
    .innerJoin('consignment_out_agreements', 'consignment_out_agreements.id', 'consignment_out_notes.agreement_id')
    .innerJoin('locations', 'locations.id', 'consignment_out_notes.from_location_id')
    .selectAll('consignment_out_notes')
    .select([
      'consignees.name as consignee_name',
      'consignment_out_agreements.number as agreement_number',
      'locations.name as from_location_name',
      (eb) =>
        eb
          .selectFrom('consignment_out_lines')
          .select((inner) => inner.fn.countAll<number>().as('count'))
          .whereRef('consignment_out_lines.note_id', '=', 'consignment_out_notes.id')
          .as('piece_count'),
      (eb) =>
        eb
          .selectFrom('consignment_out_lines')
          .select((inner) => inner.fn.coalesce(inner.fn.sum<number>('retail_price'), inner.lit(0)).as('total'))
          .whereRef('consignment_out_lines.note_id', '=', 'consignment_out_notes.id')
          .as('retail_total'),
    ]);
}

type SummaryRow = Awaited<ReturnType<ReturnType<typeof summaryQuery>['executeTakeFirstOrThrow']>>;

function toSummary(row: SummaryRow): NoteSummary {
  return {
    id: row.id,
    number: row.number,
    consigneeId: row.consignee_id,
    consigneeName: row.consignee_name,
    agreementId: row.agreement_id,
    agreementNumber: row.agreement_number,
    fromLocationId: row.from_location_id,
    fromLocationName: row.from_location_name,
    toLocationId: row.to_location_id,
    sentOn: row.sent_on,
    returnDueOn: row.return_due_on,
    keepListed: row.keep_listed === 1,
    note: row.note,
    pieceCount: Number(row.piece_count ?? 0),
    retailTotal: Number(row.retail_total ?? 0),
    createdAt: row.created_at,
  };
}

export async function getNote(db: Executor, id: number): Promise<NoteOutput> {
  const row = await summaryQuery(db).where('consignment_out_notes.id', '=', id).executeTakeFirst();
  if (!row) throw consignmentOutErrors.note_not_found({ id });

  const lines = await db
    .selectFrom('consignment_out_lines')
    .innerJoin('items', 'items.id', 'consignment_out_lines.item_id')
    .selectAll('consignment_out_lines')
    .select(['items.stock_number', 'items.name as item_name'])
    .where('consignment_out_lines.note_id', '=', id)
    .orderBy('consignment_out_lines.id')
    .execute();
  return {
    ...toSummary(row),
    lines: lines.map((line) => ({
      id: line.id,
      itemId: line.item_id,
      stockNumber: line.stock_number,
      itemName: line.item_name,
      retailPrice: line.retail_price,
      netAmount: line.net_amount,
      status: line.status,
      closedOn: line.closed_on,
    })),
  };
}

/** Lists delivery notes newest first, optionally of one consignee. */
export async function listNotes(db: Executor, query: DocumentListQuery) {
  let filtered = summaryQuery(db);
  if (query.consigneeId) filtered = filtered.where('consignment_out_notes.consignee_id', '=', query.consigneeId);
  const { rows, ...page } = await fetchPage(
    filtered.orderBy('consignment_out_notes.sent_on', 'desc').orderBy('consignment_out_notes.id', 'desc'),
    query,
  );
  return { notes: rows.map(toSummary), ...page };
}
