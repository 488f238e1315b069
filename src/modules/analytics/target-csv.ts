import { parse } from 'csv-parse/sync';
import type { Executor, Tx } from '../../db/database.js';
import type { SalesChannel } from '../../db/schema.js';
import { toExcelCsv } from '../../shared/csv-safe.js';
import type { DomainError } from '../../shared/errors.js';
import type { LocationScope } from '../access/scope.js';
import { decodeCsvBytes } from '../item-csv/encoding.js';
import { analyticsErrors } from './errors.js';
import { CHANNEL_LABELS, SALES_CHANNELS } from './query.js';
import type { Label } from './table.js';
import {
  saveTargets,
  targetGrid,
  targetLocations,
  targetRefIssues,
  targetUsers,
  TARGET_SCOPE_LABELS,
  TARGET_SCOPES,
  type TargetChange,
  type TargetGridOptions,
  type TargetScope,
} from './targets.js';

// Targets as a CSV file: a template pre-filled with the month's grid, and an import that
// checks every row before anything is written. Columns: month, scope, code, name, amount.
// The code names the subject: empty for the company, the location code, the channel key
// (store, rakuten, …) or the staff member's e-mail address (their login). The name is for
// people reading the file and is ignored on import.

export const TEMPLATE_HEADER = ['month', 'scope', 'code', 'name', 'amount'] as const;
const REQUIRED_COLUMNS = ['month', 'scope', 'code', 'amount'] as const;

/** Largest target accepted, in yen (one trillion): a guard against a mistyped amount. */
export const MAX_TARGET_AMOUNT = 1_000_000_000_000;

/** Writes the month's grid as a CSV (UTF-8 with BOM), one row per grid row, amount empty where no target is set. */
export async function targetTemplateCsv(db: Executor, month: string, options: TargetGridOptions): Promise<Buffer> {
  const grid = await targetGrid(db, month, options);
  const locations = new Map((await targetLocations(db)).map((location) => [String(location.id), location.code]));
  const users = new Map((await targetUsers(db)).map((user) => [String(user.id), user.email]));

  const codeOf = (scope: TargetScope, scopeRef: string) => {
    if (scope === 'location') return locations.get(scopeRef) ?? scopeRef;
    if (scope === 'staff') return users.get(scopeRef) ?? scopeRef;
    return scopeRef;
  };
  const rows = grid.rows.map((row) => [month, row.scope, codeOf(row.scope, row.scopeRef), row.name, row.amount]);
  return toExcelCsv(TEMPLATE_HEADER, rows, 'utf8');
}

/** A problem in one cell of the file; row 1 is the header, so the first target is row 2. */
export interface TargetImportIssue {
  row: number;
  column: string | null;
  value: string | null;
  message: Label;
}

export interface TargetImportRow {
  row: number;
  month: string;
  scope: TargetScope;
  scopeRef: string;
  code: string;
  name: string;
  /** Yen; null removes the target. */
  amount: number | null;
}

export interface TargetImportPreview {
  rows: TargetImportRow[];
  errors: TargetImportIssue[];
}

const messages = {
  month: { ja: '月は 2026-04 のように 年-月 で書いてください。', en: 'Write the month as year-month, for example 2026-04.' },
  scope: { ja: `区分は ${TARGET_SCOPES.join(', ')} のどれかにしてください。`, en: `Use one of ${TARGET_SCOPES.join(', ')} as the scope.` },
  amount: { ja: '金額は 0 以上の整数（円）で書いてください（カンマ・¥ は可）。空欄は目標の削除です。', en: 'Write the amount as a whole number of yen, 0 or more (commas and ¥ are fine). Leave it empty to remove the target.' },
  amountTooLarge: { ja: '金額が大きすぎます（1 兆円まで）。桁を確かめてください。', en: 'The amount is too large (at most one trillion yen). Check the digits.' },
  location: { ja: '拠点コードが見つかりません。ひな形の code 列の値を使ってください。', en: 'No location has this code. Use a code from the template’s code column.' },
  channel: { ja: `チャネルは ${SALES_CHANNELS.join(', ')} のどれかにしてください。`, en: `Use one of ${SALES_CHANNELS.join(', ')} as the channel.` },
  staff: { ja: 'このメールアドレスのユーザーが見つかりません。ひな形の code 列の値を使ってください。', en: 'No user has this e-mail address. Use a value from the template’s code column.' },
} satisfies Record<string, Label>;

/**
 * Reads a month such as 2026-04. Excel turns "2026-04" into a date when the file is opened and
 * saved, so 2026/4/1, 2026-4 and 2026/04 are read as the same month.
 */
export function parseMonthCell(value: string): string | null {
  const text = value.normalize('NFKC').trim();
  const match = /^(\d{4})[-/.年](\d{1,2})(?:月)?(?:[-/.](\d{1,2})日?)?$/.exec(text);
  if (!match) return null;
  const month = Number(match[2]);
  if (month < 1 || month > 12) return null;
  return `${match[1]}-${String(month).padStart(2, '0')}`;
}

/**
 * Reads an amount in yen: full-width digits, commas, spaces, "¥", "￥", "円" and a
 * backslash (how ¥ shows in some Japanese fonts and files) are allowed. Empty is null.
 * Returns undefined when the text is not a whole number of yen.
 */
