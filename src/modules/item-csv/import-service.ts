import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import { chunked, queryInChunks } from '../../db/chunks.js';
import type { Db, Executor, Tx } from '../../db/database.js';
import { nowIso } from '../../db/database.js';
import type { Item } from '../../db/schema.js';
import { isDomainError } from '../../shared/errors.js';
import { accessErrors, canActAt, UNRESTRICTED_SCOPE, visibleItemIds, visibleStockFilter, type LocationScope } from '../access/scope.js';
import { recordAudit, type AuditActor } from '../audit/service.js';
import { isCostKey } from '../../server/cost-hiding.js';
import { createItems, ItemInputError, setItemsStatus, stockNumbersByQuantityJan, stockNumbersBySourceKey } from '../items/service.js';
import { recordReceipts, type MovementInput } from '../ledger/service.js';
import { decodeCsvBytes, type EncodingChoice } from './encoding.js';
import { itemCsvErrors } from './errors.js';
import type { ImportFormat, ImportMode, ImportResult, RowOutcome } from './report.js';
import { rowMessages } from './row-messages.js';
import { parseCsvTable, type CsvTable, type ItemRowCandidate, type RowIssue } from './rows.js';
import { isShopifyCostHeader, readShopifyTable } from './shopify-layout.js';
import { REQUIRED_TSUNAGU_COLUMNS, tsunaguColumnForHeader } from './tsunagu-columns.js';
import { mapTsunaguHeader, readTsunaguRecord } from './tsunagu-layout.js';
import { checkCandidates, type CheckedRow } from './validate.js';

export interface ImportItemsOptions {
  bytes: Uint8Array;
  fileName: string | null;
  format: ImportFormat;
  encoding: EncodingChoice;
  /** Location for rows without a location code (every Shopify row); by id or by code. */
  defaultLocationId?: number | null;
  defaultLocationCode?: string | null;
  mode: ImportMode;
  /** Validate and report without writing anything. */
  dryRun: boolean;
  userId: number | null;
  /** Locations the user may act at; rows and the default location must lie within it. Everything when omitted. */
  scope?: LocationScope;
  /** The importing user, address and request, for the item.import audit event; without it the event names only userId. */
  auditActor?: AuditActor;
  /**
   * False for users without the cost.view permission: the cost column is then optional,
   * its values are ignored with a warning, and new items cost 0. True when omitted.
   */
  includeCost?: boolean;
  logger?: Pick<Logger, 'info' | 'warn'>;
}

/** Items listed in the after value of the item.import audit event; the count covers the rest. */
const MAX_AUDITED_ITEMS = 1000;

interface ReadFile {
  candidates: ItemRowCandidate[];
  warnings: RowIssue[];
  issues: RowIssue[];
  productCount: number | null;
}

function isCostHeader(text: string, format: ImportFormat): boolean {
  if (format === 'shopify') return isShopifyCostHeader(text);
  const key = tsunaguColumnForHeader(text);
  return key !== undefined && isCostKey(key);
}

/** Removes the cost columns from a table and returns warnings naming them. */
function dropCostColumns(table: CsvTable, format: ImportFormat): RowIssue[] {
  const dropped = new Set(table.header.flatMap((text, index) => (isCostHeader(text, format) ? [index] : [])));
  if (dropped.size === 0) return [];

  const warnings = [...dropped].map((index) => ({ row: 1, column: table.header[index]!, value: null, message: rowMessages.costColumnIgnored() }));
  const keep = <T>(cells: T[]) => cells.filter((_, index) => !dropped.has(index));
  table.header = keep(table.header);
  for (const record of table.records) record.cells = keep(record.cells);
  return warnings;
}

