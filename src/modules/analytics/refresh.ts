import { sql } from 'kysely';
import type { Db, Executor, Tx } from '../../db/database.js';
import type { SalesDailyStaffTable, SalesDailyTable } from '../../db/schema.js';
import type { Logger } from 'pino';
import { deriveFacts, type CreditRow, type FactRow } from './facts.js';

// Keeps sales_facts and the daily summaries in step with the sales tables. Every operation
// that records, returns, refunds or voids a sale calls refreshSalesFacts in its own
// transaction, so no report reads a sale without its summary or the reverse. The daily
// rows are changed by adding the difference between the document's old and new facts in one
// upsert per row (row locks on PostgreSQL, in key order, so two sales cannot deadlock).

export const DAILY_DIMENSIONS = ['category', 'metal', 'brand', 'supplier'] as const;
export type DailyDimension = (typeof DAILY_DIMENSIONS)[number];

const DAILY_MEASURES = ['quantity', 'returned_quantity', 'sales_incl', 'sales_excl', 'tax', 'discount', 'cost', 'returns_incl', 'tickets', 'lines'] as const;
const STAFF_MEASURES = ['quantity_share', 'sales_incl', 'sales_excl', 'cost', 'returns_incl', 'tickets_share'] as const;

type DailyRow = SalesDailyTable;
type StaffRow = SalesDailyStaffTable;

/** Measures of one fact row as they add into a daily row. */
function dailyMeasuresOf(fact: FactRow): Pick<DailyRow, (typeof DAILY_MEASURES)[number]> {
  return {
    quantity: fact.quantity,
    returned_quantity: fact.kind === 'return' ? -fact.quantity : 0,
    sales_incl: fact.sales_incl,
    sales_excl: fact.sales_excl,
    tax: fact.tax,
    discount: fact.discount,
    cost: fact.cost,
    returns_incl: fact.kind === 'sale' ? 0 : -fact.sales_incl,
    tickets: fact.tickets,
    lines: fact.kind === 'sale' ? 1 : 0,
  };
}

function addInto<T extends object>(map: Map<string, T>, key: string, row: T, measures: readonly string[], sign: number): void {
  const existing = map.get(key);
  if (!existing) {
    const copy = { ...row } as Record<string, unknown>;
    for (const measure of measures) copy[measure] = sign * Number((row as Record<string, unknown>)[measure]);
    map.set(key, copy as T);
    return;
  }
  const target = existing as Record<string, unknown>;
  for (const measure of measures) target[measure] = Number(target[measure]) + sign * Number((row as Record<string, unknown>)[measure]);
}

/** Adds the daily rows (totals and each dimension) of `facts`, times `sign`, into `map`. */
export function addFactsToDaily(map: Map<string, DailyRow>, facts: readonly FactRow[], sign: number): void {
  for (const fact of facts) {
    const measures = dailyMeasuresOf(fact);
    const rows: Array<Pick<DailyRow, 'dimension' | 'dimension_value'>> = [
      { dimension: '', dimension_value: '' },
      ...DAILY_DIMENSIONS.map((dimension) => ({ dimension, dimension_value: fact[dimension] })),
    ];
    for (const { dimension, dimension_value } of rows) {
      const row: DailyRow = { business_date: fact.business_date, location_id: fact.location_id, channel: fact.channel, dimension, dimension_value, ...measures };
      addInto(map, JSON.stringify([dimension, fact.business_date, fact.location_id, fact.channel, dimension_value]), row, DAILY_MEASURES, sign);
    }
  }
}

export function addCreditsToStaffDaily(map: Map<string, StaffRow>, credits: readonly CreditRow[], sign: number): void {
  for (const credit of credits) {
    const row: StaffRow = {
      business_date: credit.business_date,
      user_id: credit.user_id,
      location_id: credit.location_id,
      channel: credit.channel,
      quantity_share: credit.quantity_share,
      sales_incl: credit.sales_incl,
      sales_excl: credit.sales_excl,
      cost: credit.cost,
      returns_incl: credit.returns_incl,
      tickets_share: credit.tickets_share,
    };
    addInto(map, JSON.stringify([credit.business_date, credit.user_id, credit.location_id, credit.channel]), row, STAFF_MEASURES, sign);
  }
}

const isZero = (row: object, measures: readonly string[]) => measures.every((measure) => Number((row as Record<string, unknown>)[measure]) === 0);

/** Returns the rows of `map` in key order, leaving out those whose measures are all zero. */
function changedRowsByKey<T extends object>(map: Map<string, T>, measures: readonly string[]): T[] {
  const keys = [...map.keys()].sort();
  return keys.map((key) => map.get(key)!).filter((row) => !isZero(row, measures));
}

