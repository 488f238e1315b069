import type { Executor } from '../../db/database.js';
import { balancesOf } from '../ledger/service.js';
import type { ItemDetailOutput, ItemLineageOutput } from './schemas.js';
import { consignorsOfItems, getVisibleItem, toItemOutput } from './service.js';
import { companyTaxRounding, retailPriceIncludingTax } from './pricing.js';
import { actableItemIds, canSeeStockAt, type LocationScope } from '../access/scope.js';

// One item as the detail screen and the scanner lookup show it.

/**
 * Loads an item with its photos, stock per location (in-transit included), supplier and
 * lineage: the items it was split from or combined out of, and the items made from it.
 * Stock at locations the user may not see is left out. Throws item_not_found, also for an
 * item outside the user's scope.
 */
export async function getItemDetail(db: Executor, id: number, scope: LocationScope): Promise<ItemDetailOutput> {
  const item = await getVisibleItem(db, id, scope);

  const photos = await db
    .selectFrom('item_photos')
    .select(['id', 'position', 'url', 'alt_text'])
    .where('item_id', '=', id)
    .orderBy('position')
    .execute();
  const balances = (await balancesOf(db, id))
    .map((balance) => ({ ...balance, quantity: Number(balance.quantity) }))
    .filter((balance) => canSeeStockAt(scope, balance.locationId));
  const supplier =
    item.supplier_id === null
      ? undefined
      : await db.selectFrom('suppliers').select(['id', 'code', 'name']).where('id', '=', item.supplier_id).executeTakeFirst();

  return {
    ...toItemOutput(item),
    retailPriceIncludingTax: retailPriceIncludingTax(item, await companyTaxRounding(db)),
    photos: photos.map((photo) => ({ id: photo.id, position: photo.position, url: photo.url, altText: photo.alt_text })),
    balances,
    onHand: balances.reduce((sum, balance) => sum + balance.quantity, 0),
    supplier: supplier ?? null,
    consignor: (await consignorsOfItems(db, [id])).get(id) ?? null,
    lineage: {
      parents: await lineageOf(db, id, 'parents'),
      children: await lineageOf(db, id, 'children'),
    },
    atUsersLocations: (await actableItemIds(db, scope, [id])).has(id),
  };
}

async function lineageOf(db: Executor, itemId: number, direction: 'parents' | 'children'): Promise<ItemLineageOutput[]> {
  // Parents are found through child_item_id = this item, and the other way round.
  const [ownColumn, otherColumn] =
    direction === 'parents'
      ? (['item_lineage.child_item_id', 'item_lineage.parent_item_id'] as const)
      : (['item_lineage.parent_item_id', 'item_lineage.child_item_id'] as const);

  const rows = await db
    .selectFrom('item_lineage')
    .innerJoin('items', 'items.id', otherColumn)
    .innerJoin('stock_operations', 'stock_operations.id', 'item_lineage.operation_id')
    .select([
      'item_lineage.operation_id',
      'stock_operations.number',
      'stock_operations.kind',
      'items.id',
      'items.stock_number',
      'items.name',
      'item_lineage.allocated_cost',
    ])
    .where(ownColumn, '=', itemId)
    .orderBy('item_lineage.id')
    .execute();

  return rows.map((row) => ({
    operationId: row.operation_id,
    operationNumber: row.number,
    operationKind: row.kind,
    itemId: row.id,
    stockNumber: row.stock_number,
    name: row.name,
    allocatedCost: row.allocated_cost,
  }));
}
