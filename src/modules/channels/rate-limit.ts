import { setTimeout as sleep } from 'node:timers/promises';

// Spaces calls to a channel so that no more than `requestsPerSecond` start in any second.
// Channels count requests per API (Rakuten inventory bulk-upsert: 1/s, Yahoo: about 1/s per
// URL), so an adapter keeps one limiter per API it calls. The limiter is per process: when
// several runner processes call the same account, the channel's refusals (429) are retried
// with backoff by the runner.

export class RateLimiter {
  private readonly intervalMs: number;
  private nextSlot = 0;

  constructor(
    requestsPerSecond: number,
    private readonly now: () => number = Date.now,
  ) {
    if (!(requestsPerSecond > 0)) throw new Error(`requestsPerSecond must be positive, got ${requestsPerSecond}`);
    this.intervalMs = 1000 / requestsPerSecond;
  }

  /** Waits until a call may start, and books that slot. Calls are served in arrival order. */
  async take(): Promise<void> {
    const now = this.now();
    const slot = Math.max(now, this.nextSlot);
    this.nextSlot = slot + this.intervalMs;
    if (slot > now) await sleep(slot - now);
  }

  /** Waits until a call could start at once, without booking the slot. */
  async ready(): Promise<void> {
    const wait = this.nextSlot - this.now();
    if (wait > 0) await sleep(wait);
  }

  /** Pushes the next slot back after the channel refused a call for going too fast. */
  backOff(ms: number): void {
    this.nextSlot = Math.max(this.nextSlot, this.now() + ms);
  }
}
