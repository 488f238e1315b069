import { z } from 'zod';
import { bilingual } from '../../shared/zod.js';
import { saleInput } from '../sales/schemas.js';

// Request and response shapes of offline sales: counter sales taken while the network was
// down, kept on the device and sent when it is back.

/** A device clock may run this far ahead of the server's; a later soldAt is rejected. */
export const CLOCK_SKEW_MS = 5 * 60 * 1000;
/**
 * Age in days of the oldest soldAt accepted. An exhibition runs for days, not weeks, so an
 * older sale was queued on a device left unsynchronised and needs a person to enter it.
 */
export const MAX_OFFLINE_AGE_DAYS = 7;
export const MAX_BATCH = 100;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?(Z|[+-]\d{2}:\d{2})$/;

export const OFFLINE_OUTCOMES = ['recorded', 'conflict'] as const;

export const offlineSaleEntry = z
  .object({
    /** The device's own id of the sale (a UUID), so a sale sent twice is recorded once. */
    clientRef: z.string().refine((value) => UUID.test(value), bilingual('clientRef は端末が作ったUUIDにしてください。', 'clientRef must be a UUID made by the device.')),
    registerId: z.number().int().positive(),
    /** Device time of the sale, ISO 8601 with an offset. */
    soldAt: z
      .string()
      .refine(
        (value) => ISO_WITH_OFFSET.test(value) && !Number.isNaN(Date.parse(value)),
        bilingual('販売日時は時差付きのISO 8601形式（例 2026-12-05T10:00:00+09:00）にしてください。', 'soldAt must be ISO 8601 with an offset, e.g. 2026-12-05T10:00:00+09:00.'),
      ),
    sale: saleInput,
  })
  .superRefine((entry, ctx) => {
    if (entry.sale.registerId !== entry.registerId) {
      ctx.addIssue({ code: 'custom', path: ['sale', 'registerId'], message: 'register mismatch', ...bilingual('販売のレジが registerId と違います。同じレジにしてください。', 'The sale names another register than registerId. Use the same register.') });
    }

    const at = Date.parse(entry.soldAt);
    const now = Date.now();
    if (at > now + CLOCK_SKEW_MS) {
      ctx.addIssue({
        code: 'custom',
        path: ['soldAt'],
        message: 'soldAt in the future',
        ...bilingual(
          `販売日時 ${entry.soldAt} が現在より後です。端末の時計を合わせてから、この販売を担当者に確認してもらってください。`,
          `soldAt ${entry.soldAt} is later than now. Set the device's clock and have a manager check this sale.`,
        ),
      });
    } else if (at < now - MAX_OFFLINE_AGE_DAYS * 24 * 60 * 60 * 1000) {
      ctx.addIssue({
        code: 'custom',
        path: ['soldAt'],
        message: 'soldAt too old',
        ...bilingual(
          `販売日時 ${entry.soldAt} は${MAX_OFFLINE_AGE_DAYS}日より前のため自動では計上できません。通常の販売として登録し直してください。`,
          `soldAt ${entry.soldAt} is more than ${MAX_OFFLINE_AGE_DAYS} days ago, so it cannot be booked automatically. Enter it again as a normal sale.`,
        ),
      });
    }
  });
export type OfflineSaleEntry = z.infer<typeof offlineSaleEntry>;

export const offlineSyncInput = z
  .object({ sales: z.array(offlineSaleEntry).min(1).max(MAX_BATCH) })
  .superRefine((body, ctx) => {
    const seen = new Set<string>();
    for (const [index, entry] of body.sales.entries()) {
      if (seen.has(entry.clientRef)) {
        ctx.addIssue({ code: 'custom', path: ['sales', index, 'clientRef'], message: 'duplicate clientRef', ...bilingual('同じ clientRef が2回あります。1回だけ送ってください。', 'The same clientRef appears twice. Send it once.') });
      }
      seen.add(entry.clientRef);
    }
  });
export type OfflineSyncInput = z.infer<typeof offlineSyncInput>;

const bilingualText = z.object({ ja: z.string(), en: z.string() });

/** Details of what blocked an offline sale, or of what recording it changed. */
export const offlineConflict = z.object({
  messages: bilingualText,
  /** The pieces concerned. */
  items: z.array(z.object({ itemId: z.number(), stockNumber: z.string(), name: z.string() })),
  /** Sales that took the pieces first (conflicts). */
  otherSales: z.array(z.object({ id: z.number(), number: z.string() })),
  /** Channel orders that had the pieces and were released for this sale, or that shipped them. */
  channelOrders: z.array(z.object({ id: z.number(), orderNumber: z.string() })),
  /** Business date of the device's time, and the one the sale was booked on when they differ. */
  deviceBusinessDate: z.string().optional(),
  bookedOn: z.string().optional(),
});
export type OfflineConflict = z.infer<typeof offlineConflict>;

export const offlineSaleOutput = z.object({
  id: z.number(),
  clientRef: z.string(),
  registerId: z.number(),
  registerName: z.string(),
  locationName: z.string(),
  soldAtDevice: z.string(),
  receivedAt: z.string(),
  outcome: z.enum(OFFLINE_OUTCOMES),
  saleId: z.number().nullable(),
  saleNumber: z.string().nullable(),
  /** Sum of the payments the device took, in yen: what a refund gives back on a conflict. */
  paidTotal: z.number(),
  /**
   * channel_order_released or register_closed_rebooked on a recorded sale. On a conflict,
   * piece_gone, or else the code of the error that stopped the sale.
   */
  conflictCode: z.string().nullable(),
  /** The conflict or note in the user's language. */
  message: z.string().nullable(),
  conflict: offlineConflict.nullable(),
  resolvedAt: z.string().nullable(),
  resolvedByName: z.string().nullable(),
  resolutionNote: z.string().nullable(),
  createdByName: z.string().nullable(),
});
export type OfflineSaleOutput = z.infer<typeof offlineSaleOutput>;

export const offlineSyncOutput = z.object({
  results: z.array(offlineSaleOutput.extend({ /** True when this clientRef was stored by an earlier send. */ duplicate: z.boolean() })),
});

export const offlineListQuery = z.object({ status: z.enum(['conflict', 'recorded', 'unresolved', 'all']).default('all') });

export const resolveInput = z.object({ note: z.string().trim().min(1).max(1000) });

export const catalogueQuery = z.object({ registerId: z.coerce.number().int().positive() });

export const catalogueItem = z.object({
  itemId: z.number(),
  stockNumber: z.string(),
  janCode: z.string().nullable(),
  name: z.string(),
  tracking: z.enum(['unique', 'quantity']),
  unit: z.enum(['piece', 'cm', 'mct', 'cg']),
  retailPrice: z.number(),
  priceBasis: z.enum(['included', 'excluded']),
  taxRatePercent: z.number(),
  /** Unreserved quantity at the register's location. */
  available: z.number(),
  /** 'consignment_in' for a consignor's piece held by us, which sells like our own. */
  ownership: z.enum(['own', 'consignment_in']),
});
export type CatalogueItem = z.infer<typeof catalogueItem>;

export const catalogueOutput = z.object({
  registerId: z.number(),
  locationId: z.number(),
  locationName: z.string(),
  taxRounding: z.enum(['down', 'half_up', 'up']),
  generatedAt: z.string(),
  items: z.array(catalogueItem),
});
export type CatalogueOutput = z.infer<typeof catalogueOutput>;
