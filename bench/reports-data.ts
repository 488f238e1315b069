import { addDays, getISODay, parseISO } from 'date-fns';
import { sql } from 'kysely';
import type { DatabaseHandle } from '../src/db/database.js';
import { createUser } from '../src/modules/auth/service.js';
import { locationInput } from '../src/modules/locations/schemas.js';
import { createLocation } from '../src/modules/locations/service.js';
import { supplierInput } from '../src/modules/suppliers/schemas.js';
import { createSupplier } from '../src/modules/suppliers/service.js';
import { allocateByRatio } from '../src/shared/allocation.js';
import { buildSearchText } from '../src/modules/items/columns.js';
import type { BulkColumn, BulkWriter } from './bulk-insert.js';
import { between, generateItem, pick, seededRandom, type Random } from './catalogue-data.js';

// Three years of sales of a chain of seven stores and three online channels. The rows go
// straight into the tables that src/modules/analytics/facts.ts derives the sales facts from:
// counter sales with their lines, tax per rate and staff shares, returns of earlier sales,
// and shipped channel orders with their lines and 'channel_sale' movements. Half a million
// sales through the sales service would take hours, so rows are shaped as the services
// write them and bulk-loaded. The stock ledger is not kept in balance, because only the
// tables that the facts and the dashboard read need to be complete.

export interface SalesHistorySize {
  /** Counter sales plus channel orders, returns not included. */
  sales: number;
  items: number;
  /** Last business date of the history (YYYY-MM-DD), normally today in Japan. */
  today: string;
}

export interface GeneratedSalesHistory {
  ownerId: number;
  counterSales: number;
  returns: number;
  channelOrders: number;
  saleLines: number;
  orderLines: number;
}

const STORES = [
  { code: 'GINZA', name: '銀座本店', weight: 2.0 },
  { code: 'SHINJUKU', name: '新宿店', weight: 1.6 },
  { code: 'YOKOHAMA', name: '横浜店', weight: 1.3 },
  { code: 'OMIYA', name: '大宮店', weight: 0.9 },
  { code: 'CHIBA', name: '千葉店', weight: 0.8 },
  { code: 'KASHIWA', name: '柏店', weight: 0.7 },
  { code: 'MACHIDA', name: '町田店', weight: 0.7 },
] as const;

const CHANNELS = [
  { kind: 'rakuten', name: '楽天市場店', weight: 0.45 },
  { kind: 'yahoo', name: 'Yahoo!ショッピング店', weight: 0.3 },
  { kind: 'own_site', name: '自社オンラインストア', weight: 0.25 },
] as const;

/** Share of the sales made at a store counter. The rest are channel orders. */
const COUNTER_SHARE = 0.8;
/** Share of completed counter sales that a customer brings back later. */
const RETURN_SHARE = 0.025;
const VOID_SHARE = 0.003;
const CANCELLED_ORDER_SHARE = 0.02;
const CHANNEL_RETURN_SHARE = 0.01;
const STAFF_PER_STORE = 4;
const DAYS = 3 * 365 + 1;
/** Sales documents generated between two writes, which bounds the rows held in memory. */
const SALES_PER_FLUSH = 20_000;

const col = (name: string, pgType: BulkColumn['pgType'] = 'text'): BulkColumn => ({ name, pgType });
const ids = (...names: string[]) => names.map((name) => col(name, 'bigint'));
const texts = (...names: string[]) => names.map((name) => col(name));

