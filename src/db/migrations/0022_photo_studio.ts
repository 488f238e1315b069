import { sql, type Kysely } from 'kysely';
import { databaseKindOf } from '../dialect.js';

// Photo studio (写真スタジオ).
// - photo_studio_photos: one uploaded photo and its correction. The files (original, preview,
//   results per preset, mask) live in the data directory under photo-studio/<id>/; these rows
//   hold the settings, the state of the job and what the pipeline reported. `version` grows
//   on every redo, so a job that finishes for an older version is not stored.
// - photo_studio_adjustment_log: one row per accept with the adjustments the person ended
//   with and the learned part applied at the time. The shop's learned look is computed from
//   these rows on read; rows are never deleted, so a reset does not lose the history.
// - photo_studio_look_resets: a reset of the learned look for one category (or all when
//   category is null). Log rows up to `last_log_id` no longer count for that category.
export async function up(db: Kysely<any>): Promise<void> {
  const postgres = databaseKindOf(db) === 'postgres';
  const big = postgres ? 'bigint' : 'integer';
  const withId = (table: ReturnType<typeof db.schema.createTable>) =>
    postgres ? table.addColumn('id', 'bigserial', (c) => c.primaryKey()) : table.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());

  await withId(db.schema.createTable('photo_studio_photos'))
    .addColumn('file_name', 'text', (c) => c.notNull())
    /** Free text such as "ring"; '' when neither the upload nor the item gave one. */
    .addColumn('category', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('item_id', big, (c) => c.references('items.id'))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('queued', 'processing', 'done', 'failed', 'accepted')`))
    .addColumn('preset', 'text', (c) => c.notNull())
    /** PhotoAdjustments as applied: learned look plus the person's changes. */
    .addColumn('adjustments_json', 'text', (c) => c.notNull())
    /** The learned part of adjustments_json, copied when the photo was uploaded. */
    .addColumn('learned_json', 'text', (c) => c.notNull())
    .addColumn('mask_strokes_json', 'text', (c) => c.notNull().defaultTo('[]'))
    /** CorrectResult.auto of the latest finished job. */
    .addColumn('auto_json', 'text')
    .addColumn('compliance_json', 'text')
    .addColumn('error_code', 'text')
    .addColumn('error_message_ja', 'text')
    .addColumn('error_message_en', 'text')
    /** Size of the original after its EXIF orientation, in pixels. */
    .addColumn('width', 'integer')
    .addColumn('height', 'integer')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_by', big, (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('accepted_by', big, (c) => c.references('users.id'))
    .addColumn('accepted_at', 'text')
    .execute();
  await db.schema.createIndex('photo_studio_photos_status_idx').on('photo_studio_photos').column('status').execute();
  await db.schema.createIndex('photo_studio_photos_item_idx').on('photo_studio_photos').column('item_id').execute();

  await withId(db.schema.createTable('photo_studio_adjustment_log'))
    .addColumn('photo_id', big, (c) => c.notNull().references('photo_studio_photos.id'))
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('adjustments_json', 'text', (c) => c.notNull())
    .addColumn('learned_json', 'text', (c) => c.notNull())
    .addColumn('user_id', big, (c) => c.references('users.id'))
    .addColumn('accepted_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('photo_studio_adjustment_log_category_idx').on('photo_studio_adjustment_log').column('category').execute();

  await withId(db.schema.createTable('photo_studio_look_resets'))
    /** null resets every category. */
    .addColumn('category', 'text')
    /** Highest photo_studio_adjustment_log id when the reset was made; 0 on an empty log. */
    .addColumn('last_log_id', big, (c) => c.notNull())
    .addColumn('reset_by', big, (c) => c.references('users.id'))
    .addColumn('reset_at', 'text', (c) => c.notNull())
    .execute();
}
