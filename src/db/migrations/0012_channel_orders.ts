import { sql, type Kysely } from 'kysely';
import { databaseKindOf } from '../dialect.js';

// Channel sync and order intake (EC受注).
// - outbox_events.lane: events that must go through one channel account's rate limit carry
//   the lane "channel:<account id>", so each account has its own queue and a slow channel
//   does not hold up the others.
// - channel_accounts.paused_by: whether a pause came from a person or from repeated failures;
//   only the latter is lifted by itself when the channel answers again.
// - channel_orders / channel_order_lines: each channel order once per account and order
//   number, its lines mapped to pieces, with the channel's payload kept untouched.
// - channel_sync_state: per account, how far orders were polled and when, with a lease so
//   that only one runner process polls an account at a time, and a lease on its lane so that
//   one process at a time sends its calls (keeping the channel's rate limit and call order).
// - channel_stock_corrections: every correction drift reconciliation made.
export async function up(db: Kysely<any>): Promise<void> {
  const postgres = databaseKindOf(db) === 'postgres';
  const big = postgres ? 'bigint' : 'integer';
  const withId = (table: ReturnType<typeof db.schema.createTable>) =>
    postgres ? table.addColumn('id', 'bigserial', (c) => c.primaryKey()) : table.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());

  await db.schema.alterTable('outbox_events').addColumn('lane', 'text').execute();
  await db.schema.createIndex('outbox_events_lane_idx').on('outbox_events').columns(['lane', 'processed_at', 'available_at', 'id']).execute();
  await db.schema
    .alterTable('channel_accounts')
    .addColumn('paused_by', 'text', (c) => c.check(sql`paused_by in ('user', 'failures')`))
    .execute();

  await withId(db.schema.createTable('channel_orders'))
    .addColumn('channel_account_id', big, (c) => c.notNull().references('channel_accounts.id'))
    .addColumn('order_number', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('new', 'to_confirm', 'to_ship', 'shipped', 'cancelled')`))
    /** The channel's version or change stamp last imported. */
    .addColumn('version', 'text', (c) => c.notNull())
    .addColumn('flagged', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('flag_code', 'text')
    .addColumn('flag_json', 'text')
    .addColumn('flag_resolved_at', 'text')
    .addColumn('flag_resolved_by', big, (c) => c.references('users.id'))
    .addColumn('ordered_at', 'text', (c) => c.notNull())
    .addColumn('buyer_name', 'text', (c) => c.notNull())
    .addColumn('buyer_json', 'text', (c) => c.notNull())
    .addColumn('delivery_json', 'text')
    .addColumn('totals_json', 'text', (c) => c.notNull())
    .addColumn('total', big, (c) => c.notNull())
    /** JSON of the tax engine's check of the channel's totals. */
    .addColumn('totals_check_json', 'text', (c) => c.notNull())
    .addColumn('raw_json', 'text', (c) => c.notNull())
    .addColumn('confirmed_at', 'text')
    .addColumn('cancelled_at', 'text')
    .addColumn('imported_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('channel_orders_account_number_key', ['channel_account_id', 'order_number'])
    .execute();
  await db.schema.createIndex('channel_orders_status_idx').on('channel_orders').columns(['status', 'ordered_at']).execute();

  await withId(db.schema.createTable('channel_order_lines'))
    .addColumn('order_id', big, (c) => c.notNull().references('channel_orders.id'))
    .addColumn('line_key', 'text', (c) => c.notNull())
    .addColumn('external_code', 'text')
    .addColumn('variant_code', 'text')
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('unit_price', big, (c) => c.notNull())
    .addColumn('quantity', 'integer', (c) => c.notNull())
    .addColumn('tax_included', 'integer', (c) => c.notNull())
    /** Rate as the channel gave it, e.g. "0.1"; text keeps it exact. */
    .addColumn('tax_rate', 'text')
    .addColumn('item_id', big, (c) => c.references('items.id'))
    .addColumn('state', 'text', (c) => c.notNull().check(sql`state in ('reserved', 'unmatched', 'short', 'released', 'sold')`))
    .addColumn('reservation_id', big, (c) => c.references('stock_reservations.id'))
    .addColumn('problem_code', 'text')
    .addColumn('problem_json', 'text')
    .addUniqueConstraint('channel_order_lines_order_key', ['order_id', 'line_key'])
    .execute();
  await db.schema.createIndex('channel_order_lines_item_idx').on('channel_order_lines').columns(['item_id']).execute();

  await withId(db.schema.createTable('channel_order_history'))
    .addColumn('order_id', big, (c) => c.notNull().references('channel_orders.id'))
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('detail_json', 'text', (c) => c.notNull().defaultTo('{}'))
    .execute();
  await db.schema.createIndex('channel_order_history_order_idx').on('channel_order_history').columns(['order_id', 'id']).execute();

  await db.schema
    .createTable('channel_sync_state')
    .addColumn('channel_account_id', big, (c) => c.primaryKey().references('channel_accounts.id'))
    /** Orders changed up to this time (ISO UTC) have been imported. */
    .addColumn('orders_polled_until', 'text')
    .addColumn('last_order_poll_at', 'text')
    .addColumn('last_success_at', 'text')
    .addColumn('last_reconcile_at', 'text')
    .addColumn('poll_locked_by', 'text')
    .addColumn('poll_locked_until', 'text')
    /** The runner process that sends this account's calls now; one at a time keeps the rate limit. */
    .addColumn('lane_locked_by', 'text')
    .addColumn('lane_locked_until', 'text')
    .execute();

  await withId(db.schema.createTable('channel_stock_corrections'))
    .addColumn('channel_account_id', big, (c) => c.notNull().references('channel_accounts.id'))
    .addColumn('item_id', big, (c) => c.notNull().references('items.id'))
    .addColumn('external_code', 'text', (c) => c.notNull())
    .addColumn('channel_quantity', 'integer')
    .addColumn('expected_quantity', 'integer', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('channel_stock_corrections_at_idx').on('channel_stock_corrections').columns(['at']).execute();
}

export async function down(): Promise<void> {
  throw new Error('0012_channel_orders cannot be reverted; restore a backup instead');
}
