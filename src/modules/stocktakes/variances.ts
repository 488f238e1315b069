import type { Executor } from '../../db/database.js';
import type { Item } from '../../db/schema.js';
import { canSeeStockAt, type LocationScope } from '../access/scope.js';
import { transitLocationId } from '../locations/service.js';
import type { VarianceLine, VarianceReport, VarianceSummary } from './schemas.js';

/** The stocktake fields the comparison needs. */
export interface CountScope {
  id: number;
  locationId: number;
  category: string | null;
  startMovementId: number;
}

interface ScanRow {
  item_id: number | null;
  code: string;
  device_id: string;
  quantity: number;
  movement_mark: number;
}

interface MovementRow {
  id: number;
  item_id: number;
  from_location_id: number | null;
  to_location_id: number | null;
  quantity: number;
}

type ItemRow = Pick<Item, 'id' | 'stock_number' | 'name' | 'category' | 'tracking' | 'cost' | 'retail_price' | 'status'>;

/** One item's place in the count, before it is sorted into the report's lists. */
export interface ItemComparison {
  item: ItemRow;
  bookAtStart: number;
  expected: number;
  counted: number;
  scans: number;
  deviceIds: string[];
  /** For a unique piece: the location holding it on the books now, or null. */
  bookLocationId: number | null;
}

/** The loaded state of a count, compared item by item. */
export interface CountComparison {
  items: ItemComparison[];
  unknown: Map<string, { scans: number; deviceIds: Set<string> }>;
  scanCount: number;
  locationNames: Map<number, string>;
  /** Id of the in-transit location, whose pieces posting leaves alone. */
  transitLocationId: number;
}

/** Item statuses from which a piece found in the count may come back into stock when the count is posted. */
export const RESTORABLE_STATUSES: ReadonlySet<string> = new Set(['in_stock', 'written_off', 'out_of_stock']);

/**
 * Tells whether posting leaves an unexpected or misplaced piece where the book has it: a
 * piece in transit, or a unique piece out of stock as sold, returned or consumed. A sale or
 * transfer is corrected on its own slip, not by a count.
 */
export function postingLeavesAlone(entry: Pick<ItemComparison, 'bookLocationId'> & { item: { tracking: string; status: string } }, transitLocationId: number): boolean {
  if (entry.bookLocationId === transitLocationId) return true;
  return entry.bookLocationId === null && entry.item.tracking === 'unique' && !RESTORABLE_STATUSES.has(entry.item.status);
}

/**
 * Quantity on the books at the counted location after the movements up to `mark`
 * (a stock_movements.id): the start snapshot plus what arrived minus what left.
 */
function bookAt(start: number, movements: readonly MovementRow[], locationId: number, mark: number): number {
  let quantity = start;
  for (const movement of movements) {
    if (movement.id > mark) break;
    if (movement.to_location_id === locationId) quantity += movement.quantity;
    if (movement.from_location_id === locationId) quantity -= movement.quantity;
  }
  return quantity;
}

/**
 * Loads the snapshot, the movements at the location since the start, the active scans and
 * the items, and compares each item. The rule: a scanned item is compared with the book at
 * the moment of its last scan, an unscanned one with the book now. So a piece sold after
 * the start and before anyone scanned it is expected nowhere. A piece sold after its scan
 * was counted while it was here. A piece received during the count and then scanned was
 * on the books here when it was scanned.
 */
