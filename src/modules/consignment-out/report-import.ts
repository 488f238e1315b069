import { createHash } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import type { Db, Tx } from '../../db/database.js';
import type { Locale } from '../../shared/errors.js';
import { isCalendarDate } from '../../shared/time.js';
import { decodeCsvBytes } from '../item-csv/encoding.js';
import type { StockContext } from '../stock-lines/service.js';
import { getConsigneeRow } from './consignees.js';
import { consignmentOutErrors } from './errors.js';
import { recordReport, reportTotals, resolveReportLines, type ResolvedReportLine } from './reports.js';
import type { ReportImportInput, ReportImportOutput, ReportLineInput, ReportOutput } from './schemas.js';

// CSV layout of a consignee's report, one row per piece:
//   在庫番号 (stock_number), 区分 (outcome: 販売 / 返品), 販売日 (sold_on), 販売価格（税込） (sale_price).
// The first two columns are required. An empty date means the report date, and an empty
// price means the retail price at sending.

type Column = 'stockNumber' | 'outcome' | 'soldOn' | 'salePrice';

/** Header names per column, compared after NFKC folding, lower-casing and removing spaces. */
const HEADER_NAMES: Record<Column, readonly string[]> = {
  stockNumber: ['在庫番号', '管理番号', 'stock_number', 'stocknumber'],
  outcome: ['区分', 'outcome', 'type'],
  soldOn: ['販売日', 'sold_on', 'soldon', 'sale_date', 'saledate'],
  salePrice: ['販売価格(税込)', '販売価格', '売価(税込)', 'sale_price', 'saleprice', 'price'],
};
const REQUIRED_COLUMNS: readonly Column[] = ['stockNumber', 'outcome'];

const OUTCOME_WORDS: Record<string, 'sold' | 'returned'> = {
  販売: 'sold',
  売上: 'sold',
  sold: 'sold',
  sale: 'sold',
  返品: 'returned',
  返却: 'returned',
  returned: 'returned',
  return: 'returned',
};

function foldHeader(text: string): string {
  return text.normalize('NFKC').trim().toLowerCase().replace(/\s+/g, '');
}

interface Bilingual {
  ja: string;
  en: string;
}

interface RowIssue {
  row: number;
  column: string | null;
  value: string | null;
  message: Bilingual;
}

interface ParsedRow {
  row: number;
  line: ReportLineInput;
}

/** Reads "12,000", "¥12000" or full-width digits as whole yen, or returns null for anything else. */
function parseYen(text: string): number | null {
  const folded = text.normalize('NFKC').replace(/[,¥\\円\s]/g, '');
  if (!/^\d{1,12}$/.test(folded)) return null;
  return Number(folded);
}

/** Reads "2026-12-04", "2026/12/4" or full-width digits as a business date, or returns null for anything else. */
function parseDate(text: string): string | null {
  const match = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})$/.exec(text.normalize('NFKC').trim());
  if (!match) return null;
  const date = `${match[1]}-${match[2]!.padStart(2, '0')}-${match[3]!.padStart(2, '0')}`;
  return isCalendarDate(date) ? date : null;
}

/** A row with a bad cell that still names a piece, so the piece can be checked too. */
interface IncompleteRow {
  row: number;
  stockNumber: string;
}

/**
 * Parses the CSV text into report lines, with one issue per bad cell. Row numbers are as
 * a spreadsheet shows them (the header is row 1), and blank rows are skipped. A row with a
 * bad cell is not a line, but it is listed in `incomplete` when it has a stock number.
 */
