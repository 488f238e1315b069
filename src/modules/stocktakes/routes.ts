import type { App, AppDeps } from '../../server/types.js';

// Placeholder registered in src/server/routes.ts; the module's routes are added here.
export async function stocktakeRoutes(_app: App, _deps: AppDeps): Promise<void> {}
