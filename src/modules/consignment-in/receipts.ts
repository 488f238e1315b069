import type { Executor, Tx } from '../../db/database.js';
import { nowIso } from '../../db/database.js';
import type { Item, Location } from '../../db/schema.js';
import { DomainError } from '../../shared/errors.js';
import { assertCanActAt, canActAt, scopedLocationIds, type LocationScope } from '../access/scope.js';
import { createItems, ItemInputError, setItemsStatus, toItemOutput } from '../items/service.js';
import { recordReceipts } from '../ledger/service.js';
import { nextDocumentNumber } from '../sequences/service.js';
import { fetchPage, requireStockLocation, type StockContext } from '../stock-lines/service.js';
import { requireReceivingAgreement, type AgreementRow } from './agreements.js';
import { getConsignorRow } from './consignors.js';
import { consignmentErrors } from './errors.js';
import {
  basisPointsToPercent,
  percentToBasisPoints,
  type ReceiptInput,
  type ReceiptLineInput,
  type ReceiptListQuery,
  type ReceiptOutput,
  type ReceiptSummary,
} from './schemas.js';

// Receiving consigned pieces (受託品の受け入れ).

export const CONSIGNMENT_RECEIPT_DOCUMENT = 'consignment_in_receipt';
const RECEIPT_PREFIX = 'CI';

/** Loads a location that may take in or give back consigned pieces: an active store or warehouse the user may act at. */
export async function requireConsignmentLocation(db: Executor, id: number, scope: LocationScope): Promise<Location> {
  const location = await requireStockLocation(db, id);
  if (location.kind !== 'store' && location.kind !== 'warehouse') {
    throw consignmentErrors.location_not_for_consignment({ location: location.name }, { field: 'locationId' });
  }
  assertCanActAt(scope, location, 'locationId');
  return location;
}

interface PieceTerms {
  terms: 'commission' | 'net';
  commissionRateBp: number | null;
  netAmount: number | null;
  returnDueOn: string | null;
}

/**
 * The terms a piece is received on. A net amount puts the piece on net terms (and is
 * required under a net agreement); otherwise the piece takes the commission rate given for
 * it or else the agreement's.
 */
export function pieceTermsOf(agreement: AgreementRow, line: ReceiptLineInput, index: number): PieceTerms {
  const returnDueOn = line.returnDueOn ?? agreement.return_due_on;
  const hasRate = line.commissionRatePercent != null;
  const hasNet = line.netAmount != null;
  if (hasRate && hasNet) throw consignmentErrors.piece_terms_conflict({ line: index + 1 }, { field: `lines.${index}.netAmount` });

  if (hasNet) return { terms: 'net', commissionRateBp: null, netAmount: line.netAmount!, returnDueOn };
  if (agreement.terms === 'net') {
    throw consignmentErrors.net_amount_required({ line: index + 1, number: agreement.number }, { field: `lines.${index}.netAmount` });
  }
  const commissionRateBp = hasRate ? percentToBasisPoints(line.commissionRatePercent!) : agreement.commission_rate_bp;
  return { terms: 'commission', commissionRateBp, netAmount: null, returnDueOn };
}

/** The same error, charged to a field of one receipt line, so the form can mark it. */
function onLine(error: DomainError, index: number): DomainError {
  const field = (error.details as { field?: string } | undefined)?.field;
  const definition = { kind: error.kind, ja: () => error.messages.ja, en: () => error.messages.en };
  return new DomainError(error.code, definition, error.params, { field: field ? `lines.${index}.item.${field}` : `lines.${index}` });
}

/**
 * Receives a consignor's pieces in the caller's transaction: issues the receipt number,
 * creates one item per line owned by the consignor, puts them in stock at the location
 * with 'consignment_in_receipt' movements, and records each piece's terms. The items sell,
 * list and move like our own pieces from then on.
 */
