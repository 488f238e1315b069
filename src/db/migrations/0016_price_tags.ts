import type { Kysely } from 'kysely';

// The cost cipher of price tags (原価コード): 10 different letters for the digits 0 to 9, so
// that staff read a piece's cost from its tag and customers do not. Null prints no cost code.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('company_settings').addColumn('cost_cipher', 'text').execute();
}

export async function down(): Promise<void> {
  throw new Error('This migration cannot be reverted; restore a backup instead.');
}
