import { auditRoutes } from '../modules/audit/routes.js';
import { authRoutes } from '../modules/auth/routes.js';
import { channelAccountRoutes } from '../modules/channels/accounts/routes.js';
import { fileExportRoutes } from '../modules/channels/files/routes.js';
import { listingRoutes } from '../modules/channels/listings/routes.js';
import { companyRoutes } from '../modules/company/routes.js';
import { customerRoutes } from '../modules/customers/routes.js';
import { itemCsvRoutes } from '../modules/item-csv/routes.js';
import { itemRoutes } from '../modules/items/routes.js';
import { locationRoutes } from '../modules/locations/routes.js';
import { purchaseRoutes } from '../modules/purchases/routes.js';
import { receiptRoutes } from '../modules/receipts/routes.js';
import { roleRoutes } from '../modules/roles/routes.js';
import { saleRoutes } from '../modules/sales/routes.js';
import { splitCombineRoutes } from '../modules/split-combine/routes.js';
import { supplierRoutes } from '../modules/suppliers/routes.js';
import { supplierReturnRoutes } from '../modules/supplier-returns/routes.js';
import { transferRoutes } from '../modules/transfers/routes.js';
import { writeOffRoutes } from '../modules/write-offs/routes.js';
import { userRoutes } from '../modules/users/routes.js';
import { channelOrderRoutes } from '../modules/channels/orders/routes.js';
import { channelSyncRoutes } from '../modules/channels/sync/routes.js';
import { consignmentInRoutes } from '../modules/consignment-in/routes.js';
import { consignmentStatementRoutes } from '../modules/consignment-in/statement-routes.js';
import { consignmentOutRoutes } from '../modules/consignment-out/routes.js';
import { exhibitionRoutes } from '../modules/exhibitions/routes.js';
import { offlineSaleRoutes } from '../modules/offline-sales/routes.js';
import { stockReportRoutes } from '../modules/stock-reports/routes.js';
import { priceTagRoutes } from '../modules/price-tags/routes.js';
import { tagTemplateRoutes } from '../modules/price-tags/template-routes.js';
import { stocktakeRoutes } from '../modules/stocktakes/routes.js';
import { shippingRoutes } from '../modules/shipping/routes.js';
import { analyticsRoutes } from '../modules/analytics/routes.js';
import { photoStudioRoutes } from '../modules/photo-studio/studio/routes.js';
import type { App, AppDeps } from './types.js';

/** Every module's routes, registered in this order by buildApp. */
export const ROUTE_MODULES: Array<(app: App, deps: AppDeps) => Promise<void>> = [
  authRoutes,
  userRoutes,
  roleRoutes,
  companyRoutes,
  locationRoutes,
  itemRoutes,
  itemCsvRoutes,
  supplierRoutes,
  purchaseRoutes,
  supplierReturnRoutes,
  splitCombineRoutes,
  transferRoutes,
  writeOffRoutes,
  saleRoutes,
  receiptRoutes,
  customerRoutes,
  channelAccountRoutes,
  listingRoutes,
  channelOrderRoutes,
  channelSyncRoutes,
  fileExportRoutes,
  consignmentInRoutes,
  consignmentStatementRoutes,
  consignmentOutRoutes,
  exhibitionRoutes,
  offlineSaleRoutes,
  stockReportRoutes,
  priceTagRoutes,
  tagTemplateRoutes,
  stocktakeRoutes,
  shippingRoutes,
  analyticsRoutes,
  photoStudioRoutes,
  auditRoutes,
];
