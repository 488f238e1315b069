import { createInterface, type Interface } from 'node:readline';
import { nowIso } from '../../db/database.js';
import { DEMO_ACCOUNT_NAMES, DEMO_MOCK_CREDENTIALS, sampleCodes, type DemoChannel, type DemoChannelSummary } from '../../modules/demo/channels.js';
import type { CliContext, Text } from '../context.js';
import { progressText, publishProgress, type DemoServer } from './demo-serve.js';

// What `tsunagu demo` prints: publishing progress, the sign-in and a walkthrough of
// copy-paste commands, then a running account of orders and listing moves. It also reads
// commands from the terminal: `stop yahoo`, `start yahoo`, `show CODE`, `help`.

/** Seconds the demo waits for the first publication before it prints the walkthrough anyway. */
const PUBLISH_WAIT_SECONDS = 180;
const PROGRESS_EVERY_MS = 3_000;
const FOLLOW_EVERY_MS = 1_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Prints the commands that start the mocks in other terminals, for `--external-mocks`. */
export function printMockCommands(ctx: CliContext, demo: DemoServer, channels: DemoChannelSummary): void {
  const port = (url: string) => new URL(url).port;
  const webhook = `${demo.server.url}/api/channel-webhooks/${channels.accounts.ownSite.id}`;
  ctx.say({
    ja: 'モックは起動していません。別々の端末で次のコマンドを実行してください（起動するまで出品は再試行されます）:',
    en: 'No mocks were started. Run these in separate terminals (publishing retries until they answer):',
  });
  ctx.io.stdout.write(
    `  npm run cli -- mock rakuten --port ${port(demo.mockUrls.rakuten)}\n` +
      `  npm run cli -- mock yahoo --port ${port(demo.mockUrls.yahoo)}\n` +
      `  npm run cli -- mock own-site --port ${port(demo.mockUrls.ownSite)} --webhook-url ${webhook} --webhook-secret ${DEMO_MOCK_CREDENTIALS.ownSite.webhookSecret}\n`,
  );
}

/** Prints per-account publishing progress until nothing is in progress or PUBLISH_WAIT_SECONDS pass. */
export async function printPublishing(ctx: CliContext, demo: DemoServer, channels: DemoChannelSummary, interrupted: () => boolean): Promise<void> {
  ctx.say({
    ja: `デモの出品 ${demo.publishing.length} 件をモックに送っています（楽天と Yahoo の API は毎秒 1 回程度に制限されるため、1 分ほどかかります）…`,
    en: `Sending ${demo.publishing.length} demo listings to the mocks (the Rakuten and Yahoo APIs allow about one call a second, so this takes about a minute)…`,
  });
  const deadline = Date.now() + PUBLISH_WAIT_SECONDS * 1000;
  for (;;) {
    await sleep(PROGRESS_EVERY_MS);
    if (interrupted()) return;
    const progress = await publishProgress(demo.server.handle, channels);
    ctx.say(progressText(channels, progress));
    const busy = Object.values(progress).some((counts) => counts.publishing > 0);
    if (!busy) return;
    if (Date.now() > deadline) {
      ctx.say({
        ja: '  まだ処理中の出品があります。チャネル → 同期状況 の画面で確認できます。',
        en: '  Some listings are still in progress; the Channels → Sync status screen shows why.',
      });
      return;
    }
  }
}

function mockStateCheck(url: string, channel: DemoChannel, code: string): string {
  // The grep keeps the one stock record of the piece out of the whole state.
  if (channel === 'rakuten') return `curl -s ${url}/__mock/state | grep -o '"manageNumber":"${code}","variantId":"normal-inventory","quantity":-\\?[0-9]*'`;
  return `curl -s ${url}/__mock/state | grep -o '"itemCode":"${code}","subCode":"","quantity":-\\?[0-9]*'`;
}

function rakutenOrder(url: string, code: string, force = false): string {
  const extra = force ? ',"force":true' : '';
  return `curl -s -X POST ${url}/__mock/orders -H 'content-type: application/json' -d '{"lines":[{"manageNumber":"${code}","variantId":"normal-inventory"}]${extra}}'`;
}

function yahooOrder(url: string, code: string): string {
  return `curl -s -X POST ${url}/__mock/orders -H 'content-type: application/json' -d '{"lines":[{"itemCode":"${code}","quantity":1}],"force":true}'`;
}

