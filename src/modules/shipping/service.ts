import { sql } from 'kysely';
import type { Tx } from '../../db/database.js';
import { nowIso } from '../../db/database.js';
import { businessDate } from '../../shared/time.js';
import { recordOrderShipped } from '../channels/orders/sale.js';
import { addOrderHistory } from '../channels/orders/service.js';
import { nextDocumentNumber } from '../sequences/service.js';
import { shippingErrors } from './errors.js';
import { addShipmentHistory } from './history.js';
import { recipientFromChannelAddress, recipientKey } from './recipient.js';
import { enqueueShipmentReport } from './reports.js';
import type { ShipmentCreateInput, ShipmentStatus, ShipmentsFromOrdersInput, ShipmentUpdateInput } from './schemas.js';
import { CARRIER_NAMES, checkTrackingNumber, type Carrier } from './tracking.js';
import { CARRIER_SERVICES, COD_SERVICES, type CarrierService, type Recipient } from './types.js';

// Shipments: the parcels that carry channel orders and store sales to customers. A shipment
// moves to_ship → picking → packed → shipped → delivered (or returned), and can be cancelled
// until it ships. Shipping the last parcel of a channel order sells the order's pieces (the
// ledger movement) and every shipped parcel is reported to its channel through the outbox.

const ORDER_STATUS_LABELS: Record<string, { ja: string; en: string }> = {
  new: { ja: '新規', en: 'new' },
  to_confirm: { ja: '確認待ち', en: 'waiting for confirmation' },
  to_ship: { ja: '発送待ち', en: 'waiting to ship' },
  shipped: { ja: '発送済み', en: 'shipped' },
  cancelled: { ja: 'キャンセル', en: 'cancelled' },
};

/** Statuses in which a parcel is still in the shop and can be edited, regrouped or cancelled. */
export const OPEN_STATUSES: readonly ShipmentStatus[] = ['to_ship', 'picking', 'packed'];

/** Order line states that travel in a parcel: reserved for the order, or already sold by an earlier parcel. */
const SHIPPABLE_LINE_STATES = ['reserved', 'sold', 'unmatched', 'short'] as const;

/**
 * Tells whether the buyer marked the order as a gift on the channel: Rakuten's giftCheckFlag,
 * or gift wrapping requested on Yahoo (NeedGiftWrap in the stored order XML). The packing slip
 * of a gift parcel shows no prices.
 */
export function orderWantsGift(raw: unknown): boolean {
  if (typeof raw === 'string') return /<NeedGiftWrap>\s*true\s*<\/NeedGiftWrap>/i.test(raw);
  return typeof raw === 'object' && raw !== null && (raw as { giftCheckFlag?: unknown }).giftCheckFlag === 1;
}

/** Copies a recipient as the form sent it, with every optional field present (null when left empty). */
function recipientOf(input: NonNullable<ShipmentCreateInput['recipient']>): Recipient {
  return {
    name: input.name,
    nameKana: input.nameKana ?? null,
    company: input.company ?? null,
    postalCode: input.postalCode,
    prefecture: input.prefecture,
    address1: input.address1,
    address2: input.address2 ?? null,
    phone: input.phone,
    email: input.email ?? null,
  };
}

export interface ShipmentActor {
  userId: number | null;
}

interface PlannedLine {
  channelOrderId: number | null;
  channelOrderLineId: number | null;
  saleId: number | null;
  saleLineId: number | null;
  itemId: number | null;
  title: string;
  quantity: number;
  unitPrice: number;
  /** Order or sale number, for messages. */
  document: string;
}

