/**
 * A fixed-size pool of worker threads that run one module's task handler (see worker.ts).
 *
 * The studio runs from TypeScript sources (tsx under `npm start`, Vite under Vitest), and a
 * worker thread does not inherit Vitest's transform. Each worker therefore starts from a
 * small JavaScript bootstrap that registers tsx's ESM loader (tsx/esm/api register(), which
 * uses Node's module.register) before it imports the .ts module. A compiled .js module is
 * imported directly.
 */

import { availableParallelism } from 'node:os';
import { Worker, type Transferable } from 'node:worker_threads';

import type { FastifyBaseLogger } from 'fastify';

/** Message from a worker: the outcome of one task. */
export type WorkerReply<T> = { taskId: number; ok: true; result: T } | { taskId: number; ok: false; error: WorkerFailure };

/** A task's error, rebuilt as a DomainError on the main thread when it has a code. */
export interface WorkerFailure {
  code: string | null;
  kind: string | null;
  messages: { ja: string; en: string } | null;
  params: Record<string, string | number | undefined> | null;
  /** The error's text for the log. */
  text: string;
}

export class WorkerTaskError extends Error {
  constructor(readonly failure: WorkerFailure) {
    super(failure.text);
    this.name = 'WorkerTaskError';
  }
}

/** Raised for tasks still queued or running when the pool closes. */
export class PoolClosedError extends Error {
  constructor() {
    super('The worker pool was closed before the task finished.');
    this.name = 'PoolClosedError';
  }
}

const BOOTSTRAP = `
import('node:worker_threads').then(async ({ workerData }) => {
  if (workerData.tsxApiUrl) {
    const tsx = await import(workerData.tsxApiUrl);
    tsx.register();
  }
  await import(workerData.moduleUrl);
});
`;

/** Number of workers: the setting when given, else one per available core (at least 1). */
export function poolSize(setting: number | undefined): number {
  if (setting !== undefined && Number.isInteger(setting) && setting > 0) return setting;
  return Math.max(1, availableParallelism());
}

interface Task {
  taskId: number;
  message: Record<string, unknown>;
  transfer: readonly Transferable[];
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

interface Slot {
  worker: Worker;
  task: Task | undefined;
}

export class WorkerPool {
  readonly size: number;
  private readonly moduleUrl: string;
  private readonly tsxApiUrl: string | null;
  private readonly logger: FastifyBaseLogger;
  private readonly slots: Slot[] = [];
  private readonly queue: Task[] = [];
  private nextTaskId = 1;
  private closed = false;

  constructor(options: { moduleUrl: URL; size: number; logger: FastifyBaseLogger }) {
    this.size = options.size;
    this.moduleUrl = options.moduleUrl.href;
    this.tsxApiUrl = this.moduleUrl.endsWith('.ts') ? import.meta.resolve('tsx/esm/api') : null;
    this.logger = options.logger;
  }

  /** Runs a task in a free worker; workers start on first use, up to `size`. */
  run<T>(message: Record<string, unknown>, transfer: readonly Transferable[] = []): Promise<T> {
    if (this.closed) return Promise.reject(new PoolClosedError());
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ taskId: this.nextTaskId++, message, transfer, resolve: resolve as (value: unknown) => void, reject });
      this.dispatch();
    });
  }

  /** Tasks waiting for a worker plus tasks running. */
  get pending(): number {
    return this.queue.length + this.slots.filter((slot) => slot.task).length;
  }

  /** Rejects every queued and running task with PoolClosedError and stops the workers. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const task of this.queue.splice(0)) task.reject(new PoolClosedError());
    const slots = this.slots.splice(0);
    for (const slot of slots) slot.task?.reject(new PoolClosedError());
    await Promise.all(slots.map((slot) => slot.worker.terminate()));
    if (slots.length > 0) this.logger.info({ workers: slots.length }, 'photo studio workers stopped');
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      let slot = this.slots.find((candidate) => !candidate.task);
      if (!slot && this.slots.length < this.size) slot = this.startWorker();
      if (!slot) return;
      const task = this.queue.shift()!;
      slot.task = task;
      slot.worker.postMessage({ taskId: task.taskId, ...task.message }, task.transfer);
    }
  }

  private startWorker(): Slot {
    const worker = new Worker(BOOTSTRAP, { eval: true, workerData: { moduleUrl: this.moduleUrl, tsxApiUrl: this.tsxApiUrl } });
    // Unreferenced so that idle workers never keep a process alive; close() stops them.
    worker.unref();
    const slot: Slot = { worker, task: undefined };
    this.slots.push(slot);
    this.logger.info({ workers: this.slots.length, size: this.size }, 'photo studio worker started');

    worker.on('message', (reply: WorkerReply<unknown>) => {
      const task = slot.task;
      if (!task || task.taskId !== reply.taskId) return;
      slot.task = undefined;
      if (reply.ok) task.resolve(reply.result);
      else task.reject(new WorkerTaskError(reply.error));
      this.dispatch();
    });

    // A worker that crashes takes its task with it; the next task starts a fresh worker.
    const fail = (error: Error) => {
      const index = this.slots.indexOf(slot);
      if (index < 0) return;
      this.slots.splice(index, 1);
      if (this.closed) return;
      this.logger.error({ err: error, taskId: slot.task?.taskId }, 'photo studio worker failed');
      slot.task?.reject(error);
      slot.task = undefined;
      this.dispatch();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`photo studio worker exited with code ${code}`)));
    return slot;
  }
}
