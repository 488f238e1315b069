import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import type { Db } from '../../db/database.js';
import { claimEvents, completeEvent, failEvent, retryDelayMs, type ClaimedEvent } from './claims.js';

// The outbox runner: claims pending events, hands each to the handler of its topic, and
// marks it processed or schedules a retry. Several runners may work on one PostgreSQL
// database (claims skip rows other runners hold); on SQLite one process runs it.
//
// Delivery is at least once: a runner that dies after a handler's side effect but before
// marking the event processed leaves it to be handled again when the lease runs out. So
// handlers must be idempotent, as withdrawing a piece from a channel is.

export type EventHandler = (event: ClaimedEvent) => Promise<void>;

/**
 * Outcome of one event of a batch: done, or failed with the error to keep. `retryInMs`
 * overrides the backoff (a channel's Retry-After, or a short wait while an account is paused).
 */
export type BatchResult = { eventId: number; error?: string; retryInMs?: number };

/**
 * Handles a claimed batch at once, so that one channel call can serve many events (bulk
 * stock updates). Must return a result for every event; an event left out is retried.
 */
export type BatchHandler = (events: ClaimedEvent[]) => Promise<BatchResult[]>;

export interface RunnerOptions {
  db: Db;
  logger: Pick<Logger, 'info' | 'warn' | 'error'>;
  /** Per-topic handlers, called one event at a time. */
  handlers?: Record<string, EventHandler>;
  /** Or one handler for whole batches of these topics (a channel lane). */
  batch?: { topics: readonly string[]; handle: BatchHandler };
  /** Lane to claim from (see claimEvents); null for events without a lane. */
  lane?: string | null;
  /** Checked before each claim; while it resolves true the runner claims nothing (a paused channel). */
  isPaused?: () => Promise<boolean>;
  /** Awaited before each claim, e.g. until the channel's rate limit allows the next call. */
  beforeClaim?: () => Promise<void>;
  /** Identifies this runner in claims; defaults to a random id. */
  workerId?: string;
  /** Events claimed at once. */
  batchSize?: number;
  /** Lease of a claim, in milliseconds; a batch must be handled within it. */
  leaseMs?: number;
  /** Wait between polls when nothing was due, in milliseconds. */
  idleMs?: number;
  /** First retry delay after a failure, in milliseconds; doubles with each attempt. */
  retryBaseMs?: number;
  retryMaxMs?: number;
}

export class OutboxRunner {
  readonly workerId: string;
  private readonly options: Required<Omit<RunnerOptions, 'workerId' | 'batch' | 'isPaused' | 'lane' | 'beforeClaim'>> & Pick<RunnerOptions, 'batch' | 'isPaused' | 'lane' | 'beforeClaim'>;
  private running = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;

  constructor(options: RunnerOptions) {
    this.workerId = options.workerId ?? `runner-${randomUUID()}`;
    this.options = {
      batchSize: 50,
      leaseMs: 60_000,
      idleMs: 200,
      retryBaseMs: 1_000,
      retryMaxMs: 300_000,
      handlers: {},
      ...options,
    };
  }

  /**
   * Claims and handles one batch. Returns how many events were claimed, so a caller (or the
   * loop) can tell whether more may be waiting.
   */
  async runOnce(): Promise<number> {
    const { db, handlers, batch, logger } = this.options;
    if (this.options.isPaused && (await this.options.isPaused())) return 0;
    await this.options.beforeClaim?.();
    const events = await claimEvents(db, {
      workerId: this.workerId,
      topics: batch ? batch.topics : Object.keys(handlers),
      lane: this.options.lane ?? null,
      limit: this.options.batchSize,
      leaseMs: this.options.leaseMs,
    });
    if (events.length === 0) return 0;

    const results = batch ? await this.handleBatch(batch.handle, events) : await this.handleEach(handlers, events);
    const failed: Array<{ eventId: number; topic: string; attempts: number; retryInMs: number; err: string }> = [];
    for (const event of events) {
      const result = results.get(event.id) ?? { eventId: event.id, error: 'the batch handler returned no result for this event' };
      if (result.error === undefined) {
        const completed = await completeEvent(db, event.id, this.workerId);
        if (!completed) logger.warn({ eventId: event.id, workerId: this.workerId }, 'outbox event lease ran out before it was completed');
        continue;
      }
      const retryInMs = result.retryInMs ?? retryDelayMs(event.attempts, this.options.retryBaseMs, this.options.retryMaxMs);
      failed.push({ eventId: event.id, topic: event.topic, attempts: event.attempts, retryInMs, err: result.error });
      await failEvent(db, event.id, this.workerId, result.error, retryInMs);
    }

    // One line per batch: a channel that is down fails every event of a batch the same way.
    if (failed.length > 0) {
      const first = failed[0]!;
      logger.warn({ workerId: this.workerId, failed: failed.length, eventIds: failed.slice(0, 20).map((entry) => entry.eventId), topic: first.topic, attempts: first.attempts, retryInMs: first.retryInMs, err: first.err }, 'outbox events failed; retrying later');
    }
    return events.length;
  }

  private async handleEach(handlers: Record<string, EventHandler>, events: ClaimedEvent[]): Promise<Map<number, BatchResult>> {
    const results = new Map<number, BatchResult>();
    for (const event of events) {
      try {
        await handlers[event.topic]!(event);
        results.set(event.id, { eventId: event.id });
      } catch (error) {
        results.set(event.id, { eventId: event.id, error: error instanceof Error ? error.message : String(error) });
      }
    }
    return results;
  }

  private async handleBatch(handle: BatchHandler, events: ClaimedEvent[]): Promise<Map<number, BatchResult>> {
    try {
      return new Map((await handle(events)).map((result) => [result.eventId, result]));
    } catch (error) {
      // A handler that throws fails the whole batch; each event is retried with its own backoff.
      const message = error instanceof Error ? error.message : String(error);
      return new Map(events.map((event) => [event.id, { eventId: event.id, error: message }]));
    }
  }

  /** Starts polling in the background until stop() is called. */
  start(): void {
    if (this.running) return;
    this.running = true;
    const topics = this.options.batch ? this.options.batch.topics : Object.keys(this.options.handlers);
    this.options.logger.info({ workerId: this.workerId, lane: this.options.lane ?? null, topics }, 'outbox runner started');
    this.loop = this.poll();
  }

  /** Makes a sleeping runner poll at once, e.g. right after a sale committed an event. */
  nudge(): void {
    this.wake?.();
  }

  /** Stops after the batch in hand; resolves when the runner has stopped. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.nudge();
    await this.loop;
    this.options.logger.info({ workerId: this.workerId }, 'outbox runner stopped');
  }

  private async poll(): Promise<void> {
    while (this.running) {
      let claimed = 0;
      try {
        claimed = await this.runOnce();
      } catch (error) {
        // A claim that fails (database restarting, connection lost) is retried after a pause.
        this.options.logger.error({ err: error instanceof Error ? error.message : String(error), workerId: this.workerId }, 'outbox claim failed');
      }
      if (claimed > 0 || !this.running) continue;

      const controller = new AbortController();
      this.wake = () => controller.abort();
      await sleep(this.options.idleMs, undefined, { signal: controller.signal }).catch(() => undefined);
      this.wake = undefined;
    }
  }
}
