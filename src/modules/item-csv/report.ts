import type { CsvEncoding } from '../../shared/csv-safe.js';
import type { Locale } from '../../shared/errors.js';
import type { RowIssue } from './rows.js';

export const IMPORT_FORMATS = ['tsunagu', 'shopify'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/** all_or_nothing writes nothing when any row has an error; valid_rows_only writes the rest. */
export const IMPORT_MODES = ['all_or_nothing', 'valid_rows_only'] as const;
export type ImportMode = (typeof IMPORT_MODES)[number];

/**
 * Outcome of one row: created, skipped (imported before), invalid, or ready. Ready means
 * valid but not written, because of a dry run or another row's error under all_or_nothing.
 */
export type RowStatus = 'created' | 'skipped' | 'invalid' | 'ready';

export interface RowOutcome {
  row: number;
  status: RowStatus;
  stockNumber: string | null;
  itemId: number | null;
}

/** The outcome of an import with messages in both languages; localizeImportResult picks one. */
export interface ImportResult {
  /** Id of the imports table row, when something was written. */
  importId: number | null;
  format: ImportFormat;
  /** Encoding the file was read as; null when the bytes could not be decoded. */
  encoding: CsvEncoding | null;
  encodingDetected: boolean;
  dryRun: boolean;
  mode: ImportMode;
  /** Whether rows were written to the database. */
  committed: boolean;
  /** Item rows in the file (Shopify: variant rows), blank rows not counted. */
  rowCount: number;
  created: number;
  skipped: number;
  invalid: number;
  /** Shopify only: products (handles) and variants found in the file. */
  productCount: number | null;
  errors: RowIssue[];
  warnings: RowIssue[];
  rows: RowOutcome[];
}

export interface LocalizedIssue {
  row: number;
  column: string | null;
  value: string | null;
  message: string;
}

export type ImportReport = Omit<ImportResult, 'errors' | 'warnings'> & {
  errors: LocalizedIssue[];
  warnings: LocalizedIssue[];
};

const localizeIssue = (issue: RowIssue, locale: Locale): LocalizedIssue => ({
  row: issue.row,
  column: issue.column,
  value: issue.value,
  message: issue.message[locale],
});

/** Picks the messages of one language, for the API and the CLI. */
export function localizeImportResult(result: ImportResult, locale: Locale): ImportReport {
  return {
    ...result,
    errors: result.errors.map((issue) => localizeIssue(issue, locale)),
    warnings: result.warnings.map((issue) => localizeIssue(issue, locale)),
  };
}
