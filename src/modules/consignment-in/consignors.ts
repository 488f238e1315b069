import type { Executor, Tx } from '../../db/database.js';
import { nowIso } from '../../db/database.js';
import type { Selectable } from 'kysely';
import type { ConsignorsTable } from '../../db/schema.js';
import { commonErrors } from '../../shared/errors.js';
import { foldForSearch } from '../../shared/text.js';
import { consignmentErrors } from './errors.js';
import type { ConsignorInput, ConsignorOutput } from './schemas.js';

// Consignors (委託者): dealers, makers and individuals whose pieces we hold and sell.

type Consignor = Selectable<ConsignorsTable>;

interface ConsignorFigures {
  heldCount: number;
  openAmount: number;
}

function toConsignorOutput(row: Consignor & { checked_by_name: string | null }, figures: ConsignorFigures): ConsignorOutput {
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
    bankAccount: row.bank_account,
    idCheckMethod: row.id_check_method as ConsignorOutput['idCheckMethod'],
    idDocumentNumber: row.id_document_number,
    idCheckedOn: row.id_checked_on,
    idCheckedBy: row.id_checked_by,
    idCheckedByName: row.checked_by_name,
    notes: row.notes,
    isActive: row.is_active === 1,
    heldCount: figures.heldCount,
    openAmount: figures.openAmount,
  };
}

function consignorQuery(db: Executor) {
  return db
    .selectFrom('consignors')
    .leftJoin('users', 'users.id', 'consignors.id_checked_by')
    .selectAll('consignors')
    .select('users.display_name as checked_by_name');
}

/** Pieces held and open payable per consignor, for the given consignors. */
async function figuresOf(db: Executor, consignorIds: readonly number[]): Promise<Map<number, ConsignorFigures>> {
  const figures = new Map<number, ConsignorFigures>(consignorIds.map((id) => [id, { heldCount: 0, openAmount: 0 }]));
  if (consignorIds.length === 0) return figures;

  const held = await db
    .selectFrom('consigned_items')
    .select(['consignor_id', (eb) => eb.fn.countAll<number>().as('count')])
    .where('consignor_id', 'in', [...consignorIds])
    .where('status', '=', 'held')
    .groupBy('consignor_id')
    .execute();
  const open = await db
    .selectFrom('consignment_payables')
    .select(['consignor_id', (eb) => eb.fn.sum<number>('amount').as('amount')])
    .where('consignor_id', 'in', [...consignorIds])
    .where('statement_id', 'is', null)
    .groupBy('consignor_id')
    .execute();
  for (const row of held) figures.get(Number(row.consignor_id))!.heldCount = Number(row.count);
  for (const row of open) figures.get(Number(row.consignor_id))!.openAmount = Number(row.amount ?? 0);
  return figures;
}

export interface ConsignorFilters {
  q?: string | undefined;
  includeInactive?: boolean | undefined;
}

/** Consignors by code; `q` matches code, name or kana in any width. Consignor lists stay small. */
export async function listConsignors(db: Executor, filters: ConsignorFilters = {}): Promise<ConsignorOutput[]> {
  let query = consignorQuery(db).orderBy('consignors.code');
  if (!filters.includeInactive) query = query.where('consignors.is_active', '=', 1);
  let rows = await query.execute();
  if (filters.q) {
    const needle = foldForSearch(filters.q);
    rows = rows.filter((row) => foldForSearch(`${row.code} ${row.name} ${row.name_kana ?? ''}`).includes(needle));
  }

  const figures = await figuresOf(db, rows.map((row) => row.id));
  return rows.map((row) => toConsignorOutput(row, figures.get(row.id)!));
}

/** Loads a consignor row; `field` names the request field in the not-found error. */
export async function getConsignorRow(db: Executor, id: number, field?: string): Promise<Consignor> {
  const row = await db.selectFrom('consignors').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw consignmentErrors.consignor_not_found({ id }, field === undefined ? undefined : { field });
  return row;
}

export async function getConsignor(db: Executor, id: number): Promise<ConsignorOutput> {
  const row = await consignorQuery(db).where('consignors.id', '=', id).executeTakeFirst();
  if (!row) throw consignmentErrors.consignor_not_found({ id });
  const figures = await figuresOf(db, [id]);
  return toConsignorOutput(row, figures.get(id)!);
}

async function assertCodeFree(trx: Tx, code: string, exceptId?: number): Promise<void> {
  let query = trx.selectFrom('consignors').select('id').where('code', '=', code);
  if (exceptId !== undefined) query = query.where('id', '<>', exceptId);
  if (await query.executeTakeFirst()) throw commonErrors.already_exists({ field: 'code', value: code }, { field: 'code' });
}

function toColumns(input: ConsignorInput) {
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
    bank_account: input.bankAccount ?? null,
    id_check_method: input.idCheckMethod ?? null,
    id_document_number: input.idDocumentNumber ?? null,
    id_checked_on: input.idCheckedOn ?? null,
    notes: input.notes ?? null,
    is_active: input.isActive === false ? 0 : 1,
  };
}

/**
 * The user recorded as having checked the identity: the current user when the check is
 * entered or changed, the earlier checker when it is unchanged, none without a check.
 */
function identityCheckedBy(input: ConsignorInput, current: Consignor | undefined, userId: number | null): number | null {
  if (!input.idCheckMethod) return null;
  const unchanged =
    current !== undefined &&
    current.id_check_method === input.idCheckMethod &&
    current.id_document_number === (input.idDocumentNumber ?? null) &&
    current.id_checked_on === (input.idCheckedOn ?? null);
  return unchanged ? current.id_checked_by : userId;
}

export async function createConsignor(trx: Tx, input: ConsignorInput, userId: number | null): Promise<ConsignorOutput> {
  await assertCodeFree(trx, input.code);
  const now = nowIso();
  const row = await trx
    .insertInto('consignors')
    .values({ ...toColumns(input), id_checked_by: identityCheckedBy(input, undefined, userId), created_at: now, updated_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return getConsignor(trx, row.id);
}

export async function updateConsignor(trx: Tx, id: number, input: ConsignorInput, userId: number | null): Promise<ConsignorOutput> {
  const current = await getConsignorRow(trx, id);
  await assertCodeFree(trx, input.code, id);
  await trx
    .updateTable('consignors')
    .set({ ...toColumns(input), id_checked_by: identityCheckedBy(input, current, userId), updated_at: nowIso() })
    .where('id', '=', id)
    .execute();
  return getConsignor(trx, id);
}

/** Deactivates a consignor: it stays on record with its pieces and payables, but takes no new receipts. */
export async function deactivateConsignor(trx: Tx, id: number): Promise<ConsignorOutput> {
  await getConsignorRow(trx, id);
  await trx.updateTable('consignors').set({ is_active: 0, updated_at: nowIso() }).where('id', '=', id).execute();
  return getConsignor(trx, id);
}
