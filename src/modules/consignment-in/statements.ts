import { sql } from 'kysely';
import type { Executor, Tx } from '../../db/database.js';
import { nowIso } from '../../db/database.js';
import { databaseKindOf } from '../../db/dialect.js';
import { nextDocumentNumber } from '../sequences/service.js';
import { statementErrors } from './statement-errors.js';
import { duePeriods, isClosingDate, periodContaining, statementPeriod } from './statement-periods.js';
import type { DuePeriods, IssueStatementInput, PayStatementInput, StatementListQuery, StatementSummary } from './statement-schemas.js';

// Settlement statements (精算書) of consignment in. Issuing a statement takes every open
// payable entry of the consignor dated on or before the closing date, by setting the entries'
// statement_id in one conditional UPDATE. An entry is therefore on exactly one statement: a
// correction dated after a statement was issued stays open and lands on the next one as an
// adjustment, and two concurrent issues cannot both take it.

/** Document number prefix of settlement statements: CS-2026-000001. */
export const STATEMENT_NUMBER_PREFIX = 'CS';

/** Closing day used when a consignor has no agreement yet: the month end. */
const DEFAULT_CLOSING_DAY = 31;

/** One payable entry as totals need it: signed yen, and whether its sale was settled before. */
export interface StatementEntry {
  soldAmount: number;
  commissionAmount: number;
  feeAmount: number;
  shippingAmount: number;
  amount: number;
  /** True when an earlier statement already took an entry of the same sold line. */
  adjustment: boolean;
}

export interface StatementTotals {
  salesTotal: number;
  commissionTotal: number;
  deductionsTotal: number;
  /** Discounts of the new sales that the shop bears: not stored, derived from the entries. */
  shopDiscountTotal: number;
  adjustmentsTotal: number;
  amountOwed: number;
}

/**
 * Returns the part of an entry's amount that its sold, commission, fee and shipping figures
 * leave out. That part is the discount the shop bears, because such a sale's commission is
 * taken from the list price but its sold amount is after the discount. It is 0 when the
 * consignor bears discounts.
 */
export function shopBorneDiscount(entry: Pick<StatementEntry, 'soldAmount' | 'commissionAmount' | 'feeAmount' | 'shippingAmount' | 'amount'>): number {
  return entry.amount - (entry.soldAmount - entry.commissionAmount - entry.feeAmount - entry.shippingAmount);
}

/**
 * Adds up a statement's entries. Sales, commission, deductions and shop-borne discounts
 * count the sales first settled on this statement; adjustmentsTotal is what corrections of
 * earlier statements' sales add. amountOwed is the sum of every entry's amount, so
 * salesTotal - commissionTotal - deductionsTotal + shopDiscountTotal + adjustmentsTotal
 * always equals amountOwed.
 */
export function statementTotals(entries: readonly StatementEntry[]): StatementTotals {
  const totals: StatementTotals = { salesTotal: 0, commissionTotal: 0, deductionsTotal: 0, shopDiscountTotal: 0, adjustmentsTotal: 0, amountOwed: 0 };
  for (const entry of entries) {
    totals.amountOwed += entry.amount;
    if (entry.adjustment) {
      totals.adjustmentsTotal += entry.amount;
      continue;
    }
    totals.salesTotal += entry.soldAmount;
    totals.commissionTotal += entry.commissionAmount;
    totals.deductionsTotal += entry.feeAmount + entry.shippingAmount;
    totals.shopDiscountTotal += shopBorneDiscount(entry);
  }
  return totals;
}

async function requireConsignor(db: Executor, consignorId: number): Promise<{ id: number; code: string; name: string }> {
  const consignor = await db.selectFrom('consignors').select(['id', 'code', 'name']).where('id', '=', consignorId).executeTakeFirst();
  if (!consignor) throw statementErrors.statement_consignor_not_found({ id: consignorId }, { field: 'consignorId' });
  return { id: Number(consignor.id), code: consignor.code, name: consignor.name };
}

/**
 * Returns the closing day a consignor is settled on: that of the newest active agreement,
 * else of the newest agreement, else the month end.
 */
