import { z } from 'zod';
import { SHIPMENT_STATUSES } from '../../shipping/schemas.js';
import { CARRIERS } from '../../shipping/tracking.js';
import { CHANNEL_KINDS } from '../accounts/schemas.js';

// Shapes of the channel orders API (受注一覧 and its detail).

export const ORDER_STATUSES = ['new', 'to_confirm', 'to_ship', 'shipped', 'cancelled'] as const;
const bilingualText = z.object({ ja: z.string(), en: z.string() });

export const orderListQuery = z.object({
  status: z.enum(ORDER_STATUSES).optional(),
  flagged: z.enum(['true', 'false']).transform((value) => value === 'true').optional(),
  channelAccountId: z.coerce.number().int().positive().optional(),
  q: z.string().trim().max(100).optional(),
  /** 'true': only orders with a line that is in no parcel yet (cancelled parcels do not count). */
  needsParcel: z.enum(['true', 'false']).transform((value) => value === 'true').optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});
export type OrderListQuery = z.output<typeof orderListQuery>;

export const channelOrderSummary = z.object({
  id: z.number(),
  channelAccountId: z.number(),
  channelKind: z.enum(CHANNEL_KINDS),
  channelAccountName: z.string(),
  orderNumber: z.string(),
  status: z.enum(ORDER_STATUSES),
  /** True while a person has not yet dealt with the order's problem. */
  flagged: z.boolean(),
  flagReason: bilingualText.nullable(),
  orderedAt: z.string(),
  buyerName: z.string(),
  total: z.number(),
  lineCount: z.number(),
  importedAt: z.string(),
});
export type ChannelOrderSummary = z.output<typeof channelOrderSummary>;

const address = z.object({
  name: z.string(),
  nameKana: z.string().nullable(),
  postalCode: z.string().nullable(),
  address: z.string(),
  phone: z.string().nullable(),
});

export const channelOrderDetail = channelOrderSummary.extend({
  lines: z.array(
    z.object({
      id: z.number(),
      lineKey: z.string(),
      externalCode: z.string().nullable(),
      variantCode: z.string().nullable(),
      title: z.string(),
      unitPrice: z.number(),
      quantity: z.number(),
      taxIncluded: z.boolean(),
      taxRate: z.number().nullable(),
      itemId: z.number().nullable(),
      stockNumber: z.string().nullable(),
      state: z.enum(['reserved', 'unmatched', 'short', 'released', 'sold']),
      problem: bilingualText.nullable(),
      /** When the line shipped and left stock as sold. */
      soldAt: z.string().nullable(),
      /** Yen refunded on the line after the sale, tax included. */
      refundedAmount: z.number(),
      /** When the buyer's return of the shipped piece was received. */
      returnedAt: z.string().nullable(),
      /** The consignor who owns the piece, for a consigned piece (受託品). */
      consignor: z.object({ id: z.number(), code: z.string(), name: z.string() }).nullable(),
    }),
  ),
  refunds: z.array(z.object({ id: z.number(), lineId: z.number(), amount: z.number(), reason: z.string(), refundedOn: z.string(), createdAt: z.string() })),
  totals: z.object({
    goods: z.number(),
    shipping: z.number(),
    fees: z.number(),
    coupon: z.number(),
    points: z.number(),
    total: z.number(),
    taxByRate: z.array(z.object({ rate: z.number(), taxable: z.number(), tax: z.number() })),
  }),
  totalsCheck: z.object({ ok: z.boolean(), message: bilingualText.nullable() }),
  buyer: address.extend({ email: z.string().nullable() }),
  delivery: address.nullable(),
  raw: z.unknown(),
  history: z.array(z.object({ at: z.string(), action: z.string(), detail: z.record(z.string(), z.unknown()) })),
  /** Parcels carrying the order's lines, with tracking links and whether the channel accepted each report. */
  shipments: z.array(
    z.object({
      id: z.number(),
      number: z.string(),
      status: z.enum(SHIPMENT_STATUSES),
      carrier: z.enum(CARRIERS).nullable(),
      trackingNumber: z.string().nullable(),
      trackingUrl: z.string().nullable(),
      shippedAt: z.string().nullable(),
      reports: z.array(z.object({ status: z.enum(['pending', 'accepted', 'failed', 'not_supported']), acceptedAt: z.string().nullable(), lastError: bilingualText.nullable() })),
    }),
  ),
});
export type ChannelOrderDetail = z.output<typeof channelOrderDetail>;

export const cancelInput = z.object({ reason: z.enum(['out_of_stock', 'buyer_request', 'other']) });
export const substituteInput = z.object({ itemId: z.number().int().positive() });
export const returnInput = z.object({
  lineId: z.number().int().positive(),
  locationId: z.number().int().positive(),
  reason: z.string().trim().min(1).max(500),
});
export const refundInput = z.object({
  lineId: z.number().int().positive(),
  amount: z.number().int().min(1).max(10_000_000_000),
  reason: z.string().trim().min(1).max(500),
});
export const orderLineParams = z.object({ id: z.coerce.number().int().positive(), lineId: z.coerce.number().int().positive() });
