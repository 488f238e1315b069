import { rebuildSalesFacts } from '../../modules/analytics/refresh.js';
import { parseCommandArgs } from '../args.js';
import { withDatabase, type CliContext } from '../context.js';

/**
 * `tsunagu analytics rebuild`: derives every sales fact again from the sales tables and
 * recomputes the daily summaries the reports read. Sales recorded while it runs wait for it
 * (it is one transaction), so run it out of hours on a large database.
 */
export async function analyticsRebuildCommand(ctx: CliContext, args: string[]): Promise<number> {
  parseCommandArgs(args, {}, []);

  return withDatabase(await ctx.openMigratedDatabase(), async (handle) => {
    const started = Date.now();
    const result = await rebuildSalesFacts(handle.db);
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    ctx.say({
      ja: `OK: 売上明細 ${result.facts} 行から日次集計 ${result.dailyRows} 行と担当者別 ${result.staffRows} 行を作り直しました（${seconds} 秒）。`,
      en: `OK: rebuilt ${result.dailyRows} daily rows and ${result.staffRows} staff rows from ${result.facts} sales facts (${seconds} s).`,
    });
    return 0;
  });
}
