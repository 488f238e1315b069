import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { actorContext } from '../access/http.js';
import { auditActor, markUnchanged } from '../audit/http.js';
import { recordAudit } from '../audit/service.js';
import { idParams } from '../stock-lines/schemas.js';
import type { App, AppDeps } from '../../server/types.js';
import { buildCarrierFile } from './carrier-files/index.js';
import { SHIPMENT_STATUS_LABELS, shippingErrors } from './errors.js';
import { getShipment, listShipments, shipmentsForExport, summariesOf } from './queries.js';
import type { CarrierFileFormat, ExportProblem, ShippingSettings } from './types.js';
import { retryShipmentReport } from './reports.js';
import {
  carrierFileCheckOutput,
  carrierFileInput,
  returnInput,
  shipInput,
  shipmentCreateInput,
  shipmentListQuery,
  shipmentOutput,
  shipmentsFromOrdersInput,
  shipmentSummary,
  shipmentUpdateInput,
  shippingSettingsInput,
  type ShipmentStatus,
  shippingSettingsOutput,
  statusChangeInput,
  trackingCorrectionInput,
  trackingImportInput,
  trackingImportOutput,
} from './schemas.js';
import {
  cancelShipment,
  changeShipmentStatus,
  correctTrackingNumber,
  createShipment,
  createShipmentsFromOrders,
  markDelivered,
  markExported,
  markReturned,
  OPEN_STATUSES,
  shipShipment,
  updateShipment,
} from './service.js';
import { readShippingSettings, requireShippingSettings, saveShippingSettings } from './settings.js';
import { importTrackingNumbers } from './tracking-import.js';
import { documentRoutes } from './document-routes.js';
import { smtpConfigFromEnv } from './mailer.js';

/**
 * Builds a carrier file of the parcels still in the shop. A parcel already shipped or cancelled
 * becomes a problem instead of a row, so no second waybill is printed for it.
 */
function carrierFileOf(format: CarrierFileFormat, shipments: Awaited<ReturnType<typeof shipmentsForExport>>, settings: ShippingSettings) {
  const open = shipments.filter((shipment) => OPEN_STATUSES.includes(shipment.status));
  const closed: ExportProblem[] = shipments
    .filter((shipment) => !OPEN_STATUSES.includes(shipment.status))
    .map((shipment) => ({
      shipmentNumber: shipment.number,
      field: 'status',
      code: 'not_open',
      message: {
        ja: `出荷 ${shipment.number} は${SHIPMENT_STATUS_LABELS[shipment.status]!.ja}のため、送り状データに書けません。選択から外してください。`,
        en: `Shipment ${shipment.number} is ${SHIPMENT_STATUS_LABELS[shipment.status]!.en}, so it cannot go into a carrier file. Leave it out of the selection.`,
      },
    }));
  const built = buildCarrierFile(format, open, settings);
  return { ...built, problems: [...closed, ...built.problems] };
}