function readFile(text: string, format: ImportFormat, includeCost: boolean): ReadFile {
  const table = parseCsvTable(text);
  const costWarnings = includeCost ? [] : dropCostColumns(table, format);
  if (format === 'shopify') {
    const result = readShopifyTable(table);
    return { candidates: result.candidates, warnings: [...costWarnings, ...result.warnings], issues: result.issues, productCount: result.productCount };
  }
  const required = includeCost ? REQUIRED_TSUNAGU_COLUMNS : REQUIRED_TSUNAGU_COLUMNS.filter((key) => !isCostKey(key));
  const { header, warnings } = mapTsunaguHeader(table.header, required);
  return {
    candidates: table.records.map((record) => readTsunaguRecord(record, header)),
    warnings: [...costWarnings, ...warnings],
    issues: [],
    productCount: null,
  };
}

/** Rows and codes already in the database that decide each row's outcome. */
interface Existing {
  itemBySourceKey: Map<string, string>;
  itemByStockNumber: Map<string, { sourceKey: string | null }>;
  supplierIdByCode: Map<string, number>;
  locationIdByCode: Map<string, number>;
  quantityItemByJan: Map<string, string>;
  /** Stock numbers of existing items the user may not see (see visibleItemIds). */
  hiddenStockNumbers: Set<string>;
}

/** Stock numbers among `stockNumbers` whose items lie outside what the scope may see. */
async function hiddenStockNumbersOf(db: Executor, scope: LocationScope, stockNumbers: string[]): Promise<Set<string>> {
  if (visibleStockFilter(scope) === undefined || stockNumbers.length === 0) return new Set();
  const items = await queryInChunks(stockNumbers, (chunk) =>
    db.selectFrom('items').select(['id', 'stock_number']).where('stock_number', 'in', chunk).execute(),
  );
  const visible = new Set<number>();
  for (const chunk of chunked(items, 1000)) {
    for (const id of await visibleItemIds(db, scope, chunk.map((item) => item.id))) visible.add(id);
  }
  return new Set(items.filter((item) => !visible.has(item.id)).map((item) => item.stock_number));
}

async function loadExisting(db: Executor, rows: CheckedRow[], scope: LocationScope): Promise<Existing> {
  const unique = (values: Array<string | null | undefined>) => [...new Set(values.filter((v): v is string => !!v))];
  const sourceKeys = unique(rows.map((r) => r.candidate.sourceKey));
  const stockNumbers = unique(rows.map((r) => r.attributes?.stockNumber));
  const supplierCodes = unique(rows.map((r) => r.candidate.supplierCode));
  const locationCodes = unique(rows.flatMap((r) => r.candidate.placements.map((p) => p.locationCode)));
  const jans = unique(rows.map((r) => (r.attributes?.tracking === 'quantity' ? r.attributes.janCode : null)));

  const byStockNumber = await queryInChunks(stockNumbers, (chunk) =>
    db.selectFrom('items').select(['stock_number', 'source_key']).where('stock_number', 'in', chunk).execute(),
  );
  const suppliers = await queryInChunks(supplierCodes, (chunk) =>
    db.selectFrom('suppliers').select(['id', 'code']).where('code', 'in', chunk).execute(),
  );
  const locations = await queryInChunks(locationCodes, (chunk) =>
    db
      .selectFrom('locations')
      .select(['id', 'code'])
      .where('code', 'in', chunk)
      .where('kind', '<>', 'transit')
      .where('is_active', '=', 1)
      .execute(),
  );

  const itemBySourceKey = await stockNumbersBySourceKey(db, sourceKeys);
  const existingStockNumbers = unique([...byStockNumber.map((row) => row.stock_number), ...itemBySourceKey.values()]);
  return {
    itemBySourceKey,
    itemByStockNumber: new Map(byStockNumber.map((row) => [row.stock_number, { sourceKey: row.source_key }])),
    supplierIdByCode: new Map(suppliers.map((row) => [row.code, row.id])),
    locationIdByCode: new Map(locations.map((row) => [row.code, row.id])),
    quantityItemByJan: await stockNumbersByQuantityJan(db, jans),
    hiddenStockNumbers: await hiddenStockNumbersOf(db, scope, existingStockNumbers),
  };
}

