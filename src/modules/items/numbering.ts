import { sql } from 'kysely';
import type { Executor, Tx } from '../../db/database.js';
import { businessDate } from '../../shared/time.js';
import { nextSequenceValue } from '../sequences/service.js';
import { itemErrors } from './errors.js';
import { escapeLike } from './search.js';
import {
  parseStockNumberPattern,
  renderStockNumber,
  stockNumberCounterName,
  type StockNumberToken,
} from './stock-number.js';

// Stock numbers generated from the company pattern (see stock-number.ts for the tokens).

/** Id of the item that has this stock number, other than `exceptId`. */
export async function stockNumberOwner(db: Executor, stockNumber: string, exceptId?: number): Promise<number | undefined> {
  let query = db.selectFrom('items').select('id').where('stock_number', '=', stockNumber);
  if (exceptId !== undefined) query = query.where('id', '<>', exceptId);
  return (await query.executeTakeFirst())?.id;
}

/** Consecutive taken numbers tried before the counter jumps past the highest one in use. */
const PROBES_BEFORE_JUMP = 3;
const MAX_JUMPS = 3;

/** Renders the text before and after the {SEQ:n} token. */
function textAroundCounter(tokens: StockNumberToken[], date: string): [string, string] {
  const index = tokens.findIndex((token) => token.kind === 'sequence');
  return [renderStockNumber(tokens.slice(0, index), date, 0), renderStockNumber(tokens.slice(index + 1), date, 0)];
}

/**
 * Finds the highest counter value among existing stock numbers of this pattern and date,
 * e.g. 120 when "2612-00120" was imported. Numbers that do not fit the pattern are ignored.
 */
async function highestCounterInUse(trx: Tx, tokens: StockNumberToken[], date: string): Promise<number> {
  const [before, after] = textAroundCounter(tokens, date);
  const rows = await trx
    .selectFrom('items')
    .select('stock_number')
    .where(sql<boolean>`stock_number like ${`${escapeLike(before)}%`} escape '\\'`)
    .execute();

  let highest = 0;
  for (const { stock_number: stockNumber } of rows) {
    if (!stockNumber.endsWith(after)) continue;
    const digits = stockNumber.slice(before.length, stockNumber.length - after.length);
    if (/^\d+$/.test(digits)) highest = Math.max(highest, Number(digits));
  }
  return highest;
}

/**
 * Generates the next free stock number from the company pattern for today's business date.
 * A number already taken (typed by hand or imported) is skipped. After a few taken numbers
 * in a row the counter jumps past the highest value in use, so a block of imported numbers
 * costs one query rather than one per number.
 */
export async function generateStockNumber(trx: Tx, pattern: string): Promise<string> {
  const tokens = parseStockNumberPattern(pattern);
  if (!tokens) throw itemErrors.stock_number_pattern_invalid({ pattern }, { field: 'stockNumber' });

  const date = businessDate();
  const counterName = stockNumberCounterName(tokens, date);
  let candidate = '';

  for (let jump = 0; jump <= MAX_JUMPS; jump += 1) {
    for (let probe = 0; probe < PROBES_BEFORE_JUMP; probe += 1) {
      candidate = renderStockNumber(tokens, date, await nextSequenceValue(trx, counterName));
      if ((await stockNumberOwner(trx, candidate)) === undefined) return candidate;
    }

    // The sequence API only steps by one, so the jump writes the counter row directly. The
    // condition keeps it from ever moving backwards under a concurrent writer.
    const highest = await highestCounterInUse(trx, tokens, date);
    await trx
      .updateTable('document_sequences')
      .set({ next_value: highest + 1 })
      .where('name', '=', counterName)
      .where('next_value', '<=', highest)
      .execute();
  }

  throw itemErrors.stock_number_unavailable({ lastTried: candidate }, { field: 'stockNumber' });
}
