import { z } from 'zod';
import { optionalText } from '../../shared/zod.js';
import { businessDateField, pageOutput, pageQuery, stockLineOutput, stockLinesInput } from '../stock-lines/schemas.js';
import { costField } from '../../server/cost-hiding.js';

export const supplierReturnInput = z.object({
  supplierId: z.number().int().positive(),
  /** Location the goods leave from. */
  locationId: z.number().int().positive(),
  /** Business date of the return (YYYY-MM-DD, Japan). */
  returnedOn: businessDateField,
  reason: optionalText(1000),
  lines: stockLinesInput,
});
export type SupplierReturnInput = z.infer<typeof supplierReturnInput>;

export const supplierReturnSummary = z.object({
  id: z.number(),
  number: z.string(),
  supplierId: z.number(),
  supplierName: z.string(),
  locationId: z.number(),
  locationName: z.string(),
  returnedOn: z.string(),
  reason: z.string().nullable(),
  /** Book cost of everything returned, in yen; absent for users without the cost.view permission. */
  totalCost: costField(z.number()),
  createdBy: z.number().nullable(),
  createdAt: z.string(),
});
export type SupplierReturnSummary = z.infer<typeof supplierReturnSummary>;

export const supplierReturnOutput = supplierReturnSummary.extend({ lines: z.array(stockLineOutput) });
export type SupplierReturnOutput = z.infer<typeof supplierReturnOutput>;

export const supplierReturnListQuery = z.object({
  from: businessDateField.optional(),
  to: businessDateField.optional(),
  supplierId: z.coerce.number().int().positive().optional(),
  locationId: z.coerce.number().int().positive().optional(),
  ...pageQuery,
});
export type SupplierReturnListQuery = z.infer<typeof supplierReturnListQuery>;

export const supplierReturnListOutput = z.object({ supplierReturns: z.array(supplierReturnSummary), ...pageOutput });
