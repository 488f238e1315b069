// Response shapes of the channel hub routes the screens use. They are taken from the
// server's zod schemas and functions as types only, so a change on the server fails the type
// check here instead of at run time, and nothing of the server is bundled into the web UI.

import type { z } from 'zod';
import type { ChannelAccountOutput } from '../../../../src/modules/channels/accounts/schemas.js';
import type { ListingOutput } from '../../../../src/modules/channels/listings/schemas.js';
import type { cancelInput, ChannelOrderDetail, ChannelOrderSummary, ORDER_STATUSES as SERVER_ORDER_STATUSES } from '../../../../src/modules/channels/orders/schemas.js';
import type { ReconcileResult } from '../../../../src/modules/channels/sync/reconcile.js';
import type { syncStatus } from '../../../../src/modules/channels/sync/status.js';

export type { ChannelAccountOutput } from '../../../../src/modules/channels/accounts/schemas.js';

export type ChannelKind = ChannelAccountOutput['kind'];
export type ListingState = ListingOutput['state'];

/** A user-facing text that the server sends in both languages. */
export interface BilingualText {
  ja: string;
  en: string;
}

/** A listing as GET /api/listings returns it. */
export type Listing = ListingOutput;

/** Result of POST /api/listings/publish and /withdraw. */
export interface ListingBulkResult {
  changed: Listing[];
  skipped: Array<{ listingId: number; code: string; message: string }>;
}

export type { ChannelOrderSummary, ReconcileResult };

/** Order statuses in the order of the 受注一覧 tabs, which the type check holds equal to the server's list. */
export const ORDER_STATUSES = ['new', 'to_confirm', 'to_ship', 'shipped', 'cancelled'] as const satisfies typeof SERVER_ORDER_STATUSES;

/** An order as GET /api/channel-orders/:id returns it, with lines, totals, buyer, raw payload and history. */
export type ChannelOrder = ChannelOrderDetail;
export type ChannelOrderStatus = ChannelOrderDetail['status'];
export type ChannelOrderLine = ChannelOrderDetail['lines'][number];
export type OrderLineState = ChannelOrderLine['state'];
export type OrderContact = NonNullable<ChannelOrderDetail['delivery']>;
export type CancelReason = z.output<typeof cancelInput>['reason'];

/** GET /api/channel-sync/status: per account, pause state, waiting work and listings per state, and recent stock corrections. */
export type SyncStatus = Awaited<ReturnType<typeof syncStatus>>;
export type SyncAccountStatus = SyncStatus['accounts'][number];
export type DriftCorrection = SyncStatus['corrections'][number];
export type ListingCounts = SyncAccountStatus['listings'];
