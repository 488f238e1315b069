import { sql, type Kysely } from 'kysely';
import { databaseKindOf } from '../dialect.js';

// Shipping (出荷管理).
// - shipments: one parcel to one recipient, from picking to delivery or return. Its number is
//   also the customer management number (お客様管理番号) written into carrier files, so an
//   issued-waybill file can be matched back to it.
// - shipment_lines: the order lines or sale lines a parcel carries. An order split over two
//   parcels has lines in both; orders combined into one parcel share it. A line is in at most
//   one live (not cancelled) shipment, kept by a partial unique index.
// - shipment_reports: per shipment and channel order, the shipment report to the channel
//   (Rakuten updateOrderShipping, Yahoo orderShipStatusChange) and whether it was accepted.
// - shipment_history: what happened to a shipment and who did it, for its screen.
// - shipping_settings: the sender and the carrier contract codes written into carrier files.
export async function up(db: Kysely<any>): Promise<void> {
  const postgres = databaseKindOf(db) === 'postgres';
  const big = postgres ? 'bigint' : 'integer';
  const withId = (table: ReturnType<typeof db.schema.createTable>) =>
    postgres ? table.addColumn('id', 'bigserial', (c) => c.primaryKey()) : table.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());

  await withId(db.schema.createTable('shipments'))
    .addColumn('number', 'text', (c) => c.notNull().unique())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('to_ship', 'picking', 'packed', 'shipped', 'delivered', 'returned', 'cancelled')`))
    .addColumn('carrier', 'text', (c) => c.check(sql`carrier in ('yamato', 'sagawa', 'japanpost')`))
    .addColumn('service', 'text', (c) => c.notNull())
    .addColumn('cool', 'text', (c) => c.notNull().defaultTo('none').check(sql`cool in ('none', 'chilled', 'frozen')`))
    /** Planned shipping date, YYYY-MM-DD (Japan). */
    .addColumn('ship_date', 'text')
    .addColumn('delivery_date', 'text')
    /** Delivery time slot in tsunagu's terms ('am', '14-16', …); each carrier file maps it to its code. */
    .addColumn('delivery_time', 'text')
    .addColumn('recipient_json', 'text', (c) => c.notNull())
    .addColumn('location_id', big, (c) => c.references('locations.id'))
    .addColumn('item_name', 'text')
    .addColumn('gift', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('gift_message', 'text')
    /** Yen to collect on delivery, tax included; null when the buyer has paid. */
    .addColumn('cod_amount', big)
    .addColumn('tracking_number', 'text')
    .addColumn('notes', 'text')
    .addColumn('exported_at', 'text')
    .addColumn('shipped_at', 'text')
    .addColumn('delivered_at', 'text')
    .addColumn('returned_at', 'text')
    .addColumn('cancelled_at', 'text')
    .addColumn('created_by', big, (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('shipments_status_idx').on('shipments').columns(['status', 'id']).execute();
  await db.schema.createIndex('shipments_tracking_idx').on('shipments').columns(['tracking_number']).execute();

  await withId(db.schema.createTable('shipment_lines'))
    .addColumn('shipment_id', big, (c) => c.notNull().references('shipments.id'))
    .addColumn('channel_order_id', big, (c) => c.references('channel_orders.id'))
    .addColumn('channel_order_line_id', big, (c) => c.references('channel_order_lines.id'))
    .addColumn('sale_id', big, (c) => c.references('sales.id'))
    .addColumn('sale_line_id', big, (c) => c.references('sale_lines.id'))
    .addColumn('item_id', big, (c) => c.references('items.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('quantity', 'integer', (c) => c.notNull())
    /** Yen per unit, tax included, as sold; the packing slip hides it for gifts. */
    .addColumn('unit_price', big, (c) => c.notNull())
    /** 1 while the shipment is not cancelled; the partial unique indexes below use it. */
    .addColumn('live', 'integer', (c) => c.notNull().defaultTo(1))
    .addCheckConstraint('shipment_lines_source_check', sql`(channel_order_line_id is not null) <> (sale_line_id is not null)`)
    .execute();
  await db.schema.createIndex('shipment_lines_shipment_idx').on('shipment_lines').columns(['shipment_id']).execute();
  await db.schema.createIndex('shipment_lines_order_idx').on('shipment_lines').columns(['channel_order_id']).execute();
  await db.schema.createIndex('shipment_lines_sale_idx').on('shipment_lines').columns(['sale_id']).execute();
  await db.schema.createIndex('shipment_lines_live_order_line_key').on('shipment_lines').columns(['channel_order_line_id']).unique().where(sql.ref('live'), '=', 1).execute();
  await db.schema.createIndex('shipment_lines_live_sale_line_key').on('shipment_lines').columns(['sale_line_id']).unique().where(sql.ref('live'), '=', 1).execute();

  await withId(db.schema.createTable('shipment_reports'))
    .addColumn('shipment_id', big, (c) => c.notNull().references('shipments.id'))
    .addColumn('channel_order_id', big, (c) => c.notNull().references('channel_orders.id'))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('pending', 'accepted', 'failed', 'not_supported')`))
    /** What was (or is to be) reported: carrier, tracking number and shipping date. */
    .addColumn('carrier', 'text')
    .addColumn('tracking_number', 'text')
    .addColumn('shipped_on', 'text')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_error_json', 'text')
    /** The channel's id of the record (Rakuten shippingDetailId), so a correction updates it. */
    .addColumn('channel_reference', 'text')
    .addColumn('accepted_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('shipment_reports_shipment_order_key', ['shipment_id', 'channel_order_id'])
    .execute();
  await db.schema.createIndex('shipment_reports_order_idx').on('shipment_reports').columns(['channel_order_id']).execute();

  await withId(db.schema.createTable('shipment_history'))
    .addColumn('shipment_id', big, (c) => c.notNull().references('shipments.id'))
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('user_id', big, (c) => c.references('users.id'))
    .addColumn('detail_json', 'text', (c) => c.notNull().defaultTo('{}'))
    .execute();
  await db.schema.createIndex('shipment_history_shipment_idx').on('shipment_history').columns(['shipment_id', 'id']).execute();

  await db.schema
    .createTable('shipping_settings')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('settings_json', 'text', (c) => c.notNull())
    .addColumn('updated_by', big, (c) => c.references('users.id'))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('This migration cannot be reverted; restore a backup instead.');
}
