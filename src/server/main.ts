import { loadConfig } from '../config.js';
import { openDatabase } from '../db/database.js';
import { migrateToLatest } from '../db/migrate.js';
import { ensureOwner, pruneAuthTables } from '../modules/auth/service.js';
import { ChannelHub } from '../modules/channels/sync/hub.js';
import { secretKeyring } from '../config.js';
import { createLogger } from '../shared/logger.js';
import { buildApp } from './app.js';

/** Starts the back office: migrate, make sure an owner exists, serve until a signal. */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const handle = openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    onPoolError: (error) => logger.warn({ err: error }, 'PostgreSQL idle connection failed'),
  });
  logger.info({ database: handle.kind, file: handle.sqliteFile }, 'database opened');

  const applied = await migrateToLatest(handle.db);
  if (applied.length > 0) logger.info({ applied }, 'migrations applied');

  const owner = await ensureOwner(handle.db, config.ownerEmail, config.ownerPassword);
  if (owner) {
    logger.info({ email: owner.email }, 'owner account created');
    if (owner.generatedPassword) {
      // Printed once to the terminal, not to the log, so it never lands in log storage.
      process.stdout.write(
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
  logger.info({ url: `http://${config.host}:${config.port}` }, 'tsunagu started');

  // Channel work (withdrawals, order intake) runs here unless separate runner processes do it.
  const hub = config.channelRunner === false ? undefined : new ChannelHub({ db: handle.db, keys: secretKeyring(config), logger });
  await hub?.start();

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    await hub?.stop();
    await app.close();
    await handle.close();
    logger.info('stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: unknown) => {
  process.stderr.write(`tsunagu failed to start: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