export async function compareCount(db: Executor, count: CountScope): Promise<CountComparison> {
  const snapshot = await db
    .selectFrom('stocktake_snapshot_lines')
    .select(['item_id', 'quantity'])
    .where('stocktake_id', '=', count.id)
    .execute();
  const movements = (await db
    .selectFrom('stock_movements')
    .select(['id', 'item_id', 'from_location_id', 'to_location_id', 'quantity'])
    .where('id', '>', count.startMovementId)
    .where((eb) => eb.or([eb('from_location_id', '=', count.locationId), eb('to_location_id', '=', count.locationId)]))
    .orderBy('id')
    .execute()) as MovementRow[];
  const scans = (await db
    .selectFrom('stocktake_scans')
    .select(['item_id', 'code', 'device_id', 'quantity', 'movement_mark'])
    .where('stocktake_id', '=', count.id)
    .where('voided_at', 'is', null)
    .orderBy('id')
    .execute()) as ScanRow[];

  const startQuantity = new Map(snapshot.map((row) => [row.item_id, Number(row.quantity)]));
  const movementsByItem = new Map<number, MovementRow[]>();
  for (const movement of movements) {
    const list = movementsByItem.get(movement.item_id) ?? [];
    list.push({ ...movement, quantity: Number(movement.quantity) });
    movementsByItem.set(movement.item_id, list);
  }
  const scansByItem = new Map<number, ScanRow[]>();
  const unknown = new Map<string, { scans: number; deviceIds: Set<string> }>();
  for (const scan of scans) {
    if (scan.item_id === null) {
      const entry = unknown.get(scan.code) ?? { scans: 0, deviceIds: new Set<string>() };
      entry.scans += 1;
      entry.deviceIds.add(scan.device_id);
      unknown.set(scan.code, entry);
      continue;
    }
    const list = scansByItem.get(scan.item_id) ?? [];
    list.push(scan);
    scansByItem.set(scan.item_id, list);
  }

  const itemIds = [...new Set([...startQuantity.keys(), ...movementsByItem.keys(), ...scansByItem.keys()])];
  const items = itemIds.length === 0
    ? []
    : await db
        .selectFrom('items')
        .select(['id', 'stock_number', 'name', 'category', 'tracking', 'cost', 'retail_price', 'status'])
        .where('id', 'in', itemIds)
        .execute();
  const holders = await uniqueHolders(db, items.filter((item) => item.tracking === 'unique').map((item) => item.id));

  const compared: ItemComparison[] = [];
  for (const item of items) {
    const itemScans = scansByItem.get(item.id) ?? [];
    // Items of other categories count only when someone scanned them here.
    if (itemScans.length === 0 && count.category !== null && item.category !== count.category) continue;

    const start = startQuantity.get(item.id) ?? 0;
    const itemMovements = movementsByItem.get(item.id) ?? [];
    const lastMark = itemScans.length === 0 ? Number.POSITIVE_INFINITY : Math.max(...itemScans.map((scan) => Number(scan.movement_mark)));
    const scannedUnits = itemScans.reduce((sum, scan) => sum + Number(scan.quantity), 0);
    compared.push({
      item,
      bookAtStart: start,
      expected: bookAt(start, itemMovements, count.locationId, lastMark),
      // A unique piece exists once, however often its tag was read.
      counted: item.tracking === 'unique' ? Math.min(1, scannedUnits) : scannedUnits,
      scans: itemScans.length,
      deviceIds: [...new Set(itemScans.map((scan) => scan.device_id))],
      bookLocationId: holders.get(item.id) ?? null,
    });
  }

  const locationIds = [...new Set([...holders.values()])];
  const locations = locationIds.length === 0 ? [] : await db.selectFrom('locations').select(['id', 'name']).where('id', 'in', locationIds).execute();
  return {
    items: compared,
    unknown,
    scanCount: scans.length,
    locationNames: new Map(locations.map((row) => [row.id, row.name])),
    transitLocationId: await transitLocationId(db),
  };
}

