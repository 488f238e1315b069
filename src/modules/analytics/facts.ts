import type { Executor } from '../../db/database.js';
import type { SalesChannel, SalesFactCreditsTable, SalesFactsTable } from '../../db/schema.js';
import { allocateByRatio } from '../../shared/allocation.js';
import { businessDate } from '../../shared/time.js';
import { channelSoldLines, CHANNEL_SALE_DOCUMENT } from '../channels/orders/sale.js';

// Sales facts: every sold, returned or refunded line of every channel as one row with signed
// yen amounts, so the reports add rows instead of knowing five kinds of document. The rows of
// one source document are always derived from that document's current state by the functions
// below, both when a sale is recorded (refresh.ts) and when everything is rebuilt, so the two
// paths cannot disagree.
//
// Conventions, all amounts in yen:
// - sales_incl is what the customer paid for the line, tax included, after line and document
//   discounts and coupons; sales_excl = sales_incl − tax.
// - A return or refund is a row of its own on the day it happened, with negative amounts, so
//   a return in a later month lowers that later month and leaves the month of sale as it was.
// - Tax per line is the document's per-rate tax spread over its lines by amount, so the lines
//   of a document add up to the tax on its qualified invoice.
// - cost is the book cost of the pieces; for a consigned piece (book cost 0) it is what its
//   consignor is owed for the line, so gross margin is what the shop keeps.
// - Staff credit follows the sale's recorded shares; a return or refund is charged to the
//   staff members credited with the original sale, in the same shares.

export type FactRow = Omit<SalesFactsTable, 'id'>;
export type CreditRow = SalesFactCreditsTable;

export interface DerivedFacts {
  facts: FactRow[];
  credits: CreditRow[];
}

export type SourceType = 'sale' | 'sale_refund' | 'channel_order' | 'consignment_out_report';

export function sourceKey(type: SourceType, id: number): string {
  return `${type}:${id}`;
}

export function parseSourceKey(key: string): { type: SourceType; id: number } {
  const [type, id] = key.split(':');
  return { type: type as SourceType, id: Number(id) };
}

/** The item's attributes that facts copy, selected with every sold line. */
const ITEM_COLUMNS = ['items.category', 'items.metal', 'items.brand', 'items.supplier_id', 'items.ownership', 'items.created_at'] as const;

interface ItemAttributes {
  category: string;
  metal: string | null;
  brand: string | null;
  supplier_id: number | string | null;
  ownership: string;
}

function attributesOf(item: ItemAttributes) {
  return {
    category: item.category,
    metal: item.metal ?? '',
    brand: item.brand ?? '',
    supplier: item.supplier_id === null ? '' : String(item.supplier_id),
    consigned: item.ownership === 'consignment_in' ? 1 : 0,
  };
}

/** Groups rows by a key, keeping their order, so a batch is split once instead of searched per document. */
function groupBy<T>(rows: readonly T[], keyOf: (row: T) => string | number): Map<string | number, T[]> {
  const groups = new Map<string | number, T[]>();
  for (const row of rows) {
    const key = keyOf(row);
    const list = groups.get(key);
    if (list) list.push(row);
    else groups.set(key, [row]);
  }
  return groups;
}

/**
 * Returns the Japanese calendar date of an ISO time. Japan keeps UTC+9 all year (no daylight saving
 * since 1951), so adding nine hours gives the same date as businessDate() at a fraction of
 * its cost, which matters when a rebuild derives hundreds of thousands of facts.
 */
function japanDateOf(iso: string): string {
  return new Date(Date.parse(iso) + 9 * 3_600_000).toISOString().slice(0, 10);
}

/** Whole days from the piece's registration (its arrival) to the business date it sold on. */
export function daysBetween(fromIso: string, toDate: string): number {
  const from = Date.parse(`${japanDateOf(fromIso)}T00:00:00Z`);
  const to = Date.parse(`${toDate}T00:00:00Z`);
  return Math.max(0, Math.round((to - from) / 86_400_000));
}

