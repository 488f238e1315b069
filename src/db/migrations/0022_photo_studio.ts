import type { Kysely } from 'kysely';

// Photo studio (写真スタジオ): tables added by the studio work.
export async function up(_db: Kysely<any>): Promise<void> {}
