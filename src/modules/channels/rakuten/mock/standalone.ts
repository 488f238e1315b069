// Start-up helper for running the Rakuten mock as its own process (`tsunagu mock rakuten --port N`).
import { createRakutenMock, type RakutenMock, type RakutenMockOptions } from './server.js';

export interface StandaloneOptions extends RakutenMockOptions {
  host?: string;
  /** TCP port; 0 picks a free one. */
  port?: number;
  /** Receives one line per start and stop; defaults to stdout. */
  log?: (line: string) => void;
}

/**
 * Starts the mock and stops it on SIGINT or SIGTERM. The printed line names the base URL
 * and the credentials, because a developer has to copy them into the channel account.
 */
export async function runRakutenMock(options: StandaloneOptions = {}): Promise<RakutenMock> {
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const serviceSecret = options.serviceSecret ?? 'SP000000_mockServiceSecret';
  const licenseKey = options.licenseKey ?? 'SL000000_mockLicenseKey';
  const mock = createRakutenMock({ ...options, serviceSecret, licenseKey });
  const url = await mock.listen({ host: options.host ?? '127.0.0.1', port: options.port ?? 0 });
  log(`Rakuten RMS mock listening on ${url} (serviceSecret ${serviceSecret}, licenseKey ${licenseKey})`);
  const closeServer = mock.close.bind(mock);
  const stop = (): void => {
    void mock.close().then(() => log('Rakuten RMS mock stopped'));
  };
  // Closing by hand also removes the signal handlers, so tests leave none behind.
  mock.close = async () => {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    await closeServer();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return mock;
}
