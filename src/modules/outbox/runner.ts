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

export interface RunnerOptions {
  db: Db;
  logger: Pick<Logger, 'info' | 'warn' | 'error'>;
  handlers: Record<string, EventHandler>;
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
  private readonly options: Required<Omit<RunnerOptions, 'workerId'>>;
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
      ...options,
    };
  }

  /**
   * Claims and handles one batch. Returns how many events were claimed, so a caller (or the
   * loop) can tell whether more may be waiting.
   */
  async runOnce(): Promise<number> {
    const { db, handlers, logger } = this.options;
    const events = await claimEvents(db, {
      workerId: this.workerId,
      topics: Object.keys(handlers),
      limit: this.options.batchSize,
      leaseMs: this.options.leaseMs,
    });

    for (const event of events) {
      try {
        await handlers[event.topic]!(event);
        const completed = await completeEvent(db, event.id, this.workerId);
        if (!completed) logger.warn({ eventId: event.id, workerId: this.workerId }, 'outbox event lease ran out before it was completed');
      } catch (error) {
        const retryInMs = retryDelayMs(event.attempts, this.options.retryBaseMs, this.options.retryMaxMs);
        const message = error instanceof Error ? error.message : String(error);
        logger.warn({ eventId: event.id, topic: event.topic, attempts: event.attempts, retryInMs, err: message }, 'outbox event failed; retrying later');
        await failEvent(db, event.id, this.workerId, message, retryInMs);
      }
    }
    return events.length;
  }

  /** Starts polling in the background until stop() is called. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.options.logger.info({ workerId: this.workerId, topics: Object.keys(this.options.handlers) }, 'outbox runner started');
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
