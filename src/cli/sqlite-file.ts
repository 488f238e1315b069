import { closeSync, existsSync, fsyncSync, openSync, rmSync } from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import type { Config } from '../config.js';
import { SQLITE_FILE } from '../db/database.js';
import { LATEST_MIGRATION } from '../db/migrate.js';
import { cliErrors } from './errors.js';

// Helpers for the backup and restore commands, which handle SQLite files directly.

/** The SQLite file the server uses for these settings. */
export function configuredSqliteFile(config: Config): string {
  return path.join(config.dataDir, SQLITE_FILE);
}

/** Table in which Kysely's migrator records applied migrations. */
const MIGRATION_TABLE = 'kysely_migration';
/** Tables without which a file cannot be a tsunagu database. */
const REQUIRED_TABLES = ['items', 'stock_movements', 'stock_balances', 'locations', 'users'];

export interface DatabaseFileSummary {
  /** Newest migration applied to the file. */
  migration: string;
  items: number;
  movements: number;
}

/**
 * Checks that a SQLite file is an intact tsunagu database that this version can open:
 * PRAGMA integrity_check passes, the migration table and core tables exist, and no
 * migration is newer than this version knows. Raises not_a_tsunagu_database otherwise,
 * naming the file as `shownAs` (the user's path when `file` is a temporary copy).
 */
export function inspectDatabaseFile(file: string, shownAs: string = file): DatabaseFileSummary {
  const reject = (reasonJa: string, reasonEn: string = reasonJa) =>
    cliErrors.not_a_tsunagu_database({ file: shownAs, reasonJa, reasonEn });
  // SQLite's own messages are English; the common ones get both languages.
  const rejectSqliteError = (error: unknown) => {
    const code = (error as { code?: string }).code;
    if (code === 'SQLITE_NOTADB') return reject('SQLite のデータベースファイルではありません', 'it is not an SQLite database file');
    if (code === 'SQLITE_CANTOPEN') return reject('ファイルを開けません', 'the file cannot be opened');
    const message = error instanceof Error ? error.message : String(error);
    return reject(`SQLite のエラー: ${message}`, `SQLite error: ${message}`);
  };

  let database: SqliteDatabase.Database;
  try {
    database = new SqliteDatabase(file, { fileMustExist: true });
  } catch (error) {
    throw rejectSqliteError(error);
  }

  try {
    let problems: string[];
    try {
      const rows = database.pragma('integrity_check') as Array<{ integrity_check: string }>;
      problems = rows.map((row) => row.integrity_check);
    } catch (error) {
      // "file is not a database" (SQLITE_NOTADB) surfaces on the first read.
      throw rejectSqliteError(error);
    }
    if (problems.length !== 1 || problems[0] !== 'ok') {
      const found = problems.slice(0, 5).join('; ');
      throw reject(`整合性チェックで問題が見つかりました（${found}）`, `the integrity check found problems (${found})`);
    }

    const tables = new Set(
      (database.prepare("select name from sqlite_master where type = 'table'").all() as Array<{ name: string }>).map((r) => r.name),
    );
    const missing = [MIGRATION_TABLE, ...REQUIRED_TABLES].filter((table) => !tables.has(table));
    if (missing.length > 0) throw reject(`テーブル ${missing.join(', ')} がありません`, `missing tables ${missing.join(', ')}`);

    const latest = database.prepare(`select max(name) as name from ${MIGRATION_TABLE}`).get() as { name: string | null };
    if (latest.name === null) throw reject('マイグレーションが 1 つも適用されていません', 'no migration has been applied');
    // Migration names start with a zero-padded number, so text order is applying order.
    if (latest.name > LATEST_MIGRATION) {
      throw reject(
        `新しい版の tsunagu で書かれています（マイグレーション ${latest.name}。この版は ${LATEST_MIGRATION} まで）`,
        `it was written by a newer tsunagu (migration ${latest.name}; this version knows up to ${LATEST_MIGRATION})`,
      );
    }

    const count = (table: string) => (database.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;
    return { migration: latest.name, items: count('items'), movements: count('stock_movements') };
  } finally {
    database.close();
  }
}

/**
 * Takes an exclusive lock on a SQLite file to prove that no other process has it open,
 * then switches it from WAL to a rollback journal so that the file alone holds every
 * committed page and it can be moved without its -wal and -shm companions.
 * Raises database_in_use when another connection (a running server) holds the file.
 */
export function detachDatabaseFile(file: string): void {
  const database = new SqliteDatabase(file, { fileMustExist: true, timeout: 0 });
  try {
    // In exclusive locking mode SQLite keeps the lock it takes, and BEGIN EXCLUSIVE fails
    // at once with SQLITE_BUSY while any other connection has the file open in WAL mode.
    database.pragma('locking_mode = EXCLUSIVE');
    try {
      database.exec('begin exclusive');
      database.exec('commit');
    } catch (error) {
      if ((error as { code?: string }).code === 'SQLITE_BUSY') throw cliErrors.database_in_use({ file });
      throw error;
    }
    database.pragma('journal_mode = DELETE');
  } finally {
    database.close();
  }

  // Leaving WAL mode checkpoints and deletes the -wal file. A -shm file can remain after a
  // crashed process and would sit stale beside the database that replaces this one.
  if (existsSync(`${file}-wal`)) throw new Error(`${file}-wal is still present after leaving WAL mode; the database was not detached`);
  rmSync(`${file}-shm`, { force: true });
}

/** Flushes a file's data to the disk, so that a following rename cannot expose a partial file. */
export function syncFile(file: string): void {
  const fd = openSync(file, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