/** Splits a signed amount by ratios, exactly: the parts add up to the amount. */
export function splitSigned(amount: number, ratios: readonly number[]): number[] {
  if (amount === 0) return ratios.map(() => 0);
  const parts = allocateByRatio(Math.abs(amount), ratios.map((ratio) => Math.max(ratio, 0.001)));
  return amount < 0 ? parts.map((part) => -part) : parts;
}

/** Tax contained in a tax-included amount, rounded down, as malls and partner shops show. */
export function taxContainedIn(amount: number, ratePercent: number): number {
  const tax = Math.floor((Math.abs(amount) * ratePercent) / (100 + ratePercent));
  return amount < 0 ? -tax : tax;
}

function channelOfLocation(kind: string): SalesChannel {
  return kind === 'exhibition' ? 'exhibition' : 'store';
}

/**
 * Staff credits of one fact row: each member gets share_percent of the row, split exactly.
 * Returns and refunds are also credited as returns_incl, positive.
 */
function creditsOf(fact: FactRow, shares: ReadonlyArray<{ userId: number; sharePercent: number }>): CreditRow[] {
  if (shares.length === 0) return [];
  const ratios = shares.map((share) => share.sharePercent);
  const sales = splitSigned(fact.sales_incl, ratios);
  const net = splitSigned(fact.sales_excl, ratios);
  const cost = splitSigned(fact.cost, ratios);
  return shares.map((share, index) => ({
    source_key: fact.source_key,
    line_key: fact.line_key,
    user_id: share.userId,
    business_date: fact.business_date,
    location_id: fact.location_id,
    channel: fact.channel,
    share_percent: share.sharePercent,
    quantity_share: fact.quantity * share.sharePercent,
    sales_incl: sales[index]!,
    sales_excl: net[index]!,
    cost: cost[index]!,
    returns_incl: fact.kind === 'sale' ? 0 : -sales[index]!,
    tickets_share: fact.tickets * share.sharePercent,
  }));
}

async function staffSharesOf(db: Executor, saleIds: readonly number[]): Promise<Map<number, Array<{ userId: number; sharePercent: number }>>> {
  const result = new Map<number, Array<{ userId: number; sharePercent: number }>>();
  if (saleIds.length === 0) return result;
  const rows = await db.selectFrom('sale_staff').selectAll().where('sale_id', 'in', [...saleIds]).orderBy('sale_id').orderBy('user_id').execute();
  for (const row of rows) {
    const list = result.get(Number(row.sale_id)) ?? [];
    list.push({ userId: Number(row.user_id), sharePercent: row.share_percent });
    result.set(Number(row.sale_id), list);
  }
  return result;
}

/**
 * Loads what consigned pieces' lines owe their consignors, by payable source: the cost of a
 * consigned piece's sale is that amount, since the piece itself cost the shop nothing.
 * Keys are `${sourceType}:${sourceId}:${sourceLineId}`; amounts are signed yen.
 */
async function consignorAmounts(db: Executor, sourceTypes: readonly string[], sourceIds: readonly number[]): Promise<Map<string, number>> {
  const result = new Map<string, number>();
  if (sourceIds.length === 0) return result;
  const rows = await db
    .selectFrom('consignment_payables')
    .select(['source_type', 'source_id', 'source_line_id', 'amount'])
    .where('source_type', 'in', [...sourceTypes])
    .where('source_id', 'in', [...sourceIds])
    .execute();
  for (const row of rows) {
    const key = `${row.source_type}:${row.source_id}:${row.source_line_id}`;
    result.set(key, (result.get(key) ?? 0) + Number(row.amount));
  }
  return result;
}