// One statement per table for all of a document's rows (keys are unique after merging, as
// ON CONFLICT needs), so a sale costs two round trips to PostgreSQL instead of one per row.
async function upsertDaily(trx: Tx, rows: readonly DailyRow[]): Promise<void> {
  if (rows.length === 0) return;
  for (let start = 0; start < rows.length; start += 200) {
    await trx
      .insertInto('sales_daily')
      .values(rows.slice(start, start + 200))
      .onConflict((conflict) =>
        conflict.columns(['dimension', 'business_date', 'location_id', 'channel', 'dimension_value']).doUpdateSet(
          Object.fromEntries(DAILY_MEASURES.map((measure) => [measure, sql`sales_daily.${sql.ref(measure)} + excluded.${sql.ref(measure)}`])),
        ),
      )
      .execute();
  }
}

async function upsertStaffDaily(trx: Tx, rows: readonly StaffRow[]): Promise<void> {
  if (rows.length === 0) return;
  for (let start = 0; start < rows.length; start += 200) {
    await trx
      .insertInto('sales_daily_staff')
      .values(rows.slice(start, start + 200))
      .onConflict((conflict) =>
        conflict.columns(['business_date', 'user_id', 'location_id', 'channel']).doUpdateSet(
          Object.fromEntries(STAFF_MEASURES.map((measure) => [measure, sql`sales_daily_staff.${sql.ref(measure)} + excluded.${sql.ref(measure)}`])),
        ),
      )
      .execute();
  }
}

async function insertChunked<T>(rows: readonly T[], size: number, insert: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (let start = 0; start < rows.length; start += size) await insert(rows.slice(start, start + size));
}

/** Facts are inserted a few hundred rows at a time, within SQLite's limit on bound values. */
async function insertFacts(db: Executor, facts: readonly FactRow[], credits: readonly CreditRow[]): Promise<void> {
  await insertChunked(facts, 500, (chunk) => db.insertInto('sales_facts').values(chunk).execute());
  await insertChunked(credits, 1000, (chunk) => db.insertInto('sales_fact_credits').values(chunk).execute());
}

function toNumbers<T extends Record<string, unknown>>(row: T, keys: readonly string[]): T {
  const copy = { ...row } as Record<string, unknown>;
  for (const key of keys) copy[key] = copy[key] === null ? null : Number(copy[key]);
  return copy as T;
}

/**
 * Replaces the facts of the given source documents ('sale:12', 'channel_order:7', …) with
 * what their current state says, and moves the daily summaries by the difference. Call it in
 * the transaction that changed the documents, after every change to them.
 */
export async function refreshSalesFacts(trx: Tx, keys: readonly string[]): Promise<void> {
  if (keys.length === 0) return;
  const unique = [...new Set(keys)];

  const oldFacts = (await trx.selectFrom('sales_facts').selectAll().where('source_key', 'in', unique).execute()).map((row) => {
    const { id: _id, ...rest } = toNumbers(row, ['location_id', 'channel_account_id', 'item_id', 'quantity', 'sales_incl', 'sales_excl', 'tax', 'discount', 'cost', 'tickets', 'unit_price_incl']);
    return rest as FactRow;
  });
  const oldCredits = (await trx.selectFrom('sales_fact_credits').selectAll().where('source_key', 'in', unique).execute()).map(
    (row) => toNumbers(row, ['user_id', 'location_id', 'quantity_share', 'sales_incl', 'sales_excl', 'cost', 'returns_incl', 'tickets_share']) as CreditRow,
  );
  const derived = await deriveFacts(trx, unique);

  await trx.deleteFrom('sales_facts').where('source_key', 'in', unique).execute();
  await trx.deleteFrom('sales_fact_credits').where('source_key', 'in', unique).execute();
  await insertFacts(trx, derived.facts, derived.credits);

  const daily = new Map<string, DailyRow>();
  addFactsToDaily(daily, oldFacts, -1);
  addFactsToDaily(daily, derived.facts, 1);
  const staff = new Map<string, StaffRow>();
  addCreditsToStaffDaily(staff, oldCredits, -1);
  addCreditsToStaffDaily(staff, derived.credits, 1);

  // Sorted keys: concurrent transactions take the summary rows' locks in the same order.
  await upsertDaily(trx, changedRowsByKey(daily, DAILY_MEASURES));
  await upsertStaffDaily(trx, changedRowsByKey(staff, STAFF_MEASURES));
}

