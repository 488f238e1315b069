// Runs one stock operation on a SQLite file from a separate process, for the concurrency
// test: a second process is the only way to have a second SQLite connection block in
// BEGIN IMMEDIATE while the first one (in the test process) still holds the write lock.
// Usage: node --import tsx concurrency-child.ts '<json>'; prints "ready", then one JSON result line.

import { UNRESTRICTED_SCOPE } from '../access/scope.js';
import { openDatabase } from '../../db/database.js';
import { isDomainError } from '../../shared/errors.js';
import { sendTransfer } from '../transfers/service.js';
import { createWriteOff } from './service.js';

interface ChildRequest {
  sqliteFile: string;
  operation: 'write_off' | 'transfer';
  itemId: number;
  fromLocationId: number;
  toLocationId: number;
}

async function main(): Promise<void> {
  const request = JSON.parse(process.argv[2] ?? '{}') as ChildRequest;
  const handle = openDatabase({ sqliteFile: request.sqliteFile });
  const lines = [{ itemId: request.itemId, quantity: 1 }];

  process.stdout.write('ready\n');
  try {
    const number = await handle.db.transaction().execute(async (trx) => {
      if (request.operation === 'write_off') {
        return (await createWriteOff(trx, { locationId: request.fromLocationId, reason: 'loss', writtenOffOn: '2026-12-04', lines }, { userId: null, scope: UNRESTRICTED_SCOPE })).number;
      }
      return (await sendTransfer(trx, { fromLocationId: request.fromLocationId, toLocationId: request.toLocationId, lines }, { userId: null, scope: UNRESTRICTED_SCOPE })).number;
    });
    process.stdout.write(`${JSON.stringify({ ok: true, number })}\n`);
  } catch (error) {
    const code = isDomainError(error) ? error.code : String(error);
    process.stdout.write(`${JSON.stringify({ ok: false, code })}\n`);
  } finally {
    await handle.close();
  }
}

await main();
