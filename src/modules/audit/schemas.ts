import { z } from 'zod';
import { CSV_ENCODINGS } from '../../shared/csv-safe.js';
import { bilingual } from '../../shared/zod.js';
import { queryParameter } from '../items/schemas.js';
import { businessDateField, pageOutput } from '../stock-lines/schemas.js';

export const AUDIT_OUTCOMES = ['success', 'denied'] as const;
export const MAX_AUDIT_PAGE_SIZE = 200;

const queryId = queryParameter(z.coerce.number().int().positive());

const auditFilterFields = {
  from: queryParameter(businessDateField).describe('first business date (Asia/Tokyo), YYYY-MM-DD'),
  to: queryParameter(businessDateField).describe('last business date (Asia/Tokyo), inclusive'),
  userId: queryId,
  action: queryParameter(z.string().max(100)).describe('exact action code, or a prefix ending in "." such as "transfer."'),
  entityType: queryParameter(z.string().max(50)),
  entityId: queryParameter(z.string().max(100)),
  outcome: queryParameter(z.enum(AUDIT_OUTCOMES)),
  requestId: queryParameter(z.string().max(100)),
  locationId: queryId,
};

function checkDateRange(query: { from?: string | undefined; to?: string | undefined }, ctx: z.RefinementCtx): void {
  if (query.from && query.to && query.from > query.to) {
    ctx.addIssue({
      code: 'custom',
      path: ['to'],
      ...bilingual('終了日は開始日以降にしてください。', 'The end date must not be before the start date.'),
    });
  }
}

export const auditListQuery = z
  .object({
    ...auditFilterFields,
    page: queryParameter(z.coerce.number().int().min(1).max(1_000_000)).transform((v) => v ?? 1),
    pageSize: queryParameter(z.coerce.number().int().min(1).max(MAX_AUDIT_PAGE_SIZE)).transform((v) => v ?? 50),
  })
  .superRefine(checkDateRange);
export type AuditListQuery = z.infer<typeof auditListQuery>;

/** Filters shared by the list and the export. */
export type AuditFilters = Omit<AuditListQuery, 'page' | 'pageSize'>;

/** "sjis" is accepted as another name for cp932, the Shift_JIS variant that Excel writes. */
const exportEncoding = queryParameter(z.enum([...CSV_ENCODINGS, 'sjis']))
  .transform((v) => (v === 'sjis' ? 'cp932' : (v ?? 'utf8')))
  .describe('utf8 (with BOM, the default) or cp932 (Shift_JIS; "sjis" is accepted too)');

export const auditExportQuery = z.object({ ...auditFilterFields, encoding: exportEncoding }).superRefine(checkDateRange);
export type AuditExportQuery = z.infer<typeof auditExportQuery>;

export const auditEventOutput = z.object({
  id: z.number(),
  occurredAt: z.string().describe('UTC timestamp, ISO 8601'),
  userId: z.number().nullable(),
  userEmail: z.string().nullable().describe("the user's email when the event was recorded"),
  ip: z.string().nullable(),
  requestId: z.string().nullable().describe('the x-request-id of the HTTP request, also in the server log'),
  action: z.string().describe('dotted action code such as "transfer.send"; "http.<METHOD> <route>" for generic events'),
  outcome: z.enum(AUDIT_OUTCOMES),
  entityType: z.string().nullable(),
  entityId: z.string().nullable(),
  locationId: z.number().nullable(),
  before: z.unknown().describe('the entity before the change, masked; null for a creation'),
  after: z.unknown().describe('the entity after the change, masked'),
  detail: z.unknown().describe('anything else recorded, such as counts or the error code of a denied request'),
});
export type AuditEventOutput = z.infer<typeof auditEventOutput>;

export const auditListOutput = z.object({ events: z.array(auditEventOutput), ...pageOutput });
