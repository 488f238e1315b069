import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

// Secrets kept in the database (channel API keys, carrier passwords) are sealed with
// AES-256-GCM under the instance key from TSUNAGU_SECRET_KEY or DATA_DIR/secret.key.
// Sealed text: "v1:" + base64url(12-byte IV ‖ 16-byte tag ‖ ciphertext).

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export function sealSecret(key: Buffer, plaintext: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return `${VERSION}:${Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString('base64url')}`;
}

/** Opens a sealed secret; throws when the key is wrong or the text was altered. */
export function openSecret(key: Buffer, sealed: string): string {
  const [version, body] = sealed.split(':');
  if (version !== VERSION || !body) throw new Error('sealed secret has an unknown format');
  const raw = Buffer.from(body, 'base64url');
  if (raw.length < IV_BYTES + TAG_BYTES) throw new Error('sealed secret is truncated');

  const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, IV_BYTES));
  decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
}
