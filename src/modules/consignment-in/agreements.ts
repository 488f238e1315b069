import type { Selectable } from 'kysely';
import type { Executor, Tx } from '../../db/database.js';
import { nowIso } from '../../db/database.js';
import type { ConsignmentInAgreementsTable } from '../../db/schema.js';
import { businessDate } from '../../shared/time.js';
import { nextDocumentNumber } from '../sequences/service.js';
import { getConsignorRow } from './consignors.js';
import { consignmentErrors } from './errors.js';
import { basisPointsToPercent, percentToBasisPoints, type AgreementInput, type AgreementOutput, type AgreementUpdateInput } from './schemas.js';

// Consignment-in agreements (受託契約): the terms a consignor's pieces are taken in on.
// The terms, commission rate and net amount are copied onto each piece when it is received,
// so a later change of the agreement leaves pieces already held on their own terms. The
// bearers, fee rate and shipping cost are read from the agreement when a sale is settled.

export const AGREEMENT_PREFIX = 'CA';

export type AgreementRow = Selectable<ConsignmentInAgreementsTable>;

export function toAgreementOutput(row: AgreementRow): AgreementOutput {
  return {
    id: row.id,
    number: row.number,
    consignorId: row.consignor_id,
    terms: row.terms,
    commissionRatePercent: row.commission_rate_bp === null ? null : basisPointsToPercent(row.commission_rate_bp),
    discountBearer: row.discount_bearer,
    feeBearer: row.fee_bearer,
    feeRatePercent: basisPointsToPercent(row.fee_rate_bp),
    shippingBearer: row.shipping_bearer,
    shippingCost: Number(row.shipping_cost),
    settlementCycle: row.settlement_cycle,
    closingDay: row.closing_day,
    startsOn: row.starts_on,
    returnDueOn: row.return_due_on,
    status: row.status,
    note: row.note,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function toColumns(input: AgreementUpdateInput) {
  return {
    terms: input.terms,
    // A net agreement has no rate: the amount owed is set per piece.
    commission_rate_bp: input.terms === 'commission' && input.commissionRatePercent != null ? percentToBasisPoints(input.commissionRatePercent) : null,
    discount_bearer: input.discountBearer,
    fee_bearer: input.feeBearer,
    fee_rate_bp: percentToBasisPoints(input.feeRatePercent),
    shipping_bearer: input.shippingBearer,
    shipping_cost: input.shippingCost,
    closing_day: input.closingDay,
    starts_on: input.startsOn,
    return_due_on: input.returnDueOn ?? null,
    note: input.note ?? null,
  };
}

export async function getAgreementRow(db: Executor, id: number, field?: string): Promise<AgreementRow> {
  const row = await db.selectFrom('consignment_in_agreements').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw consignmentErrors.agreement_not_found({ id }, field === undefined ? undefined : { field });
  return row;
}

export async function listAgreements(db: Executor, filters: { consignorId?: number | undefined; status?: 'active' | 'ended' | undefined }): Promise<AgreementOutput[]> {
  let query = db.selectFrom('consignment_in_agreements').selectAll().orderBy('starts_on', 'desc').orderBy('id', 'desc');
  if (filters.consignorId !== undefined) query = query.where('consignor_id', '=', filters.consignorId);
  if (filters.status !== undefined) query = query.where('status', '=', filters.status);
  return (await query.execute()).map(toAgreementOutput);
}

/** Adds an agreement for an active consignor, numbered CA-<year>-<counter> by its start date. */
export async function createAgreement(trx: Tx, input: AgreementInput, userId: number | null): Promise<AgreementOutput> {
  const consignor = await getConsignorRow(trx, input.consignorId, 'consignorId');
  if (consignor.is_active !== 1) throw consignmentErrors.consignor_inactive({ consignor: consignor.name }, { field: 'consignorId' });

  const now = nowIso();
  const row = await trx
    .insertInto('consignment_in_agreements')
    .values({
      ...toColumns(input),
      number: await nextDocumentNumber(trx, AGREEMENT_PREFIX, input.startsOn),
      consignor_id: consignor.id,
      created_by: userId,
      created_at: now,
      updated_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toAgreementOutput(row);
}

/** Replaces an active agreement's terms; pieces already received keep the terms they were received on. */
export async function updateAgreement(trx: Tx, id: number, input: AgreementUpdateInput): Promise<AgreementOutput> {
  const current = await getAgreementRow(trx, id);
  if (current.status === 'ended') throw consignmentErrors.agreement_ended({ number: current.number });
  const row = await trx
    .updateTable('consignment_in_agreements')
    .set({ ...toColumns(input), updated_at: nowIso() })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  return toAgreementOutput(row);
}

/**
 * Ends an agreement: it takes no new pieces. Pieces already held under it stay on its
 * terms until they are sold or returned. Ending an ended agreement changes nothing.
 */
export async function endAgreement(trx: Tx, id: number): Promise<AgreementOutput> {
  await getAgreementRow(trx, id);
  const row = await trx
    .updateTable('consignment_in_agreements')
    .set({ status: 'ended', updated_at: nowIso() })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  return toAgreementOutput(row);
}

/**
 * Loads the agreement pieces are received on and checks it: it belongs to the consignor,
 * is active and has started by the receiving date.
 */
export async function requireReceivingAgreement(
  db: Executor,
  id: number,
  consignor: { id: number; name: string },
  receivedOn: string = businessDate(),
): Promise<AgreementRow> {
  const agreement = await getAgreementRow(db, id, 'agreementId');
  if (agreement.consignor_id !== consignor.id) {
    throw consignmentErrors.agreement_of_other_consignor({ number: agreement.number, consignor: consignor.name }, { field: 'agreementId' });
  }
  if (agreement.status !== 'active') throw consignmentErrors.agreement_ended({ number: agreement.number }, { field: 'agreementId' });
  if (receivedOn < agreement.starts_on) {
    throw consignmentErrors.agreement_not_started({ number: agreement.number, startsOn: agreement.starts_on }, { field: 'receivedOn' });
  }
  return agreement;
}
