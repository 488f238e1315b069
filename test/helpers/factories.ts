import { randomBytes } from 'node:crypto';
import type { Db } from '../../src/db/database.js';
import type { Item, Location, Supplier } from '../../src/db/schema.js';
import { itemAttributesInput, type ItemAttributesRequest } from '../../src/modules/items/schemas.js';
import { createItem, setItemStatus } from '../../src/modules/items/service.js';
import { recordMovement } from '../../src/modules/ledger/service.js';
import { createLocation } from '../../src/modules/locations/service.js';
import type { LocationInput } from '../../src/modules/locations/schemas.js';
import { createSupplier, getSupplier } from '../../src/modules/suppliers/service.js';
import type { SupplierInput } from '../../src/modules/suppliers/schemas.js';

// Small factories for database tests. Every code they generate is unique, so tests can
// share one database without depending on each other's rows.

/** Returns a random code such as "T1A2B3C4", unique enough for one test database. */
export function uniqueCode(prefix = 'T'): string {
  return `${prefix}${randomBytes(4).toString('hex').toUpperCase()}`;
}

/** Creates an active store (or the given kind) with a unique code. */
export async function createTestLocation(db: Db, overrides: Partial<LocationInput> = {}): Promise<Location> {
  const code = overrides.code ?? uniqueCode('L');
  const created = await db.transaction().execute((trx) =>
    createLocation(trx, { code, name: `Test location ${code}`, kind: 'store', ...overrides }),
  );
  return db.selectFrom('locations').selectAll().where('id', '=', created.id).executeTakeFirstOrThrow();
}

/** Creates an active business supplier (or an individual, with kind) with a unique code. */
export async function createTestSupplier(db: Db, overrides: Partial<SupplierInput> = {}): Promise<Supplier> {
  const code = overrides.code ?? uniqueCode('S');
  const created = await db.transaction().execute((trx) =>
    createSupplier(trx, { code, name: `Test supplier ${code}`, kind: 'business', ...overrides }),
  );
  return getSupplier(db, created.id);
}

export interface ReceiveTestItemInput extends Partial<ItemAttributesRequest> {
  locationId: number;
  /** Quantity received; 1 unless the item is quantity-tracked. */
  quantity?: number;
}

/**
 * Creates an item through createItem and receives it at a location with a purchase_receipt
 * movement at its cost, as a purchase would, then sets it in_stock. Attributes default to
 * a K18 ring costing ¥50,000; any attribute can be overridden.
 */
export async function receiveTestItem(db: Db, input: ReceiveTestItemInput): Promise<Item> {
  const { locationId, quantity = 1, ...overrides } = input;
  const attributes = itemAttributesInput.parse({
    name: 'Test ring K18',
    category: 'ring',
    metal: 'K18',
    cost: 50_000,
    retailPrice: 132_000,
    ...overrides,
  });

  return db.transaction().execute(async (trx) => {
    const item = await createItem(trx, attributes, { userId: null });
    await recordMovement(trx, {
      itemId: item.id,
      kind: 'purchase_receipt',
      fromLocationId: null,
      toLocationId: locationId,
      quantity,
      costAmount: item.cost * quantity,
      documentType: 'test',
    });
    return setItemStatus(trx, item.id, 'in_stock');
  });
}

/** Quantity of an item at one location (0 when it has none there). */
export async function quantityAt(db: Db, itemId: number, locationId: number): Promise<number> {
  const row = await db
    .selectFrom('stock_balances')
    .select('quantity')
    .where('item_id', '=', itemId)
    .where('location_id', '=', locationId)
    .executeTakeFirst();
  return Number(row?.quantity ?? 0);
}
