// One channel sync runner process of the crash test (crash.test.ts), which kills it with
// SIGKILL and starts it again. It runs a ChannelHub as `tsunagu runner` does, with short
// idle, retry and poll settings so that a test run takes seconds rather than minutes.
// Usage: node --import tsx crash-child.ts '<json: ChildRequest>'.
// Prints "ready" on stdout once the hub has started; logs JSON lines on stderr.
// SIGTERM stops the hub cleanly; SIGKILL is the crash under test.

import pino from 'pino';
import { openDatabase } from '../../../db/database.js';
import { keyringOf } from '../../../shared/secrets.js';
import { ChannelHub } from './hub.js';

export interface CrashChildRequest {
  /** PostgreSQL connection string; SQLite when absent. */
  databaseUrl?: string;
  sqliteFile?: string;
  /** Instance key as 64 hexadecimal characters: the key the channel credentials were sealed with. */
  secretKeyHex: string;
  /**
   * Worker id of the hub. A restarted runner takes the id of the one it replaces, so it
   * takes over that runner's lane and poll leases at once instead of waiting for them to
   * run out (`tsunagu runner` picks a random id on every start).
   */
  workerId: string;
  logLevel?: string;
}

const request = JSON.parse(process.argv[2] ?? '{}') as CrashChildRequest;
const handle = openDatabase(request.databaseUrl ? { databaseUrl: request.databaseUrl, poolSize: 4 } : { sqliteFile: request.sqliteFile! });
const logger = pino({ level: request.logLevel ?? 'info', base: { workerId: request.workerId } }, pino.destination(2));

const hub = new ChannelHub({
  db: handle.db,
  keys: keyringOf(Buffer.from(request.secretKeyHex, 'hex')),
  logger,
  workerId: request.workerId,
  // The hub's timer runs due polls once a second, so any poll interval under 1 s acts as 1 s.
  pollSeconds: 1,
  // The test marks every account reconciled before the runners start, so no reconciliation
  // corrects the channels' stock behind the test's back.
  reconcileSeconds: 3600,
  probeSeconds: 1,
  // Yahoo cancellations of orders already imported show only when open orders are read again.
  openOrderRefreshSeconds: 2,
  idleMs: 20,
  // Lets a second PostgreSQL runner take over a killed runner's lanes within 4 s.
  laneLeaseMs: 4_000,
  retryBaseMs: 200,
  retryMaxMs: 1_000,
});

await hub.start();
process.stdout.write('ready\n');

process.once('SIGTERM', () => {
  void hub
    .stop()
    .then(() => handle.close())
    .then(() => process.exit(0));
});
