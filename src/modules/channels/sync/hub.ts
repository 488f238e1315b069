import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Db } from '../../../db/database.js';
import { nowIso } from '../../../db/database.js';
import type { SecretKeyring } from '../../../shared/secrets.js';
import { ITEM_AVAILABILITY_CHANGED, channelLane, channelLanes, channelOrderLane } from '../../outbox/service.js';
import { OutboxRunner } from '../../outbox/runner.js';
import { recordChannelOutcome } from '../accounts/service.js';
import { ChannelCallError } from '../adapter.js';
import { syncListingsWithStock } from '../listings/availability.js';
import { orderLaneCalls } from '../orders/calls.js';
import { CHANNEL_ORDER_CONFIRM } from '../orders/intake.js';
import { ensureSyncState, pollOrders } from '../orders/poll.js';
import { CHANNEL_ORDER_REPORT_SHIPMENT, reportShipmentCalls } from '../../shipping/reports.js';
import type { AdapterRegistry } from './adapters.js';
import { LANE_LISTING_TOPICS, laneHandler } from './lane.js';
import { reconcileAccount } from './reconcile.js';
import { adapterRegistryFor } from './runtime.js';

// The channel hub runs everything that talks to channels in the background:
// - one outbox runner for availability events (a sale or hold anywhere → listings move);
// - one runner per channel account (its lane) for the channel calls, holding a lease so
//   that of several processes one at a time calls each account;
// - order polling per account, drift reconciliation, and a probe that lifts a pause caused
//   by failures once the channel responds again.
// It runs inside the server by default and as `tsunagu runner` in processes of its own.

export interface HubOptions {
  db: Db;
  keys: SecretKeyring;
  logger: Pick<Logger, 'info' | 'warn' | 'error'>;
  workerId?: string;
  /** Seconds between order polls of an account, unless its settings.pollSeconds is set. */
  pollSeconds?: number;
  /** Seconds between re-reads of open orders on channels that report changes no other way (Yahoo). */
  openOrderRefreshSeconds?: number;
  /** Seconds between drift reconciliations of an account. */
  reconcileSeconds?: number;
  /** Seconds between probes of an account paused by failures. */
  probeSeconds?: number;
  /** Milliseconds the runners sleep when there is nothing to do. */
  idleMs?: number;
  /** Lease of an account's lane, in milliseconds. */
  laneLeaseMs?: number;
  /** Lease of claimed events, in milliseconds; longer than a batch of calls takes. */
  eventLeaseMs?: number;
  retryBaseMs?: number;
  retryMaxMs?: number;
  /** Leave out order polling and reconciliation (tests and benchmarks drive them); probes still run. */
  schedules?: boolean;
}

interface Lane {
  runner: OutboxRunner;
  /** Confirmations, in a lane of their own so they never hold up a withdrawal. */
  orderRunner: OutboxRunner;
  leaseUntil: number;
}

export class ChannelHub {
  readonly workerId: string;
  readonly adapters: AdapterRegistry;
  private readonly options: Required<Omit<HubOptions, 'workerId'>>;
  private general: OutboxRunner | undefined;
  private readonly lanes = new Map<number, Lane>();
  private timers: NodeJS.Timeout[] = [];
  private readonly lastRun = new Map<string, number>();
  private readonly busy = new Set<string>();
  private readonly lastOpenRefresh = new Map<number, number>();
  private running = false;

  constructor(options: HubOptions) {
    this.workerId = options.workerId ?? `hub-${randomUUID()}`;
    this.options = {
      pollSeconds: 30,
      reconcileSeconds: 900,
      openOrderRefreshSeconds: 30,
      probeSeconds: 15,
      idleMs: 100,
      laneLeaseMs: 30_000,
      eventLeaseMs: 60_000,
      retryBaseMs: 1_000,
      retryMaxMs: 60_000,
      schedules: true,
      ...options,
    };
    this.adapters = adapterRegistryFor(options.db, options.keys);
  }

  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    const { db, logger } = this.options;