export function parseReportCsv(text: string): {
  rows: ParsedRow[];
  incomplete: IncompleteRow[];
  issues: RowIssue[];
  headers: Record<Column, string | null>;
  rowCount: number;
} {
  let table: string[][];
  try {
    table = parse(text, { relax_column_count: true, skip_empty_lines: false, bom: true }) as string[][];
  } catch (error) {
    throw consignmentOutErrors.csv_unreadable({ reason: error instanceof Error ? error.message : String(error) });
  }

  const header = table[0] ?? [];
  const positions = {} as Record<Column, number>;
  const headers = {} as Record<Column, string | null>;
  for (const column of Object.keys(HEADER_NAMES) as Column[]) {
    const position = header.findIndex((cell) => HEADER_NAMES[column].includes(foldHeader(cell)));
    positions[column] = position;
    headers[column] = position >= 0 ? header[position]! : null;
  }
  const missing = REQUIRED_COLUMNS.filter((column) => positions[column] < 0);
  if (missing.length > 0) throw consignmentOutErrors.csv_missing_columns({ columns: missing.map((column) => HEADER_NAMES[column][0]).join(', ') });

  const rows: ParsedRow[] = [];
  const incomplete: IncompleteRow[] = [];
  const issues: RowIssue[] = [];
  let rowCount = 0;
  for (const [offset, cells] of table.slice(1).entries()) {
    const row = offset + 2;
    const cell = (column: Column) => (positions[column] >= 0 ? (cells[positions[column]] ?? '').trim() : '');
    if (cells.every((value) => value.trim() === '')) continue;
    rowCount += 1;

    const issue = (column: Column, value: string, message: Bilingual) => issues.push({ row, column: headers[column], value, message });
    const stockNumber = cell('stockNumber').normalize('NFKC');
    const outcomeText = cell('outcome');
    const outcome = OUTCOME_WORDS[foldHeader(outcomeText)];
    const soldOnText = cell('soldOn');
    const soldOn = soldOnText === '' ? null : parseDate(soldOnText);
    const priceText = cell('salePrice');
    const salePrice = priceText === '' ? null : parseYen(priceText);

    if (stockNumber === '') issue('stockNumber', '', { ja: '在庫番号が空です。商品の在庫番号を入力してください。', en: 'The stock number is empty. Enter the piece’s stock number.' });
    if (!outcome) {
      issue('outcome', outcomeText, { ja: '区分は「販売」か「返品」を入力してください。', en: 'Enter "販売" (sold) or "返品" (returned) as the outcome.' });
    }
    if (soldOnText !== '' && soldOn === null) {
      issue('soldOn', soldOnText, { ja: '販売日は 2026-12-04 か 2026/12/04 の形で入力してください。', en: 'Enter the sale date as 2026-12-04 or 2026/12/04.' });
    }
    if (priceText !== '' && salePrice === null) {
      issue('salePrice', priceText, { ja: '販売価格は税込の円を整数で入力してください（例: 132000）。', en: 'Enter the sale price as whole yen, tax included (example: 132000).' });
    }
    if (!outcome || (soldOnText !== '' && soldOn === null) || (priceText !== '' && salePrice === null)) {
      if (stockNumber !== '') incomplete.push({ row, stockNumber });
      continue;
    }
    if (stockNumber === '') continue;

    rows.push({ row, line: { stockNumber, outcome, soldOn, salePrice } });
  }
  return { rows, incomplete, issues, headers, rowCount };
}

/** The cell value a line problem is about, as the preview lists it. A default date is the report date. */
function problemValue(line: ReportLineInput, field: Column): string | null {
  if (field === 'stockNumber') return line.stockNumber ?? null;
  if (field === 'soldOn') return line.soldOn ?? null;
  return String(line.salePrice ?? '');
}