/** Prints the URLs, the sign-in and the walkthrough, with commands for real demo pieces. */
export async function printWalkthrough(ctx: CliContext, demo: DemoServer, channels: DemoChannelSummary, externalMocks: boolean): Promise<void> {
  const db = demo.server.handle.db;
  const samples = await sampleCodes(db, channels.accounts.rakuten.id, 5);
  const owner = await db.selectFrom('users').select('email').where('is_owner', '=', 1).orderBy('id').executeTakeFirst();
  const { rakuten, yahoo, ownSite } = demo.mockUrls;
  const url = demo.server.url;
  const out = (line = '') => ctx.io.stdout.write(`${line}\n`);

  out();
  out('================================================================');
  out(`  tsunagu:                     ${url}`);
  out(`  ${DEMO_ACCOUNT_NAMES.rakuten} mock:     ${rakuten}`);
  out(`  ${DEMO_ACCOUNT_NAMES.yahoo} mock: ${yahoo}`);
  out(`  ${DEMO_ACCOUNT_NAMES.ownSite} mock:   ${ownSite}`);
  out(
    `  サインイン / Sign in: ${owner?.email ?? 'owner@tsunagu.local'} — 初回起動時に表示したパスワード / the password printed at the first start` +
      ' (OWNER_PASSWORD if you set it)',
  );
  out(`  出品 / Listings:   ${url}/channels/listings`);
  out(`  受注 / Orders:     ${url}/channels/orders`);
  out(`  同期 / Sync:       ${url}/channels/sync`);
  out('================================================================');
  if (samples.length < 4) {
    ctx.say({ ja: '売れる商品が 4 点未満のため、手順のコマンドは省略します。', en: 'Fewer than 4 pieces are for sale, so the walkthrough commands are left out.' });
    return;
  }
  const [a, b, c, d] = samples.map((sample) => sample.externalCode) as [string, string, string, string];

  out();
  out(`1. 楽天のモックで ${a} を注文し、数秒で Yahoo と自社サイトから消えるのを見る`);
  out(`   Order ${a} on the Rakuten mock and watch it leave Yahoo and the own site within seconds:`);
  out(`   ORDER=$(${rakutenOrder(rakuten, a)} | sed -E 's/.*"orderNumber":"([^"]+)".*/\\1/'); echo $ORDER`);
  out(`   ${mockStateCheck(yahoo, 'yahoo', a)}`);
  out(`   (数秒後に quantity が 0 / quantity turns 0 after a few seconds; or type: show ${a})`);
  out();
  out('2. その注文をキャンセルすると、商品が各チャネルに戻る');
  out('   Cancel the order and see the piece come back on every channel:');
  out(`   curl -s -X POST ${rakuten}/__mock/orders/$ORDER/progress -H 'content-type: application/json' -d '{"orderProgress":900}'`);
  out(`   ${mockStateCheck(yahoo, 'yahoo', a)}`);
  out();
  out(`3. 同じ商品 ${b} を楽天と Yahoo で同時に注文すると、後の注文にフラグ（衝突）が付く`);
  out(`   Order ${b} on Rakuten and Yahoo at the same instant; the later order is flagged as a collision:`);
  out(`   ${rakutenOrder(rakuten, b, true)} & ${yahooOrder(yahoo, b)}; wait`);
  out(`   → ${url}/channels/orders`);
  out();
  if (externalMocks) {
    out(`4. Yahoo のモックを Ctrl+C で止め、楽天で ${c} と ${d} を売り、モックを再び起動する`);
    out(`   Stop the Yahoo mock (Ctrl+C in its terminal), sell ${c} and ${d} on Rakuten, then start it again:`);
    out(`   ${rakutenOrder(rakuten, c)}; ${rakutenOrder(rakuten, d)}`);
    out(`   npm run cli -- mock yahoo --port ${new URL(yahoo).port}`);
    out('   再起動したモックは空なので、在庫照合（同期状況 画面）で全商品を送り直します。');
    out('   A restarted mock starts empty: press 在庫照合 (Reconcile) on the Sync status screen to send every piece again.');
  } else {
    out(`4. この端末で「stop yahoo」と入力して Yahoo のモックを止め、楽天で ${c} と ${d} を売り、「start yahoo」で再開する`);
    out(`   Type "stop yahoo" here to stop the Yahoo mock, sell ${c} and ${d} on Rakuten, then type "start yahoo":`);
    out(`   ${rakutenOrder(rakuten, c)}; ${rakutenOrder(rakuten, d)}`);
    out('   Yahoo への呼び出しは失敗して再試行され、5 回続けて失敗するとアカウントが一時停止します。再開後 15 秒ほどで追いつきます。');
    out('   Calls to Yahoo fail and are retried; after 5 failures in a row the account pauses. After "start yahoo" it catches up within about 15 seconds.');
  }
  out();
  out('5. 同期を別プロセスで動かす: TSUNAGU_CHANNEL_RUNNER=off npm run cli -- demo と npm run cli -- runner');
  out('   Run the sync in a process of its own, kill it in the middle of a burst and start it again: docs/channels.md');
  out();
  ctx.say({
    ja: 'この端末のコマンド: stop yahoo / start yahoo / stop rakuten / start rakuten / show 商品コード / help。Ctrl+C ですべて停止します。',
    en: 'Commands here: stop yahoo / start yahoo / stop rakuten / start rakuten / show CODE / help. Ctrl+C stops everything.',
  });
  out();
}