/** Counter and exhibition sales and their returns. A voided sale has no facts. */
async function deriveSales(db: Executor, saleIds: readonly number[]): Promise<DerivedFacts> {
  const out: DerivedFacts = { facts: [], credits: [] };
  if (saleIds.length === 0) return out;

  const sales = await db
    .selectFrom('sales')
    .innerJoin('locations', 'locations.id', 'sales.location_id')
    .select(['sales.id', 'sales.number', 'sales.kind', 'sales.status', 'sales.original_sale_id', 'sales.location_id', 'sales.business_date', 'locations.kind as location_kind'])
    .where('sales.id', 'in', [...saleIds])
    .where('sales.status', '=', 'completed')
    .orderBy('sales.id')
    .execute();
  if (sales.length === 0) return out;
  const ids = sales.map((sale) => Number(sale.id));

  const lines = await db
    .selectFrom('sale_lines')
    .innerJoin('items', 'items.id', 'sale_lines.item_id')
    .select([
      'sale_lines.id',
      'sale_lines.sale_id',
      'sale_lines.item_id',
      'sale_lines.quantity',
      'sale_lines.gross_amount',
      'sale_lines.line_discount',
      'sale_lines.allocated_reduction',
      'sale_lines.final_amount',
      'sale_lines.cost_amount',
      'sale_lines.tax_rate_percent',
      ...ITEM_COLUMNS,
    ])
    .where('sale_lines.sale_id', 'in', ids)
    .orderBy('sale_lines.sale_id')
    .orderBy('sale_lines.line_no')
    .execute();
  const rates = await db.selectFrom('sale_tax_rates').selectAll().where('sale_id', 'in', ids).execute();
  const creditSaleIds = sales.map((sale) => Number(sale.kind === 'return' ? sale.original_sale_id : sale.id));
  const shares = await staffSharesOf(db, creditSaleIds);
  const owed = await consignorAmounts(db, ['sale', 'sale_return'], ids);

  const linesBySale = groupBy(lines, (line) => Number(line.sale_id));
  const ratesBySale = groupBy(rates, (rate) => Number(rate.sale_id));
  for (const sale of sales) {
    const saleId = Number(sale.id);
    const saleLines = linesBySale.get(saleId) ?? [];
    const sign = sale.kind === 'return' ? -1 : 1;
    const channel = channelOfLocation(sale.location_kind);

    // The document's tax of each rate, spread over that rate's lines by their amounts.
    const taxByLine = new Map<number, number>();
    for (const rate of ratesBySale.get(saleId) ?? []) {
      const rateLines = saleLines.filter((line) => line.tax_rate_percent === rate.rate_percent);
      if (rateLines.length === 0) continue;
      const parts = splitSigned(Number(rate.tax), rateLines.map((line) => Math.max(Number(line.final_amount), 0)));
      rateLines.forEach((line, index) => taxByLine.set(Number(line.id), parts[index]!));
    }

    const creditShares = shares.get(Number(sale.kind === 'return' ? sale.original_sale_id : sale.id)) ?? [];
    saleLines.forEach((line, index) => {
      const quantity = Number(line.quantity);
      const salesIncl = sign * Number(line.final_amount);
      const tax = sign * (taxByLine.get(Number(line.id)) ?? 0);
      const consignedCost = owed.get(`${sale.kind === 'return' ? 'sale_return' : 'sale'}:${saleId}:${line.id}`);
      const fact: FactRow = {
        source_key: sourceKey('sale', saleId),
        line_key: `line:${line.id}`,
        kind: sale.kind === 'return' ? 'return' : 'sale',
        document_number: sale.number,
        business_date: sale.business_date,
        location_id: Number(sale.location_id),
        channel,
        channel_account_id: null,
        item_id: Number(line.item_id),
        ...attributesOf(line),
        quantity: sign * quantity,
        sales_incl: salesIncl,
        sales_excl: salesIncl - tax,
        tax,
        discount: sign * (Number(line.line_discount) + Number(line.allocated_reduction)),
        cost: line.ownership === 'consignment_in' ? (consignedCost ?? 0) : sign * Number(line.cost_amount),
        tickets: sale.kind === 'sale' && index === 0 ? 1 : 0,
        unit_price_incl: Math.round(Number(line.gross_amount) / quantity),
        days_in_stock: sale.kind === 'sale' ? daysBetween(line.created_at, sale.business_date) : null,
      };
      out.facts.push(fact);
      out.credits.push(...creditsOf(fact, creditShares));
    });
  }
  return out;
}

