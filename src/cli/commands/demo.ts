import { once } from 'node:events';
import { secretKeyring } from '../../config.js';
import type { DatabaseHandle } from '../../db/database.js';
import { createLogger } from '../../shared/logger.js';
import { isDomainError } from '../../shared/errors.js';
import { DEFAULT_DEMO_PORTS, setUpDemoChannels, type DemoChannelSummary, type DemoPorts } from '../../modules/demo/channels.js';
import { loadDemoData, type DemoSummary } from '../../modules/demo/service.js';
import { parseCommandArgs } from '../args.js';
import { cliAuditActor, withDatabase, type CliContext } from '../context.js';
import { cliErrors } from '../errors.js';
import { resolvePorts, startDemoServer } from './demo-serve.js';
import { buildWebIfStale } from '../../../scripts/build-web.mjs';
import { followDemo, printMockCommands, printPublishing, printWalkthrough } from './demo-walkthrough.js';

const OPTIONS = {
  force: { type: 'boolean' },
  'no-channels': { type: 'boolean' },
  serve: { type: 'boolean' },
  'load-only': { type: 'boolean' },
  'external-mocks': { type: 'boolean' },
  'rakuten-port': { type: 'string' },
  'yahoo-port': { type: 'string' },
  'own-site-port': { type: 'string' },
} as const;

function portOption(option: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65_535) throw cliErrors.invalid_option({ option, value, allowed: '0-65535' });
  return port;
}

function printLoaded(ctx: CliContext, handle: DatabaseHandle, summary: DemoSummary): void {
  ctx.say({
    ja: `デモデータを読み込みました（${ctx.describeDatabase(handle)}）。`,
    en: `Loaded the demo data into ${ctx.describeDatabase(handle)}.`,
  });
  ctx.say(
    summary.companyUpdated
      ? { ja: `  会社: ${summary.companyName}`, en: `  Company: ${summary.companyName}` }
      : { ja: `  会社: ${summary.companyName}（設定済みのため変更なし）`, en: `  Company: ${summary.companyName} (already set, left unchanged)` },
  );
  ctx.say({
    ja: `  拠点 ${summary.locationsCreated} 件、仕入先 ${summary.suppliersCreated} 件を作成`,
    en: `  Created ${summary.locationsCreated} locations and ${summary.suppliersCreated} suppliers`,
  });
  ctx.say({
    ja: `  仕入 ${summary.purchases.join(', ')}: ${summary.linesReceived} 行を入荷`,
    en: `  Purchases ${summary.purchases.join(', ')}: ${summary.linesReceived} lines received`,
  });
  ctx.say({
    ja: `  移動 ${summary.transfers[0]}（入荷済み）、${summary.transfers[1]}（展示会へ移動中）`,
    en: `  Transfers ${summary.transfers[0]} (received) and ${summary.transfers[1]} (in transit to the exhibition)`,
  });
  ctx.say({ ja: `  償却 ${summary.writeOff}、分割 ${summary.split}`, en: `  Write-off ${summary.writeOff}, split ${summary.split}` });
  if (summary.sales.length > 0) {
    ctx.say({
      ja: `  店頭販売 ${summary.sales.length} 件（過去 4 週間）と今月の売上目標を作成（分析の画面で確認できます）`,
      en: `  ${summary.sales.length} counter sales over the last 4 weeks and this month's sales targets, for the analytics screens`,
    });
  }
}

function printChannels(ctx: CliContext, channels: DemoChannelSummary): void {
  for (const account of Object.values(channels.accounts)) {
    ctx.say(
      account.created
        ? { ja: `  チャネルアカウント「${account.name}」を作成（${account.baseUrl}）`, en: `  Created the channel account ${account.name} (${account.baseUrl})` }
        : { ja: `  チャネルアカウント「${account.name}」は作成済み（${account.baseUrl} に設定）`, en: `  Channel account ${account.name} already exists (set to ${account.baseUrl})` },
    );
  }
  ctx.say({
    ja: `  出品下書き ${channels.draftsCreated} 件を作成（商品 ${channels.pieces} 点 × 3 チャネル、既存の下書きはそのまま）`,
    en: `  Created ${channels.draftsCreated} draft listings (${channels.pieces} pieces on 3 channels; existing listings kept)`,
  });
}

/**
 * Loads the demo data, or when serving keeps what an earlier run loaded. Returns null
 * when the data was already there; other refusals (a database with real items) are raised.
 */
async function loadOrKeep(ctx: CliContext, handle: DatabaseHandle, force: boolean, serve: boolean): Promise<DemoSummary | null> {
  try {
    return await loadDemoData(handle.db, { force });
  } catch (error) {
    if (!serve || !isDomainError(error) || error.code !== 'demo_already_loaded') throw error;
    ctx.say({ ja: 'デモデータは読み込み済みのため、そのまま使います。', en: 'The demo data is already loaded; using it as it is.' });
    return null;
  }
}

