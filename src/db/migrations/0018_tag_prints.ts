import type { Kysely } from 'kysely';

// Placeholder: the price tag print record is added by the tag printing work.
export async function up(_db: Kysely<any>): Promise<void> {}
