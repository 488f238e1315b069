import { sql, type Kysely } from 'kysely';
import { databaseKindOf } from '../dialect.js';

// Accounts on online channels (楽天市場, Yahoo!ショッピング, the shop's own site). Credentials
// are one sealed JSON value per account (src/shared/secrets.ts), never stored in the clear.
export async function up(db: Kysely<any>): Promise<void> {
  const postgres = databaseKindOf(db) === 'postgres';
  const table = db.schema.createTable('channel_accounts');
  await (postgres ? table.addColumn('id', 'bigserial', (c) => c.primaryKey()) : table.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement()))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('rakuten', 'yahoo', 'own_site')`))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('settings_json', 'text', (c) => c.notNull())
    .addColumn('sealed_credentials', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('active').check(sql`status in ('active', 'paused')`))
    .addColumn('paused_reason', 'text')
    .addColumn('failure_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_error', 'text')
    .addColumn('created_by', postgres ? 'bigint' : 'integer', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('0010_channel_accounts cannot be reverted; restore a backup instead');
}
