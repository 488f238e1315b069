import { sql } from 'kysely';
import type { Executor, Tx } from '../../db/database.js';
import { nowIso } from '../../db/database.js';
import type { Item, ItemStatus, PaymentMethod } from '../../db/schema.js';
import { businessDate } from '../../shared/time.js';
import { canActAt, scopedLocationIds, type LocationScope } from '../access/scope.js';
import { rolePermissions } from '../auth/service.js';
import { getCompanySettings } from '../company/service.js';
import { recordMovement } from '../ledger/service.js';
import { enqueueAvailabilityChanges } from '../outbox/service.js';
import { nextDocumentNumber } from '../sequences/service.js';
import { bookCostOf, fetchPage, loadLineItems, updateStatusAfterRemoval } from '../stock-lines/service.js';
import { findItemByFoldedStockNumber, findItemByInStoreJan, normalizeItemCode, setItemStatus } from '../items/service.js';
import { syncSalePayables } from '../consignment-in/sale-payables.js';
import { saleErrors } from './errors.js';
import { priceCart, quoteOf } from './pricing.js';
import { isRegisterClosed, requireRegister } from './registers.js';
import { checkStaffShares, settlePayments, type SettledPayment } from './rules.js';
import { refreshSalesFacts } from '../analytics/refresh.js';
import type {
  DiscountInput,
  QuoteOutput,
  SaleInput,
  SaleListQuery,
  SaleOutput,
  SaleQuoteInput,
  SaleSummary,
  ScanOutput,
} from './schemas.js';

export const SALE_DOCUMENT = 'sale';

/** The signed-in user completing a sale and the locations they may act at. */
export interface SaleContext {
  userId: number;
  scope: LocationScope;
}

const ITEM_STATUS_LABELS: Record<ItemStatus, { ja: string; en: string }> = {
  in_stock: { ja: '在庫あり', en: 'in stock' },
  sold: { ja: '販売済み', en: 'sold' },
  written_off: { ja: '償却済み', en: 'written off' },
  returned_to_supplier: { ja: '仕入先へ返品済み', en: 'returned to the supplier' },
  consumed: { ja: '分割・結合で使用済み', en: 'used in a split or combine' },
  out_of_stock: { ja: '在庫切れ', en: 'out of stock' },
  returned_to_consignor: { ja: '委託者へ返却済み', en: 'returned to the consignor' },
};

/** Checks that a register is open for the business date: no register close recorded yet. */
export async function assertRegisterOpen(db: Executor, register: { id: number; name: string }, date: string): Promise<void> {
  if (await isRegisterClosed(db, register.id, date)) throw saleErrors.register_closed({ register: register.name, date }, { field: 'registerId' });
}

/**
 * Rejects, before anything is written, an item whose status shows it cannot be sold. The
 * atomic decrement in recordMovement stays the real guard against a sale a moment earlier.
 */
function assertSellable(items: readonly Item[], locationName: string): void {
  for (const [index, item] of items.entries()) {
    if (item.status === 'in_stock' || (item.tracking === 'quantity' && item.status === 'out_of_stock')) continue;
    const label = ITEM_STATUS_LABELS[item.status];
    throw saleErrors.item_not_available({ stockNumber: item.stock_number, location: locationName, reasonJa: label.ja, reasonEn: label.en }, { field: `lines.${index}.itemId` });
  }
}

async function assertCustomerUsable(db: Executor, customerId: number | null | undefined): Promise<void> {
  if (customerId === null || customerId === undefined) return;
  const row = await db.selectFrom('customers').select(['merged_into_id', 'anonymized_at']).where('id', '=', customerId).executeTakeFirst();
  if (!row || row.merged_into_id !== null || row.anonymized_at !== null) throw saleErrors.customer_not_usable({ id: customerId }, { field: 'customerId' });
}

