import { generateKeyPairSync } from 'node:crypto';
import type { ChannelAccountInput } from '../../src/modules/channels/accounts/schemas.js';

// Helpers for tests that run the channel hub against the Rakuten and Yahoo mocks.

/** Polls `probe` every 50 ms until it returns a value other than undefined or false; fails after `timeoutMs`. */
export async function waitFor<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Account inputs that point the Rakuten and Yahoo adapters at running mocks with their test credentials. */
export function mockAccountInputs(rakutenUrl: string, yahooUrl: string): { rakuten: ChannelAccountInput; yahoo: ChannelAccountInput } {
  return {
    rakuten: { kind: 'rakuten', name: '楽天', settings: { baseUrl: rakutenUrl }, credentials: { serviceSecret: 's', licenseKey: 'k' } },
    yahoo: {
      kind: 'yahoo',
      name: 'Yahoo',
      settings: { baseUrl: yahooUrl, sellerId: 'jewel' },
      credentials: {
        clientId: 'mock-client-id',
        clientSecret: 'mock-client-secret',
        accessToken: 'token',
        refreshToken: 'refresh',
        // Yahoo's order API wants the public-key signature header; the mock checks its form.
        publicKey: generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ type: 'spki', format: 'pem' }).toString(),
        publicKeyVersion: '1',
      },
    },
  };
}
