import { hostname } from 'node:os';
import type { Logger } from 'pino';
import { secretKeyring, type Config } from '../config.js';
import { openDatabase, type DatabaseHandle } from '../db/database.js';
import { migrateToLatest } from '../db/migrate.js';
import { ensureSalesFacts } from '../modules/analytics/refresh.js';
import { ensureOwner, pruneAuthTables } from '../modules/auth/service.js';
import { ChannelHub } from '../modules/channels/sync/hub.js';
import { buildApp } from './app.js';
import type { App } from './types.js';

export interface StartServerOptions {
  config: Config;
  logger: Logger;
  /** An open database to serve; by default one is opened from the config. close() closes it either way. */
  handle?: DatabaseHandle;
  /** Writer of the one-time owner password: stdout by default, never the log. */
  write?: (text: string) => void;
}

export interface StartedServer {
  app: App;
  handle: DatabaseHandle;
  /** The channel hub, unless TSUNAGU_CHANNEL_RUNNER=off leaves channel work to `tsunagu runner`. */
  hub: ChannelHub | undefined;
  /** Base URL with the port actually bound, e.g. `http://127.0.0.1:3000`. */
  url: string;
  /** Stops the hub, the HTTP server and the database, in that order. */
  close(): Promise<void>;
}

/**
 * Starts the back office: migrate, make sure an owner exists, serve HTTP and run the
 * channel hub. Shared by `npm start` and `tsunagu demo`.
 */
export async function startServer(options: StartServerOptions): Promise<StartedServer> {
  const { config, logger } = options;
  const write = options.write ?? ((text: string) => void process.stdout.write(text));
  const handle =
    options.handle ??
    openDatabase({
      databaseUrl: config.databaseUrl,
      dataDir: config.dataDir,
      onPoolError: (error) => logger.warn({ err: error }, 'PostgreSQL idle connection failed'),
    });
  logger.info({ database: handle.kind, file: handle.sqliteFile }, 'database opened');

  const applied = await migrateToLatest(handle.db);
  if (applied.length > 0) logger.info({ applied }, 'migrations applied');
  await ensureSalesFacts(handle.db, logger);

  const owner = await ensureOwner(handle.db, config.ownerEmail, config.ownerPassword);
  if (owner) {
    logger.info({ email: owner.email }, 'owner account created');
    if (owner.generatedPassword) {
      // Printed once to the terminal, not to the log, so it never lands in log storage.
      write(
        `\n  Owner account created / オーナーアカウントを作成しました\n` +
          `    email:    ${owner.email}\n` +
          `    password: ${owner.generatedPassword}\n` +
          `  Sign in and keep this password safe; it is not shown again.\n` +
          `  ログイン後、このパスワードを安全に保管してください。再表示されません。\n\n`,
      );
    }
  }
  await pruneAuthTables(handle.db);

  const app = await buildApp({ db: handle.db, databaseKind: handle.kind, config, logger });
  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : config.port;
  const url = `http://${config.host}:${port}`;
  logger.info({ url }, 'tsunagu started');

  // Channel work (withdrawals, order intake) runs here unless separate runner processes do it.
  const workerId = config.workerId ?? `server-${hostname()}:${config.port}`;
  const hub = config.channelRunner === false ? undefined : new ChannelHub({ db: handle.db, keys: secretKeyring(config), logger, workerId });
  await hub?.start();

  return {
    app,
    handle,
    hub,
    url,
    close: async () => {
      await hub?.stop();
      await app.close();
      await handle.close();
    },
  };
}
