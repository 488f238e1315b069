import { once } from 'node:events';
import { secretKeyring } from '../../config.js';
import { ChannelHub } from '../../modules/channels/sync/hub.js';
import { createLogger } from '../../shared/logger.js';
import { parseCommandArgs } from '../args.js';
import { withDatabase, type CliContext } from '../context.js';

/**
 * `tsunagu runner`: runs the channel hub (sync runner, order polling, reconciliation) in a
 * process of its own until SIGINT or SIGTERM. Several may run against one PostgreSQL
 * database; start the server with TSUNAGU_CHANNEL_RUNNER=off when they do the work. Give each
 * a stable `--worker-id` (or TSUNAGU_WORKER_ID) so that a restarted runner takes back at once
 * the work its killed predecessor held, instead of waiting for the leases to run out.
 */
export async function runnerCommand(ctx: CliContext, args: string[]): Promise<number> {
  const { values } = parseCommandArgs(args, { 'worker-id': { type: 'string' } }, []);
  const workerId = values['worker-id'] ?? ctx.config.workerId;
  return withDatabase(await ctx.openMigratedDatabase(), async (handle) => {
    const logger = createLogger(ctx.config.logLevel);
    const hub = new ChannelHub({ db: handle.db, keys: secretKeyring(ctx.config), logger, ...(workerId ? { workerId } : {}) });
    await hub.start();
    ctx.say({
      ja: `チャネル同期を ${ctx.describeDatabase(handle)} で実行中です（Ctrl+C で停止）。`,
      en: `Channel sync running on ${ctx.describeDatabase(handle)} (Ctrl+C stops it).`,
    });
    await Promise.race([once(process, 'SIGINT'), once(process, 'SIGTERM')]);
    await hub.stop();
    return 0;
  });
}
