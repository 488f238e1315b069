import { UNRESTRICTED_SCOPE } from '../access/scope.js';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { expect, it } from 'vitest';
import { describeEachDatabase, type TestDatabase } from '../../../test/helpers/database.js';
import { createTestLocation, quantityAt, receiveTestItem } from '../../../test/helpers/factories.js';
import { openDatabase, type Db, type Tx } from '../../db/database.js';
import { isDomainError } from '../../shared/errors.js';
import { verifyLedger } from '../ledger/service.js';
import { sendTransfer } from '../transfers/service.js';
import { createWriteOff } from './service.js';

type Operation = 'write_off' | 'transfer';

interface Scenario {
  itemId: number;
  fromLocationId: number;
  toLocationId: number;
}

function runOperation(trx: Tx, operation: Operation, scenario: Scenario): Promise<{ number: string }> {
  const lines = [{ itemId: scenario.itemId, quantity: 1 }];
  if (operation === 'write_off') {
    return createWriteOff(trx, { locationId: scenario.fromLocationId, reason: 'loss', writtenOffOn: '2026-12-04', lines }, { userId: null, scope: UNRESTRICTED_SCOPE });
  }
  return sendTransfer(trx, { fromLocationId: scenario.fromLocationId, toLocationId: scenario.toLocationId, lines }, { userId: null, scope: UNRESTRICTED_SCOPE });
}

type Outcome = { ok: true; number: string } | { ok: false; code: string };

function toOutcome(error: unknown): Outcome {
  if (isDomainError(error)) return { ok: false, code: error.code };
  throw error;
}

/** Reads the piece's balance (so the transaction has really started), then waits for the barrier. */
async function readThenWait(trx: Tx, scenario: Scenario, barrier: () => Promise<void>): Promise<void> {
  await trx
    .selectFrom('stock_balances')
    .select('quantity')
    .where('item_id', '=', scenario.itemId)
    .where('location_id', '=', scenario.fromLocationId)
    .executeTakeFirst();
  await barrier();
}

/** Creates a barrier for `parties` callers: each call resolves once all of them have called it. */
function createBarrier(parties: number): () => Promise<void> {
  let arrived = 0;
  let release!: () => void;
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  return async () => {
    arrived += 1;
    if (arrived === parties) release();
    await released;
  };
}

/** PostgreSQL: two pools, so two server connections run the two transactions at the same time. */
async function racePostgres(database: TestDatabase, operations: [Operation, Operation], scenario: Scenario): Promise<Outcome[]> {
  const second = openDatabase({ databaseUrl: database.url, poolSize: 1 });
  const barrier = createBarrier(2);
  const attempt = (db: Db, operation: Operation) =>
    db
      .transaction()
      .execute(async (trx) => {
        await readThenWait(trx, scenario, barrier);
        return runOperation(trx, operation, scenario);
      })
      .then((result): Outcome => ({ ok: true, number: result.number }), toOutcome);
  try {
    return await Promise.all([attempt(database.db, operations[0]), attempt(second.db, operations[1])]);
  } finally {
    await second.close();
  }
}

/**
 * SQLite: the test process opens a transaction (BEGIN IMMEDIATE takes the write lock) and
 * reads. A child process with its own connection then starts the other operation, and its
 * BEGIN IMMEDIATE waits on busy_timeout. The first transaction does its work and commits
 * only after the child reports it is about to begin. The child then runs its conditional
 * update against the committed state.
 */
async function raceSqlite(database: TestDatabase, operations: [Operation, Operation], scenario: Scenario): Promise<Outcome[]> {
  const childScript = path.join(import.meta.dirname, 'concurrency-child.ts');
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', childScript, JSON.stringify({ sqliteFile: database.sqliteFile, operation: operations[1], ...scenario })],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const childExited = new Promise((resolve) => child.once('exit', resolve));

  const first = await database.db
    .transaction()
    .execute(async (trx) => {
      await readThenWait(trx, scenario, async () => {
        const ready = await lines.next();
        expect(ready.value).toBe('ready');
        // NOTE: a process cannot observe another one blocking inside BEGIN IMMEDIATE, so this
        // pause only makes the overlap very likely. The expected outcome is the same either way.
        await sleep(300);
      });
      return runOperation(trx, operations[0], scenario);
    })
    .then((result): Outcome => ({ ok: true, number: result.number }), toOutcome);

  const childLine = await lines.next();
  await childExited;
  return [first, JSON.parse(String(childLine.value)) as Outcome];
}

describeEachDatabase('concurrent stock operations', (database, kind) => {
  const pairs: Array<[Operation, Operation]> = [
    ['transfer', 'write_off'],
    ['write_off', 'write_off'],
  ];

  for (const operations of pairs) {
    it(`lets one of ${operations.join(' and ')} win`, async () => {
      const db = database().db;
      const store = await createTestLocation(db);
      const otherStore = await createTestLocation(db);
      const ring = await receiveTestItem(db, { locationId: store.id });
      const scenario = { itemId: ring.id, fromLocationId: store.id, toLocationId: otherStore.id };

      const outcomes =
        kind === 'postgres' ? await racePostgres(database(), operations, scenario) : await raceSqlite(database(), operations, scenario);

      const winners = outcomes.filter((outcome) => outcome.ok);
      const losers = outcomes.filter((outcome) => !outcome.ok);
      expect(winners).toHaveLength(1);
      expect(losers).toEqual([{ ok: false, code: 'insufficient_stock' }]);
      expect(await quantityAt(db, ring.id, store.id)).toBe(0);
      expect(await verifyLedger(db)).toEqual([]);

      const movementsOut = await db
        .selectFrom('stock_movements')
        .select('kind')
        .where('item_id', '=', ring.id)
        .where('from_location_id', '=', store.id)
        .execute();
      expect(movementsOut).toHaveLength(1);
    });
  }

  it('verifyLedger finds a tampered balance', async () => {
    const db = database().db;
    const store = await createTestLocation(db);
    const chain = await receiveTestItem(db, { locationId: store.id, quantity: 30, tracking: 'quantity', unit: 'cm', category: 'necklace' });
    expect(await verifyLedger(db)).toEqual([]);

    await db.updateTable('stock_balances').set({ quantity: 31 }).where('item_id', '=', chain.id).execute();
    expect(await verifyLedger(db)).toEqual([{ itemId: chain.id, locationId: store.id, balance: 31, ledger: 30 }]);

    await db.updateTable('stock_balances').set({ quantity: 30 }).where('item_id', '=', chain.id).execute();
    expect(await verifyLedger(db)).toEqual([]);
  });

  it('keeps ledger rows immutable', async () => {
    const db = database().db;
    const store = await createTestLocation(db);
    const ring = await receiveTestItem(db, { locationId: store.id });
    const movement = await db.selectFrom('stock_movements').select('id').where('item_id', '=', ring.id).executeTakeFirstOrThrow();

    await expect(db.updateTable('stock_movements').set({ quantity: 2 }).where('id', '=', movement.id).execute()).rejects.toThrow(
      /immutable/,
    );
    await expect(db.deleteFrom('stock_movements').where('id', '=', movement.id).execute()).rejects.toThrow(/immutable/);
    const still = await db.selectFrom('stock_movements').select('quantity').where('id', '=', movement.id).executeTakeFirstOrThrow();
    expect(still.quantity).toBe(1);
  });
});
