import type { Executor, Tx } from '../../db/database.js';
import { nowIso } from '../../db/database.js';
import { assertCanActAt, canActAt, type LocationScope } from '../access/scope.js';
import { getLocation } from '../locations/service.js';
import { saleErrors } from './errors.js';
import type { RegisterOutput } from './schemas.js';

// Registers (レジ) are the tills of a store or an exhibition. Sales, returns and the daily
// register close (レジ締め) belong to one register.

/** Location kinds that sell at a counter and get a first register when created. */
export const COUNTER_LOCATION_KINDS = ['store', 'exhibition'] as const;

export interface RegisterRow {
  id: number;
  location_id: number;
  code: string;
  name: string;
  is_active: number;
  location_name: string;
}

function toOutput(row: RegisterRow): RegisterOutput {
  return { id: row.id, locationId: row.location_id, locationName: row.location_name, code: row.code, name: row.name, isActive: row.is_active === 1 };
}

function registerQuery(db: Executor) {
  return db
    .selectFrom('registers')
    .innerJoin('locations', 'locations.id', 'registers.location_id')
    .select(['registers.id', 'registers.location_id', 'registers.code', 'registers.name', 'registers.is_active', 'locations.name as location_name']);
}

/** Registers at the locations the user may act at, by location then code. */
export async function listRegisters(db: Executor, scope: LocationScope, locationId?: number): Promise<RegisterOutput[]> {
  let query = registerQuery(db).orderBy('registers.location_id').orderBy('registers.code');
  if (locationId !== undefined) query = query.where('registers.location_id', '=', locationId);
  const rows = await query.execute();
  return rows.filter((row) => canActAt(scope, row.location_id)).map(toOutput);
}

/**
 * Loads a register the user may work at. A register at a location outside the user's scope
 * is reported as missing, like other documents of other locations.
 */
export async function requireRegister(db: Executor, id: number, scope: LocationScope, options: { active?: boolean } = {}): Promise<RegisterRow> {
  const row = await registerQuery(db).where('registers.id', '=', id).executeTakeFirst();
  if (!row || !canActAt(scope, row.location_id)) throw saleErrors.register_not_found({ id }, { field: 'registerId' });
  if (options.active && row.is_active !== 1) throw saleErrors.register_inactive({ register: row.name }, { field: 'registerId' });
  return row;
}

/** Whether a register was closed (レジ締め) for a business date. */
export async function isRegisterClosed(db: Executor, registerId: number, businessDate: string): Promise<boolean> {
  const row = await db.selectFrom('register_closings').select('id').where('register_id', '=', registerId).where('business_date', '=', businessDate).executeTakeFirst();
  return row !== undefined;
}

async function assertCodeFree(trx: Tx, locationId: number, code: string, exceptId?: number): Promise<void> {
  let query = trx.selectFrom('registers').select('id').where('location_id', '=', locationId).where('code', '=', code);
  if (exceptId !== undefined) query = query.where('id', '<>', exceptId);
  if (await query.executeTakeFirst()) throw saleErrors.register_code_taken({ code }, { field: 'code' });
}

export async function createRegister(
  trx: Tx,
  input: { locationId: number; code: string; name: string; isActive: boolean },
  scope: LocationScope,
): Promise<RegisterOutput> {
  const location = await getLocation(trx, input.locationId, 'locationId');
  assertCanActAt(scope, location, 'locationId');
  await assertCodeFree(trx, input.locationId, input.code);
  const row = await trx
    .insertInto('registers')
    .values({ location_id: input.locationId, code: input.code, name: input.name, is_active: input.isActive ? 1 : 0, created_at: nowIso() })
    .returning('id')
    .executeTakeFirstOrThrow();
  return toOutput(await requireRegister(trx, row.id, scope));
}

export async function updateRegister(
  trx: Tx,
  id: number,
  input: { locationId: number; code: string; name: string; isActive: boolean },
  scope: LocationScope,
): Promise<{ before: RegisterOutput; after: RegisterOutput }> {
  const before = toOutput(await requireRegister(trx, id, scope));
  const location = await getLocation(trx, input.locationId, 'locationId');
  assertCanActAt(scope, location, 'locationId');
  await assertCodeFree(trx, input.locationId, input.code, id);
  await trx
    .updateTable('registers')
    .set({ location_id: input.locationId, code: input.code, name: input.name, is_active: input.isActive ? 1 : 0 })
    .where('id', '=', id)
    .execute();
  return { before, after: toOutput(await requireRegister(trx, id, scope)) };
}

/**
 * Gives a counter location its first register when it has none, so that a new store can
 * sell at once. The name is Japanese because it is data the shop renames, not UI text.
 */
export async function ensureFirstRegister(trx: Tx, location: { id: number; kind: string }): Promise<void> {
  if (!(COUNTER_LOCATION_KINDS as readonly string[]).includes(location.kind)) return;
  const existing = await trx.selectFrom('registers').select('id').where('location_id', '=', location.id).executeTakeFirst();
  if (existing) return;
  await trx.insertInto('registers').values({ location_id: location.id, code: '1', name: 'レジ1', is_active: 1, created_at: nowIso() }).execute();
}
