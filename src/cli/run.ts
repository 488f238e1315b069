import { isDomainError } from '../shared/errors.js';
import { backupCommand } from './commands/backup.js';
import { demoCommand } from './commands/demo.js';
import { runnerCommand } from './commands/runner.js';
import { exportItemsCommand, importItemsCommand } from './commands/items.js';
import { migrateCommand } from './commands/migrate.js';
import { mockCommand } from './commands/mock.js';
import { restoreCommand } from './commands/restore.js';
import { rotateKeyCommand } from './commands/rotate-key.js';
import { tagPrintCommand, tagTemplatesCommand } from './commands/tags.js';
import { photoCorrectCommand } from './commands/photo.js';
import { trackingCheckCommand } from './commands/tracking.js';
import { userCreateCommand } from './commands/user.js';
import { verifyCommand } from './commands/verify.js';
import { analyticsRebuildCommand } from './commands/analytics.js';
import { CliContext, type CliIo, type Text } from './context.js';
import { cliErrors } from './errors.js';

type Command = (ctx: CliContext, args: string[]) => Promise<number>;

interface CommandEntry {
  /** Words that name the command, e.g. ["user", "create"]. */
  words: string[];
  run: Command;
  usage: string;
  summary: Text;
}

const COMMANDS: CommandEntry[] = [
  {
    words: ['migrate'],
    run: migrateCommand,
    usage: 'migrate',
    summary: { ja: 'データベースを最新のスキーマにします', en: 'apply pending database migrations' },
  },
  {
    words: ['import', 'items'],
    run: importItemsCommand,
    usage: 'import items FILE [--format tsunagu|shopify] [--encoding auto|utf8|cp932] [--location CODE] [--valid-rows-only] [--dry-run]',
    summary: {
      ja: '商品 CSV を取り込みます（既定: エラーが 1 件でもあれば何も登録しない）',
      en: 'import an item CSV (by default nothing is written when any row has an error)',
    },
  },
  {
    words: ['export', 'items'],
    run: exportItemsCommand,
    usage: 'export items [--encoding utf8|cp932] [--output FILE]',
    summary: { ja: '全商品を CSV で出力します（既定は標準出力）', en: 'write every item as CSV (to stdout by default)' },
  },
  {
    words: ['user', 'create'],
    run: userCreateCommand,
    usage: 'user create --email E --password P [--name N] [--locale ja|en] [--role ROLE] [--locations CODE,...] [--default-location CODE]',
    summary: {
      ja: 'ユーザーを作成します（--locations で担当の拠点を限定。既定はすべての拠点）',
      en: 'create a user account (--locations limits it to those location codes; by default it may act at every location)',
    },
  },
  {
    words: ['tags', 'templates'],
    run: tagTemplatesCommand,
    usage: 'tags templates',
    summary: { ja: '値札テンプレートの名前と寸法を一覧します', en: 'list the price tag templates with their sizes' },
  },
  {
    words: ['tags', 'print'],
    run: tagPrintCommand,
    usage: 'tags print --template NAME --items CODE,... --out FILE.pdf|FILE.zpl [--barcode code128|ean13|qr] [--cost-cipher LETTERS] [--zpl-font NAME]',
    summary: {
      ja: '在庫番号の商品の値札を PDF か ZPL（Zebra プリンター用）で出力し、監査ログに記録します',
      en: 'write the price tags of the given stock numbers as PDF or ZPL (Zebra printers) and record them in the audit trail',
    },
  },
  {
    words: ['tracking', 'check'],
    run: trackingCheckCommand,
    usage: 'tracking check NUMBER --carrier yamato|sagawa|japanpost',
    summary: {
      ja: '送り状番号の形式とチェックデジットを確かめます（正しければ終了コード 0、違えば理由を表示して 1）',
      en: 'check the format and check digit of a tracking number (exit 0 when valid, 1 with the reason when not)',
    },
  },
  {
    words: ['photo', 'correct'],
    run: photoCorrectCommand,
    usage: 'photo correct IN... (--preset rakuten|yahoo|amazon|shopify | --preset-file FILE.json) --out DIR [--mask] [--transparent] [--model PATH]',
    summary: {
      ja: '商品写真を背景白・中央配置・モールの規格どおりに仕上げます（--mask で推定したマスクも PNG で保存）',
      en: "turn product photos into mall-ready images on white, centred, to the channel's rules (--mask also writes the predicted mask as PNG)",
    },
  },
  {
    words: ['rotate-key'],
    run: rotateKeyCommand,
    usage: 'rotate-key [--new-key KEY]',
    summary: {
      ja: '暗号化して保存した値をすべて新しい鍵で暗号化し直します（KEY は 32 バイトを 16 進数 64 文字か base64 で。省略時は生成）',
      en: 're-seal every stored secret under a new instance key (KEY: 32 bytes as 64 hex characters or base64; generated when left out)',
    },
  },
  {
    words: ['backup'],
    run: backupCommand,
    usage: 'backup FILE',
    summary: {
      ja: 'SQLite データベースを FILE にバックアップします（稼働中でも可）',
      en: 'copy the SQLite database to FILE (works while the server runs)',
    },
  },
  {
    words: ['restore'],
    run: restoreCommand,
    usage: 'restore FILE',
    summary: {
      ja: 'バックアップ FILE から SQLite データベースを復元します（サーバー停止中に実行）',
      en: 'replace the SQLite database with the backup FILE (stop the server first)',
    },
  },
  {
    words: ['verify'],
    run: verifyCommand,
    usage: 'verify',
    summary: { ja: '在庫残高を在庫台帳と照合します', en: 'check every stock balance against the ledger' },
  },
  {
    words: ['analytics', 'rebuild'],
    run: analyticsRebuildCommand,
    usage: 'analytics rebuild',
    summary: {
      ja: '売上の分析用データ（売上明細と日次集計）を売上の記録から作り直します',
      en: 'rebuild the analytics data (sales facts and daily summaries) from the recorded sales',
    },
  },
  {
    words: ['mock'],
    run: mockCommand,
    usage: 'mock rakuten|yahoo|own-site [--port N] [--webhook-url URL --webhook-secret S]',
    summary: {
      ja: 'チャネル API のローカルモックを 127.0.0.1 で起動します（Ctrl+C で停止）',
      en: "run a local mock of a channel's API on 127.0.0.1 (Ctrl+C stops it)",
    },
  },
  {
    words: ['runner'],
    run: runnerCommand,
    usage: 'runner [--worker-id NAME]',
    summary: {
      ja: 'チャネル同期（取り下げ・受注取り込み）を別プロセスで実行します（Ctrl+C で停止）',
      en: 'run channel sync (withdrawals, order intake) in a process of its own (Ctrl+C stops it)',
    },
  },
  {
    words: ['demo'],
    run: demoCommand,
    usage: 'demo [--force] [--load-only] [--no-channels] [--external-mocks] [--rakuten-port N] [--yahoo-port N] [--own-site-port N]',
    summary: {
      ja: 'デモ用の会社・拠点・商品とチャネルのアカウントを読み込み、チャネルのモックとサーバーを起動します（Ctrl+C で停止。--load-only は読み込みのみ）',
      en: 'load a demo company with locations, items and channel accounts, then run the channel mocks and the server until Ctrl+C (--load-only just loads)',
    },
  },
];

