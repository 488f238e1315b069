import { sql } from 'kysely';
import { chunked, queryInChunks, rowsPerStatement } from '../../db/chunks.js';
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

/**
 * Explains why a decrement found too little: stock_reserved when the quantity is there but
 * held for an order or another sale, insufficient_stock otherwise.
 */
export async function describeShortage(trx: Tx, itemId: number, locationId: number, requested: number) {
  const row = await trx
    .selectFrom('items')
    .leftJoin('stock_balances', (join) =>
      join.onRef('stock_balances.item_id', '=', 'items.id').on('stock_balances.location_id', '=', locationId),
    )
    .innerJoin('locations', (join) => join.on('locations.id', '=', locationId))
    .select(['items.stock_number', 'locations.name as location_name', 'stock_balances.quantity', 'stock_balances.reserved_quantity'])
    .where('items.id', '=', itemId)
    .executeTakeFirst();
  const onHand = Number(row?.quantity ?? 0);
  if (onHand >= requested && Number(row?.reserved_quantity ?? 0) > 0) {
    return ledgerErrors.stock_reserved({ stockNumber: row?.stock_number ?? String(itemId), location: row?.location_name ?? String(locationId) });
  }
  return ledgerErrors.insufficient_stock({
    stockNumber: row?.stock_number ?? String(itemId),
    location: row?.location_name ?? String(locationId),
    requested,
    available: onHand - Number(row?.reserved_quantity ?? 0),
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

function assertMovementQuantity(input: MovementInput): void {
  if (!Number.isInteger(input.quantity) || input.quantity <= 0) {
    throw new Error(`movement quantity must be a positive integer, got ${input.quantity}`);
  }
}

/** Quantity arriving at a location, as recordMovement and recordReceipts add it to the balances. */
interface BalanceAddition {
  itemId: number;
  locationId: number;
  quantity: number;
}

interface ArrivingItem {
  stockNumber: string;
  isUnique: boolean;
  /** For a unique piece: whether some location has it on hand already. */
  onHand: boolean;
}

/** Parameters each stock_balances row binds: item_id, location_id, quantity, is_unique, updated_at. */
const BALANCE_COLUMNS = 5;
/** Parameters each stock_movements row binds (every column but id). */
const MOVEMENT_COLUMNS = 12;

async function loadArrivingItems(trx: Tx, itemIds: number[]): Promise<Map<number, ArrivingItem>> {
  const rows = await queryInChunks(itemIds, (chunk) =>
    trx
      .selectFrom('items')
      // Literals, not bound parameters, because with parameters compared against the partial
      // index stock_balances_one_place_idx SQLite 3.53 ran this lookup about ten times slower.
      .leftJoin('stock_balances', (join) =>
        join
          .onRef('stock_balances.item_id', '=', 'items.id')
          .on('stock_balances.is_unique', '=', sql.lit(1))
          .on('stock_balances.quantity', '>', sql.lit(0)),
      )
      .select(['items.id', 'items.tracking', 'items.stock_number', 'stock_balances.location_id as held_at'])
      .where('items.id', 'in', chunk)
      .execute(),
  );

  const items = new Map<number, ArrivingItem>();
  for (const row of rows) {
    items.set(row.id, { stockNumber: row.stock_number, isUnique: row.tracking === 'unique', onHand: row.held_at !== null });
  }
  const missing = itemIds.find((id) => !items.has(id));
  if (missing !== undefined) throw new Error(`stock cannot arrive for item ${missing}, which does not exist`);
  return items;
}

/**
 * Names the unique piece behind a constraint violation of the balance upsert. PostgreSQL
 * gives the item id in the error detail: "Key (item_id)=(42) already exists." for the
 * one-place index, "Failing row contains (42, ...)" for the quantity check.
 */
function violatingStockNumber(error: unknown, items: Map<number, ArrivingItem>, chunk: BalanceAddition[]): string {
  const detail = (error as { detail?: string }).detail ?? '';
  const itemId = /\(item_id\)=\((\d+)\)|Failing row contains \((\d+),/.exec(detail)?.slice(1).find((group) => group !== undefined);
  const named = itemId === undefined ? undefined : items.get(Number(itemId));
  // NOTE: SQLite names no row, so there the first unique piece of the statement is named.
  // SQLite runs one writer at a time, so after the pre-check this is not expected there.
  const fallback = chunk.map((addition) => items.get(addition.itemId)!).find((item) => item.isUnique);
  return (named ?? fallback)?.stockNumber ?? String(chunk[0]?.itemId);
}

/**
 * Adds arriving quantities to stock_balances with multi-row upserts. Additions to the same
 * item and location are summed first, because PostgreSQL lets one statement update a row
 * only once. A unique piece that is on hand somewhere, or arrives more than once, gets
 * unique_piece_already_in_stock before anything is written; the table's constraints
 * (quantity <= 1 and one location with stock) back this up against concurrent writers.
 */
async function addToBalances(trx: Tx, additions: BalanceAddition[], now: string): Promise<void> {
  const items = await loadArrivingItems(trx, [...new Set(additions.map((addition) => addition.itemId))]);

  const merged = new Map<string, BalanceAddition>();
  const arrivingUnits = new Map<number, number>();
  for (const addition of additions) {
    const key = `${addition.itemId}:${addition.locationId}`;
    const earlier = merged.get(key);
    merged.set(key, earlier ? { ...earlier, quantity: earlier.quantity + addition.quantity } : { ...addition });
    arrivingUnits.set(addition.itemId, (arrivingUnits.get(addition.itemId) ?? 0) + addition.quantity);
  }
  for (const [itemId, units] of arrivingUnits) {
    const item = items.get(itemId)!;
    if (item.isUnique && (item.onHand || units > 1)) throw ledgerErrors.unique_piece_already_in_stock({ stockNumber: item.stockNumber });
  }

  for (const chunk of chunked([...merged.values()], rowsPerStatement(BALANCE_COLUMNS))) {
    try {
      await trx
        .insertInto('stock_balances')
        .values(
          chunk.map((addition) => ({
            item_id: addition.itemId,
            location_id: addition.locationId,
            quantity: addition.quantity,
            is_unique: items.get(addition.itemId)!.isUnique ? 1 : 0,
            updated_at: now,
          })),
        )
        .onConflict((oc) =>
          oc.columns(['item_id', 'location_id']).doUpdateSet({
            quantity: sql`stock_balances.quantity + excluded.quantity`,
            updated_at: sql`excluded.updated_at`,
          }),
        )
        .execute();
    } catch (error) {
      if (isUniqueViolation(error)) throw ledgerErrors.unique_piece_already_in_stock({ stockNumber: violatingStockNumber(error, items, chunk) });
      throw error;
    }
  }
}

function movementRow(input: MovementInput, now: string) {
  return {
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
  };
}

/**
 * Records one movement in the stock ledger and applies it to the balances, in the caller's
 * transaction. The decrement is a conditional UPDATE (unreserved quantity >= requested),
 * so two concurrent movements of the same piece cannot both succeed; the loser gets
 * insufficient_stock, or stock_reserved when an order holds the quantity. A unique piece arriving where it would exist twice gets
 * unique_piece_already_in_stock.
 */
export async function recordMovement(trx: Tx, input: MovementInput): Promise<number> {
  assertMovementQuantity(input);
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
      .where(sql<number>`quantity - reserved_quantity`, '>=', input.quantity)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) {
      throw await describeShortage(trx, input.itemId, input.fromLocationId, input.quantity);
    }
  }

  if (input.toLocationId !== null) {
    await addToBalances(trx, [{ itemId: input.itemId, locationId: input.toLocationId, quantity: input.quantity }], now);
  }

  const movement = await trx.insertInto('stock_movements').values(movementRow(input, now)).returning('id').executeTakeFirstOrThrow();
  return movement.id;
}

/**
 * Records a movement out of stock of quantity that a reservation held (an order shipping),
 * in the caller's transaction: quantity and reserved_quantity fall together in one
 * conditional UPDATE, so the held quantity cannot be taken twice. The caller ends the
 * reservation row. Throws insufficient_stock when the balance no longer holds it.
 */
export async function recordReservedRemoval(trx: Tx, input: MovementInput): Promise<number> {
  assertMovementQuantity(input);
  if (input.fromLocationId === null || input.toLocationId !== null) {
    throw new Error(`recordReservedRemoval takes stock out of a location, got item ${input.itemId} from ${input.fromLocationId} to ${input.toLocationId}`);
  }
  const now = nowIso();

  const result = await trx
    .updateTable('stock_balances')
    .set({ quantity: sql`quantity - ${input.quantity}`, reserved_quantity: sql`reserved_quantity - ${input.quantity}`, updated_at: now })
    .where('item_id', '=', input.itemId)
    .where('location_id', '=', input.fromLocationId)
    .where('reserved_quantity', '>=', input.quantity)
    .where('quantity', '>=', input.quantity)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) throw await describeShortage(trx, input.itemId, input.fromLocationId, input.quantity);

  const movement = await trx.insertInto('stock_movements').values(movementRow(input, now)).returning('id').executeTakeFirstOrThrow();
  return movement.id;
}

/**
 * Records many movements that only add stock (fromLocationId null: receipts, imports,
 * opening stock) with one balance upsert and one movement insert per statement-sized
 * chunk, in the caller's transaction. The balances end as recordMovement would leave them
 * after the same movements one by one, and the same unique_piece_already_in_stock applies.
 * Movement ids are not returned, because SQLite does not promise RETURNING's row order.
 */
export async function recordReceipts(trx: Tx, inputs: readonly MovementInput[]): Promise<void> {
  for (const input of inputs) {
    assertMovementQuantity(input);
    if (input.fromLocationId !== null || input.toLocationId === null) {
      throw new Error(`recordReceipts takes movements into a location from outside stock, got item ${input.itemId} from ${input.fromLocationId} to ${input.toLocationId}`);
    }
  }
  if (inputs.length === 0) return;
  const now = nowIso();

  await addToBalances(trx, inputs.map((input) => ({ itemId: input.itemId, locationId: input.toLocationId!, quantity: input.quantity })), now);
  for (const chunk of chunked(inputs, rowsPerStatement(MOVEMENT_COLUMNS))) {
    await trx.insertInto('stock_movements').values(chunk.map((input) => movementRow(input, now))).execute();
  }
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