/**
 * Throws location_out_of_scope, naming the location, when the import's default location is
 * one the user may not act at. An unknown location is left to resolveDefaultLocation,
 * which reports it in the result.
 */
async function assertDefaultLocationInScope(db: Executor, options: ImportItemsOptions, scope: LocationScope): Promise<void> {
  if (scope.all || (options.defaultLocationId == null && !options.defaultLocationCode)) return;
  const query = db.selectFrom('locations').select(['id', 'name']);
  const location = await (options.defaultLocationId != null
    ? query.where('id', '=', options.defaultLocationId)
    : query.where('code', '=', options.defaultLocationCode!)
  ).executeTakeFirst();
  if (location && !canActAt(scope, location.id)) {
    throw accessErrors.location_out_of_scope({ location: location.name }, { field: 'locationId' });
  }
}

async function resolveDefaultLocation(db: Executor, options: ImportItemsOptions): Promise<number | null> {
  if (options.defaultLocationId == null && !options.defaultLocationCode) return null;
  let query = db.selectFrom('locations').select('id').where('kind', '<>', 'transit').where('is_active', '=', 1);
  query =
    options.defaultLocationId != null
      ? query.where('id', '=', options.defaultLocationId)
      : query.where('code', '=', options.defaultLocationCode!);
  const row = await query.executeTakeFirst();
  if (!row) throw itemCsvErrors.location_not_found({ location: String(options.defaultLocationCode ?? options.defaultLocationId) });
  return row.id;
}

/** A row ready to write: validated attributes plus resolved ids. */
interface PlannedRow {
  checked: CheckedRow;
  supplierId: number | null;
  placements: Array<{ locationId: number; quantity: number }>;
}

/**
 * Decides every row against the database: skipped when its source key (or, in the
 * tsunagu layout, its stock number) exists, invalid when a code is unknown or taken.
 * Adds the problems to each row's issues and returns the rows to create.
 */
function planRows(
  rows: CheckedRow[],
  existing: Existing,
  format: ImportFormat,
  defaultLocationId: number | null,
  scope: LocationScope,
  outcomes: Map<number, RowOutcome>,
): { planned: PlannedRow[]; outOfScope: number } {
  const planned: PlannedRow[] = [];
  let outOfScope = 0;

  for (const checked of rows) {
    const { candidate, attributes } = checked;
    const outcome = outcomes.get(candidate.row)!;
    const source = (field: string) => candidate.sources[field];
    const fail = (field: string | null, message: RowIssue['message'], value?: string) => {
      const cell = field ? source(field) : undefined;
      checked.issues.push({ row: candidate.row, column: cell?.column ?? null, value: value ?? cell?.text ?? null, message });
    };

    const importedAs = existing.itemBySourceKey.get(candidate.sourceKey);
    const stockNumber = attributes?.stockNumber;
    const holder = stockNumber === undefined ? undefined : existing.itemByStockNumber.get(stockNumber);
    if (importedAs !== undefined || (format === 'tsunagu' && holder !== undefined)) {
      // An item the user may not see is reported as not found, so its existence and stock
      // number do not leak. Such a row stops the whole file (see importItems).
      if (existing.hiddenStockNumbers.has(importedAs ?? stockNumber!)) {
        fail('stockNumber', rowMessages.itemNotFoundInScope(stockNumber ?? null));
        outOfScope += 1;
        continue;
      }
      outcome.status = 'skipped';
      outcome.stockNumber = importedAs ?? stockNumber ?? null;
      continue;
    }
    if (holder !== undefined) fail('stockNumber', rowMessages.stockNumberInUse(stockNumber!));

    // Codes are checked on invalid rows too, so the report lists every problem at once.
    let supplierId: number | null = null;
    if (candidate.supplierCode !== null) {
      supplierId = existing.supplierIdByCode.get(candidate.supplierCode) ?? null;
      if (supplierId === null) fail('supplierCode', rowMessages.supplierNotFound(candidate.supplierCode));
    }

    if (attributes?.tracking === 'quantity' && attributes.janCode) {
      const other = existing.quantityItemByJan.get(attributes.janCode);
      if (other !== undefined) fail('janCode', rowMessages.janInUse(attributes.janCode, other));
    }

    const placements: PlannedRow['placements'] = [];
    for (const placement of candidate.placements) {
      if (placement.locationCode === null) {
        if (defaultLocationId === null) fail('locationCode', rowMessages.locationRequired(), '');
        else placements.push({ locationId: defaultLocationId, quantity: placement.quantity });
        continue;
      }
      const locationId = existing.locationIdByCode.get(placement.locationCode);
      if (locationId === undefined) {
        fail('locationCode', rowMessages.locationNotFound(placement.locationCode), placement.locationCode);
      } else if (!canActAt(scope, locationId)) {
        fail('locationCode', rowMessages.locationOutOfScope(placement.locationCode), placement.locationCode);
        outOfScope += 1;
      } else {
        placements.push({ locationId, quantity: placement.quantity });
      }
    }

    if (attributes && checked.issues.length === 0) planned.push({ checked, supplierId, placements });
  }
  return { planned, outOfScope };
}

