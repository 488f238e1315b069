import type { Db } from '../../db/database.js';
import { nowIso } from '../../db/database.js';
import { createTestLocation, receiveTestItem, uniqueCode } from '../../../test/helpers/factories.js';
import { syncSoldLinePayable } from './payable-ledger.js';
import type { SoldLine } from './payables.js';

// Test data for settlement statements, written straight into the tables: a consignor with an
// agreement, consigned pieces, payable entries through syncSoldLinePayable, and returns.

export interface TestConsignor {
  consignorId: number;
  agreementId: number;
  receiptId: number;
  locationId: number;
  code: string;
  name: string;
  commissionRateBp: number;
}

export interface TestConsignorOptions {
  closingDay?: number;
  /** Basis points; 2000 (20 %) unless given. */
  commissionRateBp?: number;
  discountBearer?: 'consignor' | 'shop';
  receivedOn?: string;
  feeBearer?: 'consignor' | 'shop';
  feeRateBp?: number;
  shippingBearer?: 'consignor' | 'shop';
  shippingCost?: number;
  name?: string;
}

/**
 * Inserts a dealer with a commission agreement and a receipt: 20 %, discounts borne by the
 * consignor, fees and shipping borne by the shop, unless the options set them.
 */
export async function createTestConsignor(db: Db, options: TestConsignorOptions = {}): Promise<TestConsignor> {
  const now = nowIso();
  const code = uniqueCode('CN');
  const name = options.name ?? `委託者 ${code}`;
  const location = await createTestLocation(db);
  const consignor = await db
    .insertInto('consignors')
    .values({ code, name, kind: 'dealer', postal_code: '110-0005', address: '東京都台東区上野 1-2-3', invoice_registration_number: 'T1234567890123', created_at: now, updated_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  const consignorId = Number(consignor.id);
  const agreement = await db
    .insertInto('consignment_in_agreements')
    .values({
      number: uniqueCode('CA'),
      consignor_id: consignorId,
      terms: 'commission',
      commission_rate_bp: options.commissionRateBp ?? 2000,
      discount_bearer: options.discountBearer ?? 'consignor',
      fee_bearer: options.feeBearer ?? 'shop',
      fee_rate_bp: options.feeRateBp ?? 0,
      shipping_bearer: options.shippingBearer ?? 'shop',
      shipping_cost: options.shippingCost ?? 0,
      closing_day: options.closingDay ?? 31,
      starts_on: '2026-01-01',
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const receipt = await db
    .insertInto('consignment_in_receipts')
    .values({ number: uniqueCode('CR'), consignor_id: consignorId, agreement_id: Number(agreement.id), location_id: location.id, received_on: options.receivedOn ?? '2026-09-01', created_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { consignorId, agreementId: Number(agreement.id), receiptId: Number(receipt.id), locationId: location.id, code, name, commissionRateBp: options.commissionRateBp ?? 2000 };
}

/** Receives a consigned piece at the consignor's location on the commission terms of the agreement. */
export async function createConsignedPiece(db: Db, consignor: TestConsignor, name: string, retailPrice: number): Promise<number> {
  const item = await receiveTestItem(db, { locationId: consignor.locationId, name, retailPrice });
  const now = nowIso();
  await db.updateTable('items').set({ ownership: 'consignment_in' }).where('id', '=', item.id).execute();
  await db
    .insertInto('consigned_items')
    .values({
      item_id: item.id,
      consignor_id: consignor.consignorId,
      agreement_id: consignor.agreementId,
      receipt_id: consignor.receiptId,
      terms: 'commission',
      commission_rate_bp: consignor.commissionRateBp,
      created_at: now,
      updated_at: now,
    })
    .execute();
  return item.id;
}

/**
 * Inserts a shipped online order of one line selling the piece, on a new own-site channel
 * account, and returns the line's sold line key ('channel_order_line:<id>').
 */
export async function createChannelOrderLine(db: Db, itemId: number, accountName: string, orderNumber: string, price: number): Promise<string> {
  const now = nowIso();
  const account = await db
    .insertInto('channel_accounts')
    .values({ kind: 'own_site', name: accountName, settings_json: '{}', sealed_credentials: '', created_at: now, updated_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  const order = await db
    .insertInto('channel_orders')
    .values({
      channel_account_id: Number(account.id),
      order_number: orderNumber,
      status: 'shipped',
      version: '1',
      ordered_at: now,
      buyer_name: '佐藤 花子',
      buyer_json: '{}',
      totals_json: '{}',
      total: price,
      totals_check_json: '{}',
      raw_json: '{}',
      imported_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const line = await db
    .insertInto('channel_order_lines')
    .values({ order_id: Number(order.id), line_key: '1', title: 'test piece', unit_price: price, quantity: 1, tax_included: 1, item_id: itemId, state: 'sold', sold_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return `channel_order_line:${line.id}`;
}

let nextSourceId = 1;

/** Builds a sold line with no discount, refund, fee or shipping unless overridden. */
export function soldLine(listAmount: number, overrides: Partial<SoldLine> = {}): SoldLine {
  return { listAmount, discountAmount: 0, refundAmount: 0, feeBearingAmount: 0, shipments: 0, ...overrides };
}

/**
 * Records a change of a sold line as a sale, refund or return would: one payable entry with
 * the difference, dated `businessDate`. Returns the entry id, or null when nothing changed.
 * Use keys such as 'test_line:<item id>': a 'sale_line:<id>' key would share its entries
 * with a real counter sale line of the same id in the test database.
 */
export async function recordSoldLine(db: Db, itemId: number, soldLineKey: string, businessDate: string, line: SoldLine | null): Promise<number | null> {
  const sourceId = nextSourceId++;
  return db.transaction().execute((trx) => syncSoldLinePayable(trx, { itemId, soldLineKey, source: { type: 'test', id: sourceId, lineId: 1 }, businessDate, line }));
}

/** Records the return of a piece to its consignor on a date. */
export async function returnToConsignor(db: Db, consignor: TestConsignor, itemId: number, returnedOn: string): Promise<string> {
  const number = uniqueCode('RT');
  const now = nowIso();
  const created = await db
    .insertInto('consignment_returns')
    .values({ number, consignor_id: consignor.consignorId, location_id: consignor.locationId, returned_on: returnedOn, created_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.insertInto('consignment_return_lines').values({ return_id: Number(created.id), item_id: itemId, quantity: 1 }).execute();
  await db.updateTable('consigned_items').set({ status: 'returned', returned_on: returnedOn, return_id: Number(created.id), updated_at: now }).where('item_id', '=', itemId).execute();
  return number;
}
