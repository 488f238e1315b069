/**
 * State changes of studio photos and item photos. Each function takes the transaction it
 * runs in; the routes record the audit event in the same transaction.
 */

import { sql } from 'kysely';

import type { Executor } from '../../../db/database.js';
import { nowIso } from '../../../db/database.js';
import type { LearnedSettings } from '../learn.js';
import { NO_ADJUSTMENTS, type MaskStroke, type PhotoAdjustments } from '../pipeline-types.js';
import { studioErrors } from './errors.js';
import { findPhotoRow, type PhotoRow } from './store.js';

/** Returns the URL under which this server serves a studio photo's finished image. */
export function resultUrl(photoId: number): string {
  return `/api/photo-studio/photos/${photoId}/result`;
}

/** Trims and folds full-width letters, so "ｒｉｎｇ " and "ring" are one category. */
export function normaliseCategory(text: string | undefined | null): string {
  return (text ?? '').normalize('NFKC').trim();
}

export async function findItem(db: Executor, itemId: number): Promise<{ id: number; stock_number: string; name: string; category: string }> {
  const item = await db.selectFrom('items').select(['id', 'stock_number', 'name', 'category']).where('id', '=', itemId).executeTakeFirst();
  if (!item) throw studioErrors.item_not_found({ id: itemId }, { field: 'itemId' });
  return { ...item, id: Number(item.id) };
}

export interface NewPhoto {
  fileName: string;
  preset: string;
  category: string;
  itemId: number | null;
  learned: LearnedSettings;
  userId: number;
}

