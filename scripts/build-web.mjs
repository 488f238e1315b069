// Builds the web UI into web/dist when it is missing or older than its sources, so that
// `npm start` on a fresh clone serves the UI without a separate build step.
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
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

const sources = [path.join(root, 'web/src'), path.join(root, 'web/index.html'), path.join(root, 'vite.config.ts')];
const sourceTime = Math.max(...sources.filter(existsSync).map((p) => (statSync(p).isDirectory() ? newestChange(p) : statSync(p).mtimeMs)));
const force = process.argv.includes('--force');

if (!force && existsSync(built) && statSync(built).mtimeMs >= sourceTime) {
  console.log('web UI is up to date');
} else {
  console.log('building the web UI...');
  await build({ configFile: path.join(root, 'vite.config.ts'), logLevel: 'warn' });
  console.log('web UI built into web/dist');
}
