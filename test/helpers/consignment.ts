import type { Db } from '../../src/db/database.js';
import { nowIso } from '../../src/db/database.js';
import type { Bearer, Item } from '../../src/db/schema.js';
import { receiveTestItem, uniqueCode } from './factories.js';

// A consigned piece for tests that need one without going through the receiving screen:
// a consignor, an agreement and a receipt row, and the piece marked as the consignor's.

export interface ConsignTestItemInput {
  locationId: number;
  retailPrice?: number;
  /** Basis points; 2000 = 20 %. */
  commissionRateBp?: number;
  discountBearer?: Bearer;
  feeBearer?: Bearer;
  feeRateBp?: number;
  shippingBearer?: Bearer;
  shippingCost?: number;
  stockNumber?: string;
}

export interface ConsignedTestItem {
  item: Item;
  consignorId: number;
  agreementId: number;
}

export async function consignTestItem(db: Db, input: ConsignTestItemInput): Promise<ConsignedTestItem> {
  const item = await receiveTestItem(db, { locationId: input.locationId, cost: 0, retailPrice: input.retailPrice ?? 55_000, ...(input.stockNumber ? { stockNumber: input.stockNumber } : {}) });
  const now = nowIso();

  return db.transaction().execute(async (trx) => {
    const consignor = await trx
      .insertInto('consignors')
      .values({ code: uniqueCode('CO'), name: 'テスト委託者', kind: 'dealer', created_at: now, updated_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    const agreement = await trx
      .insertInto('consignment_in_agreements')
      .values({
        number: uniqueCode('CA'),
        consignor_id: consignor.id,
        terms: 'commission',
        commission_rate_bp: input.commissionRateBp ?? 2000,
        discount_bearer: input.discountBearer ?? 'consignor',
        fee_bearer: input.feeBearer ?? 'shop',
        fee_rate_bp: input.feeRateBp ?? 0,
        shipping_bearer: input.shippingBearer ?? 'shop',
        shipping_cost: input.shippingCost ?? 0,
        starts_on: '2026-01-01',
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const receipt = await trx
      .insertInto('consignment_in_receipts')
      .values({ number: uniqueCode('CR'), consignor_id: consignor.id, agreement_id: agreement.id, location_id: input.locationId, received_on: '2026-01-01', created_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx.updateTable('items').set({ ownership: 'consignment_in' }).where('id', '=', item.id).execute();
    await trx
      .insertInto('consigned_items')
      .values({
        item_id: item.id,
        consignor_id: consignor.id,
        agreement_id: agreement.id,
        receipt_id: receipt.id,
        terms: 'commission',
        commission_rate_bp: input.commissionRateBp ?? 2000,
        net_amount: null,
        return_due_on: null,
        created_at: now,
        updated_at: now,
      })
      .execute();
    return { item: { ...item, ownership: 'consignment_in' as const }, consignorId: Number(consignor.id), agreementId: Number(agreement.id) };
  });
}
