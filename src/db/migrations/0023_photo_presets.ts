import type { Kysely } from 'kysely';
import { databaseKindOf } from '../dialect.js';

// Shop-defined presets of the photo studio (写真スタジオのショップ独自プリセット).
// - photo_studio_presets: one preset per row. `id` is the preset id that photos store in
//   photo_studio_photos.preset ('shop-…', never a channel id). `preset_json` is the preset
//   after parseShopPreset (defaults filled in), so a reader needs no defaults of its own.
//   Photos keep the id as text with no foreign key, because a deleted preset must not delete
//   or block the photos made with it.
export async function up(db: Kysely<any>): Promise<void> {
  const big = databaseKindOf(db) === 'postgres' ? 'bigint' : 'integer';

  await db.schema
    .createTable('photo_studio_presets')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('preset_json', 'text', (c) => c.notNull())
    .addColumn('created_by', big, (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', big, (c) => c.references('users.id'))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}
