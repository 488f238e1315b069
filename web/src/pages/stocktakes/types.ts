// Response shapes of /api/stocktakes, mirroring src/modules/stocktakes/schemas.ts. Cost fields
// are absent for users without cost.view.

export type StocktakeStatus = 'counting' | 'posted' | 'cancelled';
export type ScanOutcome = 'counted' | 'duplicate' | 'misplaced' | 'unexpected' | 'unknown';

export const STOCKTAKE_STATUSES: readonly StocktakeStatus[] = ['counting', 'posted', 'cancelled'];

export const STATUS_COLORS: Record<StocktakeStatus, string> = { counting: 'processing', posted: 'success', cancelled: 'default' };

export const OUTCOME_COLORS: Record<ScanOutcome, string> = {
  counted: 'success',
  duplicate: 'gold',
  misplaced: 'purple',
  unexpected: 'magenta',
  unknown: 'error',
};

export interface VarianceSummary {
  scans: number;
  countedPieces: number;
  missing: number;
  unexpected: number;
  misplaced: number;
  duplicates: number;
  unknownCodes: number;
  missingCost?: number;
  missingRetail: number;
  unexpectedCost?: number;
  unexpectedRetail: number;
  misplacedCost?: number;
  misplacedRetail: number;
}

export interface Stocktake {
  id: number;
  number: string;
  locationId: number;
  locationName: string;
  category: string | null;
  status: StocktakeStatus;
  note: string | null;
  startedBy: number | null;
  startedAt: string;
  closedBy: number | null;
  closedAt: string | null;
  writeOffId: number | null;
  bookLines: number;
  summary: VarianceSummary;
}

export interface VarianceLine {
  itemId: number;
  stockNumber: string;
  itemName: string;
  category: string;
  tracking: 'unique' | 'quantity';
  bookAtStart: number;
  expected: number;
  counted: number;
  quantity: number;
  costAmount?: number;
  retailAmount: number;
  bookLocationId: number | null;
  bookLocationName: string | null;
  itemStatus: string;
}

export interface DuplicateLine {
  itemId: number;
  stockNumber: string;
  itemName: string;
  scans: number;
  deviceIds: string[];
}

export interface UnknownCode {
  code: string;
  scans: number;
  deviceIds: string[];
}

export interface MovedLine {
  itemId: number;
  stockNumber: string;
  itemName: string;
  quantity: number;
}

export interface VarianceReport {
  summary: VarianceSummary;
  missing: VarianceLine[];
  unexpected: VarianceLine[];
  misplaced: VarianceLine[];
  duplicates: DuplicateLine[];
  unknownCodes: UnknownCode[];
  movedDuringCount: MovedLine[];
  /** Unexpected and misplaced pieces that posting leaves (or left) where the book has them. */
  notMoved: VarianceLine[];
}

export interface ScanResult {
  deviceId: string;
  clientSequence: number;
  code: string;
  outcome: ScanOutcome;
  resent: boolean;
  itemId: number | null;
  stockNumber: string | null;
  itemName: string | null;
  bookLocationName: string | null;
}

export interface PostedStocktake extends Stocktake {
  report: VarianceReport;
  skipped: VarianceLine[];
}
