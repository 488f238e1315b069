import { sql } from 'kysely';
import { queryInChunks } from '../../db/chunks.js';
import type { Executor, Tx } from '../../db/database.js';
import { businessDate } from '../../shared/time.js';
import { reserveSequenceValues } from '../sequences/service.js';
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
 * Finds the highest counter value among stock numbers of this pattern and date, e.g. 120
 * when "2612-00120" was imported. It looks at the items table and at `reserved`, numbers
 * that the caller is about to insert. Numbers that do not fit the pattern are ignored.
 */
async function highestCounterInUse(trx: Tx, tokens: StockNumberToken[], date: string, reserved: ReadonlySet<string>): Promise<number> {
  const [before, after] = textAroundCounter(tokens, date);
  const rows = await trx
    .selectFrom('items')
    .select('stock_number')
    .where(sql<boolean>`stock_number like ${`${escapeLike(before)}%`} escape '\\'`)
    .execute();

  let highest = 0;
  for (const stockNumber of [...rows.map((row) => row.stock_number), ...reserved]) {
    if (!stockNumber.startsWith(before) || !stockNumber.endsWith(after)) continue;
    const digits = stockNumber.slice(before.length, stockNumber.length - after.length);
    if (/^\d+$/.test(digits)) highest = Math.max(highest, Number(digits));
  }
  return highest;
}

/** Returns the stock numbers among `candidates` that items already have. */
export async function takenStockNumbers(db: Executor, candidates: readonly string[]): Promise<Set<string>> {
  const rows = await queryInChunks(candidates, (chunk) =>
    db.selectFrom('items').select('stock_number').where('stock_number', 'in', chunk).execute(),
  );
  return new Set(rows.map((row) => row.stock_number));
}

/**
 * Generates `count` free stock numbers from the company pattern for today's business date,
 * in counter order. The counter moves forward by the whole shortfall in one atomic step per
 * round. A number already taken (typed by hand, imported, or in `reserved`, the explicit
 * numbers of items being created alongside) is skipped. After a few taken numbers in a row
 * the counter jumps past the highest value in use, so a block of imported numbers costs one
 * query rather than one per number. Throws stock_number_pattern_invalid or, after
 * MAX_JUMPS jumps, stock_number_unavailable.
 */
export async function generateStockNumbers(trx: Tx, pattern: string, count: number, reserved: ReadonlySet<string> = new Set()): Promise<string[]> {
  const tokens = parseStockNumberPattern(pattern);
  if (!tokens) throw itemErrors.stock_number_pattern_invalid({ pattern }, { field: 'stockNumber' });

  const date = businessDate();
  const counterName = stockNumberCounterName(tokens, date);
  const numbers: string[] = [];
  let takenInARow = 0;
  let jumps = 0;
  let lastTried = '';

  while (numbers.length < count) {
    const shortfall = count - numbers.length;
    const first = await reserveSequenceValues(trx, counterName, shortfall);
    const candidates = Array.from({ length: shortfall }, (_, offset) => renderStockNumber(tokens, date, first + offset));
    const taken = await takenStockNumbers(trx, candidates);

    let jumpNeeded = false;
    for (const candidate of candidates) {
      lastTried = candidate;
      if (taken.has(candidate) || reserved.has(candidate)) {
        takenInARow += 1;
        if (takenInARow >= PROBES_BEFORE_JUMP) jumpNeeded = true;
      } else {
        numbers.push(candidate);
        takenInARow = 0;
      }
    }
    if (!jumpNeeded || numbers.length === count) continue;
    if (jumps === MAX_JUMPS) throw itemErrors.stock_number_unavailable({ lastTried }, { field: 'stockNumber' });

    // The sequence API only moves forward from the current value, so the jump writes the
    // counter row directly. The condition keeps it from ever moving backwards under a
    // concurrent writer.
    const highest = await highestCounterInUse(trx, tokens, date, reserved);
    await trx
      .updateTable('document_sequences')
      .set({ next_value: highest + 1 })
      .where('name', '=', counterName)
      .where('next_value', '<=', highest)
      .execute();
    jumps += 1;
    takenInARow = 0;
  }

  return numbers;
}
