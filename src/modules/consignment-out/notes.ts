import { addDays, format, parseISO } from 'date-fns';
import type { Executor, Tx } from '../../db/database.js';
import { nowIso } from '../../db/database.js';
import { assertCanActAt } from '../access/scope.js';
import { recordMovement } from '../ledger/service.js';
import { enqueueAvailabilityChanges } from '../outbox/service.js';
import { nextDocumentNumber } from '../sequences/service.js';
import { fetchPage, requireStockLocation, type StockContext } from '../stock-lines/service.js';
import { getAgreementRow, getConsigneeRow } from './consignees.js';
import { consignmentOutErrors } from './errors.js';
import { isPieceProblem, loadPieces, pieceProblemError } from './pieces.js';
import type { DocumentListQuery, NoteInput, NoteOutput, NoteSummary } from './schemas.js';

export const NOTE_DOCUMENT = 'consignment_out_note';

/** Adds whole days to a 'YYYY-MM-DD' business date. */
export function addBusinessDays(date: string, days: number): string {
  return format(addDays(parseISO(date), days), 'yyyy-MM-dd');
}

/**
 * Sends our own pieces to a consignee on a delivery note (委託伝票). Each piece moves from
 * the from location to the consignee's partner location with a 'consignment_out_send'
 * movement at its unchanged book cost, so it stays in our inventory value. An availability
 * event asks the channels to withdraw it, unless keepListed keeps it listed while away. All or
 * nothing: a piece that is not ours, not in stock or not free at the from location fails
 * the whole note, naming its line.
 */
export async function sendOnConsignment(trx: Tx, input: NoteInput, ctx: StockContext): Promise<NoteOutput> {
  const consignee = await getConsigneeRow(trx, input.consigneeId, 'consigneeId');
  if (consignee.is_active !== 1) throw consignmentOutErrors.consignee_inactive({ name: consignee.name }, { field: 'consigneeId' });
  const agreement = await getAgreementRow(trx, input.agreementId, 'agreementId');
  if (agreement.consignee_id !== consignee.id || agreement.status !== 'active' || agreement.starts_on > input.sentOn) {
    throw consignmentOutErrors.agreement_not_usable({ number: agreement.number, consignee: consignee.name }, { field: 'agreementId' });
  }
  const from = await requireStockLocation(trx, input.fromLocationId, 'fromLocationId');
  assertCanActAt(ctx.scope, from, 'fromLocationId');

  const pieces = await loadPieces(trx, input.lines);
  const items = pieces.map((piece, index) => {
    const field = { field: `lines.${index}.stockNumber` };
    if (isPieceProblem(piece)) throw pieceProblemError(piece, field);
    if (piece.ownership !== 'own') throw consignmentOutErrors.item_not_own({ stockNumber: piece.stock_number }, field);
    if (piece.tracking !== 'unique') throw consignmentOutErrors.item_not_unique({ stockNumber: piece.stock_number }, field);
    if (piece.status !== 'in_stock') throw consignmentOutErrors.item_not_in_stock({ stockNumber: piece.stock_number, status: piece.status }, field);
    if (agreement.terms === 'net' && (input.lines[index]!.netAmount ?? null) === null) {
      throw consignmentOutErrors.net_amount_required({ stockNumber: piece.stock_number }, { field: `lines.${index}.netAmount` });
    }
    return piece;
  });

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
