import type { Executor, Tx } from '../../db/database.js';
import { nowIso } from '../../db/database.js';
import type { Location } from '../../db/schema.js';
import { commonErrors } from '../../shared/errors.js';
import type { LocationInput, LocationOutput } from './schemas.js';
import { ensureFirstRegister } from '../sales/registers.js';

export function toLocationOutput(row: Location): LocationOutput {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    kind: row.kind,
    postalCode: row.postal_code,
    address: row.address,
    phone: row.phone,
    startsOn: row.starts_on,
    endsOn: row.ends_on,
    isActive: row.is_active === 1,
  };
}

/** Locations people work with; the internal in-transit location is left out. */
export async function listLocations(db: Executor, includeInactive = false): Promise<LocationOutput[]> {
  let query = db.selectFrom('locations').selectAll().where('kind', '<>', 'transit').orderBy('code');
  if (!includeInactive) query = query.where('is_active', '=', 1);
  return (await query.execute()).map(toLocationOutput);
}

const LOCATION_LABEL = { entity: '拠点', entityEn: 'Location' };

/** Loads a location by id; `field` names the request field in the not-found error. */
export async function getLocation(db: Executor, id: number, field?: string): Promise<Location> {
  const row = await db.selectFrom('locations').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row || row.kind === 'transit') {
    throw commonErrors.not_found({ ...LOCATION_LABEL, id: `ID ${id}` }, field === undefined ? undefined : { field });
  }
  return row;
}

export async function findLocationByCode(db: Executor, code: string): Promise<Location> {
  const row = await db.selectFrom('locations').selectAll().where('code', '=', code).executeTakeFirst();
  if (!row || row.kind === 'transit') throw commonErrors.not_found({ ...LOCATION_LABEL, id: code });
  return row;
}

/**
 * Finds the location stock goes to when none is named: the only active store or
 * warehouse, or undefined when there are several to choose from (or none).
 */
export async function defaultStockLocation(db: Executor): Promise<Location | undefined> {
  const candidates = await db
    .selectFrom('locations')
    .selectAll()
    .where('kind', 'in', ['store', 'warehouse'])
    .where('is_active', '=', 1)
    .orderBy('code')
    .limit(2)
    .execute();
  return candidates.length === 1 ? candidates[0] : undefined;
}

/** Returns the id of the internal location that contains goods between a transfer's send and receive. */
export async function transitLocationId(db: Executor): Promise<number> {
  const row = await db.selectFrom('locations').select('id').where('kind', '=', 'transit').executeTakeFirstOrThrow();
  return row.id;
}

async function assertCodeFree(trx: Tx, code: string, exceptId?: number): Promise<void> {
  let query = trx.selectFrom('locations').select('id').where('code', '=', code);
  if (exceptId !== undefined) query = query.where('id', '<>', exceptId);
  if (await query.executeTakeFirst()) throw commonErrors.already_exists({ field: 'code', value: code });
}

function toColumns(input: LocationInput) {
  return {
    code: input.code,
    name: input.name,
    kind: input.kind,
    postal_code: input.postalCode ?? null,
    address: input.address ?? null,
    phone: input.phone ?? null,
    starts_on: input.startsOn ?? null,
    ends_on: input.endsOn ?? null,
    is_active: input.isActive === false ? 0 : 1,
  };
}

export async function createLocation(trx: Tx, input: LocationInput): Promise<LocationOutput> {
  await assertCodeFree(trx, input.code);
  const now = nowIso();
  const row = await trx
    .insertInto('locations')
    .values({ ...toColumns(input), created_at: now, updated_at: now })
    .returningAll()
    .executeTakeFirstOrThrow();
  await ensureFirstRegister(trx, row);
  return toLocationOutput(row);
}

export async function updateLocation(trx: Tx, id: number, input: LocationInput): Promise<LocationOutput> {
  await getLocation(trx, id);
  await assertCodeFree(trx, input.code, id);
  const row = await trx
    .updateTable('locations')
    .set({ ...toColumns(input), updated_at: nowIso() })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  await ensureFirstRegister(trx, row);
  return toLocationOutput(row);
}
