import { mkdirSync } from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect, type Transaction } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.js';
import type { DatabaseKind } from './dialect.js';
import { TsunaguSqliteDialect } from './sqlite-driver.js';

export type Db = Kysely<Database>;
/** A transaction; services take one explicitly so the caller decides its boundaries. */
export type Tx = Transaction<Database>;
/** Either a plain connection or a transaction, for read queries that work in both. */
export type Executor = Db | Tx;

export const SQLITE_FILE = 'tsunagu.sqlite';

/** Opens a SQLite file with the settings tsunagu relies on. */
export function openSqliteFile(file: string): SqliteDatabase.Database {
  mkdirSync(path.dirname(file), { recursive: true });
  const database = new SqliteDatabase(file);
  database.pragma('journal_mode = WAL');
  database.pragma('foreign_keys = ON');
  // Milliseconds a writer waits for another connection's lock before SQLITE_BUSY.
  database.pragma('busy_timeout = 5000');
  database.pragma('synchronous = NORMAL');
  // Page cache in KiB (negative = size, not pages): 32 MiB keeps the item search indexes
  // of ~100,000 pieces in memory; the default 2 MiB made combined searches re-read them.
  database.pragma('cache_size = -32768');
  return database;
}

// PostgreSQL returns bigint and count(*) as strings. Every bigint column here contains yen,
// quantities or ids that fit in a JavaScript number, so parse them (and reject the rest).
let pgParsersInstalled = false;
function installPgTypeParsers(): void {
  if (pgParsersInstalled) return;
  pg.types.setTypeParser(pg.types.builtins.INT8, (value: string) => {
    const parsed = Number(value);
    if (!Number.isSafeInteger(parsed)) {
      throw new Error(`bigint ${value} does not fit in a JavaScript number`);
    }
    return parsed;
  });
  pgParsersInstalled = true;
}

export interface DatabaseHandle {
  db: Db;
  kind: DatabaseKind;
  /** Path of the SQLite file; undefined on PostgreSQL. */
  sqliteFile: string | undefined;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  databaseUrl?: string | undefined;
  dataDir?: string;
  /** Explicit SQLite file; overrides dataDir. */
  sqliteFile?: string;
  poolSize?: number;
  /**
   * Called when an idle PostgreSQL connection fails (server restart, a dropped database).
   * pg emits these on the pool; unhandled, they would end the process.
   */
  onPoolError?: (error: Error) => void;
}

export function openDatabase(options: OpenDatabaseOptions): DatabaseHandle {
  if (options.databaseUrl) {
    installPgTypeParsers();
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.poolSize ?? 10 });
    // The pool replaces a failed idle connection on the next query, so a report is enough.
    pool.on('error', options.onPoolError ?? ((error) => process.stderr.write(`PostgreSQL idle connection failed: ${error.message}\n`)));
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, kind: 'postgres', sqliteFile: undefined, close: () => db.destroy() };
  }

  const file = options.sqliteFile ?? path.join(options.dataDir ?? './data', SQLITE_FILE);
  const database = openSqliteFile(file);
  const db = new Kysely<Database>({ dialect: new TsunaguSqliteDialect(database) });
  return { db, kind: 'sqlite', sqliteFile: path.resolve(file), close: () => db.destroy() };
}

/** Current time as stored in every timestamp column. */
export function nowIso(): string {
  return new Date().toISOString();
}
