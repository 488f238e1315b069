import path from 'node:path';
import { loadConfig, type Config } from '../config.js';
import { openDatabase, type DatabaseHandle } from '../db/database.js';
import { migrateToLatest } from '../db/migrate.js';
import type { AuditActor } from '../modules/audit/service.js';
import type { Locale } from '../shared/errors.js';

/** A message in both languages; the CLI prints the one that matches the user's locale. */
export interface Text {
  ja: string;
  en: string;
}

/** Where the CLI reads its settings and writes its output; tests pass their own. */
export interface CliIo {
  env: NodeJS.ProcessEnv;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

/**
 * Picks the message language from the POSIX locale variables: English when the first one
 * set (LC_ALL, LC_MESSAGES, LANG) starts with "en", Japanese otherwise.
 */
export function localeFromEnv(env: NodeJS.ProcessEnv): Locale {
  const raw = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return raw.toLowerCase().startsWith('en') ? 'en' : 'ja';
}

export class CliContext {
  readonly locale: Locale;
  #config: Config | undefined;

  constructor(readonly io: CliIo) {
    this.locale = localeFromEnv(io.env);
  }

  /** Settings as the server reads them, so both use the same DATA_DIR and DATABASE_URL. */
  get config(): Config {
    this.#config ??= loadConfig(this.io.env);
    return this.#config;
  }

  /** Writes one line in the user's language to stdout. */
  say(text: Text): void {
    this.io.stdout.write(text[this.locale] + '\n');
  }

  /** Writes one line in the user's language to stderr. */
  warn(text: Text): void {
    this.io.stderr.write(text[this.locale] + '\n');
  }

  /**
   * Resolves a file named on the command line. `npm run cli` starts in the package folder,
   * so paths are taken relative to INIT_CWD, the folder npm was started from, when npm set it.
   */
  resolvePath(file: string): string {
    return path.resolve(this.io.env.INIT_CWD || process.cwd(), file);
  }

  /** Opens the configured database without changing it. */
  openDatabase(): DatabaseHandle {
    return openDatabase({ databaseUrl: this.config.databaseUrl, dataDir: this.config.dataDir });
  }

  /**
   * Opens the configured database and applies pending migrations first, as the server does
   * at start, so that commands work on a fresh DATA_DIR. The notice goes to stderr, so that
   * stdout carries only a command's output (such as CSV).
   */
  async openMigratedDatabase(): Promise<DatabaseHandle> {
    const handle = this.openDatabase();
    try {
      const applied = await migrateToLatest(handle.db);
      if (applied.length > 0) {
        this.warn({ ja: `マイグレーションを適用しました: ${applied.join(', ')}`, en: `Applied migrations: ${applied.join(', ')}` });
      }
      return handle;
    } catch (error) {
      await handle.close();
      throw error;
    }
  }

  /** Names the database for messages, without the password of a PostgreSQL URL. */
  describeDatabase(handle: DatabaseHandle): string {
    if (handle.kind === 'sqlite') return `SQLite ${handle.sqliteFile}`;
    const url = new URL(this.config.databaseUrl!);
    return `PostgreSQL ${url.hostname}${url.port ? ':' + url.port : ''}${url.pathname}`;
  }
}

/** Runs `body` with the database open and closes it afterwards, also on failure. */
export async function withDatabase<T>(handle: DatabaseHandle, body: (handle: DatabaseHandle) => Promise<T>): Promise<T> {
  try {
    return await body(handle);
  } finally {
    await handle.close();
  }
}

/**
 * Returns the audit actor of a command-line change. A command runs without a sign-in, so
 * its events have no user, address or request. Callers put `source: 'cli'` in the detail.
 */
export function cliAuditActor(): AuditActor {
  return { userId: null, email: null, ip: null, requestId: null, recorded: false };
}
