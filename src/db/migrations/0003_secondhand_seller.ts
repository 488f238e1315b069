import type { Kysely } from 'kysely';

// The secondhand ledger records the seller's age when no birth date was given, and what was
// checked when the ID check method is "other"; the foundation table had no place for either.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('secondhand_records').addColumn('seller_age', 'integer').execute();
  await db.schema.alterTable('secondhand_records').addColumn('id_check_description', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('secondhand_records').dropColumn('id_check_description').execute();
  await db.schema.alterTable('secondhand_records').dropColumn('seller_age').execute();
}
