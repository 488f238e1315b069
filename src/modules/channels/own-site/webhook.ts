// One step for tsunagu's order webhook route: signature, JSON and order checks in the order a
// route must run them. Pure, so the route only adds the account lookup and the intake.

import { ChannelCallError, type ChannelOrder } from '../adapter.js';
import { parseOwnSiteOrder } from './api.js';
import { verifyWebhookSignature } from './signature.js';

export type OrderWebhookResult =
  | { ok: true; order: ChannelOrder }
  | {
      ok: false;
      /** 401 for a bad signature, 400 for a body that is not a valid order. */
      status: 400 | 401;
      code: 'invalid_signature' | 'invalid_json' | 'invalid_order';
      messageJa: string;
      messageEn: string;
    };

export interface OrderWebhookInput {
  /** The account's credentials.webhookSecret. */
  secret: string;
  /** The request body exactly as received, before any JSON parsing. */
  rawBody: Buffer;
  /** Value of the X-Tsunagu-Signature header. */
  signatureHeader: string | undefined;
  nowSeconds: number;
  toleranceSeconds?: number;
}

/**
 * Checks one webhook delivery. The signature is checked first, so an unsigned body is never
 * parsed. Any non-2xx status makes the site retry the delivery.
 */
export function readOrderWebhook(input: OrderWebhookInput): OrderWebhookResult {
  const check = verifyWebhookSignature(input.secret, input.rawBody, input.signatureHeader, input.nowSeconds, input.toleranceSeconds);
  if (!check.ok) return { ok: false, status: 401, code: 'invalid_signature', messageJa: check.reasonJa, messageEn: check.reasonEn };

  let json: unknown;
  try {
    json = JSON.parse(input.rawBody.toString('utf8'));
  } catch {
    return {
      ok: false,
      status: 400,
      code: 'invalid_json',
      messageJa: '本文が JSON ではありません。注文 JSON を UTF-8 で送ってください。',
      messageEn: 'The body is not JSON. Send the order JSON in UTF-8.',
    };
  }

  try {
    return { ok: true, order: parseOwnSiteOrder(json) };
  } catch (error) {
    if (!(error instanceof ChannelCallError)) throw error;
    return { ok: false, status: 400, code: 'invalid_order', messageJa: error.messageJa, messageEn: error.messageEn };
  }
}