interface MockStock {
  rakuten: number | undefined;
  yahoo: number | undefined;
  ownSite: number | undefined;
}

async function readState(url: string): Promise<Record<string, unknown> | undefined> {
  try {
    const response = await fetch(`${url}/__mock/state`, { signal: AbortSignal.timeout(2_000) });
    return response.ok ? ((await response.json()) as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function quantityIn(list: unknown, key: string, code: string): number | undefined {
  if (!Array.isArray(list)) return undefined;
  const record = list.find((entry: Record<string, unknown>) => entry[key] === code) as { quantity?: number } | undefined;
  return record?.quantity;
}

/** Reads a piece's quantity from each mock's operator state; undefined where the mock is down or does not list it. */
async function stockOnMocks(demo: DemoServer, code: string): Promise<MockStock> {
  const [rakuten, yahoo, ownSite] = await Promise.all([readState(demo.mockUrls.rakuten), readState(demo.mockUrls.yahoo), readState(demo.mockUrls.ownSite)]);
  return {
    rakuten: quantityIn(rakuten?.inventory, 'manageNumber', code),
    yahoo: quantityIn(yahoo?.stock, 'itemCode', code),
    ownSite: quantityIn(ownSite?.products, 'sku', code),
  };
}

function shown(quantity: number | undefined): string {
  return quantity === undefined ? '—' : String(quantity);
}

export interface DemoFollower {
  start(): void;
  stop(): void;
}

/**
 * Follows the demo after the walkthrough: prints each order imported or changed, each
 * piece withdrawn or published again and each account paused or resumed, and runs the
 * commands typed into the terminal.
 */
export function followDemo(ctx: CliContext, demo: DemoServer, channels: DemoChannelSummary | undefined): DemoFollower {
  const db = demo.server.handle.db;
  const names = new Map(Object.values(channels?.accounts ?? {}).map((account) => [account.id, account.name]));
  let since = nowIso();
  let timer: NodeJS.Timeout | undefined;
  let lines: Interface | undefined;
  let busy = false;
  const statuses = new Map<number, string>();

  async function report(): Promise<void> {
    if (!channels) return;
    const until = nowIso();
    const accountIds = [...names.keys()];

    const orders = await db
      .selectFrom('channel_orders')
      .select(['channel_account_id', 'order_number', 'status', 'flagged', 'flag_json', 'imported_at', 'updated_at'])
      .where('channel_account_id', 'in', accountIds)
      .where('updated_at', '>', since)
      .where('updated_at', '<=', until)
      .orderBy('updated_at')
      .execute();
    for (const order of orders) {
      const name = names.get(order.channel_account_id) ?? '';
      const isNew = order.imported_at > since;
      const flag = order.flagged === 1 && order.flag_json ? (JSON.parse(order.flag_json) as Text) : undefined;
      ctx.say({
        ja: `  [受注] ${name} ${order.order_number}: ${isNew ? '取り込み' : '更新'}（${order.status}）${flag ? ` ⚠ ${flag.ja}` : ''}`,
        en: `  [order] ${name} ${order.order_number}: ${isNew ? 'imported' : 'updated'} (${order.status})${flag ? ` ⚠ ${flag.en}` : ''}`,
      });
    }

    const moved = await db
      .selectFrom('channel_listings')
      .select(['channel_account_id', 'external_code', 'state'])
      .where('channel_account_id', 'in', accountIds)
      .where('state', 'in', ['live', 'withdrawn', 'error'])
      .where('updated_at', '>', since)
      .where('updated_at', '<=', until)
      .orderBy('external_code')
      .execute();
    for (const listing of moved) {
      const name = names.get(listing.channel_account_id) ?? '';
      const state = { live: { ja: '出品中', en: 'live' }, withdrawn: { ja: '取り下げ', en: 'withdrawn' }, error: { ja: 'エラー', en: 'error' } }[listing.state as 'live' | 'withdrawn' | 'error'];
      ctx.say({ ja: `  [出品] ${listing.external_code} @ ${name}: ${state.ja}`, en: `  [listing] ${listing.external_code} @ ${name}: ${state.en}` });
    }

    const accounts = await db.selectFrom('channel_accounts').select(['id', 'status', 'paused_reason']).where('id', 'in', accountIds).execute();
    for (const account of accounts) {
      const before = statuses.get(account.id);
      statuses.set(account.id, account.status);
      if (before === undefined || before === account.status) continue;
      const name = names.get(account.id) ?? '';
      ctx.say(
        account.status === 'paused'
          ? { ja: `  [アカウント] ${name} を一時停止しました: ${account.paused_reason ?? ''}`, en: `  [account] ${name} paused: ${account.paused_reason ?? ''}` }
          : { ja: `  [アカウント] ${name} を再開しました`, en: `  [account] ${name} resumed` },
      );
    }
    since = until;
  }

  async function command(line: string): Promise<void> {
    const [verb, argument] = line.trim().split(/\s+/);
    if (!verb) return;
    const mockOf: Record<string, DemoChannel> = { yahoo: 'yahoo', rakuten: 'rakuten' };

    if ((verb === 'stop' || verb === 'start') && argument && mockOf[argument]) {
      const mock = demo.mocks[mockOf[argument]];
      if (!mock) {
        ctx.say({ ja: '  モックは別の端末で動いています。その端末で Ctrl+C してください。', en: '  The mocks run in other terminals; press Ctrl+C there.' });
        return;
      }
      await (verb === 'stop' ? mock.stop() : mock.start());
      ctx.say(
        verb === 'stop'
          ? { ja: `  ${argument} のモックを停止しました（状態は保持）。`, en: `  Stopped the ${argument} mock (its state is kept).` }
          : { ja: `  ${argument} のモックを ${mock.url} で再開しました。`, en: `  Started the ${argument} mock again on ${mock.url}.` },
      );
      return;
    }
    if (verb === 'show' && argument) {
      const stock = await stockOnMocks(demo, argument);
      ctx.say({
        ja: `  ${argument}: 楽天 ${shown(stock.rakuten)} / Yahoo ${shown(stock.yahoo)} / 自社サイト ${shown(stock.ownSite)}（— は停止中または未登録）`,
        en: `  ${argument}: Rakuten ${shown(stock.rakuten)} / Yahoo ${shown(stock.yahoo)} / own site ${shown(stock.ownSite)} (— means stopped or not listed)`,
      });
      return;
    }
    ctx.say({
      ja: '  コマンド: stop yahoo / start yahoo / stop rakuten / start rakuten / show 商品コード / help。Ctrl+C で停止します。',
      en: '  Commands: stop yahoo / start yahoo / stop rakuten / start rakuten / show CODE / help. Ctrl+C stops everything.',
    });
  }

  return {
    start() {
      since = nowIso();
      timer = setInterval(() => {
        if (busy) return;
        busy = true;
        report()
          .catch((error: unknown) => ctx.warn({ ja: `  表示の更新に失敗しました: ${String(error)}`, en: `  Could not read the demo's progress: ${String(error)}` }))
          .finally(() => {
            busy = false;
          });
      }, FOLLOW_EVERY_MS);
      lines = createInterface({ input: process.stdin, terminal: false });
      lines.on('line', (line) => {
        command(line).catch((error: unknown) => ctx.warn({ ja: `  コマンドに失敗しました: ${String(error)}`, en: `  The command failed: ${String(error)}` }));
      });
    },
    stop() {
      if (timer) clearInterval(timer);
      lines?.close();
      // readline leaves stdin paused but referenced; unref lets the process end.
      process.stdin.unref?.();
    },
  };
}
