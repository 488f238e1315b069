// Request and response shapes of /api/shipments and /api/shipping, taken from the zod schemas in
// src/modules/shipping/schemas.ts so that the screens and the routes cannot drift apart.

import type { z } from 'zod';
import type {
  carrierFileCheckOutput,
  exportProblemOutput,
  notificationOutput,
  reportOutput,
  SHIPMENT_STATUSES as SERVER_SHIPMENT_STATUSES,
  ShipmentOutput,
  ShipmentSummary,
  shippingSettingsOutput,
  trackingImportOutput,
} from '../../../../src/modules/shipping/schemas.js';
import { CARRIER_SERVICES, type Carrier } from '../../../../src/modules/shipping/types.js';

export type { ShipmentOutput, ShipmentSummary } from '../../../../src/modules/shipping/schemas.js';
export {
  CARRIER_FILE_FORMATS,
  CARRIER_SERVICES,
  COD_SERVICES,
  COOL_TYPES,
  DELIVERY_TIMES,
  FORMAT_CARRIER,
  type Carrier,
  type CarrierFileFormat,
  type CarrierService,
  type CoolType,
  type DeliveryTime,
} from '../../../../src/modules/shipping/types.js';

/** Shipment statuses in the order of the 出荷管理 tabs, which the type check keeps equal to the server's list. */
export const SHIPMENT_STATUSES = ['to_ship', 'picking', 'packed', 'shipped', 'delivered', 'returned', 'cancelled'] as const satisfies typeof SERVER_SHIPMENT_STATUSES;
export type ShipmentStatus = (typeof SHIPMENT_STATUSES)[number];

/** Carriers in the order of CARRIER_SERVICES (Yamato, Sagawa, Japan Post). */
export const CARRIERS = Object.keys(CARRIER_SERVICES) as Carrier[];

/** Statuses in which the parcel has not left the shop, so its recipient and delivery may still change. */
export const EDITABLE_STATUSES: readonly ShipmentStatus[] = ['to_ship', 'picking', 'packed'];

export type ShipmentReport = z.output<typeof reportOutput>;
export type ReportStatus = ShipmentReport['status'];
export type ExportProblem = z.output<typeof exportProblemOutput>;
export type CarrierFileCheck = z.output<typeof carrierFileCheckOutput>;
export type TrackingImportResult = z.output<typeof trackingImportOutput>;
export type TrackingImportRow = TrackingImportResult['rows'][number];
export type ShipmentNotification = z.output<typeof notificationOutput>;
export type ShippingSettingsResponse = z.output<typeof shippingSettingsOutput>;
export type ShippingSettings = NonNullable<ShippingSettingsResponse['settings']>;

/** A shipment of one channel order, as GET /api/channel-orders/:id lists it under `shipments`. */
export interface OrderShipment {
  id: number;
  number: string;
  status: ShipmentStatus;
  carrier: Carrier | null;
  trackingNumber: string | null;
  trackingUrl: string | null;
  shippedAt: string | null;
  reports: Array<{ status: ReportStatus; acceptedAt: string | null; lastError: { ja: string; en: string } | null }>;
}