const COLUMNS = {
  items: [
    ...ids('id'),
    ...texts('stock_number', 'tracking', 'unit', 'status', 'name', 'category', 'brand', 'metal', 'condition'),
    ...ids('cost', 'retail_price'),
    col('tax_rate_percent', 'integer'),
    ...texts('tags'),
    ...ids('supplier_id'),
    ...texts('ownership', 'search_text', 'created_at', 'updated_at'),
    ...ids('created_by'),
  ],
  stock_balances: [...ids('item_id', 'location_id', 'quantity'), col('is_unique', 'integer'), col('updated_at')],
  sales: [
    ...ids('id'),
    ...texts('number', 'kind'),
    ...ids('original_sale_id', 'location_id', 'register_id'),
    ...texts('status', 'business_date', 'sold_at', 'price_basis', 'tax_rounding'),
    ...ids('subtotal', 'reduction_total', 'total', 'tax_total'),
    ...texts('reductions_json', 'reason', 'invoice_registration_number'),
    col('receipt_print_count', 'integer'),
    col('voided_at'),
    ...ids('voided_by'),
    col('void_reason'),
    ...ids('created_by'),
    col('created_at'),
  ],
  sale_lines: [
    ...ids('id', 'sale_id'),
    col('line_no', 'integer'),
    ...ids('item_id', 'original_line_id', 'quantity', 'unit_price'),
    col('price_basis'),
    col('tax_rate_percent', 'integer'),
    col('discount_json'),
    ...ids('gross_amount', 'line_discount', 'amount', 'allocated_reduction', 'final_amount', 'cost_amount', 'return_location_id'),
  ],
  sale_tax_rates: [...ids('sale_id'), col('rate_percent', 'integer'), ...ids('amount', 'total', 'net', 'tax')],
  sale_staff: [...ids('sale_id', 'user_id'), col('share_percent', 'integer')],
  channel_orders: [
    ...ids('id', 'channel_account_id'),
    ...texts('order_number', 'status', 'version', 'ordered_at', 'buyer_name', 'buyer_json', 'delivery_json', 'totals_json'),
    ...ids('total'),
    ...texts('totals_check_json', 'raw_json', 'confirmed_at', 'cancelled_at', 'imported_at', 'updated_at'),
  ],
  channel_order_lines: [
    ...ids('id', 'order_id'),
    ...texts('line_key', 'external_code', 'title'),
    ...ids('unit_price'),
    col('quantity', 'integer'),
    col('tax_included', 'integer'),
    ...texts('tax_rate'),
    ...ids('item_id'),
    ...texts('state', 'sold_at', 'returned_at'),
    ...ids('return_location_id'),
    col('return_reason'),
  ],
  stock_movements: [
    ...ids('id', 'item_id'),
    col('kind'),
    ...ids('from_location_id', 'to_location_id', 'quantity', 'cost_amount'),
    col('document_type'),
    ...ids('document_id'),
    ...texts('occurred_at', 'recorded_at'),
  ],
} satisfies Record<string, BulkColumn[]>;

type Table = keyof typeof COLUMNS;
type Row = Record<string, unknown>;

/** Rows waiting to be written, per table, in an order that satisfies the foreign keys. */
class Pending {
  readonly rows: Record<Table, unknown[][]> = {
    items: [], stock_balances: [], sales: [], sale_lines: [], sale_tax_rates: [], sale_staff: [], channel_orders: [], channel_order_lines: [], stock_movements: [],
  };

  add(table: Table, row: Row): void {
    this.rows[table].push(COLUMNS[table].map((column) => row[column.name] ?? null));
  }

  async flush(writer: BulkWriter): Promise<void> {
    for (const table of Object.keys(this.rows) as Table[]) {
      if (this.rows[table].length === 0) continue;
      await writer.insert(table, COLUMNS[table], this.rows[table]);
      this.rows[table] = [];
    }
  }
}

interface BenchItem {
  id: number;
  stockNumber: string;
  name: string;
  tracking: 'unique' | 'quantity';
  cost: number;
  retailPrice: number;
  taxRatePercent: number;
}

interface Master {
  ownerId: number;
  stores: Array<{ id: number; registerId: number; staffIds: number[]; weight: number }>;
  warehouseId: number;
  accounts: Array<{ id: number; kind: string; weight: number }>;
  supplierIds: number[];
}

