import type { Executor, Tx } from '../../db/database.js';
import { nowIso } from '../../db/database.js';
import { isZero, payableCorrection, payableFor, ZERO_FIGURES, type PayableFigures, type PayableTerms, type SoldLine } from './payables.js';

// The consignment payable ledger: append-only entries of what is owed to consignors. Every
// document that sells, refunds, returns or voids a consigned piece calls syncSoldLinePayable
// in its own transaction, so the payable exists exactly when the sale does.

export interface SoldLineChange {
  itemId: number;
  /** The line that sold the piece: 'sale_line:<id>' or 'channel_order_line:<id>'. */
  soldLineKey: string;
  /** The document that changed the line (the sale, the return, the refund). Once per source. */
  source: { type: string; id: number; lineId: number };
  /** Business date (Asia/Tokyo) of the change: decides the settlement period. */
  businessDate: string;
  /** The line as it is now, or null when nothing of the sale remains (returned, voided). */
  line: SoldLine | null;
  note?: string | null;
}

export interface ConsignmentTermsRow extends PayableTerms {
  consignorId: number;
  agreementId: number;
}

/** The terms a consigned piece sells on, or undefined for our own pieces. */
export async function consignmentTermsOf(db: Executor, itemId: number): Promise<ConsignmentTermsRow | undefined> {
  const row = await db
    .selectFrom('consigned_items')
    .innerJoin('consignment_in_agreements', 'consignment_in_agreements.id', 'consigned_items.agreement_id')
    .select([
      'consigned_items.consignor_id',
      'consigned_items.agreement_id',
      'consigned_items.terms',
      'consigned_items.commission_rate_bp',
      'consigned_items.net_amount',
      'consignment_in_agreements.discount_bearer',
      'consignment_in_agreements.fee_bearer',
      'consignment_in_agreements.fee_rate_bp',
      'consignment_in_agreements.shipping_bearer',
      'consignment_in_agreements.shipping_cost',
    ])
    .where('consigned_items.item_id', '=', itemId)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    consignorId: Number(row.consignor_id),
    agreementId: Number(row.agreement_id),
    terms: row.terms,
    commissionRateBp: row.commission_rate_bp,
    netAmount: row.net_amount === null ? null : Number(row.net_amount),
    discountBearer: row.discount_bearer,
    feeBearer: row.fee_bearer,
    feeRateBp: row.fee_rate_bp,
    shippingBearer: row.shipping_bearer,
    shippingCost: Number(row.shipping_cost),
  };
}

/** Columns of a payable entry, or of sums of entries, as the database returns them. */
export interface PayableColumns {
  list_amount: number | string;
  discount_amount: number | string;
  refund_amount: number | string;
  sold_amount: number | string;
  commission_amount: number | string;
  fee_amount: number | string;
  shipping_amount: number | string;
  amount: number | string;
}

/** Converts payable columns to figures; PostgreSQL returns bigint values and sums as strings. */
export function payableFiguresOf(row: PayableColumns): PayableFigures {
  return {
    listAmount: Number(row.list_amount),
    discountAmount: Number(row.discount_amount),
    refundAmount: Number(row.refund_amount),
    soldAmount: Number(row.sold_amount),
    commissionAmount: Number(row.commission_amount),
    feeAmount: Number(row.fee_amount),
    shippingAmount: Number(row.shipping_amount),
    amount: Number(row.amount),
  };
}

/** Sums the entries already written for a sold line. */
export async function writtenFigures(db: Executor, soldLineKey: string): Promise<PayableFigures> {
  const row = await db
    .selectFrom('consignment_payables')
    .select((eb) => [
      eb.fn.coalesce(eb.fn.sum<number>('list_amount'), eb.lit(0)).as('list_amount'),
      eb.fn.coalesce(eb.fn.sum<number>('discount_amount'), eb.lit(0)).as('discount_amount'),
      eb.fn.coalesce(eb.fn.sum<number>('refund_amount'), eb.lit(0)).as('refund_amount'),
      eb.fn.coalesce(eb.fn.sum<number>('sold_amount'), eb.lit(0)).as('sold_amount'),
      eb.fn.coalesce(eb.fn.sum<number>('commission_amount'), eb.lit(0)).as('commission_amount'),
      eb.fn.coalesce(eb.fn.sum<number>('fee_amount'), eb.lit(0)).as('fee_amount'),
      eb.fn.coalesce(eb.fn.sum<number>('shipping_amount'), eb.lit(0)).as('shipping_amount'),
      eb.fn.coalesce(eb.fn.sum<number>('amount'), eb.lit(0)).as('amount'),
    ])
    .where('sold_line_key', '=', soldLineKey)
    .executeTakeFirstOrThrow();
  return payableFiguresOf(row);
}

/**
 * Brings the payable of a sold line in line with the line as it is now, in the caller's
 * transaction: writes one entry with the difference (none when nothing changed or the piece is
 * our own) and moves the consigned piece to 'sold' or back to 'held'. A source is recorded
 * once: a repeated call for the same source writes nothing. Returns the entry id, if any.
 */
export async function syncSoldLinePayable(trx: Tx, change: SoldLineChange): Promise<number | null> {
  const terms = await consignmentTermsOf(trx, change.itemId);
  if (!terms) return null;

  const target = change.line === null ? ZERO_FIGURES : payableFor(terms, change.line);
  const written = await writtenFigures(trx, change.soldLineKey);
  const correction = payableCorrection(target, written);
  const now = nowIso();

  await trx
    .updateTable('consigned_items')
    .set({ status: change.line === null ? 'held' : 'sold', updated_at: now })
    .where('item_id', '=', change.itemId)
    .where('status', '<>', 'returned')
    .execute();
  if (isZero(correction)) return null;

  const inserted = await trx
    .insertInto('consignment_payables')
    .values({
      consignor_id: terms.consignorId,
      item_id: change.itemId,
      agreement_id: terms.agreementId,
      source_type: change.source.type,
      source_id: change.source.id,
      source_line_id: change.source.lineId,
      sold_line_key: change.soldLineKey,
      business_date: change.businessDate,
      list_amount: correction.listAmount,
      discount_amount: correction.discountAmount,
      refund_amount: correction.refundAmount,
      sold_amount: correction.soldAmount,
      commission_amount: correction.commissionAmount,
      fee_amount: correction.feeAmount,
      shipping_amount: correction.shippingAmount,
      amount: correction.amount,
      statement_id: null,
      note: change.note ?? null,
      created_at: now,
    })
    .onConflict((oc) => oc.columns(['source_type', 'source_id', 'source_line_id']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted ? Number(inserted.id) : null;
}