/** Inserts a queued photo that starts from the learned settings of its category. */
export async function insertPhoto(trx: Executor, input: NewPhoto): Promise<PhotoRow> {
  const now = nowIso();
  const adjustments: PhotoAdjustments = { ...NO_ADJUSTMENTS, ...input.learned };
  const inserted = await trx
    .insertInto('photo_studio_photos')
    .values({
      file_name: input.fileName,
      category: input.category,
      item_id: input.itemId,
      status: 'queued',
      preset: input.preset,
      adjustments_json: JSON.stringify(adjustments),
      learned_json: JSON.stringify(input.learned),
      mask_strokes_json: '[]',
      created_by: input.userId,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return findPhotoRow(trx, Number(inserted.id));
}

export interface Redo {
  adjustments: Partial<PhotoAdjustments>;
  maskStrokes?: MaskStroke[];
  preset?: string;
}

/**
 * Applies a person's changes and queues the photo again under a new version. An accepted
 * photo goes back to the queue too and must be accepted again.
 */
export async function redoPhoto(trx: Executor, row: PhotoRow, redo: Redo): Promise<PhotoRow> {
  const current = { ...NO_ADJUSTMENTS, ...(JSON.parse(row.adjustments_json) as Partial<PhotoAdjustments>) };
  const adjustments: PhotoAdjustments = { ...current, ...redo.adjustments };
  await trx
    .updateTable('photo_studio_photos')
    .set({
      adjustments_json: JSON.stringify(adjustments),
      ...(redo.maskStrokes ? { mask_strokes_json: JSON.stringify(redo.maskStrokes) } : {}),
      ...(redo.preset ? { preset: redo.preset } : {}),
      status: 'queued',
      version: sql<number>`version + 1`,
      error_code: null,
      error_message_ja: null,
      error_message_en: null,
      accepted_at: null,
      accepted_by: null,
      updated_at: nowIso(),
    })
    .where('id', '=', row.id)
    .execute();
  return findPhotoRow(trx, Number(row.id));
}

/** Marks a finished photo accepted and logs its adjustments for the learned look. */
export async function acceptPhoto(trx: Executor, row: PhotoRow, userId: number): Promise<PhotoRow> {
  if (row.status !== 'done') throw studioErrors.photo_not_done({ id: Number(row.id), status: row.status });
  const now = nowIso();
  const updated = await trx
    .updateTable('photo_studio_photos')
    .set({ status: 'accepted', accepted_at: now, accepted_by: userId, updated_at: now })
    .where('id', '=', row.id)
    .where('status', '=', 'done')
    .where('version', '=', row.version)
    .executeTakeFirst();
  // A redo between the read and this update changed the row: it is no longer done.
  if (Number(updated.numUpdatedRows) === 0) throw studioErrors.photo_not_done({ id: Number(row.id), status: 'queued' });

  await trx
    .insertInto('photo_studio_adjustment_log')
    .values({
      photo_id: row.id,
      category: row.category,
      adjustments_json: row.adjustments_json,
      learned_json: row.learned_json,
      user_id: userId,
      accepted_at: now,
    })
    .execute();
  return findPhotoRow(trx, Number(row.id));
}

export interface ItemPhoto {
  id: number;
  position: number;
  url: string;
  altText: string | null;
}

export async function itemPhotos(db: Executor, itemId: number): Promise<ItemPhoto[]> {
  const rows = await db.selectFrom('item_photos').selectAll().where('item_id', '=', itemId).orderBy('position').orderBy('id').execute();
  return rows.map((row) => ({ id: Number(row.id), position: row.position, url: row.url, altText: row.alt_text }));
}

/**
 * Appends an accepted photo's finished image to the item's photos, once: attaching it again
 * returns the existing entry. The photo then belongs to the item.
 */
export async function attachPhoto(trx: Executor, row: PhotoRow, item: { id: number; name: string }): Promise<{ itemPhoto: ItemPhoto; added: boolean }> {
  if (row.status !== 'accepted') throw studioErrors.photo_not_accepted({ id: Number(row.id), status: row.status });
  const url = resultUrl(Number(row.id));
  const existing = (await itemPhotos(trx, item.id)).find((photo) => photo.url === url);
  if (existing) return { itemPhoto: existing, added: false };

  const last = await trx
    .selectFrom('item_photos')
    .select((eb) => eb.fn.max('position').as('position'))
    .where('item_id', '=', item.id)
    .executeTakeFirst();
  const position = last?.position === null || last?.position === undefined ? 0 : Number(last.position) + 1;
  const inserted = await trx
    .insertInto('item_photos')
    .values({ item_id: item.id, position, url, alt_text: item.name })
    .returning('id')
    .executeTakeFirstOrThrow();
  await trx.updateTable('photo_studio_photos').set({ item_id: item.id, updated_at: nowIso() }).where('id', '=', row.id).execute();
  return { itemPhoto: { id: Number(inserted.id), position, url, altText: item.name }, added: true };
}

/** Sets positions 0..n-1 in the order given; the ids must be exactly the item's photos. */
export async function reorderItemPhotos(trx: Executor, itemId: number, order: readonly number[]): Promise<ItemPhoto[]> {
  const current = await itemPhotos(trx, itemId);
  const expected = current.map((photo) => photo.id).sort((a, b) => a - b);
  const received = [...order].sort((a, b) => a - b);
  const same = expected.length === received.length && new Set(order).size === order.length && expected.every((id, index) => id === received[index]);
  if (!same) {
    throw studioErrors.reorder_mismatch(
      { itemId, expected: current.map((photo) => photo.id).join(', ') || '-', received: order.join(', ') || '-' },
      { field: 'itemPhotoIds' },
    );
  }

  for (const [position, id] of order.entries()) {
    await trx.updateTable('item_photos').set({ position }).where('id', '=', id).where('item_id', '=', itemId).execute();
  }
  return itemPhotos(trx, itemId);
}

/** Records a reset: log rows written so far stop counting for the category (or for all). */
export async function resetLook(trx: Executor, category: string | null, userId: number): Promise<number> {
  const last = await trx
    .selectFrom('photo_studio_adjustment_log')
    .select((eb) => eb.fn.max('id').as('id'))
    .executeTakeFirst();
  const lastLogId = last?.id === null || last?.id === undefined ? 0 : Number(last.id);
  await trx.insertInto('photo_studio_look_resets').values({ category, last_log_id: lastLogId, reset_by: userId, reset_at: nowIso() }).execute();
  return lastLogId;
}