export async function closingDayOf(db: Executor, consignorId: number): Promise<number> {
  const agreement = await db
    .selectFrom('consignment_in_agreements')
    .select('closing_day')
    .where('consignor_id', '=', consignorId)
    .orderBy(sql`case when status = 'active' then 0 else 1 end`)
    .orderBy('starts_on', 'desc')
    .orderBy('id', 'desc')
    .executeTakeFirst();
  return agreement ? Number(agreement.closing_day) : DEFAULT_CLOSING_DAY;
}

async function previousStatement(db: Executor, consignorId: number): Promise<{ number: string; periodTo: string } | undefined> {
  const row = await db
    .selectFrom('consignment_statements')
    .select(['number', 'period_to'])
    .where('consignor_id', '=', consignorId)
    .orderBy('period_to', 'desc')
    .executeTakeFirst();
  return row ? { number: row.number, periodTo: row.period_to } : undefined;
}

/** Open entries of a consignor (optionally up to a date): count, sum and earliest date. */
async function openEntries(db: Executor, consignorId: number, upTo?: string): Promise<{ count: number; amount: number; earliest: string | null }> {
  let query = db
    .selectFrom('consignment_payables')
    .select((eb) => [
      eb.fn.countAll<number>().as('count'),
      eb.fn.coalesce(eb.fn.sum<number>('amount'), eb.lit(0)).as('amount'),
      eb.fn.min<string | null>('business_date').as('earliest'),
    ])
    .where('consignor_id', '=', consignorId)
    .where('statement_id', 'is', null);
  if (upTo !== undefined) query = query.where('business_date', '<=', upTo);
  const row = await query.executeTakeFirstOrThrow();
  return { count: Number(row.count), amount: Number(row.amount), earliest: row.earliest ?? null };
}

/** Lists the periods a consignor can be issued a statement for, with what is open. */
export async function getDuePeriods(db: Executor, consignorId: number, today: string): Promise<DuePeriods> {
  await requireConsignor(db, consignorId);
  const closingDay = await closingDayOf(db, consignorId);
  const previous = await previousStatement(db, consignorId);
  const open = await openEntries(db, consignorId);

  const running = periodContaining(closingDay, today).to;
  const periods = duePeriods(closingDay, previous?.periodTo ?? null, open.earliest, today).map((period) => ({ ...period, running: period.to === running }));
  return { consignorId, closingDay, previousPeriodTo: previous?.periodTo ?? null, openEntries: open.count, openAmount: open.amount, periods };
}

/**
 * Lists the consignors to choose from when settling, with what is open for each: the active
 * ones, and inactive ones that still have open entries, so no amount owed is out of reach.
 */
export async function listSettlementConsignors(db: Executor): Promise<Array<{ id: number; code: string; name: string; openEntries: number; openAmount: number }>> {
  const rows = await db
    .selectFrom('consignors')
    .leftJoin('consignment_payables', (join) => join.onRef('consignment_payables.consignor_id', '=', 'consignors.id').on('consignment_payables.statement_id', 'is', null))
    .select((eb) => [
      'consignors.id',
      'consignors.code',
      'consignors.name',
      eb.fn.count<number>('consignment_payables.id').as('open_entries'),
      eb.fn.coalesce(eb.fn.sum<number>('consignment_payables.amount'), eb.lit(0)).as('open_amount'),
    ])
    .groupBy(['consignors.id', 'consignors.code', 'consignors.name', 'consignors.is_active'])
    .having((eb) => eb.or([eb('consignors.is_active', '=', 1), eb(eb.fn.count('consignment_payables.id'), '>', 0)]))
    .orderBy('consignors.code')
    .execute();
  return rows.map((row) => ({ id: Number(row.id), code: row.code, name: row.name, openEntries: Number(row.open_entries), openAmount: Number(row.open_amount) }));
}

/**
 * Issues the statement of a consignor closing on `periodTo`, in the caller's transaction.
 * periodTo must be a closing date of the consignor's agreement, after the previous
 * statement's, and no later than the end of the running period. Returns the new statement id.
 */
