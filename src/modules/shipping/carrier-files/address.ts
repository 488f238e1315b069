import type { ExportProblem } from '../types.js';
import { collapseSpaces, cp932ByteLength, RowProblems, type ColumnRule, type LayoutRow } from './text.js';

// Splitting an address over a carrier's fixed-width columns. Text is only ever broken where
// a reader would break it: between the prefecture and the city, between address1 and the
// building, at a space, or after a block-number group (1丁目, 2番地, 3番, 4号, "5-"). Text that
// cannot be placed so is reported, never cut.

/** One column that takes part of an address. */
export interface AddressColumn {
  /** Column name in the carrier's layout, for messages. */
  column: string;
  /** Width in CP932 bytes (2 per full-width character). */
  maxBytes: number;
}

export interface AddressParts {
  prefecture: string;
  /** City, town and block number (市区町村・番地). */
  address1: string;
  /** Building and room, or null. */
  address2: string | null;
}

/** A piece of text that is never broken, with the separator it needs after a previous piece on the same line. */
interface Piece {
  text: string;
  separator: '' | ' ';
  /** The tsunagu field the piece comes from, for the problem. */
  field: string;
  /** Whether the piece starts the building part, which should start a new column when there is room. */
  startsBuilding: boolean;
}

/** A number (Arabic, full-width or kanji) followed by a block unit, or by a hyphen: text may break after it. */
const BREAK_AFTER = /[0-9０-９一二三四五六七八九十百千]+(?:丁目|番地|番|号|[-ー－‐−])/g;

/** Splits one word (no spaces) after each block-number group. */
function splitWord(word: string): string[] {
  const parts: string[] = [];
  let start = 0;

  for (const match of word.matchAll(BREAK_AFTER)) {
    const end = match.index + match[0].length;
    if (end < word.length) {
      parts.push(word.slice(start, end));
      start = end;
    }
  }

  parts.push(word.slice(start));
  return parts.filter((part) => part !== '');
}

/** Splits text into pieces at spaces and after block-number groups; the first piece gets `firstSeparator`. */
export function splitAtNaturalPoints(text: string, field: string, firstSeparator: '' | ' ', startsBuilding = false): Piece[] {
  const pieces: Piece[] = [];

  collapseSpaces(text)
    .split(' ')
    .filter((word) => word !== '')
    .forEach((word, wordIndex) => {
      splitWord(word).forEach((part, partIndex) => {
        const first = wordIndex === 0 && partIndex === 0;

        // Parts of one word join directly; a new word follows a space.
        let separator: '' | ' ' = partIndex === 0 ? ' ' : '';
        if (first) separator = firstSeparator;

        pieces.push({ text: part, separator, field, startsBuilding: first && startsBuilding });
      });
    });

  return pieces;
}

type FillResult = { ok: true; lines: string[] } | { ok: false; column: number; piece: number };

/**
 * Places pieces into columns in order, starting a new column when the next piece does not
 * fit. With `buildingOnNewColumn`, the building part also starts a new column.
 */
function fill(pieces: readonly Piece[], widths: readonly number[], buildingOnNewColumn: boolean): FillResult {
  const lines = widths.map(() => '');
  let column = 0;

  for (const [index, piece] of pieces.entries()) {
    const current = lines[column]!;
    const joined = current === '' ? piece.text : current + piece.separator + piece.text;
    const forceNewColumn = buildingOnNewColumn && piece.startsBuilding && current !== '';

    if (!forceNewColumn && cp932ByteLength(joined) <= widths[column]!) {
      lines[column] = joined;
      continue;
    }

    if (current !== '') column += 1;
    if (column >= widths.length || cp932ByteLength(piece.text) > widths[column]!) {
      return { ok: false, column: Math.min(column, widths.length - 1), piece: index };
    }
    lines[column] = piece.text;
  }

  return { ok: true, lines };
}

/**
 * Places text made of pieces into columns: first with the building starting its own column,
 * then, if that does not fit, running on. Returns the column texts, or a 'too_long' problem
 * that names the column, its limit and the text from the first piece that does not fit.
 */
export function fillColumns(
  pieces: readonly Piece[],
  columns: readonly AddressColumn[],
  problems: RowProblems,
): { ok: true; lines: string[] } | { ok: false; problem: ExportProblem } {
  const widths = columns.map((column) => column.maxBytes);

  const preferred = fill(pieces, widths, true);
  if (preferred.ok) return preferred;
  const runOn = fill(pieces, widths, false);
  if (runOn.ok) return runOn;

  const failed = pieces[runOn.piece]!;
  const overflow = pieces
    .slice(runOn.piece)
    .map((piece, index) => (index === 0 ? piece.text : piece.separator + piece.text))
    .join('');
  const whole = pieces.map((piece, index) => (index === 0 ? piece.text : piece.separator + piece.text)).join('');
  const column = columns[runOn.column]!;
  const rule: ColumnRule = { field: failed.field, column: column.column, maxBytes: column.maxBytes };

  // The problem goes into the row's list by tooLong; it is also returned for callers that
  // split text on their own.
  problems.tooLong(rule, whole, overflow, {
    ja: '建物名・部屋番号を「建物名・部屋番号」の欄に移すか、番地と建物名の間に空白を入れて分けられるようにするか、短くしてください。',
    en: 'Move the building and room to the building field, put a space between the block number and the building so it can be split there, or shorten it.',
  });
  return { ok: false, problem: problems.list[problems.list.length - 1]! };
}

/**
 * Checks an address and splits it over a carrier's columns in order, for example B2's 住所
 * (64 bytes) and building (32 bytes), or e飛伝's three lines of 32 bytes. Each part is
 * cleaned and checked like any text field: spaces collapsed, platform-dependent characters
 * folded, CP932 checked. The prefecture must be one of the 47. `field` is 'recipient' or
 * 'sender' and names the source in problems. Every problem is added to `problems`, and a
 * too-long address is also returned.
 */
export function splitAddress(
  address: AddressParts,
  columns: readonly AddressColumn[],
  field: string,
  problems: RowProblems,
): { ok: true; lines: string[] } | { ok: false; problem: ExportProblem } {
  const anyWidth = Number.MAX_SAFE_INTEGER;
  const label = columns.map((column) => column.column).join('・');
  const prefecture = problems.text(address.prefecture, { field: `${field}.prefecture`, column: label, maxBytes: anyWidth, required: true });
  const address1 = problems.text(address.address1, { field: `${field}.address1`, column: label, maxBytes: anyWidth, required: true });
  const address2 = problems.text(address.address2, { field: `${field}.address2`, column: label, maxBytes: anyWidth });
  if (prefecture !== '') problems.prefecture(prefecture, `${field}.prefecture`);

  const pieces = [
    ...splitAtNaturalPoints(prefecture, `${field}.prefecture`, ''),
    ...splitAtNaturalPoints(address1, `${field}.address1`, ''),
    ...splitAtNaturalPoints(address2, `${field}.address2`, ' ', true),
  ];
  return fillColumns(pieces, columns, problems);
}

/**
 * Checks an address with splitAddress and writes its lines to the given columns of a row.
 * The columns stay blank when the address does not fit, because the problem is reported.
 */
export function writeAddress<Column extends string>(
  row: LayoutRow<Column>,
  address: AddressParts,
  columns: ReadonlyArray<{ column: Column; maxBytes: number }>,
  field: string,
  problems: RowProblems,
): void {
  const split = splitAddress(address, columns, field, problems);
  if (!split.ok) return;
  columns.forEach(({ column }, index) => row.set(column, split.lines[index]!));
}
