// Tests of the order webhook signature: header format, tampering, secrets and the replay window.
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signWebhook, verifyWebhookSignature } from './signature.js';

const SECRET = 'whsec-0123456789';
const BODY = JSON.stringify({ orderNumber: 'OS-000001', status: 'placed', note: '指輪' });
const NOW = 1_733_380_000;

describe('signWebhook', () => {
  it('signs "<t>.<body>" with HMAC-SHA256', () => {
    const expected = createHmac('sha256', SECRET).update(`${NOW}.${BODY}`).digest('hex');
    expect(signWebhook(SECRET, NOW, BODY)).toBe(`t=${NOW},v1=${expected}`);
  });

  it('same result for string and Buffer', () => {
    expect(signWebhook(SECRET, NOW, Buffer.from(BODY, 'utf8'))).toBe(signWebhook(SECRET, NOW, BODY));
  });

  it('rejects a fractional timestamp', () => {
    expect(() => signWebhook(SECRET, 1.5, BODY)).toThrow(/timestampSeconds/);
  });
});

describe('verifyWebhookSignature', () => {
  const header = signWebhook(SECRET, NOW, BODY);

  it('accepts a valid signature', () => {
    expect(verifyWebhookSignature(SECRET, BODY, header, NOW)).toEqual({ ok: true });
    expect(verifyWebhookSignature(SECRET, Buffer.from(BODY), header, NOW + 299)).toEqual({ ok: true });
  });

  it('accepts spaces and upper-case hex', () => {
    const [t, v1] = header.split(',');
    expect(verifyWebhookSignature(SECRET, BODY, ` ${t}, ${v1!.toUpperCase().replace('V1=', 'v1=')}`, NOW)).toEqual({ ok: true });
  });

  it('accepts any one of several v1 values', () => {
    const other = signWebhook('old-secret', NOW, BODY).split(',')[1];
    expect(verifyWebhookSignature(SECRET, BODY, `${header},${other}`, NOW)).toEqual({ ok: true });
    expect(verifyWebhookSignature(SECRET, BODY, `t=${NOW},${other},${header.split(',')[1]}`, NOW)).toEqual({ ok: true });
  });

  it('rejects a tampered body', () => {
    const result = verifyWebhookSignature(SECRET, BODY.replace('OS-000001', 'OS-000002'), header, NOW);
    expect(result.ok).toBe(false);
    expect(result).toMatchObject({ reasonEn: expect.stringContaining('does not match') });
  });

  it('rejects re-serialised JSON', () => {
    const reformatted = JSON.stringify(JSON.parse(BODY), null, 2);
    expect(verifyWebhookSignature(SECRET, reformatted, header, NOW).ok).toBe(false);
  });

  it('rejects the wrong secret', () => {
    const result = verifyWebhookSignature('another-secret', BODY, header, NOW);
    expect(result).toMatchObject({ ok: false, reasonJa: expect.stringContaining('署名が一致しません') });
  });

  it('rejects a changed timestamp', () => {
    const moved = header.replace(`t=${NOW}`, `t=${NOW + 10}`);
    expect(verifyWebhookSignature(SECRET, BODY, moved, NOW).ok).toBe(false);
  });

  it('rejects a stale or future timestamp', () => {
    const stale = verifyWebhookSignature(SECRET, BODY, header, NOW + 301);
    expect(stale).toMatchObject({ ok: false, reasonEn: expect.stringContaining('300 seconds') });
    expect(verifyWebhookSignature(SECRET, BODY, header, NOW - 301).ok).toBe(false);
    expect(verifyWebhookSignature(SECRET, BODY, header, NOW + 50, 30).ok).toBe(false);
  });

  it('rejects a missing header', () => {
    expect(verifyWebhookSignature(SECRET, BODY, undefined, NOW)).toMatchObject({ ok: false, reasonEn: expect.stringContaining('missing') });
    expect(verifyWebhookSignature(SECRET, BODY, '  ', NOW)).toMatchObject({ ok: false, reasonEn: expect.stringContaining('missing') });
  });

  it('rejects garbled headers', () => {
    const v1 = header.split(',')[1]!;
    const garbled = [
      'garbage',
      `t=${NOW}`,
      v1,
      `t=abc,${v1}`,
      `t=${NOW},v1=xyz`,
      `t=${NOW},v1=${'a'.repeat(63)}`,
      `t=${NOW},v0=${v1.slice(3)}`,
      `t=${NOW},${Array.from({ length: 6 }, () => v1).join(',')}`,
    ];
    for (const value of garbled) {
      const result = verifyWebhookSignature(SECRET, BODY, value, NOW);
      expect(result, value).toMatchObject({ ok: false, reasonEn: expect.stringContaining('malformed') });
    }
  });
});
