import type { App, AppDeps } from '../../server/types.js';

/** The analytics dashboard. */
export async function dashboardRoutes(_app: App, _deps: AppDeps): Promise<void> {}
