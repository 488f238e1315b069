import { sql, type Kysely } from 'kysely';

// A company always has at least one place where stock lives. A new database gets a main
// store, so that purchases and imports have somewhere to put pieces before anyone has
// set up locations; it can be renamed or deactivated like any other.
export async function up(db: Kysely<any>): Promise<void> {
  const existing = await sql<{ n: number }>`select count(*) as n from locations where kind <> 'transit'`.execute(db);
  if (Number(existing.rows[0]?.n ?? 0) > 0) return;

  const now = new Date().toISOString();
  await db
    .insertInto('locations')
    .values({ code: 'MAIN', name: '本店', kind: 'store', is_active: 1, created_at: now, updated_at: now })
    .execute();
}

export async function down(): Promise<void> {
  // The main store may hold stock by now, so it is left in place.
}