/**
 * `tsunagu demo [--force] [--load-only] [--no-channels] [--external-mocks] [--rakuten-port N]
 * [--yahoo-port N] [--own-site-port N]`: loads the demo company and, unless --no-channels,
 * the demo channel accounts and draft listings, then runs the channel mocks and the server
 * in this process until Ctrl+C. With --load-only or --no-channels it stops after loading.
 * `--serve` is accepted for the explicit form and changes nothing.
 */
export async function demoCommand(ctx: CliContext, args: string[]): Promise<number> {
  const { values } = parseCommandArgs(args, OPTIONS, []);
  const channelsWanted = !(values['no-channels'] ?? false);
  const serve = channelsWanted && !(values['load-only'] ?? false);
  const externalMocks = values['external-mocks'] ?? false;
  if (externalMocks && !serve) throw cliErrors.bad_arguments({ detail: '--external-mocks cannot be combined with --load-only or --no-channels' });
  const requested: DemoPorts = {
    rakuten: portOption('rakuten-port', values['rakuten-port'], DEFAULT_DEMO_PORTS.rakuten),
    yahoo: portOption('yahoo-port', values['yahoo-port'], DEFAULT_DEMO_PORTS.yahoo),
    ownSite: portOption('own-site-port', values['own-site-port'], DEFAULT_DEMO_PORTS.ownSite),
  };
  // External mocks listen where the user started them, so a port of 0 cannot be looked up.
  const ports = externalMocks ? requested : await resolvePorts(requested);

  // The demo serves the screens like `npm start`, whose prestart step builds them when stale.
  if (serve) await buildWebIfStale({ log: (line) => ctx.say({ ja: line, en: line }) });

  const handle = await ctx.openMigratedDatabase();
  let channels: DemoChannelSummary | undefined;
  try {
    const summary = await loadOrKeep(ctx, handle, values.force ?? false, serve);
    if (summary) printLoaded(ctx, handle, summary);
    if (channelsWanted) {
      channels = await setUpDemoChannels(handle.db, secretKeyring(ctx.config), { ports, actor: cliAuditActor() });
      printChannels(ctx, channels);
    }
  } catch (error) {
    await handle.close();
    throw error;
  }

  if (!serve) {
    return withDatabase(handle, async () => {
      const url = `http://${ctx.config.host}:${ctx.config.port}`;
      ctx.say(
        channelsWanted
          ? {
              ja: `\`npm run cli -- demo\` でチャネルのモックとサーバーを起動し、ブラウザで ${url} を開いてください（\`npm start\` ではモックが動かず、デモのチャネルは接続エラーで一時停止します）。`,
              en: `Start the channel mocks and the server with \`npm run cli -- demo\` and open ${url} in a browser. (\`npm start\` runs no mocks, so the demo channels would fail and pause.)`,
            }
          : { ja: `\`npm start\` でサーバーを起動し、ブラウザで ${url} を開いてください。`, en: `Start the server with \`npm start\` and open ${url} in a browser.` },
      );
      return 0;
    });
  }

  // The server's request log and the retry warnings of a channel outage would bury the
  // walkthrough, so the demo logs errors only unless LOG_LEVEL sets another level. The demo's
  // own lines report orders, listing moves and pauses instead.
  const logger = createLogger(ctx.io.env.LOG_LEVEL || 'error');
  const demo = await startDemoServer({ config: ctx.config, logger, handle, ...(channels ? { channels } : {}), ports, externalMocks, write: (text) => ctx.io.stdout.write(text) }).catch(async (error: unknown) => {
    await handle.close();
    throw error;
  });

  let interrupted = false;
  const stopped = Promise.race([once(process, 'SIGINT'), once(process, 'SIGTERM')]).then(() => {
    interrupted = true;
  });
  const follower = followDemo(ctx, demo, channels);
  if (channels) {
    if (externalMocks) printMockCommands(ctx, demo, channels);
    await printPublishing(ctx, demo, channels, () => interrupted);
    if (!interrupted) await printWalkthrough(ctx, demo, channels, externalMocks);
  } else {
    ctx.say({ ja: `${demo.server.url} で起動しました。Ctrl+C で停止します。`, en: `Serving on ${demo.server.url}. Press Ctrl+C to stop.` });
  }
  follower.start();

  await stopped;
  ctx.say({ ja: '停止しています…', en: 'Stopping…' });
  follower.stop();
  await demo.close();
  ctx.say({ ja: 'デモを停止しました。', en: 'The demo stopped.' });
  return 0;
}
