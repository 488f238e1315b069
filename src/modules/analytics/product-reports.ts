import type { ReportDefinition } from './registry.js';

/** Product analysis, inventory value and consignment reports. */
export const PRODUCT_REPORTS: ReportDefinition[] = [];
