import { z } from 'zod';
import { costField } from '../../server/cost-hiding.js';
import { bilingual, optionalText } from '../../shared/zod.js';
import { businessDateField, pageOutput, pageQuery } from '../stock-lines/schemas.js';

export const EXHIBITION_STATUSES = ['planned', 'open', 'checking_in', 'closed'] as const;
export const EXHIBITION_ITEM_STATES = ['out', 'sold', 'returned', 'missing', 'written_off'] as const;

/** Maximum codes in one bulk carry-out. A scanned list of one showcase tray is far shorter. */
export const MAX_BULK_CODES = 500;

const scannedCode = z.string().trim().min(1).max(100);

export const exhibitionInput = z
  .object({
    name: z.string().trim().min(1).max(100),
    venue: optionalText(200),
    startsOn: businessDateField,
    endsOn: businessDateField,
    /** Location pieces go back to at check-in unless another is chosen. */
    homeLocationId: z.number().int().positive(),
    /** User ids of the staff working at the exhibition. */
    staffUserIds: z.array(z.number().int().positive()).max(100).default([]),
    /** When true (the default), pieces carried out are withdrawn from the channels unless kept listed one by one. */
    withdrawFromChannels: z.boolean().default(true),
    note: optionalText(1000),
  })
  .refine((value) => value.startsOn <= value.endsOn, {
    path: ['endsOn'],
    ...bilingual('終了日は開始日以降にしてください。', 'The end date must not be before the start date.'),
  });
export type ExhibitionInput = z.infer<typeof exhibitionInput>;

export const exhibitionListQuery = z.object({
  status: z.enum(EXHIBITION_STATUSES).optional(),
  ...pageQuery,
});
export type ExhibitionListQuery = z.infer<typeof exhibitionListQuery>;

export const exhibitionSummary = z.object({
  id: z.number(),
  name: z.string(),
  venue: z.string().nullable(),
  startsOn: z.string(),
  endsOn: z.string(),
  status: z.enum(EXHIBITION_STATUSES),
  locationId: z.number(),
  locationCode: z.string(),
  homeLocationId: z.number(),
  homeLocationName: z.string(),
  withdrawFromChannels: z.boolean(),
  /** Pieces on the carry-out list, in any state. */
  itemCount: z.number(),
  note: z.string().nullable(),
  createdAt: z.string(),
  closedAt: z.string().nullable(),
});
export type ExhibitionSummary = z.infer<typeof exhibitionSummary>;

export const exhibitionOutput = exhibitionSummary.extend({
  staff: z.array(z.object({ userId: z.number(), displayName: z.string() })),
  /** Registers of the exhibition's location, where the counter screen sells. */
  registers: z.array(z.object({ id: z.number(), code: z.string(), name: z.string() })),
});
export type ExhibitionOutput = z.infer<typeof exhibitionOutput>;

export const exhibitionListOutput = z.object({ exhibitions: z.array(exhibitionSummary), ...pageOutput });

export const exhibitionParams = z.object({ id: z.coerce.number().int().positive() });
export const exhibitionItemParams = exhibitionParams.extend({ itemId: z.coerce.number().int().positive() });

export const carryOutInput = z.object({
  fromLocationId: z.number().int().positive(),
  code: scannedCode,
  /** Keeps the piece listed on the channels while it is away. Used only when the exhibition withdraws pieces. */
  keepListed: z.boolean().default(false),
});
export type CarryOutInput = z.infer<typeof carryOutInput>;

export const bulkCarryOutInput = z.object({
  fromLocationId: z.number().int().positive(),
  codes: z.array(scannedCode).min(1).max(MAX_BULK_CODES),
  keepListed: z.boolean().default(false),
});
export type BulkCarryOutInput = z.infer<typeof bulkCarryOutInput>;

export const checkInInput = z.object({
  code: scannedCode,
  /** Location the piece goes back to, or the exhibition's home location when absent. */
  toLocationId: z.number().int().positive().optional(),
});
export type CheckInInput = z.infer<typeof checkInInput>;

export const resolveInput = z
  .object({
    resolution: z.enum(['found', 'written_off']),
    /** Location a found piece goes to, or the home location when absent. */
    toLocationId: z.number().int().positive().optional(),
    /** Reason a written-off piece is gone, required with written_off. */
    writeOffReason: z.enum(['loss', 'theft']).optional(),
    note: z.string().trim().min(1).max(1000),
  })
  .refine((value) => value.resolution !== 'written_off' || value.writeOffReason !== undefined, {
    path: ['writeOffReason'],
    ...bilingual('償却の理由（紛失か盗難）を選んでください。', 'Choose the write-off reason (loss or theft).'),
  });
export type ResolveInput = z.infer<typeof resolveInput>;

/** One piece on the carry-out list with its state derived from the ledger. */
export const exhibitionLine = z.object({
  itemId: z.number(),
  stockNumber: z.string(),
  itemName: z.string(),
  /** Tax-included consumer price in yen. */
  retailPrice: z.number(),
  /** Book cost in yen, absent for users without the cost.view permission. */
  cost: costField(z.number()),
  state: z.enum(EXHIBITION_ITEM_STATES),
  fromLocationId: z.number(),
  fromLocationName: z.string(),
  keepListed: z.boolean(),
  carriedOutAt: z.string(),
  checkedInAt: z.string().nullable(),
  returnedToLocationName: z.string().nullable(),
  /** Number of the counter sale or channel order that sold the piece. */
  soldBy: z.object({ documentType: z.string(), documentId: z.number(), number: z.string() }).nullable(),
  resolutionNote: z.string().nullable(),
  /** Owner of a consigned piece (受託), shown on every list of it; null for our own pieces. */
  consignor: z.object({ id: z.number(), code: z.string(), name: z.string() }).nullable(),
});
export type ExhibitionLine = z.infer<typeof exhibitionLine>;

const stateTotals = z.object({
  count: z.number(),
  /** Sum of retail prices in yen. */
  retailTotal: z.number(),
  /** Sum of book costs in yen, absent for users without the cost.view permission. */
  totalCost: costField(z.number()),
});

export const reconciliationOutput = z.object({
  exhibitionId: z.number(),
  status: z.enum(EXHIBITION_STATUSES),
  lines: z.array(exhibitionLine),
  totals: z.object({
    out: stateTotals,
    sold: stateTotals,
    returned: stateTotals,
    missing: stateTotals,
    written_off: stateTotals,
    all: stateTotals,
  }),
  /** Offline counter sales at the exhibition's registers that conflict and are not resolved. */
  openOfflineConflicts: z.number(),
});
export type ReconciliationOutput = z.infer<typeof reconciliationOutput>;

/** Result of one scan: done, or a notice that the scan changed nothing. */
export const scanOutput = z.object({
  result: z.enum(['carried_out', 'already_listed', 'checked_in', 'already_checked_in', 'removed']),
  line: exhibitionLine,
});
export type ScanOutput = z.infer<typeof scanOutput>;

export const bulkCarryOutOutput = z.object({ results: z.array(scanOutput.extend({ code: z.string() })) });
