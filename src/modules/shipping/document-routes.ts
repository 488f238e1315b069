import type { FastifyRequest } from 'fastify';
import type { Executor } from '../../db/database.js';
import { businessDate } from '../../shared/time.js';
import { auditActor } from '../audit/http.js';
import { recordAudit } from '../audit/service.js';
import { idParams } from '../stock-lines/schemas.js';
import type { App, AppDeps } from '../../server/types.js';
import { renderPackingSlips, renderPickingList, type PackingSlipInput, type PickingListInput } from './documents.js';
import { shippingErrors } from './errors.js';
import { mailErrors } from './mail-errors.js';
import { sendShipmentMail, smtpConfigFromEnv } from './mailer.js';
import { renderShipmentMail, type ShipmentMailInput } from './notification.js';
import { getShipment } from './queries.js';
import { addShipmentHistory } from './history.js';
import { idsQuery, notificationOutput, notificationQuery, notificationSendInput, type ShipmentOutput } from './schemas.js';

// Printed documents (picking list, packing slips) and the shipment mail to the buyer.

function localeOf(request: FastifyRequest, requested: 'ja' | 'en' | undefined): 'ja' | 'en' {
  return requested ?? (request.locale === 'en' ? 'en' : 'ja');
}

/** Maps item ids to the locations that have the pieces now, for the picking route. */
async function locationsOf(db: Executor, itemIds: number[]): Promise<Map<number, string>> {
  if (itemIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('stock_balances')
    .innerJoin('locations', 'locations.id', 'stock_balances.location_id')
    .select(['stock_balances.item_id', 'locations.name'])
    .where('stock_balances.item_id', 'in', itemIds)
    .where('stock_balances.quantity', '>', 0)
    .orderBy('locations.name')
    .execute();
  const names = new Map<number, string>();
  for (const row of rows) names.set(row.item_id, names.has(row.item_id) ? `${names.get(row.item_id)}, ${row.name}` : row.name);
  return names;
}

async function shipmentsOf(db: Executor, ids: number[]): Promise<ShipmentOutput[]> {
  const shipments: ShipmentOutput[] = [];
  for (const id of [...new Set(ids)]) shipments.push(await getShipment(db, id));
  return shipments;
}

/** Shipping charged on the parcel's orders, in yen: the sum of the orders' shipping totals. */
async function shippingFeeOf(db: Executor, shipment: ShipmentOutput): Promise<number> {
  if (shipment.orders.length === 0) return 0;
  const rows = await db.selectFrom('channel_orders').select('totals_json').where('id', 'in', shipment.orders.map((order) => order.id)).execute();
  return rows.reduce((sum, row) => sum + Number((JSON.parse(row.totals_json) as { shipping?: number }).shipping ?? 0), 0);
}

async function buyerOf(db: Executor, shipment: ShipmentOutput): Promise<{ name: string; email: string | null }> {
  const order = shipment.orders[0];
  if (order) {
    const row = await db.selectFrom('channel_orders').select('buyer_json').where('id', '=', order.id).executeTakeFirstOrThrow();
    const buyer = JSON.parse(row.buyer_json) as { name: string; email: string | null };
    return { name: buyer.name || shipment.recipient.name, email: buyer.email ?? shipment.recipient.email };
  }
  return { name: shipment.recipient.name, email: shipment.recipient.email };
}

async function mailInputOf(db: Executor, shipment: ShipmentOutput): Promise<{ input: ShipmentMailInput; to: string | null }> {
  const company = await db.selectFrom('company_settings').select(['name', 'phone']).executeTakeFirst();
  const buyer = await buyerOf(db, shipment);
  if (shipment.carrier === null || shipment.trackingNumber === null) {
    throw shippingErrors.shipment_status({ number: shipment.number, status: shipment.status, action: '発送通知', actionEn: 'announced to the buyer' });
  }
  return {
    to: buyer.email,
    input: {
      shop: { name: company?.name ?? '', email: smtpConfigFromEnv(process.env)?.from ?? null, phone: company?.phone ?? null, url: null },
      buyerName: buyer.name,
      orderNumbers: [...shipment.orders.map((order) => order.orderNumber), ...shipment.sales.map((sale) => sale.number)],
      carrier: shipment.carrier,
      trackingNumber: shipment.trackingNumber,
      recipient: shipment.recipient,
      items: shipment.lines.map((line) => ({ name: line.title, quantity: line.quantity, unitPrice: line.unitPrice })),
      gift: shipment.gift,
    },
  };
}

export async function documentRoutes(app: App, { db }: AppDeps): Promise<void> {
  const tags = ['shipping'];

  app.get(
    '/api/shipments/picking-list',
    { config: { permission: 'shipping.manage' }, schema: { tags, summary: 'Picking list of the given shipments (PDF)', querystring: idsQuery } },
    async (request, reply) => {
      const shipments = await shipmentsOf(db, request.query.ids);
      const locations = await locationsOf(db, shipments.flatMap((shipment) => shipment.lines.map((line) => line.itemId).filter((id): id is number => id !== null)));
      const input: PickingListInput = {
        printedOn: businessDate(),
        shipments: shipments.map((shipment) => ({
          number: shipment.number,
          recipientName: shipment.recipient.name,
          lines: shipment.lines.map((line) => ({
            location: line.itemId === null ? null : (locations.get(line.itemId) ?? null),
            stockNumber: line.stockNumber ?? '',
            name: line.title,
            quantity: line.quantity,
          })),
        })),
      };
      const pdf = await renderPickingList(input, localeOf(request, request.query.locale));
      return reply.header('content-type', 'application/pdf').header('content-disposition', `inline; filename="picking-${businessDate().replaceAll('-', '')}.pdf"`).header('cache-control', 'no-store').send(pdf);
    },
  );

  app.get(
    '/api/shipments/packing-slips',
    { config: { permission: 'shipping.manage' }, schema: { tags, summary: 'Packing slips of the given shipments (PDF); gift parcels show no prices', querystring: idsQuery } },
    async (request, reply) => {
      const shipments = await shipmentsOf(db, request.query.ids);
      const company = await db.selectFrom('company_settings').select(['name', 'postal_code', 'address', 'phone', 'invoice_registration_number']).executeTakeFirst();
      const slips: PackingSlipInput[] = [];
      for (const shipment of shipments) {
        slips.push({
          shop: {
            name: company?.name ?? '',
            postalCode: company?.postal_code ?? null,
            address: company?.address ?? null,
            phone: company?.phone ?? null,
            invoiceRegistrationNumber: company?.invoice_registration_number ?? null,
          },
          shipmentNumber: shipment.number,
          shipDate: shipment.shipDate ?? businessDate(),
          recipient: shipment.recipient,
          orders: [
            ...shipment.orders.map((order) => ({ number: order.orderNumber, orderedOn: businessDate(new Date(order.orderedAt)) })),
            ...shipment.sales.map((sale) => ({ number: sale.number, orderedOn: sale.businessDate })),
          ],
          lines: shipment.lines.map((line) => ({ name: line.title, stockNumber: line.stockNumber ?? '', quantity: line.quantity, unitPrice: line.unitPrice })),
          shippingFee: await shippingFeeOf(db, shipment),
          gift: shipment.gift,
          giftMessage: shipment.giftMessage,
        });
      }
      const pdf = await renderPackingSlips(slips, localeOf(request, request.query.locale));
      return reply.header('content-type', 'application/pdf').header('content-disposition', `inline; filename="packing-slips-${businessDate().replaceAll('-', '')}.pdf"`).header('cache-control', 'no-store').send(pdf);
    },
  );

  app.get(
    '/api/shipments/:id/notification',
    { config: { permission: 'shipping.manage' }, schema: { tags, summary: 'The shipment mail to the buyer, to send or to copy', params: idParams, querystring: notificationQuery, response: { 200: notificationOutput } } },
    async (request) => {
      const shipment = await getShipment(db, request.params.id);
      const { input, to } = await mailInputOf(db, shipment);
      const mail = renderShipmentMail(input, localeOf(request, request.query.locale));
      const sent = shipment.history.filter((entry) => entry.action === 'mail_sent').at(-1);
      return { to, subject: mail.subject, text: mail.text, smtpConfigured: smtpConfigFromEnv(process.env) !== null, sentAt: sent?.at ?? null };
    },
  );

  app.post(
    '/api/shipments/:id/notification',
    { config: { permission: 'shipping.manage' }, schema: { tags, summary: 'Send the shipment mail to the buyer by SMTP', params: idParams, body: notificationSendInput, response: { 200: notificationOutput } } },
    async (request) => {
      const config = smtpConfigFromEnv(process.env);
      const shipment = await getShipment(db, request.params.id);
      const { input, to: buyerEmail } = await mailInputOf(db, shipment);
      const to = request.body.to ?? buyerEmail;
      if (to === null) throw shippingErrors.shipment_no_email({ number: shipment.number }, { field: 'to' });
      const mail = renderShipmentMail(input, request.body.locale);
      if (config === null) throw mailErrors.mail_not_configured({ variable: 'TSUNAGU_SMTP_URL' });

      await sendShipmentMail(config, { to, subject: mail.subject, text: mail.text }, request.log);
      const sentAt = new Date().toISOString();
      await db.transaction().execute(async (trx) => {
        await addShipmentHistory(trx, shipment.id, 'mail_sent', auditActor(request).userId, { to, locale: request.body.locale });
        await recordAudit(trx, auditActor(request), { action: 'shipment.notify', entityType: 'shipment', entityId: shipment.id, detail: { to, locale: request.body.locale } });
      });
      request.log.info({ shipmentId: shipment.id }, 'shipment mail sent');
      return { to, subject: mail.subject, text: mail.text, smtpConfigured: true, sentAt };
    },
  );
}
