import type { ReportDefinition } from './registry.js';
import { SALES_REPORTS } from './sales-reports.js';
import { PRODUCT_REPORTS } from './product-reports.js';

/** Every analytics report, in menu order. */
export const ANALYTICS_REPORTS: readonly ReportDefinition[] = [...SALES_REPORTS, ...PRODUCT_REPORTS];
