import type { Executor, Tx } from '../../db/database.js';
import { nowIso } from '../../db/database.js';
import type { Supplier } from '../../db/schema.js';
import { commonErrors } from '../../shared/errors.js';
import { foldForSearch } from '../../shared/text.js';
import type { SupplierInput, SupplierOutput } from './schemas.js';

export function toSupplierOutput(row: Supplier): SupplierOutput {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    nameKana: row.name_kana,
    kind: row.kind,
    postalCode: row.postal_code,
    address: row.address,
    phone: row.phone,
    email: row.email,
    invoiceRegistrationNumber: row.invoice_registration_number,
    notes: row.notes,
    isActive: row.is_active === 1,
  };
}

export interface SupplierFilters {
  q?: string | undefined;
  includeInactive?: boolean | undefined;
}

/** Suppliers by code; `q` matches code, name or kana in any width. Supplier lists stay small. */
export async function listSuppliers(db: Executor, filters: SupplierFilters = {}): Promise<SupplierOutput[]> {
  let query = db.selectFrom('suppliers').selectAll().orderBy('code');
  if (!filters.includeInactive) query = query.where('is_active', '=', 1);
  const rows = (await query.execute()).map(toSupplierOutput);
  if (!filters.q) return rows;

  const needle = foldForSearch(filters.q);
  return rows.filter((s) => foldForSearch(`${s.code} ${s.name} ${s.nameKana ?? ''}`).includes(needle));
}

const SUPPLIER_LABEL = { entity: '仕入先', entityEn: 'Supplier' };

/** Loads a supplier by id; `field` names the request field in the not-found error. */
export async function getSupplier(db: Executor, id: number, field?: string): Promise<Supplier> {
  const row = await db.selectFrom('suppliers').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw commonErrors.not_found({ ...SUPPLIER_LABEL, id: `ID ${id}` }, field === undefined ? undefined : { field });
  return row;
}

export async function findSupplierByCode(db: Executor, code: string): Promise<Supplier> {
  const row = await db.selectFrom('suppliers').selectAll().where('code', '=', code).executeTakeFirst();
  if (!row) throw commonErrors.not_found({ ...SUPPLIER_LABEL, id: code });
  return row;
}

async function assertCodeFree(trx: Tx, code: string, exceptId?: number): Promise<void> {
  let query = trx.selectFrom('suppliers').select('id').where('code', '=', code);
  if (exceptId !== undefined) query = query.where('id', '<>', exceptId);
  if (await query.executeTakeFirst()) throw commonErrors.already_exists({ field: 'code', value: code });
}

function toColumns(input: SupplierInput) {
  return {
    code: input.code,
    name: input.name,
    name_kana: input.nameKana ?? null,
    kind: input.kind,
    postal_code: input.postalCode ?? null,
    address: input.address ?? null,
    phone: input.phone ?? null,
    email: input.email ?? null,
    invoice_registration_number: input.invoiceRegistrationNumber ?? null,
    notes: input.notes ?? null,
    is_active: input.isActive === false ? 0 : 1,
  };
}

export async function createSupplier(trx: Tx, input: SupplierInput): Promise<SupplierOutput> {
  await assertCodeFree(trx, input.code);
  const now = nowIso();
  const row = await trx
    .insertInto('suppliers')
    .values({ ...toColumns(input), created_at: now, updated_at: now })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toSupplierOutput(row);
}

export async function updateSupplier(trx: Tx, id: number, input: SupplierInput): Promise<SupplierOutput> {
  await getSupplier(trx, id);
  await assertCodeFree(trx, input.code, id);
  const row = await trx
    .updateTable('suppliers')
    .set({ ...toColumns(input), updated_at: nowIso() })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  return toSupplierOutput(row);
}
