import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { openSecret, sealSecret } from './secrets.js';

describe('sealed secrets', () => {
  const key = randomBytes(32);

  it('round trips text', () => {
    const sealed = sealSecret(key, 'rakuten-service-secret ①');
    expect(sealed.startsWith('v1:')).toBe(true);
    expect(sealed).not.toContain('rakuten');
    expect(openSecret(key, sealed)).toBe('rakuten-service-secret ①');
  });

  it('uses a fresh IV each time', () => {
    expect(sealSecret(key, 'same')).not.toBe(sealSecret(key, 'same'));
  });

  it('rejects a wrong key', () => {
    const sealed = sealSecret(key, 'secret');
    expect(() => openSecret(randomBytes(32), sealed)).toThrow();
  });

  it('rejects altered text', () => {
    const sealed = sealSecret(key, 'secret');
    // Flip one bit of the ciphertext itself; editing the last base64 character could
    // change only padding bits and leave the bytes as they were.
    const raw = Buffer.from(sealed.slice(3), 'base64url');
    raw[raw.length - 1]! ^= 0x01;
    expect(() => openSecret(key, `v1:${raw.toString('base64url')}`)).toThrow();
  });
});
