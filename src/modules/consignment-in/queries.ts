import type { Executor } from '../../db/database.js';
import { canSeeStockAt, type LocationScope } from '../access/scope.js';
import { getConsignorRow } from './consignors.js';
import { basisPointsToPercent, type PayableEntryOutput, type PieceOutput } from './schemas.js';
import { payableFiguresOf } from './payable-ledger.js';

// What the consignor's page shows: the pieces taken in from them and what is owed.

/**
 * Lists the consignor's pieces, newest receipt first, with their locations now. Stock at
 * locations the user may not see is left out of `locations`, but the piece is still
 * listed, so every user sees the same account of the consignor.
 */
export async function listConsignorPieces(
  db: Executor,
  consignorId: number,
  filters: { status?: PieceOutput['status'] | undefined },
  scope: LocationScope,
): Promise<PieceOutput[]> {
  await getConsignorRow(db, consignorId);
  let query = db
    .selectFrom('consigned_items')
    .innerJoin('items', 'items.id', 'consigned_items.item_id')
    .innerJoin('consignment_in_receipts', 'consignment_in_receipts.id', 'consigned_items.receipt_id')
    .innerJoin('consignment_in_agreements', 'consignment_in_agreements.id', 'consigned_items.agreement_id')
    .select([
      'items.id',
      'items.stock_number',
      'items.name',
      'items.status as item_status',
      'items.retail_price',
      'items.price_basis',
      'consigned_items.status',
      'consigned_items.terms',
      'consigned_items.commission_rate_bp',
      'consigned_items.net_amount',
      'consigned_items.return_due_on',
      'consigned_items.returned_on',
      'consignment_in_receipts.id as receipt_id',
      'consignment_in_receipts.number as receipt_number',
      'consignment_in_receipts.received_on',
      'consignment_in_agreements.number as agreement_number',
    ])
    .where('consigned_items.consignor_id', '=', consignorId)
    .orderBy('consignment_in_receipts.received_on', 'desc')
    .orderBy('items.id', 'desc');
  if (filters.status) query = query.where('consigned_items.status', '=', filters.status);
  const rows = await query.execute();

  const ids = rows.map((row) => row.id);
  const balances =
    ids.length === 0
      ? []
      : await db
          .selectFrom('stock_balances')
          .innerJoin('locations', 'locations.id', 'stock_balances.location_id')
          .select(['stock_balances.item_id', 'locations.id', 'locations.name', 'stock_balances.quantity'])
          .where('stock_balances.item_id', 'in', ids)
          .where('stock_balances.quantity', '>', 0)
          .execute();
  const byItem = new Map<number, PieceOutput['locations']>();
  for (const balance of balances) {
    if (!canSeeStockAt(scope, balance.id)) continue;
    const list = byItem.get(balance.item_id) ?? [];
    list.push({ id: balance.id, name: balance.name, quantity: Number(balance.quantity) });
    byItem.set(balance.item_id, list);
  }

  return rows.map((row) => ({
    itemId: row.id,
    stockNumber: row.stock_number,
    name: row.name,
    itemStatus: row.item_status,
    status: row.status,
    retailPrice: row.retail_price,
    priceBasis: row.price_basis,
    receiptId: row.receipt_id,
    receiptNumber: row.receipt_number,
    receivedOn: row.received_on,
    agreementNumber: row.agreement_number,
    returnedOn: row.returned_on,
    locations: byItem.get(row.id) ?? [],
    terms: row.terms,
    commissionRatePercent: row.commission_rate_bp === null ? null : basisPointsToPercent(row.commission_rate_bp),
    netAmount: row.net_amount === null ? null : Number(row.net_amount),
    returnDueOn: row.return_due_on,
  }));
}

/**
 * Lists the consignor's payable entries, oldest first, each with the statement that took it or
 * none while open; `openOnly` leaves out entries already on a statement. `openAmount` is
 * the sum of the open entries.
 */
export async function listConsignorPayables(
  db: Executor,
  consignorId: number,
  openOnly: boolean,
): Promise<{ entries: PayableEntryOutput[]; openAmount: number }> {
  await getConsignorRow(db, consignorId);
  let query = db
    .selectFrom('consignment_payables')
    .innerJoin('items', 'items.id', 'consignment_payables.item_id')
    .leftJoin('consignment_statements', 'consignment_statements.id', 'consignment_payables.statement_id')
    .selectAll('consignment_payables')
    .select(['items.stock_number', 'items.name as item_name', 'consignment_statements.number as statement_number'])
    .where('consignment_payables.consignor_id', '=', consignorId)
    .orderBy('consignment_payables.business_date')
    .orderBy('consignment_payables.id');
  if (openOnly) query = query.where('consignment_payables.statement_id', 'is', null);
  const rows = await query.execute();

  const entries = rows.map((row) => ({
    id: row.id,
    itemId: row.item_id,
    stockNumber: row.stock_number,
    itemName: row.item_name,
    sourceType: row.source_type,
    sourceId: Number(row.source_id),
    soldLineKey: row.sold_line_key,
    businessDate: row.business_date,
    ...payableFiguresOf(row),
    statementId: row.statement_id,
    statementNumber: row.statement_number,
    note: row.note,
  }));
  const openAmount = entries.filter((entry) => entry.statementId === null).reduce((sum, entry) => sum + entry.amount, 0);
  return { entries, openAmount };
}
