import type { Executor, Tx } from '../../db/database.js';
import { nowIso } from '../../db/database.js';
import type { Database } from '../../db/schema.js';
import type { Selectable } from 'kysely';
import { commonErrors } from '../../shared/errors.js';
import { foldForSearch } from '../../shared/text.js';
import { createLocation, getLocation, updateLocation, toLocationOutput } from '../locations/service.js';
import { nextDocumentNumber } from '../sequences/service.js';
import { consignmentOutErrors } from './errors.js';
import {
  CONSIGNEE_LOCATION_PREFIX,
  type AgreementInput,
  type AgreementOutput,
  type ConsigneeInput,
  type ConsigneeOutput,
} from './schemas.js';

type ConsigneeRow = Selectable<Database['consignees']>;
type AgreementRow = Selectable<Database['consignment_out_agreements']>;

/** Number of pieces out (sent and not yet reported) per consignee id. */
async function piecesOutByConsignee(db: Executor, consigneeIds: readonly number[]): Promise<Map<number, number>> {
  if (consigneeIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('consignment_out_lines')
    .innerJoin('consignment_out_notes', 'consignment_out_notes.id', 'consignment_out_lines.note_id')
    .select(['consignment_out_notes.consignee_id', (eb) => eb.fn.countAll<number>().as('count')])
    .where('consignment_out_lines.status', '=', 'out')
    .where('consignment_out_notes.consignee_id', 'in', consigneeIds)
    .groupBy('consignment_out_notes.consignee_id')
    .execute();
  return new Map(rows.map((row) => [row.consignee_id, Number(row.count)]));
}

async function toConsigneeOutputs(db: Executor, rows: readonly ConsigneeRow[]): Promise<ConsigneeOutput[]> {
  const locationIds = rows.map((row) => row.location_id);
  const locations =
    locationIds.length === 0 ? [] : await db.selectFrom('locations').select(['id', 'code']).where('id', 'in', locationIds).execute();
  const codes = new Map(locations.map((location) => [location.id, location.code]));
  const out = await piecesOutByConsignee(db, rows.map((row) => row.id));

  return rows.map((row) => ({
    id: row.id,
    code: row.code,
    name: row.name,
    nameKana: row.name_kana,
    kind: row.kind,
    locationId: row.location_id,
    locationCode: codes.get(row.location_id) ?? '',
    postalCode: row.postal_code,
    address: row.address,
    phone: row.phone,
    email: row.email,
    contactPerson: row.contact_person,
    invoiceRegistrationNumber: row.invoice_registration_number,
    notes: row.notes,
    isActive: row.is_active === 1,
    piecesOut: out.get(row.id) ?? 0,
  }));
}

/** Lists consignees by code. `q` matches the code, name or kana in any character width. */
export async function listConsignees(db: Executor, filters: { q?: string | undefined; includeInactive?: boolean }): Promise<ConsigneeOutput[]> {
  let query = db.selectFrom('consignees').selectAll().orderBy('code');
  if (!filters.includeInactive) query = query.where('is_active', '=', 1);
  let rows = await query.execute();
  if (filters.q) {
    const needle = foldForSearch(filters.q);
    rows = rows.filter((row) => foldForSearch(`${row.code} ${row.name} ${row.name_kana ?? ''}`).includes(needle));
  }
  return toConsigneeOutputs(db, rows);
}

export async function getConsigneeRow(db: Executor, id: number, field?: string): Promise<ConsigneeRow> {
  const row = await db.selectFrom('consignees').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw consignmentOutErrors.consignee_not_found({ id: `ID ${id}` }, field === undefined ? undefined : { field });
  return row;
}

export async function getConsignee(db: Executor, id: number): Promise<ConsigneeOutput> {
  const [output] = await toConsigneeOutputs(db, [await getConsigneeRow(db, id)]);
  return output!;
}

async function assertCodeFree(trx: Tx, code: string, exceptId?: number): Promise<void> {
  let query = trx.selectFrom('consignees').select('id').where('code', '=', code);
  if (exceptId !== undefined) query = query.where('id', '<>', exceptId);
  if (await query.executeTakeFirst()) throw commonErrors.already_exists({ field: 'code', value: code }, { field: 'code' });
}

function toColumns(input: ConsigneeInput) {
  return {
    code: input.code,
    name: input.name,
    name_kana: input.nameKana ?? null,
    kind: input.kind,
    postal_code: input.postalCode ?? null,
    address: input.address ?? null,
    phone: input.phone ?? null,
    email: input.email ?? null,
    contact_person: input.contactPerson ?? null,
    invoice_registration_number: input.invoiceRegistrationNumber ?? null,
    notes: input.notes ?? null,
    is_active: input.isActive === false ? 0 : 1,
  };
}

/** Builds the partner location of a consignee: code "P-<code>", with the consignee's name and address. */
function locationFor(input: ConsigneeInput) {
  return {
    code: `${CONSIGNEE_LOCATION_PREFIX}${input.code}`,
    name: input.name,
    kind: 'partner' as const,
    postalCode: input.postalCode ?? null,
    address: input.address ?? null,
    phone: input.phone ?? null,
    isActive: true,
  };
}

/** Creates a consignee together with its partner location, where pieces sent to it are held. */
export async function createConsignee(trx: Tx, input: ConsigneeInput): Promise<ConsigneeOutput> {
  await assertCodeFree(trx, input.code);

  const location = await createLocation(trx, locationFor(input));
  const now = nowIso();
  const row = await trx
    .insertInto('consignees')
    .values({ ...toColumns(input), location_id: location.id, created_at: now, updated_at: now })
    .returningAll()
    .executeTakeFirstOrThrow();
  return getConsignee(trx, row.id);
}

/**
 * Updates a consignee and keeps its partner location's code, name and address in step.
 * Deactivating keeps every delivery note and report. The location stays active, so pieces
 * still out can be reported sold or returned.
 */
export async function updateConsignee(trx: Tx, id: number, input: ConsigneeInput): Promise<ConsigneeOutput> {
  const existing = await getConsigneeRow(trx, id);
  await assertCodeFree(trx, input.code, id);

  const location = toLocationOutput(await getLocation(trx, existing.location_id));
  await updateLocation(trx, location.id, { ...location, ...locationFor(input), startsOn: location.startsOn, endsOn: location.endsOn });
  await trx
    .updateTable('consignees')
    .set({ ...toColumns(input), updated_at: nowIso() })
    .where('id', '=', id)
    .execute();
  return getConsignee(trx, id);
}

// ---- Agreements ----

/** Converts a percentage with up to two decimals to basis points (25.5 % → 2550). */
export function percentToBasisPoints(percent: number): number {
  return Math.round(percent * 100);
}

function agreementQuery(db: Executor) {
  return db
    .selectFrom('consignment_out_agreements')
    .innerJoin('consignees', 'consignees.id', 'consignment_out_agreements.consignee_id')
    .selectAll('consignment_out_agreements')
    .select('consignees.name as consignee_name');
}

function toAgreementOutput(row: AgreementRow & { consignee_name: string }): AgreementOutput {
  return {
    id: row.id,
    number: row.number,
    consigneeId: row.consignee_id,
    consigneeName: row.consignee_name,
    terms: row.terms,
    rateBp: row.rate_bp,
    ratePercent: row.rate_bp === null ? null : row.rate_bp / 100,
    reportingCycle: row.reporting_cycle,
    returnDueDays: row.return_due_days,
    startsOn: row.starts_on,
    status: row.status,
    note: row.note,
  };
}

export async function listAgreements(db: Executor, consigneeId?: number): Promise<AgreementOutput[]> {
  let query = agreementQuery(db).orderBy('consignment_out_agreements.starts_on', 'desc').orderBy('consignment_out_agreements.id', 'desc');
  if (consigneeId !== undefined) query = query.where('consignment_out_agreements.consignee_id', '=', consigneeId);
  return (await query.execute()).map(toAgreementOutput);
}

export async function getAgreementRow(db: Executor, id: number, field?: string): Promise<AgreementRow & { consignee_name: string }> {
  const row = await agreementQuery(db).where('consignment_out_agreements.id', '=', id).executeTakeFirst();
  if (!row) throw consignmentOutErrors.agreement_not_found({ id }, field === undefined ? undefined : { field });
  return row;
}

export async function getAgreement(db: Executor, id: number): Promise<AgreementOutput> {
  return toAgreementOutput(await getAgreementRow(db, id));
}

function agreementColumns(input: AgreementInput) {
  return {
    terms: input.terms,
    rate_bp: input.terms === 'rate' ? percentToBasisPoints(input.ratePercent!) : null,
    reporting_cycle: input.reportingCycle,
    return_due_days: input.returnDueDays,
    starts_on: input.startsOn,
    status: input.status,
    note: input.note ?? null,
  };
}

export async function createAgreement(trx: Tx, input: AgreementInput, userId: number | null): Promise<AgreementOutput> {
  await getConsigneeRow(trx, input.consigneeId, 'consigneeId');

  const now = nowIso();
  const row = await trx
    .insertInto('consignment_out_agreements')
    .values({
      ...agreementColumns(input),
      number: await nextDocumentNumber(trx, 'COA', input.startsOn),
      consignee_id: input.consigneeId,
      created_by: userId,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return getAgreement(trx, row.id);
}

/**
 * Updates an agreement's terms, or ends it (status 'ended'). Delivery notes already sent
 * keep the net amounts on their lines, and a report applies the agreement's terms as they
 * are when the report is recorded.
 */
export async function updateAgreement(trx: Tx, id: number, input: AgreementInput): Promise<AgreementOutput> {
  const existing = await getAgreementRow(trx, id);
  if (existing.consignee_id !== input.consigneeId) {
    throw consignmentOutErrors.agreement_not_found({ id }, { field: 'consigneeId' });
  }

  await trx
    .updateTable('consignment_out_agreements')
    .set({ ...agreementColumns(input), updated_at: nowIso() })
    .where('id', '=', id)
    .execute();
  return getAgreement(trx, id);
}