/** Computes the SHA-256 of the file's bytes in hex, which keeps the same file from being imported twice. */
export function fileDigest(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Imports a consignee's report from CSV. A dry run, or a file with any bad row, records
 * nothing and returns every row with its amounts or its problems. Otherwise the report is
 * recorded in one transaction exactly as a manual report, and `onRecorded` runs in that
 * transaction (for the audit event). A file imported before (same
 * SHA-256) is rejected with file_already_imported, in a dry run too.
 */
export async function importReport(
  db: Db,
  input: ReportImportInput,
  ctx: StockContext,
  locale: Locale,
  onRecorded: (trx: Tx, report: ReportOutput) => Promise<void>,
): Promise<ReportImportOutput> {
  const bytes = Buffer.from(input.contentBase64, 'base64');
  const digest = fileDigest(bytes);
  const decoded = decodeCsvBytes(bytes, input.encoding);
  const consignee = await getConsigneeRow(db, input.consigneeId, 'consigneeId');
  await assertNotImported(db, digest);

  const { rows, incomplete, issues, headers, rowCount } = parseReportCsv(decoded.text);
  if (rowCount === 0) throw consignmentOutErrors.csv_empty({});

  // A row with a bad cell has its piece checked too, so every problem of a row shows at once.
  // It is checked as a return, which has no date or price to check.
  const checked: ParsedRow[] = [
    ...rows,
    ...incomplete.map(({ row, stockNumber }) => ({ row, line: { stockNumber, outcome: 'returned' as const, soldOn: null, salePrice: null } })),
  ];
  const { resolved: resolvedChecked, problems } = await resolveReportLines(db, consignee, checked.map((row) => row.line), input.reportedOn);
  for (const problem of problems) {
    const row = checked[problem.index]!;
    const error = problem.error();
    issues.push({
      row: row.row,
      column: headers[problem.field],
      value: problemValue(row.line, problem.field),
      message: { ja: error.messageIn('ja'), en: error.messageIn('en') },
    });
  }
  issues.sort((a, b) => a.row - b.row);

  const resolved = resolvedChecked.slice(0, rows.length);
  const valid = resolved.filter((line): line is ResolvedReportLine => line !== null);
  const totals = reportTotals(valid);
  const preview = rows.map((row, index) => {
    const line = resolved[index];
    return {
      row: row.row,
      stockNumber: row.line.stockNumber ?? '',
      itemName: line?.item.name ?? null,
      outcome: row.line.outcome,
      soldOn: line?.soldOn ?? null,
      salePrice: line && line.outcome === 'sold' ? line.salePrice : null,
      commissionAmount: line && line.outcome === 'sold' ? line.commission : null,
      receivableAmount: line && line.outcome === 'sold' ? line.receivable : null,
      valid: line !== null && !issues.some((issue) => issue.row === row.row),
    };
  });
  const result = {
    dryRun: input.dryRun,
    committed: false,
    encoding: decoded.encoding,
    rowCount,
    errors: issues.map((issue) => ({ ...issue, message: issue.message[locale] })),
    rows: preview,
    ...totals,
    report: null,
  };
  if (input.dryRun || issues.length > 0) return result;

  const report = await db
    .transaction()
    .execute(async (trx) => {
      await assertNotImported(trx, digest);
      const recorded = await recordReport(trx, { ...input, source: 'csv', fileSha256: digest }, valid, ctx);
      await onRecorded(trx, recorded);
      return recorded;
    })
    .catch(async (error: unknown) => {
      // Two imports of one file at the same moment both pass the check above, and the unique
      // index on file_sha256 stops the second. It gets the same error as a later import.
      if (isDigestConflict(error)) await assertNotImported(db, digest);
      throw error;
    });
  return { ...result, committed: true, report };
}

/** True for the unique-index error of a second report with the same file digest, on either database. */
export function isDigestConflict(error: unknown): boolean {
  const code = (error as { code?: string }).code;
  const message = error instanceof Error ? error.message : '';
  return (code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE') && message.includes('file_sha256');
}

async function assertNotImported(db: Pick<Db, 'selectFrom'>, digest: string): Promise<void> {
  const earlier = await db.selectFrom('consignment_out_reports').select('number').where('file_sha256', '=', digest).executeTakeFirst();
  if (earlier) throw consignmentOutErrors.file_already_imported({ number: earlier.number });
}