/** Active users who may sell at a location: they hold sales.sell and may act there. */
export async function sellingStaff(db: Executor, locationId: number | undefined): Promise<Array<{ id: number; displayName: string }>> {
  const rows = await db
    .selectFrom('users')
    .innerJoin('roles', 'roles.code', 'users.role_code')
    .select(['users.id', 'users.display_name', 'users.is_owner', 'users.all_locations', 'roles.code', 'roles.permissions'])
    .where('users.is_active', '=', 1)
    .orderBy('users.display_name')
    .execute();
  const limited =
    locationId === undefined
      ? new Set<number>()
      : new Set((await db.selectFrom('user_locations').select('user_id').where('location_id', '=', locationId).execute()).map((row) => row.user_id));

  return rows
    .filter((row) => row.is_owner === 1 || rolePermissions(row.code, row.permissions).includes('sales.sell'))
    .filter((row) => locationId === undefined || row.is_owner === 1 || row.all_locations === 1 || limited.has(row.id))
    .map((row) => ({ id: row.id, displayName: row.display_name }));
}

async function checkStaff(db: Executor, input: SaleInput, userId: number, locationId: number) {
  const staff = input.staff ?? [{ userId, sharePercent: 100 }];
  const allowed = new Map((await sellingStaff(db, locationId)).map((user) => [user.id, user.displayName]));
  for (const [index, share] of staff.entries()) {
    if (!allowed.has(share.userId)) throw saleErrors.staff_not_found({ id: share.userId }, { field: `staff.${index}.userId` });
  }
  checkStaffShares(staff, (id) => allowed.get(id) ?? String(id));
  return staff;
}

/**
 * Looks up a scanned tag at a register: the stock number first, then a JAN code. The code is
 * folded by normalizeItemCode (full-width input, IME dashes), and a lower-case stock number
 * also finds its upper-case form. Refuses a piece with nothing sellable at the register's
 * location, naming why.
 */
export async function scanItem(db: Executor, code: string, registerId: number, scope: LocationScope): Promise<ScanOutput> {
  const register = await requireRegister(db, registerId, scope, { active: true });
  const normalized = normalizeItemCode(code);

  const byStockNumber = await findItemByFoldedStockNumber(db, normalized);
  // Unlike findItemByStockNumber, the JAN fallback takes the first item with the code instead of rejecting a shared one.
  const item =
    byStockNumber ??
    (await db.selectFrom('items').selectAll().where('jan_code', '=', normalized).orderBy('id').executeTakeFirst()) ??
    (await findItemByInStoreJan(db, normalized));
  if (!item) throw saleErrors.item_code_not_found({ code: normalized }, { field: 'code' });

  const balance = await db
    .selectFrom('stock_balances')
    .select(['quantity', 'reserved_quantity'])
    .where('item_id', '=', item.id)
    .where('location_id', '=', register.location_id)
    .executeTakeFirst();
  const available = Number(balance?.quantity ?? 0) - Number(balance?.reserved_quantity ?? 0);
  if (available <= 0) {
    const reserved = Number(balance?.reserved_quantity ?? 0) > 0;
    const reason = reserved
      ? { ja: '注文に引当済み', en: 'reserved for an order' }
      : item.status === 'in_stock'
        ? { ja: 'この拠点に在庫なし', en: 'not in stock at this location' }
        : ITEM_STATUS_LABELS[item.status];
    throw saleErrors.item_not_available({ stockNumber: item.stock_number, location: register.location_name, reasonJa: reason.ja, reasonEn: reason.en }, { field: 'code' });
  }

  return {
    itemId: item.id,
    stockNumber: item.stock_number,
    name: item.name,
    tracking: item.tracking,
    unit: item.unit,
    retailPrice: item.retail_price,
    priceBasis: item.price_basis,
    taxRatePercent: item.tax_rate_percent,
    status: item.status,
    available,
  };
}

/**
 * Prices a cart without selling anything, so the screen shows exactly the totals and tax
 * that completing the sale will record. Payments given so far give what is still due and
 * the change.
 */
export async function quoteSale(db: Executor, input: SaleQuoteInput, ctx: SaleContext): Promise<QuoteOutput> {
  await requireRegister(db, input.registerId, ctx.scope);
  const company = await getCompanySettings(db);
  const items = await loadLineItems(db, input.lines, ctx.scope);
  const pricing = priceCart(input.lines, items, input.reductions, company.taxRounding);

  const paid = (input.payments ?? []).reduce((sum, payment) => sum + payment.amount, 0);
  const change = (input.payments ?? []).reduce((sum, payment) => sum + (payment.method === 'cash' && payment.tendered !== undefined ? Math.max(payment.tendered - payment.amount, 0) : 0), 0);
  return quoteOf(items, pricing, company.taxRounding, { paid, change });
}

