import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { Executor, Tx } from '../db/database.js';
import { nowIso } from '../db/database.js';
import type { Database } from '../db/schema.js';
import { defineErrors } from './errors.js';

// Secrets kept in the database (channel API keys, carrier passwords) are sealed with
// AES-256-GCM under the instance key from TSUNAGU_SECRET_KEY or DATA_DIR/secret.key.
// Sealed text: "v2:" + key id + ":" + base64url(12-byte IV ‖ 16-byte tag ‖ ciphertext), where
// the key id is the first 8 hex characters of the key's SHA-256. Text from before key ids,
// "v1:" + base64url(…), is still opened, with the primary key first.

const IV_BYTES = 12;
const TAG_BYTES = 16;
export const SECRET_KEY_BYTES = 32;

export const secretErrors = defineErrors({
  secret_unreadable: {
    kind: 'internal',
    ja: (p: { place: string; keyId: string }) =>
      `${p.place} の暗号化された値を、読み込んだ鍵で復号できません（値の鍵 ID: ${p.keyId}）。その値を暗号化した鍵（secret.key.previous-* か以前の TSUNAGU_SECRET_KEY）を戻してから、もう一度実行してください。`,
    en: (p: { place: string; keyId: string }) =>
      `The sealed value in ${p.place} cannot be opened with the loaded keys (its key id: ${p.keyId}). Put back the key it was sealed with (a secret.key.previous-* file or the former TSUNAGU_SECRET_KEY) and run again.`,
  },
});

/** Short public name of a key, stored in sealed text to pick the key that opens it. */
export function keyIdOf(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 8);
}

/** The keys that open sealed secrets. New values are sealed with `primary`. */
export interface SecretKeyring {
  primary: Buffer;
  /** Keys that only open values: those of past rotations and of an unfinished one. */
  others: readonly Buffer[];
}

export function keyringOf(primary: Buffer, others: readonly Buffer[] = []): SecretKeyring {
  return { primary, others };
}

function asKeyring(keys: Buffer | SecretKeyring): SecretKeyring {
  return Buffer.isBuffer(keys) ? keyringOf(keys) : keys;
}

export function sealSecret(keys: Buffer | SecretKeyring, plaintext: string): string {
  const key = asKeyring(keys).primary;
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return `v2:${keyIdOf(key)}:${Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString('base64url')}`;
}

function decrypt(key: Buffer, raw: Buffer): string {
  const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, IV_BYTES));
  decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
}

/** Returns the key id in sealed text: the id for "v2:" text, "v1" for text from before key ids. */
export function sealedKeyId(sealed: string): string {
  const [version, keyId] = sealed.split(':');
  return version === 'v2' && keyId ? keyId : 'v1';
}

/**
 * Opens a sealed secret with the key whose id it names ("v1:" text: the primary key, then
 * the others). Throws when no key fits, the key is wrong or the text was altered, because
 * GCM checks the tag before it returns any plaintext.
 */
export function openSecret(keys: Buffer | SecretKeyring, sealed: string): string {
  const ring = asKeyring(keys);
  const parts = sealed.split(':');
  let body: string | undefined;
  if (parts[0] === 'v2' && parts.length === 3) body = parts[2];
  if (parts[0] === 'v1' && parts.length === 2) body = parts[1];
  if (!body) throw new Error('sealed secret has an unknown format');
  const raw = Buffer.from(body, 'base64url');
  if (raw.length < IV_BYTES + TAG_BYTES) throw new Error('sealed secret is truncated');

  const candidates = [ring.primary, ...ring.others];
  if (parts[0] === 'v2') {
    const key = candidates.find((candidate) => keyIdOf(candidate) === parts[1]);
    if (!key) throw new Error(`no loaded key has the id ${parts[1]}`);
    return decrypt(key, raw);
  }

  for (const key of candidates.slice(0, -1)) {
    try {
      return decrypt(key, raw);
    } catch {
      // The next key may fit; GCM rejects a wrong key without returning anything.
    }
  }
  return decrypt(candidates.at(-1)!, raw);
}

/**
 * A column that stores sealed text, and the primary key column that identifies its rows.
 * Tables that add sealed columns list them in SEALED_COLUMNS, so that `tsunagu rotate-key`
 * re-seals them too.
 */
export type SealedColumn = {
  [T in keyof Database]: { table: T; keyColumn: keyof Database[T] & string; column: keyof Database[T] & string };
}[keyof Database];

export const SEALED_COLUMNS: readonly SealedColumn[] = [
  { table: 'instance_secrets', keyColumn: 'name', column: 'sealed_value' },
  { table: 'channel_accounts', keyColumn: 'id', column: 'sealed_credentials' },
];

export interface ResealSummary {
  /** Sealed values re-sealed, over all columns. */
  values: number;
  columns: number;
}

/**
 * Opens every sealed value in `columns` with `keys` and seals it again with `newKey`, in the
 * caller's transaction. Raises secret_unreadable, naming the row, on the first value that no
 * key opens; the caller's rollback then leaves every value as it was.
 */
export async function resealAll(
  trx: Tx,
  keys: SecretKeyring,
  newKey: Buffer,
  columns: readonly SealedColumn[] = SEALED_COLUMNS,
): Promise<ResealSummary> {
  let values = 0;
  for (const { table, keyColumn, column } of columns) {
    const rows = await sql<{ row_key: string | number; sealed: string | null }>`
      select ${sql.ref(keyColumn)} as row_key, ${sql.ref(column)} as sealed from ${sql.table(table)}`.execute(trx);

    for (const row of rows.rows) {
      if (row.sealed === null) continue;
      let plaintext: string;
      try {
        plaintext = openSecret(keys, row.sealed);
      } catch {
        throw secretErrors.secret_unreadable({ place: `${table}.${column} (${keyColumn} ${row.row_key})`, keyId: sealedKeyId(row.sealed) });
      }
      const resealed = sealSecret(newKey, plaintext);
      await sql`update ${sql.table(table)} set ${sql.ref(column)} = ${resealed} where ${sql.ref(keyColumn)} = ${row.row_key}`.execute(trx);
      values += 1;
    }
  }
  return { values, columns: columns.length };
}

/** Stores a named instance secret, sealed with the primary key; replaces an earlier value. */
export async function putSecret(db: Executor, keys: Buffer | SecretKeyring, name: string, value: string): Promise<void> {
  const sealed = sealSecret(keys, value);
  const now = nowIso();
  await db
    .insertInto('instance_secrets')
    .values({ name, sealed_value: sealed, updated_at: now })
    .onConflict((oc) => oc.column('name').doUpdateSet({ sealed_value: sealed, updated_at: now }))
    .execute();
}

/** Returns a named instance secret, or undefined when none is stored; throws when no key opens it. */
export async function getSecret(db: Executor, keys: Buffer | SecretKeyring, name: string): Promise<string | undefined> {
  const row = await db.selectFrom('instance_secrets').select('sealed_value').where('name', '=', name).executeTakeFirst();
  if (!row) return undefined;
  try {
    return openSecret(keys, row.sealed_value);
  } catch {
    throw secretErrors.secret_unreadable({ place: `instance_secrets.sealed_value (name ${name})`, keyId: sealedKeyId(row.sealed_value) });
  }
}
