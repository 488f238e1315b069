import { spawn, type ChildProcessByStdio } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase, type TestDatabase } from '../../../test/helpers/database.js';
import { createTestLocation, receiveTestItem } from '../../../test/helpers/factories.js';
import { openDatabase, type Db } from '../../db/database.js';
import { UNRESTRICTED_SCOPE } from '../access/scope.js';
import { createUser } from '../auth/service.js';
import { verifyLedger } from '../ledger/service.js';
import { raceAttempt, type RaceOutcome, type RaceRole } from './race.js';
import { createRegister } from './registers.js';

// Two registers and a channel reservation race for the same unique piece, 100 times.
// Exactly one of the three must win each round, and the piece's balance must end as the
// winner left it: sold (0 on hand) or held (1 on hand, 1 reserved), never below zero.

const ROUNDS = 100;
const PRICE = 50_000;

interface Party {
  role: RaceRole;
  registerId: number;
  attempt(itemId: number): Promise<RaceOutcome>;
  close(): Promise<void>;
}

/** PostgreSQL: each party has its own pool of one connection, so the three run at the same time. */
function postgresParty(database: TestDatabase, role: RaceRole, registerId: number, userId: number): Party {
  const handle = openDatabase({ databaseUrl: database.url, poolSize: 1 });
  return {
    role,
    registerId,
    attempt: (itemId) => raceAttempt(handle.db, role, { itemId, price: PRICE, registerId, userId, scope: UNRESTRICTED_SCOPE }),
    close: () => handle.close(),
  };
}

/**
 * SQLite: each party is a separate process with its own connection, so the three contend
 * for the file's write lock as two tills and a channel worker would.
 */
async function sqliteParty(database: TestDatabase, role: RaceRole, registerId: number, userId: number): Promise<Party> {
  const child: ChildProcessByStdio<Writable, Readable, null> = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(import.meta.dirname, 'race-child.ts'), JSON.stringify({ sqliteFile: database.sqliteFile, role, registerId, userId })],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const ready = await lines.next();
  expect(ready.value).toBe('ready');
  return {
    role,
    registerId,
    attempt: async (itemId) => {
      child.stdin.write(`${JSON.stringify({ itemId, price: PRICE })}\n`);
      const line = await lines.next();
      return JSON.parse(String(line.value)) as RaceOutcome;
    },
    close: async () => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.stdin.end();
      await exited;
    },
  };
}

describeEachDatabase('counter sales racing a channel reservation', (database, kind) => {
  let parties: Party[] = [];
  let storeId = 0;

  beforeAll(async () => {
    const db = database().db;
    const store = await createTestLocation(db);
    storeId = store.id;
    const user = await createUser(db, { email: `race-${kind}@example.test`, password: 'correct horse battery', locale: 'ja', isOwner: true });
    const registers = await db.transaction().execute(async (trx) => [
      (await trx.selectFrom('registers').select('id').where('location_id', '=', store.id).executeTakeFirstOrThrow()).id,
      (await createRegister(trx, { locationId: store.id, code: '2', name: 'レジ2', isActive: true }, UNRESTRICTED_SCOPE)).id,
    ]);

    const roles: Array<[RaceRole, number]> = [
      ['register', registers[0]!],
      ['register', registers[1]!],
      ['channel', registers[0]!],
    ];
    parties = await Promise.all(
      roles.map(([role, registerId]) =>
        kind === 'postgres' ? Promise.resolve(postgresParty(database(), role, registerId, user.id)) : sqliteParty(database(), role, registerId, user.id),
      ),
    );
  }, 60_000);

  afterAll(async () => {
    await Promise.all(parties.map((party) => party.close()));
  });

  it(`sells or reserves each piece exactly once over ${ROUNDS} rounds`, async () => {
    const db: Db = database().db;
    const wins = { register: 0, channel: 0 };

    for (let round = 0; round < ROUNDS; round += 1) {
      const piece = await receiveTestItem(db, { locationId: storeId, retailPrice: PRICE });
      const outcomes = await Promise.all(parties.map((party) => party.attempt(piece.id)));

      const winners = parties.filter((_, index) => outcomes[index]!.ok);
      expect(winners, `round ${round}: ${JSON.stringify(outcomes)}`).toHaveLength(1);
      for (const outcome of outcomes) {
        if (!outcome.ok) expect(['insufficient_stock', 'stock_reserved', 'item_not_available', 'nothing_to_reserve']).toContain(outcome.code);
      }
      wins[winners[0]!.role] += 1;

      const balance = await db.selectFrom('stock_balances').select(['quantity', 'reserved_quantity']).where('item_id', '=', piece.id).executeTakeFirstOrThrow();
      expect(balance).toEqual(winners[0]!.role === 'channel' ? { quantity: 1, reserved_quantity: 1 } : { quantity: 0, reserved_quantity: 0 });
      const sales = await db.selectFrom('sale_lines').select('sale_id').where('item_id', '=', piece.id).execute();
      expect(sales).toHaveLength(winners[0]!.role === 'channel' ? 0 : 1);
    }

    expect(wins.register + wins.channel).toBe(ROUNDS);
    const negative = await db.selectFrom('stock_balances').select('item_id').where('quantity', '<', 0).execute();
    expect(negative).toEqual([]);
    expect(await verifyLedger(db)).toEqual([]);
  }, 120_000);
});