// Shipping needs 'shipping.manage'; the settings (sender and contract codes) need
// 'settings.change' to be changed.
export async function shippingRoutes(app: App, deps: AppDeps): Promise<void> {
  const { db } = deps;
  const tags = ['shipping'];
  const listOutput = z.object({ shipments: z.array(shipmentSummary) });

  const audit = (request: FastifyRequest, action: string, id: number | null, detail: Record<string, unknown>) =>
    recordAudit(db, auditActor(request), { action, entityType: 'shipment', ...(id !== null ? { entityId: id } : {}), detail });

  app.get(
    '/api/shipments',
    { config: { permission: 'shipping.manage' }, schema: { tags, summary: 'List shipments, newest first', querystring: shipmentListQuery, response: { 200: listOutput } } },
    async (request) => ({ shipments: await listShipments(db, request.query) }),
  );

  app.get(
    '/api/shipments/:id',
    { config: { permission: 'shipping.manage' }, schema: { tags, summary: 'One shipment with lines, orders, channel reports and history', params: idParams, response: { 200: shipmentOutput } } },
    async (request) => getShipment(db, request.params.id),
  );

  app.post(
    '/api/shipments',
    { config: { permission: 'shipping.manage' }, schema: { tags, summary: 'Create a parcel from order or sale lines', body: shipmentCreateInput, response: { 201: shipmentOutput } } },
    async (request, reply) => {
      const id = await db.transaction().execute(async (trx) => {
        const created = await createShipment(trx, request.body, actorContext(request));
        await recordAudit(trx, auditActor(request), { action: 'shipment.create', entityType: 'shipment', entityId: created, detail: { orders: request.body.orders.map((o) => o.orderId), sales: request.body.sales.map((s) => s.saleId) } });
        return created;
      });
      request.log.info({ shipmentId: id }, 'shipment created');
      return reply.status(201).send(await getShipment(db, id));
    },
  );

  app.post(
    '/api/shipments/from-orders',
    { config: { permission: 'shipping.manage' }, schema: { tags, summary: 'Create parcels for whole orders, combining orders to the same recipient', body: shipmentsFromOrdersInput, response: { 201: listOutput } } },
    async (request, reply) => {
      const ids = await db.transaction().execute(async (trx) => {
        const created = await createShipmentsFromOrders(trx, request.body, actorContext(request));
        await recordAudit(trx, auditActor(request), { action: 'shipment.create', entityType: 'shipment', detail: { orders: request.body.orderIds, shipments: created } });
        return created;
      });
      request.log.info({ shipments: ids, orders: request.body.orderIds.length }, 'shipments created from orders');
      return reply.status(201).send({ shipments: await summariesOf(db, ids) });
    },
  );

  app.patch(
    '/api/shipments/:id',
    { config: { permission: 'shipping.manage' }, schema: { tags, summary: 'Edit a parcel that has not shipped', params: idParams, body: shipmentUpdateInput, response: { 200: shipmentOutput } } },
    async (request) => {
      await db.transaction().execute(async (trx) => {
        await updateShipment(trx, request.params.id, request.body, actorContext(request));
        await recordAudit(trx, auditActor(request), { action: 'shipment.update', entityType: 'shipment', entityId: request.params.id, detail: { fields: Object.keys(request.body) } });
      });
      return getShipment(db, request.params.id);
    },
  );

  app.post(
    '/api/shipments/status',
    { config: { permission: 'shipping.manage' }, schema: { tags, summary: 'Move parcels between to ship, picking and packed', body: statusChangeInput, response: { 200: listOutput } } },
    async (request) => {
      await db.transaction().execute(async (trx) => {
        await changeShipmentStatus(trx, request.body.ids, request.body.status, actorContext(request));
        await recordAudit(trx, auditActor(request), { action: 'shipment.status', entityType: 'shipment', detail: { ids: request.body.ids, status: request.body.status } });
      });
      return { shipments: await summariesOf(db, request.body.ids) };
    },
  );

  app.post(
    '/api/shipments/:id/ship',
    { config: { permission: 'shipping.manage' }, schema: { tags, summary: 'Ship a parcel with its tracking number; sells the pieces and reports to the channel', params: idParams, body: shipInput, response: { 200: shipmentOutput } } },
    async (request) => {
      const trackingNumber = await db.transaction().execute(async (trx) => {
        const number = await shipShipment(trx, request.params.id, request.body, actorContext(request));
        await recordAudit(trx, auditActor(request), { action: 'shipment.ship', entityType: 'shipment', entityId: request.params.id, detail: { trackingNumber: number, shippedOn: request.body.shippedOn ?? null } });
        return number;
      });
      request.log.info({ shipmentId: request.params.id, trackingNumber }, 'shipment shipped');
      return getShipment(db, request.params.id);
    },
  );

  app.post(
    '/api/shipments/:id/tracking',
    { config: { permission: 'shipping.manage' }, schema: { tags, summary: "Correct a shipped parcel's tracking number and report it again", params: idParams, body: trackingCorrectionInput, response: { 200: shipmentOutput } } },
    async (request) => {
      await db.transaction().execute(async (trx) => {
        const number = await correctTrackingNumber(trx, request.params.id, request.body.trackingNumber, actorContext(request));
        await recordAudit(trx, auditActor(request), { action: 'shipment.tracking', entityType: 'shipment', entityId: request.params.id, detail: { trackingNumber: number } });
      });
      return getShipment(db, request.params.id);
    },
  );

  for (const [path, action, summary] of [
    ['deliver', 'shipment.deliver', 'Mark a shipped parcel delivered'],
    ['cancel', 'shipment.cancel', 'Cancel a parcel that has not shipped; its lines become free'],
  ] as const) {
    app.post(
      `/api/shipments/:id/${path}`,
      { config: { permission: 'shipping.manage' }, schema: { tags, summary, params: idParams, response: { 200: shipmentOutput } } },
      async (request) => {
        await db.transaction().execute(async (trx) => {
          if (path === 'deliver') await markDelivered(trx, request.params.id, actorContext(request));
          else await cancelShipment(trx, request.params.id, actorContext(request));
          await recordAudit(trx, auditActor(request), { action, entityType: 'shipment', entityId: request.params.id });
        });
        return getShipment(db, request.params.id);
      },
    );
  }

  app.post(
    '/api/shipments/:id/return',
    { config: { permission: 'shipping.manage' }, schema: { tags, summary: 'Record that a shipped parcel came back', params: idParams, body: returnInput, response: { 200: shipmentOutput } } },
    async (request) => {
      await db.transaction().execute(async (trx) => {
        await markReturned(trx, request.params.id, request.body.reason ?? null, actorContext(request));
        await recordAudit(trx, auditActor(request), { action: 'shipment.return', entityType: 'shipment', entityId: request.params.id, detail: { reason: request.body.reason ?? null } });
      });
      return getShipment(db, request.params.id);
    },
  );

  app.post(
    '/api/shipments/:id/reports/:reportId/retry',
    {
      config: { permission: 'shipping.manage' },
      schema: { tags, summary: 'Send a failed channel report again', params: idParams.extend({ reportId: z.coerce.number().int().positive() }), response: { 200: shipmentOutput } },
    },
    async (request) => {
      await db.transaction().execute(async (trx) => {
        const report = await trx.selectFrom('shipment_reports').select('id').where('id', '=', request.params.reportId).where('shipment_id', '=', request.params.id).executeTakeFirst();
        if (!report) throw shippingErrors.shipment_report_not_found({ id: request.params.reportId });
        await retryShipmentReport(trx, report.id);
        await recordAudit(trx, auditActor(request), { action: 'shipment.report_retry', entityType: 'shipment', entityId: request.params.id, detail: { reportId: report.id } });
      });
      return getShipment(db, request.params.id);
    },
  );

  app.post(
    '/api/shipments/carrier-file/check',
    { config: { permission: 'shipping.manage' }, schema: { tags, summary: 'List what a carrier file cannot hold, before export', body: carrierFileInput, response: { 200: carrierFileCheckOutput } } },
    async (request) => {
      markUnchanged(request);
      const settings = await requireShippingSettings(db);
      const built = carrierFileOf(request.body.format, await shipmentsForExport(db, request.body.ids, settings), settings);
      return { rows: built.rows.length, problems: built.problems };
    },
  );

  app.post(
    '/api/shipments/carrier-file',
    { config: { permission: 'shipping.manage' }, schema: { tags, summary: "Export parcels in a carrier's import format (CP932 CSV)", body: carrierFileInput } },
    async (request, reply) => {
      const settings = await requireShippingSettings(db);
      const shipments = await shipmentsForExport(db, request.body.ids, settings);
      const built = carrierFileOf(request.body.format, shipments, settings);
      if (built.problems.length > 0 && !request.body.skipProblems) {
        const first = built.problems[0]!;
        throw shippingErrors.shipment_carrier_file_problems(
          { count: built.problems.length, first: `${first.shipmentNumber}: ${first.message.ja}`, firstEn: `${first.shipmentNumber}: ${first.message.en}` },
          { problems: built.problems },
        );
      }

      const left = new Set(built.problems.map((problem) => problem.shipmentNumber));
      const written = shipments.filter((shipment) => !left.has(shipment.number)).map((shipment) => shipment.id);
      await db.transaction().execute(async (trx) => {
        await markExported(trx, written, request.body.format, actorContext(request));
        await recordAudit(trx, auditActor(request), { action: 'shipment.export', entityType: 'shipment', detail: { format: request.body.format, shipments: written, skipped: [...left] } });
      });
      request.log.info({ format: request.body.format, rows: written.length, skipped: left.size }, 'carrier file exported');
      return reply
        .header('content-type', built.contentType)
        .header('content-disposition', `attachment; filename="${built.fileName}"`)
        .header('cache-control', 'no-store')
        .send(built.bytes);
    },
  );

  app.post(
    '/api/shipments/tracking-import',
    {
      config: { permission: 'shipping.manage' },
      bodyLimit: 30 * 1024 * 1024,
      schema: { tags, summary: "Attach tracking numbers from a carrier's issued-waybill file", body: trackingImportInput, response: { 200: trackingImportOutput } },
    },
    async (request) => {
      const { contentBase64, dryRun, markShipped, shippedOn } = request.body;
      const result = await importTrackingNumbers(db, Buffer.from(contentBase64, 'base64'), { dryRun, markShipped, ...(shippedOn ? { shippedOn } : {}) }, actorContext(request));
      if (dryRun || result.applied === 0) markUnchanged(request);
      else {
        await audit(request, 'shipment.tracking_import', null, {
          fileName: request.body.fileName ?? null,
          format: result.format,
          applied: result.rows.filter((row) => row.status === 'ok').map((row) => row.managementNumber),
          rejected: result.rows.filter((row) => row.status === 'invalid' || row.status === 'unknown' || row.status === 'not_shippable').length,
        });
      }
      request.log.info({ format: result.format, rows: result.rows.length, applied: result.applied, dryRun }, 'tracking numbers imported');
      return result;
    },
  );

  app.get(
    '/api/shipping/settings',
    { config: { permission: 'shipping.manage' }, schema: { tags, summary: 'The sender and carrier contract codes', response: { 200: shippingSettingsOutput } } },
    async () => ({ settings: await readShippingSettings(db), smtpConfigured: smtpConfigFromEnv(process.env) !== null }),
  );

  app.put(
    '/api/shipping/settings',
    { config: { permission: 'settings.change' }, schema: { tags, summary: 'Save the sender and carrier contract codes', body: shippingSettingsInput, response: { 200: shippingSettingsOutput } } },
    async (request) => {
      const settings = await db.transaction().execute(async (trx) => {
        const saved = await saveShippingSettings(trx, request.body, actorContext(request).userId);
        await recordAudit(trx, auditActor(request), { action: 'shipping.settings', entityType: 'shipping_settings', after: saved });
        return saved;
      });
      return { settings, smtpConfigured: smtpConfigFromEnv(process.env) !== null };
    },
  );

  await documentRoutes(app, deps);
}