class RowWriteError extends Error {
  constructor(
    readonly row: number,
    override readonly cause: unknown,
  ) {
    super(`writing row ${row} failed`, { cause });
  }
}

/** Rows written per round of bulk statements: about a dozen queries for each batch. */
const WRITE_BATCH_ROWS = 500;

/** Rethrows an error of a bulk write as a RowWriteError when it names one row's item. */
function chargeToRow(error: unknown, batch: PlannedRow[], stockNumbers: string[]): never {
  if (error instanceof ItemInputError) throw new RowWriteError(batch[error.index]!.checked.candidate.row, error.cause);
  const stockNumber = isDomainError(error) ? error.params.stockNumber : undefined;
  const index = stockNumber === undefined ? -1 : stockNumbers.indexOf(String(stockNumber));
  if (index >= 0) throw new RowWriteError(batch[index]!.checked.candidate.row, error);
  throw error;
}

/**
 * Creates one batch of planned items with their opening stock: each placement is an
 * 'import' movement into its location at book cost, and an item with stock becomes in_stock.
 */
async function writeBatch(trx: Tx, batch: PlannedRow[], importId: number, userId: number | null, outcomes: Map<number, RowOutcome>) {
  // The checks before writing cover every conflict that createItems and recordReceipts
  // detect, so an error here comes from a concurrent change. The whole import rolls back,
  // and the report names the row.
  const inputs = batch.map(({ checked, supplierId }) => ({
    attributes: { ...checked.attributes!, supplierId },
    sourceKey: checked.candidate.sourceKey,
  }));
  let items: Item[];
  try {
    items = await createItems(trx, inputs, { userId });
  } catch (error) {
    chargeToRow(error, batch, []);
  }

  const receipts: MovementInput[] = batch.flatMap(({ placements }, index) => {
    const item = items[index]!;
    return placements.map((placement) => ({
      itemId: item.id,
      kind: 'import' as const,
      fromLocationId: null,
      toLocationId: placement.locationId,
      quantity: placement.quantity,
      costAmount: item.cost * placement.quantity,
      documentType: 'import',
      documentId: importId,
      userId,
    }));
  });
  try {
    await recordReceipts(trx, receipts);
  } catch (error) {
    chargeToRow(error, batch, items.map((item) => item.stock_number));
  }
  await setItemsStatus(trx, items.filter((_, index) => batch[index]!.placements.length > 0).map((item) => item.id), 'in_stock');

  batch.forEach(({ checked }, index) => {
    const outcome = outcomes.get(checked.candidate.row)!;
    outcome.status = 'created';
    outcome.stockNumber = items[index]!.stock_number;
    outcome.itemId = items[index]!.id;
  });
}

