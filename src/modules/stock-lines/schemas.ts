import { z } from 'zod';
import { isCalendarDate } from '../../shared/time.js';
import { bilingual } from '../../shared/zod.js';
import { costField } from '../../server/cost-hiding.js';

// Schemas shared by the stock documents' routes.

/** Largest quantity on one line, in the item's unit (pieces, cm, milli-carats or centigrams). */
export const MAX_LINE_QUANTITY = 100_000_000;
/** Most lines on one document; a purchase slip or transfer list is far shorter in practice. */
export const MAX_DOCUMENT_LINES = 1000;

export const idParams = z.object({ id: z.coerce.number().int().positive() });

export const businessDateField = z
  .string()
  .refine(isCalendarDate, bilingual('日付は YYYY-MM-DD の形で入力してください。', 'Enter the date as YYYY-MM-DD.'));

export const quantityField = z.number().int().positive().max(MAX_LINE_QUANTITY);

/** One line of a document that moves existing stock. */
export const stockLineInput = z.object({
  itemId: z.number().int().positive(),
  quantity: quantityField,
});

export const stockLinesInput = z.array(stockLineInput).min(1).max(MAX_DOCUMENT_LINES);

/** A moved line as documents return it, with the item named as its tag shows it. */
export const stockLineOutput = z.object({
  itemId: z.number(),
  stockNumber: z.string(),
  itemName: z.string(),
  unit: z.enum(['piece', 'cm', 'mct', 'cg']),
  quantity: z.number(),
  /** Book cost of the quantity, in yen; absent for users without the cost.view permission. */
  costAmount: costField(z.number()),
});

export type StockLineOutput = z.infer<typeof stockLineOutput>;

export const pageQuery = {
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
};

export const pageOutput = {
  total: z.number(),
  page: z.number(),
  pageSize: z.number(),
};
