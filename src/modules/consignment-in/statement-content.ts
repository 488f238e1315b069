import { sql } from 'kysely';
import type { Executor } from '../../db/database.js';
import { getCompanySettings } from '../company/service.js';
import type { TaxRounding } from '../tax/rounding.js';
import { unitPriceOnBasis } from '../tax/engine.js';
import { ZERO_FIGURES } from './payables.js';
import { payableFiguresOf } from './payable-ledger.js';
import type { HeldPiece, ReturnedPiece, StatementDetail, StatementLine } from './statement-schemas.js';
import { getStatementSummary, shopBorneDiscount } from './statements.js';

// What a settlement statement shows, read from the entries it took and from the pieces of the
// consignor: one line per sold line, the adjustments to sales settled earlier, the pieces held
// at the closing date and the pieces returned during the period. The PDF, the CSV and the
// detail screen all render this one model.

interface EntryRow {
  sold_line_key: string;
  item_id: number;
  business_date: string;
  list_amount: number;
  discount_amount: number;
  refund_amount: number;
  sold_amount: number;
  commission_amount: number;
  fee_amount: number;
  shipping_amount: number;
  amount: number;
  stock_number: string;
  name: string;
  /** Number of the earliest earlier statement that took an entry of the same sold line. */
  settled_in: string | null;
}

/** Finds where each sold line was sold: the counter sale's number or the channel and order number. */
async function soldVia(db: Executor, keys: readonly string[]): Promise<Map<string, StatementLine['soldVia']>> {
  const saleLineIds: number[] = [];
  const orderLineIds: number[] = [];
  for (const key of keys) {
    const [kind, id] = key.split(':');
    if (kind === 'sale_line') saleLineIds.push(Number(id));
    if (kind === 'channel_order_line') orderLineIds.push(Number(id));
  }

  const via = new Map<string, StatementLine['soldVia']>();
  if (saleLineIds.length > 0) {
    const rows = await db.selectFrom('sale_lines').innerJoin('sales', 'sales.id', 'sale_lines.sale_id').select(['sale_lines.id', 'sales.number']).where('sale_lines.id', 'in', saleLineIds).execute();
    for (const row of rows) via.set(`sale_line:${row.id}`, { kind: 'counter', reference: row.number });
  }
  if (orderLineIds.length > 0) {
    const rows = await db
      .selectFrom('channel_order_lines')
      .innerJoin('channel_orders', 'channel_orders.id', 'channel_order_lines.order_id')
      .innerJoin('channel_accounts', 'channel_accounts.id', 'channel_orders.channel_account_id')
      .select(['channel_order_lines.id', 'channel_orders.order_number', 'channel_accounts.name'])
      .where('channel_order_lines.id', 'in', orderLineIds)
      .execute();
    for (const row of rows) via.set(`channel_order_line:${row.id}`, { kind: 'channel', reference: `${row.name} ${row.order_number}` });
  }
  for (const key of keys) if (!via.has(key)) via.set(key, { kind: 'other', reference: key });
  return via;
}

const FIGURE_NAMES = Object.keys(ZERO_FIGURES) as Array<keyof typeof ZERO_FIGURES>;

/** Sums the entries of each sold line, in the order of the line's first entry. */
function groupLines(rows: readonly EntryRow[], via: Map<string, StatementLine['soldVia']>): StatementLine[] {
  const lines = new Map<string, StatementLine>();
  for (const row of rows) {
    let line = lines.get(row.sold_line_key);
    if (!line) {
      line = {
        soldLineKey: row.sold_line_key,
        itemId: Number(row.item_id),
        stockNumber: row.stock_number,
        name: row.name,
        date: row.business_date,
        soldVia: via.get(row.sold_line_key)!,
        ...ZERO_FIGURES,
        shopDiscountAmount: 0,
        settledIn: row.settled_in,
      };
      lines.set(row.sold_line_key, line);
    }
    const figures = payableFiguresOf(row);
    for (const name of FIGURE_NAMES) line[name] += figures[name];
  }
  for (const line of lines.values()) line.shopDiscountAmount = shopBorneDiscount(line);
  return [...lines.values()];
}

/** True when every figure of the line adds up to zero, as for a piece sold and returned in one period. */
function isEmptyLine(line: StatementLine): boolean {
  return FIGURE_NAMES.every((name) => line[name] === 0);
}

async function statementLines(db: Executor, statementId: number, periodTo: string): Promise<{ lines: StatementLine[]; adjustments: StatementLine[] }> {
  const rows = await db
    .selectFrom('consignment_payables as entry')
    .innerJoin('items', 'items.id', 'entry.item_id')
    .select([
      'entry.sold_line_key',
      'entry.item_id',
      'entry.business_date',
      'entry.list_amount',
      'entry.discount_amount',
      'entry.refund_amount',
      'entry.sold_amount',
      'entry.commission_amount',
      'entry.fee_amount',
      'entry.shipping_amount',
      'entry.amount',
      'items.stock_number',
      'items.name',
    ])
    .select((eb) =>
      eb
        .selectFrom('consignment_payables as earlier')
        .innerJoin('consignment_statements as settled', 'settled.id', 'earlier.statement_id')
        .select('settled.number')
        .whereRef('earlier.sold_line_key', '=', 'entry.sold_line_key')
        .where('earlier.statement_id', '<>', statementId)
        // Only an earlier statement makes this an adjustment: a later one that took a
        // correction must not turn this statement's own sale into an adjustment.
        .where('settled.period_to', '<', periodTo)
        .orderBy('settled.period_to')
        .limit(1)
        .as('settled_in'),
    )
    .where('entry.statement_id', '=', statementId)
    .orderBy('entry.business_date')
    .orderBy('entry.id')
    .execute();

  const via = await soldVia(db, [...new Set(rows.map((row) => row.sold_line_key))]);
  const lines = groupLines(rows as EntryRow[], via);

  // A sale returned or voided within the period leaves a line of zeros. It owes nothing and
  // changes no total, so the sold lines leave it out (the piece shows under the held pieces).
  return {
    lines: lines.filter((line) => line.settledIn === null && !isEmptyLine(line)),
    adjustments: lines.filter((line) => line.settledIn !== null),
  };
}

