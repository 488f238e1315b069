import type { ReportDefinition } from './registry.js';

/** Sales totals, staff performance and targets reports. */
export const SALES_REPORTS: ReportDefinition[] = [];