/** Checks that the service is one of the carrier's and that an amount to collect goes with a cash-on-delivery service. */
export function checkDeliveryChoice(carrier: Carrier, service: string, codAmount: number | null | undefined, deliveryTime?: string | null): void {
  if (!(CARRIER_SERVICES[carrier] as readonly string[]).includes(service)) {
    throw shippingErrors.shipment_service_carrier({ service, carrierJa: CARRIER_NAMES[carrier].ja, carrierEn: CARRIER_NAMES[carrier].en });
  }
  const collects = COD_SERVICES.includes(service as CarrierService);
  if (collects && (codAmount === null || codAmount === undefined)) throw shippingErrors.shipment_cod_amount_missing({}, { field: 'codAmount' });
  if (!collects && codAmount !== null && codAmount !== undefined) throw shippingErrors.shipment_cod_amount_not_allowed({}, { field: 'codAmount' });
  // Yamato's delivery slots are 午前中, 14–16, 16–18, 18–20 and 19–21; it has no 12–14 slot.
  if (carrier === 'yamato' && deliveryTime === '12-14') throw shippingErrors.shipment_delivery_time_unsupported({ slot: '12〜14時', carrierJa: CARRIER_NAMES.yamato.ja, carrierEn: CARRIER_NAMES.yamato.en }, { field: 'deliveryTime' });
}

/** Rejects a tracking number that another live parcel of the same carrier already has: one waybill is one parcel. */
async function checkTrackingNumberFree(trx: Tx, id: number, carrier: Carrier, trackingNumber: string): Promise<void> {
  const other = await trx
    .selectFrom('shipments')
    .select('number')
    .where('carrier', '=', carrier)
    .where('tracking_number', '=', trackingNumber)
    .where('status', '!=', 'cancelled')
    .where('id', '!=', id)
    .executeTakeFirst();
  if (other) throw shippingErrors.shipment_tracking_taken({ number: trackingNumber, shipment: other.number }, { field: 'trackingNumber' });
}


/** Lines of a channel order that can go into a new parcel; all of them not yet in a live one when lineIds is omitted. */
async function plannedOrderLines(trx: Tx, orderId: number, lineIds: number[] | undefined): Promise<{ lines: PlannedLine[]; recipient: Recipient | null; orderNumber: string; gift: boolean }> {
  const order = await trx.selectFrom('channel_orders').select(['id', 'order_number', 'status', 'delivery_json', 'buyer_json', 'raw_json']).where('id', '=', orderId).executeTakeFirst();
  if (!order) throw shippingErrors.shipment_order_not_found({ id: orderId });
  if (order.status !== 'to_ship') {
    const label = ORDER_STATUS_LABELS[order.status] ?? { ja: order.status, en: order.status };
    throw shippingErrors.shipment_order_not_shippable({ orderNumber: order.order_number, status: label.ja, statusEn: label.en });
  }

  const rows = await trx
    .selectFrom('channel_order_lines as l')
    .leftJoin('shipment_lines as s', (join) => join.onRef('s.channel_order_line_id', '=', 'l.id').on('s.live', '=', 1))
    .leftJoin('shipments as sh', 'sh.id', 's.shipment_id')
    .select(['l.id', 'l.title', 'l.quantity', 'l.unit_price', 'l.tax_included', 'l.tax_rate', 'l.item_id', 'l.state', 'sh.number as shipment_number'])
    .where('l.order_id', '=', orderId)
    .where('l.state', 'in', SHIPPABLE_LINE_STATES)
    .orderBy('l.id')
    .execute();

  const document = order.order_number;
  let chosen = rows;
  if (lineIds !== undefined) {
    for (const lineId of lineIds) {
      const row = rows.find((candidate) => candidate.id === lineId);
      if (!row) throw shippingErrors.shipment_line_unknown({ lineId, document });
      if (row.shipment_number !== null) throw shippingErrors.shipment_line_taken({ title: row.title, document, shipment: row.shipment_number });
    }
    chosen = rows.filter((row) => lineIds.includes(row.id));
  } else {
    chosen = rows.filter((row) => row.shipment_number === null);
    if (chosen.length === 0) throw shippingErrors.shipment_nothing_left({ document });
  }

  const address = JSON.parse(order.delivery_json ?? 'null') ?? JSON.parse(order.buyer_json);
  const recipient = address && typeof address.address === 'string' && address.address !== '' ? recipientFromChannelAddress(address) : null;
  const lines = chosen.map((row) => ({
    channelOrderId: orderId,
    channelOrderLineId: row.id,
    saleId: null,
    saleLineId: null,
    itemId: row.item_id,
    title: row.title,
    quantity: row.quantity,
    // Packing slips show tax-included prices; a rate-less tax-excluded price is taken as 10%.
    unitPrice: row.tax_included === 1 ? row.unit_price : Math.round(row.unit_price * (1 + Number(row.tax_rate ?? '0.1'))),
    document,
  }));
  return { lines, recipient, orderNumber: order.order_number, gift: orderWantsGift(JSON.parse(order.raw_json)) };
}

