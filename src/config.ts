import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

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
  /** Whether session cookies carry the Secure flag (set when served over HTTPS). */
  secureCookies: boolean;
  ownerEmail: string | undefined;
  ownerPassword: string | undefined;
}

const SECRET_FILE = 'secret.key';

function parsePort(raw: string | undefined): number {
  if (raw === undefined || raw === '') return 3000;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`PORT must be a whole number from 0 to 65535, got "${raw}".`);
  }
  return port;
}

/**
 * Reads TSUNAGU_SECRET_KEY (64 hex characters) or the key file in the data directory,
 * creating the file with a random key on first run so that sessions survive restarts.
 */
function loadSecretKey(dataDir: string, raw: string | undefined): Buffer {
  if (raw !== undefined && raw !== '') {
    if (!/^[0-9a-fA-F]{64}$/.test(raw)) {
      throw new Error('TSUNAGU_SECRET_KEY must be 64 hexadecimal characters (32 bytes).');
    }
    return Buffer.from(raw, 'hex');
  }

  const file = path.join(dataDir, SECRET_FILE);
  if (existsSync(file)) {
    const stored = readFileSync(file, 'utf8').trim();
    if (!/^[0-9a-fA-F]{64}$/.test(stored)) {
      throw new Error(`The key file ${file} is damaged: it must hold 64 hexadecimal characters.`);
    }
    return Buffer.from(stored, 'hex');
  }

  const key = randomBytes(32);
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file, key.toString('hex') + '\n', { mode: 0o600 });
  return key;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const dataDir = path.resolve(env.DATA_DIR || './data');
  return {
    port: parsePort(env.PORT),
    host: env.HOST || '127.0.0.1',
    dataDir,
    databaseUrl: env.DATABASE_URL || undefined,
    logLevel: env.LOG_LEVEL || 'info',
    secretKey: loadSecretKey(dataDir, env.TSUNAGU_SECRET_KEY),
    secureCookies: env.COOKIE_SECURE === 'true',
    ownerEmail: env.OWNER_EMAIL || undefined,
    ownerPassword: env.OWNER_PASSWORD || undefined,
  };
}
