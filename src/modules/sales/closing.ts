import type { Executor, Tx } from '../../db/database.js';
import { nowIso } from '../../db/database.js';
import type { Insertable } from 'kysely';
import type { PaymentMethod, RegisterClosingsTable } from '../../db/schema.js';
import { businessDate } from '../../shared/time.js';
import type { LocationScope } from '../access/scope.js';
import { saleErrors } from './errors.js';
import { isRegisterClosed, requireRegister } from './registers.js';
import { expectedCash } from './rules.js';
import { PAYMENT_METHODS, type ClosingInput, type ClosingOutput } from './schemas.js';

// The daily register close (レジ締め): the day's sales, returns and partial refunds of one
// register, the cash the drawer should hold, the cash counted, and the difference, recorded
// once per day.

interface DayFigures {
  saleCount: number;
  returnCount: number;
  voidCount: number;
  salesTotal: number;
  returnsTotal: number;
  partialRefundCount: number;
  partialRefundsTotal: number;
  taxRates: ClosingOutput['taxRates'];
  methods: ClosingOutput['methods'];
  payments: Array<{ kind: 'sale' | 'return'; method: PaymentMethod; amount: number }>;
}

async function dayFigures(db: Executor, registerId: number, date: string): Promise<DayFigures> {
  const documents = await db
    .selectFrom('sales')
    .select(['id', 'kind', 'status', 'total'])
    .where('register_id', '=', registerId)
    .where('business_date', '=', date)
    .execute();
  const completed = documents.filter((document) => document.status === 'completed');
  const ids = completed.map((document) => document.id);
  const kindOf = new Map(completed.map((document) => [document.id, document.kind]));

  const payments =
    ids.length === 0
      ? []
      : (await db.selectFrom('sale_payments').select(['sale_id', 'method', 'amount']).where('sale_id', 'in', ids).execute()).map((row) => ({
          kind: kindOf.get(row.sale_id)!,
          method: row.method,
          amount: row.amount,
        }));
  const rateRows = ids.length === 0 ? [] : await db.selectFrom('sale_tax_rates').selectAll().where('sale_id', 'in', ids).execute();

  // Partial refunds paid at this register today, whichever day their sale was made on. They
  // pay money out like a return's refunds do.
  const partialRefunds = await db
    .selectFrom('sale_refunds')
    .select(['method', 'amount', 'tax_rate_percent', 'tax'])
    .where('register_id', '=', registerId)
    .where('business_date', '=', date)
    .execute();
  for (const refund of partialRefunds) payments.push({ kind: 'return', method: refund.method, amount: refund.amount });

  // Returns count against the day's figures: a rate's totals are sales minus returns.
  const rates = new Map<number, ClosingOutput['taxRates'][number]>();
  for (const row of rateRows) {
    const sign = kindOf.get(row.sale_id) === 'return' ? -1 : 1;
    const rate = rates.get(row.rate_percent) ?? { ratePercent: row.rate_percent, amount: 0, total: 0, net: 0, tax: 0 };
    rate.amount += sign * row.amount;
    rate.total += sign * row.total;
    rate.net += sign * row.net;
    rate.tax += sign * row.tax;
    rates.set(row.rate_percent, rate);
  }
  for (const refund of partialRefunds) {
    const rate = rates.get(refund.tax_rate_percent) ?? { ratePercent: refund.tax_rate_percent, amount: 0, total: 0, net: 0, tax: 0 };
    rate.amount -= refund.amount;
    rate.total -= refund.amount;
    rate.net -= refund.amount - refund.tax;
    rate.tax -= refund.tax;
    rates.set(refund.tax_rate_percent, rate);
  }

  const methods = PAYMENT_METHODS.map((method) => {
    const sales = payments.filter((p) => p.method === method && p.kind === 'sale').reduce((sum, p) => sum + p.amount, 0);
    const refunds = payments.filter((p) => p.method === method && p.kind === 'return').reduce((sum, p) => sum + p.amount, 0);
    return { method, sales, refunds, net: sales - refunds };
  }).filter((row) => row.sales !== 0 || row.refunds !== 0);

  return {
    saleCount: completed.filter((document) => document.kind === 'sale').length,
    returnCount: completed.filter((document) => document.kind === 'return').length,
    voidCount: documents.filter((document) => document.status === 'voided').length,
    salesTotal: completed.filter((document) => document.kind === 'sale').reduce((sum, document) => sum + document.total, 0),
    returnsTotal: completed.filter((document) => document.kind === 'return').reduce((sum, document) => sum + document.total, 0),
    partialRefundCount: partialRefunds.length,
    partialRefundsTotal: partialRefunds.reduce((sum, refund) => sum + refund.amount, 0),
    taxRates: [...rates.values()].sort((a, b) => b.ratePercent - a.ratePercent),
    methods,
    payments,
  };
}

