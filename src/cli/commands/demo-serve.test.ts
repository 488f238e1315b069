import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '../../../test/helpers/database.js';
import { testConfig } from '../../../test/helpers/app.js';
import { createTestLocation, receiveTestItem } from '../../../test/helpers/factories.js';
import { externalCodeOf } from '../../modules/channels/listings/service.js';
import { setUpDemoChannels } from '../../modules/demo/channels.js';
import { keyringOf } from '../../shared/secrets.js';
import { createLogger } from '../../shared/logger.js';
import { resolvePorts, startDemoServer, type DemoServer } from './demo-serve.js';

// Smoke test of `tsunagu demo` on free ports: the mocks and the server start in one
// process, the demo listings go live on all three mocks, and a piece ordered on the Rakuten
// mock drops to 0 on the Yahoo mock. Two pieces keep the rate-limited publication short.

const SECRET = Buffer.alloc(32, 9);

async function until<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last value ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function yahooQuantity(demo: DemoServer, code: string): Promise<number | undefined> {
  const state = (await (await fetch(`${demo.mockUrls.yahoo}/__mock/state`)).json()) as { stock: Array<{ itemCode: string; quantity: number }> };
  return state.stock.find((record) => record.itemCode === code)?.quantity;
}

for (const kind of testDatabaseKinds()) {
  describe(`demo serve mode [${kind}]`, () => {
    let database: TestDatabase;
    let demo: DemoServer | undefined;
    let codes: string[] = [];
    const printed: string[] = [];

    beforeAll(async () => {
      database = await createTestDatabase(kind);
      const location = await createTestLocation(database.db);
      const first = await receiveTestItem(database.db, { locationId: location.id, name: 'Demo ring one' });
      const second = await receiveTestItem(database.db, { locationId: location.id, name: 'Demo ring two' });
      codes = [first.stock_number, second.stock_number].map(externalCodeOf);

      const ports = await resolvePorts({ rakuten: 0, yahoo: 0, ownSite: 0 });
      const channels = await setUpDemoChannels(database.db, keyringOf(SECRET), { ports, actor: { userId: null, email: null, ip: null, requestId: null, recorded: false } });
      demo = await startDemoServer({
        config: testConfig({ secretKey: SECRET, dataDir: '/nonexistent' }),
        logger: createLogger('silent'),
        // destroy() closes the database, so the demo's close() must leave it open.
        handle: { ...database, close: async () => {} },
        channels,
        ports,
        externalMocks: false,
        write: (text) => printed.push(text),
      });
    }, 60_000);

    afterAll(async () => {
      await demo?.close();
      await database.destroy();
    });

    it('prints the owner sign-in', () => {
      expect(printed.join('')).toContain('owner@tsunagu.local');
    });

    it('publishes to every mock', async () => {
      expect(demo!.publishing).toHaveLength(6);
      const states = await until(
        'the listings to go live',
        () => database.db.selectFrom('channel_listings').select('state').execute(),
        (rows) => rows.every((row) => row.state === 'live'),
      );
      expect(states).toHaveLength(6);
      expect(await yahooQuantity(demo!, codes[0]!)).toBe(1);
    }, 40_000);

    it('withdraws a piece sold on Rakuten', async () => {
      const response = await fetch(`${demo!.mockUrls.rakuten}/__mock/orders`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ lines: [{ manageNumber: codes[0], variantId: 'normal-inventory' }] }),
      });
      expect(response.status).toBe(201);

      // The demo polls every 3 s; the withdrawal then takes one Yahoo call.
      const quantity = await until('Yahoo to show 0', () => yahooQuantity(demo!, codes[0]!), (value) => value === 0, 15_000);
      expect(quantity).toBe(0);
      expect(await yahooQuantity(demo!, codes[1]!)).toBe(1);
    }, 20_000);

    it('stops and starts the Yahoo mock', async () => {
      const yahoo = demo!.mocks.yahoo!;
      await yahoo.stop();
      await expect(fetch(`${yahoo.url}/__mock/state`)).rejects.toThrow();
      await yahoo.start();
      // The state survives the restart.
      expect(await yahooQuantity(demo!, codes[0]!)).toBe(0);
    });
  });
}