/** Creates the locations, users, suppliers and channel accounts, few rows written through the services or Kysely. */
async function createMasterData(handle: DatabaseHandle, start: string): Promise<Master> {
  const owner = await createUser(handle.db, { email: 'owner@reports.bench', password: 'quiet orchard measure', displayName: 'Owner', isOwner: true });
  const createdAt = `${start}T00:00:00.000Z`;

  return handle.db.transaction().execute(async (trx) => {
    const stores: Master['stores'] = [];
    for (const store of STORES) {
      const location = await createLocation(trx, locationInput.parse({ code: store.code, name: store.name, kind: 'store' }));
      const register = await trx.selectFrom('registers').select('id').where('location_id', '=', location.id).executeTakeFirstOrThrow();
      const staff = await trx
        .insertInto('users')
        .values(
          Array.from({ length: STAFF_PER_STORE }, (_, n) => ({
            email: `${store.code.toLowerCase()}-${n + 1}@reports.bench`,
            display_name: `${store.name} 販売員${n + 1}`,
            password_hash: 'no-sign-in',
            locale: 'ja' as const,
            is_owner: 0,
            role_code: 'sales',
            is_active: 1,
            all_locations: 0,
            default_location_id: location.id,
            created_at: createdAt,
          })),
        )
        .returning('id')
        .execute();
      stores.push({ id: location.id, registerId: Number(register.id), staffIds: staff.map((row) => Number(row.id)), weight: store.weight });
    }
    const warehouse = await createLocation(trx, locationInput.parse({ code: 'WH-EC', name: 'EC 倉庫', kind: 'warehouse' }));

    const supplierIds: number[] = [];
    for (let n = 1; n <= 20; n += 1) {
      const code = `SUP${String(n).padStart(3, '0')}`;
      supplierIds.push((await createSupplier(trx, supplierInput.parse({ code, name: `仕入先 ${n} 株式会社`, kind: 'business' }))).id);
    }

    const accounts: Master['accounts'] = [];
    for (const channel of CHANNELS) {
      const row = await trx
        .insertInto('channel_accounts')
        .values({ kind: channel.kind, name: channel.name, settings_json: '{}', sealed_credentials: 'bench-no-credentials', created_by: owner.id, created_at: createdAt, updated_at: createdAt })
        .returning('id')
        .executeTakeFirstOrThrow();
      const id = Number(row.id);
      const now = new Date().toISOString();
      await trx.insertInto('channel_sync_state').values({ channel_account_id: id, orders_polled_until: now, last_order_poll_at: now, last_success_at: now }).execute();
      accounts.push({ id, kind: channel.kind, weight: channel.weight });
    }
    return { ownerId: owner.id, stores, warehouseId: warehouse.id, accounts, supplierIds };
  });
}

/** Draws a log-uniform whole number between min and max, so cheap pieces are many and expensive ones few. */
function logBetween(random: Random, min: number, max: number): number {
  return Math.round(Math.exp(Math.log(min) + random() * (Math.log(max) - Math.log(min))));
}

/**
 * Generates the catalogue: jewellery at 10 % (a fifth of it counted by quantity, such as chains and
 * studs), consigned pieces, and boxed sweets for gifts at the reduced 8 % rate. Each piece
 * arrived some time in the year before the history or during it.
 */
