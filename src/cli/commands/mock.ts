import { once } from 'node:events';
import { startOwnSiteMock } from '../../modules/channels/own-site/mock/index.js';
import { createRakutenMock } from '../../modules/channels/rakuten/mock/index.js';
import { startYahooMock } from '../../modules/channels/yahoo/mock/standalone.js';
import { createLogger } from '../../shared/logger.js';
import { choiceOption, parseCommandArgs } from '../args.js';
import type { CliContext } from '../context.js';
import { cliErrors } from '../errors.js';

/** Channels a local mock exists for. */
const MOCK_CHANNELS = ['rakuten', 'yahoo', 'own-site'] as const;

/** Test credentials of the Rakuten mock, printed at start. */
const RAKUTEN_MOCK_CREDENTIALS = { serviceSecret: 'mock-service-secret', licenseKey: 'mock-license-key' };

function portOption(value: string | undefined): number {
  const port = Number(value ?? '0');
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw cliErrors.invalid_option({ option: 'port', value: String(value), allowed: '0-65535' });
  return port;
}

/** Checks the own-site mock's webhook options: both or neither, and an http(s) URL. */
function webhookOptions(url: string | undefined, secret: string | undefined): { webhookUrl?: string; webhookSecret?: string } {
  if (url === undefined && secret === undefined) return {};
  if (url === undefined) throw cliErrors.missing_option({ option: 'webhook-url' });
  if (secret === undefined || secret === '') throw cliErrors.missing_option({ option: 'webhook-secret' });

  let protocol = '';
  try {
    protocol = new URL(url).protocol;
  } catch {
    // Reported below with the allowed form.
  }
  if (protocol !== 'http:' && protocol !== 'https:') {
    throw cliErrors.invalid_option({ option: 'webhook-url', value: url, allowed: 'http:// or https:// URL' });
  }
  return { webhookUrl: url, webhookSecret: secret };
}

/**
 * `tsunagu mock CHANNEL --port N`: runs a local mock of a channel's API on 127.0.0.1 until
 * the process gets SIGINT or SIGTERM, printing its address and test credentials. For
 * development, the demo and trying channel work without a real shop account. The own-site
 * mock also takes `--webhook-url URL --webhook-secret S` to post its orders to tsunagu.
 */
export async function mockCommand(ctx: CliContext, args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    args,
    { port: { type: 'string' }, 'webhook-url': { type: 'string' }, 'webhook-secret': { type: 'string' } },
    ['channel'],
  );
  const channel = choiceOption('CHANNEL', positionals[0], MOCK_CHANNELS, 'yahoo');
  const port = portOption(values.port);
  const webhook = webhookOptions(values['webhook-url'], values['webhook-secret']);
  if (channel !== 'own-site' && webhook.webhookUrl !== undefined) {
    throw cliErrors.bad_arguments({ detail: '--webhook-url and --webhook-secret apply only to own-site' });
  }

  let mock: { close(): Promise<void> };
  if (channel === 'rakuten') {
    const rakuten = createRakutenMock(RAKUTEN_MOCK_CREDENTIALS);
    const url = await rakuten.listen({ host: '127.0.0.1', port });
    mock = rakuten;
    const { serviceSecret, licenseKey } = RAKUTEN_MOCK_CREDENTIALS;
    ctx.say({
      ja: `楽天 RMS のモックを ${url} で起動しました（serviceSecret: ${serviceSecret}、licenseKey: ${licenseKey}）。Ctrl+C で停止します。`,
      en: `The Rakuten RMS mock listens on ${url} (serviceSecret: ${serviceSecret}, licenseKey: ${licenseKey}). Press Ctrl+C to stop it.`,
    });
  } else if (channel === 'own-site') {
    // Webhook deliveries, retries and failures are logged as JSON lines, at LOG_LEVEL like the server.
    const logger = createLogger(ctx.io.env.LOG_LEVEL || 'info');
    const site = await startOwnSiteMock({ port, logger, ...webhook });
    mock = site.mock;
    const target = webhook.webhookUrl === undefined ? { ja: '', en: '' } : { ja: `注文を ${webhook.webhookUrl} に署名付きで送信します。`, en: ` It posts signed orders to ${webhook.webhookUrl}.` };
    ctx.say({
      ja: `自社サイトのモックを ${site.url} で起動しました（API トークン: ${site.apiToken}）。${target.ja}Ctrl+C で停止します。`,
      en: `The own-site mock listens on ${site.url} (API token: ${site.apiToken}).${target.en} Press Ctrl+C to stop it.`,
    });
  } else {
    const yahoo = await startYahooMock({ port, accessToken: 'mock-access-token' });
    mock = yahoo.mock;
    ctx.say({
      ja: `Yahoo!ショッピングのモックを ${yahoo.url} で起動しました（アクセストークン: mock-access-token）。Ctrl+C で停止します。`,
      en: `The Yahoo! Shopping mock listens on ${yahoo.url} (access token: mock-access-token). Press Ctrl+C to stop it.`,
    });
  }

  await Promise.race([once(process, 'SIGINT'), once(process, 'SIGTERM')]);
  await mock.close();
  ctx.say({ ja: 'モックを停止しました。', en: 'The mock stopped.' });
  return 0;
}
