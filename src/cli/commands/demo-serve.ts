import { createServer } from 'node:net';
import type { Logger } from 'pino';
import type { Config } from '../../config.js';
import type { DatabaseHandle } from '../../db/database.js';
import { createOwnSiteMock, type OwnSiteMock } from '../../modules/channels/own-site/mock/index.js';
import { createRakutenMock, type RakutenMock } from '../../modules/channels/rakuten/mock/index.js';
import { createYahooMock, type YahooMock } from '../../modules/channels/yahoo/mock/index.js';
import { DEMO_MOCK_CREDENTIALS, forgetMockCatalog, listingStates, publishDemoListings, type DemoChannel, type DemoChannelSummary, type DemoPorts } from '../../modules/demo/channels.js';
import { startServer, type StartedServer } from '../../server/start.js';
import type { Text } from '../context.js';

// `tsunagu demo`: the three channel mocks and the server with its channel hub in
// one process. The mocks keep their catalog and orders in memory, so they live exactly as
// long as the server that syncs them. A mock can be stopped and started again from the
// terminal (`stop yahoo`, `start yahoo`) with its memory kept, to show a channel outage.

const HOST = '127.0.0.1';

/** A mock the demo can stop and start again on the same port without losing its state. */
export interface DemoMock {
  channel: DemoChannel;
  url: string;
  running: boolean;
  stop(): Promise<void>;
  start(): Promise<void>;
}

export interface DemoServer {
  server: StartedServer;
  /** The mocks started in this process; empty with external mocks. */
  mocks: Partial<Record<DemoChannel, DemoMock>>;
  /** Base URLs of the three mocks (started here or elsewhere). */
  mockUrls: Record<DemoChannel, string>;
  /** Listings that started publishing after the server came up. */
  publishing: number[];
  close(): Promise<void>;
}

export interface StartDemoServerOptions {
  config: Config;
  logger: Logger;
  handle: DatabaseHandle;
  /** The demo accounts as setUpDemoChannels left them; without it only the server starts. */
  channels?: DemoChannelSummary;
  ports: DemoPorts;
  /** Leave the mocks to `tsunagu mock` processes the user runs. */
  externalMocks: boolean;
  write: (text: string) => void;
}

/** Finds a free TCP port on 127.0.0.1, for options given as 0 that must be known before listening. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, HOST, () => {
      const address = probe.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/** Resolves every port given as 0 to a free one, so URLs can be stored before the servers listen. */
export async function resolvePorts(ports: DemoPorts): Promise<DemoPorts> {
  return {
    rakuten: ports.rakuten === 0 ? await freePort() : ports.rakuten,
    yahoo: ports.yahoo === 0 ? await freePort() : ports.yahoo,
    ownSite: ports.ownSite === 0 ? await freePort() : ports.ownSite,
  };
}

function restartable(channel: DemoChannel, port: number, server: { listen(): Promise<unknown>; close(): Promise<void> }): DemoMock {
  const mock: DemoMock = {
    channel,
    url: `http://${HOST}:${port}`,
    running: false,
    async start() {
      if (mock.running) return;
      await server.listen();
      mock.running = true;
    },
    async stop() {
      if (!mock.running) return;
      await server.close();
      mock.running = false;
    },
  };
  return mock;
}