function generateItems(pending: Pending, size: SalesHistorySize, master: Master, start: string, random: Random): BenchItem[] {
  const items: BenchItem[] = [];
  const firstArrival = Date.parse(`${start}T00:00:00Z`) - 365 * 86_400_000;
  const span = Date.parse(`${size.today}T00:00:00Z`) - firstArrival;

  for (let index = 0; index < size.items; index += 1) {
    const base = generateItem(index, random, master.supplierIds, master.ownerId);
    const sweets = index % 33 === 32;
    const consigned = !sweets && random() < 0.03;
    const tracking = sweets || random() < 0.2 ? 'quantity' : 'unique';
    const cost = sweets ? 600 + 100 * between(random, 0, 20) : logBetween(random, 4_000, 600_000);
    const retailPrice = Math.round((cost * (sweets ? 1.8 : 2 + random())) / 100) * 100;
    const name = sweets ? `ギフト焼き菓子 ${index}` : base.name;
    const createdAt = new Date(firstArrival + Math.floor(random() * span)).toISOString();
    const item: BenchItem = { id: base.id, stockNumber: base.stock_number, name, tracking, cost, retailPrice, taxRatePercent: sweets ? 8 : 10 };
    items.push(item);

    pending.add('items', {
      id: item.id,
      stock_number: item.stockNumber,
      tracking,
      unit: 'piece',
      status: 'in_stock',
      name,
      category: sweets ? 'other' : base.category,
      brand: sweets ? null : base.brand,
      metal: sweets ? null : base.metal,
      condition: base.condition,
      cost,
      retail_price: retailPrice,
      tax_rate_percent: item.taxRatePercent,
      tags: '[]',
      supplier_id: consigned ? null : base.supplier_id,
      ownership: consigned ? 'consignment_in' : 'own',
      search_text: sweets ? buildSearchText({ stockNumber: item.stockNumber, name, brand: null, metal: null, mainStoneKind: null, description: null, tags: [], janCode: null }) : base.search_text,
      created_at: createdAt,
      updated_at: createdAt,
      created_by: master.ownerId,
    });

    // Stock on hand, for the dashboard's aging list: a unique piece at one location, a
    // counted one at up to three.
    const locations = [...master.stores.map((store) => store.id), master.warehouseId];
    const places = tracking === 'unique' ? 1 : 1 + Math.floor(random() * 3);
    const chosen = new Set<number>();
    while (chosen.size < places) chosen.add(pick(random, locations));
    for (const locationId of chosen) {
      pending.add('stock_balances', { item_id: item.id, location_id: locationId, quantity: tracking === 'unique' ? 1 : between(random, 1, 12), is_unique: tracking === 'unique' ? 1 : 0, updated_at: createdAt });
    }
  }
  return items;
}

/** Picks an index into `weights` with probability proportional to each weight. */
function weightedIndex(random: Random, weights: readonly number[]): number {
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  let point = random() * total;
  for (let index = 0; index < weights.length; index += 1) {
    point -= weights[index]!;
    if (point < 0) return index;
  }
  return weights.length - 1;
}

/** Relative trade of a business date: weekends, December and New Year busier, and growth over the years. */
function dayWeight(date: string, dayIndex: number): number {
  const weekday = getISODay(parseISO(date));
  const month = Number(date.slice(5, 7));
  const week = weekday >= 6 ? 1.5 : weekday === 5 ? 1.1 : 1;
  const season = month === 12 ? 1.6 : month === 1 ? 1.2 : month === 2 ? 0.8 : month === 8 ? 0.9 : 1;
  return week * season * (1 + (0.25 * dayIndex) / DAYS);
}

/** Splits `total` over the weights as whole numbers that add up to it exactly. */
function apportion(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((acc, weight) => acc + weight, 0);
  const exact = weights.map((weight) => (total * weight) / sum);
  const counts = exact.map(Math.floor);
  let left = total - counts.reduce((acc, count) => acc + count, 0);
  const order = exact.map((value, index) => ({ index, rest: value - Math.floor(value) })).sort((a, b) => b.rest - a.rest);
  for (const { index } of order) {
    if (left === 0) break;
    counts[index]! += 1;
    left -= 1;
  }
  return counts;
}

/** An instant on a Japanese business date at hour:minute Tokyo time, as ISO UTC. */
function tokyoInstant(date: string, minutesAfterMidnight: number): string {
  return new Date(Date.parse(`${date}T00:00:00+09:00`) + minutesAfterMidnight * 60_000).toISOString();
}

interface SoldLine {
  id: number;
  item: BenchItem;
  quantity: number;
  unitPrice: number;
  gross: number;
  lineDiscount: number;
  amount: number;
  allocated: number;
  final: number;
  cost: number;
}

