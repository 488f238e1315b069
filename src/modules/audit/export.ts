import { TZDate } from '@date-fns/tz';
import { stringify } from 'csv-stringify/sync';
import { format } from 'date-fns';
import type { Executor } from '../../db/database.js';
import type { AuditEvent } from '../../db/schema.js';
import { excelSafeCell, type CsvCell, type CsvEncoding } from '../../shared/csv-safe.js';
import type { Locale } from '../../shared/errors.js';
import { BUSINESS_TIME_ZONE } from '../../shared/time.js';
import { withoutCostFields } from '../../server/cost-hiding.js';
import { charactersMissingFromCp932, encodeCsvChunk } from '../item-csv/encoding.js';
import { auditErrors } from './errors.js';
import { filterAuditEvents } from './query.js';
import type { AuditFilters } from './schemas.js';

const HEADERS: Record<Locale, string[]> = {
  ja: ['ID', '日時(日本時間)', 'ユーザーID', 'ユーザーのメールアドレス', 'IPアドレス', 'リクエストID', '操作', '結果', '対象の種類', '対象ID', '拠点ID', '変更前', '変更後', '詳細'],
  en: ['ID', 'Occurred at (Japan time)', 'User ID', 'User email', 'IP address', 'Request ID', 'Action', 'Outcome', 'Entity type', 'Entity ID', 'Location ID', 'Before', 'After', 'Detail'],
};

const OUTCOME_LABELS: Record<AuditEvent['outcome'], Record<Locale, string>> = {
  success: { ja: '成功', en: 'Success' },
  denied: { ja: '拒否', en: 'Denied' },
};

/** Events read per query; memory use grows with it, not with the size of the trail. */
const PAGE_SIZE = 1000;
/** Event ids named in the CP932 error message. */
const MAX_IDS_IN_MESSAGE = 10;
/**
 * Longest JSON cell written, in characters. An Excel cell contains at most 32,767
 * characters (Microsoft KB 211878), so a longer CSV cell does not open intact. The API
 * returns the full value.
 */
const MAX_JSON_CELL = 32_000;
const TRUNCATED_MARK = '…[truncated]';

export interface AuditExportOptions {
  encoding: CsvEncoding;
  /** Language of the header row and the outcome labels. */
  locale: Locale;
  /** False for users without 'cost.view': cost and margin fields are left out of the JSON cells. */
  includeCost: boolean;
  /** Highest event id to write, fixed when the export starts (see snapshotAuditExport). */
  upToId: number;
}

/**
 * Fixes what an export will contain: the events matching the filters with ids up to the
 * highest one recorded now. Events recorded while the file is written (its own audit.export
 * event among them) are left out, so the count stays true.
 */
export async function snapshotAuditExport(db: Executor, filters: AuditFilters): Promise<{ upToId: number; count: number }> {
  const newest = await db.selectFrom('audit_events').select((eb) => eb.fn.max('id').as('id')).executeTakeFirst();
  const upToId = Number(newest?.id ?? 0);
  const counted = await filterAuditEvents(db.selectFrom('audit_events'), filters)
    .where('audit_events.id', '<=', upToId)
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow();
  return { upToId, count: Number(counted.count) };
}

function formatJapanTimeWithSeconds(iso: string): string {
  return format(new TZDate(new Date(iso), BUSINESS_TIME_ZONE), 'yyyy-MM-dd HH:mm:ss');
}

function jsonCell(text: string | null, includeCost: boolean): string | null {
  if (text === null) return null;
  const json = includeCost ? text : JSON.stringify(withoutCostFields(JSON.parse(text) as unknown));
  return json.length > MAX_JSON_CELL ? json.slice(0, MAX_JSON_CELL) + TRUNCATED_MARK : json;
}

function eventCells(event: AuditEvent, options: AuditExportOptions): CsvCell[] {
  return [
    Number(event.id),
    formatJapanTimeWithSeconds(event.occurred_at),
    event.user_id,
    event.user_email,
    event.ip,
    event.request_id,
    event.action,
    OUTCOME_LABELS[event.outcome]?.[options.locale] ?? event.outcome,
    event.entity_type,
    event.entity_id,
    event.location_id,
    jsonCell(event.before_json, options.includeCost),
    jsonCell(event.after_json, options.includeCost),
    jsonCell(event.detail_json, options.includeCost),
  ];
}

/** Reads the events after the keyset position (occurred_at, id), newest first. */
async function loadPage(db: Executor, filters: AuditFilters, upToId: number, after: AuditEvent | undefined): Promise<AuditEvent[]> {
  let query = filterAuditEvents(db.selectFrom('audit_events').selectAll('audit_events'), filters).where('audit_events.id', '<=', upToId);
  if (after) {
    query = query.where((eb) =>
      eb.or([
        eb('audit_events.occurred_at', '<', after.occurred_at),
        eb.and([eb('audit_events.occurred_at', '=', after.occurred_at), eb('audit_events.id', '<', after.id)]),
      ]),
    );
  }
  return query.orderBy('audit_events.occurred_at', 'desc').orderBy('audit_events.id', 'desc').limit(PAGE_SIZE).execute();
}

/**
 * Writes the audit events matching the filters as CSV, newest first, one page per chunk.
 * Cells are Excel-safe (excelSafeCell). For CP932 every row is checked, and if a character
 * cannot be written, characters_missing_from_cp932 is thrown after the last chunk, naming
 * the events. Callers must therefore not send CP932 chunks before the generator finishes.
 */
export async function* exportAuditCsv(db: Executor, filters: AuditFilters, options: AuditExportOptions): AsyncGenerator<Buffer> {
  const toCsv = (rows: CsvCell[][]) => stringify(rows.map((row) => row.map(excelSafeCell)), { record_delimiter: 'windows' });
  const missingIds: number[] = [];

  yield encodeCsvChunk(toCsv([HEADERS[options.locale]]), options.encoding, true);

  let last: AuditEvent | undefined;
  for (;;) {
    const events = await loadPage(db, filters, options.upToId, last);
    if (events.length === 0) break;
    last = events.at(-1);

    const rows = events.map((event) => eventCells(event, options));
    if (options.encoding === 'cp932') {
      rows.forEach((cells, index) => {
        if (charactersMissingFromCp932(cells.map((cell) => String(cell ?? '')).join('')).length > 0) missingIds.push(Number(events[index]!.id));
      });
    }
    yield encodeCsvChunk(toCsv(rows), options.encoding, false);
  }

  if (missingIds.length > 0) {
    const listed = missingIds.slice(0, MAX_IDS_IN_MESSAGE);
    throw auditErrors.characters_missing_from_cp932({ eventIds: listed.join(', '), more: missingIds.length - listed.length }, { eventIds: missingIds });
  }
}

/** Collects exportAuditCsv into one buffer; throws characters_missing_from_cp932 before returning anything. */
export async function exportAuditBuffer(db: Executor, filters: AuditFilters, options: AuditExportOptions): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of exportAuditCsv(db, filters, options)) chunks.push(chunk);
  return Buffer.concat(chunks);
}