/** Highest order sequence the account already imported, so a fresh mock does not reuse its order numbers. */
async function importedOrders(handle: DatabaseHandle, channelAccountId: number): Promise<number> {
  const row = await handle.db
    .selectFrom('channel_orders')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('channel_account_id', '=', channelAccountId)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/**
 * Starts the mocks on their ports with the demo credentials. Their order numbers continue
 * after the orders tsunagu already imported from an earlier run, because an order number
 * seen again would count as a change of the old order.
 */
async function startMocks(options: StartDemoServerOptions, webhookUrl: string): Promise<Record<DemoChannel, DemoMock>> {
  const { ports, channels, handle } = options;
  const accounts = channels!.accounts;

  const rakuten: RakutenMock = createRakutenMock({ ...DEMO_MOCK_CREDENTIALS.rakuten });
  rakuten.state.nextOrderSeq = (await importedOrders(handle, accounts.rakuten.id)) + 1;
  const { sellerId, clientId, clientSecret, accessToken, refreshToken } = DEMO_MOCK_CREDENTIALS.yahoo;
  const yahoo: YahooMock = createYahooMock({ sellerId, clientId, clientSecret, accessToken, refreshToken });
  yahoo.state.nextOrderNumber = (await importedOrders(handle, accounts.yahoo.id)) + 1;
  // NOTE: the own-site adapter sends 10 requests a second, exactly the mock's default limit,
  // so network jitter trips the mock's 429 and a publish batch that hits one loses its done
  // pieces and starts over. The demo's mock allows twice that until the adapter leaves headroom.
  const ownSite: OwnSiteMock = createOwnSiteMock({ ...DEMO_MOCK_CREDENTIALS.ownSite, webhookUrl, logger: options.logger, requestsPerSecond: 20 });
  ownSite.state.nextOrderSeq = (await importedOrders(handle, accounts.ownSite.id)) + 1;

  const mocks = {
    rakuten: restartable('rakuten', ports.rakuten, { listen: () => rakuten.listen({ host: HOST, port: ports.rakuten }), close: () => rakuten.close() }),
    yahoo: restartable('yahoo', ports.yahoo, { listen: () => yahoo.listen({ host: HOST, port: ports.yahoo }), close: () => yahoo.close() }),
    ownSite: restartable('ownSite', ports.ownSite, { listen: () => ownSite.listen({ host: HOST, port: ports.ownSite }), close: () => ownSite.close() }),
  };
  try {
    for (const mock of Object.values(mocks)) await mock.start();
  } catch (error) {
    for (const mock of Object.values(mocks)) await mock.stop();
    throw error;
  }
  return mocks;
}

/**
 * Starts the demo: the mocks (unless external), then the server and its channel hub on
 * the same database handle, then the publication of the demo listings. The mocks come
 * first so that the hub's first order polls find them.
 */
export async function startDemoServer(options: StartDemoServerOptions): Promise<DemoServer> {
  const { channels, config } = options;
  const serverPort = config.port === 0 ? await freePort() : config.port;
  const serverConfig: Config = { ...config, port: serverPort };
  // The mock posts to the loopback address even when the server listens on every interface.
  const webhookHost = config.host === '0.0.0.0' || config.host === '::' ? HOST : config.host;

  let mocks: Partial<Record<DemoChannel, DemoMock>> = {};
  if (channels && !options.externalMocks) {
    const webhookUrl = `http://${webhookHost}:${serverPort}/api/channel-webhooks/${channels.accounts.ownSite.id}`;
    mocks = await startMocks(options, webhookUrl);
    // Fresh mocks know nothing of an earlier run's listings, so those are sent again in full.
    await forgetMockCatalog(options.handle.db, Object.values(channels.accounts).map((account) => account.id));
  }

  let server: StartedServer;
  try {
    server = await startServer({ config: serverConfig, logger: options.logger, handle: options.handle, write: options.write });
  } catch (error) {
    for (const mock of Object.values(mocks)) await mock.stop();
    throw error;
  }

  const publishing = channels ? await publishDemoListings(options.handle.db, Object.values(channels.accounts).map((account) => account.id)) : [];
  server.hub?.nudge();

  const url = (port: number) => `http://${HOST}:${port}`;
  return {
    server,
    mocks,
    mockUrls: { rakuten: url(options.ports.rakuten), yahoo: url(options.ports.yahoo), ownSite: url(options.ports.ownSite) },
    publishing,
    close: async () => {
      await server.close();
      for (const mock of Object.values(mocks)) await mock.stop();
    },
  };
}

/** Counts of the demo listings by state over all demo accounts. */
export async function publishProgress(handle: DatabaseHandle, channels: DemoChannelSummary): Promise<Record<DemoChannel, { live: number; publishing: number; error: number }>> {
  const progress = {} as Record<DemoChannel, { live: number; publishing: number; error: number }>;
  for (const account of Object.values(channels.accounts)) {
    const states = await listingStates(handle.db, account.id);
    progress[account.channel] = { live: states.live ?? 0, publishing: states.publishing ?? 0, error: states.error ?? 0 };
  }
  return progress;
}

/** Formats one progress line over the accounts, e.g. `楽天市場（デモ） 12 live, 22 in progress, 0 failed / …`. */
export function progressText(channels: DemoChannelSummary, progress: Awaited<ReturnType<typeof publishProgress>>): Text {
  const parts = Object.values(channels.accounts).map((account) => ({ name: account.name, ...progress[account.channel] }));
  return {
    ja: `  出品: ${parts.map((p) => `${p.name} 出品中 ${p.live}・処理中 ${p.publishing}・エラー ${p.error}`).join(' / ')}`,
    en: `  Publishing: ${parts.map((p) => `${p.name} ${p.live} live, ${p.publishing} in progress, ${p.error} failed`).join(' / ')}`,
  };
}
