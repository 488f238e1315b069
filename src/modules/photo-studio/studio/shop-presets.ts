/**
 * Shop-defined presets of the studio, stored in photo_studio_presets, and the lookup of a
 * preset id among the channel presets and the shop's own.
 */

import type { Executor } from '../../../db/database.js';
import { nowIso } from '../../../db/database.js';
import { CHANNEL_PRESET_IDS, parseShopPreset, presetById, type PhotoPreset } from '../presets.js';
import { studioErrors } from './errors.js';

export interface StoredShopPreset {
  preset: PhotoPreset;
  createdAt: string;
  updatedAt: string;
}

/** Loads every shop preset, ordered by id. */
export async function listShopPresets(db: Executor): Promise<StoredShopPreset[]> {
  const rows = await db.selectFrom('photo_studio_presets').selectAll().orderBy('id').execute();
  // Parsed again on read, so a row edited by hand into an invalid preset fails here with
  // the field named rather than deep inside the pipeline.
  return rows.map((row) => ({ preset: parseShopPreset(JSON.parse(row.preset_json)), createdAt: row.created_at, updatedAt: row.updated_at }));
}

/** Loads the shop presets as the pipeline uses them. */
export async function loadShopPresets(db: Executor): Promise<PhotoPreset[]> {
  return (await listShopPresets(db)).map((stored) => stored.preset);
}

/**
 * Returns the channel or shop preset with this id. Raises a bilingual error that lists the
 * valid ids, which also covers a photo whose shop preset was deleted.
 */
export function requirePreset(id: string, shopPresets: readonly PhotoPreset[]): PhotoPreset {
  const preset = presetById(id, shopPresets);
  if (preset) return preset;
  const valid = [...CHANNEL_PRESET_IDS, ...shopPresets.map((shop) => shop.id)].join(', ');
  throw studioErrors.preset_unknown({ value: id, presets: valid }, { field: 'preset' });
}

/** Loads the shop presets only when `id` is not a channel preset, then resolves it. */
export async function resolvePreset(db: Executor, id: string): Promise<PhotoPreset> {
  const channel = presetById(id);
  if (channel) return channel;
  return requirePreset(id, await loadShopPresets(db));
}

/**
 * Stores a shop preset under `id`, creating or replacing it. The body is validated by
 * parseShopPreset; an id in the body must equal the one in the path.
 */
export async function saveShopPreset(
  trx: Executor,
  id: string,
  body: unknown,
  userId: number,
): Promise<{ before: PhotoPreset | null; after: PhotoPreset }> {
  const withId = body !== null && typeof body === 'object' && !Array.isArray(body) ? { id, ...body } : body;
  const after = parseShopPreset(withId);
  if (after.id !== id) throw studioErrors.preset_id_mismatch({ path: id, body: after.id }, { field: 'id' });

  const existing = await trx.selectFrom('photo_studio_presets').select('preset_json').where('id', '=', id).executeTakeFirst();
  const now = nowIso();
  const json = JSON.stringify(after);
  // An upsert, so that two saves of a new id at once both succeed and the later one wins.
  await trx
    .insertInto('photo_studio_presets')
    .values({ id, preset_json: json, created_by: userId, created_at: now, updated_by: userId, updated_at: now })
    .onConflict((conflict) => conflict.column('id').doUpdateSet({ preset_json: json, updated_by: userId, updated_at: now }))
    .execute();
  return { before: existing ? (JSON.parse(existing.preset_json) as PhotoPreset) : null, after };
}

/**
 * Deletes a shop preset and returns it with the number of studio photos whose main preset
 * it was. Those photos keep the id, and a redo fails until a person picks another preset.
 */
export async function deleteShopPreset(trx: Executor, id: string): Promise<{ preset: PhotoPreset; photosUsing: number }> {
  const existing = await trx.selectFrom('photo_studio_presets').select('preset_json').where('id', '=', id).executeTakeFirst();
  if (!existing) throw studioErrors.shop_preset_not_found({ id }, { field: 'id' });

  await trx.deleteFrom('photo_studio_presets').where('id', '=', id).execute();
  const using = await trx
    .selectFrom('photo_studio_photos')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('preset', '=', id)
    .executeTakeFirstOrThrow();
  return { preset: JSON.parse(existing.preset_json) as PhotoPreset, photosUsing: Number(using.count) };
}
