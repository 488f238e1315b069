import { sql, type SelectQueryBuilder } from 'kysely';
import type { Executor } from '../../db/database.js';
import type { AuditEvent, Database } from '../../db/schema.js';
import { businessDayStartUtc } from '../items/search.js';
import { fetchPage } from '../stock-lines/service.js';
import type { AuditEventOutput, AuditFilters, AuditListQuery } from './schemas.js';

/** Returns the calendar date after `date`, both "YYYY-MM-DD". */
function nextDate(date: string): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, day + 1)).toISOString().slice(0, 10);
}

/**
 * Applies the filters to a query of audit_events. occurred_at is an ISO timestamp in UTC
 * written by nowIso, so comparing its text orders it in time.
 */
export function filterAuditEvents<O>(
  query: SelectQueryBuilder<Database, 'audit_events', O>,
  filters: AuditFilters,
): SelectQueryBuilder<Database, 'audit_events', O> {
  let filtered = query;
  if (filters.from) filtered = filtered.where('audit_events.occurred_at', '>=', businessDayStartUtc(filters.from));
  if (filters.to) filtered = filtered.where('audit_events.occurred_at', '<', businessDayStartUtc(nextDate(filters.to)));
  if (filters.userId !== undefined) filtered = filtered.where('audit_events.user_id', '=', filters.userId);
  if (filters.action) {
    const action = filters.action;
    // A code ending in "." is a prefix. substr compares exactly on both databases, where
    // LIKE would need its wildcards escaped and ignores case on SQLite.
    filtered = action.endsWith('.')
      ? filtered.where(sql<string>`substr(audit_events.action, 1, ${action.length})`, '=', action)
      : filtered.where('audit_events.action', '=', action);
  }
  if (filters.entityType) filtered = filtered.where('audit_events.entity_type', '=', filters.entityType);
  if (filters.entityId) filtered = filtered.where('audit_events.entity_id', '=', filters.entityId);
  if (filters.outcome) filtered = filtered.where('audit_events.outcome', '=', filters.outcome);
  if (filters.requestId) filtered = filtered.where('audit_events.request_id', '=', filters.requestId);
  if (filters.locationId !== undefined) filtered = filtered.where('audit_events.location_id', '=', filters.locationId);
  return filtered;
}

function parseJson(text: string | null): unknown {
  return text === null ? null : JSON.parse(text);
}

export function toAuditEventOutput(row: AuditEvent): AuditEventOutput {
  return {
    id: Number(row.id),
    occurredAt: row.occurred_at,
    userId: row.user_id,
    userEmail: row.user_email,
    ip: row.ip,
    requestId: row.request_id,
    action: row.action,
    outcome: row.outcome,
    entityType: row.entity_type,
    entityId: row.entity_id,
    locationId: row.location_id,
    before: parseJson(row.before_json),
    after: parseJson(row.after_json),
    detail: parseJson(row.detail_json),
  };
}

/** Returns one page of the audit trail, newest first, and the number of events that match. */
export async function listAuditEvents(db: Executor, query: AuditListQuery) {
  const { page, pageSize, ...filters } = query;
  const ordered = filterAuditEvents(db.selectFrom('audit_events').selectAll('audit_events'), filters)
    .orderBy('audit_events.occurred_at', 'desc')
    .orderBy('audit_events.id', 'desc');
  const { rows, ...counts } = await fetchPage(ordered, { page, pageSize });
  return { events: rows.map(toAuditEventOutput), ...counts };
}
