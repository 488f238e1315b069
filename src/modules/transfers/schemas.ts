import { z } from 'zod';
import { bilingual, optionalText } from '../../shared/zod.js';
import { pageOutput, pageQuery, stockLineInput, stockLinesInput, MAX_DOCUMENT_LINES } from '../stock-lines/schemas.js';

export const TRANSFER_STATUSES = ['in_transit', 'received', 'cancelled'] as const;

export const transferInput = z
  .object({
    fromLocationId: z.number().int().positive(),
    toLocationId: z.number().int().positive(),
    note: optionalText(1000),
    lines: stockLinesInput,
  })
  .refine((transfer) => transfer.fromLocationId !== transfer.toLocationId, {
    path: ['toLocationId'],
    ...bilingual('移動元と移動先が同じ拠点です。別の拠点を選んでください。', 'The source and destination are the same location. Choose another location.'),
  });
export type TransferInput = z.infer<typeof transferInput>;

/** Lines to receive now; without lines everything still in transit is received. */
export const transferReceiveInput = z.object({
  lines: z.array(stockLineInput).min(1).max(MAX_DOCUMENT_LINES).optional(),
});
export type TransferReceiveInput = z.infer<typeof transferReceiveInput>;

export const transferCancelInput = z.object({ reason: optionalText(1000) });
export type TransferCancelInput = z.infer<typeof transferCancelInput>;

export const transferLineOutput = z.object({
  itemId: z.number(),
  stockNumber: z.string(),
  itemName: z.string(),
  unit: z.enum(['piece', 'cm', 'mct', 'cg']),
  /** Quantity sent. */
  quantity: z.number(),
  /** Quantity received so far at the destination. */
  receivedQuantity: z.number(),
});

export const transferSummary = z.object({
  id: z.number(),
  number: z.string(),
  fromLocationId: z.number(),
  fromLocationName: z.string(),
  toLocationId: z.number(),
  toLocationName: z.string(),
  status: z.enum(TRANSFER_STATUSES),
  note: z.string().nullable(),
  sentAt: z.string(),
  sentBy: z.number().nullable(),
  /** When goods last arrived, or when the transfer was cancelled; null until either happens. */
  receivedAt: z.string().nullable(),
  receivedBy: z.number().nullable(),
});
export type TransferSummary = z.infer<typeof transferSummary>;

export const transferOutput = transferSummary.extend({ lines: z.array(transferLineOutput) });
export type TransferOutput = z.infer<typeof transferOutput>;

export const transferListQuery = z.object({
  status: z.enum(TRANSFER_STATUSES).optional(),
  /** Transfers from or to this location. */
  locationId: z.coerce.number().int().positive().optional(),
  ...pageQuery,
});
export type TransferListQuery = z.infer<typeof transferListQuery>;

export const transferListOutput = z.object({ transfers: z.array(transferSummary), ...pageOutput });
