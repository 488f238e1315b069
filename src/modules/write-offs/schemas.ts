import { z } from 'zod';
import { optionalText } from '../../shared/zod.js';
import { businessDateField, pageOutput, pageQuery, stockLineOutput, stockLinesInput } from '../stock-lines/schemas.js';
import { costField } from '../../server/cost-hiding.js';

export const WRITE_OFF_REASONS = ['damage', 'loss', 'theft', 'other'] as const;

export const writeOffInput = z.object({
  locationId: z.number().int().positive(),
  reason: z.enum(WRITE_OFF_REASONS),
  note: optionalText(1000),
  /** Business date of the write-off (YYYY-MM-DD, Japan). */
  writtenOffOn: businessDateField,
  lines: stockLinesInput,
});
export type WriteOffInput = z.infer<typeof writeOffInput>;

export const writeOffSummary = z.object({
  id: z.number(),
  number: z.string(),
  locationId: z.number(),
  locationName: z.string(),
  reason: z.enum(WRITE_OFF_REASONS),
  note: z.string().nullable(),
  writtenOffOn: z.string(),
  /** Book cost of everything written off, in yen; absent for users without the cost.view permission. */
  totalCost: costField(z.number()),
  createdBy: z.number().nullable(),
  createdAt: z.string(),
});
export type WriteOffSummary = z.infer<typeof writeOffSummary>;

export const writeOffOutput = writeOffSummary.extend({ lines: z.array(stockLineOutput) });
export type WriteOffOutput = z.infer<typeof writeOffOutput>;

export const writeOffListQuery = z.object({
  from: businessDateField.optional(),
  to: businessDateField.optional(),
  locationId: z.coerce.number().int().positive().optional(),
  reason: z.enum(WRITE_OFF_REASONS).optional(),
  ...pageQuery,
});
export type WriteOffListQuery = z.infer<typeof writeOffListQuery>;

export const writeOffListOutput = z.object({ writeOffs: z.array(writeOffSummary), ...pageOutput });