/**
 * Pieces of the consignor held on the closing date: received by then, not returned by then,
 * and not sold by then. A piece counts as sold on a date when its entries up to that date
 * add up to a list price above zero (a returned or voided sale adds up to zero).
 */
async function heldPieces(db: Executor, consignorId: number, periodTo: string, rounding: TaxRounding): Promise<HeldPiece[]> {
  const rows = await db
    .selectFrom('consigned_items as ci')
    .innerJoin('consignment_in_receipts as receipt', 'receipt.id', 'ci.receipt_id')
    .innerJoin('items', 'items.id', 'ci.item_id')
    .select(['ci.item_id', 'items.stock_number', 'items.name', 'items.retail_price', 'items.price_basis', 'items.tax_rate_percent', 'receipt.received_on'])
    .select((eb) =>
      eb
        .selectFrom('stock_balances')
        .innerJoin('locations', 'locations.id', 'stock_balances.location_id')
        .select('locations.name')
        .whereRef('stock_balances.item_id', '=', 'ci.item_id')
        .where('stock_balances.quantity', '>', 0)
        .orderBy('locations.name')
        .limit(1)
        .as('location_name'),
    )
    .where('ci.consignor_id', '=', consignorId)
    .where('receipt.received_on', '<=', periodTo)
    .where((eb) => eb.or([eb('ci.returned_on', 'is', null), eb('ci.returned_on', '>', periodTo)]))
    .where(
      sql<number>`(select coalesce(sum(p.list_amount), 0) from consignment_payables p where p.item_id = ci.item_id and p.business_date <= ${periodTo})`,
      '=',
      0,
    )
    .orderBy('items.stock_number')
    .execute();
  return rows.map((row) => ({
    itemId: Number(row.item_id),
    stockNumber: row.stock_number,
    name: row.name,
    receivedOn: row.received_on,
    locationName: row.location_name ?? null,
    // The statement shows tax-included yen, so a price entered without tax is converted.
    retailPrice: unitPriceOnBasis(Number(row.retail_price), Number(row.tax_rate_percent), row.price_basis, 'included', rounding),
  }));
}

async function returnedPieces(db: Executor, consignorId: number, periodFrom: string, periodTo: string): Promise<ReturnedPiece[]> {
  const rows = await db
    .selectFrom('consignment_returns as r')
    .innerJoin('consignment_return_lines as line', 'line.return_id', 'r.id')
    .innerJoin('items', 'items.id', 'line.item_id')
    .select(['r.number', 'r.returned_on', 'line.item_id', 'items.stock_number', 'items.name', 'line.quantity'])
    .where('r.consignor_id', '=', consignorId)
    .where('r.returned_on', '>=', periodFrom)
    .where('r.returned_on', '<=', periodTo)
    .orderBy('r.returned_on')
    .orderBy('line.id')
    .execute();
  return rows.map((row) => ({
    returnNumber: row.number,
    returnedOn: row.returned_on,
    itemId: Number(row.item_id),
    stockNumber: row.stock_number,
    name: row.name,
    quantity: Number(row.quantity),
  }));
}

/** Reads the whole statement: totals, parties, lines, adjustments, held and returned pieces. */
export async function getStatementDetail(db: Executor, statementId: number): Promise<StatementDetail> {
  const summary = await getStatementSummary(db, statementId);
  const company = await getCompanySettings(db);
  const consignor = await db
    .selectFrom('consignors')
    .select(['code', 'name', 'postal_code', 'address', 'invoice_registration_number'])
    .where('id', '=', summary.consignorId)
    .executeTakeFirstOrThrow();
  const { lines, adjustments } = await statementLines(db, statementId, summary.periodTo);

  return {
    ...summary,
    shopDiscountTotal: lines.reduce((sum, line) => sum + line.shopDiscountAmount, 0),
    company: {
      name: company.name,
      postalCode: company.postalCode,
      address: company.address,
      phone: company.phone,
      invoiceRegistrationNumber: company.invoiceRegistrationNumber,
    },
    consignor: {
      code: consignor.code,
      name: consignor.name,
      postalCode: consignor.postal_code,
      address: consignor.address,
      invoiceRegistrationNumber: consignor.invoice_registration_number,
    },
    lines,
    adjustments,
    held: await heldPieces(db, summary.consignorId, summary.periodTo, company.taxRounding),
    returned: await returnedPieces(db, summary.consignorId, summary.periodFrom, summary.periodTo),
  };
}
