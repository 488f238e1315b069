import type { Executor } from '../../db/database.js';
import { businessDate } from '../../shared/time.js';
import { shippingErrors } from './errors.js';
import { trackingUrl } from './links.js';
import { recipientProblems } from './recipient.js';
import type { ShipmentOutput, ShipmentSummary } from './schemas.js';
import { SHIPMENT_STATUSES, type ShipmentStatus } from './schemas.js';
import { CARRIERS } from './tracking.js';
import type { Carrier, CarrierService, CoolType, DeliveryTime, Recipient, ShipmentForExport, ShippingSettings } from './types.js';

// Reads of shipments for the screens, the carrier files and the documents.

/** Order of report states from worst to best, for the one tag a list row shows. */
const REPORT_RANK: Record<ShipmentReportStatus, number> = { failed: 0, pending: 1, not_supported: 2, accepted: 3 };

function urlOf(carrier: Carrier | null, trackingNumber: string | null): string | null {
  return carrier !== null && trackingNumber !== null ? trackingUrl(carrier, trackingNumber) : null;
}

export async function listShipments(
  db: Executor,
  query: { status?: (typeof SHIPMENT_STATUSES)[number]; q?: string; carrier?: Carrier; limit: number },
): Promise<ShipmentSummary[]> {
  let select = db.selectFrom('shipments').selectAll().orderBy('id', 'desc').limit(query.limit);
  if (query.status) select = select.where('status', '=', query.status);
  if (query.carrier) select = select.where('carrier', '=', query.carrier);
  if (query.q) {
    const like = `%${query.q.normalize('NFKC').replace(/[%_\\]/g, '\\$&')}%`;
    select = select.where((eb) =>
      eb.or([
        eb('number', 'like', like),
        eb('tracking_number', 'like', like),
        eb('recipient_json', 'like', like),
        eb('id', 'in', eb.selectFrom('shipment_lines').innerJoin('channel_orders', 'channel_orders.id', 'shipment_lines.channel_order_id').select('shipment_lines.shipment_id').where('channel_orders.order_number', 'like', like)),
      ]),
    );
  }
  const rows = await select.execute();
  return summarize(db, rows);
}

type ShipmentDbRow = Awaited<ReturnType<typeof shipmentRows>>[number];

async function shipmentRows(db: Executor, ids: number[]) {
  return ids.length === 0 ? [] : db.selectFrom('shipments').selectAll().where('id', 'in', ids).orderBy('id').execute();
}

async function summarize(db: Executor, rows: ShipmentDbRow[]): Promise<ShipmentSummary[]> {
  const ids = rows.map((row) => row.id);
  if (ids.length === 0) return [];
  const lines = await db
    .selectFrom('shipment_lines')
    .leftJoin('channel_orders', 'channel_orders.id', 'shipment_lines.channel_order_id')
    .leftJoin('sales', 'sales.id', 'shipment_lines.sale_id')
    .select(['shipment_lines.shipment_id', 'shipment_lines.quantity', 'channel_orders.order_number', 'sales.number as sale_number'])
    .where('shipment_lines.shipment_id', 'in', ids)
    .execute();
  const reports = await db.selectFrom('shipment_reports').select(['shipment_id', 'status', 'accepted_at']).where('shipment_id', 'in', ids).execute();

  return rows.map((row) => {
    const recipient = JSON.parse(row.recipient_json) as Recipient;
    const own = lines.filter((line) => line.shipment_id === row.id);
    const ownReports = reports.filter((report) => report.shipment_id === row.id);
    const worst = ownReports.map((report) => report.status).sort((a, b) => REPORT_RANK[a] - REPORT_RANK[b])[0] ?? null;
    const acceptedTimes = ownReports.map((report) => report.accepted_at).sort();
    return {
      id: row.id,
      number: row.number,
      status: row.status,
      carrier: row.carrier,
      service: row.service,
      recipientName: recipient.name,
      prefecture: recipient.prefecture,
      orderNumbers: [...new Set(own.map((line) => line.order_number).filter((n): n is string => n !== null))],
      saleNumbers: [...new Set(own.map((line) => line.sale_number).filter((n): n is string => n !== null))],
      pieces: own.reduce((sum, line) => sum + line.quantity, 0),
      gift: row.gift === 1,
      trackingNumber: row.tracking_number,
      trackingUrl: urlOf(row.carrier, row.tracking_number),
      shipDate: row.ship_date,
      exportedAt: row.exported_at,
      shippedAt: row.shipped_at,
      reportStatus: worst,
      reportAcceptedAt: worst === 'accepted' ? (acceptedTimes.at(-1) ?? null) : null,
      addressProblems: recipientProblems(recipient).length,
    };
  });
}

export async function summariesOf(db: Executor, ids: number[]): Promise<ShipmentSummary[]> {
  return summarize(db, await shipmentRows(db, ids));
}

export type ShipmentReportStatus = 'pending' | 'accepted' | 'failed' | 'not_supported';

