import { runCatalogueBench } from './catalogue.js';
import { runCheckoutBench } from './checkout.js';
import { runPhotosBench } from './photos.js';
import { runReportsBench } from './reports.js';
import { runSyncBench } from './sync.js';

// Entry point of `npm run bench -- <name>`: runs one benchmark by name. Each benchmark
// prints its progress to stderr and its figures to stdout, the last line one JSON object.

const BENCHES: Record<string, (args: string[]) => Promise<void>> = {
  catalogue: runCatalogueBench,
  checkout: runCheckoutBench,
  photos: runPhotosBench,
  reports: runReportsBench,
  sync: runSyncBench,
};

const [name, ...args] = process.argv.slice(2);
const bench = name === undefined ? undefined : BENCHES[name];
if (!bench) {
  process.stderr.write(`Usage: npm run bench -- <name>\nBenchmarks: ${Object.keys(BENCHES).join(', ')}\n`);
  process.exit(2);
}

try {
  await bench(args);
} catch (error) {
  process.stderr.write(`bench ${name} failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
}
