import type { Executor } from '../../db/database.js';
import type { MovementKind } from '../../db/schema.js';
import type { Label } from './attributes.js';
import type { ItemHistoryEntry } from './schemas.js';
import { getVisibleItem } from './service.js';
import { canActAt, canSeeStockAt, type LocationScope } from '../access/scope.js';

// The stock history of one item: every ledger row with the names a person reads.

export const MOVEMENT_KIND_LABELS: Record<MovementKind, Label> = {
  purchase_receipt: { ja: '仕入', en: 'Purchase' },
  supplier_return: { ja: '仕入返品', en: 'Supplier return' },
  transfer_send: { ja: '移動（出庫）', en: 'Transfer sent' },
  transfer_receive: { ja: '移動（入庫）', en: 'Transfer received' },
  transfer_cancel: { ja: '移動取消', en: 'Transfer cancelled' },
  write_off: { ja: '償却', en: 'Write-off' },
  split_consume: { ja: '分割（元）', en: 'Split (source)' },
  split_produce: { ja: '分割（作成）', en: 'Split (result)' },
  combine_consume: { ja: '結合（部品）', en: 'Combine (component)' },
  combine_produce: { ja: '結合（作成）', en: 'Combine (result)' },
  import: { ja: '取込', en: 'Import' },
  adjustment: { ja: '在庫調整', en: 'Adjustment' },
  sale: { ja: '販売', en: 'Sale' },
  sale_return: { ja: '返品（顧客）', en: 'Customer return' },
  sale_void: { ja: '販売取消', en: 'Sale voided' },
  channel_sale: { ja: 'EC 販売（出荷）', en: 'Channel sale (shipped)' },
  consignment_in_receipt: { ja: '受託の受け入れ', en: 'Consignment received' },
  consignment_in_return: { ja: '受託品の返却', en: 'Returned to consignor' },
  consignment_out_send: { ja: '委託の送付', en: 'Sent on consignment' },
  consignment_out_return: { ja: '委託の戻り', en: 'Back from consignment' },
  consignment_out_sale: { ja: '委託先での販売', en: 'Sold by consignee' },
  exhibition_carry_out: { ja: '展示会への持ち出し', en: 'Carried out to exhibition' },
  exhibition_check_in: { ja: '展示会からの持ち帰り', en: 'Checked in from exhibition' },
  stocktake_adjustment: { ja: '棚卸調整', en: 'Stocktake adjustment' },
};

/**
 * The slip tables whose number the history shows, by stock_movements.document_type. Modules
 * write the singular name ('purchase', 'write_off', ...); the table names are accepted too.
 * A movement with any other document type is listed with a null number.
 */
export const HISTORY_DOCUMENT_TYPES = {
  purchases: ['purchase', 'purchases'],
  transfers: ['transfer', 'transfers'],
  write_offs: ['write_off', 'write_offs'],
  supplier_returns: ['supplier_return', 'supplier_returns'],
  stock_operations: ['stock_operation', 'stock_operations', 'split', 'combine'],
  stocktakes: ['stocktake', 'stocktakes'],
  sales: ['sale', 'sales'],
} as const;

/**
 * Lists every stock movement of an item, newest first (by when it happened, then by entry
 * order), with location codes and names, the user's display name and the slip number.
 * Throws item_not_found, also for an item outside the user's scope.
 */