    this.general = new OutboxRunner({
      db,
      logger,
      workerId: `${this.workerId}/general`,
      handlers: { [ITEM_AVAILABILITY_CHANGED]: async (event) => void (await syncListingsWithStock(db, event)) },
      idleMs: this.options.idleMs,
      leaseMs: this.options.eventLeaseMs,
      batchSize: 200,
      retryBaseMs: this.options.retryBaseMs,
      retryMaxMs: this.options.retryMaxMs,
    });
    this.general.start();
    await this.refreshLanes();
    this.timers.push(setInterval(() => void this.refreshLanes().catch((error: unknown) => this.logError('lane refresh failed', error)), 2_000));
    this.timers.push(setInterval(() => void this.tick().catch((error: unknown) => this.logError('channel schedule failed', error)), 1_000));
    logger.info({ workerId: this.workerId }, 'channel hub started');
  }

  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    for (const timer of this.timers) clearInterval(timer);
    this.timers = [];
    await Promise.all([this.general?.stop(), ...[...this.lanes.values()].flatMap((lane) => [lane.runner.stop(), lane.orderRunner.stop()])]);
    const ids = [...this.lanes.keys()];
    this.lanes.clear();
    // Hand the lanes over at once rather than when the leases run out.
    if (ids.length > 0) {
      await this.options.db
        .updateTable('channel_sync_state')
        .set({ lane_locked_by: null, lane_locked_until: null })
        .where('channel_account_id', 'in', ids)
        .where('lane_locked_by', '=', this.workerId)
        .execute();
    }
    this.options.logger.info({ workerId: this.workerId }, 'channel hub stopped');
  }

  /** Makes the runners look for work at once (after a sale in this process, say). */
  nudge(): void {
    this.general?.nudge();
    for (const lane of this.lanes.values()) {
      lane.runner.nudge();
      lane.orderRunner.nudge();
    }
  }

  private logError(message: string, error: unknown): void {
    this.options.logger.error({ err: error instanceof Error ? error.message : String(error), workerId: this.workerId }, message);
  }

  /** Starts a lane runner for each account, and stops those of deleted accounts. */
  private async refreshLanes(): Promise<void> {
    if (!this.running) return;
    const accounts = await this.options.db.selectFrom('channel_accounts').select('id').execute();
    const ids = new Set(accounts.map((account) => account.id));
    for (const id of ids) {
      if (this.lanes.has(id)) continue;
      await ensureSyncState(this.options.db, id);
      const lane: Lane = { runner: this.laneRunner(id), orderRunner: this.orderLaneRunner(id), leaseUntil: 0 };
      this.lanes.set(id, lane);
      lane.runner.start();
      lane.orderRunner.start();
    }
    for (const [id, lane] of this.lanes) {
      if (ids.has(id)) continue;
      this.lanes.delete(id);
      await Promise.all([lane.runner.stop(), lane.orderRunner.stop()]);
    }
  }

  private laneRunner(channelAccountId: number): OutboxRunner {
    const { db, logger } = this.options;
    return new OutboxRunner({
      db,
      logger,
      workerId: `${this.workerId}/channel-${channelAccountId}`,
      lane: channelLane(channelAccountId),
      batch: {
        topics: [...LANE_LISTING_TOPICS],
        handle: laneHandler({ db, adapters: this.adapters, logger }, channelAccountId),
      },
      isPaused: async () => !(await this.holdsLane(channelAccountId)),
      beforeClaim: async () => {
        const adapter = await this.adapters.get(channelAccountId);
        await adapter.stockReady?.();
      },
      idleMs: this.options.idleMs,
      leaseMs: this.options.eventLeaseMs,
      batchSize: 1000,
      retryBaseMs: this.options.retryBaseMs,
      retryMaxMs: this.options.retryMaxMs,
    });
  }

  private orderLaneRunner(channelAccountId: number): OutboxRunner {
    const { db, logger } = this.options;
    return new OutboxRunner({
      db,
      logger,
      workerId: `${this.workerId}/channel-${channelAccountId}-orders`,
      lane: channelOrderLane(channelAccountId),
      batch: {
        topics: [CHANNEL_ORDER_CONFIRM, CHANNEL_ORDER_REPORT_SHIPMENT],
        handle: laneHandler({ db, adapters: this.adapters, logger, orderCalls: { ...orderLaneCalls(db), ...reportShipmentCalls(db, logger) } }, channelAccountId),
      },
      isPaused: async () => !(await this.holdsLane(channelAccountId)),
      idleMs: this.options.idleMs,
      leaseMs: this.options.eventLeaseMs,
      // One call per order: a small batch keeps each claim well inside its lease.
      batchSize: 20,
      retryBaseMs: this.options.retryBaseMs,
      retryMaxMs: this.options.retryMaxMs,
    });
  }

  /**
   * Checks whether this process may send the account's calls now: the account is active and this
   * process holds (or has just taken) the lane's lease. The lease is renewed when half of
   * it is gone, so an idle lane costs a write only every few seconds.
   */
  private async holdsLane(channelAccountId: number): Promise<boolean> {
    const lane = this.lanes.get(channelAccountId);
    if (!lane) return false;
    const account = await this.options.db.selectFrom('channel_accounts').select('status').where('id', '=', channelAccountId).executeTakeFirst();
    if (!account || account.status === 'paused') return false;

    const now = Date.now();
    if (lane.leaseUntil - now > this.options.laneLeaseMs / 2) return true;
    const until = now + this.options.laneLeaseMs;
    const taken = await this.options.db
      .updateTable('channel_sync_state')
      .set({ lane_locked_by: this.workerId, lane_locked_until: new Date(until).toISOString() })
      .where('channel_account_id', '=', channelAccountId)
      .where((eb) => eb.or([eb('lane_locked_by', 'is', null), eb('lane_locked_by', '=', this.workerId), eb('lane_locked_until', '<', new Date(now).toISOString())]))
      .executeTakeFirst();
    lane.leaseUntil = Number(taken.numUpdatedRows) === 1 ? until : 0;
    return lane.leaseUntil > 0;
  }

  /** Runs each account's due order poll, reconciliation and pause probe, one at a time per kind. */
  private async tick(): Promise<void> {
    if (!this.running) return;
    const accounts = await this.options.db.selectFrom('channel_accounts').select(['id', 'status', 'paused_by', 'settings_json']).execute();
    const now = Date.now();
    for (const account of accounts) {
      const settings = JSON.parse(account.settings_json) as { pollSeconds?: number };
      const pollMs = 1000 * (typeof settings.pollSeconds === 'number' && settings.pollSeconds > 0 ? settings.pollSeconds : this.options.pollSeconds);
      if (account.status === 'active') {
        if (!this.options.schedules) continue;
        // pollAccount logs its own failures.
        this.every(`poll:${account.id}`, pollMs, now, () => this.pollAccount(account.id).catch(() => undefined));
        this.every(`reconcile:${account.id}`, this.options.reconcileSeconds * 1000, now, () => this.reconcile(account.id));
      } else if (account.paused_by === 'failures') {
        this.every(`probe:${account.id}`, this.options.probeSeconds * 1000, now, () => this.probe(account.id));
      }
    }
  }

  private every(key: string, intervalMs: number, now: number, task: () => Promise<unknown>): void {
    if (this.busy.has(key) || now - (this.lastRun.get(key) ?? 0) < intervalMs) return;
    this.lastRun.set(key, now);
    this.busy.add(key);
    void task()
      .catch((error: unknown) => this.logError(`${key.split(':')[0]} failed`, error))
      .finally(() => this.busy.delete(key));
  }

  /** Polls one account's orders now; failures count towards pausing the account. */
  async pollAccount(channelAccountId: number) {
    const { db, logger } = this.options;
    try {
      const adapter = await this.adapters.get(channelAccountId);
      // Yahoo's order search filters by order time only, so a cancellation of an older order
      // shows only when the open orders are read again.
      const startedAt = Date.now();
      const refreshOpenOrders = adapter.kind === 'yahoo' && startedAt - (this.lastOpenRefresh.get(channelAccountId) ?? 0) >= this.options.openOrderRefreshSeconds * 1000;
      const result = await pollOrders(db, adapter, channelAccountId, this.workerId, logger, new Date(), { refreshOpenOrders });
      if (result.ran && refreshOpenOrders) this.lastOpenRefresh.set(channelAccountId, startedAt);
      if (result.ran) await recordChannelOutcome(db, channelAccountId, { ok: true });
      if (result.imported + result.updated > 0) this.nudge();
      return result;
    } catch (error) {
      const message = error instanceof ChannelCallError ? `${error.kind}: ${error.messageEn}` : error instanceof Error ? error.message : String(error);
      const paused = await recordChannelOutcome(db, channelAccountId, { ok: false, error: message });
      logger.warn({ channelAccountId, err: message, paused }, 'order poll failed');
      throw error;
    }
  }

  private async reconcile(channelAccountId: number): Promise<void> {
    const { db, logger } = this.options;
    // Several processes may run the hub; the one that moves last_reconcile_at does the work.
    const due = new Date(Date.now() - this.options.reconcileSeconds * 1000 + 1000).toISOString();
    const claimed = await db
      .updateTable('channel_sync_state')
      .set({ last_reconcile_at: nowIso() })
      .where('channel_account_id', '=', channelAccountId)
      .where((eb) => eb.or([eb('last_reconcile_at', 'is', null), eb('last_reconcile_at', '<', due)]))
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) return;
    await reconcileAccount(db, await this.adapters.get(channelAccountId), channelAccountId, logger);
  }

  /** Lifts a pause caused by failures when a test call to the channel succeeds again. */
  private async probe(channelAccountId: number): Promise<void> {
    const { db, logger } = this.options;
    try {
      await (await this.adapters.get(channelAccountId)).testConnection();
    } catch {
      return;
    }
    const resumed = await resumeChannelWork(db, channelAccountId, 'failures');
    if (resumed) {
      logger.info({ channelAccountId }, 'channel responds again; paused work resumed');
      this.nudge();
    }
  }
}

/**
 * Resumes an account's channel work and makes its waiting events due now, so it catches up
 * at once rather than after each event's backoff. With `onlyIf` 'failures', a pause made by
 * a person is left alone. Returns whether the account was resumed.
 */
export async function resumeChannelWork(db: Db, channelAccountId: number, onlyIf?: 'failures'): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    let update = trx
      .updateTable('channel_accounts')
      .set({ status: 'active', paused_reason: null, paused_by: null, failure_count: 0, updated_at: nowIso() })
      .where('id', '=', channelAccountId)
      .where('status', '=', 'paused');
    if (onlyIf) update = update.where('paused_by', '=', onlyIf);
    const changed = await update.executeTakeFirst();
    if (Number(changed.numUpdatedRows) !== 1) return false;
    await trx
      .updateTable('outbox_events')
      .set({ available_at: nowIso() })
      .where('lane', 'in', channelLanes(channelAccountId))
      .where('processed_at', 'is', null)
      .execute();
    return true;
  });
}
