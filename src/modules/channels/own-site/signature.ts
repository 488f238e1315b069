// Signature of the order webhook the shop's site posts to tsunagu. The site sends
// `X-Tsunagu-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`, keyed with
// the account's webhook secret. The timestamp inside the signed text bounds replays to the
// tolerance window.

import { createHmac, timingSafeEqual } from 'node:crypto';

/** Header that carries the signature. Node lower-cases incoming header names. */
export const SIGNATURE_HEADER = 'X-Tsunagu-Signature';

/** Seconds a signature stays valid either side of the receiver's clock. */
export const DEFAULT_TOLERANCE_SECONDS = 300;

/** The header may carry several v1 values while a secret is being replaced; it is capped to bound the work. */
const MAX_SIGNATURES = 5;

function hmacHex(secret: string, timestampSeconds: number, rawBody: Buffer | string): string {
  const hmac = createHmac('sha256', secret);
  hmac.update(`${timestampSeconds}.`, 'utf8');
  hmac.update(typeof rawBody === 'string' ? Buffer.from(rawBody, 'utf8') : rawBody);
  return hmac.digest('hex');
}

/** Returns the header value `t=<timestampSeconds>,v1=<hex>` for a body sent at that time. */
export function signWebhook(secret: string, timestampSeconds: number, rawBody: Buffer | string): string {
  if (!Number.isSafeInteger(timestampSeconds) || timestampSeconds < 0) {
    throw new Error(`timestampSeconds must be a non-negative integer, got ${timestampSeconds}`);
  }
  return `t=${timestampSeconds},v1=${hmacHex(secret, timestampSeconds, rawBody)}`;
}

export type SignatureCheck = { ok: true } | { ok: false; reasonJa: string; reasonEn: string };

const reject = (reasonJa: string, reasonEn: string): SignatureCheck => ({ ok: false, reasonJa, reasonEn });

/**
 * Checks the signature header against the exact bytes received. `rawBody` must be the body
 * as it arrived, before any JSON parsing, because re-serialised JSON differs byte for byte.
 * Comparison is constant-time. Reasons name what failed but never the expected signature.
 */
export function verifyWebhookSignature(
  secret: string,
  rawBody: Buffer | string,
  headerValue: string | undefined,
  nowSeconds: number,
  toleranceSeconds = DEFAULT_TOLERANCE_SECONDS,
): SignatureCheck {
  if (headerValue === undefined || headerValue.trim() === '') {
    return reject(`${SIGNATURE_HEADER} ヘッダーがありません。`, `The ${SIGNATURE_HEADER} header is missing.`);
  }

  let timestamp: number | null = null;
  const signatures: string[] = [];
  for (const part of headerValue.split(',')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (key === 't' && /^\d{1,12}$/.test(value)) timestamp = Number(value);
    else if (key === 'v1' && /^[0-9a-fA-F]{64}$/.test(value)) signatures.push(value.toLowerCase());
  }
  if (timestamp === null || signatures.length === 0 || signatures.length > MAX_SIGNATURES) {
    return reject(
      `${SIGNATURE_HEADER} ヘッダーの書式が不正です。t=<UNIX 秒>,v1=<64 桁の16進数> の形で送ってください。`,
      `The ${SIGNATURE_HEADER} header is malformed. Send it as t=<unix seconds>,v1=<64 hex digits>.`,
    );
  }

  if (Math.abs(nowSeconds - timestamp) > toleranceSeconds) {
    return reject(
      `署名の時刻（t=${timestamp}）が現在時刻から ${toleranceSeconds} 秒以上ずれています。サイトの時計を確認し、送信時刻で署名し直してください。`,
      `The signature time (t=${timestamp}) is more than ${toleranceSeconds} seconds away from now. Check the site's clock and sign each delivery at the time it is sent.`,
    );
  }

  const expected = Buffer.from(hmacHex(secret, timestamp, rawBody), 'hex');
  const matched = signatures.some((signature) => timingSafeEqual(Buffer.from(signature, 'hex'), expected));
  if (!matched) {
    return reject(
      '署名が一致しません。Webhook シークレットと、署名した本文が送信した本文と同一であることを確認してください。',
      'The signature does not match. Check the webhook secret, and that the signed body is byte for byte the body sent.',
    );
  }
  return { ok: true };
}
