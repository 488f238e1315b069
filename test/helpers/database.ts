import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../src/db/database.js';
import type { DatabaseKind } from '../../src/db/dialect.js';
import { migrateToLatest } from '../../src/db/migrate.js';

/** SQLite always; PostgreSQL too when TEST_DATABASE_URL names a server to test against. */
export function testDatabaseKinds(): DatabaseKind[] {
  return process.env.TEST_DATABASE_URL ? ['sqlite', 'postgres'] : ['sqlite'];
}

export interface TestDatabase extends DatabaseHandle {
  /** Connection string of the PostgreSQL database, for tests that open a second pool. */
  url: string | undefined;
  /** Closes the connection and removes the database. */
  destroy(): Promise<void>;
}

function withDatabaseName(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

/**
 * Creates an empty, migrated database of the given kind that belongs to one test file:
 * a SQLite file in a temporary folder, or a new PostgreSQL database on the test server.
 */
export async function createTestDatabase(kind: DatabaseKind): Promise<TestDatabase> {
  if (kind === 'sqlite') {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tsunagu-test-'));
    const handle = openDatabase({ sqliteFile: path.join(dir, 'test.sqlite') });
    await migrateToLatest(handle.db);
    return {
      ...handle,
      url: undefined,
      destroy: async () => {
        await handle.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }

  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) throw new Error('TEST_DATABASE_URL is not set');
  const name = `tsunagu_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();

  const url = withDatabaseName(adminUrl, name);
  const handle = openDatabase({ databaseUrl: url });
  await migrateToLatest(handle.db);
  return {
    ...handle,
    url,
    destroy: async () => {
      await handle.close();
      const cleanup = new pg.Client({ connectionString: adminUrl });
      await cleanup.connect();
      await cleanup.query(`drop database if exists ${name} with (force)`);
      await cleanup.end();
    },
  };
}

/**
 * Runs a block of tests once per database kind. The block receives a getter because the
 * database is created in beforeAll, after the tests are collected.
 */
export function describeEachDatabase(title: string, body: (database: () => TestDatabase, kind: DatabaseKind) => void): void {
  for (const kind of testDatabaseKinds()) {
    describe(`${title} [${kind}]`, () => {
      let database: TestDatabase | undefined;
      beforeAll(async () => {
        database = await createTestDatabase(kind);
      });
      afterAll(async () => {
        await database?.destroy();
      });
      body(() => {
        if (!database) throw new Error('test database not ready');
        return database;
      }, kind);
    });
  }
}
