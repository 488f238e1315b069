import { randomBytes } from 'node:crypto';
import pg from 'pg';

/**
 * Creates a fresh PostgreSQL database named `<prefix>_<random>` on the server of
 * `adminUrl`, runs `body` with its connection string, and drops it afterwards (also when
 * `body` throws). The admin user must be allowed to create databases.
 */
export async function withScratchPostgres<T>(adminUrl: string, prefix: string, body: (url: string) => Promise<T>): Promise<T> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();

  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  try {
    return await body(url.toString());
  } finally {
    const cleanup = new pg.Client({ connectionString: adminUrl });
    await cleanup.connect();
    await cleanup.query(`drop database if exists ${name} with (force)`);
    await cleanup.end();
  }
}
