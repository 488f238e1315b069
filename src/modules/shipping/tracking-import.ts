import type { Db } from '../../db/database.js';
import { isDomainError } from '../../shared/errors.js';
import { parseIssuedFile } from './carrier-files/index.js';
import { shippingErrors } from './errors.js';
import { OPEN_STATUSES, shipShipment, type ShipmentActor } from './service.js';
import { checkTrackingNumber, type Carrier } from './tracking.js';
import type { CarrierFileFormat } from './types.js';

// Reading a carrier's issued-waybill file back: each row names the customer management number
// that tsunagu wrote into the export (the shipment number) and the tracking number the carrier
// gave it. Every number is checked by its carrier's check-digit rule before it is accepted.
// Rows are applied one transaction each, so a row that cannot ship (an order line still open,
// say) is reported without holding back the others, and a re-imported file changes nothing.

type RowStatus = 'ok' | 'unchanged' | 'invalid' | 'unknown' | 'not_shippable';

export interface ImportedRow {
  row: number;
  managementNumber: string;
  trackingNumber: string;
  shipmentId: number | null;
  status: RowStatus;
  message: { ja: string; en: string } | null;
}

export interface TrackingImportResult {
  format: CarrierFileFormat | null;
  dryRun: boolean;
  applied: number;
  rows: ImportedRow[];
  problems: Array<{ row: number; message: { ja: string; en: string } }>;
}

export async function importTrackingNumbers(
  db: Db,
  bytes: Buffer,
  options: { dryRun: boolean; markShipped: boolean; shippedOn?: string },
  actor: ShipmentActor,
): Promise<TrackingImportResult> {
  const parsed = parseIssuedFile(bytes);
  if (parsed.rows.length === 0 && parsed.problems.length === 0) throw shippingErrors.tracking_file_unreadable({});

  const rows: ImportedRow[] = [];
  let applied = 0;
  for (const issued of parsed.rows) {
    const base = { row: issued.row, managementNumber: issued.managementNumber, trackingNumber: issued.trackingNumber };
    const shipment = await db.selectFrom('shipments').select(['id', 'number', 'status', 'carrier', 'tracking_number']).where('number', '=', issued.managementNumber.trim()).executeTakeFirst();
    if (!shipment) {
      rows.push({
        ...base,
        shipmentId: null,
        status: 'unknown',
        message: {
          ja: `${issued.row} 行目: お客様管理番号「${issued.managementNumber}」の出荷がありません。tsunagu から出力したファイルか確認してください。`,
          en: `Row ${issued.row}: no shipment has the customer management number "${issued.managementNumber}". Check that the file came from a tsunagu export.`,
        },
      });
      continue;
    }

    let number: string;
    try {
      number = checkTrackingNumber(issued.trackingNumber, shipment.carrier as Carrier);
    } catch (error) {
      if (!isDomainError(error)) throw error;
      rows.push({ ...base, shipmentId: shipment.id, status: 'invalid', message: { ja: `${issued.row} 行目: ${error.messages.ja}`, en: `Row ${issued.row}: ${error.messages.en}` } });
      continue;
    }

    if (shipment.tracking_number === number) {
      rows.push({ ...base, shipmentId: shipment.id, status: 'unchanged', message: null });
      continue;
    }
    const open = OPEN_STATUSES.includes(shipment.status);
    if (!open) {
      const cancelled = shipment.status === 'cancelled';
      rows.push({
        ...base,
        shipmentId: shipment.id,
        status: 'not_shippable',
        message: cancelled
          ? {
              ja: `${issued.row} 行目: 出荷 ${shipment.number} は取り消されています。この送り状は使わず、必要なら注文から新しい出荷を作ってください。`,
              en: `Row ${issued.row}: shipment ${shipment.number} was cancelled. Do not use this waybill; make a new shipment from the order if the parcel still has to go.`,
            }
          : {
              ja: `${issued.row} 行目: 出荷 ${shipment.number} はすでに別の送り状番号（${shipment.tracking_number ?? 'なし'}）で出荷済みです。番号の訂正は出荷の画面で行ってください。`,
              en: `Row ${issued.row}: shipment ${shipment.number} already shipped with another tracking number (${shipment.tracking_number ?? 'none'}). Correct the number on the shipment screen.`,
            },
      });
      continue;
    }
    if (options.dryRun) {
      rows.push({ ...base, shipmentId: shipment.id, status: 'ok', message: null });
      continue;
    }

    try {
      await db.transaction().execute(async (trx) => {
        if (options.markShipped) {
          await shipShipment(trx, shipment.id, { trackingNumber: number, ...(options.shippedOn ? { shippedOn: options.shippedOn } : {}) }, actor);
        } else {
          await trx.updateTable('shipments').set({ tracking_number: number }).where('id', '=', shipment.id).execute();
        }
      });
      applied += 1;
      rows.push({ ...base, shipmentId: shipment.id, status: 'ok', message: null });
    } catch (error) {
      if (!isDomainError(error)) throw error;
      rows.push({ ...base, shipmentId: shipment.id, status: 'not_shippable', message: { ja: `${issued.row} 行目: ${error.messages.ja}`, en: `Row ${issued.row}: ${error.messages.en}` } });
    }
  }
  return { format: parsed.format, dryRun: options.dryRun, applied, rows, problems: parsed.problems };
}
