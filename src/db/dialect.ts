import { PostgresAdapter, type Kysely } from 'kysely';

export type DatabaseKind = 'sqlite' | 'postgres';

/** Tells which database a Kysely instance talks to, for the few statements that differ. */
export function databaseKindOf(db: Kysely<any>): DatabaseKind {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}
