import { afterEach, describe, expect, it } from 'vitest';

import { createLogger } from '../../../shared/logger.js';
import { PoolClosedError, poolSize, WorkerPool, WorkerTaskError } from './pool.js';

const MODULE = new URL('./fixtures/echo-worker.ts', import.meta.url);
const logger = createLogger('silent');

describe('WorkerPool', () => {
  let pool: WorkerPool | undefined;
  afterEach(async () => {
    await pool?.close();
  });

  it('runs TypeScript tasks in workers', async () => {
    pool = new WorkerPool({ moduleUrl: MODULE, size: 2, logger });
    const results = await Promise.all([1, 2, 3, 4].map((value) => pool!.run<{ value: number; threadId: number }>({ kind: 'echo', value, delayMs: 50 })));
    expect(results.map((result) => result.value)).toEqual([1, 2, 3, 4]);
    // Two workers at most, each a real thread (thread 0 is the main thread).
    const threads = new Set(results.map((result) => result.threadId));
    expect(threads.size).toBe(2);
    expect([...threads].every((id) => id > 0)).toBe(true);
  });

  it('returns domain errors with both messages', async () => {
    pool = new WorkerPool({ moduleUrl: MODULE, size: 1, logger });
    const error = await pool.run({ kind: 'fail' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(WorkerTaskError);
    const failure = (error as WorkerTaskError).failure;
    expect(failure.code).toBe('photo_corrupt');
    expect(failure.messages?.ja).toContain('broken.jpg');
    expect(failure.messages?.en).toContain('broken.jpg');
  });

  it('replaces a crashed worker', async () => {
    pool = new WorkerPool({ moduleUrl: MODULE, size: 1, logger });
    await expect(pool.run({ kind: 'crash' })).rejects.toThrow(/exited with code 3/);
    await expect(pool.run<{ value: number }>({ kind: 'echo', value: 9 })).resolves.toMatchObject({ value: 9 });
  });

  it('rejects queued tasks on close', async () => {
    pool = new WorkerPool({ moduleUrl: MODULE, size: 1, logger });
    const slow = pool.run({ kind: 'echo', value: 1, delayMs: 2000 }).catch((error: unknown) => error);
    const queued = pool.run({ kind: 'echo', value: 2 }).catch((error: unknown) => error);
    await pool.close();
    expect(await slow).toBeInstanceOf(PoolClosedError);
    expect(await queued).toBeInstanceOf(PoolClosedError);
  });

  it('sizes the pool by the setting or the cores', () => {
    expect(poolSize(3)).toBe(3);
    expect(poolSize(undefined)).toBeGreaterThanOrEqual(1);
    expect(poolSize(0)).toBeGreaterThanOrEqual(1);
  });
});
