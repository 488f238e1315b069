import { parse } from 'csv-parse/sync';
import { itemCsvErrors } from './errors.js';
import type { Bilingual } from './row-messages.js';

/** A problem or a note about one row, as the import report lists it. */
export interface RowIssue {
  /** Row number as a spreadsheet shows it: the header is row 1, the first item row 2. */
  row: number;
  /** Header text of the column as written in the file; null when the whole row is meant. */
  column: string | null;
  /** The cell's text, when one cell is meant. */
  value: string | null;
  message: Bilingual;
}

export interface CellSource {
  column: string;
  text: string;
}

/** Stock to put at one location when the item is created. */
export interface Placement {
  /** Location code from the file; null means the import's default location. */
  locationCode: string | null;
  /** In the item's stored unit (pieces, cm, milli-carats or centigrams). */
  quantity: number;
}

/**
 * One item read from a CSV row, before schema validation: `input` is what
 * itemAttributesInput parses, in base units (yen, centigrams, milli-carats, millimetres).
 */
export interface ItemRowCandidate {
  row: number;
  /** Stable key of the row's origin, so that importing the same file again adds nothing. */
  sourceKey: string;
  input: Record<string, unknown>;
  /** Column (header text) and cell text each input field came from, to name them in messages. */
  sources: Record<string, CellSource>;
  supplierCode: string | null;
  placements: Placement[];
  issues: RowIssue[];
  warnings: RowIssue[];
}

export interface CsvRecord {
  row: number;
  cells: string[];
}

export interface CsvTable {
  header: string[];
  records: CsvRecord[];
}

/** csv-parse error codes worded for people, in both languages. */
const CSV_PARSER_REASONS: Record<string, { ja: string; en: string }> = {
  CSV_QUOTE_NOT_CLOSED: { ja: '引用符 " が閉じられていません', en: 'a quote (") is not closed' },
  CSV_INVALID_CLOSING_QUOTE: { ja: '引用符 " の後に余分な文字があります', en: 'characters follow a closing quote (")' },
  CSV_INVALID_OPENING_QUOTE: { ja: 'セルの途中に引用符 " があります', en: 'a quote (") opens in the middle of a cell' },
  CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE: { ja: '引用符 " の後に余分な文字があります', en: 'characters follow a closing quote (")' },
  CSV_MAX_RECORD_SIZE: { ja: '1 行が長すぎます', en: 'a row is too long' },
};

/**
 * Splits CSV text into a header and records. Row numbers count records, as a spreadsheet
 * shows them, so a cell with a line break inside quotes stays on one row. Rows whose cells
 * are all blank are dropped but still counted. Mixed CRLF and LF line ends are accepted.
 */
export function parseCsvTable(text: string): CsvTable {
  let rows: string[][];
  try {
    // relax_quotes keeps a quote inside an unquoted cell (12" chain) as text, as Excel does.
    rows = parse(text, { relax_column_count: true, relax_quotes: true, skip_empty_lines: false, bom: true });
  } catch (error) {
    const { lines, code } = error as { lines?: number; code?: string };
    const reason = CSV_PARSER_REASONS[code ?? ''] ?? { ja: '読み取れない箇所があります', en: 'the parser could not read it' };
    throw itemCsvErrors.csv_syntax({ line: lines ?? 1, reasonJa: reason.ja, reasonEn: reason.en });
  }

  const [header, ...body] = rows;
  if (!header || header.every((cell) => cell.trim() === '')) throw itemCsvErrors.empty_file({});

  const records: CsvRecord[] = [];
  body.forEach((cells, index) => {
    if (cells.every((cell) => cell.trim() === '')) return;
    records.push({ row: index + 2, cells });
  });
  return { header, records };
}
