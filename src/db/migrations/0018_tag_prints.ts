import type { Kysely } from 'kysely';
import { databaseKindOf } from '../dialect.js';

// The last price tag printed for each piece: the tax-included price it shows, so that the
// reprint list finds pieces whose price changed after their tag was printed, whatever
// changed the price (an item edit, a CSV import, the tax rounding setting).
export async function up(db: Kysely<any>): Promise<void> {
  const big = databaseKindOf(db) === 'postgres' ? 'bigint' : 'integer';

  await db.schema
    .createTable('item_tag_prints')
    .addColumn('item_id', big, (c) => c.primaryKey().references('items.id'))
    // Yen, tax included, as printed on the tag.
    .addColumn('price_including_tax', big, (c) => c.notNull())
    .addColumn('template', 'text', (c) => c.notNull())
    .addColumn('printed_at', 'text', (c) => c.notNull())
    // Null for a print from the command line, which runs as no user.
    .addColumn('printed_by', big, (c) => c.references('users.id'))
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('This migration cannot be reverted; restore a backup instead.');
}