async function writeRows(trx: Tx, planned: PlannedRow[], importId: number, userId: number | null, outcomes: Map<number, RowOutcome>) {
  for (const batch of chunked(planned, WRITE_BATCH_ROWS)) await writeBatch(trx, batch, importId, userId, outcomes);
}

function emptyResult(options: ImportItemsOptions): ImportResult {
  return {
    importId: null,
    format: options.format,
    encoding: null,
    encodingDetected: false,
    dryRun: options.dryRun,
    mode: options.mode,
    committed: false,
    rowCount: 0,
    created: 0,
    skipped: 0,
    invalid: 0,
    productCount: null,
    errors: [],
    warnings: [],
    rows: [],
  };
}

/** Adds a domain error that stopped the whole import to the result; any other error is rethrown. */
function addStoppingError(result: ImportResult, error: unknown): ImportResult {
  const row = error instanceof RowWriteError ? error.row : 1;
  const cause = error instanceof RowWriteError ? error.cause : error;
  if (!isDomainError(cause)) throw cause;
  const line = typeof cause.params.line === 'number' ? cause.params.line : row;
  result.errors.push({ row: line, column: null, value: null, message: cause.messages });
  return result;
}

/**
 * Imports items from CSV bytes in the tsunagu layout or Shopify's product CSV, in one
 * transaction. Every row is checked first. With errors, all_or_nothing writes nothing and
 * valid_rows_only writes the valid rows; a dry run never writes. Rows imported before are
 * skipped, so importing the same file twice adds nothing. File-level problems (encoding,
 * CSV syntax, missing columns, unknown default location) come back as a result with
 * one error and nothing written, never as an exception.
 */
