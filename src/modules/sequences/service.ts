import { sql } from 'kysely';
import type { Tx } from '../../db/database.js';

/**
 * Takes the next number of a named sequence inside the caller's transaction. The increment
 * is one atomic statement, so concurrent transactions never get the same number; a rolled
 * back transaction gives its number back.
 */
export async function nextSequenceValue(trx: Tx, name: string): Promise<number> {
  return reserveSequenceValues(trx, name, 1);
}

/**
 * Takes `count` consecutive numbers of a named sequence in one atomic increment, as
 * nextSequenceValue does for one, and returns the first of them.
 */
export async function reserveSequenceValues(trx: Tx, name: string, count: number): Promise<number> {
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`count must be a positive integer, got ${count}`);
  await trx
    .insertInto('document_sequences')
    .values({ name, next_value: 1 })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  const row = await trx
    .updateTable('document_sequences')
    .set({ next_value: sql`next_value + ${count}` })
    .where('name', '=', name)
    .returning(sql<number>`next_value - ${count}`.as('value'))
    .executeTakeFirstOrThrow();
  return Number(row.value);
}

/**
 * Issues a document number such as "P-2026-000042": prefix, business year, and a
 * six-digit counter that restarts every year.
 */
export async function nextDocumentNumber(trx: Tx, prefix: string, businessDate: string): Promise<string> {
  const year = businessDate.slice(0, 4);
  const value = await nextSequenceValue(trx, `document:${prefix}:${year}`);
  return `${prefix}-${year}-${String(value).padStart(6, '0')}`;
}
