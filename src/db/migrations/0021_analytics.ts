import { sql, type Kysely } from 'kysely';
import { databaseKindOf } from '../dialect.js';

// Analytics (分析).
// - sales_facts: one row per sold, returned or refunded line, whatever the channel (counter,
//   exhibition, partner shop, mall), with the item's attributes copied at the time, signed
//   amounts in yen and the Japanese business date. Rows are written in the transaction that
//   records the sale, replaced whole per source document (source_key), and can be rebuilt
//   from the sales tables by `tsunagu analytics rebuild`.
// - sales_fact_credits: the staff members credited with a fact's line and their share of it.
// - sales_daily: facts summed per business date, location and channel, once for the totals
//   (dimension '') and once per category, metal, brand and supplier. Reports read these.
// - sales_daily_staff: credited figures per business date, staff member, location and channel.
// - sales_targets: a month's target in yen for the company, a location, a channel or a
//   staff member.
// - analytics_settings: one row: fiscal year start month, aging threshold, target tax basis,
//   and when the facts were last rebuilt (null on a database that had sales before 0021).
export async function up(db: Kysely<any>): Promise<void> {
  const postgres = databaseKindOf(db) === 'postgres';
  const big = postgres ? 'bigint' : 'integer';
  const withId = (table: ReturnType<typeof db.schema.createTable>) =>
    postgres ? table.addColumn('id', 'bigserial', (c) => c.primaryKey()) : table.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
  const money = (c: any) => c.notNull().defaultTo(0);

  await withId(db.schema.createTable('sales_facts'))
    /** The document the row comes from: 'sale:12', 'sale_refund:3', 'channel_order:7', 'consignment_out_report:4'. */
    .addColumn('source_key', 'text', (c) => c.notNull())
    /** The line within that document, unique per source_key. */
    .addColumn('line_key', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('sale', 'return', 'refund')`))
    /** Document number shown in drill-downs (S-…, R-…, RF-…, the mall order number). */
    .addColumn('document_number', 'text', (c) => c.notNull())
    /** YYYY-MM-DD in Asia/Tokyo. */
    .addColumn('business_date', 'text', (c) => c.notNull())
    .addColumn('location_id', big, (c) => c.notNull().references('locations.id'))
    .addColumn('channel', 'text', (c) => c.notNull().check(sql`channel in ('store', 'exhibition', 'partner', 'rakuten', 'yahoo', 'own_site')`))
    .addColumn('channel_account_id', big, (c) => c.references('channel_accounts.id'))
    .addColumn('item_id', big, (c) => c.notNull().references('items.id'))
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('metal', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('brand', 'text', (c) => c.notNull().defaultTo(''))
    /** Supplier id as text, '' when none (consigned pieces have none). */
    .addColumn('supplier', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('consigned', 'integer', (c) => c.notNull().defaultTo(0))
    /** Pieces, negative on a return, 0 on a refund. */
    .addColumn('quantity', 'integer', (c) => c.notNull())
    .addColumn('sales_incl', big, money)
    .addColumn('sales_excl', big, money)
    .addColumn('tax', big, money)
    .addColumn('discount', big, money)
    .addColumn('cost', big, money)
    /** 1 on the first line of a sale document, so tickets count sales, not lines. */
    .addColumn('tickets', 'integer', (c) => c.notNull().defaultTo(0))
    /** Tax-included price per piece before discounts, for price bands. */
    .addColumn('unit_price_incl', big, money)
    /** Days from the piece's arrival to this sale; null on returns and refunds. */
    .addColumn('days_in_stock', 'integer')
    .addUniqueConstraint('sales_facts_line_key', ['source_key', 'line_key'])
    .execute();
  await db.schema.createIndex('sales_facts_date_idx').on('sales_facts').columns(['business_date', 'location_id']).execute();
  await db.schema.createIndex('sales_facts_item_idx').on('sales_facts').column('item_id').execute();

  await db.schema
    .createTable('sales_fact_credits')
    .addColumn('source_key', 'text', (c) => c.notNull())
    .addColumn('line_key', 'text', (c) => c.notNull())
    .addColumn('user_id', big, (c) => c.notNull().references('users.id'))
    .addColumn('business_date', 'text', (c) => c.notNull())
    .addColumn('location_id', big, (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('share_percent', 'integer', (c) => c.notNull())
    /** quantity × share_percent: hundredths of a piece. */
    .addColumn('quantity_share', 'integer', (c) => c.notNull())
    .addColumn('sales_incl', big, money)
    .addColumn('sales_excl', big, money)
    .addColumn('cost', big, money)
    /** Positive yen given back by returns and refunds, the member's share. */
    .addColumn('returns_incl', big, money)
    /** tickets × share_percent: hundredths of a sale. */
    .addColumn('tickets_share', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('sales_fact_credits_pk', ['source_key', 'line_key', 'user_id'])
    .execute();

  await db.schema
    .createTable('sales_daily')
    .addColumn('business_date', 'text', (c) => c.notNull())
    .addColumn('location_id', big, (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    /** '' for the totals; 'category', 'metal', 'brand' or 'supplier' for a breakdown. */
    .addColumn('dimension', 'text', (c) => c.notNull())
    .addColumn('dimension_value', 'text', (c) => c.notNull())
    .addColumn('quantity', big, money)
    .addColumn('returned_quantity', big, money)
    .addColumn('sales_incl', big, money)
    .addColumn('sales_excl', big, money)
    .addColumn('tax', big, money)
    .addColumn('discount', big, money)
    .addColumn('cost', big, money)
    .addColumn('returns_incl', big, money)
    .addColumn('tickets', big, money)
    .addColumn('lines', big, money)
    .addPrimaryKeyConstraint('sales_daily_pk', ['dimension', 'business_date', 'location_id', 'channel', 'dimension_value'])
    .execute();

  await db.schema
    .createTable('sales_daily_staff')
    .addColumn('business_date', 'text', (c) => c.notNull())
    .addColumn('user_id', big, (c) => c.notNull())
    .addColumn('location_id', big, (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('quantity_share', big, money)
    .addColumn('sales_incl', big, money)
    .addColumn('sales_excl', big, money)
    .addColumn('cost', big, money)
    .addColumn('returns_incl', big, money)
    .addColumn('tickets_share', big, money)
    .addPrimaryKeyConstraint('sales_daily_staff_pk', ['business_date', 'user_id', 'location_id', 'channel'])
    .execute();

  await withId(db.schema.createTable('sales_targets'))
    /** YYYY-MM. */
    .addColumn('month', 'text', (c) => c.notNull())
    .addColumn('scope', 'text', (c) => c.notNull().check(sql`scope in ('company', 'location', 'channel', 'staff')`))
    /** '' for the company, the location or user id, or the channel name. */
    .addColumn('scope_ref', 'text', (c) => c.notNull())
    .addColumn('amount', big, (c) => c.notNull().check(sql`amount >= 0`))
    .addColumn('updated_by', big, (c) => c.references('users.id'))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('sales_targets_key', ['month', 'scope', 'scope_ref'])
    .execute();

  await db.schema
    .createTable('analytics_settings')
    .addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
    /** 1–12; Japanese companies often start in April. */
    .addColumn('fiscal_year_start_month', 'integer', (c) => c.notNull().defaultTo(4).check(sql`fiscal_year_start_month between 1 and 12`))
    .addColumn('aging_threshold_days', 'integer', (c) => c.notNull().defaultTo(180).check(sql`aging_threshold_days between 1 and 3650`))
    /** Whether targets and achievement compare tax-included or tax-excluded sales. */
    .addColumn('target_tax_basis', 'text', (c) => c.notNull().defaultTo('included').check(sql`target_tax_basis in ('included', 'excluded')`))
    .addColumn('updated_by', big, (c) => c.references('users.id'))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    /** When the facts were last derived whole; null until then, so the server builds them on start. */
    .addColumn('facts_built_at', 'text')
    .execute();
  await db.insertInto('analytics_settings').values({ id: 1, updated_at: new Date().toISOString() }).execute();
}

export async function down(): Promise<void> {
  throw new Error('0021_analytics cannot be reverted; restore a backup instead');
}