/** Maps unique pieces to the location the book has them at now (pieces on the books nowhere are absent). */
async function uniqueHolders(db: Executor, itemIds: readonly number[]): Promise<Map<number, number>> {
  if (itemIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('stock_balances')
    .select(['item_id', 'location_id'])
    .where('item_id', 'in', [...itemIds])
    .where('quantity', '>', 0)
    .execute();
  return new Map(rows.map((row) => [row.item_id, row.location_id]));
}

function varianceLine(
  comparison: ItemComparison,
  quantity: number,
  bookLocation: { id: number | null; name: string | null },
): VarianceLine {
  const { item } = comparison;
  return {
    itemId: item.id,
    stockNumber: item.stock_number,
    itemName: item.name,
    category: item.category,
    tracking: item.tracking,
    bookAtStart: comparison.bookAtStart,
    expected: comparison.expected,
    counted: comparison.counted,
    quantity,
    costAmount: item.cost * quantity,
    retailAmount: item.retail_price * quantity,
    bookLocationId: bookLocation.id,
    bookLocationName: bookLocation.name,
    itemStatus: item.status,
  };
}

function sum(lines: readonly VarianceLine[], key: 'costAmount' | 'retailAmount'): number {
  return lines.reduce((total, line) => total + line[key], 0);
}

/**
 * Sorts compared items into the report. Missing: fewer counted than expected. Misplaced: a
 * unique piece counted here that the book has at another location. Unexpected: counted
 * beyond the book here, for a unique piece one the book has nowhere. Locations the user may
 * not see are named as null.
 */
export function buildReport(comparison: CountComparison, locationId: number, scope: LocationScope): VarianceReport {
  const missing: VarianceLine[] = [];
  const unexpected: VarianceLine[] = [];
  const misplaced: VarianceLine[] = [];
  const duplicates: VarianceReport['duplicates'] = [];
  const movedDuringCount: VarianceReport['movedDuringCount'] = [];
  const notMoved: VarianceLine[] = [];

  for (const entry of comparison.items) {
    const difference = entry.counted - entry.expected;
    const holder = entry.bookLocationId;
    const holderName = holder !== null && canSeeStockAt(scope, holder) ? (comparison.locationNames.get(holder) ?? null) : null;

    if (difference < 0) missing.push(varianceLine(entry, -difference, { id: null, name: null }));
    if (difference > 0) {
      const line = varianceLine(entry, difference, { id: holder, name: holderName });
      if (entry.item.tracking === 'unique' && holder !== null && holder !== locationId) misplaced.push(line);
      else unexpected.push(line);
      if (postingLeavesAlone(entry, comparison.transitLocationId)) notMoved.push(line);
    }

    if (entry.item.tracking === 'unique' && entry.scans > 1) {
      duplicates.push({ itemId: entry.item.id, stockNumber: entry.item.stock_number, itemName: entry.item.name, scans: entry.scans, deviceIds: entry.deviceIds });
    }
    if (entry.scans === 0 && entry.bookAtStart > entry.expected) {
      movedDuringCount.push({ itemId: entry.item.id, stockNumber: entry.item.stock_number, itemName: entry.item.name, quantity: entry.bookAtStart - entry.expected });
    }
  }

  const unknownCodes = [...comparison.unknown.entries()].map(([code, entry]) => ({ code, scans: entry.scans, deviceIds: [...entry.deviceIds] }));
  const byStockNumber = (a: { stockNumber: string }, b: { stockNumber: string }) => a.stockNumber.localeCompare(b.stockNumber);
  for (const list of [missing, unexpected, misplaced, duplicates, movedDuringCount, notMoved]) list.sort(byStockNumber);
  unknownCodes.sort((a, b) => a.code.localeCompare(b.code));

  const summary: VarianceSummary = {
    scans: comparison.scanCount,
    countedPieces: comparison.items.reduce((total, entry) => total + entry.counted, 0),
    missing: missing.length,
    unexpected: unexpected.length,
    misplaced: misplaced.length,
    duplicates: duplicates.length,
    unknownCodes: unknownCodes.length,
    missingCost: sum(missing, 'costAmount'),
    missingRetail: sum(missing, 'retailAmount'),
    unexpectedCost: sum(unexpected, 'costAmount'),
    unexpectedRetail: sum(unexpected, 'retailAmount'),
    misplacedCost: sum(misplaced, 'costAmount'),
    misplacedRetail: sum(misplaced, 'retailAmount'),
  };
  return { summary, missing, unexpected, misplaced, duplicates, unknownCodes, movedDuringCount, notMoved };
}
