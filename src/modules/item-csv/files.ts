import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import type { Db } from '../../db/database.js';
import type { Locale } from '../../shared/errors.js';
import type { EncodingChoice } from './encoding.js';
import { exportItemsBuffer, type ExportItemsOptions } from './export-service.js';
import { importItems } from './import-service.js';
import { localizeImportResult, type ImportFormat, type ImportMode, type ImportReport } from './report.js';

// Entry points for the command line: `tsunagu import items FILE` and `tsunagu export items`.

export interface ImportItemsFileOptions {
  /** File to read; give either path or bytes. */
  path?: string;
  bytes?: Uint8Array;
  /** Name recorded in the imports table; defaults to the base name of path. */
  fileName?: string | null;
  format?: ImportFormat;
  encoding?: EncodingChoice;
  /** Code of the location that receives rows without a location code (all Shopify rows). */
  locationCode?: string | null;
  mode?: ImportMode;
  dryRun?: boolean;
  userId?: number | null;
  locale?: Locale;
  logger?: Pick<Logger, 'info' | 'warn'>;
}

/**
 * Imports an item CSV from a path or bytes and returns the report in one language.
 * Defaults: tsunagu layout, encoding detected, all_or_nothing, not a dry run, Japanese.
 * A report with errors and `committed: false` means nothing was written.
 */
export async function importItemsFile(db: Db, options: ImportItemsFileOptions): Promise<ImportReport> {
  if (options.bytes === undefined && options.path === undefined) throw new TypeError('importItemsFile needs path or bytes');
  const bytes = options.bytes ?? (await readFile(options.path!));

  const result = await importItems(db, {
    bytes,
    fileName: options.fileName ?? (options.path ? path.basename(options.path) : null),
    format: options.format ?? 'tsunagu',
    encoding: options.encoding ?? 'auto',
    defaultLocationCode: options.locationCode ?? null,
    mode: options.mode ?? 'all_or_nothing',
    dryRun: options.dryRun ?? false,
    userId: options.userId ?? null,
    ...(options.logger ? { logger: options.logger } : {}),
  });
  return localizeImportResult(result, options.locale ?? 'ja');
}

export type ExportItemsFileOptions = Partial<ExportItemsOptions>;

/**
 * Exports items in the tsunagu layout as file bytes: UTF-8 with a BOM by default, or CP932.
 * Throws characters_missing_from_cp932 (a DomainError naming rows and columns) when CP932
 * cannot hold some text.
 */
export async function exportItemsFile(db: Db, options: ExportItemsFileOptions = {}): Promise<Buffer> {
  return exportItemsBuffer(db, { ...options, encoding: options.encoding ?? 'utf8', locale: options.locale ?? 'ja' });
}
