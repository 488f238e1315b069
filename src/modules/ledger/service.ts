import { sql } from 'kysely';
import type { Executor, Tx } from '../../db/database.js';
import { nowIso } from '../../db/database.js';
import type { MovementKind } from '../../db/schema.js';
import { ledgerErrors } from './errors.js';

export interface MovementInput {
  itemId: number;
  kind: MovementKind;
  /** Location the quantity leaves; null when it enters stock from outside (receipt). */
  fromLocationId: number | null;
  /** Location the quantity arrives at; null when it leaves stock (sale, write-off). */
  toLocationId: number | null;
  /** Positive, in the item's unit. */
  quantity: number;
  /** Book cost of the moved quantity in yen. */
  costAmount: number;
  reason?: string | null;
  documentType?: string | null;
  documentId?: number | null;
  userId?: number | null;
  /** When it happened, if not now (ISO UTC). */
  occurredAt?: string;
}

async function describeShortage(trx: Tx, itemId: number, locationId: number, requested: number) {
  const row = await trx
    .selectFrom('items')
    .leftJoin('stock_balances', (join) =>
      join.onRef('stock_balances.item_id', '=', 'items.id').on('stock_balances.location_id', '=', locationId),
    )
    .innerJoin('locations', (join) => join.on('locations.id', '=', locationId))
    .select(['items.stock_number', 'locations.name as location_name', 'stock_balances.quantity'])
    .where('items.id', '=', itemId)
    .executeTakeFirst();
  return ledgerErrors.insufficient_stock({
    stockNumber: row?.stock_number ?? String(itemId),
    location: row?.location_name ?? String(locationId),
    requested,
    available: Number(row?.quantity ?? 0),
  });
}

function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: string }).code;
  const message = error instanceof Error ? error.message : '';
  return (
    code === '23505' ||
    code === '23514' ||
    code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    code === 'SQLITE_CONSTRAINT_CHECK' ||
    message.includes('stock_balances_one_place_idx') ||
    message.includes('stock_balances_unique_piece')
  );
}

/**
 * Records one movement in the stock ledger and applies it to the balances, in the caller's
 * transaction. The decrement is a conditional UPDATE (quantity >= requested), so two
 * concurrent movements of the same piece cannot both succeed; the loser gets
 * insufficient_stock. A unique piece arriving where it would exist twice gets
 * unique_piece_already_in_stock from the database constraints.
 */
export async function recordMovement(trx: Tx, input: MovementInput): Promise<number> {
  if (!Number.isInteger(input.quantity) || input.quantity <= 0) {
    throw new Error(`movement quantity must be a positive integer, got ${input.quantity}`);
  }
  if (input.fromLocationId !== null && input.fromLocationId === input.toLocationId) {
    throw ledgerErrors.same_location({});
  }
  const now = nowIso();

  if (input.fromLocationId !== null) {
    const result = await trx
      .updateTable('stock_balances')
      .set({ quantity: sql`quantity - ${input.quantity}`, updated_at: now })
      .where('item_id', '=', input.itemId)
      .where('location_id', '=', input.fromLocationId)
      .where('quantity', '>=', input.quantity)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) {
      throw await describeShortage(trx, input.itemId, input.fromLocationId, input.quantity);
    }
  }

  if (input.toLocationId !== null) {
    const item = await trx
      .selectFrom('items')
      .select(['tracking', 'stock_number'])
      .where('id', '=', input.itemId)
      .executeTakeFirstOrThrow();
    try {
      await trx
        .insertInto('stock_balances')
        .values({
          item_id: input.itemId,
          location_id: input.toLocationId,
          quantity: input.quantity,
          is_unique: item.tracking === 'unique' ? 1 : 0,
          updated_at: now,
        })
        .onConflict((oc) =>
          oc.columns(['item_id', 'location_id']).doUpdateSet({
            quantity: sql`stock_balances.quantity + ${input.quantity}`,
            updated_at: now,
          }),
        )
        .execute();
    } catch (error) {
      if (isUniqueViolation(error)) throw ledgerErrors.unique_piece_already_in_stock({ stockNumber: item.stock_number });
      throw error;
    }
  }

  const movement = await trx
    .insertInto('stock_movements')
    .values({
      item_id: input.itemId,
      kind: input.kind,
      from_location_id: input.fromLocationId,
      to_location_id: input.toLocationId,
      quantity: input.quantity,
      cost_amount: input.costAmount,
      reason: input.reason ?? null,
      document_type: input.documentType ?? null,
      document_id: input.documentId ?? null,
      user_id: input.userId ?? null,
      occurred_at: input.occurredAt ?? now,
      recorded_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return movement.id;
}

/** Quantity of an item on hand per location (locations with zero are left out). */
export async function balancesOf(db: Executor, itemId: number) {
  return db
    .selectFrom('stock_balances')
    .innerJoin('locations', 'locations.id', 'stock_balances.location_id')
    .select([
      'locations.id as locationId',
      'locations.code as locationCode',
      'locations.name as locationName',
      'locations.kind as locationKind',
      'stock_balances.quantity',
    ])
    .where('stock_balances.item_id', '=', itemId)
    .where('stock_balances.quantity', '>', 0)
    .orderBy('locations.code')
    .execute();
}

/** Total quantity of an item across all locations, goods in transit included. */
export async function totalOnHand(db: Executor, itemId: number): Promise<number> {
  const row = await db
    .selectFrom('stock_balances')
    .select(sql<number>`coalesce(sum(quantity), 0)`.as('total'))
    .where('item_id', '=', itemId)
    .executeTakeFirstOrThrow();
  return Number(row.total);
}

export interface LedgerDiscrepancy {
  itemId: number;
  locationId: number;
  /** Quantity the balances table holds. */
  balance: number;
  /** Quantity the movements add up to. */
  ledger: number;
}

/**
 * Recomputes every balance from the ledger and lists where they differ. An empty list
 * means the balances are exactly the sum of the movements.
 */
export async function verifyLedger(db: Executor): Promise<LedgerDiscrepancy[]> {
  // One pass over both tables, grouped, rather than a full outer join: SQLite runs that
  // join as a nested loop, which took minutes on a million movements.
  const result = await sql<{ item_id: number; location_id: number; balance: number; ledger: number }>`
    with entries as (
      select item_id, location_id, quantity as balance, 0 as ledger from stock_balances
      union all
      select item_id, to_location_id, 0, quantity from stock_movements where to_location_id is not null
      union all
      select item_id, from_location_id, 0, -quantity from stock_movements where from_location_id is not null
    )
    select item_id, location_id, sum(balance) as balance, sum(ledger) as ledger
      from entries
     group by item_id, location_id
    having sum(balance) <> sum(ledger)
     order by item_id, location_id`.execute(db);
  return result.rows.map((row) => ({
    itemId: Number(row.item_id),
    locationId: Number(row.location_id),
    balance: Number(row.balance),
    ledger: Number(row.ledger),
  }));
}