export function parseAmountCell(value: string): number | null | undefined {
  const text = value.normalize('NFKC').replace(/[\s,¥\\円]/g, '');
  if (text === '') return null;
  if (!/^\d+$/.test(text)) return undefined;
  return Number(text);
}

function parseScopeCell(value: string): TargetScope | null {
  const text = value.normalize('NFKC').trim().toLowerCase();
  for (const scope of TARGET_SCOPES) {
    const label = TARGET_SCOPE_LABELS[scope];
    if (text === scope || text === label.ja || text === label.en.toLowerCase()) return scope;
  }
  return null;
}

function parseChannelCell(value: string): SalesChannel | null {
  const text = value.normalize('NFKC').trim().toLowerCase();
  return SALES_CHANNELS.find((channel) => channel === text || CHANNEL_LABELS[channel].ja.toLowerCase() === text || CHANNEL_LABELS[channel].en.toLowerCase() === text) ?? null;
}

function readRecords(text: string): string[][] {
  try {
    return parse(text, { relax_column_count: true, skip_empty_lines: false, trim: true }) as string[][];
  } catch (error) {
    throw analyticsErrors.target_csv_unreadable({ reason: error instanceof Error ? error.message : String(error) });
  }
}

/**
 * Reads and checks a target file without writing anything. Every bad row is reported with
 * its row number, column and value; rows without problems are returned ready to save.
 */
export async function previewTargetImport(db: Executor, bytes: Uint8Array, scope: LocationScope): Promise<TargetImportPreview> {
  const { text } = decodeCsvBytes(bytes, 'auto');
  const records = readRecords(text);
  const header = (records[0] ?? []).map((cell) => cell.normalize('NFKC').trim().toLowerCase());
  const missing = REQUIRED_COLUMNS.filter((column) => !header.includes(column));
  if (missing.length > 0) throw analyticsErrors.target_csv_header({ missing: missing.join(', ') });
  const index = Object.fromEntries(TEMPLATE_HEADER.map((column) => [column, header.indexOf(column)])) as Record<(typeof TEMPLATE_HEADER)[number], number>;

  const locations = new Map((await targetLocations(db)).map((location) => [location.code.normalize('NFKC').toUpperCase(), location]));
  const users = new Map((await targetUsers(db)).map((user) => [user.email.toLowerCase(), user]));
  const refOfCode = (targetScope: TargetScope, code: string): string | null => {
    switch (targetScope) {
      case 'company':
        return '';
      case 'location': {
        const location = locations.get(code.toUpperCase());
        return location ? String(location.id) : null;
      }
      case 'channel':
        return parseChannelCell(code);
      case 'staff': {
        const user = users.get(code.toLowerCase());
        return user ? String(user.id) : null;
      }
    }
  };
  const errors: TargetImportIssue[] = [];
  const rows: TargetImportRow[] = [];

  records.slice(1).forEach((record, offset) => {
    const row = offset + 2;
    const cell = (column: (typeof TEMPLATE_HEADER)[number]) => (index[column] < 0 ? '' : (record[index[column]] ?? ''));
    if (record.every((value) => value.trim() === '')) return;
    const issue = (column: string, message: Label) => errors.push({ row, column, value: cell(column as (typeof TEMPLATE_HEADER)[number]), message });

    const month = parseMonthCell(cell('month'));
    if (month === null) issue('month', messages.month);
    const targetScope = parseScopeCell(cell('scope'));
    if (targetScope === null) issue('scope', messages.scope);
    const amount = parseAmountCell(cell('amount'));
    if (amount === undefined) issue('amount', messages.amount);
    else if (amount !== null && amount > MAX_TARGET_AMOUNT) issue('amount', messages.amountTooLarge);

    // The code is checked against the scope only when the scope could be read.
    const code = cell('code').normalize('NFKC').trim();
    const scopeRef = targetScope === null ? null : refOfCode(targetScope, code);
    if (targetScope !== null && scopeRef === null) issue('code', messages[targetScope as Exclude<TargetScope, 'company'>]);
    if (month === null || targetScope === null || scopeRef === null || amount === undefined || (amount !== null && amount > MAX_TARGET_AMOUNT)) return;

    rows.push({ row, month, scope: targetScope, scopeRef, code, name: cell('name'), amount });
  });

  // Rows that read well are then checked together: duplicates, inactive subjects, locations outside the user's.
  const refIssues = await targetRefIssues(db, rows.map((row) => ({ ...row, written: row.code })), scope);
  for (const { index: position, error } of refIssues) {
    const row = rows[position]!;
    errors.push({ row: row.row, column: 'code', value: row.code, message: messagesOf(error) });
  }
  const bad = new Set(refIssues.map((found) => found.index));
  errors.sort((a, b) => a.row - b.row);
  return { rows: rows.filter((_, position) => !bad.has(position)), errors };
}

function messagesOf(error: DomainError): Label {
  return { ja: error.messageIn('ja'), en: error.messageIn('en') };
}

/** Saves checked rows, month by month, in the caller's transaction; returns the changes per month. */
export async function applyTargetImport(trx: Tx, rows: readonly TargetImportRow[], userId: number | null): Promise<Record<string, TargetChange[]>> {
  const months = [...new Set(rows.map((row) => row.month))].sort();
  const changed: Record<string, TargetChange[]> = {};
  for (const month of months) {
    changed[month] = await saveTargets(trx, month, rows.filter((row) => row.month === month), userId);
  }
  return changed;
}

