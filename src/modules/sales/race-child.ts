// One party of the counter-sale race test on SQLite, as its own process with its own
// connection, because only separate connections contend for SQLite's write lock.
// Usage: node --import tsx race-child.ts '<json: sqliteFile, role, registerId, userId>'.
// Prints "ready", then reads one JSON line per round ({ itemId, price }) from stdin and
// prints one JSON outcome line per round.

import { createInterface } from 'node:readline';
import { openDatabase } from '../../db/database.js';
import { UNRESTRICTED_SCOPE } from '../access/scope.js';
import { raceAttempt, type RaceRole } from './race.js';

interface ChildRequest {
  sqliteFile: string;
  role: RaceRole;
  registerId: number;
  userId: number;
}

const request = JSON.parse(process.argv[2] ?? '{}') as ChildRequest;
const handle = openDatabase({ sqliteFile: request.sqliteFile });
process.stdout.write('ready\n');

for await (const line of createInterface({ input: process.stdin })) {
  const round = JSON.parse(line) as { itemId: number; price: number };
  const outcome = await raceAttempt(handle.db, request.role, { ...round, registerId: request.registerId, userId: request.userId, scope: UNRESTRICTED_SCOPE });
  process.stdout.write(`${JSON.stringify(outcome)}\n`);
}
await handle.close();
