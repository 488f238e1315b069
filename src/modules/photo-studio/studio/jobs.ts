/**
 * The studio's job runner: corrects queued photos in the worker pool, off the request path,
 * and stores what the workers return (files first, then the row).
 *
 * A photo is processed for the version it has when its job starts. A redo during the job
 * bumps the version, so the older result is dropped and the photo runs again. Photos left
 * queued or processing by a stopped server are queued again by resume().
 */

import type { FastifyBaseLogger } from 'fastify';

import type { Db } from '../../../db/database.js';
import { nowIso } from '../../../db/database.js';
import { DomainError, isDomainError, type ErrorKind } from '../../../shared/errors.js';
import type { PhotoAdjustments, MaskStroke } from '../pipeline-types.js';
import type { PhotoPreset } from '../presets.js';
import { studioErrors } from './errors.js';
import type { StudioFiles } from './files.js';
import { PoolClosedError, poolSize, WorkerPool, WorkerTaskError } from './pool.js';
import { resolvePreset } from './shop-presets.js';
import type { PhotoRow } from './store.js';
import type { PhotoTask, PhotoTaskResult } from './worker.js';

const WORKER_MODULE = new URL(`./worker${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url);

export interface PhotoJobsOptions {
  db: Db;
  files: StudioFiles;
  logger: FastifyBaseLogger;
  /** Worker threads; default one per available core. */
  workers?: number;
}

export class PhotoJobs {
  private readonly db: Db;
  private readonly files: StudioFiles;
  private readonly logger: FastifyBaseLogger;
  private readonly size: number;
  private pool: WorkerPool | undefined;
  /** Photo ids waiting for a worker, oldest first; enqueue() skips an id already here. */
  private readonly waiting: number[] = [];
  /** Photo ids whose job runs now; a photo never runs twice at once. */
  private readonly active = new Set<number>();
  /** Active photos that were queued again (a redo) and run once more when done. */
  private readonly rerun = new Set<number>();
  private stopped = false;

  constructor(options: PhotoJobsOptions) {
    this.db = options.db;
    this.files = options.files;
    this.logger = options.logger;
    this.size = poolSize(options.workers);
  }

  /** Queues a photo's job; a photo already waiting is not queued twice. */
  enqueue(photoId: number): void {
    if (this.stopped || this.waiting.includes(photoId)) return;
    if (this.active.has(photoId)) {
      this.rerun.add(photoId);
      return;
    }
    this.waiting.push(photoId);
    this.pump();
  }

  /**
   * Queues again every photo that a previous run left queued or processing. A photo left
   * processing is set back to queued first, so that only one process claims it.
   */
  async resume(): Promise<number> {
    // NOTE: without a lease this also takes back a photo that another live process is
    // working on. That photo then runs twice, and the version check keeps one result.
    await this.db.updateTable('photo_studio_photos').set({ status: 'queued', updated_at: nowIso() }).where('status', '=', 'processing').execute();
    const rows = await this.db.selectFrom('photo_studio_photos').select('id').where('status', '=', 'queued').orderBy('id').execute();
    for (const row of rows) this.enqueue(Number(row.id));
    if (rows.length > 0) this.logger.info({ photos: rows.length }, 'photo studio jobs resumed');
    return rows.length;
  }

  /** Stops the workers; jobs cut short stay queued or processing for the next start. */
  async close(): Promise<void> {
    this.stopped = true;
    this.waiting.splice(0);
    await this.pool?.close();
  }

  /**
   * Renders a finished photo for another preset with the same adjustments and mask strokes,
   * caching the file per version.
   */
  async render(row: PhotoRow, preset: PhotoPreset): Promise<Buffer> {
    const version = Number(row.version);
    const file = this.files.resultPath(Number(row.id), preset.id, version, preset.format);
    const cached = await this.files.read(file);
    if (cached) return cached;

    let result: PhotoTaskResult;
    try {
      result = await this.runTask(row, preset, false);
    } catch (error) {
      throw asDomainError(error);
    }
    const bytes = Buffer.from(result.image.bytes);
    await this.files.write(file, bytes);
    return bytes;
  }

  private workerPool(): WorkerPool {
    this.pool ??= new WorkerPool({ moduleUrl: WORKER_MODULE, size: this.size, logger: this.logger });
    return this.pool;
  }

  private async runTask(row: PhotoRow, preset: PhotoPreset, preview: boolean): Promise<PhotoTaskResult> {
    const id = Number(row.id);
    const original = await this.files.read(this.files.originalPath(id));
    if (!original) throw new Error(`photo studio original of photo ${id} is missing at ${this.files.originalPath(id)}`);
    const input = new Uint8Array(original.buffer, original.byteOffset, original.length);

    const task: PhotoTask = {
      input,
      fileName: row.file_name,
      preset,
      adjustments: JSON.parse(row.adjustments_json) as PhotoAdjustments,
      maskStrokes: JSON.parse(row.mask_strokes_json) as MaskStroke[],
      preview,
    };
    // Transfer only a buffer that the read allocated for this file alone.
    const transfer = original.byteOffset === 0 && original.buffer.byteLength === original.length ? [original.buffer as ArrayBuffer] : [];
    return this.workerPool().run<PhotoTaskResult>({ ...task }, transfer);
  }

  private pump(): void {
    while (!this.stopped && this.active.size < this.size && this.waiting.length > 0) {
      const photoId = this.waiting.shift()!;
      this.active.add(photoId);
      void this.process(photoId)
        .catch((error: unknown) => this.logger.error({ err: error, photoId }, 'photo studio job could not be stored'))
        .finally(() => {
          this.active.delete(photoId);
          if (this.rerun.delete(photoId)) this.waiting.push(photoId);
          this.pump();
        });
    }
  }

  private async process(photoId: number): Promise<void> {
    const row = await this.db.selectFrom('photo_studio_photos').selectAll().where('id', '=', photoId).executeTakeFirst();
    if (!row) return;
    if (row.status !== 'queued') return;
    const version = Number(row.version);
    const started = Date.now();

    // Claim the job: of several processes that queued the photo, only the first runs it.
    const claim = await this.db
      .updateTable('photo_studio_photos')
      .set({ status: 'processing', updated_at: nowIso() })
      .where('id', '=', photoId)
      .where('version', '=', version)
      .where('status', '=', 'queued')
      .executeTakeFirst();
    if (Number(claim.numUpdatedRows) === 0) return;
    this.logger.info({ photoId, version, preset: row.preset }, 'photo studio job started');

    try {
      const preset = await resolvePreset(this.db, row.preset);
      const needsPreview = !(await this.files.exists(this.files.previewPath(photoId)));
      const result = await this.runTask(row, preset, needsPreview);
      await this.store(row, preset, result);
      this.logger.info({ photoId, version, ms: Date.now() - started }, 'photo studio job done');
    } catch (error) {
      if (error instanceof PoolClosedError || this.stopped) {
        this.logger.info({ photoId, version }, 'photo studio job stopped by shutdown; it runs again on the next start');
        return;
      }
      await this.fail(row, error);
    }
  }

  private async store(row: PhotoRow, preset: PhotoPreset, result: PhotoTaskResult): Promise<void> {
    const id = Number(row.id);
    const version = Number(row.version);
    if (result.preview) await this.files.write(this.files.previewPath(id), result.preview);
    await this.files.write(this.files.maskPath(id, version), result.maskPng);
    await this.files.write(this.files.resultPath(id, preset.id, version, result.image.format), result.image.bytes);

    const updated = await this.db
      .updateTable('photo_studio_photos')
      .set({
        status: 'done',
        auto_json: JSON.stringify(result.auto),
        compliance_json: JSON.stringify(result.compliance),
        width: result.source.width,
        height: result.source.height,
        error_code: null,
        error_message_ja: null,
        error_message_en: null,
        updated_at: nowIso(),
      })
      .where('id', '=', id)
      .where('version', '=', version)
      .where('status', '=', 'processing')
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) === 0) {
      // The files stay as the previous result that is served until the new version is stored,
      // which removes them.
      this.logger.info({ photoId: id, version }, 'photo studio result dropped: the photo was changed during the job');
      return;
    }
    await this.files.removeOlderVersions(id, version);
  }

  /** Stores a failed job's error in both languages; unexpected errors get a generic message. */
  private async fail(row: PhotoRow, error: unknown): Promise<void> {
    const id = Number(row.id);
    const failure = error instanceof WorkerTaskError ? error.failure : null;
    let code: string;
    let messages: { ja: string; en: string };
    if (failure?.code && failure.messages) {
      code = failure.code;
      messages = failure.messages;
    } else if (isDomainError(error)) {
      code = error.code;
      messages = error.messages;
    } else {
      const generic = studioErrors.job_failed({ fileName: row.file_name });
      code = generic.code;
      messages = generic.messages;
    }
    const expected = (failure?.kind ?? (isDomainError(error) ? error.kind : 'internal')) !== 'internal';
    if (expected) this.logger.info({ photoId: id, code }, 'photo studio job failed on the photo');
    else this.logger.error({ photoId: id, err: error instanceof Error ? error : new Error(String(error)) }, 'photo studio job failed');

    await this.db
      .updateTable('photo_studio_photos')
      .set({ status: 'failed', error_code: code, error_message_ja: messages.ja, error_message_en: messages.en, updated_at: nowIso() })
      .where('id', '=', id)
      .where('version', '=', Number(row.version))
      .execute();
  }
}

/**
 * Rebuilds a worker's domain error (for example a preset whose byte limit cannot be met) as a
 * DomainError, so that the HTTP layer sends its code and message. Other errors pass through.
 */
function asDomainError(error: unknown): unknown {
  if (!(error instanceof WorkerTaskError)) return error;
  const { code, kind, messages, params } = error.failure;
  if (!code || !kind || !messages) return error;
  return new DomainError(code, { kind: kind as ErrorKind, ja: () => messages.ja, en: () => messages.en }, params ?? {});
}
