import type { Executor } from '../../db/database.js';
import type { Item } from '../../db/schema.js';
import { RequestValidationError } from '../../server/validation.js';
import type { DomainError } from '../../shared/errors.js';
import { consignmentOutErrors } from './errors.js';

/** A piece named on a document line by id or by stock number. */
export interface PieceReference {
  itemId?: number | undefined;
  stockNumber?: string | undefined;
}

function describe(reference: PieceReference): string {
  return reference.stockNumber ?? `ID ${reference.itemId}`;
}

/** A line whose piece could not be used: it does not exist, or an earlier line names it too. */
export interface PieceProblem {
  problem: 'not_found' | 'duplicate';
  value: string;
}

export function isPieceProblem(entry: Item | PieceProblem): entry is PieceProblem {
  return 'problem' in entry;
}

/** Builds the error for a piece problem. `details` names the line's field or the CSV row. */
export function pieceProblemError(entry: PieceProblem, details?: unknown) {
  return entry.problem === 'not_found'
    ? consignmentOutErrors.item_not_found({ value: entry.value }, details)
    : consignmentOutErrors.duplicate_piece({ stockNumber: entry.value }, details);
}

/**
 * Loads the items that document lines name, in line order, with one query for ids and
 * one for stock numbers. An entry is a PieceProblem when the piece does not exist or is
 * named twice, so the caller can report it on its line or row.
 */
export async function loadPieces(db: Executor, references: readonly PieceReference[]): Promise<Array<Item | PieceProblem>> {
  const ids = [...new Set(references.flatMap((reference) => (reference.itemId === undefined ? [] : [reference.itemId])))];
  const stockNumbers = [
    ...new Set(references.flatMap((reference) => (reference.itemId === undefined && reference.stockNumber ? [reference.stockNumber] : []))),
  ];
  const byId = ids.length === 0 ? [] : await db.selectFrom('items').selectAll().where('id', 'in', ids).execute();
  const byNumber = stockNumbers.length === 0 ? [] : await db.selectFrom('items').selectAll().where('stock_number', 'in', stockNumbers).execute();
  const itemsById = new Map(byId.map((item) => [item.id, item]));
  const itemsByNumber = new Map(byNumber.map((item) => [item.stock_number, item]));

  const seen = new Set<number>();
  return references.map((reference) => {
    const item = reference.itemId !== undefined ? itemsById.get(reference.itemId) : itemsByNumber.get(reference.stockNumber ?? '');
    if (!item) return { problem: 'not_found', value: describe(reference) };
    if (seen.has(item.id)) return { problem: 'duplicate', value: item.stock_number };
    seen.add(item.id);
    return item;
  });
}

/** A document line that cannot be recorded: the field it concerns ("lines.2.stockNumber") and why. */
export interface LineError {
  field: string;
  error: DomainError;
}

/**
 * Builds the error for bad document lines, so the user can fix them all at once. A single
 * bad line keeps its own domain error and code. Several become one request validation error
 * whose issues carry each domain error's wording in both languages.
 */
export function lineErrorsError(errors: readonly LineError[]): DomainError | RequestValidationError {
  if (errors.length === 1) return errors[0]!.error;
  return new RequestValidationError(
    'body',
    errors.map(({ field, error }) => ({
      code: 'custom',
      path: field.split('.').map((part) => (/^\d+$/.test(part) ? Number(part) : part)),
      message: error.messageIn('en'),
      params: { ja: error.messageIn('ja'), en: error.messageIn('en'), code: error.code },
      input: undefined,
    })),
  );
}
