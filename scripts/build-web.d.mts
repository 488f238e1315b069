/** Checks whether web/dist is missing or older than web/src, web/index.html or vite.config.ts. */
export function webBuildIsStale(): boolean;

/** Builds the web UI when it is stale, or always with `force`. Resolves to whether it built. */
export function buildWebIfStale(options?: { force?: boolean; log?: (line: string) => void }): Promise<boolean>;