/** Partial refunds of counter sales: money back, the piece kept, on the refund's day. */
async function deriveSaleRefunds(db: Executor, refundIds: readonly number[]): Promise<DerivedFacts> {
  const out: DerivedFacts = { facts: [], credits: [] };
  if (refundIds.length === 0) return out;

  const refunds = await db
    .selectFrom('sale_refunds')
    .innerJoin('sale_lines', 'sale_lines.id', 'sale_refunds.sale_line_id')
    .innerJoin('sales', 'sales.id', 'sale_refunds.sale_id')
    .innerJoin('locations', 'locations.id', 'sale_refunds.location_id')
    .innerJoin('items', 'items.id', 'sale_lines.item_id')
    .select([
      'sale_refunds.id',
      'sale_refunds.number',
      'sale_refunds.sale_id',
      'sale_refunds.location_id',
      'sale_refunds.business_date',
      'sale_refunds.amount',
      'sale_refunds.tax',
      'sale_refunds.sale_line_id',
      'sale_lines.item_id',
      'sale_lines.quantity',
      'sale_lines.gross_amount',
      'sales.status',
      'locations.kind as location_kind',
      ...ITEM_COLUMNS,
    ])
    .where('sale_refunds.id', 'in', [...refundIds])
    .orderBy('sale_refunds.id')
    .execute();
  const shares = await staffSharesOf(db, refunds.map((refund) => Number(refund.sale_id)));
  const owed = await consignorAmounts(db, ['sale_refund'], refunds.map((refund) => Number(refund.id)));

  for (const refund of refunds) {
    if (refund.status !== 'completed') continue;
    const amount = -Number(refund.amount);
    const tax = -Number(refund.tax);
    const fact: FactRow = {
      source_key: sourceKey('sale_refund', Number(refund.id)),
      line_key: 'refund',
      kind: 'refund',
      document_number: refund.number,
      business_date: refund.business_date,
      location_id: Number(refund.location_id),
      channel: channelOfLocation(refund.location_kind),
      channel_account_id: null,
      item_id: Number(refund.item_id),
      ...attributesOf(refund),
      quantity: 0,
      sales_incl: amount,
      sales_excl: amount - tax,
      tax,
      discount: 0,
      // A refund of a consigned piece lowers what its consignor is owed.
      cost: owed.get(`sale_refund:${refund.id}:${refund.sale_line_id}`) ?? 0,
      tickets: 0,
      unit_price_incl: Math.round(Number(refund.gross_amount) / Number(refund.quantity)),
      days_in_stock: null,
    };
    out.facts.push(fact);
    out.credits.push(...creditsOf(fact, shares.get(Number(refund.sale_id)) ?? []));
  }
  return out;
}

/** Rate in percent from a channel line's rate ('0.1', '0.08') or else the item's own rate. */
function channelRatePercent(rate: string | null, itemRate: number): number {
  if (rate === null || rate === '') return itemRate;
  const value = Number(rate);
  if (!Number.isFinite(value)) return itemRate;
  return value < 1 ? Math.round(value * 100) : Math.round(value);
}

/**
 * Mall and own-site orders: each line sold when its order shipped, from the location its
 * piece was reserved at; refunds on their day; a returned line gives back what was still paid
 * for it, on the day it came back, against the same location and channel.
 */
