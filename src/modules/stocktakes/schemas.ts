import { z } from 'zod';
import { optionalText } from '../../shared/zod.js';
import { costField } from '../../server/cost-hiding.js';
import { CATEGORIES } from '../items/attributes.js';
import { pageOutput, pageQuery } from '../stock-lines/schemas.js';
import { WRITE_OFF_REASONS } from '../write-offs/schemas.js';

export const STOCKTAKE_STATUSES = ['counting', 'posted', 'cancelled'] as const;

/** Most scans one request may carry; a device sends more in several requests. */
export const MAX_SCANS_PER_REQUEST = 500;

export const stocktakeStartInput = z.object({
  locationId: z.number().int().positive(),
  /** Item category to count; absent counts every category at the location. */
  category: z.enum(CATEGORIES).optional(),
  note: optionalText(1000),
});
export type StocktakeStartInput = z.infer<typeof stocktakeStartInput>;

export const scanInput = z.object({
  /** Identifier the scanning device keeps for the whole count (e.g. a random id per browser tab). */
  deviceId: z.string().trim().min(1).max(100),
  /** Number the device gives each scan; sending the same number again records nothing new. */
  clientSequence: z.number().int().nonnegative(),
  /** Stock number or JAN code as read from the tag. */
  code: z.string().trim().min(1).max(100),
  /** Units counted with this scan; only quantity-tracked items take more than 1. */
  quantity: z.number().int().positive().max(1_000_000).default(1),
});
export type ScanInput = z.infer<typeof scanInput>;

/**
 * A batch of scans, for example from a device that worked offline. A single scan sent on its
 * own is read as a batch of one, so its errors name fields as scans.0.code and so on.
 */
export const scanBatchInput = z.preprocess(
  (body) => (body !== null && typeof body === 'object' && !('scans' in body) ? { scans: [body] } : body),
  z.object({ scans: z.array(scanInput).min(1).max(MAX_SCANS_PER_REQUEST) }),
);
export type ScanBatchInput = z.infer<typeof scanBatchInput>;

export const SCAN_OUTCOMES = ['counted', 'duplicate', 'misplaced', 'unexpected', 'unknown'] as const;

export const scanResult = z.object({
  deviceId: z.string(),
  clientSequence: z.number(),
  code: z.string(),
  outcome: z.enum(SCAN_OUTCOMES),
  /** True when this scan had been recorded before and the request only repeated it. */
  resent: z.boolean(),
  itemId: z.number().nullable(),
  stockNumber: z.string().nullable(),
  itemName: z.string().nullable(),
  /** Location the book has a misplaced piece at now. */
  bookLocationName: z.string().nullable(),
});
export type ScanResult = z.infer<typeof scanResult>;
export const scanBatchOutput = z.object({ results: z.array(scanResult) });

export const recountInput = z.object({ itemIds: z.array(z.number().int().positive()).min(1).max(1000) });
export const recountOutput = z.object({ voidedScans: z.number() });

export const postInput = z.object({
  /** Write-off reason for the missing pieces. */
  reason: z.enum(WRITE_OFF_REASONS).default('loss'),
  note: optionalText(1000),
});
export type PostInput = z.infer<typeof postInput>;

export const varianceLine = z.object({
  itemId: z.number(),
  stockNumber: z.string(),
  itemName: z.string(),
  category: z.string(),
  tracking: z.enum(['unique', 'quantity']),
  /** Quantity on the books here when the count started. */
  bookAtStart: z.number(),
  /** Quantity the count is compared with: the book when the item was last scanned, or now. */
  expected: z.number(),
  counted: z.number(),
  /** Size of the difference, always positive. */
  quantity: z.number(),
  /** Book cost of `quantity` in yen. */
  costAmount: costField(z.number()),
  /** Retail value of `quantity` in yen, tax included. */
  retailAmount: z.number(),
  /** Location the book has an unexpected or misplaced piece at now (null: none). */
  bookLocationId: z.number().nullable(),
  bookLocationName: z.string().nullable(),
  itemStatus: z.string(),
});
export type VarianceLine = z.infer<typeof varianceLine>;

export const duplicateLine = z.object({
  itemId: z.number(),
  stockNumber: z.string(),
  itemName: z.string(),
  scans: z.number(),
  deviceIds: z.array(z.string()),
});

export const unknownCode = z.object({ code: z.string(), scans: z.number(), deviceIds: z.array(z.string()) });

/** A piece on the books here at the start that left through a sale, transfer or write-off before anyone scanned it. */
export const movedLine = z.object({ itemId: z.number(), stockNumber: z.string(), itemName: z.string(), quantity: z.number() });

export const varianceSummary = z.object({
  scans: z.number(),
  countedPieces: z.number(),
  missing: z.number(),
  unexpected: z.number(),
  misplaced: z.number(),
  duplicates: z.number(),
  unknownCodes: z.number(),
  missingCost: costField(z.number()),
  missingRetail: z.number(),
  unexpectedCost: costField(z.number()),
  unexpectedRetail: z.number(),
  misplacedCost: costField(z.number()),
  misplacedRetail: z.number(),
});
export type VarianceSummary = z.infer<typeof varianceSummary>;

export const varianceReport = z.object({
  summary: varianceSummary,
  missing: z.array(varianceLine),
  unexpected: z.array(varianceLine),
  misplaced: z.array(varianceLine),
  duplicates: z.array(duplicateLine),
  unknownCodes: z.array(unknownCode),
  movedDuringCount: z.array(movedLine),
  /**
   * Unexpected and misplaced pieces that posting leaves where the book has them (sold,
   * returned, consumed or in transit), to be resolved on their own slips: the forecast while
   * counting, what posting left alone afterwards.
   */
  notMoved: z.array(varianceLine),
});
export type VarianceReport = z.infer<typeof varianceReport>;

export const stocktakeOutput = z.object({
  id: z.number(),
  number: z.string(),
  locationId: z.number(),
  locationName: z.string(),
  category: z.string().nullable(),
  status: z.enum(STOCKTAKE_STATUSES),
  note: z.string().nullable(),
  startedBy: z.number().nullable(),
  startedAt: z.string(),
  closedBy: z.number().nullable(),
  closedAt: z.string().nullable(),
  writeOffId: z.number().nullable(),
  /** Pieces and units on the books here at the start. */
  bookLines: z.number(),
  summary: varianceSummary,
});
export type StocktakeOutput = z.infer<typeof stocktakeOutput>;

export const stocktakeListQuery = z.object({
  locationId: z.coerce.number().int().positive().optional(),
  status: z.enum(STOCKTAKE_STATUSES).optional(),
  ...pageQuery,
});
export type StocktakeListQuery = z.infer<typeof stocktakeListQuery>;

export const stocktakeListOutput = z.object({ stocktakes: z.array(stocktakeOutput), ...pageOutput });

export const postOutput = stocktakeOutput.extend({
  report: varianceReport,
  /** Unexpected and misplaced pieces that posting left alone (sold, returned, consumed or in transit), to be resolved on their own slips. */
  skipped: z.array(varianceLine),
});
