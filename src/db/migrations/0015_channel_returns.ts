import type { Kysely } from 'kysely';
import { databaseKindOf } from '../dialect.js';

// A shipped channel order line whose piece the buyer sends back: when it came back, where it
// went, and why. The line keeps its state 'sold' (the state CHECK of migration 0012 cannot be
// widened on SQLite without rebuilding the table); returned_at marks it returned.
export async function up(db: Kysely<any>): Promise<void> {
  const big = databaseKindOf(db) === 'postgres' ? 'bigint' : 'integer';
  await db.schema.alterTable('channel_order_lines').addColumn('returned_at', 'text').execute();
  await db.schema.alterTable('channel_order_lines').addColumn('return_location_id', big, (c) => c.references('locations.id')).execute();
  await db.schema.alterTable('channel_order_lines').addColumn('return_reason', 'text').execute();
}

export async function down(): Promise<void> {
  throw new Error('The channel returns migration cannot be reverted; restore a backup instead.');
}
