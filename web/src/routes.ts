import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import { meetsRequirement, type PermissionRequirement } from './auth/permissions.js';
import { matchPath } from './lib/router.js';

export interface PageProps {
  params: Record<string, string>;
}

export interface Route {
  path: string;
  component: LazyExoticComponent<ComponentType<PageProps>>;
  /**
   * Permission requirement of the screen, matching the API routes it calls. It is left out
   * for screens any signed-in user may open. The side menu hides screens a user cannot open.
   */
  permission?: PermissionRequirement;
}

/** Loads a page's named export on first visit, so each screen is its own bundle chunk. */
function page<K extends string>(load: () => Promise<Record<K, ComponentType<PageProps>>>, name: K) {
  return lazy(async () => ({ default: (await load())[name] }));
}

// More specific paths come first: "/purchases/new" before "/purchases/:id".
export const ROUTES: Route[] = [
  { path: '/items', permission: 'stock.view', component: page(() => import('./pages/items/ItemsListPage.js'), 'ItemsListPage') },
  { path: '/items/:id', permission: 'stock.view', component: page(() => import('./pages/items/ItemDetailPage.js'), 'ItemDetailPage') },
  { path: '/photo-studio', permission: 'items.edit', component: page(() => import('./pages/photo-studio/PhotoStudioPage.js'), 'PhotoStudioPage') },
  { path: '/customers', permission: 'customers.personal_data', component: page(() => import('./pages/customers/CustomersPage.js'), 'CustomersPage') },
  { path: '/customers/:id', permission: 'customers.personal_data', component: page(() => import('./pages/customers/CustomerDetailPage.js'), 'CustomerDetailPage') },
  { path: '/purchases', permission: 'purchases.receive', component: page(() => import('./pages/purchases/PurchasesListPage.js'), 'PurchasesListPage') },
  { path: '/purchases/new', permission: 'purchases.receive', component: page(() => import('./pages/purchases/PurchaseEntryPage.js'), 'PurchaseEntryPage') },
  { path: '/purchases/:id', permission: 'purchases.receive', component: page(() => import('./pages/purchases/PurchaseDetailPage.js'), 'PurchaseDetailPage') },
  { path: '/supplier-returns', permission: 'purchases.receive', component: page(() => import('./pages/supplier-returns/SupplierReturnPage.js'), 'SupplierReturnPage') },
  { path: '/secondhand-ledger', permission: 'purchases.receive', component: page(() => import('./pages/purchases/SecondhandLedgerPage.js'), 'SecondhandLedgerPage') },
  { path: '/transfers', permission: 'stock.view', component: page(() => import('./pages/transfers/TransfersPage.js'), 'TransfersPage') },
  { path: '/transfers/new', permission: 'stock.transfer', component: page(() => import('./pages/transfers/TransferSendPage.js'), 'TransferSendPage') },
  { path: '/sales', permission: 'sales.sell', component: page(() => import('./pages/sales/SalesListPage.js'), 'SalesListPage') },
  { path: '/sales/new', permission: 'sales.sell', component: page(() => import('./pages/sales/SalesRegisterPage.js'), 'SalesRegisterPage') },
  { path: '/sales/closing', permission: 'sales.sell', component: page(() => import('./pages/sales/RegisterClosingPage.js'), 'RegisterClosingPage') },
  { path: '/sales/registers', permission: 'settings.change', component: page(() => import('./pages/sales/RegistersPage.js'), 'RegistersPage') },
  { path: '/sales/offline', permission: 'sales.sell', component: page(() => import('./pages/sales/OfflineSalesPage.js'), 'OfflineSalesPage') },
  { path: '/sales/:id', permission: 'sales.sell', component: page(() => import('./pages/sales/SaleDetailPage.js'), 'SaleDetailPage') },
  { path: '/write-offs', permission: 'stock.write_off', component: page(() => import('./pages/write-offs/WriteOffPage.js'), 'WriteOffPage') },
  { path: '/split', permission: 'items.edit', component: page(() => import('./pages/split-combine/SplitPage.js'), 'SplitPage') },
  { path: '/combine', permission: 'items.edit', component: page(() => import('./pages/split-combine/CombinePage.js'), 'CombinePage') },
  // The screen imports (items.edit) and exports (data.export), and shows each part only to users who may use it.
  { path: '/import', permission: ['items.edit', 'data.export'], component: page(() => import('./pages/csv/ImportPage.js'), 'ImportPage') },
  { path: '/channels', permission: 'channels.manage', component: page(() => import('./pages/channels/ChannelAccountsPage.js'), 'ChannelAccountsPage') },
  { path: '/channels/listings', permission: 'channels.manage', component: page(() => import('./pages/channels/ListingsPage.js'), 'ListingsPage') },
  { path: '/channels/orders', permission: 'channels.manage', component: page(() => import('./pages/channels/ChannelOrdersPage.js'), 'ChannelOrdersPage') },
  { path: '/channels/orders/:id', permission: 'channels.manage', component: page(() => import('./pages/channels/ChannelOrderDetailPage.js'), 'ChannelOrderDetailPage') },
  { path: '/channels/sync', permission: 'channels.manage', component: page(() => import('./pages/channels/ChannelSyncPage.js'), 'ChannelSyncPage') },
  { path: '/shipping', permission: 'shipping.manage', component: page(() => import('./pages/shipping/ShipmentsPage.js'), 'ShipmentsPage') },
  { path: '/shipping/settings', permission: 'shipping.manage', component: page(() => import('./pages/shipping/ShippingSettingsPage.js'), 'ShippingSettingsPage') },
  { path: '/shipping/:id', permission: 'shipping.manage', component: page(() => import('./pages/shipping/ShipmentDetailPage.js'), 'ShipmentDetailPage') },
  { path: '/consignment/consignors', permission: 'consignment.manage', component: page(() => import('./pages/consignment-in/ConsignorsPage.js'), 'ConsignorsPage') },
  { path: '/consignment/consignors/:id', permission: 'consignment.manage', component: page(() => import('./pages/consignment-in/ConsignorDetailPage.js'), 'ConsignorDetailPage') },
  { path: '/consignment/receive', permission: 'consignment.manage', component: page(() => import('./pages/consignment-in/ConsignmentReceivePage.js'), 'ConsignmentReceivePage') },
  { path: '/consignment/returns', permission: 'consignment.manage', component: page(() => import('./pages/consignment-in/ConsignmentReturnPage.js'), 'ConsignmentReturnPage') },
  { path: '/consignment/statements', permission: 'consignment.settle', component: page(() => import('./pages/consignment-in/StatementsPage.js'), 'StatementsPage') },
  { path: '/consignment/statements/:id', permission: 'consignment.settle', component: page(() => import('./pages/consignment-in/StatementDetailPage.js'), 'StatementDetailPage') },
  { path: '/consignment-out/consignees', permission: 'consignment.manage', component: page(() => import('./pages/consignment-out/ConsigneesPage.js'), 'ConsigneesPage') },
  { path: '/consignment-out/send', permission: 'consignment.manage', component: page(() => import('./pages/consignment-out/ConsignmentSendPage.js'), 'ConsignmentSendPage') },
  { path: '/consignment-out/reports', permission: 'consignment.manage', component: page(() => import('./pages/consignment-out/ConsigneeReportsPage.js'), 'ConsigneeReportsPage') },
  { path: '/consignment-out/aging', permission: 'consignment.manage', component: page(() => import('./pages/consignment-out/ConsignmentAgingPage.js'), 'ConsignmentAgingPage') },
  { path: '/exhibitions', permission: 'exhibitions.manage', component: page(() => import('./pages/exhibitions/ExhibitionsPage.js'), 'ExhibitionsPage') },
  { path: '/exhibitions/:id', permission: 'exhibitions.manage', component: page(() => import('./pages/exhibitions/ExhibitionDetailPage.js'), 'ExhibitionDetailPage') },
  { path: '/stocktakes', permission: 'stock.transfer', component: page(() => import('./pages/stocktakes/StocktakesPage.js'), 'StocktakesPage') },
  { path: '/stocktakes/:id', permission: 'stock.transfer', component: page(() => import('./pages/stocktakes/StocktakeCountPage.js'), 'StocktakeCountPage') },
  { path: '/price-tags', permission: 'stock.view', component: page(() => import('./pages/price-tags/PriceTagsPage.js'), 'PriceTagsPage') },
  { path: '/analytics', permission: 'reports.view', component: page(() => import('./pages/analytics/DashboardPage.js'), 'DashboardPage') },
  { path: '/analytics/sales', permission: 'reports.view', component: page(() => import('./pages/analytics/SalesReportPage.js'), 'SalesReportPage') },
  { path: '/analytics/staff', permission: 'reports.view', component: page(() => import('./pages/analytics/StaffReportPage.js'), 'StaffReportPage') },
  { path: '/analytics/products', permission: 'reports.view', component: page(() => import('./pages/analytics/ProductReportPage.js'), 'ProductReportPage') },
  { path: '/analytics/inventory', permission: 'reports.view', component: page(() => import('./pages/analytics/InventoryReportPage.js'), 'InventoryReportPage') },
  { path: '/analytics/targets', permission: 'reports.view', component: page(() => import('./pages/analytics/TargetsPage.js'), 'TargetsPage') },
  { path: '/analytics/settings', permission: 'reports.view', component: page(() => import('./pages/analytics/AnalyticsSettingsPage.js'), 'AnalyticsSettingsPage') },
  { path: '/reports/stock', permission: 'stock.view', component: page(() => import('./pages/stock-reports/StockValuePage.js'), 'StockValuePage') },
  { path: '/locations', permission: 'settings.change', component: page(() => import('./pages/locations/LocationsPage.js'), 'LocationsPage') },
  { path: '/suppliers', permission: 'purchases.receive', component: page(() => import('./pages/suppliers/SuppliersPage.js'), 'SuppliersPage') },
  { path: '/company', permission: 'settings.change', component: page(() => import('./pages/company/CompanyPage.js'), 'CompanyPage') },
  { path: '/users', permission: 'users.manage', component: page(() => import('./pages/users/UsersPage.js'), 'UsersPage') },
  { path: '/roles', permission: 'users.manage', component: page(() => import('./pages/roles/RolesPage.js'), 'RolesPage') },
  { path: '/audit', permission: 'audit.view', component: page(() => import('./pages/audit/AuditPage.js'), 'AuditPage') },
  { path: '/profile', component: page(() => import('./pages/profile/ProfilePage.js'), 'ProfilePage') },
];

export function findRoute(pathname: string): { route: Route; params: Record<string, string> } | undefined {
  for (const route of ROUTES) {
    const params = matchPath(route.path, pathname);
    if (params) return { route, params };
  }
  return undefined;
}

/** Screens to land on after sign-in, in order of preference. The first one the user may open is chosen. */
const HOME_CANDIDATES = ['/items', '/transfers', '/purchases', '/write-offs', '/audit', '/users', '/profile'];

/** Returns the landing screen of a user: the items list for most, the profile for a user with no other screen. */
export function homePath(user: Parameters<typeof meetsRequirement>[0]): string {
  for (const path of HOME_CANDIDATES) {
    const route = ROUTES.find((candidate) => candidate.path === path);
    if (route && meetsRequirement(user, route.permission)) return path;
  }
  return '/profile';
}

/** Returns the requirement of the screen at a menu path, or undefined for a screen any user may open. */
export function permissionOf(path: string): PermissionRequirement | undefined {
  return ROUTES.find((route) => route.path === path)?.permission;
}
