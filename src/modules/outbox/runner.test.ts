import { describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/helpers/database.js';
import { openDatabase, type Db } from '../../db/database.js';
import { claimEvents, completeEvent, failEvent, retryDelayMs } from './claims.js';
import { OutboxRunner } from './runner.js';
import { enqueueEvents } from './service.js';

const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

async function enqueue(db: Db, topic: string, count: number, firstId = 0): Promise<void> {
  await db.transaction().execute((trx) =>
    enqueueEvents(
      trx,
      Array.from({ length: count }, (_, index) => ({ topic, aggregateType: 'test', aggregateId: firstId + index, payload: { n: firstId + index } })),
    ),
  );
}

async function pendingCount(db: Db, topic: string): Promise<number> {
  const row = await db.selectFrom('outbox_events').select((eb) => eb.fn.countAll<number>().as('n')).where('topic', '=', topic).where('processed_at', 'is', null).executeTakeFirstOrThrow();
  return Number(row.n);
}

describe('retryDelayMs', () => {
  it('doubles from the base up to the cap', () => {
    const noJitter = () => 0;
    expect([1, 2, 3, 4].map((attempt) => retryDelayMs(attempt, 1_000, 300_000, noJitter))).toEqual([1_000, 2_000, 4_000, 8_000]);
    expect(retryDelayMs(30, 1_000, 300_000, noJitter)).toBe(300_000);
  });

  it('takes at most a fifth off as jitter', () => {
    expect(retryDelayMs(3, 1_000, 300_000, () => 0.999)).toBe(3_201);
  });
});

describeEachDatabase('outbox claims', (database, kind) => {
  it('claims due events once until the lease runs out', async () => {
    const db = database().db;
    const topic = `claim-${kind}`;
    await enqueue(db, topic, 3);

    const first = await claimEvents(db, { workerId: 'a', topics: [topic], limit: 2, leaseMs: 60_000 });
    expect(first.map((event) => event.payload.n)).toEqual([0, 1]);
    expect(first.every((event) => event.attempts === 1)).toBe(true);
    const second = await claimEvents(db, { workerId: 'b', topics: [topic], limit: 10, leaseMs: 60_000 });
    expect(second.map((event) => event.payload.n)).toEqual([2]);
    expect(await claimEvents(db, { workerId: 'c', topics: [topic], limit: 10, leaseMs: 60_000 })).toEqual([]);

    // Two minutes later worker a's leases have run out (it crashed): c may take them over.
    const later = new Date(Date.now() + 120_000);
    const takenOver = await claimEvents(db, { workerId: 'c', topics: [topic], limit: 10, leaseMs: 60_000, now: later });
    expect(takenOver.map((event) => [event.payload.n, event.attempts])).toEqual([
      [0, 2],
      [1, 2],
      [2, 2],
    ]);
    // Worker a comes back and may no longer complete what c owns now.
    expect(await completeEvent(db, first[0]!.id, 'a')).toBe(false);
    expect(await completeEvent(db, first[0]!.id, 'c')).toBe(true);
    expect(await completeEvent(db, first[0]!.id, 'c')).toBe(false);
  });

  it('retries a failed event only after its delay', async () => {
    const db = database().db;
    const topic = `retry-${kind}`;
    await enqueue(db, topic, 1);
    const [event] = await claimEvents(db, { workerId: 'a', topics: [topic], limit: 1, leaseMs: 60_000 });
    expect(await failEvent(db, event!.id, 'a', 'channel answered 503', 5_000)).toBe(true);

    expect(await claimEvents(db, { workerId: 'a', topics: [topic], limit: 1, leaseMs: 60_000 })).toEqual([]);
    const retried = await claimEvents(db, { workerId: 'a', topics: [topic], limit: 1, leaseMs: 60_000, now: new Date(Date.now() + 6_000) });
    expect(retried.map((claimed) => claimed.attempts)).toEqual([2]);
    const row = await db.selectFrom('outbox_events').select('last_error').where('id', '=', event!.id).executeTakeFirstOrThrow();
    expect(row.last_error).toBe('channel answered 503');
  });

  it('runs handlers, retries failures and leaves other topics alone', async () => {
    const db = database().db;
    const topic = `run-${kind}`;
    await enqueue(db, topic, 5);
    await enqueue(db, `other-${kind}`, 1);
    const seen: number[] = [];
    let failOnce = true;
    const runner = new OutboxRunner({
      db,
      logger: silent,
      retryBaseMs: 1,
      handlers: {
        [topic]: async (event) => {
          if (event.payload.n === 3 && failOnce) {
            failOnce = false;
            throw new Error('timed out');
          }
          seen.push(event.payload.n as number);
        },
      },
    });

    for (let round = 0; round < 20 && (await pendingCount(db, topic)) > 0; round += 1) {
      await runner.runOnce();
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect(seen.sort()).toEqual([0, 1, 2, 3, 4]);
    expect(await pendingCount(db, `other-${kind}`)).toBe(1);
  });

  it('handles each event once with several runners at the same time', async () => {
    const db = database().db;
    const topic = `parallel-${kind}`;
    const total = 300;
    await enqueue(db, topic, total);

    // On PostgreSQL each runner has its own pool, as separate processes would; on SQLite the
    // runners share the one connection, as runners in one process do.
    const handles = kind === 'postgres' ? [0, 1, 2].map(() => openDatabase({ databaseUrl: database().url, poolSize: 2 })) : [];
    const databases = kind === 'postgres' ? handles.map((handle) => handle.db) : [db, db, db];
    const handled = new Map<number, number>();
    const runners = databases.map(
      (runnerDb, index) =>
        new OutboxRunner({
          db: runnerDb,
          logger: silent,
          workerId: `runner-${index}`,
          batchSize: 7,
          idleMs: 5,
          handlers: {
            [topic]: async (event) => {
              handled.set(event.id, (handled.get(event.id) ?? 0) + 1);
              await new Promise((resolve) => setTimeout(resolve, 1));
            },
          },
        }),
    );

    try {
      runners.forEach((runner) => runner.start());
      for (let waited = 0; waited < 30_000 && (await pendingCount(db, topic)) > 0; waited += 50) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    } finally {
      await Promise.all(runners.map((runner) => runner.stop()));
      await Promise.all(handles.map((handle) => handle.close()));
    }

    expect(handled.size).toBe(total);
    expect([...handled.values()].filter((count) => count !== 1)).toEqual([]);
    const owners = await db.selectFrom('outbox_events').select('attempts').where('topic', '=', topic).execute();
    expect(owners.every((row) => row.attempts === 1)).toBe(true);
  }, 60_000);
});
