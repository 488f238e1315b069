import type { ChannelKind } from '../../../db/schema.js';
import { createOwnSiteAdapter } from '../own-site/adapter.js';
import { createRakutenAdapter } from '../rakuten/adapter.js';
import { createYahooAdapter } from '../yahoo/adapter.js';
import type { AdapterFactory } from './adapters.js';

// How an account's stored settings and credentials become an adapter, per channel kind.

const text = (value: unknown): string => (typeof value === 'string' ? value : '');
const optionalText = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

export const DEFAULT_ADAPTER_FACTORIES: Record<ChannelKind, AdapterFactory> = {
  rakuten: ({ settings, credentials }) =>
    createRakutenAdapter({
      baseUrl: text(settings.baseUrl),
      serviceSecret: text(credentials.serviceSecret),
      licenseKey: text(credentials.licenseKey),
      ...(optionalText(settings.shopUrl) ? { shopUrl: text(settings.shopUrl) } : {}),
    }),
  yahoo: ({ settings, credentials }, hooks) =>
    createYahooAdapter({
      baseUrl: text(settings.baseUrl),
      sellerId: text(settings.sellerId),
      clientId: text(credentials.clientId),
      clientSecret: text(credentials.clientSecret),
      ...(optionalText(credentials.accessToken) ? { accessToken: text(credentials.accessToken) } : {}),
      ...(optionalText(credentials.refreshToken) ? { refreshToken: text(credentials.refreshToken) } : {}),
      ...(optionalText(credentials.publicKey) ? { publicKey: text(credentials.publicKey) } : {}),
      ...(optionalText(credentials.publicKeyVersion) ? { publicKeyVersion: text(credentials.publicKeyVersion) } : {}),
      onTokens: (tokens) => hooks.saveCredentials({ accessToken: tokens.accessToken, refreshToken: tokens.refreshToken }),
    }),
  own_site: ({ settings, credentials }) => createOwnSiteAdapter({ baseUrl: text(settings.baseUrl), apiToken: text(credentials.apiToken) }),
};
