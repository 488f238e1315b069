import SqliteDatabase from 'better-sqlite3';
import pg from 'pg';

// Bulk loading for benchmark data only. Real writes go through the services, but a million
// ledger rows through them would take tens of minutes (an estimate from the receipt
// timings). So the benchmark writes rows shaped exactly as the services write them, many
// per statement.

export interface BulkColumn {
  name: string;
  /** PostgreSQL array element type for unnest(), e.g. "bigint" or "text". */
  pgType: 'bigint' | 'integer' | 'text';
}

export interface BulkWriter {
  insert(table: string, columns: readonly BulkColumn[], rows: readonly unknown[][]): Promise<void>;
  close(): Promise<void>;
}

/** Writes through its own better-sqlite3 connection, one transaction per call. */
export function sqliteBulkWriter(file: string): BulkWriter {
  const database = new SqliteDatabase(file);
  database.pragma('busy_timeout = 5000');
  const statements = new Map<string, SqliteDatabase.Statement>();

  return {
    async insert(table, columns, rows) {
      const key = `${table}:${columns.map((c) => c.name).join(',')}`;
      let statement = statements.get(key);
      if (!statement) {
        const names = columns.map((c) => c.name).join(', ');
        const marks = columns.map(() => '?').join(', ');
        statement = database.prepare(`insert into ${table} (${names}) values (${marks})`);
        statements.set(key, statement);
      }
      const insertAll = database.transaction((batch: readonly unknown[][]) => {
        for (const row of batch) statement.run(...row);
      });
      insertAll(rows);
    },
    async close() {
      database.close();
    },
  };
}

/** PostgreSQL rows per INSERT … SELECT FROM unnest(…): large enough to amortise the round trip. */
const PG_ROWS_PER_STATEMENT = 5000;

/** Writes through one pg connection: each call is one transaction of unnest() inserts. */
export async function postgresBulkWriter(url: string): Promise<BulkWriter> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();

  return {
    async insert(table, columns, rows) {
      const names = columns.map((c) => c.name).join(', ');
      const arrays = columns.map((c, i) => `$${i + 1}::${c.pgType}[]`).join(', ');
      const text = `insert into ${table} (${names}) select * from unnest(${arrays})`;

      await client.query('begin');
      try {
        for (let start = 0; start < rows.length; start += PG_ROWS_PER_STATEMENT) {
          const chunk = rows.slice(start, start + PG_ROWS_PER_STATEMENT);
          const values = columns.map((_, i) => chunk.map((row) => row[i]));
          await client.query(text, values);
        }
        await client.query('commit');
      } catch (error) {
        await client.query('rollback');
        throw error;
      }
    },
    async close() {
      await client.end();
    },
  };
}
