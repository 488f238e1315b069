import { sql, type Kysely } from 'kysely';
import { databaseKindOf } from '../dialect.js';

// sale_refunds: partial refunds (一部返金) of counter sale lines. The customer keeps the piece
// and gets part of the price back, so nothing moves in stock. The sales table's kind CHECK
// allows only 'sale' and 'return', which is why refunds get a table of their own.
export async function up(db: Kysely<any>): Promise<void> {
  const postgres = databaseKindOf(db) === 'postgres';
  const big = postgres ? 'bigint' : 'integer';
  const table = db.schema.createTable('sale_refunds');

  await (postgres ? table.addColumn('id', 'bigserial', (c) => c.primaryKey()) : table.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement()))
    .addColumn('number', 'text', (c) => c.notNull().unique())
    .addColumn('sale_id', big, (c) => c.notNull().references('sales.id'))
    .addColumn('sale_line_id', big, (c) => c.notNull().references('sale_lines.id'))
    .addColumn('register_id', big, (c) => c.notNull().references('registers.id'))
    .addColumn('location_id', big, (c) => c.notNull().references('locations.id'))
    .addColumn('business_date', 'text', (c) => c.notNull())
    // Yen, tax included, and the consumption tax contained in it.
    .addColumn('amount', big, (c) => c.notNull().check(sql`amount > 0`))
    .addColumn('tax_rate_percent', 'integer', (c) => c.notNull())
    .addColumn('tax', big, (c) => c.notNull().check(sql`tax >= 0`))
    .addColumn('method', 'text', (c) => c.notNull().check(sql`method in ('cash', 'card', 'electronic_money', 'qr', 'bank_transfer', 'store_credit')`))
    .addColumn('reference', 'text')
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('created_by', big, (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema.createIndex('sale_refunds_sale_id').on('sale_refunds').column('sale_id').execute();
  await db.schema.createIndex('sale_refunds_register_day').on('sale_refunds').columns(['register_id', 'business_date']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('sale_refunds').execute();
}
