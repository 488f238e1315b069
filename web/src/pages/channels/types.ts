// Response shapes of the channel hub routes the screens use. Listings come from the
// server's zod schema. Orders and sync status mirror the contract of /api/channel-orders
// and /api/channel-sync/status; keep them in step when those routes change.

import type { ChannelAccountOutput } from '../../../../src/modules/channels/accounts/schemas.js';
import type { ListingOutput } from '../../../../src/modules/channels/listings/schemas.js';

export type { ChannelAccountOutput } from '../../../../src/modules/channels/accounts/schemas.js';

export type ChannelKind = ChannelAccountOutput['kind'];
export type ListingState = ListingOutput['state'];

/** A user-facing text that the server sends in both languages. */
export interface BilingualText {
  ja: string;
  en: string;
}

/**
 * A listing as GET /api/listings returns it. `lastError` is optional because servers
 * older than the bilingual error field send only `lastErrorCode`.
 */
export type Listing = ListingOutput & { lastError?: BilingualText | null };

/** Result of POST /api/listings/publish and /withdraw. */
export interface ListingBulkResult {
  changed: Listing[];
  skipped: Array<{ listingId: number; code: string; message: string }>;
}

export const ORDER_STATUSES = ['new', 'to_confirm', 'to_ship', 'shipped', 'cancelled'] as const;
export type ChannelOrderStatus = (typeof ORDER_STATUSES)[number];

export interface ChannelOrderSummary {
  id: number;
  channelAccountId: number;
  channelKind: ChannelKind;
  channelAccountName: string;
  orderNumber: string;
  status: ChannelOrderStatus;
  flagged: boolean;
  flagReason: BilingualText | null;
  orderedAt: string;
  buyerName: string;
  /** In yen. */
  total: number;
  lineCount: number;
  importedAt: string;
}

export type OrderLineState = 'reserved' | 'unmatched' | 'short' | 'released' | 'sold';

export interface ChannelOrderLine {
  id: number;
  lineKey: string;
  externalCode: string;
  variantCode: string | null;
  title: string;
  /** In yen, with or without tax as taxIncluded says. */
  unitPrice: number;
  quantity: number;
  taxIncluded: boolean;
  /** Percent, e.g. 10. */
  taxRate: number;
  itemId: number | null;
  stockNumber: string | null;
  state: OrderLineState;
  problem: BilingualText | null;
}

export interface OrderContact {
  name: string;
  nameKana: string | null;
  postalCode: string | null;
  address: string | null;
  phone: string | null;
}

/** Amounts of an order in yen. */
export interface ChannelOrderTotals {
  goods: number;
  shipping: number;
  fees: number;
  coupon: number;
  points: number;
  total: number;
  taxByRate: Array<{ rate: number; taxable: number; tax: number }>;
}

export interface ChannelOrder extends ChannelOrderSummary {
  lines: ChannelOrderLine[];
  totals: ChannelOrderTotals;
  totalsCheck: { ok: boolean; message: BilingualText | null };
  buyer: OrderContact & { email: string | null };
  delivery: OrderContact | null;
  /** The order as the channel sent it: parsed JSON, or the XML text. */
  raw: unknown;
  history: Array<{ at: string; action: string; detail: unknown }>;
}

export type CancelReason = 'out_of_stock' | 'buyer_request' | 'other';

export type ListingCounts = Record<ListingState, number>;

export interface SyncAccountStatus {
  id: number;
  name: string;
  kind: ChannelKind;
  status: 'active' | 'paused';
  pausedReason: string | null;
  failureCount: number;
  lastError: string | null;
  pendingEvents: number;
  oldestPendingAt: string | null;
  lastSuccessAt: string | null;
  lastOrderPollAt: string | null;
  listings: ListingCounts;
}

export interface DriftCorrection {
  at: string;
  channelAccountName: string;
  stockNumber: string;
  externalCode: string;
  channelQuantity: number;
  expectedQuantity: number;
}

export interface SyncStatus {
  accounts: SyncAccountStatus[];
  corrections: DriftCorrection[];
}
