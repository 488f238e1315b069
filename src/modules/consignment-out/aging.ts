import type { Executor } from '../../db/database.js';
import { businessDate } from '../../shared/time.js';
import { AGING_BUCKETS, type AgingOutput, type AgingRow } from './schemas.js';

const DAY_MS = 86_400_000;

/** Whole days from one 'YYYY-MM-DD' date to another (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/** Aging bucket of a piece out for `days` days: 0-30, 31-60, 61-90 or over 90. */
export function agingBucket(days: number): AgingRow['bucket'] {
  if (days <= 30) return '0_30';
  if (days <= 60) return '31_60';
  if (days <= 90) return '61_90';
  return 'over_90';
}

export interface AgingFilters {
  consigneeId?: number | undefined;
  overdueOnly?: boolean;
}

/**
 * Lists every piece out at a consignee, oldest first, with the days it has been out
 * counted to today's business date in Japan (`now` in Asia/Tokyo), whether it is past its
 * return due date, and totals per aging bucket.
 */
export async function agingList(db: Executor, filters: AgingFilters, now: Date = new Date()): Promise<AgingOutput> {
  const today = businessDate(now);
  let query = db
    .selectFrom('consignment_out_lines')
    .innerJoin('consignment_out_notes', 'consignment_out_notes.id', 'consignment_out_lines.note_id')
    .innerJoin('consignees', 'consignees.id', 'consignment_out_notes.consignee_id')
    .innerJoin('locations', 'locations.id', 'consignment_out_notes.to_location_id')
    .innerJoin('items', 'items.id', 'consignment_out_lines.item_id')
    .select([
      'consignment_out_lines.id as line_id',
      'consignment_out_lines.item_id',
      'consignment_out_lines.retail_price',
      'items.stock_number',
      'items.name as item_name',
      'items.cost',
      'consignees.id as consignee_id',
      'consignees.name as consignee_name',
      'locations.id as location_id',
      'locations.name as location_name',
      'consignment_out_notes.id as note_id',
      'consignment_out_notes.number as note_number',
      'consignment_out_notes.sent_on',
      'consignment_out_notes.return_due_on',
    ])
    .where('consignment_out_lines.status', '=', 'out')
    .orderBy('consignment_out_notes.sent_on')
    .orderBy('consignment_out_lines.id');
  if (filters.consigneeId !== undefined) query = query.where('consignees.id', '=', filters.consigneeId);
  if (filters.overdueOnly) query = query.where('consignment_out_notes.return_due_on', '<', today);

  const rows: AgingRow[] = (await query.execute()).map((row) => {
    const daysOut = daysBetween(row.sent_on, today);
    return {
      lineId: row.line_id,
      itemId: row.item_id,
      stockNumber: row.stock_number,
      itemName: row.item_name,
      consigneeId: row.consignee_id,
      consigneeName: row.consignee_name,
      locationId: row.location_id,
      locationName: row.location_name,
      noteId: row.note_id,
      noteNumber: row.note_number,
      sentOn: row.sent_on,
      daysOut,
      returnDueOn: row.return_due_on,
      overdue: row.return_due_on < today,
      bucket: agingBucket(daysOut),
      retailPrice: Number(row.retail_price),
      bookCost: Number(row.cost),
    };
  });

  const buckets = AGING_BUCKETS.map((bucket) => {
    const inBucket = rows.filter((row) => row.bucket === bucket);
    return {
      bucket,
      count: inBucket.length,
      retailTotal: inBucket.reduce((sum, row) => sum + row.retailPrice, 0),
      bookCost: inBucket.reduce((sum, row) => sum + row.bookCost, 0),
    };
  });
  return { today, rows, buckets, overdueCount: rows.filter((row) => row.overdue).length };
}
