// Shapes of the exhibition API responses (src/modules/exhibitions/schemas.ts).

import type { ItemConsignor } from '../consignment-in/ConsignedTag.js';

export type ExhibitionStatus = 'planned' | 'open' | 'checking_in' | 'closed';
export type ExhibitionItemState = 'out' | 'sold' | 'returned' | 'missing' | 'written_off';

export const ITEM_STATES: readonly ExhibitionItemState[] = ['out', 'sold', 'returned', 'missing', 'written_off'];

export interface ExhibitionSummary {
  id: number;
  name: string;
  venue: string | null;
  startsOn: string;
  endsOn: string;
  status: ExhibitionStatus;
  locationId: number;
  locationCode: string;
  homeLocationId: number;
  homeLocationName: string;
  withdrawFromChannels: boolean;
  itemCount: number;
  note: string | null;
  createdAt: string;
  closedAt: string | null;
}

export interface Exhibition extends ExhibitionSummary {
  staff: Array<{ userId: number; displayName: string }>;
  registers: Array<{ id: number; code: string; name: string }>;
}

export interface ExhibitionLine {
  itemId: number;
  stockNumber: string;
  itemName: string;
  retailPrice: number;
  /** Absent for users without the cost.view permission. */
  cost?: number;
  state: ExhibitionItemState;
  fromLocationId: number;
  fromLocationName: string;
  keepListed: boolean;
  carriedOutAt: string;
  checkedInAt: string | null;
  returnedToLocationName: string | null;
  soldBy: { documentType: string; documentId: number; number: string } | null;
  resolutionNote: string | null;
  /** Owner of a consigned piece; null for our own pieces. */
  consignor: ItemConsignor | null;
}

export interface StateTotals {
  count: number;
  retailTotal: number;
  totalCost?: number;
}

export interface Reconciliation {
  exhibitionId: number;
  status: ExhibitionStatus;
  lines: ExhibitionLine[];
  totals: Record<ExhibitionItemState | 'all', StateTotals>;
  openOfflineConflicts: number;
}

export interface ScanResult {
  result: 'carried_out' | 'already_listed' | 'checked_in' | 'already_checked_in' | 'removed';
  line: ExhibitionLine;
}

export const STATUS_COLORS: Record<ExhibitionStatus, string> = { planned: 'default', open: 'blue', checking_in: 'gold', closed: 'green' };
export const STATE_COLORS: Record<ExhibitionItemState, string> = { out: 'blue', sold: 'green', returned: 'default', missing: 'red', written_off: 'volcano' };