export async function importItems(db: Db, options: ImportItemsOptions): Promise<ImportResult> {
  const startedAt = Date.now();
  const scope = options.scope ?? UNRESTRICTED_SCOPE;
  const fileSha256 = createHash('sha256').update(options.bytes).digest('hex');
  const log = { fileName: options.fileName, format: options.format, fileSha256, bytes: options.bytes.byteLength, dryRun: options.dryRun };
  options.logger?.info(log, 'item import started');
  const result = emptyResult(options);

  // A default location outside the user's scope rejects the request (403) rather than
  // becoming a line in the report, dry runs included.
  await assertDefaultLocationInScope(db, options, scope);

  let read: ReadFile;
  try {
    const decoded = decodeCsvBytes(options.bytes, options.encoding);
    result.encoding = decoded.encoding;
    result.encodingDetected = decoded.detected;
    read = readFile(decoded.text, options.format, options.includeCost ?? true);
  } catch (error) {
    options.logger?.info({ ...log, code: isDomainError(error) ? error.code : undefined }, 'item import rejected: file unreadable');
    return addStoppingError(result, error);
  }

  result.productCount = read.productCount;
  result.warnings.push(...read.warnings, ...read.candidates.flatMap((c) => c.warnings));
  const checked = checkCandidates(read.candidates);
  const outcomes = new Map<number, RowOutcome>(
    checked.map((row) => [row.candidate.row, { row: row.candidate.row, status: 'ready', stockNumber: row.attributes?.stockNumber ?? null, itemId: null }]),
  );
  for (const issue of read.issues) outcomes.set(issue.row, { row: issue.row, status: 'invalid', stockNumber: null, itemId: null });
  result.rowCount = outcomes.size;

  const run = async (executor: Executor, trx: Tx | null): Promise<void> => {
    const defaultLocationId = await resolveDefaultLocation(executor, options);
    const existing = await loadExisting(executor, checked, scope);
    const { planned, outOfScope } = planRows(checked, existing, options.format, defaultLocationId, scope, outcomes);

    const errors = [...read.issues, ...checked.flatMap((row) => row.issues)].sort((a, b) => a.row - b.row);
    // Rows outside the user's locations stop the whole file, even with valid_rows_only, so
    // that a file meant for several stores is never applied in part.
    if (outOfScope > 0 && options.mode === 'valid_rows_only') {
      errors.unshift({ row: 1, column: null, value: null, message: rowMessages.blockedByScope() });
    }
    result.errors.push(...errors);
    for (const row of checked) if (row.issues.length > 0) outcomes.get(row.candidate.row)!.status = 'invalid';
    const blocked = errors.length > 0 && (options.mode === 'all_or_nothing' || outOfScope > 0);
    if (!trx || blocked || planned.length === 0) return;

    const importRow = await trx
      .insertInto('imports')
      .values({
        format: options.format,
        encoding: result.encoding!,
        file_name: options.fileName,
        file_sha256: fileSha256,
        row_count: result.rowCount,
        created_count: 0,
        skipped_count: 0,
        error_count: 0,
        created_by: options.userId,
        created_at: nowIso(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await writeRows(trx, planned, importRow.id, options.userId, outcomes);

    const counts = countOutcomes(outcomes);
    await trx
      .updateTable('imports')
      .set({ created_count: counts.created, skipped_count: counts.skipped, error_count: counts.invalid })
      .where('id', '=', importRow.id)
      .execute();
    result.importId = importRow.id;
    result.committed = true;
    await recordImportAudit(trx, options, { importId: importRow.id, defaultLocationId, fileSha256, encoding: result.encoding!, rowCount: result.rowCount, outcomes });
  };

  try {
    if (options.dryRun) await run(db, null);
    else await db.transaction().execute((trx) => run(trx, trx));
  } catch (error) {
    // Everything was rolled back. The report gives the reason and shows nothing as written.
    for (const outcome of outcomes.values()) {
      if (outcome.status === 'created') Object.assign(outcome, { status: 'ready', itemId: null });
    }
    result.importId = null;
    result.committed = false;
    options.logger?.warn({ ...log, err: error }, 'item import rolled back');
    addStoppingError(result, error);
  }

  result.rows = [...outcomes.values()].sort((a, b) => a.row - b.row);
  Object.assign(result, countOutcomes(outcomes));
  options.logger?.info(
    { ...log, importId: result.importId, rows: result.rowCount, created: result.created, skipped: result.skipped, invalid: result.invalid, ms: Date.now() - startedAt },
    'item import finished',
  );
  return result;
}

interface ImportAuditFacts {
  importId: number;
  defaultLocationId: number | null;
  fileSha256: string;
  encoding: string;
  rowCount: number;
  outcomes: Map<number, RowOutcome>;
}

/** Records the item.import audit event in the import's transaction: counts, file and the created items. */
async function recordImportAudit(trx: Tx, options: ImportItemsOptions, facts: ImportAuditFacts): Promise<void> {
  const actor = options.auditActor ?? { userId: options.userId, email: null, ip: null, requestId: null, recorded: false };
  const created = [...facts.outcomes.values()]
    .filter((outcome) => outcome.status === 'created')
    .sort((a, b) => a.row - b.row)
    .map((outcome) => ({ id: outcome.itemId, stockNumber: outcome.stockNumber }));

  await recordAudit(trx, actor, {
    action: 'item.import',
    entityType: 'import',
    entityId: facts.importId,
    locationId: facts.defaultLocationId,
    after: { count: created.length, items: created.slice(0, MAX_AUDITED_ITEMS), truncated: created.length > MAX_AUDITED_ITEMS },
    detail: {
      importId: facts.importId,
      fileName: options.fileName,
      fileSha256: facts.fileSha256,
      format: options.format,
      encoding: facts.encoding,
      mode: options.mode,
      rowCount: facts.rowCount,
      ...countOutcomes(facts.outcomes),
    },
  });
}

function countOutcomes(outcomes: Map<number, RowOutcome>) {
  let created = 0;
  let skipped = 0;
  let invalid = 0;
  for (const { status } of outcomes.values()) {
    if (status === 'created') created += 1;
    else if (status === 'skipped') skipped += 1;
    else if (status === 'invalid') invalid += 1;
  }
  return { created, skipped, invalid };
}