/** Yields every source document that can have facts, as source keys, in batches of `size`. */
async function* allSourceKeys(db: Executor, size: number): AsyncGenerator<string[]> {
  const sources: Array<{ type: string; ids: () => Promise<Array<{ id: number }>> }> = [
    { type: 'sale', ids: () => db.selectFrom('sales').select('id').where('status', '=', 'completed').orderBy('id').execute() },
    { type: 'sale_refund', ids: () => db.selectFrom('sale_refunds').select('id').orderBy('id').execute() },
    // Every order with a sold line, whatever its status: the sale is the line's, not the order's.
    {
      type: 'channel_order',
      ids: () => db.selectFrom('channel_order_lines').select('order_id as id').where('state', '=', 'sold').groupBy('order_id').orderBy('order_id').execute(),
    },
    { type: 'consignment_out_report', ids: () => db.selectFrom('consignment_out_reports').select('id').orderBy('id').execute() },
  ];
  for (const source of sources) {
    const ids = (await source.ids()).map((row) => Number(row.id));
    for (let start = 0; start < ids.length; start += size) yield ids.slice(start, start + size).map((id) => `${source.type}:${id}`);
  }
}

const dailyAggregates = sql`
  sum(quantity),
  sum(case when kind = 'return' then -quantity else 0 end),
  sum(sales_incl), sum(sales_excl), sum(tax), sum(discount), sum(cost),
  sum(case when kind = 'sale' then 0 else -sales_incl end),
  sum(tickets),
  sum(case when kind = 'sale' then 1 else 0 end)`;

/**
 * Derives every fact again from the sales tables and recomputes the daily summaries from
 * them, in one transaction: for a database restored from an older version, or after a
 * change to how facts are derived. Returns how many facts were written.
 */
export async function rebuildSalesFacts(db: Db, options: { batchSize?: number; log?: Logger } = {}): Promise<{ facts: number; dailyRows: number; staffRows: number }> {
  const started = Date.now();
  options.log?.info({ event: 'analytics.rebuild.start' }, 'rebuilding sales facts and daily summaries');

  const result = await db.transaction().execute(async (trx) => {
    // Taking the settings row first makes a second rebuild on PostgreSQL (another process
    // starting at the same time) wait for this one instead of interleaving with it.
    await trx.updateTable('analytics_settings').set({ facts_built_at: null }).where('id', '=', 1).execute();
    await trx.deleteFrom('sales_daily').execute();
    await trx.deleteFrom('sales_daily_staff').execute();
    await trx.deleteFrom('sales_fact_credits').execute();
    await trx.deleteFrom('sales_facts').execute();

    let facts = 0;
    for await (const keys of allSourceKeys(trx, options.batchSize ?? 500)) {
      const derived = await deriveFacts(trx, keys);
      await insertFacts(trx, derived.facts, derived.credits);
      facts += derived.facts.length;
    }

    const columns = sql`business_date, location_id, channel, dimension, dimension_value, quantity, returned_quantity, sales_incl, sales_excl, tax, discount, cost, returns_incl, tickets, lines`;
    await sql`insert into sales_daily (${columns})
      select business_date, location_id, channel, '', '', ${dailyAggregates}
      from sales_facts group by business_date, location_id, channel`.execute(trx);
    for (const dimension of DAILY_DIMENSIONS) {
      await sql`insert into sales_daily (${columns})
        select business_date, location_id, channel, ${sql.lit(dimension)}, ${sql.ref(dimension)}, ${dailyAggregates}
        from sales_facts group by business_date, location_id, channel, ${sql.ref(dimension)}`.execute(trx);
    }
    await sql`insert into sales_daily_staff (business_date, user_id, location_id, channel, quantity_share, sales_incl, sales_excl, cost, returns_incl, tickets_share)
      select business_date, user_id, location_id, channel, sum(quantity_share), sum(sales_incl), sum(sales_excl), sum(cost), sum(returns_incl), sum(tickets_share)
      from sales_fact_credits group by business_date, user_id, location_id, channel`.execute(trx);

    await trx.updateTable('analytics_settings').set({ facts_built_at: new Date().toISOString() }).where('id', '=', 1).execute();
    const count = async (table: 'sales_daily' | 'sales_daily_staff') =>
      Number((await trx.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    return { facts, dailyRows: await count('sales_daily'), staffRows: await count('sales_daily_staff') };
  });

  options.log?.info({ event: 'analytics.rebuild.done', ...result, ms: Date.now() - started }, 'sales facts rebuilt');
  return result;
}

/**
 * Builds the facts on a database that had sales before analytics existed (facts_built_at is
 * null), once, when the server starts. A database created new gets an empty, quick rebuild.
 */
export async function ensureSalesFacts(db: Db, log?: Logger): Promise<boolean> {
  const row = await db.selectFrom('analytics_settings').select('facts_built_at').where('id', '=', 1).executeTakeFirst();
  if (!row || row.facts_built_at !== null) return false;
  await rebuildSalesFacts(db, { log });
  return true;
}
