// Start-up helper for running the own-site mock as its own process (`tsunagu mock own-site`).
import { createOwnSiteMock, type OwnSiteMock, type OwnSiteMockOptions } from './server.js';

/** Bearer token of the mock when none is given; printed at start for the channel account. */
export const MOCK_API_TOKEN = 'mock-api-token';

export interface StandaloneOwnSiteMockOptions extends OwnSiteMockOptions {
  host?: string;
  /** TCP port; 0 picks a free one. */
  port: number;
}

/** Starts the mock on 127.0.0.1 (or on `host` when given) and returns it with its base URL and token. */
export async function startOwnSiteMock(options: StandaloneOwnSiteMockOptions): Promise<{ mock: OwnSiteMock; url: string; apiToken: string }> {
  const { host = '127.0.0.1', port, ...mockOptions } = options;
  const apiToken = mockOptions.apiToken ?? MOCK_API_TOKEN;
  const mock = createOwnSiteMock({ ...mockOptions, apiToken });
  const url = await mock.listen({ host, port });
  return { mock, url, apiToken };
}