export async function issueStatement(trx: Tx, input: IssueStatementInput, issuedBy: number | null, today: string): Promise<number> {
  const consignor = await requireConsignor(trx, input.consignorId);

  // Issues for one consignor run one after the other: on PostgreSQL the consignor row is
  // locked, so a second issue waits here and then reads the first one's statement below.
  // SQLite runs one write transaction at a time anyway.
  if (databaseKindOf(trx) === 'postgres') {
    await trx.selectFrom('consignors').select('id').where('id', '=', consignor.id).forUpdate().execute();
  }

  const closingDay = await closingDayOf(trx, consignor.id);
  const { periodTo } = input;
  if (!isClosingDate(closingDay, periodTo)) {
    const example = periodContaining(closingDay, periodTo).to;
    throw statementErrors.period_to_not_closing_date({ periodTo, closingDay, example }, { field: 'periodTo' });
  }
  const previous = await previousStatement(trx, consignor.id);
  if (previous && periodTo <= previous.periodTo) {
    throw statementErrors.period_to_not_after_previous({ periodTo, previousTo: previous.periodTo, number: previous.number }, { field: 'periodTo' });
  }
  const latest = periodContaining(closingDay, today).to;
  if (periodTo > latest) throw statementErrors.period_to_too_late({ periodTo, latest }, { field: 'periodTo' });

  const open = await openEntries(trx, consignor.id, periodTo);
  const period = statementPeriod(closingDay, periodTo, previous?.periodTo ?? null, open.earliest);
  const number = await nextDocumentNumber(trx, STATEMENT_NUMBER_PREFIX, today);
  const inserted = await trx
    .insertInto('consignment_statements')
    .values({ number, consignor_id: consignor.id, period_from: period.from, period_to: period.to, status: 'issued', issued_by: issuedBy, issued_at: nowIso() })
    .returning('id')
    .executeTakeFirstOrThrow();
  const statementId = Number(inserted.id);

  // The one conditional UPDATE that takes the entries: an entry already on a statement
  // (statement_id set) is never taken again.
  await trx
    .updateTable('consignment_payables')
    .set({ statement_id: statementId })
    .where('consignor_id', '=', consignor.id)
    .where('statement_id', 'is', null)
    .where('business_date', '<=', periodTo)
    .execute();

  const totals = statementTotals(await statementEntries(trx, statementId));
  await trx
    .updateTable('consignment_statements')
    .set({
      sales_total: totals.salesTotal,
      commission_total: totals.commissionTotal,
      deductions_total: totals.deductionsTotal,
      adjustments_total: totals.adjustmentsTotal,
      amount_owed: totals.amountOwed,
    })
    .where('id', '=', statementId)
    .execute();
  return statementId;
}

/** Reads the entries a statement took, each marked when an earlier statement settled its sale. */
export async function statementEntries(db: Executor, statementId: number): Promise<StatementEntry[]> {
  const rows = await db
    .selectFrom('consignment_payables as entry')
    .select(['entry.sold_amount', 'entry.commission_amount', 'entry.fee_amount', 'entry.shipping_amount', 'entry.amount'])
    .select((eb) =>
      eb
        .exists(
          eb
            .selectFrom('consignment_payables as earlier')
            .select('earlier.id')
            .whereRef('earlier.sold_line_key', '=', 'entry.sold_line_key')
            .where('earlier.statement_id', 'is not', null)
            .where('earlier.statement_id', '<>', statementId),
        )
        .as('adjustment'),
    )
    .where('entry.statement_id', '=', statementId)
    .execute();
  return rows.map((row) => ({
    soldAmount: Number(row.sold_amount),
    commissionAmount: Number(row.commission_amount),
    feeAmount: Number(row.fee_amount),
    shippingAmount: Number(row.shipping_amount),
    amount: Number(row.amount),
    adjustment: Boolean(row.adjustment),
  }));
}

