import { sql } from 'kysely';
import type { Executor, Tx } from '../../db/database.js';
import { assertCanActAt, canActAt, scopedLocationIds, visibleItemIds, type LocationScope } from '../access/scope.js';
import { itemErrors } from '../items/errors.js';
import { nowIso } from '../../db/database.js';
import { databaseKindOf } from '../../db/dialect.js';
import type { Item } from '../../db/schema.js';
import { getCompanySettings } from '../company/service.js';
import { createItem, getItem, setItemStatus, toItemOutput } from '../items/service.js';
import { recordMovement } from '../ledger/service.js';
import { nextDocumentNumber } from '../sequences/service.js';
import { fetchPage, requireStockLocation, type StockContext } from '../stock-lines/service.js';
import { getSupplier } from '../suppliers/service.js';
import { purchaseErrors } from './errors.js';
import type { PurchaseInput, PurchaseLineInput, PurchaseListQuery, PurchaseOutput, PurchaseSummary, SellerIdentityInput } from './schemas.js';
import { listSecondhandEntries } from './secondhand-ledger.js';
import { describeForSecondhandLedger } from './secondhand.js';
import { purchaseTotals } from './totals.js';

export const PURCHASE_DOCUMENT = 'purchase';

/** Unit cost of a line: the entered one, or else the new item's cost. */
function unitCostOf(line: PurchaseLineInput): number {
  return line.unitCost ?? line.item?.cost ?? 0;
}

/**
 * Receives a supplier's goods on one purchase slip (仕入), all in the caller's transaction.
 * It issues the number, creates the new items and receives every line at the location with
 * a 'purchase_receipt' movement at quantity × unit cost. It writes the lines and the tax,
 * computed once per document with the company's rounding mode. For pre-owned goods bought
 * with a seller's identity it writes one secondhand ledger row per line. Received items
 * become in_stock.
 */
