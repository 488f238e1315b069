import { sql, type Kysely } from 'kysely';
import { databaseKindOf } from '../dialect.js';

// Stocktaking (棚卸): a count of one location (or one category there), the book stock at its
// start, and the tag scans of every device taking part.
export async function up(db: Kysely<any>): Promise<void> {
  const postgres = databaseKindOf(db) === 'postgres';
  const big = postgres ? 'bigint' : 'integer';
  const withId = (name: string) => {
    const table = db.schema.createTable(name);
    return postgres ? table.addColumn('id', 'bigserial', (c) => c.primaryKey()) : table.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
  };

  await withId('stocktakes')
    .addColumn('number', 'text', (c) => c.notNull().unique())
    .addColumn('location_id', big, (c) => c.notNull().references('locations.id'))
    // Null counts every category at the location.
    .addColumn('category', 'text')
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('counting', 'posted', 'cancelled')`))
    // "<location id>:<category or *>" while counting and null afterwards, so the unique index
    // allows one open count per location and category (both databases let nulls repeat).
    .addColumn('open_key', 'text', (c) => c.unique())
    // Highest stock_movements.id when the count started: later movements happened during it.
    .addColumn('start_movement_id', big, (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('started_by', big, (c) => c.references('users.id'))
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('closed_by', big, (c) => c.references('users.id'))
    .addColumn('closed_at', 'text')
    .addColumn('write_off_id', big, (c) => c.references('write_offs.id'))
    // Variance summary frozen when the count is posted (JSON), because the book moves on.
    .addColumn('summary_json', 'text')
    .execute();
  await db.schema.createIndex('stocktakes_location').on('stocktakes').columns(['location_id', 'started_at']).execute();

  await db.schema
    .createTable('stocktake_snapshot_lines')
    .addColumn('stocktake_id', big, (c) => c.notNull().references('stocktakes.id'))
    .addColumn('item_id', big, (c) => c.notNull().references('items.id'))
    .addColumn('quantity', big, (c) => c.notNull().check(sql`quantity > 0`))
    .addPrimaryKeyConstraint('stocktake_snapshot_lines_pk', ['stocktake_id', 'item_id'])
    .execute();

  await withId('stocktake_scans')
    .addColumn('stocktake_id', big, (c) => c.notNull().references('stocktakes.id'))
    .addColumn('device_id', 'text', (c) => c.notNull())
    // Sequence number the device gives each scan; a resent scan repeats it.
    .addColumn('client_sequence', big, (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull())
    // Null when the code matched no item.
    .addColumn('item_id', big, (c) => c.references('items.id'))
    .addColumn('quantity', big, (c) => c.notNull().check(sql`quantity > 0`))
    // Highest stock_movements.id when the scan was recorded: the book at that moment.
    .addColumn('movement_mark', big, (c) => c.notNull())
    .addColumn('scanned_by', big, (c) => c.references('users.id'))
    .addColumn('scanned_at', 'text', (c) => c.notNull())
    // Set when a recount discarded the scan.
    .addColumn('voided_at', 'text')
    .addUniqueConstraint('stocktake_scans_device_sequence', ['stocktake_id', 'device_id', 'client_sequence'])
    .execute();
  await db.schema.createIndex('stocktake_scans_item').on('stocktake_scans').columns(['stocktake_id', 'item_id']).execute();
}

export async function down(): Promise<void> {
  throw new Error('The stocktakes migration cannot be reverted; restore a backup instead.');
}