export async function receiveConsignment(trx: Tx, input: ReceiptInput, ctx: StockContext): Promise<ReceiptOutput> {
  const consignor = await getConsignorRow(trx, input.consignorId, 'consignorId');
  if (consignor.is_active !== 1) throw consignmentErrors.consignor_inactive({ consignor: consignor.name }, { field: 'consignorId' });
  const agreement = await requireReceivingAgreement(trx, input.agreementId, consignor, input.receivedOn);
  const location = await requireConsignmentLocation(trx, input.locationId, ctx.scope);
  const terms = input.lines.map((line, index) => pieceTermsOf(agreement, line, index));
  input.lines.forEach((line, index) => {
    if (line.item.tracking === 'unique' && line.quantity !== 1) {
      throw consignmentErrors.piece_quantity_unique({ line: index + 1 }, { field: `lines.${index}.quantity` });
    }
  });

  const now = nowIso();
  const header = await trx
    .insertInto('consignment_in_receipts')
    .values({
      number: await nextDocumentNumber(trx, RECEIPT_PREFIX, input.receivedOn),
      consignor_id: consignor.id,
      agreement_id: agreement.id,
      location_id: location.id,
      received_on: input.receivedOn,
      note: input.note ?? null,
      created_by: ctx.userId,
      created_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();

  // Book cost 0 and no supplier: the piece stays the consignor's property, so it must not
  // count in our inventory value or, once sold, in our cost of goods sold. What the sale
  // owes the consignor is recorded as a payable instead.
  let items: Item[];
  try {
    items = await createItems(
      trx,
      input.lines.map((line) => ({ attributes: { ...line.item, cost: 0, supplierId: null } })),
      { userId: ctx.userId },
    );
  } catch (error) {
    if (error instanceof ItemInputError) throw onLine(error.cause, error.index);
    throw error;
  }
  const itemIds = items.map((item) => item.id);
  await trx.updateTable('items').set({ ownership: 'consignment_in', updated_at: now }).where('id', 'in', itemIds).execute();

  await recordReceipts(
    trx,
    items.map((item, index) => ({
      itemId: item.id,
      kind: 'consignment_in_receipt' as const,
      fromLocationId: null,
      toLocationId: location.id,
      quantity: input.lines[index]!.quantity,
      costAmount: 0,
      documentType: CONSIGNMENT_RECEIPT_DOCUMENT,
      documentId: header.id,
      userId: ctx.userId,
    })),
  );
  await setItemsStatus(trx, itemIds, 'in_stock');

  await trx
    .insertInto('consigned_items')
    .values(
      items.map((item, index) => ({
        item_id: item.id,
        consignor_id: consignor.id,
        agreement_id: agreement.id,
        receipt_id: header.id,
        terms: terms[index]!.terms,
        commission_rate_bp: terms[index]!.commissionRateBp,
        net_amount: terms[index]!.netAmount,
        return_due_on: terms[index]!.returnDueOn,
        created_at: now,
        updated_at: now,
      })),
    )
    .execute();

  return getReceipt(trx, header.id, ctx.scope);
}

function summaryQuery(db: Executor) {
  return db
    .selectFrom('consignment_in_receipts')
    .innerJoin('consignors', 'consignors.id', 'consignment_in_receipts.consignor_id')
    .innerJoin('consignment_in_agreements', 'consignment_in_agreements.id', 'consignment_in_receipts.agreement_id')
    .innerJoin('locations', 'locations.id', 'consignment_in_receipts.location_id')
    .selectAll('consignment_in_receipts')
    .select((eb) => [
      'consignors.name as consignor_name',
      'consignment_in_agreements.number as agreement_number',
      'locations.name as location_name',
      eb
        .selectFrom('consigned_items')
        .select((inner) => inner.fn.countAll<number>().as('count'))
        .whereRef('consigned_items.receipt_id', '=', 'consignment_in_receipts.id')
        .as('line_count'),
    ]);
}

type SummaryRow = Awaited<ReturnType<ReturnType<typeof summaryQuery>['executeTakeFirstOrThrow']>>;

function toSummary(row: SummaryRow): ReceiptSummary {
  return {
    id: row.id,
    number: row.number,
    consignorId: row.consignor_id,
    consignorName: row.consignor_name,
    agreementId: row.agreement_id,
    agreementNumber: row.agreement_number,
    locationId: row.location_id,
    locationName: row.location_name,
    receivedOn: row.received_on,
    note: row.note,
    lineCount: Number(row.line_count ?? 0),
    createdBy: row.created_by,
    createdAt: row.created_at,
  };
}

/** Loads a receipt with its pieces and their terms; one at a location outside the user's scope is not found. */
export async function getReceipt(db: Executor, id: number, scope: LocationScope): Promise<ReceiptOutput> {
  const row = await summaryQuery(db).where('consignment_in_receipts.id', '=', id).executeTakeFirst();
  if (!row || !canActAt(scope, row.location_id)) throw consignmentErrors.receipt_not_found({ id });

  const lines = await db
    .selectFrom('consigned_items')
    .innerJoin('items', 'items.id', 'consigned_items.item_id')
    .innerJoin('stock_movements', (join) =>
      join
        .onRef('stock_movements.item_id', '=', 'items.id')
        .on('stock_movements.kind', '=', 'consignment_in_receipt')
        .on('stock_movements.document_id', '=', id),
    )
    .selectAll('items')
    .select([
      'consigned_items.terms',
      'consigned_items.commission_rate_bp',
      'consigned_items.net_amount',
      'consigned_items.return_due_on',
      'stock_movements.quantity as received_quantity',
    ])
    .where('consigned_items.receipt_id', '=', id)
    .orderBy('items.id')
    .execute();

  return {
    ...toSummary(row),
    lines: lines.map(({ terms, commission_rate_bp, net_amount, return_due_on, received_quantity, ...item }) => ({
      itemId: item.id,
      quantity: Number(received_quantity),
      item: toItemOutput(item),
      terms,
      commissionRatePercent: commission_rate_bp === null ? null : basisPointsToPercent(commission_rate_bp),
      netAmount: net_amount === null ? null : Number(net_amount),
      returnDueOn: return_due_on,
    })),
  };
}

/** Lists receipts newest first, filtered by consignor and receiving date; only those at the user's locations. */
export async function listReceipts(db: Executor, query: ReceiptListQuery, scope: LocationScope) {
  let filtered = summaryQuery(db);
  if (!scope.all) filtered = filtered.where('consignment_in_receipts.location_id', 'in', scopedLocationIds(scope));
  if (query.consignorId) filtered = filtered.where('consignment_in_receipts.consignor_id', '=', query.consignorId);
  if (query.from) filtered = filtered.where('consignment_in_receipts.received_on', '>=', query.from);
  if (query.to) filtered = filtered.where('consignment_in_receipts.received_on', '<=', query.to);

  const { rows, ...page } = await fetchPage(
    filtered.orderBy('consignment_in_receipts.received_on', 'desc').orderBy('consignment_in_receipts.id', 'desc'),
    query,
  );
  return { receipts: rows.map(toSummary), ...page };
}