async function insertPayments(trx: Tx, saleId: number, payments: readonly SettledPayment[]): Promise<void> {
  if (payments.length === 0) return;
  await trx
    .insertInto('sale_payments')
    .values(
      payments.map((payment) => ({
        sale_id: saleId,
        method: payment.method,
        amount: payment.amount,
        tendered: payment.tendered,
        change_given: payment.change,
        reference: payment.reference,
      })),
    )
    .execute();
}

/**
 * Completes a counter sale in the caller's transaction. Each piece is taken out of the
 * register's location by one conditional UPDATE of its balance (unreserved quantity >=
 * sold), so when another register or a channel order took or reserved it a moment
 * earlier, this sale fails with insufficient_stock or stock_reserved and, the transaction
 * being rolled back, nothing is taken. The ledger records a 'sale' movement per line, and
 * the outbox gets an availability event per item for channel work to withdraw it.
 * `timing` is for a sale taken offline: soldAt (ISO UTC) is the device's time of the sale,
 * and businessDate, by default that of soldAt in Japan, the day it is booked on.
 */
export async function completeSale(trx: Tx, input: SaleInput, ctx: SaleContext, timing: { soldAt?: string; businessDate?: string } = {}): Promise<SaleOutput> {
  const register = await requireRegister(trx, input.registerId, ctx.scope, { active: true });
  const date = timing.businessDate ?? businessDate(timing.soldAt === undefined ? undefined : new Date(timing.soldAt));
  await assertRegisterOpen(trx, { id: register.id, name: register.name }, date);
  const company = await getCompanySettings(trx);
  const items = await loadLineItems(trx, input.lines, ctx.scope);
  assertSellable(items, register.location_name);
  await assertCustomerUsable(trx, input.customerId);
  const staff = await checkStaff(trx, input, ctx.userId, register.location_id);

  const { unitPrices, document } = priceCart(input.lines, items, input.reductions, company.taxRounding);
  const payments = settlePayments(input.payments, document.total);

  const now = nowIso();
  const soldAt = timing.soldAt ?? now;
  const sale = await trx
    .insertInto('sales')
    .values({
      number: await nextDocumentNumber(trx, 'S', date),
      kind: 'sale',
      original_sale_id: null,
      location_id: register.location_id,
      register_id: register.id,
      customer_id: input.customerId ?? null,
      status: 'completed',
      business_date: date,
      sold_at: soldAt,
      price_basis: 'included',
      tax_rounding: company.taxRounding,
      subtotal: document.subtotal,
      reduction_total: document.reductionTotal,
      total: document.total,
      tax_total: document.tax,
      reductions_json: JSON.stringify(input.reductions),
      note: input.note ?? null,
      reason: null,
      invoice_registration_number: company.invoiceRegistrationNumber,
      created_by: ctx.userId,
      created_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();

  // Balances are taken in item id order, so two sales of the same pieces in a different
  // cart order lock them in the same order and cannot deadlock on PostgreSQL.
  const byItemId = input.lines.map((line, index) => ({ line, item: items[index]! })).sort((a, b) => a.item.id - b.item.id);
  for (const { line, item } of byItemId) {
    await recordMovement(trx, {
      itemId: item.id,
      kind: 'sale',
      fromLocationId: register.location_id,
      toLocationId: null,
      quantity: line.quantity,
      costAmount: bookCostOf(item, line.quantity),
      documentType: SALE_DOCUMENT,
      documentId: sale.id,
      userId: ctx.userId,
      occurredAt: soldAt,
    });
    await updateStatusAfterRemoval(trx, item, 'sold');
  }

  await trx
    .insertInto('sale_lines')
    .values(
      document.lines.map((line, index) => ({
        sale_id: sale.id,
        line_no: index + 1,
        item_id: items[index]!.id,
        original_line_id: null,
        quantity: line.quantity,
        unit_price: unitPrices[index]!,
        price_basis: items[index]!.price_basis,
        tax_rate_percent: line.ratePercent,
        discount_json: input.lines[index]!.discount ? JSON.stringify(input.lines[index]!.discount) : null,
        gross_amount: line.grossAmount,
        line_discount: line.lineDiscount,
        amount: line.amount,
        allocated_reduction: line.allocatedReduction,
        final_amount: line.finalAmount,
        cost_amount: bookCostOf(items[index]!, line.quantity),
        return_location_id: null,
      })),
    )
    .execute();
  await trx
    .insertInto('sale_tax_rates')
    .values(document.rates.map((rate) => ({ sale_id: sale.id, rate_percent: rate.ratePercent, amount: rate.amount, total: rate.total, net: rate.net, tax: rate.tax })))
    .execute();
  await insertPayments(trx, sale.id, payments);
  await trx.insertInto('sale_staff').values(staff.map((share) => ({ sale_id: sale.id, user_id: share.userId, share_percent: share.sharePercent }))).execute();
  await enqueueAvailabilityChanges(
    trx,
    items.map((item) => ({ itemId: item.id, reason: 'sale', documentType: SALE_DOCUMENT, documentId: sale.id })),
  );
  await syncSalePayables(trx, sale.id);
  await refreshSalesFacts(trx, [`sale:${sale.id}`]);

  return getSale(trx, sale.id, ctx.scope);
}

function summaryQuery(db: Executor) {
  return db
    .selectFrom('sales')
    .innerJoin('locations', 'locations.id', 'sales.location_id')
    .innerJoin('registers', 'registers.id', 'sales.register_id')
    .leftJoin('customers', 'customers.id', 'sales.customer_id')
    .leftJoin('users', 'users.id', 'sales.created_by')
    .leftJoin('sales as original', 'original.id', 'sales.original_sale_id')
    .selectAll('sales')
    .select([
      'locations.name as location_name',
      'registers.name as register_name',
      'customers.family_name as customer_family_name',
      'customers.given_name as customer_given_name',
      'users.display_name as created_by_name',
      'original.number as original_number',
    ]);
}

type SummaryRow = Awaited<ReturnType<ReturnType<typeof summaryQuery>['executeTakeFirstOrThrow']>>;

/** Per-rate figures and line counts of many sales, keyed by sale id. */
async function rateAndCountMaps(db: Executor, saleIds: readonly number[]) {
  const rates = new Map<number, SaleSummary['taxRates']>();
  const counts = new Map<number, number>();
  if (saleIds.length === 0) return { rates, counts };

  const rateRows = await db.selectFrom('sale_tax_rates').selectAll().where('sale_id', 'in', saleIds).orderBy('sale_id').orderBy('rate_percent', 'desc').execute();
  for (const row of rateRows) {
    const list = rates.get(row.sale_id) ?? [];
    list.push({ ratePercent: row.rate_percent, amount: row.amount, total: row.total, net: row.net, tax: row.tax });
    rates.set(row.sale_id, list);
  }
  const countRows = await db
    .selectFrom('sale_lines')
    .select(['sale_id', (eb) => eb.fn.sum<number>('quantity').as('units')])
    .where('sale_id', 'in', saleIds)
    .groupBy('sale_id')
    .execute();
  for (const row of countRows) counts.set(row.sale_id, Number(row.units));
  return { rates, counts };
}

function customerName(row: { customer_family_name: string | null; customer_given_name: string | null }): string | null {
  if (row.customer_family_name === null) return null;
  return [row.customer_family_name, row.customer_given_name].filter((part) => part !== null && part !== '').join(' ');
}

function toSummary(row: SummaryRow, rates: SaleSummary['taxRates'], itemCount: number): SaleSummary {
  return {
    id: row.id,
    number: row.number,
    kind: row.kind,
    status: row.status,
    originalSaleId: row.original_sale_id,
    originalSaleNumber: row.original_number,
    locationId: row.location_id,
    locationName: row.location_name,
    registerId: row.register_id,
    registerName: row.register_name,
    customerId: row.customer_id,
    customerName: customerName(row),
    businessDate: row.business_date,
    soldAt: row.sold_at,
    priceBasis: row.price_basis,
    taxRounding: row.tax_rounding,
    subtotal: row.subtotal,
    reductionTotal: row.reduction_total,
    total: row.total,
    taxTotal: row.tax_total,
    taxRates: rates,
    itemCount,
    createdBy: row.created_by,
    createdByName: row.created_by_name,
  };
}

/** Quantity and final amount of each original sale line already taken back by completed returns. */
export async function returnedByLine(db: Executor, originalSaleId: number): Promise<Map<number, { quantity: number; finalAmount: number }>> {
  const rows = await db
    .selectFrom('sale_lines')
    .innerJoin('sales', 'sales.id', 'sale_lines.sale_id')
    .select([
      'sale_lines.original_line_id',
      (eb) => eb.fn.sum<number>('sale_lines.quantity').as('quantity'),
      (eb) => eb.fn.sum<number>('sale_lines.final_amount').as('final_amount'),
    ])
    .where('sales.original_sale_id', '=', originalSaleId)
    .where('sales.kind', '=', 'return')
    .where('sales.status', '=', 'completed')
    .groupBy('sale_lines.original_line_id')
    .execute();
  return new Map(rows.map((row) => [Number(row.original_line_id), { quantity: Number(row.quantity), finalAmount: Number(row.final_amount) }]));
}

/** Partial refunds of a sale, oldest first, with the stock number of the refunded line. */
export async function partialRefundsOf(db: Executor, saleId: number) {
  return db
    .selectFrom('sale_refunds')
    .innerJoin('sale_lines', 'sale_lines.id', 'sale_refunds.sale_line_id')
    .innerJoin('items', 'items.id', 'sale_lines.item_id')
    .leftJoin('users', 'users.id', 'sale_refunds.created_by')
    .selectAll('sale_refunds')
    .select(['items.stock_number', 'users.display_name as created_by_name'])
    .where('sale_refunds.sale_id', '=', saleId)
    .orderBy('sale_refunds.id')
    .execute();
}

/** Yen partially refunded per line of a sale. */
export function partialRefundsByLine(refunds: ReadonlyArray<{ sale_line_id: number; amount: number }>): Map<number, number> {
  const byLine = new Map<number, number>();
  for (const refund of refunds) byLine.set(Number(refund.sale_line_id), (byLine.get(Number(refund.sale_line_id)) ?? 0) + Number(refund.amount));
  return byLine;
}

/** One sale or return with everything its screen and receipt show; 404 outside the user's locations. */
export async function getSale(db: Executor, id: number, scope: LocationScope): Promise<SaleOutput> {
  const row = await summaryQuery(db).where('sales.id', '=', id).executeTakeFirst();
  if (!row || !canActAt(scope, row.location_id)) throw saleErrors.sale_not_found({ id });

  const { rates, counts } = await rateAndCountMaps(db, [id]);
  const lines = await db
    .selectFrom('sale_lines')
    .innerJoin('items', 'items.id', 'sale_lines.item_id')
    .selectAll('sale_lines')
    .select(['items.stock_number', 'items.name as item_name'])
    .where('sale_lines.sale_id', '=', id)
    .orderBy('sale_lines.line_no')
    .execute();
  const payments = await db.selectFrom('sale_payments').selectAll().where('sale_id', '=', id).orderBy('id').execute();
  const staff = await db
    .selectFrom('sale_staff')
    .innerJoin('users', 'users.id', 'sale_staff.user_id')
    .select(['sale_staff.user_id', 'sale_staff.share_percent', 'users.display_name'])
    .where('sale_staff.sale_id', '=', id)
    .orderBy('sale_staff.share_percent', 'desc')
    .orderBy('sale_staff.user_id')
    .execute();
  const returns =
    row.kind === 'sale'
      ? await db.selectFrom('sales').select(['id', 'number', 'total', 'status']).where('original_sale_id', '=', id).orderBy('id').execute()
      : [];
  const returned = row.kind === 'sale' ? await returnedByLine(db, id) : new Map<number, { quantity: number; finalAmount: number }>();
  const partialRefunds = row.kind === 'sale' ? await partialRefundsOf(db, id) : [];
  const partiallyRefunded = partialRefundsByLine(partialRefunds);

  const completedReturns = returns.filter((ret) => ret.status === 'completed');
  const voidable =
    row.kind === 'sale' && row.status === 'completed' && row.business_date === businessDate() && completedReturns.length === 0 && partialRefunds.length === 0;
  const open = row.kind === 'sale' && row.status === 'completed';

  return {
    ...toSummary(row, rates.get(id) ?? [], counts.get(id) ?? 0),
    lines: lines.map((line) => ({
      id: line.id,
      lineNo: line.line_no,
      itemId: line.item_id,
      stockNumber: line.stock_number,
      itemName: line.item_name,
      quantity: line.quantity,
      unitPrice: line.unit_price,
      priceBasis: line.price_basis,
      taxRatePercent: line.tax_rate_percent,
      discount: line.discount_json === null ? null : (JSON.parse(line.discount_json) as DiscountInput),
      grossAmount: line.gross_amount,
      lineDiscount: line.line_discount,
      amount: line.amount,
      allocatedReduction: line.allocated_reduction,
      finalAmount: line.final_amount,
      costAmount: line.cost_amount,
      originalLineId: line.original_line_id,
      returnLocationId: line.return_location_id,
      returnableQuantity: open ? line.quantity - (returned.get(line.id)?.quantity ?? 0) : 0,
      partiallyRefunded: partiallyRefunded.get(line.id) ?? 0,
      refundableAmount: open ? line.final_amount - (returned.get(line.id)?.finalAmount ?? 0) - (partiallyRefunded.get(line.id) ?? 0) : 0,
    })),
    reductions: JSON.parse(row.reductions_json) as SaleOutput['reductions'],
    payments: payments.map((payment) => ({
      method: payment.method,
      amount: payment.amount,
      tendered: payment.tendered,
      change: payment.change_given,
      reference: payment.reference,
    })),
    staff: staff.map((share) => ({ userId: share.user_id, displayName: share.display_name, sharePercent: share.share_percent })),
    note: row.note,
    reason: row.reason,
    invoiceRegistrationNumber: row.invoice_registration_number,
    receiptPrintCount: row.receipt_print_count,
    voidedAt: row.voided_at,
    voidReason: row.void_reason,
    returns: returns.map((ret) => ({ id: ret.id, number: ret.number, total: ret.total, status: ret.status })),
    voidable,
    refundedTotal: completedReturns.reduce((sum, ret) => sum + ret.total, 0),
    partialRefunds: partialRefunds.map((refund) => ({
      id: refund.id,
      number: refund.number,
      lineId: refund.sale_line_id,
      stockNumber: refund.stock_number,
      businessDate: refund.business_date,
      amount: refund.amount,
      taxRatePercent: refund.tax_rate_percent,
      tax: refund.tax,
      method: refund.method,
      reference: refund.reference,
      reason: refund.reason,
      createdAt: refund.created_at,
      createdByName: refund.created_by_name,
    })),
  };
}

/** Sales and returns, newest first, at the locations the user may act at. */
export async function listSales(db: Executor, query: SaleListQuery, scope: LocationScope): Promise<{ sales: SaleSummary[]; total: number; page: number; pageSize: number }> {
  let select = summaryQuery(db).orderBy('sales.sold_at', 'desc').orderBy('sales.id', 'desc');
  if (!scope.all) select = select.where('sales.location_id', 'in', scopedLocationIds(scope));
  if (query.from) select = select.where('sales.business_date', '>=', query.from);
  if (query.to) select = select.where('sales.business_date', '<=', query.to);
  if (query.locationId) select = select.where('sales.location_id', '=', query.locationId);
  if (query.registerId) select = select.where('sales.register_id', '=', query.registerId);
  if (query.customerId) select = select.where('sales.customer_id', '=', query.customerId);
  if (query.kind) select = select.where('sales.kind', '=', query.kind);
  if (query.status) select = select.where('sales.status', '=', query.status);
  if (query.q) {
    const text = query.q.normalize('NFKC');
    select = select.where((eb) =>
      eb.or([
        eb('sales.number', '=', text),
        eb(
          'sales.id',
          'in',
          eb.selectFrom('sale_lines').innerJoin('items', 'items.id', 'sale_lines.item_id').select('sale_lines.sale_id').where('items.stock_number', '=', text),
        ),
      ]),
    );
  }

  const page = await fetchPage(select, query);
  const { rates, counts } = await rateAndCountMaps(
    db,
    page.rows.map((row) => row.id),
  );
  return { ...page, sales: page.rows.map((row) => toSummary(row, rates.get(row.id) ?? [], counts.get(row.id) ?? 0)) };
}

/**
 * Counts one print of a sale's receipt and returns how many prints came before it, so
 * 0 is the original and anything more is a copy.
 */
export async function recordReceiptPrint(trx: Tx, saleId: number): Promise<number> {
  const row = await trx
    .updateTable('sales')
    .set({ receipt_print_count: sql`receipt_print_count + 1` })
    .where('id', '=', saleId)
    .returning('receipt_print_count')
    .executeTakeFirst();
  if (!row) throw saleErrors.sale_not_found({ id: saleId });
  return row.receipt_print_count - 1;
}

/**
 * Locks a sale's row for the rest of the transaction (a no-op update; PostgreSQL takes a row
 * lock and SQLite already runs one writer), so a concurrent return or void of the same sale
 * waits and then sees this one's result.
 */
export async function lockSale(trx: Tx, id: number): Promise<void> {
  await trx.updateTable('sales').set({ status: sql`status` }).where('id', '=', id).execute();
}

/**
 * Voids a sale on the day it was made (a mistake at the counter): its pieces go back to
 * the location they were sold from, the sale stays on record as voided, and the outbox
 * announces that they are sellable again. Only a completed sale of today's business date
 * without returns or partial refunds can be voided, and anything later is a return.
 */
export async function voidSale(trx: Tx, id: number, reason: string, ctx: SaleContext): Promise<{ before: SaleOutput; after: SaleOutput }> {
  await lockSale(trx, id);
  const before = await getSale(trx, id, ctx.scope);
  if (before.status === 'voided') throw saleErrors.sale_already_voided({ number: before.number });
  if (!before.voidable) {
    const why =
      before.kind === 'return'
        ? { ja: '返品伝票です', en: 'it is a return' }
        : before.businessDate !== businessDate()
          ? { ja: '当日の売上ではありません', en: 'it is not from today' }
          : (before.partialRefunds ?? []).length > 0
            ? { ja: '一部返金があります', en: 'it has partial refunds' }
            : { ja: '返品があります', en: 'it has returns' };
    throw saleErrors.sale_not_voidable({ number: before.number, reasonJa: why.ja, reasonEn: why.en });
  }
  if (await isRegisterClosed(trx, before.registerId, before.businessDate)) throw saleErrors.void_register_closed({ register: before.registerName, date: before.businessDate });

  const now = nowIso();
  for (const line of [...before.lines].sort((a, b) => a.itemId - b.itemId)) {
    await recordMovement(trx, {
      itemId: line.itemId,
      kind: 'sale_void',
      fromLocationId: null,
      toLocationId: before.locationId,
      quantity: line.quantity,
      costAmount: line.costAmount ?? 0,
      reason,
      documentType: SALE_DOCUMENT,
      documentId: id,
      userId: ctx.userId,
      occurredAt: now,
    });
    await setItemStatus(trx, line.itemId, 'in_stock');
  }
  await trx.updateTable('sales').set({ status: 'voided', voided_at: now, voided_by: ctx.userId, void_reason: reason }).where('id', '=', id).execute();
  await enqueueAvailabilityChanges(
    trx,
    before.lines.map((line) => ({ itemId: line.itemId, reason: 'sale_void', documentType: SALE_DOCUMENT, documentId: id })),
  );
  await syncSalePayables(trx, id);
  await refreshSalesFacts(trx, [`sale:${id}`]);

  return { before, after: await getSale(trx, id, ctx.scope) };
}

/** Amounts paid per method on a sale, and refunded per method by its completed returns and partial refunds. */
export async function paymentTotals(db: Executor, saleId: number): Promise<{ paid: Map<PaymentMethod, number>; refunded: Map<PaymentMethod, number> }> {
  const paidRows = await db
    .selectFrom('sale_payments')
    .select(['method', (eb) => eb.fn.sum<number>('amount').as('amount')])
    .where('sale_id', '=', saleId)
    .groupBy('method')
    .execute();
  const refundedRows = await db
    .selectFrom('sale_payments')
    .innerJoin('sales', 'sales.id', 'sale_payments.sale_id')
    .select(['sale_payments.method', (eb) => eb.fn.sum<number>('sale_payments.amount').as('amount')])
    .where('sales.original_sale_id', '=', saleId)
    .where('sales.status', '=', 'completed')
    .groupBy('sale_payments.method')
    .execute();
  const partialRows = await db
    .selectFrom('sale_refunds')
    .select(['method', (eb) => eb.fn.sum<number>('amount').as('amount')])
    .where('sale_id', '=', saleId)
    .groupBy('method')
    .execute();

  const refunded = new Map<PaymentMethod, number>();
  for (const row of [...refundedRows, ...partialRows]) refunded.set(row.method, (refunded.get(row.method) ?? 0) + Number(row.amount));
  return { paid: new Map(paidRows.map((row) => [row.method, Number(row.amount)])), refunded };
}