interface ReturnPlan {
  saleId: number;
  storeIndex: number;
  lines: SoldLine[];
}

const PREFECTURES = ['東京都', '神奈川県', '埼玉県', '千葉県', '大阪府', '愛知県', '福岡県', '北海道'] as const;
const FAMILY_NAMES = ['佐藤', '鈴木', '高橋', '田中', '伊藤', '渡辺', '山本', '中村'] as const;

interface Buyer {
  name: string;
  email: string;
  phone: string;
  postalCode: string;
  address: string;
}

function buyerOf(id: number, random: Random): Buyer {
  return {
    name: `${pick(random, FAMILY_NAMES)} 花子`,
    email: `buyer${id}@example.jp`,
    phone: `090-${String(between(random, 1000, 9999))}-${String(id % 10_000).padStart(4, '0')}`,
    postalCode: `${between(random, 100, 999)}-${String(between(random, 0, 9999)).padStart(4, '0')}`,
    address: `${pick(random, PREFECTURES)}${pick(random, ['中央区', '港区', '青葉区', '北区'])}${between(random, 1, 5)}-${between(random, 1, 30)}-${between(random, 1, 20)} サンプルマンション${between(random, 101, 1205)}`,
  };
}

/**
 * The channel's order as imported, kept untouched in channel_orders.raw_json: about a
 * kilobyte and a half, as a mall's order payload with buyer, delivery, items and settlement.
 */
function rawOrderPayload(number: string, orderedAt: string, buyer: Buyer, items: readonly BenchItem[], coupon: number): string {
  return JSON.stringify({
    orderNumber: number,
    orderDatetime: orderedAt,
    orderProgress: 300,
    orderer: { ...buyer, nameKana: 'ハナコ', sex: null, birthday: null },
    delivery: { ...buyer, deliveryName: '宅配便', deliveryDate: null, deliveryTime: '午前中', shippingNumber: null },
    settlement: { method: 'クレジットカード', cardBrand: 'VISA', installments: 1, pointsUsed: 0 },
    items: items.map((item, index) => ({
      itemDetailId: index + 1,
      manageNumber: item.stockNumber,
      itemName: item.name,
      price: item.retailPrice,
      units: 1,
      taxRate: item.taxRatePercent / 100,
      includeTaxFlag: 1,
      selectedChoice: null,
    })),
    coupons: coupon > 0 ? [{ code: 'WINTER-SALE', name: '冬のクーポン', price: coupon }] : [],
    remarks: '[配送日時指定:]\n[備考:]ギフト包装をお願いします。',
  });
}

/** Tax per rate of the lines, contained in their tax-included final amounts, rounded down. */
function taxRates(lines: readonly SoldLine[]): Array<{ rate: number; total: number; tax: number }> {
  const totals = new Map<number, number>();
  for (const line of lines) totals.set(line.item.taxRatePercent, (totals.get(line.item.taxRatePercent) ?? 0) + line.final);
  return [...totals].map(([rate, total]) => ({ rate, total, tax: Math.floor((total * rate) / (100 + rate)) }));
}

