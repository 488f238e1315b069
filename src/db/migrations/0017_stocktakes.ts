import type { Kysely } from 'kysely';

// Placeholder: filled in by the module that needs it before it is released.
export async function up(_db: Kysely<any>): Promise<void> {}

export async function down(): Promise<void> {
  throw new Error('This migration cannot be reverted; restore a backup instead.');
}
