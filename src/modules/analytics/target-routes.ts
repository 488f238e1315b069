import type { App, AppDeps } from '../../server/types.js';

/** Sales target routes: the grid, CSV import and achievement. */
export async function targetRoutes(_app: App, _deps: AppDeps): Promise<void> {}