/** Lines of a store sale to deliver, with the customer's address when the sale has a customer. */
async function plannedSaleLines(trx: Tx, saleId: number, lineIds: number[] | undefined): Promise<{ lines: PlannedLine[]; recipient: Recipient | null; saleNumber: string }> {
  const sale = await trx
    .selectFrom('sales')
    .leftJoin('customers', 'customers.id', 'sales.customer_id')
    .select(['sales.id', 'sales.number', 'sales.kind', 'sales.voided_at', 'customers.family_name', 'customers.given_name', 'customers.family_name_kana', 'customers.given_name_kana', 'customers.phone', 'customers.email', 'customers.postal_code', 'customers.prefecture', 'customers.address'])
    .where('sales.id', '=', saleId)
    .executeTakeFirst();
  if (!sale || sale.kind !== 'sale' || sale.voided_at !== null) throw shippingErrors.shipment_sale_not_found({ id: saleId });

  const rows = await trx
    .selectFrom('sale_lines as l')
    .innerJoin('items', 'items.id', 'l.item_id')
    .leftJoin('shipment_lines as s', (join) => join.onRef('s.sale_line_id', '=', 'l.id').on('s.live', '=', 1))
    .leftJoin('shipments as sh', 'sh.id', 's.shipment_id')
    .select(['l.id', 'l.item_id', 'l.quantity', 'l.final_amount', 'l.price_basis', 'l.tax_rate_percent', 'items.name', 'sh.number as shipment_number'])
    .where('l.sale_id', '=', saleId)
    .orderBy('l.line_no')
    .execute();

  const document = sale.number;
  let chosen = rows.filter((row) => row.shipment_number === null);
  if (lineIds !== undefined) {
    for (const lineId of lineIds) {
      const row = rows.find((candidate) => candidate.id === lineId);
      if (!row) throw shippingErrors.shipment_line_unknown({ lineId, document });
      if (row.shipment_number !== null) throw shippingErrors.shipment_line_taken({ title: row.name, document, shipment: row.shipment_number });
    }
    chosen = rows.filter((row) => lineIds.includes(row.id));
  } else if (chosen.length === 0) {
    throw shippingErrors.shipment_nothing_left({ document });
  }

  const recipient: Recipient | null =
    sale.family_name && sale.address
      ? {
          name: [sale.family_name, sale.given_name].filter(Boolean).join(' '),
          nameKana: [sale.family_name_kana, sale.given_name_kana].filter(Boolean).join(' ') || null,
          company: null,
          postalCode: sale.postal_code ?? '',
          prefecture: sale.prefecture ?? '',
          address1: sale.address,
          address2: null,
          phone: sale.phone ?? '',
          email: sale.email,
        }
      : null;
  const lines = chosen.map((row) => {
    const amount = row.price_basis === 'included' ? row.final_amount : Math.round((row.final_amount * (100 + row.tax_rate_percent)) / 100);
    return {
      channelOrderId: null,
      channelOrderLineId: null,
      saleId,
      saleLineId: row.id,
      itemId: row.item_id,
      title: row.name,
      quantity: row.quantity,
      unitPrice: Math.round(amount / row.quantity),
      document,
    };
  });
  return { lines, recipient, saleNumber: sale.number };
}

/**
 * Creates one parcel for the given order and sale lines, in the caller's transaction. Orders
 * combined into one parcel must go to the same recipient unless a recipient is given. A line
 * already in a live parcel is rejected; the partial unique index on shipment_lines also keeps
 * two concurrent requests from taking the same line.
 */
