import { createCipheriv, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/helpers/database.js';
import { getSecret, keyIdOf, keyringOf, openSecret, putSecret, resealAll, SEALED_COLUMNS, sealSecret } from './secrets.js';

/** Seals text in the format from before key ids ("v1:"), as older versions wrote it. */
function sealV1(key: Buffer, plaintext: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return `v1:${Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString('base64url')}`;
}

describe('sealed secrets', () => {
  const key = randomBytes(32);

  it('round trips text', () => {
    const sealed = sealSecret(key, 'rakuten-service-secret ①');
    expect(sealed.startsWith(`v2:${keyIdOf(key)}:`)).toBe(true);
    expect(sealed).not.toContain('rakuten');
    expect(openSecret(key, sealed)).toBe('rakuten-service-secret ①');
  });

  it('key id is the hash prefix', () => {
    expect(keyIdOf(Buffer.alloc(32, 0))).toBe('66687aad');
    expect(keyIdOf(key)).toMatch(/^[0-9a-f]{8}$/);
  });

  it('uses a fresh IV each time', () => {
    expect(sealSecret(key, 'same')).not.toBe(sealSecret(key, 'same'));
  });

  it('rejects a wrong key', () => {
    const sealed = sealSecret(key, 'secret');
    expect(() => openSecret(randomBytes(32), sealed)).toThrow('no loaded key has the id');
  });

  it('rejects altered text', () => {
    const sealed = sealSecret(key, 'secret');
    const prefix = `v2:${keyIdOf(key)}:`;
    // Flip one bit of the ciphertext itself; editing the last base64 character could
    // change only padding bits and leave the bytes as they were.
    const raw = Buffer.from(sealed.slice(prefix.length), 'base64url');
    raw[raw.length - 1]! ^= 0x01;
    expect(() => openSecret(key, `${prefix}${raw.toString('base64url')}`)).toThrow();
  });

  it('keyring picks the key by id', () => {
    const older = randomBytes(32);
    const ring = keyringOf(key, [older]);
    expect(openSecret(ring, sealSecret(older, 'from before'))).toBe('from before');
    expect(openSecret(ring, sealSecret(ring, 'new'))).toBe('new');
    expect(sealSecret(ring, 'new').startsWith(`v2:${keyIdOf(key)}:`)).toBe(true);
  });

  it('opens v1 text with any key', () => {
    expect(openSecret(key, sealV1(key, 'legacy'))).toBe('legacy');
    const older = randomBytes(32);
    expect(openSecret(keyringOf(key, [older]), sealV1(older, 'legacy'))).toBe('legacy');
    expect(() => openSecret(key, sealV1(older, 'legacy'))).toThrow();
  });
});

describeEachDatabase('instance secrets', (database) => {
  it('stores and replaces a named secret', async () => {
    const key = randomBytes(32);
    expect(await getSecret(database().db, key, 'missing')).toBeUndefined();

    await putSecret(database().db, key, 'rakuten.service_secret', '秘密-1');
    await putSecret(database().db, key, 'rakuten.service_secret', '秘密-2');
    expect(await getSecret(database().db, key, 'rakuten.service_secret')).toBe('秘密-2');

    const row = await database()
      .db.selectFrom('instance_secrets')
      .selectAll()
      .where('name', '=', 'rakuten.service_secret')
      .executeTakeFirstOrThrow();
    expect(row.sealed_value).not.toContain('秘密');
    await expect(getSecret(database().db, randomBytes(32), 'rakuten.service_secret')).rejects.toMatchObject({
      code: 'secret_unreadable',
    });
  });

  it('re-seals every value under a new key', async () => {
    const oldKey = randomBytes(32);
    const newKey = randomBytes(32);
    await database().db.deleteFrom('instance_secrets').execute();
    await putSecret(database().db, oldKey, 'a', 'first');
    await putSecret(database().db, oldKey, 'b', 'second');
    await database().db.insertInto('instance_secrets').values({ name: 'c', sealed_value: sealV1(oldKey, 'third'), updated_at: '2026-01-01T00:00:00.000Z' }).execute();

    const summary = await database()
      .db.transaction()
      .execute((trx) => resealAll(trx, keyringOf(oldKey), newKey));
    expect(summary).toEqual({ values: 3, columns: SEALED_COLUMNS.length });

    for (const [name, value] of [['a', 'first'], ['b', 'second'], ['c', 'third']] as const) {
      expect(await getSecret(database().db, newKey, name)).toBe(value);
      await expect(getSecret(database().db, oldKey, name)).rejects.toMatchObject({ code: 'secret_unreadable' });
    }
  });

  it('unreadable value stops re-sealing', async () => {
    const oldKey = randomBytes(32);
    await database().db.deleteFrom('instance_secrets').execute();
    await putSecret(database().db, oldKey, 'good', 'kept');
    await putSecret(database().db, randomBytes(32), 'stray', 'lost key');

    const attempt = database()
      .db.transaction()
      .execute((trx) => resealAll(trx, keyringOf(oldKey), randomBytes(32)));
    await expect(attempt).rejects.toMatchObject({ code: 'secret_unreadable' });
    await expect(attempt).rejects.toThrow('instance_secrets.sealed_value (name stray)');
    expect(await getSecret(database().db, oldKey, 'good')).toBe('kept');
  });
});
