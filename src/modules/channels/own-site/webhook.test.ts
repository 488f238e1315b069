// Tests of the webhook reading step: signature first, then JSON, then the order.
import { describe, expect, it } from 'vitest';
import { signWebhook } from './signature.js';
import { readOrderWebhook } from './webhook.js';

const SECRET = 'whsec-webhook-test';
const NOW = 1_796_400_000;

const order = {
  orderNumber: 'OS-000001',
  status: 'placed',
  orderedAt: '2026-12-05T10:15:00+09:00',
  updatedAt: '2026-12-05T10:15:00+09:00',
  version: 1,
  buyer: { name: '山田 花子', address: '東京都渋谷区神宮前1-2-3' },
  lines: [{ lineKey: '1', sku: 'ring-1', title: 'K18 リング', unitPrice: 110_000, quantity: 1, taxIncluded: true, taxRate: 0.1 }],
  totals: { goods: 110_000, shipping: 0, fees: 0, coupon: 0, points: 0, total: 110_000 },
};

function delivery(body: string, secret = SECRET) {
  return { secret: SECRET, rawBody: Buffer.from(body, 'utf8'), signatureHeader: signWebhook(secret, NOW, body), nowSeconds: NOW };
}

describe('readOrderWebhook', () => {
  it('returns the order of a signed delivery', () => {
    const result = readOrderWebhook(delivery(JSON.stringify(order)));
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.order).toMatchObject({ orderNumber: 'OS-000001', status: 'to_confirm' });
  });

  it('bad signature is 401 before parsing', () => {
    const result = readOrderWebhook(delivery('not json', 'other-secret'));
    expect(result).toMatchObject({ ok: false, status: 401, code: 'invalid_signature' });
  });

  it('signed non-JSON is 400', () => {
    expect(readOrderWebhook(delivery('{"orderNumber":'))).toMatchObject({ ok: false, status: 400, code: 'invalid_json' });
  });

  it('signed invalid order names the field', () => {
    const result = readOrderWebhook(delivery(JSON.stringify({ ...order, lines: [] })));
    expect(result).toMatchObject({ ok: false, status: 400, code: 'invalid_order' });
    if (!result.ok) expect(result.messageEn).toContain('lines must have at least 1 entry');
  });
});
