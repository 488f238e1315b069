import type { Db, Tx } from '../../db/database.js';
import { nowIso } from '../../db/database.js';
import { isDomainError, type DomainError } from '../../shared/errors.js';
import { businessDate } from '../../shared/time.js';
import { canActAt } from '../access/scope.js';
import { CHANNEL_SALE_DOCUMENT } from '../channels/orders/sale.js';
import { saleErrors } from '../sales/errors.js';
import { isRegisterClosed, requireRegister } from '../sales/registers.js';
import { completeSale, SALE_DOCUMENT, type SaleContext } from '../sales/service.js';
import { flagOrdersSoldOffline, releaseChannelHolds, type ReleasedHold } from './channel-holds.js';
import { offlineFindings } from './errors.js';
import type { OfflineConflict, OfflineSaleEntry } from './schemas.js';

// Syncing offline sales: each sale the device queued is recorded in its own transaction,
// once per clientRef. A piece that a channel order reserved meanwhile is released to the
// counter customer who has it. A piece that is gone (sold at another register, shipped)
// is not sold twice: the offline sale is stored as a conflict for a person instead.

/** Error codes meaning a piece of the sale is no longer at the register's location to sell. */
const PIECE_GONE_CODES = new Set(['insufficient_stock', 'stock_reserved', 'item_not_available']);

export interface StoredOfflineSale {
  id: number;
  /** True when the clientRef was stored by an earlier send and nothing was recorded now. */
  duplicate: boolean;
}

/** Called in the transaction that stores an offline sale, to write its audit event. */
export type OnStored = (trx: Tx, stored: { id: number; clientRef: string; outcome: 'recorded' | 'conflict'; saleId: number | null; conflictCode: string | null; locationId: number }) => Promise<void>;

function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: string }).code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}

async function storedId(db: Db | Tx, clientRef: string): Promise<number | undefined> {
  return (await db.selectFrom('offline_sales').select('id').where('client_ref', '=', clientRef).executeTakeFirst())?.id;
}

/**
 * Checks, before anything is recorded, that every register of a batch exists and is one the
 * user may sell at, because an offline sale is stored against its register.
 */
export async function checkRegisters(db: Db, entries: readonly OfflineSaleEntry[], ctx: SaleContext): Promise<void> {
  for (const [index, entry] of entries.entries()) {
    const register = await db.selectFrom('registers').select('location_id').where('id', '=', entry.registerId).executeTakeFirst();
    if (!register || !canActAt(ctx.scope, register.location_id)) throw saleErrors.register_not_found({ id: entry.registerId }, { field: `sales.${index}.registerId` });
  }
}

/**
 * Records one offline sale, or returns the one stored before under its clientRef. The sale
 * is recorded in one transaction together with releasing channel orders' reservations of
 * its pieces. When that fails with a domain error (a piece gone, a closed register, a
 * payment that does not match), that transaction is rolled back and a second one stores
 * the sale as a conflict. Other errors (a database failure) are thrown, so the device
 * keeps the sale and sends it again.
 */
export async function syncOfflineSale(db: Db, entry: OfflineSaleEntry, ctx: SaleContext, onStored: OnStored): Promise<StoredOfflineSale> {
  const earlier = await storedId(db, entry.clientRef);
  if (earlier !== undefined) return { id: earlier, duplicate: true };

  try {
    const id = await db.transaction().execute((trx) => recordOfflineSale(trx, entry, ctx, onStored));
    return { id, duplicate: false };
  } catch (error) {
    if (isUniqueViolation(error)) return { id: (await storedId(db, entry.clientRef))!, duplicate: true };
    if (!isDomainError(error)) throw error;

    try {
      const id = await db.transaction().execute((trx) => storeConflict(trx, entry, error, ctx, onStored));
      return { id, duplicate: false };
    } catch (storeError) {
      // The same clientRef sent twice at once: the other request stored it first.
      if (isUniqueViolation(storeError)) return { id: (await storedId(db, entry.clientRef))!, duplicate: true };
      throw storeError;
    }
  }
}