export interface ShipmentReportView {
  id: number;
  shipmentId: number;
  shipmentNumber: string;
  channelOrderId: number;
  orderNumber: string;
  channelAccountId: number;
  channelName: string;
  status: ShipmentReportStatus;
  carrier: Carrier | null;
  trackingNumber: string | null;
  /** Shipping date reported, `YYYY-MM-DD` (Japan). */
  shippedOn: string | null;
  /** Calls made, successful or not. */
  attempts: number;
  /** The channel's message of the last failed call, in both languages, with its code. */
  lastError: { ja: string; en: string; code: string | null } | null;
  /** The channel's id of the record (Rakuten shippingDetailId). */
  channelReference: string | null;
  acceptedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

/** Lists the reports of one shipment, or of one channel order, oldest first. */
export async function shipmentReportsOf(db: Executor, of: { shipmentId: number } | { orderId: number }): Promise<ShipmentReportView[]> {
  let query = db
    .selectFrom('shipment_reports')
    .innerJoin('shipments', 'shipments.id', 'shipment_reports.shipment_id')
    .innerJoin('channel_orders', 'channel_orders.id', 'shipment_reports.channel_order_id')
    .innerJoin('channel_accounts', 'channel_accounts.id', 'channel_orders.channel_account_id')
    .selectAll('shipment_reports')
    .select(['shipments.number as shipment_number', 'channel_orders.order_number', 'channel_orders.channel_account_id', 'channel_accounts.name as channel_name'])
    .orderBy('shipment_reports.id');
  query = 'shipmentId' in of ? query.where('shipment_reports.shipment_id', '=', of.shipmentId) : query.where('shipment_reports.channel_order_id', '=', of.orderId);

  return (await query.execute()).map((row) => ({
    id: Number(row.id),
    shipmentId: Number(row.shipment_id),
    shipmentNumber: row.shipment_number,
    channelOrderId: Number(row.channel_order_id),
    orderNumber: row.order_number,
    channelAccountId: Number(row.channel_account_id),
    channelName: row.channel_name,
    status: row.status,
    carrier: asCarrier(row.carrier),
    trackingNumber: row.tracking_number,
    shippedOn: row.shipped_on,
    attempts: row.attempts,
    lastError: row.last_error_json ? (JSON.parse(row.last_error_json) as ShipmentReportView['lastError']) : null,
    channelReference: row.channel_reference,
    acceptedAt: row.accepted_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  }));
}

/** Narrows a stored carrier code to a Carrier, or null for an unknown one. */
export function asCarrier(value: string | null): Carrier | null {
  return (CARRIERS as readonly string[]).includes(value ?? '') ? (value as Carrier) : null;
}

export async function getShipment(db: Executor, id: number): Promise<ShipmentOutput> {
  const row = await db.selectFrom('shipments').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw shippingErrors.shipment_not_found({ id });
  const recipient = JSON.parse(row.recipient_json) as Recipient;

  const lines = await db
    .selectFrom('shipment_lines')
    .leftJoin('items', 'items.id', 'shipment_lines.item_id')
    .select(['shipment_lines.id', 'shipment_lines.channel_order_id', 'shipment_lines.sale_id', 'shipment_lines.item_id', 'shipment_lines.title', 'shipment_lines.quantity', 'shipment_lines.unit_price', 'items.stock_number'])
    .where('shipment_lines.shipment_id', '=', id)
    .orderBy('shipment_lines.id')
    .execute();
  const orderIds = [...new Set(lines.map((line) => line.channel_order_id).filter((v): v is number => v !== null))];
  const saleIds = [...new Set(lines.map((line) => line.sale_id).filter((v): v is number => v !== null))];
  const orders =
    orderIds.length === 0
      ? []
      : await db
          .selectFrom('channel_orders')
          .innerJoin('channel_accounts', 'channel_accounts.id', 'channel_orders.channel_account_id')
          .select(['channel_orders.id', 'channel_orders.order_number', 'channel_orders.status', 'channel_orders.ordered_at', 'channel_accounts.name'])
          .where('channel_orders.id', 'in', orderIds)
          .orderBy('channel_orders.id')
          .execute();
  const sales = saleIds.length === 0 ? [] : await db.selectFrom('sales').select(['id', 'number', 'business_date']).where('id', 'in', saleIds).orderBy('id').execute();
  const history = await db
    .selectFrom('shipment_history')
    .leftJoin('users', 'users.id', 'shipment_history.user_id')
    .select(['shipment_history.at', 'shipment_history.action', 'shipment_history.detail_json', 'users.display_name'])
    .where('shipment_history.shipment_id', '=', id)
    .orderBy('shipment_history.id')
    .execute();

  return {
    id: row.id,
    number: row.number,
    status: row.status,
    carrier: row.carrier,
    service: row.service,
    cool: row.cool as CoolType,
    shipDate: row.ship_date,
    deliveryDate: row.delivery_date,
    deliveryTime: row.delivery_time as DeliveryTime | null,
    recipient,
    addressProblems: recipientProblems(recipient),
    locationId: row.location_id,
    itemName: row.item_name,
    gift: row.gift === 1,
    giftMessage: row.gift_message,
    codAmount: row.cod_amount,
    trackingNumber: row.tracking_number,
    trackingUrl: urlOf(row.carrier, row.tracking_number),
    notes: row.notes,
    exportedAt: row.exported_at,
    shippedAt: row.shipped_at,
    deliveredAt: row.delivered_at,
    returnedAt: row.returned_at,
    cancelledAt: row.cancelled_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    orders: orders.map((order) => ({ id: order.id, orderNumber: order.order_number, channelName: order.name, status: order.status, orderedAt: order.ordered_at })),
    sales: sales.map((sale) => ({ id: sale.id, number: sale.number, businessDate: sale.business_date })),
    lines: lines.map((line) => ({
      id: line.id,
      orderId: line.channel_order_id,
      saleId: line.sale_id,
      itemId: line.item_id,
      stockNumber: line.stock_number,
      title: line.title,
      quantity: line.quantity,
      unitPrice: line.unit_price,
    })),
    reports: (await shipmentReportsOf(db, { shipmentId: id })).map((report) => ({ id: report.id, orderId: report.channelOrderId, orderNumber: report.orderNumber, channelName: report.channelName, status: report.status, carrier: report.carrier, trackingNumber: report.trackingNumber, shippedOn: report.shippedOn, attempts: report.attempts, lastError: report.lastError === null ? null : { ja: report.lastError.ja, en: report.lastError.en }, acceptedAt: report.acceptedAt })),
    history: history.map((entry) => ({ at: entry.at, action: entry.action, userName: entry.display_name, detail: JSON.parse(entry.detail_json) as Record<string, unknown> })),
  };
}

/** Shipments of one channel order, for the order screen. */
export async function shipmentsOfOrder(db: Executor, orderId: number) {
  const rows = await db
    .selectFrom('shipments')
    .select(['id', 'number', 'status', 'carrier', 'tracking_number', 'shipped_at'])
    .where('id', 'in', db.selectFrom('shipment_lines').select('shipment_id').where('channel_order_id', '=', orderId))
    .orderBy('id')
    .execute();
  const reports = await shipmentReportsOf(db, { orderId });
  return rows.map((row) => ({
    id: row.id,
    number: row.number,
    status: row.status,
    carrier: row.carrier,
    trackingNumber: row.tracking_number,
    trackingUrl: urlOf(row.carrier, row.tracking_number),
    shippedAt: row.shipped_at,
    reports: reports.filter((report) => report.shipmentId === row.id).map((report) => ({ status: report.status, acceptedAt: report.acceptedAt, lastError: report.lastError === null ? null : { ja: report.lastError.ja, en: report.lastError.en } })),
  }));
}

/** Reads the shipments as carrier files see them, in the order of ids given. An unknown id raises shipment_not_found. */
export async function shipmentsForExport(db: Executor, ids: number[], settings: ShippingSettings): Promise<Array<ShipmentForExport & { id: number; status: ShipmentStatus }>> {
  const rows = await shipmentRows(db, ids);
  const lines = await db
    .selectFrom('shipment_lines')
    .leftJoin('channel_orders', 'channel_orders.id', 'shipment_lines.channel_order_id')
    .leftJoin('sales', 'sales.id', 'shipment_lines.sale_id')
    .select(['shipment_lines.shipment_id', 'shipment_lines.title', 'shipment_lines.quantity', 'channel_orders.order_number', 'sales.number as sale_number'])
    .where('shipment_lines.shipment_id', 'in', ids.length > 0 ? ids : [0])
    .orderBy('shipment_lines.id')
    .execute();

  return ids.map((id) => {
    const row = rows.find((candidate) => candidate.id === id);
    if (!row) throw shippingErrors.shipment_not_found({ id });
    if (row.carrier === null) throw shippingErrors.shipment_no_carrier({ number: row.number });
    const own = lines.filter((line) => line.shipment_id === id);
    return {
      id,
      status: row.status,
      number: row.number,
      carrier: row.carrier,
      service: row.service as CarrierService,
      cool: row.cool as CoolType,
      shipDate: row.ship_date ?? businessDate(),
      deliveryDate: row.delivery_date,
      deliveryTime: row.delivery_time as DeliveryTime | null,
      recipient: JSON.parse(row.recipient_json) as Recipient,
      itemName: row.item_name ?? settings.defaultItemName,
      codAmount: row.cod_amount,
      // Jewelry is taxed at the standard 10%; the tax within a tax-included amount, rounded down.
      codTax: row.cod_amount === null ? null : Math.floor((row.cod_amount * 10) / 110),
      gift: row.gift === 1,
      orderNumbers: [...new Set(own.map((line) => line.order_number ?? line.sale_number).filter((n): n is string => n !== null))],
      lines: own.map((line) => ({ title: line.title, quantity: line.quantity })),
    };
  });
}
