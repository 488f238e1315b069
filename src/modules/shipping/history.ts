import type { Executor } from '../../db/database.js';
import { nowIso } from '../../db/database.js';

/** Appends an entry to a shipment's history, shown on its screen; `userId` is null for the channel sync. */
export async function addShipmentHistory(trx: Executor, shipmentId: number, action: string, userId: number | null, detail: Record<string, unknown> = {}): Promise<void> {
  await trx.insertInto('shipment_history').values({ shipment_id: shipmentId, at: nowIso(), action, user_id: userId, detail_json: JSON.stringify(detail) }).execute();
}
