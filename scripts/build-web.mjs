// Builds the web UI into web/dist when it is missing or older than its sources, so that
// `npm start` on a fresh clone serves the UI without a separate build step. The browser
// tests import buildWebIfStale from here for the same check.
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'vite';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const built = path.join(root, 'web/dist/index.html');

function newestChange(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestChange(full) : statSync(full).mtimeMs);
  }
  return newest;
}

/** Checks whether web/dist is missing or older than web/src, web/index.html or vite.config.ts. */
export function webBuildIsStale() {
  const sources = [path.join(root, 'web/src'), path.join(root, 'web/index.html'), path.join(root, 'vite.config.ts')];
  const sourceTime = Math.max(...sources.filter(existsSync).map((p) => (statSync(p).isDirectory() ? newestChange(p) : statSync(p).mtimeMs)));
  return !existsSync(built) || statSync(built).mtimeMs < sourceTime;
}

/**
 * Builds the UI when it is stale, or always with `force`. Returns whether it built.
 * @param {{ force?: boolean, log?: (line: string) => void }} [options]
 */
export async function buildWebIfStale({ force = false, log = console.log } = {}) {
  if (!force && !webBuildIsStale()) {
    log('web UI is up to date');
    return false;
  }
  log('building the web UI...');
  await build({ configFile: path.join(root, 'vite.config.ts'), logLevel: 'warn' });
  log('web UI built into web/dist');
  return true;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await buildWebIfStale({ force: process.argv.includes('--force') });
}