export async function createPurchase(trx: Tx, input: PurchaseInput, ctx: StockContext): Promise<PurchaseOutput> {
  const supplier = await getSupplier(trx, input.supplierId, 'supplierId');
  if (supplier.is_active !== 1) throw purchaseErrors.supplier_inactive({ supplier: supplier.name }, { field: 'supplierId' });
  const location = await requireStockLocation(trx, input.locationId);
  assertCanActAt(ctx.scope, location, 'locationId');
  if (input.isSecondhand && supplier.kind === 'individual' && !input.seller) {
    throw purchaseErrors.seller_identity_required({ supplier: supplier.name }, { field: 'seller' });
  }

  const settings = await getCompanySettings(trx);
  // A private individual charges no consumption tax, so a slip from one defaults to 0%.
  const defaultRate = supplier.kind === 'individual' ? 0 : settings.defaultTaxRatePercent;
  const taxRatePercent = input.taxRatePercent ?? defaultRate;
  const lines = input.lines.map((line) => ({ ...line, unitCost: unitCostOf(line) }));
  const totals = purchaseTotals(lines, taxRatePercent, settings.taxRounding);

  const header = await trx
    .insertInto('purchases')
    .values({
      number: await nextDocumentNumber(trx, 'P', input.purchasedOn),
      supplier_id: supplier.id,
      location_id: location.id,
      purchased_on: input.purchasedOn,
      supplier_document_number: input.supplierDocumentNumber ?? null,
      is_secondhand: input.isSecondhand ? 1 : 0,
      tax_rate_percent: taxRatePercent,
      subtotal: totals.subtotal,
      tax_amount: totals.taxAmount,
      total: totals.total,
      note: input.note ?? null,
      created_by: ctx.userId,
      created_at: nowIso(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();

  for (const [index, line] of lines.entries()) {
    const amount = totals.lineAmounts[index]!;
    const item = line.item
      ? await createItem(trx, { ...line.item, cost: line.unitCost, supplierId: line.item.supplierId ?? supplier.id }, { userId: ctx.userId })
      : await averageInCost(trx, line.itemId!, line.quantity, amount, index, ctx.scope);

    await recordMovement(trx, {
      itemId: item.id,
      kind: 'purchase_receipt',
      fromLocationId: null,
      toLocationId: location.id,
      quantity: line.quantity,
      costAmount: amount,
      documentType: PURCHASE_DOCUMENT,
      documentId: header.id,
      userId: ctx.userId,
    });
    const received = await setItemStatus(trx, item.id, 'in_stock');

    await trx
      .insertInto('purchase_lines')
      .values({ purchase_id: header.id, line_no: index + 1, item_id: item.id, quantity: line.quantity, unit_cost: line.unitCost, amount })
      .execute();
    if (input.seller) {
      await recordSecondhandEntry(trx, { purchaseId: header.id, acquiredOn: input.purchasedOn, item: received, quantity: line.quantity, price: amount, features: line.features, seller: input.seller, checkedBy: ctx.userId });
    }
  }

  return getPurchase(trx, header.id, ctx.scope);
}

/**
 * Prepares an existing quantity-tracked item for more stock at a new unit cost: its cost
 * per unit becomes the moving average over what is on hand and what arrives, rounded half
 * up to the yen, in one UPDATE. Must run before the receipt's movement. Rejects a unique
 * piece, which cannot be received twice.
 */
async function averageInCost(
  trx: Tx,
  itemId: number,
  quantity: number,
  amount: number,
  index: number,
  scope: LocationScope,
): Promise<Item> {
  // An item the user may not see is reported as missing, like in every other stock document.
  if (!(await visibleItemIds(trx, scope, [itemId])).has(itemId)) {
    throw itemErrors.item_not_found({ value: `ID ${itemId}` }, { field: `lines.${index}.itemId` });
  }
  const item = await getItem(trx, itemId);
  if (item.tracking !== 'quantity') {
    throw purchaseErrors.purchase_item_not_quantity_tracked({ stockNumber: item.stock_number }, { field: `lines.${index}.itemId` });
  }

  // On PostgreSQL, lock the item first so that the UPDATE, a later statement, reads every
  // receipt committed before it. A concurrent receipt of the same item waits here.
  if (databaseKindOf(trx) === 'postgres') {
    await trx.selectFrom('items').select('id').where('id', '=', itemId).forUpdate().execute();
  }
  const onHand = sql`(select cast(coalesce(sum(quantity), 0) as bigint) from stock_balances where item_id = ${itemId})`;
  const arriving = sql`cast(${quantity} as bigint)`;
  const arrivingCost = sql`cast(${amount} as bigint)`;
  // round_half_up(x / d) = floor((2x + d) / 2d) with x = cost × on hand + arriving cost and
  // d = on hand + arriving quantity; every term is a non-negative integer.
  return trx
    .updateTable('items')
    .set({
      cost: sql`(2 * (cost * ${onHand} + ${arrivingCost}) + ${onHand} + ${arriving}) / (2 * (${onHand} + ${arriving}))`,
      updated_at: nowIso(),
    })
    .where('id', '=', itemId)
    .returningAll()
    .executeTakeFirstOrThrow();
}

interface SecondhandEntryInput {
  purchaseId: number;
  acquiredOn: string;
  item: Item;
  quantity: number;
  price: number;
  features: string | null | undefined;
  seller: SellerIdentityInput;
  checkedBy: number | null;
}

async function recordSecondhandEntry(trx: Tx, entry: SecondhandEntryInput): Promise<void> {
  await trx
    .insertInto('secondhand_records')
    .values({
      purchase_id: entry.purchaseId,
      item_id: entry.item.id,
      acquired_on: entry.acquiredOn,
      item_description: describeForSecondhandLedger(entry.item, entry.features),
      quantity: entry.quantity,
      price: entry.price,
      seller_name: entry.seller.name,
      seller_address: entry.seller.address,
      seller_occupation: entry.seller.occupation,
      seller_birth_date: entry.seller.birthDate ?? null,
      seller_age: entry.seller.age ?? null,
      id_check_method: entry.seller.idCheckMethod,
      id_check_description: entry.seller.idCheckDescription ?? null,
      id_document_number: entry.seller.idDocumentNumber,
      checked_by: entry.checkedBy,
      created_at: nowIso(),
    })
    .execute();
}

function summaryQuery(db: Executor) {
  return db
    .selectFrom('purchases')
    .innerJoin('suppliers', 'suppliers.id', 'purchases.supplier_id')
    .innerJoin('locations', 'locations.id', 'purchases.location_id')
    .select((eb) => [
      'purchases.id',
      'purchases.number',
      'purchases.supplier_id',
      'suppliers.name as supplier_name',
      'purchases.location_id',
      'locations.name as location_name',
      'purchases.purchased_on',
      'purchases.supplier_document_number',
      'purchases.is_secondhand',
      'purchases.tax_rate_percent',
      'purchases.subtotal',
      'purchases.tax_amount',
      'purchases.total',
      'purchases.note',
      'purchases.created_by',
      'purchases.created_at',
      eb
        .selectFrom('purchase_lines')
        .select((inner) => inner.fn.countAll<number>().as('count'))
        .whereRef('purchase_lines.purchase_id', '=', 'purchases.id')
        .as('line_count'),
    ]);
}

type SummaryRow = Awaited<ReturnType<ReturnType<typeof summaryQuery>['executeTakeFirstOrThrow']>>;

function toSummary(row: SummaryRow): PurchaseSummary {
  return {
    id: row.id,
    number: row.number,
    supplierId: row.supplier_id,
    supplierName: row.supplier_name,
    locationId: row.location_id,
    locationName: row.location_name,
    purchasedOn: row.purchased_on,
    supplierDocumentNumber: row.supplier_document_number,
    isSecondhand: row.is_secondhand === 1,
    taxRatePercent: row.tax_rate_percent,
    subtotal: row.subtotal,
    taxAmount: row.tax_amount,
    total: row.total,
    note: row.note,
    lineCount: Number(row.line_count ?? 0),
    createdBy: row.created_by,
    createdAt: row.created_at,
  };
}

/** Loads a purchase with its lines, each line's item, and its secondhand ledger rows. */
export async function getPurchase(db: Executor, id: number, scope: LocationScope): Promise<PurchaseOutput> {
  const row = await summaryQuery(db).where('purchases.id', '=', id).executeTakeFirst();
  if (!row || !canActAt(scope, row.location_id)) throw purchaseErrors.purchase_not_found({ id });

  const lines = await db
    .selectFrom('purchase_lines')
    .innerJoin('items', 'items.id', 'purchase_lines.item_id')
    .selectAll('items')
    .select([
      'purchase_lines.line_no',
      'purchase_lines.quantity as line_quantity',
      'purchase_lines.unit_cost',
      'purchase_lines.amount',
    ])
    .where('purchase_lines.purchase_id', '=', id)
    .orderBy('purchase_lines.line_no')
    .execute();

  return {
    ...toSummary(row),
    lines: lines.map(({ line_no, line_quantity, unit_cost, amount, ...item }) => ({
      lineNo: line_no,
      itemId: item.id,
      quantity: line_quantity,
      unitCost: unit_cost,
      amount,
      item: toItemOutput(item),
    })),
    secondhandRecords: await listSecondhandEntries(db, { purchaseId: id }),
  };
}

/** Lists purchases newest first, filtered by business date range, supplier and receiving location. */
export async function listPurchases(db: Executor, query: PurchaseListQuery, scope: LocationScope) {
  let filtered = summaryQuery(db);
  // A user limited to some locations gets only the documents of those locations.
  if (!scope.all) filtered = filtered.where('purchases.location_id', 'in', scopedLocationIds(scope));
  if (query.from) filtered = filtered.where('purchases.purchased_on', '>=', query.from);
  if (query.to) filtered = filtered.where('purchases.purchased_on', '<=', query.to);
  if (query.supplierId) filtered = filtered.where('purchases.supplier_id', '=', query.supplierId);
  if (query.locationId) filtered = filtered.where('purchases.location_id', '=', query.locationId);

  const { rows, ...page } = await fetchPage(
    filtered.orderBy('purchases.purchased_on', 'desc').orderBy('purchases.id', 'desc'),
    query,
  );
  return { purchases: rows.map(toSummary), ...page };
}
