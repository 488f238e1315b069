import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import { keyIdOf, keyringOf, SECRET_KEY_BYTES, type SecretKeyring } from './shared/secrets.js';

/** Runtime settings, read once from environment variables (documented in README.md). */
export interface Config {
  port: number;
  host: string;
  dataDir: string;
  /** PostgreSQL connection string; SQLite in dataDir is used when absent. */
  databaseUrl: string | undefined;
  logLevel: string;
  /** 32-byte key for session tokens and for encrypting settings at rest. */
  secretKey: Buffer;
  /**
   * Keys that only open sealed values: secret.key.next of a rotation that did not finish and
   * the secret.key.previous-* files that rotations keep. Absent means none.
   */
  otherSecretKeys?: readonly Buffer[];
  /** Whether session cookies carry the Secure flag (set when served over HTTPS). */
  secureCookies: boolean;
  ownerEmail: string | undefined;
  ownerPassword: string | undefined;
  /**
   * Whether the server runs the channel hub (sync runner, order polling) in its own process;
   * off when it runs as separate `tsunagu runner` processes. Absent means on.
   */
  channelRunner?: boolean;
  /**
   * Name of this process's channel hub in claims and leases. A process restarted under the
   * same name takes back at once the work its predecessor held; absent, the server uses its
   * host name and port, and `tsunagu runner` a random name.
   */
  workerId?: string;
  /**
   * Worker threads of the photo studio (TSUNAGU_PHOTO_WORKERS); absent means one per
   * available core.
   */
  photoWorkers?: number;
}

/** Key files in the data directory; `tsunagu rotate-key` writes and renames them. */
export const SECRET_KEY_FILE = 'secret.key';
export const NEXT_SECRET_KEY_FILE = 'secret.key.next';
export const PREVIOUS_SECRET_KEY_PREFIX = 'secret.key.previous-';

function parsePort(raw: string | undefined): number {
  if (raw === undefined || raw === '') return 3000;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`PORT must be a whole number from 0 to 65535, got "${raw}".`);
  }
  return port;
}

function parsePhotoWorkers(raw: string): number {
  const workers = Number(raw);
  if (!Number.isInteger(workers) || workers < 1 || workers > 64) {
    throw new Error(`TSUNAGU_PHOTO_WORKERS must be a whole number from 1 to 64, got "${raw}".`);
  }
  return workers;
}

/**
 * Parses a 32-byte key written as 64 hexadecimal characters or as base64 (standard or
 * URL-safe, padding optional); undefined when the text is neither.
 */
export function parseSecretKey(text: string): Buffer | undefined {
  const trimmed = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(trimmed)) return Buffer.from(trimmed, 'hex');
  if (!/^[A-Za-z0-9+/_-]{43}={0,1}$/.test(trimmed)) return undefined;
  const key = Buffer.from(trimmed.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, ''), 'base64url');
  return key.length === SECRET_KEY_BYTES ? key : undefined;
}

function readKeyFile(file: string): Buffer {
  const key = parseSecretKey(readFileSync(file, 'utf8'));
  if (!key) throw new Error(`The key file ${file} is damaged: it must hold a 32-byte key as 64 hexadecimal characters.`);
  return key;
}

/**
 * Writes a key file as 64 hex characters with mode 0600 and flushes it to the disk, so that
 * a crash right after cannot leave an empty or partial key. Fails when the file exists.
 */
export function writeKeyFile(file: string, key: Buffer): void {
  const fd = openSync(file, 'wx', 0o600);
  try {
    writeSync(fd, key.toString('hex') + '\n');
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Reads TSUNAGU_SECRET_KEY (64 hex characters or base64 of 32 bytes) or the key file in the
 * data directory, creating the file with a random key on first run so that sessions survive
 * restarts.
 */
function loadSecretKey(dataDir: string, raw: string | undefined): Buffer {
  if (raw !== undefined && raw !== '') {
    const key = parseSecretKey(raw);
    if (!key) throw new Error('TSUNAGU_SECRET_KEY must be 64 hexadecimal characters or base64 of 32 bytes.');
    return key;
  }

  const file = path.join(dataDir, SECRET_KEY_FILE);
  if (existsSync(file)) return readKeyFile(file);

  // A new random key here would make every sealed value unreadable.
  if (existsSync(path.join(dataDir, NEXT_SECRET_KEY_FILE))) {
    throw new Error(
      `The key file ${file} is missing but ${NEXT_SECRET_KEY_FILE} exists beside it. Put the key file back, or rename ${NEXT_SECRET_KEY_FILE} to ${SECRET_KEY_FILE} if the rotation that wrote it had finished re-sealing.`,
    );
  }
  const key = randomBytes(SECRET_KEY_BYTES);
  mkdirSync(dataDir, { recursive: true });
  writeKeyFile(file, key);
  return key;
}

/**
 * Reads the keys that only open sealed values: secret.key.next, left by a rotation that
 * stopped before it finished, and the secret.key.previous-* files, newest first. Keys equal
 * to `primary` are left out.
 */
function loadOtherSecretKeys(dataDir: string, primary: Buffer): Buffer[] {
  if (!existsSync(dataDir)) return [];
  const previous = readdirSync(dataDir)
    .filter((name) => name.startsWith(PREVIOUS_SECRET_KEY_PREFIX))
    .sort()
    .reverse();
  const names = [NEXT_SECRET_KEY_FILE, ...previous].filter((name) => existsSync(path.join(dataDir, name)));

  const seen = new Set([keyIdOf(primary)]);
  const keys: Buffer[] = [];
  for (const name of names) {
    const key = readKeyFile(path.join(dataDir, name));
    if (seen.has(keyIdOf(key))) continue;
    seen.add(keyIdOf(key));
    keys.push(key);
  }
  return keys;
}

/** Returns the keys that open sealed values under these settings; new values use `secretKey`. */
export function secretKeyring(config: Config): SecretKeyring {
  return keyringOf(config.secretKey, config.otherSecretKeys ?? []);
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const dataDir = path.resolve(env.DATA_DIR || './data');
  const secretKey = loadSecretKey(dataDir, env.TSUNAGU_SECRET_KEY);
  return {
    port: parsePort(env.PORT),
    host: env.HOST || '127.0.0.1',
    dataDir,
    databaseUrl: env.DATABASE_URL || undefined,
    logLevel: env.LOG_LEVEL || 'info',
    secretKey,
    otherSecretKeys: loadOtherSecretKeys(dataDir, secretKey),
    secureCookies: env.COOKIE_SECURE === 'true',
    ownerEmail: env.OWNER_EMAIL || undefined,
    ownerPassword: env.OWNER_PASSWORD || undefined,
    channelRunner: env.TSUNAGU_CHANNEL_RUNNER !== 'off',
    ...(env.TSUNAGU_WORKER_ID ? { workerId: env.TSUNAGU_WORKER_ID } : {}),
    ...(env.TSUNAGU_PHOTO_WORKERS ? { photoWorkers: parsePhotoWorkers(env.TSUNAGU_PHOTO_WORKERS) } : {}),
  };
}
