// The contract between the channel hub and one channel's API. The hub (listings, the sync
// runner, order intake) speaks only this interface; each channel's adapter turns it into
// that channel's calls, shapes, limits and error codes. Adapters hold no database handle:
// they take what to send and return what the channel said, so they can be tested against
// the mocks alone.

import type { ChannelKind } from '../../db/schema.js';

/** Fields a listing sends to a channel when it is published. */
export interface ListingPayload {
  listingId: number;
  /** The channel's key of the piece (Rakuten manageNumber, Yahoo item code, own SKU). */
  externalCode: string;
  title: string;
  description: string | null;
  /** Yen, on `priceBasis`; the adapter converts when the channel wants the other basis. */
  price: number;
  priceBasis: 'included' | 'excluded';
  /** Consumption tax rate of the piece in percent (10 or 8), for channels that take it. */
  taxRatePercent: number;
  /** Rakuten genreId, Yahoo product category / path, own-site category. */
  categoryId: string | null;
  /** Photo references (URLs or paths the channel can fetch). */
  photos: string[];
  /** Sellable quantity to show; 0 hides the piece without deleting the listing. */
  quantity: number;
}

export interface StockUpdate {
  externalCode: string;
  quantity: number;
}

/** Kind of a failed call, in terms the hub acts on. */
export type ChannelErrorKind =
  /** Worth retrying later: 5xx, timeout, dropped connection, rate-limit refusal, malformed body. */
  | 'transient'
  /** The channel refused this request (validation, unknown item); retrying the same call will not help. */
  | 'rejected'
  /** Credentials refused or expired beyond refresh; the account needs a person. */
  | 'auth';

/**
 * A failed channel call. `channelCode` is the channel's own error code when it gave one
 * (e.g. Rakuten "GE0014", Yahoo "ed-00002"); the messages are for the user and name the
 * piece or order when one is involved.
 */
export class ChannelCallError extends Error {
  constructor(
    readonly kind: ChannelErrorKind,
    readonly messageJa: string,
    readonly messageEn: string,
    readonly details: { status?: number; channelCode?: string; externalCode?: string; retryAfterMs?: number } = {},
  ) {
    super(messageEn);
    this.name = 'ChannelCallError';
  }
}

/** Per-piece outcome of a bulk call: the codes the channel took, and those it refused. */
export interface BatchOutcome {
  done: string[];
  failed: Array<{ externalCode: string; error: ChannelCallError }>;
}

/** Order status in the hub's terms. */
export type ChannelOrderStatus = 'new' | 'to_confirm' | 'to_ship' | 'shipped' | 'cancelled';

export interface ChannelOrderLine {
  /** Stable key of the line within the order (Rakuten itemDetailId, Yahoo LineId). */
  lineKey: string;
  /** Rakuten manageNumber, Yahoo ItemId, own SKU; null when the channel gave none. */
  externalCode: string | null;
  /** Rakuten variantId, Yahoo SubCode; null when none. */
  variantCode: string | null;
  title: string;
  /** Yen per unit as the channel gave it. */
  unitPrice: number;
  quantity: number;
  /** True when unitPrice includes consumption tax. */
  taxIncluded: boolean;
  /** Tax rate as a fraction (0.1, 0.08) when the channel gave one. */
  taxRate: number | null;
}

export interface ChannelAddress {
  name: string;
  nameKana: string | null;
  postalCode: string | null;
  /** Prefecture, city and street joined as the channel gave them. */
  address: string;
  phone: string | null;
}

export interface ChannelOrder {
  orderNumber: string;
  status: ChannelOrderStatus;
  /** ISO 8601 with offset, as tsunagu stores times. */
  orderedAt: string;
  /** Channel's version or last-change stamp; a changed value means the order changed. */
  version: string;
  buyer: ChannelAddress & { email: string | null };
  delivery: ChannelAddress | null;
  lines: ChannelOrderLine[];
  /** Yen as the channel gave them. `total` is what the buyer pays. */
  totals: {
    goods: number;
    shipping: number;
    fees: number;
    coupon: number;
    points: number;
    total: number;
    /** Per rate, when the channel reports it (Rakuten TaxSummaryModel). */
    taxByRate: Array<{ rate: number; taxable: number; tax: number }>;
  };
  /** The channel's own payload, stored untouched for the order detail screen. */
  raw: unknown;
}

export interface OrderPage {
  orderNumbers: string[];
  /** Pass back to get the next page; absent on the last page. */
  next?: string;
}

export interface OrderWindow {
  /** Inclusive start and end; adapters split windows longer than the channel allows. */
  from: Date;
  to: Date;
  cursor?: string;
}

/** A parcel's tracking record as sent to a channel when the order ships. */
export interface ShipmentReport {
  carrier: 'yamato' | 'sagawa' | 'japanpost';
  trackingNumber: string;
  /** Shipping date in Japan, `YYYY-MM-DD`. */
  shippedOn: string;
  /** The channel's id of the record reported earlier (Rakuten shippingDetailId), so a correction updates it instead of adding one; null on the first report. */
  reference: string | null;
}

/** Reason for cancelling an order on the channel side. */
export type CancelReason = 'out_of_stock' | 'buyer_request' | 'other';

export interface ChannelAdapter {
  readonly kind: ChannelKind;
  /** Items per bulk stock call, and calls per second the channel allows. */
  readonly limits: { stockBatch: number; publishBatch: number; requestsPerSecond: number };

  /** Calls a cheap authorised endpoint; throws ChannelCallError when it fails. */
  testConnection(): Promise<void>;

  /** Creates or updates the pieces on the channel and sets their quantities. */
  publish(listings: readonly ListingPayload[]): Promise<BatchOutcome>;
  /** Sets quantities (0 to withdraw); idempotent, bulk where the channel allows. */
  setStock(updates: readonly StockUpdate[]): Promise<BatchOutcome>;
  /**
   * Resolves when a stock call could start without waiting for the rate limit. The sync lane
   * waits for it before claiming events, so one call carries every event that arrived
   * meanwhile instead of waiting a second slot.
   */
  stockReady?(): Promise<void>;
  /** Reads the channel's quantities of pieces, for drift reconciliation; unknown codes are left out. */
  readStock(externalCodes: readonly string[]): Promise<Map<string, number>>;

  /** Order numbers ordered or changed in the window, one page at a time. */
  listOrders(window: OrderWindow): Promise<OrderPage>;
  /** Full orders; unknown numbers are left out. */
  getOrders(orderNumbers: readonly string[]): Promise<ChannelOrder[]>;
  /** Tells the channel the shop has accepted the order (Rakuten confirmOrder, Yahoo status change). */
  confirmOrder(order: ChannelOrder): Promise<void>;
  /** Cancels the order on the channel with the reason the channel's codes express. */
  cancelOrder(order: ChannelOrder, reason: CancelReason): Promise<void>;
  /**
   * Reports the carrier, tracking number and shipping date of a shipped order, and returns
   * the channel's id of the record it keeps (null when the channel keeps none). Absent on
   * channels without a shipment API.
   */
  reportShipment?(order: ChannelOrder, shipment: ShipmentReport): Promise<{ reference: string | null }>;
}
