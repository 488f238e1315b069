import { copyFileSync, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { parseCommandArgs } from '../args.js';
import type { CliContext } from '../context.js';
import { cliErrors } from '../errors.js';
import { configuredSqliteFile, detachDatabaseFile, inspectDatabaseFile, syncFile } from '../sqlite-file.js';

/** "20260104T101500Z": a UTC timestamp that sorts in time order and is safe in file names. */
function fileTimestamp(at: Date): string {
  return at.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
}

/**
 * `tsunagu restore FILE`: replaces the SQLite database with a backup. The server must be
 * stopped first; the command rejects the restore while another process has the database
 * open. Steps: copy FILE beside the database, check the copy, lock and detach the current
 * database, rename it to a timestamped .bak, then rename the copy into place. Each rename
 * is atomic, so the database path always holds a complete database.
 */
export async function restoreCommand(ctx: CliContext, args: string[]): Promise<number> {
  const { positionals } = parseCommandArgs(args, {}, ['FILE']);
  if (ctx.config.databaseUrl) throw cliErrors.sqlite_only({ command: 'restore', tool: 'pg_restore / psql' });

  const source = ctx.resolvePath(positionals[0]!);
  const target = configuredSqliteFile(ctx.config);
  if (!existsSync(source)) throw cliErrors.file_not_found({ file: source });

  // The copy lives in the target's folder so that the final rename stays on one file system.
  mkdirSync(path.dirname(target), { recursive: true });
  const incoming = `${target}.restoring-${process.pid}`;
  try {
    copyFileSync(source, incoming);
    const summary = inspectDatabaseFile(incoming, source);
    syncFile(incoming);

    let previous: string | undefined;
    if (existsSync(target)) {
      detachDatabaseFile(target);
      previous = `${target}.${fileTimestamp(new Date())}.bak`;
      renameSync(target, previous);
    }
    renameSync(incoming, target);

    ctx.say({
      ja: `復元しました: ${source} → ${target}（商品 ${summary.items} 件、台帳 ${summary.movements} 行、マイグレーション ${summary.migration}）`,
      en: `Restored ${source} into ${target} (${summary.items} items, ${summary.movements} ledger rows, migration ${summary.migration}).`,
    });
    if (previous) {
      ctx.say({ ja: `以前のデータベースは ${previous} に残しています。`, en: `The previous database is kept as ${previous}.` });
    }
    ctx.say({
      ja: 'サーバーを起動してください。未適用のマイグレーションは起動時に適用されます。',
      en: 'Start the server; it applies any pending migrations at start.',
    });
    return 0;
  } finally {
    rmSync(incoming, { force: true });
  }
}
