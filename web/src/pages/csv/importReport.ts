/** One problem in an import report; `row` is the line number in the file (1 is the header). */
export interface ImportIssue {
  row: number;
  column: string | null;
  value: string | null;
  message: string;
}

export interface ImportReport {
  importId: number | null;
  format: 'tsunagu' | 'shopify';
  encoding: 'utf8' | 'cp932' | null;
  encodingDetected: boolean;
  dryRun: boolean;
  mode: 'all_or_nothing' | 'valid_rows_only';
  committed: boolean;
  rowCount: number;
  created: number;
  skipped: number;
  invalid: number;
  productCount: number | null;
  errors: ImportIssue[];
  warnings: ImportIssue[];
}

/**
 * Whether the errors are about the file as a whole (encoding, CSV syntax, header, default
 * location). The server then stops before checking rows, so no row counts as invalid.
 */
export function hasFileLevelErrors(report: Pick<ImportReport, 'errors' | 'invalid'>): boolean {
  return report.errors.length > 0 && report.invalid === 0;
}
