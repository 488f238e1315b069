import type { App, AppDeps } from '../../../server/types.js';

// Routes of the photo studio (/api/photo-studio/...). Filled in by the studio work.
export async function photoStudioRoutes(_app: App, _deps: AppDeps): Promise<void> {}
