import { existsSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { openSqliteFile } from '../../db/database.js';
import { parseCommandArgs } from '../args.js';
import type { CliContext } from '../context.js';
import { cliErrors } from '../errors.js';
import { configuredSqliteFile, inspectDatabaseFile, syncFile } from '../sqlite-file.js';

/**
 * `tsunagu backup FILE`: writes a consistent copy of the SQLite database with SQLite's
 * online backup API, so the server may keep running. The copy is written beside FILE
 * under a temporary name, checked, and renamed into place only when complete.
 */
export async function backupCommand(ctx: CliContext, args: string[]): Promise<number> {
  const { positionals } = parseCommandArgs(args, {}, ['FILE']);
  if (ctx.config.databaseUrl) throw cliErrors.sqlite_only({ command: 'backup', tool: 'pg_dump' });

  const source = configuredSqliteFile(ctx.config);
  const target = ctx.resolvePath(positionals[0]!);
  if (!existsSync(source)) throw cliErrors.no_database({ file: source });
  if (existsSync(target)) throw cliErrors.file_exists({ file: target });
  if (!existsSync(path.dirname(target))) throw cliErrors.folder_not_found({ folder: path.dirname(target) });

  const partial = `${target}.partial-${process.pid}`;
  const database = openSqliteFile(source);
  try {
    await database.backup(partial);
  } catch (error) {
    rmSync(partial, { force: true });
    throw error;
  } finally {
    database.close();
  }

  try {
    // The copy keeps the WAL flag of its source; a rollback journal makes it one
    // self-contained file that can be copied anywhere.
    const copy = new SqliteDatabase(partial);
    copy.pragma('journal_mode = DELETE');
    copy.close();
    const summary = inspectDatabaseFile(partial, target);
    syncFile(partial);
    renameSync(partial, target);

    const bytes = statSync(target).size;
    ctx.say({
      ja: `バックアップしました: ${source} → ${target}（${bytes} バイト、商品 ${summary.items} 件、台帳 ${summary.movements} 行、マイグレーション ${summary.migration}）`,
      en: `Backed up ${source} to ${target} (${bytes} bytes, ${summary.items} items, ${summary.movements} ledger rows, migration ${summary.migration}).`,
    });
    ctx.say({
      ja: `鍵ファイル ${ctx.config.dataDir}/secret.key はデータベースに含まれません。別途保管してください（TSUNAGU_SECRET_KEY を使う場合はその値）。`,
      en: `The key file ${ctx.config.dataDir}/secret.key is not in the database; keep a copy of it too (or of TSUNAGU_SECRET_KEY if you set it).`,
    });
    return 0;
  } finally {
    rmSync(partial, { force: true });
  }
}
