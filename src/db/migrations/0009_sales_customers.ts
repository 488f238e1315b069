import { sql, type CreateTableBuilder, type Kysely } from 'kysely';
import { databaseKindOf } from '../dialect.js';

// Counter sales, customers, stock reservations and the transactional outbox.
//
// Reservations: stock_balances.reserved_quantity is the part of a balance held for an
// order or a sale in progress. Sales and every other decrement may take only
// quantity - reserved_quantity, so a piece held for a channel order cannot be sold at the
// counter, transferred or written off until the hold is released or consumed.

type Table = CreateTableBuilder<any, any>;

export async function up(db: Kysely<any>): Promise<void> {
  const postgres = databaseKindOf(db) === 'postgres';
  const big = postgres ? 'bigint' : 'integer';
  const withId = (table: Table): Table =>
    postgres
      ? table.addColumn('id', 'bigserial', (c) => c.primaryKey())
      : table.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());

  await db.schema
    .alterTable('stock_balances')
    .addColumn('reserved_quantity', big, (c) => c.notNull().defaultTo(0).check(sql`reserved_quantity >= 0`))
    .execute();
  if (postgres) {
    await sql`ALTER TABLE stock_balances ADD CONSTRAINT stock_balances_reserved_on_hand CHECK (reserved_quantity <= quantity)`.execute(db);
  } else {
    // SQLite cannot add a table constraint to an existing table; triggers give the same rule.
    for (const event of ['INSERT', 'UPDATE']) {
      await sql.raw(`
        CREATE TRIGGER stock_balances_reserved_on_hand_${event.toLowerCase()} BEFORE ${event} ON stock_balances
        WHEN NEW.reserved_quantity > NEW.quantity
        BEGIN SELECT RAISE(ABORT, 'stock_balances_reserved_on_hand'); END`).execute(db);
    }
  }

  // Whether an item's retail price includes consumption tax (総額表示, the default) or not.
  await db.schema
    .alterTable('items')
    .addColumn('price_basis', 'text', (c) => c.notNull().defaultTo('included').check(sql`price_basis in ('included', 'excluded')`))
    .execute();

  await withId(db.schema.createTable('stock_reservations'))
    .addColumn('item_id', big, (c) => c.notNull().references('items.id'))
    .addColumn('location_id', big, (c) => c.notNull().references('locations.id'))
    .addColumn('quantity', big, (c) => c.notNull().check(sql`quantity > 0`))
    .addColumn('holder_type', 'text', (c) => c.notNull())
    .addColumn('holder_ref', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('active', 'consumed', 'released')`))
    .addColumn('created_by', big, (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('ended_at', 'text')
    .execute();
  await db.schema.createIndex('stock_reservations_item_idx').on('stock_reservations').columns(['item_id', 'status']).execute();
  await db.schema.createIndex('stock_reservations_holder_idx').on('stock_reservations').columns(['holder_type', 'holder_ref']).execute();

  // Events that channel work and other consumers act on, written in the same transaction
  // as the change they describe. A runner claims rows (locked_by/locked_until), and marks
  // them processed; failed attempts are retried after available_at.
  await withId(db.schema.createTable('outbox_events'))
    .addColumn('topic', 'text', (c) => c.notNull())
    .addColumn('aggregate_type', 'text', (c) => c.notNull())
    .addColumn('aggregate_id', 'text', (c) => c.notNull())
    .addColumn('payload_json', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('available_at', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('locked_by', 'text')
    .addColumn('locked_until', 'text')
    .addColumn('processed_at', 'text')
    .addColumn('last_error', 'text')
    .execute();
  await db.schema.createIndex('outbox_events_pending_idx').on('outbox_events').columns(['processed_at', 'available_at', 'id']).execute();

  await withId(db.schema.createTable('registers'))
    .addColumn('location_id', big, (c) => c.notNull().references('locations.id'))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('is_active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('registers_location_code_key', ['location_id', 'code'])
    .execute();

  await withId(db.schema.createTable('customers'))
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('family_name', 'text', (c) => c.notNull())
    .addColumn('given_name', 'text')
    .addColumn('family_name_kana', 'text')
    .addColumn('given_name_kana', 'text')
    .addColumn('phone', 'text')
    .addColumn('phone_digits', 'text')
    .addColumn('email', 'text')
    .addColumn('postal_code', 'text')
    .addColumn('prefecture', 'text')
    .addColumn('address', 'text')
    .addColumn('birthday', 'text')
    /** Month and day of the birthday ("MM-DD"), for the upcoming birthdays list. */
    .addColumn('birthday_md', 'text')
    .addColumn('anniversaries_json', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('ring_sizes_json', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('preferences', 'text')
    .addColumn('consent_to_contact', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('consent_updated_at', 'text')
    .addColumn('notes', 'text')
    .addColumn('home_location_id', big, (c) => c.references('locations.id'))
    .addColumn('search_text', 'text', (c) => c.notNull())
    .addColumn('merged_into_id', big, (c) => c.references('customers.id'))
    .addColumn('anonymized_at', 'text')
    .addColumn('created_by', big, (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('customers_phone_idx').on('customers').column('phone_digits').execute();
  await db.schema.createIndex('customers_birthday_idx').on('customers').column('birthday_md').execute();
  await db.schema.createIndex('customers_merged_idx').on('customers').column('merged_into_id').execute();

  // A sale or a return (kind), with the tax document computed by src/modules/tax. Amounts
  // are positive yen in both kinds; a return's figures are subtracted in reports.
  await withId(db.schema.createTable('sales'))
    .addColumn('number', 'text', (c) => c.notNull().unique())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('sale', 'return')`))
    .addColumn('original_sale_id', big, (c) => c.references('sales.id'))
    .addColumn('location_id', big, (c) => c.notNull().references('locations.id'))
    .addColumn('register_id', big, (c) => c.notNull().references('registers.id'))
    .addColumn('customer_id', big, (c) => c.references('customers.id'))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('completed', 'voided')`))
    .addColumn('business_date', 'text', (c) => c.notNull())
    .addColumn('sold_at', 'text', (c) => c.notNull())
    .addColumn('price_basis', 'text', (c) => c.notNull())
    .addColumn('tax_rounding', 'text', (c) => c.notNull())
    .addColumn('subtotal', big, (c) => c.notNull())
    .addColumn('reduction_total', big, (c) => c.notNull())
    .addColumn('total', big, (c) => c.notNull())
    .addColumn('tax_total', big, (c) => c.notNull())
    .addColumn('reductions_json', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('note', 'text')
    .addColumn('reason', 'text')
    .addColumn('invoice_registration_number', 'text')
    .addColumn('receipt_print_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('voided_at', 'text')
    .addColumn('voided_by', big, (c) => c.references('users.id'))
    .addColumn('void_reason', 'text')
    .addColumn('created_by', big, (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sales_date_idx').on('sales').columns(['business_date', 'location_id']).execute();
  await db.schema.createIndex('sales_register_idx').on('sales').columns(['register_id', 'business_date']).execute();
  await db.schema.createIndex('sales_customer_idx').on('sales').column('customer_id').execute();
  await db.schema.createIndex('sales_original_idx').on('sales').column('original_sale_id').execute();

  await withId(db.schema.createTable('sale_lines'))
    .addColumn('sale_id', big, (c) => c.notNull().references('sales.id'))
    .addColumn('line_no', 'integer', (c) => c.notNull())
    .addColumn('item_id', big, (c) => c.notNull().references('items.id'))
    /** On a return: the line of the original sale it reverses. */
    .addColumn('original_line_id', big, (c) => c.references('sale_lines.id'))
    .addColumn('quantity', big, (c) => c.notNull().check(sql`quantity > 0`))
    .addColumn('unit_price', big, (c) => c.notNull())
    .addColumn('price_basis', 'text', (c) => c.notNull())
    .addColumn('tax_rate_percent', 'integer', (c) => c.notNull())
    .addColumn('discount_json', 'text')
    .addColumn('gross_amount', big, (c) => c.notNull())
    .addColumn('line_discount', big, (c) => c.notNull())
    .addColumn('amount', big, (c) => c.notNull())
    .addColumn('allocated_reduction', big, (c) => c.notNull())
    .addColumn('final_amount', big, (c) => c.notNull())
    .addColumn('cost_amount', big, (c) => c.notNull())
    /** On a return: where the piece went back to, or null when written off as damaged. */
    .addColumn('return_location_id', big, (c) => c.references('locations.id'))
    .execute();
  await db.schema.createIndex('sale_lines_sale_idx').on('sale_lines').column('sale_id').execute();
  await db.schema.createIndex('sale_lines_item_idx').on('sale_lines').column('item_id').execute();
  await db.schema.createIndex('sale_lines_original_idx').on('sale_lines').column('original_line_id').execute();

  // Per rate figures of the document as the engine computed them (tax-included total, tax).
  await db.schema
    .createTable('sale_tax_rates')
    .addColumn('sale_id', big, (c) => c.notNull().references('sales.id'))
    .addColumn('rate_percent', 'integer', (c) => c.notNull())
    .addColumn('amount', big, (c) => c.notNull())
    .addColumn('total', big, (c) => c.notNull())
    .addColumn('net', big, (c) => c.notNull())
    .addColumn('tax', big, (c) => c.notNull())
    .addPrimaryKeyConstraint('sale_tax_rates_pk', ['sale_id', 'rate_percent'])
    .execute();

  await withId(db.schema.createTable('sale_payments'))
    .addColumn('sale_id', big, (c) => c.notNull().references('sales.id'))
    .addColumn('method', 'text', (c) =>
      c.notNull().check(sql`method in ('cash', 'card', 'electronic_money', 'qr', 'bank_transfer', 'store_credit')`),
    )
    .addColumn('amount', big, (c) => c.notNull().check(sql`amount > 0`))
    .addColumn('tendered', big)
    .addColumn('change_given', big)
    .addColumn('reference', 'text')
    .execute();
  await db.schema.createIndex('sale_payments_sale_idx').on('sale_payments').column('sale_id').execute();

  await db.schema
    .createTable('sale_staff')
    .addColumn('sale_id', big, (c) => c.notNull().references('sales.id'))
    .addColumn('user_id', big, (c) => c.notNull().references('users.id'))
    .addColumn('share_percent', 'integer', (c) => c.notNull().check(sql`share_percent > 0 and share_percent <= 100`))
    .addPrimaryKeyConstraint('sale_staff_pk', ['sale_id', 'user_id'])
    .execute();
  await db.schema.createIndex('sale_staff_user_idx').on('sale_staff').column('user_id').execute();

  await withId(db.schema.createTable('register_closings'))
    .addColumn('register_id', big, (c) => c.notNull().references('registers.id'))
    .addColumn('business_date', 'text', (c) => c.notNull())
    .addColumn('float_amount', big, (c) => c.notNull())
    .addColumn('expected_cash', big, (c) => c.notNull())
    .addColumn('counted_cash', big, (c) => c.notNull())
    .addColumn('difference', big, (c) => c.notNull())
    .addColumn('totals_json', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('closed_by', big, (c) => c.references('users.id'))
    .addColumn('closed_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('register_closings_day_key', ['register_id', 'business_date'])
    .execute();

  // Every store and exhibition gets a first register, so the counter works at once.
  const now = new Date().toISOString();
  const counters = await db
    .selectFrom('locations')
    .select(['id'])
    .where('kind', 'in', ['store', 'exhibition'])
    .execute();
  for (const location of counters) {
    await db.insertInto('registers').values({ location_id: location.id, code: '1', name: 'レジ1', is_active: 1, created_at: now }).execute();
  }
}

export async function down(): Promise<void> {
  throw new Error('0009_sales_customers cannot be reverted; restore a backup instead');
}
