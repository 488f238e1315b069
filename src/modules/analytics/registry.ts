import type { z } from 'zod';
import type { Executor } from '../../db/database.js';
import type { Locale } from '../../shared/errors.js';
import type { LocationScope } from '../access/scope.js';
import type { Permission } from '../access/permissions.js';
import type { ReportTable } from './table.js';

// The analytics reports. Each is a query schema and a function that returns a ReportTable;
// routes.ts gives every report a JSON route and an export route from this list, so adding a
// report is adding it here.

export interface ReportContext {
  scope: LocationScope;
  locale: Locale;
  userId: number;
  /** Today's business date in Japan, YYYY-MM-DD; tests pass a fixed one. */
  today: string;
  /** Whether the user has 'cost.view'; reports ranked by a cost-derived figure need it. */
  canSeeCost: boolean;
}

export interface ReportDefinition<Query extends z.ZodObject = z.ZodObject> {
  /** URL segment and file name: GET /api/analytics/reports/<id>. */
  id: string;
  /** One line for the OpenAPI document. */
  summary: string;
  permission: Permission;
  query: Query;
  run(db: Executor, query: z.infer<Query>, ctx: ReportContext): Promise<ReportTable>;
}

/** Keeps a definition's query and run types tied together while the list holds mixed ones. */
export function defineReport<Query extends z.ZodObject>(definition: ReportDefinition<Query>): ReportDefinition {
  return definition as unknown as ReportDefinition;
}

/**
 * Locations whose figures the user may see, or undefined for every location. A user limited
 * to some locations (the manager of one store) sees the analytics of those locations only.
 */
export function reportLocationFilter(scope: LocationScope): readonly number[] | undefined {
  return scope.all ? undefined : scope.locationIds.length > 0 ? scope.locationIds : [0];
}
