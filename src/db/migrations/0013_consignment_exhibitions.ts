import { sql, type Kysely } from 'kysely';
import { databaseKindOf } from '../dialect.js';

// Consignment in (受託), consignment out (委託), exhibitions (展示会), offline counter sales
// and the sale of channel orders.
// - consignors, consignment_in_agreements, consignment_in_receipts, consigned_items: pieces
//   held for a consignor, with the terms each piece was received on.
// - consignment_payables: append-only entries of what is owed to a consignor; a sale adds
//   one, a return, refund or void adds a correcting one. statement_id is set once, when a
//   settlement statement takes the entry, so no amount is counted in two statements.
// - consignment_statements, consignment_returns(+_lines).
// - consignees, consignment_out_agreements, consignment_out_notes (delivery notes) with
//   consignment_out_lines, consignment_out_reports(+_lines): our pieces at partners.
// - exhibitions, exhibition_staff, exhibition_items: an exhibition is a location of kind
//   'exhibition' with dates, staff and the list of pieces carried out and checked in.
// - offline_sales: counter sales taken while the network was down, once per client reference.
// - items.keep_listed_away: 1 when a piece at an exhibition or a partner stays on the channels.
// - channel_order_lines.sold_at / refunded_amount and channel_order_refunds: a channel order's
//   lines are sold when the order ships, and partial refunds are recorded per line.
export async function up(db: Kysely<any>): Promise<void> {
  const postgres = databaseKindOf(db) === 'postgres';
  const big = postgres ? 'bigint' : 'integer';
  const withId = (table: ReturnType<typeof db.schema.createTable>) =>
    postgres ? table.addColumn('id', 'bigserial', (c) => c.primaryKey()) : table.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
  const money = (c: any) => c.notNull().defaultTo(0);

  await db.schema.alterTable('items').addColumn('keep_listed_away', 'integer', (c) => c.notNull().defaultTo(0)).execute();

  // ---- Consignment in ----
  await withId(db.schema.createTable('consignors'))
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_kana', 'text')
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('dealer', 'maker', 'individual')`))
    .addColumn('postal_code', 'text')
    .addColumn('address', 'text')
    .addColumn('phone', 'text')
    .addColumn('email', 'text')
    .addColumn('invoice_registration_number', 'text')
    .addColumn('bank_account', 'text')
    // Identity check of an individual (古物営業法 style): method, document number, date, by whom.
    .addColumn('id_check_method', 'text')
    .addColumn('id_document_number', 'text')
    .addColumn('id_checked_on', 'text')
    .addColumn('id_checked_by', big, (c) => c.references('users.id'))
    .addColumn('notes', 'text')
    .addColumn('is_active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await withId(db.schema.createTable('consignment_in_agreements'))
    .addColumn('number', 'text', (c) => c.notNull().unique())
    .addColumn('consignor_id', big, (c) => c.notNull().references('consignors.id'))
    .addColumn('terms', 'text', (c) => c.notNull().check(sql`terms in ('commission', 'net')`))
    // Basis points: 2000 = 20 %.
    .addColumn('commission_rate_bp', 'integer', (c) => c.check(sql`commission_rate_bp between 0 and 10000`))
    .addColumn('discount_bearer', 'text', (c) => c.notNull().check(sql`discount_bearer in ('consignor', 'shop')`))
    .addColumn('fee_bearer', 'text', (c) => c.notNull().check(sql`fee_bearer in ('consignor', 'shop')`))
    .addColumn('fee_rate_bp', 'integer', (c) => c.notNull().defaultTo(0).check(sql`fee_rate_bp between 0 and 10000`))
    .addColumn('shipping_bearer', 'text', (c) => c.notNull().check(sql`shipping_bearer in ('consignor', 'shop')`))
    .addColumn('shipping_cost', big, (c) => c.notNull().defaultTo(0).check(sql`shipping_cost >= 0`))
    .addColumn('settlement_cycle', 'text', (c) => c.notNull().defaultTo('monthly').check(sql`settlement_cycle in ('monthly')`))
    // Day of the month the period closes on; 31 means the last day of every month.
    .addColumn('closing_day', 'integer', (c) => c.notNull().defaultTo(31).check(sql`closing_day between 1 and 31`))
    .addColumn('starts_on', 'text', (c) => c.notNull())
    .addColumn('return_due_on', 'text')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('active').check(sql`status in ('active', 'ended')`))
    .addColumn('note', 'text')
    .addColumn('created_by', big, (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await withId(db.schema.createTable('consignment_in_receipts'))
    .addColumn('number', 'text', (c) => c.notNull().unique())
    .addColumn('consignor_id', big, (c) => c.notNull().references('consignors.id'))
    .addColumn('agreement_id', big, (c) => c.notNull().references('consignment_in_agreements.id'))
    .addColumn('location_id', big, (c) => c.notNull().references('locations.id'))
    .addColumn('received_on', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('created_by', big, (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('consigned_items')
    .addColumn('item_id', big, (c) => c.primaryKey().references('items.id'))
    .addColumn('consignor_id', big, (c) => c.notNull().references('consignors.id'))
    .addColumn('agreement_id', big, (c) => c.notNull().references('consignment_in_agreements.id'))
    .addColumn('receipt_id', big, (c) => c.notNull().references('consignment_in_receipts.id'))
    .addColumn('terms', 'text', (c) => c.notNull().check(sql`terms in ('commission', 'net')`))
    .addColumn('commission_rate_bp', 'integer', (c) => c.check(sql`commission_rate_bp between 0 and 10000`))
    .addColumn('net_amount', big, (c) => c.check(sql`net_amount >= 0`))
    .addColumn('return_due_on', 'text')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('held').check(sql`status in ('held', 'sold', 'returned')`))
    .addColumn('returned_on', 'text')
    .addColumn('return_id', big)
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('consigned_items_consignor_idx').on('consigned_items').columns(['consignor_id', 'status']).execute();

  await withId(db.schema.createTable('consignment_statements'))
    .addColumn('number', 'text', (c) => c.notNull().unique())
    .addColumn('consignor_id', big, (c) => c.notNull().references('consignors.id'))
    .addColumn('period_from', 'text', (c) => c.notNull())
    .addColumn('period_to', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('issued', 'paid')`))
    .addColumn('sales_total', big, money)
    .addColumn('commission_total', big, money)
    .addColumn('deductions_total', big, money)
    .addColumn('adjustments_total', big, money)
    .addColumn('amount_owed', big, money)
    .addColumn('issued_by', big, (c) => c.references('users.id'))
    .addColumn('issued_at', 'text', (c) => c.notNull())
    .addColumn('paid_on', 'text')
    .addColumn('paid_by', big, (c) => c.references('users.id'))
    .addColumn('paid_reference', 'text')
    .execute();
  await db.schema.createIndex('consignment_statements_consignor_idx').on('consignment_statements').columns(['consignor_id', 'period_to']).execute();

  await withId(db.schema.createTable('consignment_payables'))
    .addColumn('consignor_id', big, (c) => c.notNull().references('consignors.id'))
    .addColumn('item_id', big, (c) => c.notNull().references('items.id'))
    .addColumn('agreement_id', big, (c) => c.notNull().references('consignment_in_agreements.id'))
    // 'sale', 'sale_return', 'sale_void', 'channel_sale', 'channel_refund', 'channel_return', 'consignment_out_sale'...
    .addColumn('source_type', 'text', (c) => c.notNull())
    .addColumn('source_id', big, (c) => c.notNull())
    .addColumn('source_line_id', big, (c) => c.notNull())
    // The line that sold the piece ('sale_line:<id>', 'channel_order_line:<id>'); every later
    // correction of that sale carries the same key, so their sum is what the sale owes now.
    .addColumn('sold_line_key', 'text', (c) => c.notNull())
    // Business date (Asia/Tokyo) the entry belongs to, for the settlement period.
    .addColumn('business_date', 'text', (c) => c.notNull())
    // Yen, tax-included, signed (a correction is negative where the sale was positive).
    .addColumn('list_amount', big, money)
    .addColumn('discount_amount', big, money)
    .addColumn('refund_amount', big, money)
    .addColumn('sold_amount', big, money)
    .addColumn('commission_amount', big, money)
    .addColumn('fee_amount', big, money)
    .addColumn('shipping_amount', big, money)
    .addColumn('amount', big, money)
    .addColumn('statement_id', big, (c) => c.references('consignment_statements.id'))
    .addColumn('note', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('consignment_payables_source_uq', ['source_type', 'source_id', 'source_line_id'])
    .execute();
  await db.schema.createIndex('consignment_payables_open_idx').on('consignment_payables').columns(['consignor_id', 'statement_id', 'business_date']).execute();
  await db.schema.createIndex('consignment_payables_item_idx').on('consignment_payables').column('item_id').execute();
  await db.schema.createIndex('consignment_payables_sold_line_idx').on('consignment_payables').column('sold_line_key').execute();

  await withId(db.schema.createTable('consignment_returns'))
    .addColumn('number', 'text', (c) => c.notNull().unique())
    .addColumn('consignor_id', big, (c) => c.notNull().references('consignors.id'))
    .addColumn('location_id', big, (c) => c.notNull().references('locations.id'))
    .addColumn('returned_on', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('created_by', big, (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await withId(db.schema.createTable('consignment_return_lines'))
    .addColumn('return_id', big, (c) => c.notNull().references('consignment_returns.id'))
    .addColumn('item_id', big, (c) => c.notNull().references('items.id'))
    .addColumn('quantity', 'integer', (c) => c.notNull())
    .execute();

  // ---- Consignment out ----
  await withId(db.schema.createTable('consignees'))
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_kana', 'text')
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('partner_shop', 'department_store', 'other')`))
    // The consignee's location (kind 'partner'), where pieces sent to it are held.
    .addColumn('location_id', big, (c) => c.notNull().unique().references('locations.id'))
    .addColumn('postal_code', 'text')
    .addColumn('address', 'text')
    .addColumn('phone', 'text')
    .addColumn('email', 'text')
    .addColumn('contact_person', 'text')
    .addColumn('invoice_registration_number', 'text')
    .addColumn('notes', 'text')
    .addColumn('is_active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await withId(db.schema.createTable('consignment_out_agreements'))
    .addColumn('number', 'text', (c) => c.notNull().unique())
    .addColumn('consignee_id', big, (c) => c.notNull().references('consignees.id'))
    // 'rate': the consignee keeps rate_bp of the selling price; 'net': we receive the piece's agreed net.
    .addColumn('terms', 'text', (c) => c.notNull().check(sql`terms in ('rate', 'net')`))
    .addColumn('rate_bp', 'integer', (c) => c.check(sql`rate_bp between 0 and 10000`))
    .addColumn('reporting_cycle', 'text', (c) => c.notNull().defaultTo('monthly').check(sql`reporting_cycle in ('weekly', 'semimonthly', 'monthly')`))
    // Days a piece may stay out before it is due back, counted from the delivery note.
    .addColumn('return_due_days', 'integer', (c) => c.notNull().defaultTo(90).check(sql`return_due_days between 1 and 3650`))
    .addColumn('starts_on', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('active').check(sql`status in ('active', 'ended')`))
    .addColumn('note', 'text')
    .addColumn('created_by', big, (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await withId(db.schema.createTable('consignment_out_notes'))
    .addColumn('number', 'text', (c) => c.notNull().unique())
    .addColumn('consignee_id', big, (c) => c.notNull().references('consignees.id'))
    .addColumn('agreement_id', big, (c) => c.notNull().references('consignment_out_agreements.id'))
    .addColumn('from_location_id', big, (c) => c.notNull().references('locations.id'))
    .addColumn('to_location_id', big, (c) => c.notNull().references('locations.id'))
    .addColumn('sent_on', 'text', (c) => c.notNull())
    .addColumn('return_due_on', 'text', (c) => c.notNull())
    .addColumn('keep_listed', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('note', 'text')
    .addColumn('created_by', big, (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await withId(db.schema.createTable('consignment_out_lines'))
    .addColumn('note_id', big, (c) => c.notNull().references('consignment_out_notes.id'))
    .addColumn('item_id', big, (c) => c.notNull().references('items.id'))
    .addColumn('quantity', 'integer', (c) => c.notNull())
    .addColumn('retail_price', big, (c) => c.notNull())
    .addColumn('net_amount', big)
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('out').check(sql`status in ('out', 'sold', 'returned')`))
    .addColumn('closed_on', 'text')
    .addColumn('report_line_id', big)
    .execute();
  await db.schema.createIndex('consignment_out_lines_item_idx').on('consignment_out_lines').columns(['item_id', 'status']).execute();

  await withId(db.schema.createTable('consignment_out_reports'))
    .addColumn('number', 'text', (c) => c.notNull().unique())
    .addColumn('consignee_id', big, (c) => c.notNull().references('consignees.id'))
    .addColumn('reported_on', 'text', (c) => c.notNull())
    .addColumn('period_from', 'text')
    .addColumn('period_to', 'text')
    .addColumn('source', 'text', (c) => c.notNull().check(sql`source in ('manual', 'csv')`))
    // SHA-256 of an imported file, so the same file is not imported twice.
    .addColumn('file_sha256', 'text', (c) => c.unique())
    .addColumn('sales_total', big, money)
    .addColumn('commission_total', big, money)
    .addColumn('receivable_total', big, money)
    .addColumn('note', 'text')
    .addColumn('created_by', big, (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await withId(db.schema.createTable('consignment_out_report_lines'))
    .addColumn('report_id', big, (c) => c.notNull().references('consignment_out_reports.id'))
    .addColumn('out_line_id', big, (c) => c.notNull().unique().references('consignment_out_lines.id'))
    .addColumn('item_id', big, (c) => c.notNull().references('items.id'))
    .addColumn('outcome', 'text', (c) => c.notNull().check(sql`outcome in ('sold', 'returned')`))
    .addColumn('sold_on', 'text')
    .addColumn('sale_price', big, money)
    .addColumn('tax_rate_percent', 'integer')
    .addColumn('commission_amount', big, money)
    .addColumn('receivable_amount', big, money)
    .addColumn('cost_amount', big, money)
    .execute();

  // ---- Exhibitions ----
  await withId(db.schema.createTable('exhibitions'))
    .addColumn('location_id', big, (c) => c.notNull().unique().references('locations.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('venue', 'text')
    .addColumn('starts_on', 'text', (c) => c.notNull())
    .addColumn('ends_on', 'text', (c) => c.notNull())
    // Where pieces go back at check-in unless chosen otherwise.
    .addColumn('home_location_id', big, (c) => c.notNull().references('locations.id'))
    .addColumn('withdraw_from_channels', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('planned').check(sql`status in ('planned', 'open', 'checking_in', 'closed')`))
    .addColumn('note', 'text')
    .addColumn('created_by', big, (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('closed_at', 'text')
    .addColumn('closed_by', big, (c) => c.references('users.id'))
    .execute();

  await db.schema
    .createTable('exhibition_staff')
    .addColumn('exhibition_id', big, (c) => c.notNull().references('exhibitions.id'))
    .addColumn('user_id', big, (c) => c.notNull().references('users.id'))
    .addPrimaryKeyConstraint('exhibition_staff_pk', ['exhibition_id', 'user_id'])
    .execute();

  await withId(db.schema.createTable('exhibition_items'))
    .addColumn('exhibition_id', big, (c) => c.notNull().references('exhibitions.id'))
    .addColumn('item_id', big, (c) => c.notNull().references('items.id'))
    .addColumn('quantity', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('from_location_id', big, (c) => c.notNull().references('locations.id'))
    .addColumn('keep_listed', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('carried_out_at', 'text', (c) => c.notNull())
    .addColumn('carried_out_by', big, (c) => c.references('users.id'))
    // out -> sold | returned | missing; missing -> found (returned) | written_off | sold.
    .addColumn('state', 'text', (c) => c.notNull().defaultTo('out').check(sql`state in ('out', 'sold', 'returned', 'missing', 'written_off')`))
    .addColumn('checked_in_at', 'text')
    .addColumn('checked_in_by', big, (c) => c.references('users.id'))
    .addColumn('returned_to_location_id', big, (c) => c.references('locations.id'))
    .addColumn('resolution_note', 'text')
    .addColumn('resolved_at', 'text')
    .addColumn('resolved_by', big, (c) => c.references('users.id'))
    .addUniqueConstraint('exhibition_items_uq', ['exhibition_id', 'item_id'])
    .execute();

  // ---- Offline counter sales ----
  await withId(db.schema.createTable('offline_sales'))
    // The device's own id of the sale, so a sale sent twice is recorded once.
    .addColumn('client_ref', 'text', (c) => c.notNull().unique())
    .addColumn('register_id', big, (c) => c.notNull().references('registers.id'))
    .addColumn('sold_at_device', 'text', (c) => c.notNull())
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull().check(sql`outcome in ('recorded', 'conflict')`))
    .addColumn('sale_id', big, (c) => c.references('sales.id'))
    .addColumn('conflict_code', 'text')
    .addColumn('conflict_json', 'text')
    .addColumn('payload_json', 'text', (c) => c.notNull())
    .addColumn('resolved_at', 'text')
    .addColumn('resolved_by', big, (c) => c.references('users.id'))
    .addColumn('resolution_note', 'text')
    .addColumn('created_by', big, (c) => c.references('users.id'))
    .execute();

  // ---- Channel orders sold and refunded ----
  await db.schema.alterTable('channel_order_lines').addColumn('sold_at', 'text').execute();
  await db.schema.alterTable('channel_order_lines').addColumn('refunded_amount', big, (c) => c.notNull().defaultTo(0)).execute();
  await withId(db.schema.createTable('channel_order_refunds'))
    .addColumn('order_id', big, (c) => c.notNull().references('channel_orders.id'))
    .addColumn('line_id', big, (c) => c.notNull().references('channel_order_lines.id'))
    .addColumn('amount', big, (c) => c.notNull().check(sql`amount > 0`))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('refunded_on', 'text', (c) => c.notNull())
    .addColumn('created_by', big, (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  // Built-in roles gain the new permissions; custom roles are left for an owner to decide.
  const grants: Record<string, string[]> = {
    owner: ['consignment.manage', 'consignment.settle', 'exhibitions.manage'],
    manager: ['consignment.manage', 'consignment.settle', 'exhibitions.manage'],
    sales: ['exhibitions.manage'],
    accountant: ['consignment.settle'],
  };
  const now = new Date().toISOString();
  for (const [code, added] of Object.entries(grants)) {
    const row = await db.selectFrom('roles').select('permissions').where('code', '=', code).executeTakeFirst();
    if (!row) continue;
    const current = JSON.parse(row.permissions) as string[];
    const next = [...current, ...added.filter((permission) => !current.includes(permission))];
    await db.updateTable('roles').set({ permissions: JSON.stringify(next), updated_at: now }).where('code', '=', code).execute();
  }
}

export async function down(): Promise<void> {
  throw new Error('The consignment and exhibitions migration cannot be reverted; restore a backup instead.');
}