/** Generates and writes the master data, the catalogue and the whole sales history. */
export async function generateSalesHistory(handle: DatabaseHandle, writer: BulkWriter, size: SalesHistorySize): Promise<GeneratedSalesHistory> {
  const today = parseISO(`${size.today}T00:00:00Z`);
  const dates = Array.from({ length: DAYS }, (_, index) => addDays(today, index - DAYS + 1).toISOString().slice(0, 10));
  const master = await createMasterData(handle, dates[0]!);
  const random = seededRandom(20261205);
  const pending = new Pending();

  const items = generateItems(pending, size, master, dates[0]!, random);
  const sweets = items.filter((item) => item.taxRatePercent === 8);
  const pickItem = () => (random() < 0.06 ? pick(random, sweets) : pick(random, items));
  await pending.flush(writer);

  const counts: GeneratedSalesHistory = { ownerId: master.ownerId, counterSales: 0, returns: 0, channelOrders: 0, saleLines: 0, orderLines: 0 };
  const next = { sale: 0, saleLine: 0, order: 0, orderLine: 0, movement: 0 };
  const returnsByDay = new Map<number, ReturnPlan[]>();
  const perDay = apportion(size.sales, dates.map(dayWeight));
  const storeWeights = master.stores.map((store) => store.weight);
  const accountWeights = master.accounts.map((account) => account.weight);
  let unflushed = 0;
  const lastInstant = Date.parse(`${size.today}T23:59:59+09:00`);

  const writeSale = (kind: 'sale' | 'return', storeIndex: number, date: string, lines: SoldLine[], extra: { originalSaleId?: number; reductions?: number; voided?: boolean }) => {
    const store = master.stores[storeIndex]!;
    const id = (next.sale += 1);
    const soldAt = tokyoInstant(date, 10 * 60 + Math.floor(random() * 600));
    const rates = taxRates(lines);
    pending.add('sales', {
      id,
      number: `${kind === 'sale' ? 'S' : 'R'}-${date.slice(0, 4)}-${String(id).padStart(7, '0')}`,
      kind,
      original_sale_id: extra.originalSaleId ?? null,
      location_id: store.id,
      register_id: store.registerId,
      status: extra.voided ? 'voided' : 'completed',
      business_date: date,
      sold_at: soldAt,
      price_basis: 'included',
      tax_rounding: 'down',
      subtotal: lines.reduce((sum, line) => sum + line.amount, 0),
      reduction_total: lines.reduce((sum, line) => sum + line.allocated, 0),
      total: lines.reduce((sum, line) => sum + line.final, 0),
      tax_total: rates.reduce((sum, rate) => sum + rate.tax, 0),
      reductions_json: extra.reductions ? JSON.stringify([{ kind: 'points', discount: { yen: extra.reductions } }]) : '[]',
      reason: kind === 'return' ? 'サイズが合わない' : null,
      invoice_registration_number: 'T1234567890123',
      receipt_print_count: 1,
      voided_at: extra.voided ? soldAt : null,
      voided_by: extra.voided ? master.ownerId : null,
      void_reason: extra.voided ? '打ち間違い' : null,
      created_by: pick(random, store.staffIds),
      created_at: soldAt,
    });
    lines.forEach((line, index) => {
      const lineId = kind === 'sale' ? line.id : (next.saleLine += 1);
      pending.add('sale_lines', {
        id: lineId,
        sale_id: id,
        line_no: index + 1,
        item_id: line.item.id,
        original_line_id: kind === 'return' ? line.id : null,
        quantity: line.quantity,
        unit_price: line.unitPrice,
        price_basis: 'included',
        tax_rate_percent: line.item.taxRatePercent,
        discount_json: line.lineDiscount > 0 ? '{"percent":10}' : null,
        gross_amount: line.gross,
        line_discount: line.lineDiscount,
        amount: line.amount,
        allocated_reduction: line.allocated,
        final_amount: line.final,
        cost_amount: line.cost,
        return_location_id: kind === 'return' ? store.id : null,
      });
    });
    for (const rate of rates) pending.add('sale_tax_rates', { sale_id: id, rate_percent: rate.rate, amount: rate.total, total: rate.total, net: rate.total - rate.tax, tax: rate.tax });
    counts.saleLines += lines.length;
    return id;
  };

  const counterSale = (dayIndex: number, date: string) => {
    const storeIndex = weightedIndex(random, storeWeights);
    const store = master.stores[storeIndex]!;
    const lineCount = random() < 0.65 ? 1 : random() < 0.72 ? 2 : 3;
    const lines: SoldLine[] = Array.from({ length: lineCount }, () => {
      const item = pickItem();
      const quantity = item.tracking === 'quantity' && random() < 0.15 ? between(random, 2, 3) : 1;
      const gross = item.retailPrice * quantity;
      const lineDiscount = random() < 0.2 ? Math.floor(gross / 10) : 0;
      return { id: (next.saleLine += 1), item, quantity, unitPrice: item.retailPrice, gross, lineDiscount, amount: gross - lineDiscount, allocated: 0, final: gross - lineDiscount, cost: item.cost * quantity };
    });

    // Points used on one sale in seven, spread over the lines by amount as the tax engine does.
    const subtotal = lines.reduce((sum, line) => sum + line.amount, 0);
    const points = random() < 0.15 ? Math.min(pick(random, [500, 1000, 3000]), subtotal) : 0;
    if (points > 0) {
      const parts = allocateByRatio(points, lines.map((line) => Math.max(line.amount, 1)));
      lines.forEach((line, index) => {
        line.allocated = parts[index]!;
        line.final = line.amount - line.allocated;
      });
    }

    const voided = random() < VOID_SHARE;
    const saleId = writeSale('sale', storeIndex, date, lines, { reductions: points, voided });
    // One sale in four is credited to two colleagues, 60/40.
    if (random() < 0.25) {
      const [first, second] = [pick(random, store.staffIds), pick(random, store.staffIds)];
      if (first !== second) {
        pending.add('sale_staff', { sale_id: saleId, user_id: first, share_percent: 60 });
        pending.add('sale_staff', { sale_id: saleId, user_id: second, share_percent: 40 });
      } else pending.add('sale_staff', { sale_id: saleId, user_id: first, share_percent: 100 });
    } else pending.add('sale_staff', { sale_id: saleId, user_id: pick(random, store.staffIds), share_percent: 100 });
    counts.counterSales += 1;

    // A return in the following weeks, sometimes in a later month; one line or the whole sale.
    const returnDay = dayIndex + between(random, 1, 40);
    if (!voided && random() < RETURN_SHARE && returnDay < DAYS) {
      const returned = lines.length > 1 && random() < 0.5 ? [pick(random, lines)] : lines;
      const plans = returnsByDay.get(returnDay) ?? [];
      plans.push({ saleId, storeIndex, lines: returned });
      returnsByDay.set(returnDay, plans);
    }
  };

  const channelOrder = (date: string) => {
    const account = master.accounts[weightedIndex(random, accountWeights)]!;
    const id = (next.order += 1);
    const soldAt = tokyoInstant(date, 9 * 60 + Math.floor(random() * 540));
    const orderedAt = new Date(Date.parse(soldAt) - Math.floor(random() * 3 * 86_400_000)).toISOString();
    const cancelled = random() < CANCELLED_ORDER_SHARE;
    const lineItems = Array.from({ length: random() < 0.85 ? 1 : 2 }, pickItem);
    const listTotal = lineItems.reduce((sum, item) => sum + item.retailPrice, 0);
    const coupon = random() < 0.1 ? Math.min(pick(random, [500, 1000, 2000]), listTotal) : 0;
    const buyer = buyerOf(id, random);
    const number =
      account.kind === 'rakuten' ? `372911-${date.replaceAll('-', '')}-${String(id).padStart(10, '0')}` : account.kind === 'yahoo' ? `tsunagu-jewel-${10_000_000 + id}` : `OS-${String(id).padStart(8, '0')}`;

    pending.add('channel_orders', {
      id,
      channel_account_id: account.id,
      order_number: number,
      status: cancelled ? 'cancelled' : 'shipped',
      version: '1',
      ordered_at: orderedAt,
      buyer_name: buyer.name,
      buyer_json: JSON.stringify(buyer),
      delivery_json: JSON.stringify({ ...buyer, method: '宅配便', wishDate: null, wishTime: '午前中' }),
      totals_json: JSON.stringify({ coupon, total: listTotal - coupon }),
      total: listTotal - coupon,
      totals_check_json: JSON.stringify({ ok: true, differences: [] }),
      raw_json: rawOrderPayload(number, orderedAt, buyer, lineItems, coupon),
      confirmed_at: orderedAt,
      cancelled_at: cancelled ? soldAt : null,
      imported_at: orderedAt,
      updated_at: soldAt,
    });
    lineItems.forEach((item, index) => {
      const returnAt = Date.parse(soldAt) + between(random, 5, 20) * 86_400_000;
      const returnedAt = !cancelled && random() < CHANNEL_RETURN_SHARE && returnAt < lastInstant ? new Date(returnAt).toISOString() : null;
      pending.add('channel_order_lines', {
        id: (next.orderLine += 1),
        order_id: id,
        line_key: String(index + 1),
        external_code: item.stockNumber,
        title: item.name,
        unit_price: item.retailPrice,
        quantity: 1,
        tax_included: 1,
        tax_rate: item.taxRatePercent === 8 ? '0.08' : '0.1',
        item_id: item.id,
        state: cancelled ? 'released' : 'sold',
        sold_at: cancelled ? null : soldAt,
        returned_at: returnedAt,
        return_location_id: returnedAt ? master.warehouseId : null,
        return_reason: returnedAt ? 'イメージと違う' : null,
      });
      if (!cancelled) {
        pending.add('stock_movements', {
          id: (next.movement += 1),
          item_id: item.id,
          kind: 'channel_sale',
          from_location_id: master.warehouseId,
          to_location_id: null,
          quantity: 1,
          cost_amount: item.cost,
          document_type: 'channel_order',
          document_id: id,
          occurred_at: soldAt,
          recorded_at: soldAt,
        });
      }
    });
    counts.channelOrders += 1;
    counts.orderLines += lineItems.length;
  };

  for (let dayIndex = 0; dayIndex < DAYS; dayIndex += 1) {
    const date = dates[dayIndex]!;
    for (let n = 0; n < perDay[dayIndex]!; n += 1) {
      if (random() < COUNTER_SHARE) counterSale(dayIndex, date);
      else channelOrder(date);
    }
    for (const plan of returnsByDay.get(dayIndex) ?? []) {
      writeSale('return', plan.storeIndex, date, plan.lines, { originalSaleId: plan.saleId });
      counts.returns += 1;
    }
    returnsByDay.delete(dayIndex);

    unflushed += perDay[dayIndex]!;
    if (unflushed >= SALES_PER_FLUSH || dayIndex === DAYS - 1) {
      await pending.flush(writer);
      unflushed = 0;
    }
  }

  await writeTargets(handle, master, dates, size.sales);
  if (handle.kind === 'postgres') {
    // Explicit ids leave the sequences behind; later inserts through the services continue after them.
    for (const table of ['items', 'sales', 'sale_lines', 'channel_orders', 'channel_order_lines', 'stock_movements']) {
      await sql`select setval(pg_get_serial_sequence(${table}, 'id'), greatest((select max(id) from ${sql.table(table)}), 1))`.execute(handle.db);
    }
  }
  return counts;
}

/** Monthly targets per store and for the company, about what the history sells. */
async function writeTargets(handle: DatabaseHandle, master: Master, dates: readonly string[], sales: number): Promise<void> {
  const months = [...new Set(dates.map((date) => date.slice(0, 7)))];
  const perMonth = Math.round(((sales / months.length) * 60_000) / 1000) * 1000;
  const updatedAt = new Date().toISOString();
  const weightSum = master.stores.reduce((sum, store) => sum + store.weight, 0);
  const rows = months.flatMap((month) => [
    { month, scope: 'company' as const, scope_ref: '', amount: perMonth, updated_by: master.ownerId, updated_at: updatedAt },
    ...master.stores.map((store) => ({ month, scope: 'location' as const, scope_ref: String(store.id), amount: Math.round((perMonth * COUNTER_SHARE * store.weight) / weightSum / 1000) * 1000, updated_by: master.ownerId, updated_at: updatedAt })),
  ]);
  for (let start = 0; start < rows.length; start += 100) await handle.db.insertInto('sales_targets').values(rows.slice(start, start + 100)).execute();
}