function summaryQuery(db: Executor) {
  return db
    .selectFrom('consignment_statements as s')
    .innerJoin('consignors as c', 'c.id', 's.consignor_id')
    .leftJoin('users as u', 'u.id', 's.issued_by')
    .select([
      's.id',
      's.number',
      's.consignor_id',
      'c.code as consignor_code',
      'c.name as consignor_name',
      's.period_from',
      's.period_to',
      's.status',
      's.sales_total',
      's.commission_total',
      's.deductions_total',
      's.adjustments_total',
      's.amount_owed',
      's.issued_at',
      'u.display_name as issued_by_name',
      's.paid_on',
      's.paid_reference',
    ]);
}

type SummaryRow = Awaited<ReturnType<ReturnType<typeof summaryQuery>['executeTakeFirstOrThrow']>>;

function toSummary(row: SummaryRow): StatementSummary {
  return {
    id: Number(row.id),
    number: row.number,
    consignorId: Number(row.consignor_id),
    consignorCode: row.consignor_code,
    consignorName: row.consignor_name,
    periodFrom: row.period_from,
    periodTo: row.period_to,
    status: row.status,
    salesTotal: Number(row.sales_total),
    commissionTotal: Number(row.commission_total),
    deductionsTotal: Number(row.deductions_total),
    adjustmentsTotal: Number(row.adjustments_total),
    amountOwed: Number(row.amount_owed),
    issuedAt: row.issued_at,
    issuedByName: row.issued_by_name ?? null,
    paidOn: row.paid_on,
    paidReference: row.paid_reference,
  };
}

export async function getStatementSummary(db: Executor, statementId: number): Promise<StatementSummary> {
  const row = await summaryQuery(db).where('s.id', '=', statementId).executeTakeFirst();
  if (!row) throw statementErrors.statement_not_found({ id: statementId });
  return toSummary(row);
}

/** Statements newest closing date first, filtered by consignor and status. */
export async function listStatements(db: Executor, query: StatementListQuery): Promise<{ statements: StatementSummary[]; total: number }> {
  let filtered = summaryQuery(db);
  if (query.consignorId !== undefined) filtered = filtered.where('s.consignor_id', '=', query.consignorId);
  if (query.status !== undefined) filtered = filtered.where('s.status', '=', query.status);

  const rows = await filtered
    .orderBy('s.period_to', 'desc')
    .orderBy('s.id', 'desc')
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize)
    .execute();
  let counted = db.selectFrom('consignment_statements').select((eb) => eb.fn.countAll<number>().as('total'));
  if (query.consignorId !== undefined) counted = counted.where('consignor_id', '=', query.consignorId);
  if (query.status !== undefined) counted = counted.where('status', '=', query.status);
  const { total } = await counted.executeTakeFirstOrThrow();
  return { statements: rows.map(toSummary), total: Number(total) };
}

/**
 * Marks a statement paid, once: the UPDATE only changes an 'issued' statement, so a second
 * call (or a concurrent one) finds nothing to change and gets statement_already_paid.
 * paidOn must lie between the period start and today. Returns the statement as it was
 * before and after.
 */
export async function payStatement(trx: Tx, statementId: number, input: PayStatementInput, paidBy: number | null, today: string): Promise<{ before: StatementSummary; after: StatementSummary }> {
  const before = await getStatementSummary(trx, statementId);
  if (input.paidOn > today) throw statementErrors.paid_in_future({ paidOn: input.paidOn, today }, { field: 'paidOn' });
  if (before.status === 'issued' && input.paidOn < before.periodFrom) {
    throw statementErrors.paid_before_period({ paidOn: input.paidOn, periodFrom: before.periodFrom }, { field: 'paidOn' });
  }

  const updated = await trx
    .updateTable('consignment_statements')
    .set({ status: 'paid', paid_on: input.paidOn, paid_by: paidBy, paid_reference: input.reference ?? null })
    .where('id', '=', statementId)
    .where('status', '=', 'issued')
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) === 0) {
    const current = await getStatementSummary(trx, statementId);
    throw statementErrors.statement_already_paid({ number: current.number, paidOn: current.paidOn ?? '' });
  }
  return { before, after: await getStatementSummary(trx, statementId) };
}
