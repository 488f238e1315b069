import { currentMigration, migrateToLatest } from '../../db/migrate.js';
import { parseCommandArgs } from '../args.js';
import { withDatabase, type CliContext } from '../context.js';

/** `tsunagu migrate`: applies pending migrations, as the server does at start. */
export async function migrateCommand(ctx: CliContext, args: string[]): Promise<number> {
  parseCommandArgs(args, {}, []);

  return withDatabase(ctx.openDatabase(), async (handle) => {
    const target = ctx.describeDatabase(handle);
    const applied = await migrateToLatest(handle.db);

    if (applied.length === 0) {
      const current = await currentMigration(handle.db);
      ctx.say({ ja: `${target} は最新です（${current}）。`, en: `${target} is up to date (${current}).` });
    } else {
      ctx.say({
        ja: `${target} にマイグレーションを適用しました: ${applied.join(', ')}`,
        en: `Applied migrations to ${target}: ${applied.join(', ')}`,
      });
    }
    return 0;
  });
}
