/**
 * Database side of the studio: rows of photo_studio_photos as API photos, and the learned
 * look read from the adjustment log.
 */

import type { Selectable } from 'kysely';

import type { Executor } from '../../../db/database.js';
import type { PhotoStudioPhotosTable } from '../../../db/schema.js';
import type { Locale } from '../../../shared/errors.js';
import { learnLook, recordsAfterResets, settingsForCategory, type LearnedLook, type LearnedSettings } from '../learn.js';
import { NO_ADJUSTMENTS, type PhotoAdjustments } from '../pipeline-types.js';
import { studioErrors } from './errors.js';
import type { Photo, PhotoStatus } from './schemas.js';

export type PhotoRow = Selectable<PhotoStudioPhotosTable>;

function parseJson<T>(text: string | null, fallback: T): T {
  return text === null ? fallback : (JSON.parse(text) as T);
}

export function toPhoto(row: PhotoRow, locale: Locale): Photo {
  const messages = row.error_code ? { ja: row.error_message_ja ?? '', en: row.error_message_en ?? '' } : null;
  return {
    id: Number(row.id),
    fileName: row.file_name,
    status: row.status,
    preset: row.preset,
    category: row.category,
    itemId: row.item_id === null ? null : Number(row.item_id),
    adjustments: { ...NO_ADJUSTMENTS, ...parseJson<Partial<PhotoAdjustments>>(row.adjustments_json, {}) },
    learned: parseJson<LearnedSettings>(row.learned_json, {}),
    maskStrokes: parseJson(row.mask_strokes_json, []),
    auto: parseJson(row.auto_json, null),
    compliance: parseJson(row.compliance_json, []),
    error: row.error_code && messages ? { code: row.error_code, message: messages[locale], messages } : null,
    width: row.width,
    height: row.height,
    version: Number(row.version),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    acceptedAt: row.accepted_at,
  };
}

export async function findPhotoRow(db: Executor, id: number): Promise<PhotoRow> {
  const row = await db.selectFrom('photo_studio_photos').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw studioErrors.photo_not_found({ id });
  return row;
}

export async function listPhotoRows(db: Executor, filter: { status?: PhotoStatus; itemId?: number; limit: number }): Promise<PhotoRow[]> {
  let query = db.selectFrom('photo_studio_photos').selectAll();
  if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.itemId !== undefined) query = query.where('item_id', '=', filter.itemId);
  return query.orderBy('id', 'desc').limit(filter.limit).execute();
}

/**
 * Learns the shop's look from the adjustment log, leaving out the rows that resets cover.
 * The look is computed on every read rather than stored, because the learning is one sort
 * per field over a log that grows by some hundreds of rows a month (an estimate for a shop).
 * The log stays the only source of truth, so a reset or a new learning rule needs no
 * migration of stored looks.
 */
export async function loadLook(db: Executor, now = Date.now()): Promise<LearnedLook> {
  const [logRows, resets] = await Promise.all([
    db.selectFrom('photo_studio_adjustment_log').select(['id', 'category', 'adjustments_json', 'accepted_at']).execute(),
    db.selectFrom('photo_studio_look_resets').select(['category', 'last_log_id']).execute(),
  ]);
  const records = logRows.map((row) => ({
    id: Number(row.id),
    category: row.category,
    adjustments: { ...NO_ADJUSTMENTS, ...(JSON.parse(row.adjustments_json) as Partial<PhotoAdjustments>) },
    acceptedAt: Date.parse(row.accepted_at),
  }));
  const counted = recordsAfterResets(
    records,
    resets.map((reset) => ({ category: reset.category, lastRecordId: Number(reset.last_log_id) })),
  );
  return learnLook(counted, { now });
}

/** Returns the learned settings that a new photo of `category` starts with. */
export async function learnedSettingsFor(db: Executor, category: string): Promise<LearnedSettings> {
  return settingsForCategory(await loadLook(db), category);
}
