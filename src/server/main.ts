import { loadConfig } from '../config.js';
import { createLogger } from '../shared/logger.js';
import { startServer } from './start.js';

/** Starts the back office and serves until SIGINT or SIGTERM. */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const server = await startServer({ config, logger });

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    await server.close();
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