export async function createShipment(trx: Tx, input: ShipmentCreateInput, actor: ShipmentActor): Promise<number> {
  checkDeliveryChoice(input.carrier, input.service, input.codAmount, input.deliveryTime);

  const lines: PlannedLine[] = [];
  let recipient: Recipient | null = input.recipient ? recipientOf(input.recipient) : null;
  let firstDocument: { number: string; key: string } | null = null;
  const addSource = (planned: { lines: PlannedLine[]; recipient: Recipient | null }, document: string) => {
    lines.push(...planned.lines);
    if (input.recipient) return;
    if (planned.recipient === null) throw shippingErrors.shipment_no_address({ document });
    const key = recipientKey(planned.recipient);
    if (firstDocument === null) {
      firstDocument = { number: document, key };
      recipient = planned.recipient;
    } else if (firstDocument.key !== key) {
      throw shippingErrors.shipment_recipients_differ({ first: firstDocument.number, other: document });
    }
  };

  for (const source of input.orders) {
    const planned = await plannedOrderLines(trx, source.orderId, source.lineIds);
    addSource(planned, planned.orderNumber);
  }
  for (const source of input.sales) {
    const planned = await plannedSaleLines(trx, source.saleId, source.lineIds);
    addSource(planned, planned.saleNumber);
  }
  if (lines.length === 0 || recipient === null) throw shippingErrors.shipment_empty({});

  const now = nowIso();
  const number = await nextDocumentNumber(trx, 'SH', businessDate());
  const inserted = await trx
    .insertInto('shipments')
    .values({
      number,
      status: 'to_ship',
      carrier: input.carrier,
      service: input.service,
      cool: input.cool,
      ship_date: input.shipDate ?? null,
      delivery_date: input.deliveryDate ?? null,
      delivery_time: input.deliveryTime ?? null,
      recipient_json: JSON.stringify(recipient),
      location_id: input.locationId ?? null,
      item_name: input.itemName ?? null,
      gift: input.gift ? 1 : 0,
      gift_message: input.giftMessage ?? null,
      cod_amount: input.codAmount ?? null,
      notes: input.notes ?? null,
      created_by: actor.userId,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const shipmentId = Number(inserted.id);

  await trx
    .insertInto('shipment_lines')
    .values(
      lines.map((line) => ({
        shipment_id: shipmentId,
        channel_order_id: line.channelOrderId,
        channel_order_line_id: line.channelOrderLineId,
        sale_id: line.saleId,
        sale_line_id: line.saleLineId,
        item_id: line.itemId,
        title: line.title,
        quantity: line.quantity,
        unit_price: line.unitPrice,
      })),
    )
    .execute();
  await addShipmentHistory(trx, shipmentId, 'created', actor.userId, { documents: [...new Set(lines.map((line) => line.document))] });
  for (const orderId of new Set(lines.map((line) => line.channelOrderId).filter((id): id is number => id !== null))) {
    await addOrderHistory(trx, orderId, 'shipment_created', { shipment: number });
  }
  return shipmentId;
}

/**
 * Creates parcels for whole orders: each order's lines not yet in a parcel, with orders to the
 * same recipient combined into one parcel when `combine` is set. Returns the new shipment ids.
 */
export async function createShipmentsFromOrders(trx: Tx, input: ShipmentsFromOrdersInput, actor: ShipmentActor): Promise<number[]> {
  checkDeliveryChoice(input.carrier, input.service, null);

  const groups = new Map<string, { orderIds: number[]; gift: boolean }>();
  for (const orderId of [...new Set(input.orderIds)]) {
    const planned = await plannedOrderLines(trx, orderId, undefined);
    if (planned.recipient === null) throw shippingErrors.shipment_no_address({ document: planned.orderNumber });
    const key = input.combine ? recipientKey(planned.recipient) : `order:${orderId}`;
    const group = groups.get(key) ?? { orderIds: [], gift: false };
    group.orderIds.push(orderId);
    group.gift ||= planned.gift;
    groups.set(key, group);
  }

  const ids: number[] = [];
  for (const { orderIds, gift } of groups.values()) {
    ids.push(
      await createShipment(
        trx,
        { orders: orderIds.map((orderId) => ({ orderId })), sales: [], carrier: input.carrier, service: input.service, cool: 'none', gift, shipDate: input.shipDate ?? null },
        actor,
      ),
    );
  }
  return ids;
}

export interface ShipmentRow {
  id: number;
  number: string;
  status: ShipmentStatus;
  carrier: Carrier | null;
  service: string;
  cod_amount: number | null;
  delivery_time: string | null;
  tracking_number: string | null;
  recipient_json: string;
}

/** Reads a shipment and locks its row until commit, so two changes of one parcel run one after the other. */
export async function lockShipment(trx: Tx, id: number): Promise<ShipmentRow> {
  await trx.updateTable('shipments').set({ updated_at: sql`updated_at` }).where('id', '=', id).execute();
  const row = await trx.selectFrom('shipments').select(['id', 'number', 'status', 'carrier', 'service', 'cod_amount', 'delivery_time', 'tracking_number', 'recipient_json']).where('id', '=', id).executeTakeFirst();
  if (!row) throw shippingErrors.shipment_not_found({ id });
  return row as ShipmentRow;
}

const ACTIONS = {
  edit: { ja: '変更', en: 'changed' },
  status: { ja: '作業状況を変更', en: 'moved' },
  ship: { ja: '出荷', en: 'shipped' },
  correct: { ja: '送り状番号を訂正', en: 'given a corrected tracking number' },
  deliver: { ja: '配達済みに', en: 'marked delivered' },
  return: { ja: '返品に', en: 'marked returned' },
  cancel: { ja: '取消', en: 'cancelled' },
} as const;

function statusError(row: ShipmentRow, action: keyof typeof ACTIONS) {
  return shippingErrors.shipment_status({ number: row.number, status: row.status, action: ACTIONS[action].ja, actionEn: ACTIONS[action].en });
}

/** Edits a parcel that has not left the shop. */
export async function updateShipment(trx: Tx, id: number, input: ShipmentUpdateInput, actor: ShipmentActor): Promise<void> {
  const row = await lockShipment(trx, id);
  if (!OPEN_STATUSES.includes(row.status)) throw statusError(row, 'edit');

  const carrier = input.carrier ?? row.carrier;
  const service = input.service ?? row.service;
  const codAmount = input.codAmount !== undefined ? input.codAmount : row.cod_amount;
  const deliveryTime = input.deliveryTime !== undefined ? input.deliveryTime : row.delivery_time;
  if (carrier !== null) checkDeliveryChoice(carrier, service, codAmount, deliveryTime);

  // Each input field with its column and stored value. The form sends every field on each
  // save, so only values that differ are written and named in the history.
  const stored: Array<[keyof ShipmentUpdateInput, string, unknown]> = [
    ['recipient', 'recipient_json', input.recipient === undefined ? undefined : JSON.stringify(recipientOf(input.recipient))],
    ['carrier', 'carrier', input.carrier],
    ['service', 'service', input.service],
    ['cool', 'cool', input.cool],
    ['shipDate', 'ship_date', input.shipDate],
    ['deliveryDate', 'delivery_date', input.deliveryDate],
    ['deliveryTime', 'delivery_time', input.deliveryTime],
    ['itemName', 'item_name', input.itemName],
    ['gift', 'gift', input.gift === undefined ? undefined : Number(input.gift)],
    ['giftMessage', 'gift_message', input.giftMessage],
    ['codAmount', 'cod_amount', input.codAmount],
    ['locationId', 'location_id', input.locationId],
    ['notes', 'notes', input.notes],
  ];
  const before = (await trx.selectFrom('shipments').selectAll().where('id', '=', id).executeTakeFirstOrThrow()) as unknown as Record<string, unknown>;
  // PostgreSQL returns bigint columns as text, so values are compared as text.
  const asText = (value: unknown) => (value === null ? null : String(value));
  const changed = stored.filter(([, column, value]) => value !== undefined && asText(value) !== asText(before[column]));
  if (changed.length === 0) return;

  await trx
    .updateTable('shipments')
    .set({ ...Object.fromEntries(changed.map(([, column, value]) => [column, value])), updated_at: nowIso() })
    .where('id', '=', id)
    .execute();
  await addShipmentHistory(trx, id, 'updated', actor.userId, { fields: changed.map(([field]) => field) });
}

/** Moves open parcels between to_ship, picking and packed. */
export async function changeShipmentStatus(trx: Tx, ids: number[], status: 'to_ship' | 'picking' | 'packed', actor: ShipmentActor): Promise<void> {
  for (const id of [...new Set(ids)].sort((a, b) => a - b)) {
    const row = await lockShipment(trx, id);
    if (!OPEN_STATUSES.includes(row.status)) throw statusError(row, 'status');
    if (row.status === status) continue;
    await trx.updateTable('shipments').set({ status, updated_at: nowIso() }).where('id', '=', id).execute();
    await addShipmentHistory(trx, id, status, actor.userId, { from: row.status });
  }
}

/** Returns the time a parcel is recorded as shipped: now when it left today, else noon (Japan) of the given day. */
function shippedAtFor(shippedOn: string | undefined): string {
  if (shippedOn === undefined || shippedOn === businessDate()) return nowIso();
  return new Date(`${shippedOn}T12:00:00+09:00`).toISOString();
}

/** Channel orders in a parcel. */
async function ordersOf(trx: Tx, shipmentId: number): Promise<Array<{ id: number; channel_account_id: number }>> {
  return trx
    .selectFrom('shipment_lines')
    .innerJoin('channel_orders', 'channel_orders.id', 'shipment_lines.channel_order_id')
    .select(['channel_orders.id', 'channel_orders.channel_account_id'])
    .where('shipment_lines.shipment_id', '=', shipmentId)
    .distinct()
    .orderBy('channel_orders.id')
    .execute();
}

/** Writes (or resets) each order's report of this parcel and queues it for the order's channel. */
async function queueReports(trx: Tx, shipmentId: number, carrier: Carrier, trackingNumber: string, shippedOn: string): Promise<void> {
  const now = nowIso();
  for (const order of await ordersOf(trx, shipmentId)) {
    const existing = await trx.selectFrom('shipment_reports').select(['id']).where('shipment_id', '=', shipmentId).where('channel_order_id', '=', order.id).executeTakeFirst();
    let reportId: number;
    if (existing) {
      reportId = existing.id;
      await trx
        .updateTable('shipment_reports')
        .set({ status: 'pending', carrier, tracking_number: trackingNumber, shipped_on: shippedOn, last_error_json: null, accepted_at: null, updated_at: now })
        .where('id', '=', reportId)
        .execute();
    } else {
      const inserted = await trx
        .insertInto('shipment_reports')
        .values({ shipment_id: shipmentId, channel_order_id: order.id, status: 'pending', carrier, tracking_number: trackingNumber, shipped_on: shippedOn, created_at: now, updated_at: now })
        .returning('id')
        .executeTakeFirstOrThrow();
      reportId = Number(inserted.id);
    }
    await enqueueShipmentReport(trx, { reportId, channelAccountId: order.channel_account_id, orderId: order.id });
  }
}

/**
 * Ships a parcel: checks the tracking number by the carrier's check-digit rule, records it,
 * sells the pieces of every order whose lines have now all shipped, and queues the reports to
 * the channels. Returns the folded tracking number.
 */
export async function shipShipment(trx: Tx, id: number, input: { trackingNumber: string; shippedOn?: string }, actor: ShipmentActor): Promise<string> {
  const row = await lockShipment(trx, id);
  if (!OPEN_STATUSES.includes(row.status)) throw statusError(row, 'ship');
  if (row.carrier === null) throw shippingErrors.shipment_no_carrier({ number: row.number });
  const trackingNumber = checkTrackingNumber(input.trackingNumber, row.carrier, { field: 'trackingNumber' });
  await checkTrackingNumberFree(trx, id, row.carrier, trackingNumber);

  const shippedAt = shippedAtFor(input.shippedOn);
  const shippedOn = businessDate(new Date(shippedAt));
  await trx.updateTable('shipments').set({ status: 'shipped', tracking_number: trackingNumber, shipped_at: shippedAt, updated_at: nowIso() }).where('id', '=', id).execute();
  await addShipmentHistory(trx, id, 'shipped', actor.userId, { trackingNumber, shippedOn });

  for (const order of await ordersOf(trx, id)) {
    const waiting = await trx
      .selectFrom('channel_order_lines as l')
      .leftJoin('shipment_lines as s', (join) => join.onRef('s.channel_order_line_id', '=', 'l.id').on('s.live', '=', 1))
      .leftJoin('shipments as sh', 'sh.id', 's.shipment_id')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where('l.order_id', '=', order.id)
      .where('l.state', 'in', SHIPPABLE_LINE_STATES)
      .where((eb) => eb.or([eb('sh.id', 'is', null), eb('sh.status', 'not in', ['shipped', 'delivered', 'returned'])]))
      .executeTakeFirstOrThrow();
    if (Number(waiting.count) === 0) await recordOrderShipped(trx, order.id, { userId: actor.userId, at: shippedAt, by: 'user' });
  }

  await queueReports(trx, id, row.carrier, trackingNumber, shippedOn);
  return trackingNumber;
}

/** Replaces a shipped parcel's tracking number (a typing mistake found later) and reports it again. */
export async function correctTrackingNumber(trx: Tx, id: number, number: string, actor: ShipmentActor): Promise<string> {
  const row = await lockShipment(trx, id);
  if (row.status !== 'shipped' && row.status !== 'delivered') throw statusError(row, 'correct');
  if (row.carrier === null) throw shippingErrors.shipment_no_carrier({ number: row.number });
  const trackingNumber = checkTrackingNumber(number, row.carrier, { field: 'trackingNumber' });
  if (trackingNumber === row.tracking_number) return trackingNumber;
  await checkTrackingNumberFree(trx, id, row.carrier, trackingNumber);

  const shipped = await trx.selectFrom('shipments').select('shipped_at').where('id', '=', id).executeTakeFirstOrThrow();
  await trx.updateTable('shipments').set({ tracking_number: trackingNumber, updated_at: nowIso() }).where('id', '=', id).execute();
  await addShipmentHistory(trx, id, 'tracking_corrected', actor.userId, { from: row.tracking_number, to: trackingNumber });
  await queueReports(trx, id, row.carrier, trackingNumber, businessDate(new Date(shipped.shipped_at ?? nowIso())));
  return trackingNumber;
}

export async function markDelivered(trx: Tx, id: number, actor: ShipmentActor): Promise<void> {
  const row = await lockShipment(trx, id);
  if (row.status !== 'shipped') throw statusError(row, 'deliver');
  const now = nowIso();
  await trx.updateTable('shipments').set({ status: 'delivered', delivered_at: now, updated_at: now }).where('id', '=', id).execute();
  await addShipmentHistory(trx, id, 'delivered', actor.userId);
}

/**
 * Records that a shipped parcel came back (refused, address unknown, returned). The refund or
 * restock of the order's pieces is recorded on the order, as for any channel return.
 */
export async function markReturned(trx: Tx, id: number, reason: string | null, actor: ShipmentActor): Promise<void> {
  const row = await lockShipment(trx, id);
  if (row.status !== 'shipped' && row.status !== 'delivered') throw statusError(row, 'return');
  const now = nowIso();
  await trx.updateTable('shipments').set({ status: 'returned', returned_at: now, updated_at: now }).where('id', '=', id).execute();
  await addShipmentHistory(trx, id, 'returned', actor.userId, { reason });
}

/** Cancels a parcel that has not left; its lines become free for another parcel. */
export async function cancelShipment(trx: Tx, id: number, actor: ShipmentActor): Promise<void> {
  const row = await lockShipment(trx, id);
  if (!OPEN_STATUSES.includes(row.status)) throw statusError(row, 'cancel');
  const now = nowIso();
  await trx.updateTable('shipments').set({ status: 'cancelled', cancelled_at: now, updated_at: now }).where('id', '=', id).execute();
  await trx.updateTable('shipment_lines').set({ live: 0 }).where('shipment_id', '=', id).execute();
  await addShipmentHistory(trx, id, 'cancelled', actor.userId);
}

/** Stamps the parcels written into a carrier file. */
export async function markExported(trx: Tx, ids: number[], format: string, actor: ShipmentActor): Promise<void> {
  if (ids.length === 0) return;
  const now = nowIso();
  await trx.updateTable('shipments').set({ exported_at: now, updated_at: now }).where('id', 'in', ids).execute();
  for (const id of ids) await addShipmentHistory(trx, id, 'exported', actor.userId, { format });
}
