import { once } from 'node:events';
import { createRakutenMock } from '../../modules/channels/rakuten/mock/index.js';
import { startYahooMock } from '../../modules/channels/yahoo/mock/standalone.js';
import { choiceOption, parseCommandArgs } from '../args.js';
import type { CliContext } from '../context.js';
import { cliErrors } from '../errors.js';

/** Channels a local mock exists for. */
const MOCK_CHANNELS = ['rakuten', 'yahoo'] as const;

/** Test credentials of the Rakuten mock, printed at start. */
const RAKUTEN_MOCK_CREDENTIALS = { serviceSecret: 'mock-service-secret', licenseKey: 'mock-license-key' };

function portOption(value: string | undefined): number {
  const port = Number(value ?? '0');
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw cliErrors.invalid_option({ option: '--port', value: String(value), allowed: '0-65535' });
  return port;
}

/**
 * `tsunagu mock CHANNEL --port N`: runs a local mock of a channel's API on 127.0.0.1 until
 * the process gets SIGINT or SIGTERM, printing its address and test credentials. For
 * development, the demo and trying channel work without a real shop account.
 */
export async function mockCommand(ctx: CliContext, args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, { port: { type: 'string' } }, ['channel']);
  const channel = choiceOption('CHANNEL', positionals[0], MOCK_CHANNELS, 'yahoo');
  const port = portOption(values.port);

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
