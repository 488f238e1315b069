import { sql, type Kysely } from 'kysely';
import { databaseKindOf } from '../dialect.js';

// A listing (出品) is one piece offered on one channel account, with what that channel
// shows: title, description, price, category and photos. Its state moves draft →
// publishing → live → withdrawing → withdrawn, or to error with the last error kept.
export async function up(db: Kysely<any>): Promise<void> {
  const postgres = databaseKindOf(db) === 'postgres';
  const big = postgres ? 'bigint' : 'integer';
  const table = db.schema.createTable('channel_listings');
  await (postgres ? table.addColumn('id', 'bigserial', (c) => c.primaryKey()) : table.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement()))
    .addColumn('item_id', big, (c) => c.notNull().references('items.id'))
    .addColumn('channel_account_id', big, (c) => c.notNull().references('channel_accounts.id'))
    .addColumn('state', 'text', (c) =>
      c.notNull().check(sql`state in ('draft', 'publishing', 'live', 'withdrawing', 'withdrawn', 'error')`),
    )
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('price', big, (c) => c.notNull().check(sql`price >= 0`))
    .addColumn('price_basis', 'text', (c) => c.notNull().check(sql`price_basis in ('included', 'excluded')`))
    .addColumn('category_id', 'text')
    .addColumn('photos_json', 'text', (c) => c.notNull().defaultTo('[]'))
    /** The channel's own key of the listing: Rakuten manageNumber, Yahoo item code, own SKU. */
    .addColumn('external_code', 'text', (c) => c.notNull())
    .addColumn('last_error_code', 'text')
    .addColumn('last_error_json', 'text')
    .addColumn('published_at', 'text')
    .addColumn('withdrawn_at', 'text')
    /** Why it was withdrawn: 'stock' when nothing was left to sell (restored when stock returns), 'user' by hand. */
    .addColumn('withdrawn_by', 'text', (c) => c.check(sql`withdrawn_by in ('stock', 'user')`))
    .addColumn('created_by', big, (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('channel_listings_item_account_key', ['item_id', 'channel_account_id'])
    .addUniqueConstraint('channel_listings_account_code_key', ['channel_account_id', 'external_code'])
    .execute();
  await db.schema.createIndex('channel_listings_state_idx').on('channel_listings').columns(['channel_account_id', 'state']).execute();
}

export async function down(): Promise<void> {
  throw new Error('0011_channel_listings cannot be reverted; restore a backup instead');
}
