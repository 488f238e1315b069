// Standalone start of the Yahoo mock, for a `tsunagu mock yahoo --port N` command and the demo.
import { createYahooMock, type YahooMock, type YahooMockOptions } from "./server.js";

export interface StandaloneYahooMockOptions extends YahooMockOptions {
  host?: string;
  port: number;
}

/** Starts the mock on 127.0.0.1 (or on `host` when given) and returns it with its base URL. */
export async function startYahooMock(options: StandaloneYahooMockOptions): Promise<{ mock: YahooMock; url: string }> {
  const { host = "127.0.0.1", port, ...mockOptions } = options;
  const mock = createYahooMock(mockOptions);
  await mock.listen({ host, port });
  return { mock, url: mock.url() };
}
