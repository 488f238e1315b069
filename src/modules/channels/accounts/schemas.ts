import { z } from 'zod';
import { bilingual } from '../../../shared/zod.js';

// Channel accounts: what tsunagu needs to call 楽天市場 (RMS Web Service), Yahoo!ショッピング
// and the shop's own site. Credentials go in and never come back out: responses list only
// which credential fields are set.

export const CHANNEL_KINDS = ['rakuten', 'yahoo', 'own_site'] as const;

const secret = (max: number) => z.string().trim().min(1).max(max);

const httpUrl = z
  .string()
  .trim()
  .max(500)
  .refine((value) => {
    try {
      const url = new URL(value);
      return url.protocol === 'https:' || url.protocol === 'http:';
    } catch {
      return false;
    }
  }, bilingual('http:// または https:// で始まる URL を入力してください。', 'Enter a URL that starts with http:// or https://.'));

/** Seconds between order polls; the hub's default (30) when absent. */
const pollSeconds = z.number().int().min(1).max(3600).optional();

/** Per channel kind: the settings (not secret) and credentials (sealed) an account takes. */
export const CHANNEL_FIELDS = {
  rakuten: {
    settings: z.object({
      /** API base URL; the mock's address in tests and the demo. */
      baseUrl: httpUrl.default('https://api.rms.rakuten.co.jp'),
      shopUrl: z.string().trim().max(100).optional(),
      pollSeconds,
    }),
    credentials: z.object({ serviceSecret: secret(200), licenseKey: secret(200) }),
  },
  yahoo: {
    settings: z.object({
      baseUrl: httpUrl.default('https://circus.shopping.yahooapis.jp'),
      sellerId: z.string().trim().min(1).max(100),
      pollSeconds,
    }),
    credentials: z.object({
      clientId: secret(200),
      clientSecret: secret(200),
      accessToken: secret(4000).optional(),
      refreshToken: secret(4000).optional(),
      /** PEM public key issued for the order API signature header. */
      publicKey: secret(10_000).optional(),
      publicKeyVersion: secret(20).optional(),
    }),
  },
  own_site: {
    settings: z.object({ baseUrl: httpUrl, pollSeconds }),
    credentials: z.object({
      /** Bearer token tsunagu sends to the site. */
      apiToken: secret(500),
      /** Shared secret of the HMAC signature on orders the site posts to tsunagu. */
      webhookSecret: secret(500),
    }),
  },
} as const;

export const channelAccountInput = z.object({
  kind: z.enum(CHANNEL_KINDS),
  name: z.string().trim().min(1).max(100),
  settings: z.record(z.string(), z.unknown()).default({}),
  credentials: z.record(z.string(), z.unknown()).default({}),
});
export type ChannelAccountInput = z.infer<typeof channelAccountInput>;

export const channelAccountUpdate = z.object({
  name: z.string().trim().min(1).max(100),
  settings: z.record(z.string(), z.unknown()).default({}),
  /** Only the credential fields given are replaced; the others keep their stored values. */
  credentials: z.record(z.string(), z.unknown()).default({}),
});
export type ChannelAccountUpdate = z.infer<typeof channelAccountUpdate>;

export const channelAccountOutput = z.object({
  id: z.number(),
  kind: z.enum(CHANNEL_KINDS),
  name: z.string(),
  settings: z.record(z.string(), z.unknown()),
  /** Names of the credential fields that hold a value; never the values. */
  credentialsSet: z.array(z.string()),
  status: z.enum(['active', 'paused']),
  pausedReason: z.string().nullable(),
  failureCount: z.number(),
  lastError: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ChannelAccountOutput = z.infer<typeof channelAccountOutput>;

export const pauseInput = z.object({ reason: z.string().trim().min(1).max(500) });