/**
 * The register close of a day: the recorded one when the register was closed, else the
 * figures so far with the cash expected for `floatAmount` yen of change fund.
 */
export async function getClosing(db: Executor, registerId: number, date: string, scope: LocationScope, floatAmount = 0): Promise<ClosingOutput> {
  const register = await requireRegister(db, registerId, scope);
  const figures = await dayFigures(db, register.id, date);
  const closed = await db.selectFrom('register_closings').selectAll().where('register_id', '=', register.id).where('business_date', '=', date).executeTakeFirst();
  const float = closed?.float_amount ?? floatAmount;

  return {
    registerId: register.id,
    registerName: register.name,
    locationName: register.location_name,
    businessDate: date,
    saleCount: figures.saleCount,
    returnCount: figures.returnCount,
    voidCount: figures.voidCount,
    salesTotal: figures.salesTotal,
    returnsTotal: figures.returnsTotal,
    partialRefundCount: figures.partialRefundCount,
    partialRefundsTotal: figures.partialRefundsTotal,
    taxRates: figures.taxRates,
    methods: figures.methods,
    floatAmount: float,
    // A recorded close keeps the figure it was closed with, even if data were corrected later.
    expectedCash: closed?.expected_cash ?? expectedCash(float, figures.payments),
    countedCash: closed?.counted_cash ?? null,
    difference: closed?.difference ?? null,
    note: closed?.note ?? null,
    closedAt: closed?.closed_at ?? null,
    closedBy: closed?.closed_by ?? null,
  };
}

async function insertClosing(trx: Tx, row: Insertable<RegisterClosingsTable>): Promise<void> {
  await trx.insertInto('register_closings').values(row).execute();
}

/**
 * Closes a register for a business day: stores the expected cash, the counted cash and the
 * difference (negative when cash is short). Once per register and day; the unique key on
 * (register_id, business_date) refuses a second close even from two screens at once, and
 * sales, returns and partial refunds on that register and day are refused afterwards.
 */
export async function closeRegister(trx: Tx, registerId: number, input: ClosingInput, scope: LocationScope, userId: number): Promise<ClosingOutput> {
  const register = await requireRegister(trx, registerId, scope);
  if (input.businessDate > businessDate()) throw saleErrors.closing_date_in_future({ date: input.businessDate }, { field: 'businessDate' });
  if (await isRegisterClosed(trx, register.id, input.businessDate)) throw saleErrors.register_already_closed({ register: register.name, date: input.businessDate });

  const figures = await dayFigures(trx, register.id, input.businessDate);
  const expected = expectedCash(input.floatAmount, figures.payments);
  try {
    await insertClosing(trx, {
      register_id: register.id,
      business_date: input.businessDate,
      float_amount: input.floatAmount,
      expected_cash: expected,
      counted_cash: input.countedCash,
      difference: input.countedCash - expected,
      totals_json: JSON.stringify({ methods: figures.methods, taxRates: figures.taxRates, salesTotal: figures.salesTotal, returnsTotal: figures.returnsTotal, partialRefundsTotal: figures.partialRefundsTotal }),
      note: input.note ?? null,
      closed_by: userId,
      closed_at: nowIso(),
    });
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE') throw saleErrors.register_already_closed({ register: register.name, date: input.businessDate });
    throw error;
  }
  return getClosing(trx, register.id, input.businessDate, scope);
}
