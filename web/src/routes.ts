import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import { matchPath } from './lib/router.js';

export interface PageProps {
  params: Record<string, string>;
}

interface Route {
  path: string;
  component: LazyExoticComponent<ComponentType<PageProps>>;
}

/** Loads a page's named export on first visit, so each screen is its own bundle chunk. */
function page<K extends string>(load: () => Promise<Record<K, ComponentType<PageProps>>>, name: K) {
  return lazy(async () => ({ default: (await load())[name] }));
}

// More specific paths come first: "/purchases/new" before "/purchases/:id".
export const ROUTES: Route[] = [
  { path: '/items', component: page(() => import('./pages/items/ItemsListPage.js'), 'ItemsListPage') },
  { path: '/items/:id', component: page(() => import('./pages/items/ItemDetailPage.js'), 'ItemDetailPage') },
  { path: '/purchases', component: page(() => import('./pages/purchases/PurchasesListPage.js'), 'PurchasesListPage') },
  { path: '/purchases/new', component: page(() => import('./pages/purchases/PurchaseEntryPage.js'), 'PurchaseEntryPage') },
  { path: '/purchases/:id', component: page(() => import('./pages/purchases/PurchaseDetailPage.js'), 'PurchaseDetailPage') },
  { path: '/supplier-returns', component: page(() => import('./pages/supplier-returns/SupplierReturnPage.js'), 'SupplierReturnPage') },
  { path: '/secondhand-ledger', component: page(() => import('./pages/purchases/SecondhandLedgerPage.js'), 'SecondhandLedgerPage') },
  { path: '/transfers', component: page(() => import('./pages/transfers/TransfersPage.js'), 'TransfersPage') },
  { path: '/transfers/new', component: page(() => import('./pages/transfers/TransferSendPage.js'), 'TransferSendPage') },
  { path: '/write-offs', component: page(() => import('./pages/write-offs/WriteOffPage.js'), 'WriteOffPage') },
  { path: '/split', component: page(() => import('./pages/split-combine/SplitPage.js'), 'SplitPage') },
  { path: '/combine', component: page(() => import('./pages/split-combine/CombinePage.js'), 'CombinePage') },
  { path: '/import', component: page(() => import('./pages/csv/ImportPage.js'), 'ImportPage') },
  { path: '/locations', component: page(() => import('./pages/locations/LocationsPage.js'), 'LocationsPage') },
  { path: '/suppliers', component: page(() => import('./pages/suppliers/SuppliersPage.js'), 'SuppliersPage') },
  { path: '/company', component: page(() => import('./pages/company/CompanyPage.js'), 'CompanyPage') },
];

export function findRoute(pathname: string): { route: Route; params: Record<string, string> } | undefined {
  for (const route of ROUTES) {
    const params = matchPath(route.path, pathname);
    if (params) return { route, params };
  }
  return undefined;
}