export async function itemHistory(db: Executor, itemId: number, scope: LocationScope): Promise<ItemHistoryEntry[]> {
  await getVisibleItem(db, itemId, scope);
  const types = HISTORY_DOCUMENT_TYPES;

  const rows = await db
    .selectFrom('stock_movements as m')
    .leftJoin('locations as from_location', 'from_location.id', 'm.from_location_id')
    .leftJoin('locations as to_location', 'to_location.id', 'm.to_location_id')
    .leftJoin('users', 'users.id', 'm.user_id')
    .leftJoin('purchases', (join) =>
      join.onRef('purchases.id', '=', 'm.document_id').on('m.document_type', 'in', [...types.purchases]),
    )
    .leftJoin('transfers', (join) =>
      join.onRef('transfers.id', '=', 'm.document_id').on('m.document_type', 'in', [...types.transfers]),
    )
    .leftJoin('write_offs', (join) =>
      join.onRef('write_offs.id', '=', 'm.document_id').on('m.document_type', 'in', [...types.write_offs]),
    )
    .leftJoin('supplier_returns', (join) =>
      join.onRef('supplier_returns.id', '=', 'm.document_id').on('m.document_type', 'in', [...types.supplier_returns]),
    )
    .leftJoin('stock_operations', (join) =>
      join.onRef('stock_operations.id', '=', 'm.document_id').on('m.document_type', 'in', [...types.stock_operations]),
    )
    .leftJoin('stocktakes', (join) => join.onRef('stocktakes.id', '=', 'm.document_id').on('m.document_type', 'in', [...types.stocktakes]))
    .leftJoin('sales', (join) => join.onRef('sales.id', '=', 'm.document_id').on('m.document_type', 'in', [...types.sales]))
    .select((eb) => [
      'm.id',
      'm.kind',
      'm.occurred_at',
      'm.recorded_at',
      'm.quantity',
      'm.cost_amount',
      'm.reason',
      'm.document_type',
      'm.document_id',
      'from_location.id as from_id',
      'from_location.code as from_code',
      'from_location.name as from_name',
      'to_location.id as to_id',
      'to_location.code as to_code',
      'to_location.name as to_name',
      'transfers.from_location_id as transfer_from_id',
      'transfers.to_location_id as transfer_to_id',
      'users.id as user_id',
      'users.display_name as user_name',
      // Kysely types coalesce with at most five arguments, so the list is split in two.
      eb.fn
        .coalesce(
          eb.fn.coalesce('purchases.number', 'transfers.number', 'write_offs.number', 'supplier_returns.number', 'stock_operations.number'),
          'stocktakes.number',
          'sales.number',
        )
        .as('document_number'),
    ])
    .where('m.item_id', '=', itemId)
    .orderBy('m.occurred_at', 'desc')
    .orderBy('m.id', 'desc')
    .execute();

  // A user who may not see other locations' stock gets only the movements into or out of
  // their own locations. Receipts and removals have one end, which must be theirs.
  const touchesVisible = (row: (typeof rows)[number]) =>
    (row.from_id !== null && canSeeStockAt(scope, row.from_id)) || (row.to_id !== null && canSeeStockAt(scope, row.to_id));

  // A movement at locations the user only sees (another store, shown by the company setting)
  // keeps its quantities but not its document or the member of staff: those records
  // belong to the other store and would return not found. A transfer's slip belongs to
  // both its ends, so every leg of a transfer from or to the user's location keeps it.
  const actedOn = (row: (typeof rows)[number]) =>
    [row.from_id, row.to_id, row.transfer_from_id, row.transfer_to_id].some((id) => id !== null && canActAt(scope, id));

  const shown = rows
    .filter(touchesVisible)
    .map((row) => (actedOn(row) ? row : { ...row, user_id: null, document_type: null, reason: null }));

  return shown.map((row) => ({
    movementId: row.id,
    kind: row.kind,
    occurredAt: row.occurred_at,
    recordedAt: row.recorded_at,
    quantity: Number(row.quantity),
    costAmount: Number(row.cost_amount),
    reason: row.reason,
    fromLocation: row.from_id === null ? null : { id: row.from_id, code: row.from_code ?? '', name: row.from_name ?? '' },
    toLocation: row.to_id === null ? null : { id: row.to_id, code: row.to_code ?? '', name: row.to_name ?? '' },
    user: row.user_id === null ? null : { id: row.user_id, displayName: row.user_name ?? '' },
    document:
      row.document_type === null
        ? null
        : { type: row.document_type, id: row.document_id, number: row.document_number ?? null },
  }));
}