async function deriveChannelOrders(db: Executor, orderIds: readonly number[]): Promise<DerivedFacts> {
  const out: DerivedFacts = { facts: [], credits: [] };
  if (orderIds.length === 0) return out;

  const orders = await db
    .selectFrom('channel_orders')
    .innerJoin('channel_accounts', 'channel_accounts.id', 'channel_orders.channel_account_id')
    .select(['channel_orders.id', 'channel_orders.order_number', 'channel_orders.channel_account_id', 'channel_accounts.kind'])
    .where('channel_orders.id', 'in', [...orderIds])
    .orderBy('channel_orders.id')
    .execute();
  const lines = await db
    .selectFrom('channel_order_lines')
    .innerJoin('items', 'items.id', 'channel_order_lines.item_id')
    .select([
      'channel_order_lines.id',
      'channel_order_lines.order_id',
      'channel_order_lines.item_id',
      'channel_order_lines.quantity',
      'channel_order_lines.tax_rate',
      'channel_order_lines.sold_at',
      'channel_order_lines.returned_at',
      'items.tax_rate_percent',
      ...ITEM_COLUMNS,
    ])
    .where('channel_order_lines.order_id', 'in', [...orderIds])
    .where('channel_order_lines.state', '=', 'sold')
    .orderBy('channel_order_lines.id')
    .execute();
  if (lines.length === 0) return out;
  const movements = await db
    .selectFrom('stock_movements')
    .select(['document_id', 'item_id', 'from_location_id', 'cost_amount'])
    .where('kind', '=', 'channel_sale')
    .where('document_type', '=', CHANNEL_SALE_DOCUMENT)
    .where('document_id', 'in', [...orderIds])
    .execute();
  const refunds = await db.selectFrom('channel_order_refunds').selectAll().where('order_id', 'in', [...orderIds]).orderBy('id').execute();
  const owed = new Map([
    ...(await consignorAmounts(db, ['channel_sale', 'channel_return'], orderIds)),
    ...(await consignorAmounts(db, ['channel_refund'], refunds.map((refund) => Number(refund.id)))),
  ]);

  const linesByOrder = groupBy(lines, (line) => Number(line.order_id));
  const movementsByKey = groupBy(movements, (movement) => `${movement.document_id}:${movement.item_id}`);
  const refundsByLine = groupBy(refunds, (refund) => Number(refund.line_id));
  for (const order of orders) {
    const orderId = Number(order.id);
    const orderLines = linesByOrder.get(orderId) ?? [];
    if (orderLines.length === 0) continue;
    const sold = await channelSoldLines(db, orderId);

    orderLines.forEach((line, index) => {
      const figures = sold.get(Number(line.id));
      const movement = movementsByKey.get(`${orderId}:${line.item_id}`)?.[0];
      if (!figures || !movement || movement.from_location_id === null || line.sold_at === null) return;
      const ratePercent = channelRatePercent(line.tax_rate, line.tax_rate_percent);
      const quantity = Number(line.quantity);
      const consigned = line.ownership === 'consignment_in';
      const cost = consigned ? (owed.get(`channel_sale:${orderId}:${line.id}`) ?? 0) : Number(movement.cost_amount);
      const base = {
        source_key: sourceKey('channel_order', orderId),
        document_number: order.order_number,
        location_id: Number(movement.from_location_id),
        channel: order.kind as SalesChannel,
        channel_account_id: Number(order.channel_account_id),
        item_id: Number(line.item_id),
        ...attributesOf(line),
        unit_price_incl: Math.round(figures.listAmount / quantity),
      };

      const paid = figures.listAmount - figures.discountAmount;
      const saleTax = taxContainedIn(paid, ratePercent);
      const saleDate = businessDate(new Date(line.sold_at));
      out.facts.push({
        ...base,
        line_key: `line:${line.id}`,
        kind: 'sale',
        business_date: saleDate,
        quantity,
        sales_incl: paid,
        sales_excl: paid - saleTax,
        tax: saleTax,
        discount: figures.discountAmount,
        cost,
        tickets: index === 0 ? 1 : 0,
        days_in_stock: daysBetween(line.created_at, saleDate),
      });

      const lineRefunds = refundsByLine.get(Number(line.id)) ?? [];
      for (const refund of lineRefunds) {
        const amount = -Number(refund.amount);
        const tax = taxContainedIn(amount, ratePercent);
        const refundCost = owed.get(`channel_refund:${refund.id}:${line.id}`) ?? 0;
        out.facts.push({ ...base, line_key: `refund:${refund.id}`, kind: 'refund', business_date: refund.refunded_on, quantity: 0, sales_incl: amount, sales_excl: amount - tax, tax, discount: 0, cost: refundCost, tickets: 0, days_in_stock: null });
      }

      if (line.returned_at !== null) {
        // A returned line's refunds were capped at what was paid; the return gives back the rest.
        const refunded = lineRefunds.reduce((sum, candidate) => sum + Number(candidate.amount), 0);
        const amount = -Math.max(0, paid - refunded);
        const tax = taxContainedIn(amount, ratePercent);
        out.facts.push({
          ...base,
          line_key: `return:${line.id}`,
          kind: 'return',
          business_date: businessDate(new Date(line.returned_at)),
          quantity: -quantity,
          sales_incl: amount,
          sales_excl: amount - tax,
          tax,
          discount: -figures.discountAmount,
          cost: consigned ? (owed.get(`channel_return:${orderId}:${line.id}`) ?? 0) : -cost,
          tickets: 0,
          days_in_stock: null,
        });
      }
    });
  }
  return out;
}

