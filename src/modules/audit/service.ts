import type { Executor } from '../../db/database.js';
import { nowIso } from '../../db/database.js';
import { maskForAudit } from './mask.js';

/** The actor of a change: user, address and request id. `auditActor` builds one per request. */
export interface AuditActor {
  userId: number | null;
  email: string | null;
  ip: string | null;
  requestId: string | null;
  /** Set once an event was written for this request; the fallback hook reads it. */
  recorded: boolean;
}

export interface AuditEventInput {
  /** Dotted code of what was done, e.g. "transfer.send"; docs/audit.md lists the codes. */
  action: string;
  outcome?: 'success' | 'denied';
  entityType?: string;
  entityId?: string | number;
  locationId?: number | null;
  /** The entity before the change (undefined for a creation); masked before it is stored. */
  before?: unknown;
  after?: unknown;
  detail?: unknown;
}

function toJson(value: unknown, entityType: string | undefined): string | null {
  return value === undefined ? null : JSON.stringify(maskForAudit(value, entityType));
}

/**
 * Appends an event to the audit trail. Call it with the transaction of the change, so the
 * event is written exactly when the change is; a rolled-back change leaves no event.
 */
export async function recordAudit(db: Executor, actor: AuditActor, event: AuditEventInput): Promise<void> {
  await db
    .insertInto('audit_events')
    .values({
      occurred_at: nowIso(),
      user_id: actor.userId,
      user_email: actor.email,
      ip: actor.ip,
      request_id: actor.requestId,
      action: event.action,
      outcome: event.outcome ?? 'success',
      entity_type: event.entityType ?? null,
      entity_id: event.entityId === undefined ? null : String(event.entityId),
      location_id: event.locationId ?? null,
      before_json: toJson(event.before, event.entityType),
      after_json: toJson(event.after, event.entityType),
      detail_json: toJson(event.detail, event.entityType),
    })
    .execute();
  actor.recorded = true;
}
