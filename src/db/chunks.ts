// Sizes of multi-row statements and IN lists, so that bulk writes stay within the number
// of bound parameters that one statement may carry on either database.

/**
 * Bound parameters per statement that both databases accept: SQLite's default
 * SQLITE_MAX_VARIABLE_NUMBER is 32,766 since version 3.32.0, and PostgreSQL's protocol
 * allows 65,535.
 */
export const MAX_BOUND_PARAMETERS = 32_766;

/** Values per IN (...) list, well below the limit so that the rest of the query has room. */
export const IN_LIST_SIZE = 500;

/** Splits values into consecutive groups of at most `size`. */
export function chunked<T>(values: readonly T[], size: number): T[][] {
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`chunk size must be a positive integer, got ${size}`);
  const chunks: T[][] = [];
  for (let start = 0; start < values.length; start += size) chunks.push(values.slice(start, start + size));
  return chunks;
}

/** Rows of a multi-row INSERT that fit in one statement when each row binds `columns` parameters. */
export function rowsPerStatement(columns: number): number {
  return Math.max(1, Math.floor(MAX_BOUND_PARAMETERS / columns));
}

/** Runs `query` (typically one with an IN list) once per IN_LIST_SIZE values and concatenates the rows. */
export async function queryInChunks<T, R>(values: readonly T[], query: (chunk: T[]) => Promise<R[]>): Promise<R[]> {
  const results: R[] = [];
  for (const chunk of chunked(values, IN_LIST_SIZE)) results.push(...(await query(chunk)));
  return results;
}
