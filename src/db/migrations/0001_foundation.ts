import { sql, type ColumnDefinitionBuilder, type CreateTableBuilder, type Kysely } from 'kysely';
import { databaseKindOf } from '../dialect.js';

// Money and other amounts that may exceed 2^31 are bigint on PostgreSQL (parsed back to
// numbers by the pool) and plain integer on SQLite, where every integer is 64-bit.

type Table = CreateTableBuilder<any, any>;

function withId(table: Table, kind: 'sqlite' | 'postgres'): Table {
  return kind === 'postgres'
    ? table.addColumn('id', 'bigserial', (c) => c.primaryKey())
    : table.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
}

const ref =
  (target: string) =>
  (c: ColumnDefinitionBuilder): ColumnDefinitionBuilder =>
    c.references(target).onDelete('restrict');

export async function up(db: Kysely<any>): Promise<void> {
  const kind = databaseKindOf(db);
  const big = kind === 'postgres' ? 'bigint' : 'integer';

  await db.schema
    .createTable('company_settings')
    .addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('postal_code', 'text')
    .addColumn('address', 'text')
    .addColumn('phone', 'text')
    .addColumn('invoice_registration_number', 'text')
    .addColumn('tax_rounding', 'text', (c) =>
      c.notNull().check(sql`tax_rounding in ('down', 'half_up', 'up')`),
    )
    .addColumn('default_tax_rate_percent', 'integer', (c) => c.notNull())
    .addColumn('stock_number_pattern', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await withId(db.schema.createTable('users'), kind)
    .addColumn('email', 'text', (c) => c.notNull().unique())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('locale', 'text', (c) => c.notNull().check(sql`locale in ('ja', 'en')`))
    .addColumn('is_owner', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('is_active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_login_at', 'text')
    .execute();

  await db.schema
    .createTable('sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', big, (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('csrf_token', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('last_seen_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sessions_user_idx').on('sessions').column('user_id').execute();

  await withId(db.schema.createTable('login_failures'), kind)
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('ip', 'text', (c) => c.notNull())
    .addColumn('failed_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('login_failures_email_idx')
    .on('login_failures')
    .columns(['email', 'failed_at'])
    .execute();
  await db.schema
    .createIndex('login_failures_ip_idx')
    .on('login_failures')
    .columns(['ip', 'failed_at'])
    .execute();

  await withId(db.schema.createTable('locations'), kind)
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) =>
      c.notNull().check(sql`kind in ('store', 'warehouse', 'exhibition', 'partner', 'transit')`),
    )
    .addColumn('postal_code', 'text')
    .addColumn('address', 'text')
    .addColumn('phone', 'text')
    .addColumn('starts_on', 'text')
    .addColumn('ends_on', 'text')
    .addColumn('is_active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await withId(db.schema.createTable('suppliers'), kind)
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_kana', 'text')
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('business', 'individual')`))
    .addColumn('postal_code', 'text')
    .addColumn('address', 'text')
    .addColumn('phone', 'text')
    .addColumn('email', 'text')
    .addColumn('invoice_registration_number', 'text')
    .addColumn('notes', 'text')
    .addColumn('is_active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await withId(db.schema.createTable('items'), kind)
    .addColumn('stock_number', 'text', (c) => c.notNull().unique())
    .addColumn('jan_code', 'text')
    .addColumn('tracking', 'text', (c) => c.notNull().check(sql`tracking in ('unique', 'quantity')`))
    .addColumn('unit', 'text', (c) => c.notNull().check(sql`unit in ('piece', 'cm', 'mct', 'cg')`))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('brand', 'text')
    .addColumn('metal', 'text')
    .addColumn('metal_weight_cg', 'integer', (c) => c.check(sql`metal_weight_cg >= 0`))
    .addColumn('main_stone_kind', 'text')
    .addColumn('main_stone_carat_mct', 'integer', (c) => c.check(sql`main_stone_carat_mct >= 0`))
    .addColumn('main_stone_shape', 'text')
    .addColumn('main_stone_color', 'text')
    .addColumn('main_stone_clarity', 'text')
    .addColumn('main_stone_cut', 'text')
    .addColumn('side_stones_carat_mct', 'integer', (c) => c.check(sql`side_stones_carat_mct >= 0`))
    .addColumn('ring_size_tenths', 'integer')
    .addColumn('length_mm', 'integer', (c) => c.check(sql`length_mm >= 0`))
    .addColumn('condition', 'text', (c) => c.notNull().check(sql`condition in ('new', 'pre_owned')`))
    .addColumn('condition_grade', 'text')
    .addColumn('certificate_kind', 'text')
    .addColumn('certificate_issuer', 'text')
    .addColumn('certificate_number', 'text')
    .addColumn('cost', big, (c) => c.notNull().check(sql`cost >= 0`))
    .addColumn('retail_price', big, (c) => c.notNull().check(sql`retail_price >= 0`))
    .addColumn('tax_rate_percent', 'integer', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('tags', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('supplier_id', big, ref('suppliers.id'))
    .addColumn('ownership', 'text', (c) =>
      c.notNull().defaultTo('own').check(sql`ownership in ('own', 'consignment_in')`),
    )
    .addColumn('source_key', 'text', (c) => c.unique())
    .addColumn('search_text', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('created_by', big, ref('users.id'))
    .execute();
  for (const column of ['jan_code', 'category', 'metal', 'status', 'supplier_id', 'retail_price', 'created_at']) {
    await db.schema.createIndex(`items_${column}_idx`).on('items').column(column).execute();
  }

  await withId(db.schema.createTable('item_photos'), kind)
    .addColumn('item_id', big, (c) => c.notNull().references('items.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('alt_text', 'text')
    .execute();
  await db.schema.createIndex('item_photos_item_idx').on('item_photos').column('item_id').execute();

  // A unique piece is 0 or 1 at a location (CHECK) and above 0 at one location only
  // (partial unique index), so no code path can put one ring in two places.
  await db.schema
    .createTable('stock_balances')
    .addColumn('item_id', big, (c) => c.notNull().references('items.id').onDelete('restrict'))
    .addColumn('location_id', big, (c) => c.notNull().references('locations.id').onDelete('restrict'))
    .addColumn('quantity', big, (c) => c.notNull().check(sql`quantity >= 0`))
    .addColumn('is_unique', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('stock_balances_pk', ['item_id', 'location_id'])
    .addCheckConstraint('stock_balances_unique_piece', sql`is_unique = 0 or quantity <= 1`)
    .execute();
  await db.schema
    .createIndex('stock_balances_one_place_idx')
    .on('stock_balances')
    .column('item_id')
    .unique()
    .where(sql.ref('is_unique'), '=', 1)
    .where(sql.ref('quantity'), '>', 0)
    .execute();
  await db.schema
    .createIndex('stock_balances_location_idx')
    .on('stock_balances')
    .columns(['location_id', 'item_id'])
    .execute();

  await withId(db.schema.createTable('stock_movements'), kind)
    .addColumn('item_id', big, (c) => c.notNull().references('items.id').onDelete('restrict'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('from_location_id', big, ref('locations.id'))
    .addColumn('to_location_id', big, ref('locations.id'))
    .addColumn('quantity', big, (c) => c.notNull().check(sql`quantity > 0`))
    .addColumn('cost_amount', big, (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('document_type', 'text')
    .addColumn('document_id', big)
    .addColumn('user_id', big, ref('users.id'))
    .addColumn('occurred_at', 'text', (c) => c.notNull())
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .addCheckConstraint(
      'stock_movements_has_location',
      sql`from_location_id is not null or to_location_id is not null`,
    )
    .execute();
  await db.schema
    .createIndex('stock_movements_item_idx')
    .on('stock_movements')
    .columns(['item_id', 'id'])
    .execute();
  await db.schema
    .createIndex('stock_movements_document_idx')
    .on('stock_movements')
    .columns(['document_type', 'document_id'])
    .execute();

  // The ledger is append-only: corrections are new rows, never edits.
  if (kind === 'postgres') {
    await sql`
      create function stock_movements_immutable() returns trigger language plpgsql as $$
      begin
        raise exception 'stock_movements rows are immutable';
      end $$`.execute(db);
    await sql`
      create trigger stock_movements_no_update before update or delete on stock_movements
      for each row execute function stock_movements_immutable()`.execute(db);
  } else {
    await sql`
      create trigger stock_movements_no_update before update on stock_movements
      begin select raise(abort, 'stock_movements rows are immutable'); end`.execute(db);
    await sql`
      create trigger stock_movements_no_delete before delete on stock_movements
      begin select raise(abort, 'stock_movements rows are immutable'); end`.execute(db);
  }

  await withId(db.schema.createTable('stock_operations'), kind)
    .addColumn('number', 'text', (c) => c.notNull().unique())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('split', 'combine')`))
    .addColumn('location_id', big, (c) => c.notNull().references('locations.id'))
    .addColumn('allocation_method', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('created_by', big, ref('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await withId(db.schema.createTable('item_lineage'), kind)
    .addColumn('operation_id', big, (c) => c.notNull().references('stock_operations.id'))
    .addColumn('parent_item_id', big, (c) => c.notNull().references('items.id'))
    .addColumn('child_item_id', big, (c) => c.notNull().references('items.id'))
    .addColumn('allocated_cost', big, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('item_lineage_parent_idx').on('item_lineage').column('parent_item_id').execute();
  await db.schema.createIndex('item_lineage_child_idx').on('item_lineage').column('child_item_id').execute();

  await withId(db.schema.createTable('purchases'), kind)
    .addColumn('number', 'text', (c) => c.notNull().unique())
    .addColumn('supplier_id', big, (c) => c.notNull().references('suppliers.id'))
    .addColumn('location_id', big, (c) => c.notNull().references('locations.id'))
    .addColumn('purchased_on', 'text', (c) => c.notNull())
    .addColumn('supplier_document_number', 'text')
    .addColumn('is_secondhand', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('tax_rate_percent', 'integer', (c) => c.notNull())
    .addColumn('subtotal', big, (c) => c.notNull())
    .addColumn('tax_amount', big, (c) => c.notNull())
    .addColumn('total', big, (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('created_by', big, ref('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('purchases_date_idx').on('purchases').column('purchased_on').execute();

  await withId(db.schema.createTable('purchase_lines'), kind)
    .addColumn('purchase_id', big, (c) => c.notNull().references('purchases.id'))
    .addColumn('line_no', 'integer', (c) => c.notNull())
    .addColumn('item_id', big, (c) => c.notNull().references('items.id'))
    .addColumn('quantity', big, (c) => c.notNull().check(sql`quantity > 0`))
    .addColumn('unit_cost', big, (c) => c.notNull())
    .addColumn('amount', big, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('purchase_lines_purchase_idx').on('purchase_lines').column('purchase_id').execute();
  await db.schema.createIndex('purchase_lines_item_idx').on('purchase_lines').column('item_id').execute();

  await withId(db.schema.createTable('secondhand_records'), kind)
    .addColumn('purchase_id', big, (c) => c.notNull().references('purchases.id'))
    .addColumn('item_id', big, (c) => c.notNull().references('items.id'))
    .addColumn('acquired_on', 'text', (c) => c.notNull())
    .addColumn('item_description', 'text', (c) => c.notNull())
    .addColumn('quantity', big, (c) => c.notNull())
    .addColumn('price', big, (c) => c.notNull())
    .addColumn('seller_name', 'text', (c) => c.notNull())
    .addColumn('seller_address', 'text', (c) => c.notNull())
    .addColumn('seller_occupation', 'text')
    .addColumn('seller_birth_date', 'text')
    .addColumn('id_check_method', 'text', (c) => c.notNull())
    .addColumn('id_document_number', 'text')
    .addColumn('checked_by', big, ref('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('secondhand_records_date_idx')
    .on('secondhand_records')
    .column('acquired_on')
    .execute();

  await withId(db.schema.createTable('supplier_returns'), kind)
    .addColumn('number', 'text', (c) => c.notNull().unique())
    .addColumn('supplier_id', big, (c) => c.notNull().references('suppliers.id'))
    .addColumn('location_id', big, (c) => c.notNull().references('locations.id'))
    .addColumn('returned_on', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('total_cost', big, (c) => c.notNull())
    .addColumn('created_by', big, ref('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await withId(db.schema.createTable('supplier_return_lines'), kind)
    .addColumn('supplier_return_id', big, (c) => c.notNull().references('supplier_returns.id'))
    .addColumn('item_id', big, (c) => c.notNull().references('items.id'))
    .addColumn('quantity', big, (c) => c.notNull().check(sql`quantity > 0`))
    .addColumn('cost_amount', big, (c) => c.notNull())
    .execute();

  await withId(db.schema.createTable('transfers'), kind)
    .addColumn('number', 'text', (c) => c.notNull().unique())
    .addColumn('from_location_id', big, (c) => c.notNull().references('locations.id'))
    .addColumn('to_location_id', big, (c) => c.notNull().references('locations.id'))
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('in_transit', 'received', 'cancelled')`),
    )
    .addColumn('note', 'text')
    .addColumn('sent_at', 'text', (c) => c.notNull())
    .addColumn('sent_by', big, ref('users.id'))
    .addColumn('received_at', 'text')
    .addColumn('received_by', big, ref('users.id'))
    .execute();
  await withId(db.schema.createTable('transfer_lines'), kind)
    .addColumn('transfer_id', big, (c) => c.notNull().references('transfers.id'))
    .addColumn('item_id', big, (c) => c.notNull().references('items.id'))
    .addColumn('quantity', big, (c) => c.notNull().check(sql`quantity > 0`))
    .addColumn('received_quantity', big, (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('transfer_lines_transfer_idx').on('transfer_lines').column('transfer_id').execute();

  await withId(db.schema.createTable('write_offs'), kind)
    .addColumn('number', 'text', (c) => c.notNull().unique())
    .addColumn('location_id', big, (c) => c.notNull().references('locations.id'))
    .addColumn('reason', 'text', (c) =>
      c.notNull().check(sql`reason in ('damage', 'loss', 'theft', 'other')`),
    )
    .addColumn('note', 'text')
    .addColumn('written_off_on', 'text', (c) => c.notNull())
    .addColumn('total_cost', big, (c) => c.notNull())
    .addColumn('created_by', big, ref('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await withId(db.schema.createTable('write_off_lines'), kind)
    .addColumn('write_off_id', big, (c) => c.notNull().references('write_offs.id'))
    .addColumn('item_id', big, (c) => c.notNull().references('items.id'))
    .addColumn('quantity', big, (c) => c.notNull().check(sql`quantity > 0`))
    .addColumn('cost_amount', big, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('document_sequences')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('next_value', big, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('idempotency_keys')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('user_id', big, ref('users.id'))
    .addColumn('request_hash', 'text', (c) => c.notNull())
    .addColumn('response_status', 'integer', (c) => c.notNull())
    .addColumn('response_body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await withId(db.schema.createTable('imports'), kind)
    .addColumn('format', 'text', (c) => c.notNull())
    .addColumn('encoding', 'text', (c) => c.notNull())
    .addColumn('file_name', 'text')
    .addColumn('file_sha256', 'text', (c) => c.notNull())
    .addColumn('row_count', 'integer', (c) => c.notNull())
    .addColumn('created_count', 'integer', (c) => c.notNull())
    .addColumn('skipped_count', 'integer', (c) => c.notNull())
    .addColumn('error_count', 'integer', (c) => c.notNull())
    .addColumn('created_by', big, ref('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  // Seed rows every company needs: its settings and the in-transit location that holds
  // goods between a transfer's send and receive.
  const now = new Date().toISOString();
  await db
    .insertInto('company_settings')
    .values({
      id: 1,
      name: '',
      tax_rounding: 'down',
      default_tax_rate_percent: 10,
      stock_number_pattern: '{YY}{MM}-{SEQ:5}',
      updated_at: now,
    })
    .execute();
  await db
    .insertInto('locations')
    .values({
      code: 'TRANSIT',
      name: '移動中',
      kind: 'transit',
      is_active: 1,
      created_at: now,
      updated_at: now,
    })
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('The foundation migration cannot be reverted; restore a backup instead.');
}