/** Stores the device's request and what became of it; the unique clientRef stops a second copy. */
async function insertOfflineSale(
  trx: Tx,
  entry: OfflineSaleEntry,
  ctx: SaleContext,
  result: { outcome: 'recorded' | 'conflict'; saleId: number | null; conflictCode: string | null; conflict: OfflineConflict | null },
): Promise<number> {
  const row = await trx
    .insertInto('offline_sales')
    .values({
      client_ref: entry.clientRef,
      register_id: entry.registerId,
      sold_at_device: new Date(entry.soldAt).toISOString(),
      received_at: nowIso(),
      outcome: result.outcome,
      sale_id: result.saleId,
      conflict_code: result.conflictCode,
      conflict_json: result.conflict === null ? null : JSON.stringify(result.conflict),
      payload_json: JSON.stringify(entry.sale),
      created_by: ctx.userId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

async function recordOfflineSale(trx: Tx, entry: OfflineSaleEntry, ctx: SaleContext, onStored: OnStored): Promise<number> {
  const soldAt = new Date(entry.soldAt).toISOString();
  const register = await requireRegister(trx, entry.registerId, ctx.scope, { active: true });

  // A register already closed (レジ締め) for the device's business date keeps that day's
  // figures: the sale keeps its time but is booked on today. When today is closed too,
  // completeSale rejects it and the sale becomes a conflict.
  const deviceDate = businessDate(new Date(soldAt));
  const today = businessDate();
  const rebooked = deviceDate !== today && (await isRegisterClosed(trx, register.id, deviceDate));
  const bookOn = rebooked ? today : deviceDate;

  const released = await releaseChannelHolds(trx, register.location_id, entry.sale.lines);
  const sale = await completeSale(trx, entry.sale, ctx, { soldAt, businessDate: bookOn });
  await flagOrdersSoldOffline(trx, released, sale);

  const notes: Array<{ code: string; conflict: OfflineConflict }> = [];
  if (released.length > 0) notes.push({ code: 'channel_order_released', conflict: releasedConflict(released) });
  if (rebooked) notes.push({ code: 'register_closed_rebooked', conflict: rebookedNote(register.name, deviceDate, bookOn) });
  const conflictCode = notes[0]?.code ?? null;
  const conflict = notes.length === 0 ? null : mergeNotes(notes.map((note) => note.conflict));

  const id = await insertOfflineSale(trx, entry, ctx, { outcome: 'recorded', saleId: sale.id, conflictCode, conflict });
  await onStored(trx, { id, clientRef: entry.clientRef, outcome: 'recorded', saleId: sale.id, conflictCode, locationId: register.location_id });
  return id;
}

function releasedConflict(released: readonly ReleasedHold[]): OfflineConflict {
  const first = released[0]!;
  const orders = [...new Map(released.map((hold) => [hold.orderId, hold])).values()];
  const messages = offlineFindings.channel_order_released({
    stockNumber: first.stockNumber,
    orders: orders.map((hold) => `「${hold.accountName}」の注文 ${hold.orderNumber}`).join('、'),
    ordersEn: orders.map((hold) => `order ${hold.orderNumber} on "${hold.accountName}"`).join(', '),
  }).messages;
  return {
    messages,
    items: [...new Map(released.map((hold) => [hold.itemId, { itemId: hold.itemId, stockNumber: hold.stockNumber, name: hold.itemName }])).values()],
    otherSales: [],
    channelOrders: orders.map((hold) => ({ id: hold.orderId, orderNumber: hold.orderNumber })),
  };
}

function rebookedNote(register: string, deviceDate: string, bookedOn: string): OfflineConflict {
  const messages = offlineFindings.register_closed_rebooked({ register, deviceDate, bookedOn }).messages;
  return { messages, items: [], otherSales: [], channelOrders: [], deviceBusinessDate: deviceDate, bookedOn };
}

/** Joins the notes of one recorded sale, so a released order and a rebooking both show. */
function mergeNotes(notes: readonly OfflineConflict[]): OfflineConflict {
  return notes.reduce((merged, note) => ({
    ...merged,
    ...note,
    messages: { ja: `${merged.messages.ja}\n${note.messages.ja}`, en: `${merged.messages.en}\n${note.messages.en}` },
    items: [...merged.items, ...note.items],
    otherSales: [...merged.otherSales, ...note.otherSales],
    channelOrders: [...merged.channelOrders, ...note.channelOrders],
  }));
}

interface Taker {
  ja: string;
  en: string;
  otherSales: OfflineConflict['otherSales'];
  channelOrders: OfflineConflict['channelOrders'];
}

async function channelOrderTaker(trx: Tx, orderId: number): Promise<Taker | undefined> {
  const order = await trx
    .selectFrom('channel_orders')
    .innerJoin('channel_accounts', 'channel_accounts.id', 'channel_orders.channel_account_id')
    .select(['channel_orders.id', 'channel_orders.order_number', 'channel_accounts.name'])
    .where('channel_orders.id', '=', orderId)
    .executeTakeFirst();
  if (!order) return undefined;
  return { ja: `「${order.name}」の注文 ${order.order_number}`, en: `order ${order.order_number} on "${order.name}"`, otherSales: [], channelOrders: [{ id: order.id, orderNumber: order.order_number }] };
}

async function saleTaker(trx: Tx, saleId: number): Promise<Taker | undefined> {
  const sale = await trx
    .selectFrom('sales')
    .innerJoin('registers', 'registers.id', 'sales.register_id')
    .select(['sales.id', 'sales.number', 'registers.name'])
    .where('sales.id', '=', saleId)
    .executeTakeFirst();
  if (!sale) return undefined;
  return { ja: `レジ「${sale.name}」の売上 ${sale.number}`, en: `sale ${sale.number} at register "${sale.name}"`, otherSales: [{ id: sale.id, number: sale.number }], channelOrders: [] };
}

/**
 * Names what took a piece from the register's location. That is the document of the latest
 * ledger movement out of there when it is a counter sale or a shipped channel order. Else it
 * is a channel order still holding the piece, or else a movement of another kind.
 */
async function takerOf(trx: Tx, itemId: number, locationId: number): Promise<Taker> {
  const movement = await trx
    .selectFrom('stock_movements')
    .select(['document_type', 'document_id'])
    .where('item_id', '=', itemId)
    .where('from_location_id', '=', locationId)
    .orderBy('id', 'desc')
    .executeTakeFirst();
  const documentId = movement?.document_id ?? null;
  if (documentId !== null && movement?.document_type === SALE_DOCUMENT) {
    const taker = await saleTaker(trx, documentId);
    if (taker) return taker;
  }
  if (documentId !== null && movement?.document_type === CHANNEL_SALE_DOCUMENT) {
    const taker = await channelOrderTaker(trx, documentId);
    if (taker) return taker;
  }

  const holding = await trx
    .selectFrom('channel_order_lines')
    .select('order_id')
    .where('item_id', '=', itemId)
    .where('state', '=', 'reserved')
    .orderBy('id', 'desc')
    .executeTakeFirst();
  const holder = holding ? await channelOrderTaker(trx, holding.order_id) : undefined;
  return holder ?? { ja: '移動・償却などの別の処理', en: 'another movement (a transfer or a write-off)', otherSales: [], channelOrders: [] };
}

async function conflictOf(trx: Tx, entry: OfflineSaleEntry, register: { location_id: number }, error: DomainError): Promise<{ code: string; conflict: OfflineConflict }> {
  const items = await trx
    .selectFrom('items')
    .select(['id', 'stock_number', 'name'])
    .where(
      'id',
      'in',
      entry.sale.lines.map((line) => line.itemId),
    )
    .execute();
  const stockNumber = typeof error.params.stockNumber === 'string' ? error.params.stockNumber : undefined;
  const piece = items.find((item) => item.stock_number === stockNumber);

  if (PIECE_GONE_CODES.has(error.code) && piece) {
    const taker = await takerOf(trx, piece.id, register.location_id);
    return {
      code: 'piece_gone',
      conflict: {
        messages: offlineFindings.piece_gone({ stockNumber: piece.stock_number, takenBy: taker.ja, takenByEn: taker.en }).messages,
        items: [{ itemId: piece.id, stockNumber: piece.stock_number, name: piece.name }],
        otherSales: taker.otherSales,
        channelOrders: taker.channelOrders,
      },
    };
  }

  return {
    code: error.code,
    conflict: {
      messages: offlineFindings.sale_rejected({ reasonJa: error.messages.ja, reasonEn: error.messages.en }).messages,
      items: items.map((item) => ({ itemId: item.id, stockNumber: item.stock_number, name: item.name })),
      otherSales: [],
      channelOrders: [],
    },
  };
}

async function storeConflict(trx: Tx, entry: OfflineSaleEntry, error: DomainError, ctx: SaleContext, onStored: OnStored): Promise<number> {
  const register = await requireRegister(trx, entry.registerId, ctx.scope);
  const { code, conflict } = await conflictOf(trx, entry, register, error);
  const id = await insertOfflineSale(trx, entry, ctx, { outcome: 'conflict', saleId: null, conflictCode: code, conflict });
  await onStored(trx, { id, clientRef: entry.clientRef, outcome: 'conflict', saleId: null, conflictCode: code, locationId: register.location_id });
  return id;
}
