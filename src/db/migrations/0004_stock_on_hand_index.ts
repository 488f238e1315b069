import { sql, type Kysely } from 'kysely';

// The item search filters by "has stock at this location". Balances that fell to 0 stay in
// stock_balances, and the index on (location_id, item_id) cannot tell them apart without
// reading each row. This partial index holds only positive balances, so the ids of the
// items on hand at a location come from the index alone.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('stock_balances_on_hand_idx')
    .on('stock_balances')
    .columns(['location_id', 'item_id'])
    .where(sql.ref('quantity'), '>', 0)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('stock_balances_on_hand_idx').ifExists().execute();
}
