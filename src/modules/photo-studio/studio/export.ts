import { zipSync } from 'fflate';

import type { Executor } from '../../../db/database.js';
import type { PhotoPreset } from '../presets.js';
import { studioErrors } from './errors.js';
import { RESULT_EXTENSION } from './files.js';
import type { PhotoJobs } from './jobs.js';
import { itemPhotos, resultUrl } from './service.js';
import type { PhotoRow } from './store.js';

/**
 * Zips an item's studio photos rendered for one preset, named <stock number>-<n>.<ext> with
 * n from 1: the photos attached to the item in the item's order (the same set its page
 * shows, including one redone and awaiting review again), then its other accepted photos,
 * oldest first. JPEG and PNG are compressed already, so the zip stores them uncompressed.
 */
export async function exportItemPhotos(
  db: Executor,
  jobs: PhotoJobs,
  item: { id: number; stock_number: string },
  preset: PhotoPreset,
): Promise<{ zip: Uint8Array; names: string[] }> {
  const finished = await db
    .selectFrom('photo_studio_photos')
    .selectAll()
    .where('item_id', '=', item.id)
    .where('status', 'in', ['accepted', 'done'])
    .orderBy('id')
    .execute();
  const positions = new Map((await itemPhotos(db, item.id)).map((photo) => [photo.url, photo.position]));
  const rank = (row: PhotoRow) => positions.get(resultUrl(Number(row.id))) ?? Number.MAX_SAFE_INTEGER;
  const rows = finished.filter((row) => row.status === 'accepted' || rank(row) !== Number.MAX_SAFE_INTEGER);
  if (rows.length === 0) throw studioErrors.export_empty({ itemId: item.id });
  const ordered = [...rows].sort((a, b) => rank(a) - rank(b) || Number(a.id) - Number(b.id));

  const files: Record<string, [Uint8Array, { level: 0 }]> = {};
  const names: string[] = [];
  for (const [index, row] of ordered.entries()) {
    const bytes = await jobs.render(row, preset);
    const name = `${item.stock_number}-${index + 1}.${RESULT_EXTENSION[preset.format]}`;
    files[name] = [new Uint8Array(bytes), { level: 0 }];
    names.push(name);
  }
  return { zip: zipSync(files), names };
}