/**
 * Sales reported by partner shops holding our pieces (委託先). The consumer price is the sale;
 * the partner's commission counts as a cost of that sale, beside the piece's book cost.
 */
async function deriveConsignmentOutReports(db: Executor, reportIds: readonly number[]): Promise<DerivedFacts> {
  const out: DerivedFacts = { facts: [], credits: [] };
  if (reportIds.length === 0) return out;

  const lines = await db
    .selectFrom('consignment_out_report_lines')
    .innerJoin('consignment_out_reports', 'consignment_out_reports.id', 'consignment_out_report_lines.report_id')
    .innerJoin('consignees', 'consignees.id', 'consignment_out_reports.consignee_id')
    .innerJoin('items', 'items.id', 'consignment_out_report_lines.item_id')
    .select([
      'consignment_out_report_lines.id',
      'consignment_out_report_lines.report_id',
      'consignment_out_report_lines.item_id',
      'consignment_out_report_lines.sold_on',
      'consignment_out_report_lines.sale_price',
      'consignment_out_report_lines.tax_rate_percent',
      'consignment_out_report_lines.commission_amount',
      'consignment_out_report_lines.cost_amount',
      'consignment_out_reports.number',
      'consignment_out_reports.reported_on',
      'consignees.location_id',
      'items.tax_rate_percent as item_tax_rate_percent',
      ...ITEM_COLUMNS,
    ])
    .where('consignment_out_report_lines.report_id', 'in', [...reportIds])
    .where('consignment_out_report_lines.outcome', '=', 'sold')
    .orderBy('consignment_out_report_lines.id')
    .execute();

  for (const line of lines) {
    const amount = Number(line.sale_price);
    const tax = taxContainedIn(amount, line.tax_rate_percent ?? line.item_tax_rate_percent);
    const date = line.sold_on ?? line.reported_on;
    out.facts.push({
      source_key: sourceKey('consignment_out_report', Number(line.report_id)),
      line_key: `line:${line.id}`,
      kind: 'sale',
      document_number: line.number,
      business_date: date,
      location_id: Number(line.location_id),
      channel: 'partner',
      channel_account_id: null,
      item_id: Number(line.item_id),
      ...attributesOf(line),
      quantity: 1,
      sales_incl: amount,
      sales_excl: amount - tax,
      tax,
      discount: 0,
      cost: Number(line.cost_amount) + Number(line.commission_amount),
      tickets: 1,
      unit_price_incl: amount,
      days_in_stock: daysBetween(line.created_at, date),
    });
  }
  return out;
}

/** Derives the facts of the given source documents from their current state. */
export async function deriveFacts(db: Executor, keys: readonly string[]): Promise<DerivedFacts> {
  const ids: Record<SourceType, number[]> = { sale: [], sale_refund: [], channel_order: [], consignment_out_report: [] };
  for (const key of keys) {
    const { type, id } = parseSourceKey(key);
    if (!(type in ids) || !Number.isSafeInteger(id)) throw new RangeError(`unknown sales fact source ${key}`);
    ids[type].push(id);
  }

  const parts = [
    await deriveSales(db, ids.sale),
    await deriveSaleRefunds(db, ids.sale_refund),
    await deriveChannelOrders(db, ids.channel_order),
    await deriveConsignmentOutReports(db, ids.consignment_out_report),
  ];
  return { facts: parts.flatMap((part) => part.facts), credits: parts.flatMap((part) => part.credits) };
}