function helpText(ctx: CliContext): string {
  const lines = COMMANDS.map((c) => `  tsunagu ${c.usage}\n      ${c.summary[ctx.locale]}`);
  const intro: Text = {
    ja: 'tsunagu: ジュエリー店のバックオフィスを操作するコマンドです。\nサーバーと同じ DATA_DIR と DATABASE_URL を使います。\n\nコマンド:',
    en: 'tsunagu: command line of the jewelry back office.\nIt uses the same DATA_DIR and DATABASE_URL as the server.\n\nCommands:',
  };
  const outro: Text = {
    ja: 'メッセージは LANG が en で始まると英語、それ以外は日本語です。',
    en: 'Messages are in English when LANG starts with "en", in Japanese otherwise.',
  };
  return `${intro[ctx.locale]}\n${lines.join('\n')}\n  tsunagu help\n\n${outro[ctx.locale]}\n`;
}

/** Finds the command named by the leading words of argv; returns it and the rest. */
function findCommand(argv: string[]): { entry: CommandEntry; rest: string[] } | undefined {
  for (const entry of COMMANDS) {
    if (entry.words.every((word, index) => argv[index] === word)) {
      return { entry, rest: argv.slice(entry.words.length) };
    }
  }
  return undefined;
}

/**
 * Runs one command line and returns the exit status: 0 on success, 1 when the command
 * failed, 2 when the arguments were wrong. Messages follow the user's LANG.
 */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const ctx = new CliContext(io);

  if (argv.length === 0 || argv[0] === 'help' || argv[0] === '--help' || argv[0] === '-h') {
    io.stdout.write(helpText(ctx));
    return argv.length === 0 ? 2 : 0;
  }

  const found = findCommand(argv);
  try {
    if (!found) throw cliErrors.unknown_command({ command: argv.slice(0, 2).join(' ') });
    if (found.rest.includes('--help') || found.rest.includes('-h')) {
      ctx.say({ ja: `使い方: tsunagu ${found.entry.usage}`, en: `Usage: tsunagu ${found.entry.usage}` });
      return 0;
    }
    return await found.entry.run(ctx, found.rest);
  } catch (error) {
    return reportFailure(ctx, error);
  }
}

function reportFailure(ctx: CliContext, error: unknown): number {
  if (isDomainError(error)) {
    ctx.warn({ ja: `エラー: ${error.messages.ja}`, en: `Error: ${error.messages.en}` });
    return error.kind === 'invalid' && error.code in USAGE_CODES ? 2 : 1;
  }

  // Anything else is unexpected (database unreachable, disk full): show the cause as the
  // library wrote it, since it is what an administrator searches for.
  const detail = error instanceof Error ? error.message : String(error);
  ctx.warn({ ja: `エラー: 処理に失敗しました: ${detail}`, en: `Error: the command failed: ${detail}` });
  if (error instanceof Error && error.stack && ctx.io.env.LOG_LEVEL === 'debug') ctx.io.stderr.write(error.stack + '\n');
  return 1;
}

/** Error codes that mean the command line itself was wrong (exit status 2). */
const USAGE_CODES: Record<string, true> = {
  bad_arguments: true,
  missing_argument: true,
  unexpected_argument: true,
  unknown_command: true,
  invalid_option: true,
  missing_option: true,
  invalid_email: true,
  invalid_key: true,
};
