import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import SqliteDatabase from 'better-sqlite3';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testDatabaseKinds } from '../../test/helpers/database.js';
import { loadConfig, secretKeyring } from '../config.js';
import { nowIso, openDatabase, type DatabaseHandle } from '../db/database.js';
import type { DatabaseKind } from '../db/dialect.js';
import { LATEST_MIGRATION } from '../db/migrate.js';
import { getSecret, keyIdOf, putSecret, resealAll, SEALED_COLUMNS } from '../shared/secrets.js';
import { runCliCaptured, type CliResult } from '../../test/helpers/cli.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** Two valid rows and one with three errors (row 4: metal, weight, cost). */
const ITEMS_CSV = [
  '在庫番号,商品名,カテゴリ,地金,地金重量(g),主石,主石カラット(ct),リングサイズ(号),下代(税抜),上代(税込)',
  'CLI-IMP-0001,PT900 ダイヤモンド リング,リング,PT900,3.25,ダイヤモンド,0.302,11,85000,198000',
  'CLI-IMP-0002,K18 ルビー ペンダント,ペンダント,K18,2.1,ルビー,0.5,,60000,148000',
  'CLI-IMP-0003,壊れた行,リング,XX99,abc,,,,-5,198000',
].join('\r\n');


/** An empty data folder, and for PostgreSQL a fresh database, for one block of tests. */
interface CliSandbox {
  env: NodeJS.ProcessEnv;
  dataDir: string;
  run(...argv: string[]): Promise<CliResult>;
  /** Opens the sandbox database the way the CLI does; callers close it. */
  open(): DatabaseHandle;
  destroy(): Promise<void>;
}

async function createSandbox(kind: DatabaseKind, lang = 'en_US.UTF-8'): Promise<CliSandbox> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'tsunagu-cli-'));
  const env: NodeJS.ProcessEnv = { DATA_DIR: dataDir, LANG: lang };
  let dropDatabase = async () => {};

  if (kind === 'postgres') {
    // The helper's database comes migrated, so the migrate test sees it up to date there.
    const database = await createTestDatabase('postgres');
    env.DATABASE_URL = database.url;
    dropDatabase = () => database.destroy();
  }

  const run = (...argv: string[]): Promise<CliResult> => runCliCaptured(argv, env);

  return {
    env,
    dataDir,
    run,
    open: () => openDatabase({ databaseUrl: env.DATABASE_URL, dataDir }),
    destroy: async () => {
      await dropDatabase();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function countItemsLike(sandbox: CliSandbox, pattern: string): Promise<number> {
  return withHandle(sandbox, async (handle) => {
    const row = await handle.db
      .selectFrom('items')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('stock_number', 'like', pattern)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  });
}

async function withHandle<T>(sandbox: CliSandbox, body: (handle: DatabaseHandle) => Promise<T>): Promise<T> {
  const handle = sandbox.open();
  try {
    return await body(handle);
  } finally {
    await handle.close();
  }
}

for (const kind of testDatabaseKinds()) {
  describe(`cli [${kind}]`, () => {
    let sandbox: CliSandbox;
    beforeAll(async () => {
      sandbox = await createSandbox(kind);
    });
    afterAll(async () => {
      await sandbox.destroy();
    });

    it('mock names the channels it can run', async () => {
      const result = await sandbox.run('mock', 'amazon');
      expect(result.status).toBe(2);
      expect(result.stderr).toContain('rakuten, yahoo');
    });

    it('migrate applies then reports up to date', async () => {
      const first = await sandbox.run('migrate');
      expect(first.stderr).toBe('');
      expect(first.status).toBe(0);
      if (kind === 'sqlite') {
        expect(first.stdout).toContain('Applied migrations');
        expect(first.stdout).toContain('0001_foundation');
      }

      const second = await sandbox.run('migrate');
      expect(second.status).toBe(0);
      expect(second.stdout).toContain(`is up to date (${LATEST_MIGRATION})`);
    });

    it('user create stores the account', async () => {
      const result = await sandbox.run('user', 'create', '--email', ' Staff@Example.TEST ', '--password', 'long enough pw', '--name', '佐藤 花子', '--locale', 'en');
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
      expect(result.stdout).toContain('Created user staff@example.test');

      const row = await withHandle(sandbox, (handle) =>
        handle.db.selectFrom('users').selectAll().where('email', '=', 'staff@example.test').executeTakeFirst(),
      );
      expect(row?.display_name).toBe('佐藤 花子');
      expect(row?.locale).toBe('en');
      expect(row?.is_owner).toBe(0);
      expect(row?.password_hash).toMatch(/^\$argon2id\$/);
      expect(row?.role_code).toBe('viewer');
    });

    it('user create writes an audit event', async () => {
      const result = await sandbox.run('user', 'create', '--email', 'audited-cli@example.test', '--password', 'cli audit phrase', '--role', 'sales');
      expect(result.status).toBe(0);

      await withHandle(sandbox, async (handle) => {
        const user = await handle.db.selectFrom('users').select('id').where('email', '=', 'audited-cli@example.test').executeTakeFirstOrThrow();
        const events = await handle.db
          .selectFrom('audit_events')
          .selectAll()
          .where('entity_type', '=', 'user')
          .where('entity_id', '=', String(user.id))
          .execute();
        expect(events).toHaveLength(1);
        const [event] = events;
        expect(event!.action).toBe('user.create');
        expect(event!.outcome).toBe('success');
        expect(event!.user_id).toBeNull();
        expect(event!.ip).toBeNull();
        expect(JSON.parse(event!.detail_json!)).toEqual({ source: 'cli' });
        expect(JSON.parse(event!.after_json!)).toMatchObject({ id: user.id, email: 'audited-cli@example.test', role: 'sales', allLocations: true });
        expect(JSON.stringify(event)).not.toMatch(/cli audit phrase|argon2/);
      });

      // A rejected command writes no event, because the event shares the insert's transaction.
      const countEvents = () =>
        withHandle(sandbox, async (handle) => (await handle.db.selectFrom('audit_events').select('id').where('action', '=', 'user.create').execute()).length);
      const before = await countEvents();
      const rejected = await sandbox.run('user', 'create', '--email', 'audited-cli@example.test', '--password', 'cli audit phrase');
      expect(rejected.status).toBe(1);
      expect(await countEvents()).toBe(before);
    });

    it('user create takes a role', async () => {
      const manager = await sandbox.run('user', 'create', '--email', 'manager@example.test', '--password', 'long enough pw', '--role', 'manager');
      expect(manager.status).toBe(0);
      expect(manager.stdout).toContain('role manager');

      const unknown = await sandbox.run('user', 'create', '--email', 'king@example.test', '--password', 'long enough pw', '--role', 'king');
      expect(unknown.status).toBe(1);
      expect(unknown.stderr).toContain('The role "king" does not exist');
    });

    it('user create rejects a taken email', async () => {
      const args = ['user', 'create', '--email', 'twice@example.test', '--password', 'long enough pw'];
      expect((await sandbox.run(...args)).status).toBe(0);

      const again = await sandbox.run(...args);
      expect(again.status).toBe(1);
      expect(again.stderr).toContain('twice@example.test is already registered');
    });

    it('user create rejects bad input', async () => {
      const short = await sandbox.run('user', 'create', '--email', 'short@example.test', '--password', 'short');
      expect(short.status).toBe(1);
      expect(short.stderr).toContain('rule: at least 12 characters');

      const email = await sandbox.run('user', 'create', '--email', 'not-an-email', '--password', 'long enough pw');
      expect(email.status).toBe(2);
      expect(email.stderr).toContain('"not-an-email" is not a valid email address');

      const missing = await sandbox.run('user', 'create', '--email', 'nopw@example.test');
      expect(missing.status).toBe(2);
      expect(missing.stderr).toContain('--password is required');

      const locale = await sandbox.run('user', 'create', '--email', 'l@example.test', '--password', 'long enough pw', '--locale', 'fr');
      expect(locale.status).toBe(2);
      expect(locale.stderr).toContain('--locale cannot be "fr". Use one of: ja, en');

      const unknown = await sandbox.run('user', 'create', '--email', 'u@example.test', '--password', 'long enough pw', '--admin');
      expect(unknown.status).toBe(2);
      expect(unknown.stderr).toContain("Unknown option '--admin'");
    });

    it('user create limits locations', async () => {
      await withHandle(sandbox, async (handle) => {
        const now = nowIso();
        await handle.db.insertInto('locations').values({ code: 'GINZA', name: '銀座店', kind: 'store', is_active: 1, created_at: now, updated_at: now }).execute();
      });
      const result = await sandbox.run(
        'user', 'create', '--email', 'ginza@example.test', '--password', 'long enough pw', '--role', 'sales',
        '--locations', 'MAIN, GINZA', '--default-location', 'ＧＩＮＺＡ',
      );
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
      expect(result.stdout).toContain('role sales, locations MAIN, GINZA');

      await withHandle(sandbox, async (handle) => {
        const user = await handle.db.selectFrom('users').selectAll().where('email', '=', 'ginza@example.test').executeTakeFirstOrThrow();
        const locations = await handle.db
          .selectFrom('user_locations')
          .innerJoin('locations', 'locations.id', 'user_locations.location_id')
          .select('locations.code')
          .where('user_locations.user_id', '=', user.id)
          .orderBy('locations.code')
          .execute();
        const ginza = await handle.db.selectFrom('locations').select('id').where('code', '=', 'GINZA').executeTakeFirstOrThrow();
        expect(user.all_locations).toBe(0);
        expect(locations.map((row) => row.code)).toEqual(['GINZA', 'MAIN']);
        expect(user.default_location_id).toBe(ginza.id);
      });

      const unknown = await sandbox.run('user', 'create', '--email', 'nope@example.test', '--password', 'long enough pw', '--locations', 'MAIN,NOPE');
      expect(unknown.status).toBe(1);
      expect(unknown.stderr).toContain('The location "NOPE" was not found');

      const outside = await sandbox.run(
        'user', 'create', '--email', 'outside@example.test', '--password', 'long enough pw', '--locations', 'MAIN', '--default-location', 'GINZA',
      );
      expect(outside.status).toBe(1);
      expect(outside.stderr).toContain("is not one of the user's locations");

      const weak = await sandbox.run('user', 'create', '--email', 'weak@example.test', '--password', 'qwerty123456');
      expect(weak.status).toBe(1);
      expect(weak.stderr).toContain('rule: no easily guessed passwords');
    });

    it('rotate-key re-seals every secret', async () => {
      const before = loadConfig(sandbox.env);
      await withHandle(sandbox, async (handle) => {
        await handle.db.deleteFrom('instance_secrets').execute();
        await putSecret(handle.db, secretKeyring(before), 'yahoo.api_key', 'ヤフーの鍵');
        await putSecret(handle.db, secretKeyring(before), 'yamato.password', 'b2-cloud-pass');
      });

      const result = await sandbox.run('rotate-key');
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
      expect(result.stdout).toContain(`Re-sealed 2 values in ${SEALED_COLUMNS.length} sealed columns`);
      expect(result.stdout).toContain('Restart the server');

      const after = loadConfig(sandbox.env);
      expect(after.secretKey.equals(before.secretKey)).toBe(false);
      expect(result.stdout).toContain(`(id ${keyIdOf(after.secretKey)})`);
      expect(existsSync(path.join(sandbox.dataDir, 'secret.key.next'))).toBe(false);
      expect(statSync(path.join(sandbox.dataDir, 'secret.key')).mode & 0o777).toBe(0o600);
      const previous = readdirSync(sandbox.dataDir).filter((name) => name.startsWith('secret.key.previous-'));
      expect(previous.length).toBeGreaterThanOrEqual(1);
      const kept = previous.map((name) => readFileSync(path.join(sandbox.dataDir, name), 'utf8').trim());
      expect(kept).toContain(before.secretKey.toString('hex'));

      await withHandle(sandbox, async (handle) => {
        expect(await getSecret(handle.db, after.secretKey, 'yahoo.api_key')).toBe('ヤフーの鍵');
        expect(await getSecret(handle.db, after.secretKey, 'yamato.password')).toBe('b2-cloud-pass');
        await expect(getSecret(handle.db, before.secretKey, 'yahoo.api_key')).rejects.toMatchObject({ code: 'secret_unreadable' });
      });

      const event = await withHandle(sandbox, (handle) =>
        handle.db.selectFrom('audit_events').selectAll().where('action', '=', 'instance.key_rotate').orderBy('id', 'desc').executeTakeFirstOrThrow(),
      );
      expect(event.user_id).toBeNull();
      expect(event.entity_type).toBe('instance');
      expect(JSON.parse(event.detail_json!)).toEqual({ source: 'cli', reencryptedValues: 2, columns: SEALED_COLUMNS.length, newKeyId: keyIdOf(after.secretKey) });
      const stored = JSON.stringify(event);
      for (const key of [before.secretKey, after.secretKey]) {
        expect(stored).not.toContain(key.toString('hex'));
        expect(stored).not.toContain(key.toString('base64'));
      }
    });

    it('rotate-key finishes an interrupted rotation', async () => {
      const current = loadConfig(sandbox.env);
      const next = Buffer.alloc(32, 0x5a);
      await withHandle(sandbox, async (handle) => {
        await handle.db.deleteFrom('instance_secrets').execute();
        await putSecret(handle.db, current.secretKey, 'channel.token', 'tok-123');
      });

      // A rotation that wrote secret.key.next and committed the re-sealed values, then died
      // before it replaced secret.key.
      writeFileSync(path.join(sandbox.dataDir, 'secret.key.next'), next.toString('hex') + '\n', { mode: 0o600 });
      await withHandle(sandbox, (handle) =>
        handle.db.transaction().execute((trx) => resealAll(trx, secretKeyring(current), next)),
      );
      const restarted = loadConfig(sandbox.env);
      expect(restarted.secretKey.equals(current.secretKey)).toBe(true);
      await withHandle(sandbox, async (handle) => {
        expect(await getSecret(handle.db, secretKeyring(restarted), 'channel.token')).toBe('tok-123');
      });

      const other = await sandbox.run('rotate-key', '--new-key', Buffer.alloc(32, 0x11).toString('base64'));
      expect(other.status).toBe(1);
      expect(other.stderr).toContain('Run the command without --new-key to finish that rotation first');

      const result = await sandbox.run('rotate-key');
      expect(result.status).toBe(0);
      expect(result.stderr).toContain(`the interrupted rotation to key id ${keyIdOf(next)} continues`);
      expect(loadConfig(sandbox.env).secretKey.equals(next)).toBe(true);
      expect(existsSync(path.join(sandbox.dataDir, 'secret.key.next'))).toBe(false);
      await withHandle(sandbox, async (handle) => {
        expect(await getSecret(handle.db, next, 'channel.token')).toBe('tok-123');
      });
    });

    it('rotate-key with the key in the environment', async () => {
      const fileKey = loadConfig(sandbox.env).secretKey;
      await withHandle(sandbox, async (handle) => {
        await handle.db.deleteFrom('instance_secrets').execute();
        await putSecret(handle.db, fileKey, 'rakuten.license_key', 'rms-license');
      });
      sandbox.env.TSUNAGU_SECRET_KEY = fileKey.toString('hex');
      try {
        const given = Buffer.alloc(32, 0x42);
        const result = await sandbox.run('rotate-key', '--new-key', given.toString('base64'));
        expect(result.status).toBe(0);
        expect(result.stdout).toContain('Set TSUNAGU_SECRET_KEY to the new key and restart the server');
        expect(result.stdout).not.toContain('New key:');
        expect(loadConfig(sandbox.env).secretKey.equals(fileKey)).toBe(true);
        await withHandle(sandbox, async (handle) => {
          expect(await getSecret(handle.db, given, 'rakuten.license_key')).toBe('rms-license');
          await expect(getSecret(handle.db, fileKey, 'rakuten.license_key')).rejects.toMatchObject({ code: 'secret_unreadable' });
        });

        sandbox.env.TSUNAGU_SECRET_KEY = given.toString('base64');
        const generated = await sandbox.run('rotate-key');
        expect(generated.status).toBe(0);
        const printed = /New key: ([0-9a-f]{64})/.exec(generated.stdout)![1]!;
        await withHandle(sandbox, async (handle) => {
          expect(await getSecret(handle.db, Buffer.from(printed, 'hex'), 'rakuten.license_key')).toBe('rms-license');
        });

        const invalid = await sandbox.run('rotate-key', '--new-key', 'too-short');
        expect(invalid.status).toBe(2);
        expect(invalid.stderr).toContain('--new-key must be a 32-byte key');
      } finally {
        delete sandbox.env.TSUNAGU_SECRET_KEY;
        await withHandle(sandbox, (handle) => handle.db.deleteFrom('instance_secrets').execute());
      }
    });

    it('analytics rebuild recomputes the daily summaries', async () => {
      const result = await sandbox.run('analytics', 'rebuild');
      expect(result.status, result.stderr).toBe(0);
      expect(result.stdout).toMatch(/^OK: rebuilt \d+ daily rows and \d+ staff rows from \d+ sales facts/);
    });

    it('verify passes on a consistent ledger', async () => {
      const result = await sandbox.run('verify');
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
      expect(result.stdout).toMatch(/^OK: \d+ ledger rows and \d+ stock balances agree/);
    });

    it('verify lists a balance without movements', async () => {
      // A balance written behind the ledger's back, as a bug or a manual edit would leave it.
      await withHandle(sandbox, async (handle) => {
        const now = nowIso();
        const location = await handle.db.selectFrom('locations').select('id').where('code', '=', 'TRANSIT').executeTakeFirstOrThrow();
        const item = await handle.db
          .insertInto('items')
          .values({
            stock_number: 'CLI-VERIFY-1',
            tracking: 'unique',
            unit: 'piece',
            status: 'in_stock',
            name: 'test ring',
            category: 'ring',
            condition: 'new',
            cost: 1000,
            retail_price: 3300,
            tax_rate_percent: 10,
            tags: '[]',
            ownership: 'own',
            search_text: 'test ring',
            created_at: now,
            updated_at: now,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await handle.db
          .insertInto('stock_balances')
          .values({ item_id: item.id, location_id: location.id, quantity: 1, is_unique: 1, updated_at: now })
          .execute();
      });

      const result = await sandbox.run('verify');
      expect(result.status).toBe(1);
      expect(result.stdout).toContain('Mismatch: stock number CLI-VERIFY-1 at location TRANSIT: balance 1, ledger total 0');
      expect(result.stderr).toContain('1 stock balances differ from the ledger');
    });

    it('import items reports each error', async () => {
      const file = path.join(sandbox.dataDir, 'items.csv');
      writeFileSync(file, ITEMS_CSV);

      const blocked = await sandbox.run('import', 'items', file);
      expect(blocked.status).toBe(1);
      expect(blocked.stdout).toContain('Nothing imported');
      expect(blocked.stdout).toContain('3 rows: 0 created');
      expect(blocked.stderr).toContain('Error row 4, column "地金" (value "XX99")');
      expect(blocked.stderr).toContain('add --valid-rows-only to import the 2 valid rows');
      expect(await countItemsLike(sandbox, 'CLI-IMP-%')).toBe(0);

      const dryRun = await sandbox.run('import', 'items', file, '--valid-rows-only', '--dry-run');
      expect(dryRun.status).toBe(0);
      expect(dryRun.stdout).toContain('Dry run, nothing written');
      expect(await countItemsLike(sandbox, 'CLI-IMP-%')).toBe(0);

      const partial = await sandbox.run('import', 'items', file, '--valid-rows-only');
      expect(partial.status).toBe(0);
      expect(partial.stdout).toContain('2 created, 0 skipped as imported before, 1 with errors');
      expect(await countItemsLike(sandbox, 'CLI-IMP-%')).toBe(2);

      const again = await sandbox.run('import', 'items', file, '--valid-rows-only');
      expect(again.stdout).toContain('0 created, 2 skipped as imported before');
      expect(await countItemsLike(sandbox, 'CLI-IMP-%')).toBe(2);
    });

    it('import items uses the only store', async () => {
      const shopify = path.resolve(ROOT, '../shared/data/real/shopify-jewelery.csv');
      if (!existsSync(shopify)) return;

      // A sandbox of its own: these items hold characters that a CP932 export rejects.
      const own = await createSandbox(kind);
      try {
        const first = await own.run('import', 'items', shopify, '--format', 'shopify');
        expect(first.status).toBe(0);
        expect(first.stderr).toContain('No --location given: stock goes to MAIN');
        expect(first.stdout).toContain('23 rows: 23 created');

        const second = await own.run('import', 'items', shopify, '--format', 'shopify');
        expect(second.status).toBe(0);
        expect(second.stdout).toContain('23 rows: 0 created, 23 skipped as imported before');
      } finally {
        await own.destroy();
      }
    });

    it('import items rejects bad options', async () => {
      const file = path.join(sandbox.dataDir, 'options.csv');
      writeFileSync(file, ITEMS_CSV);

      const format = await sandbox.run('import', 'items', file, '--format', 'excel');
      expect(format.status).toBe(2);
      expect(format.stderr).toContain('--format cannot be "excel". Use one of: tsunagu, shopify');

      const missing = await sandbox.run('import', 'items', path.join(sandbox.dataDir, 'absent.csv'));
      expect(missing.status).toBe(1);
      expect(missing.stderr).toContain('absent.csv was not found');

      const location = await sandbox.run('import', 'items', file, '--location', 'NOWHERE');
      expect(location.status).toBe(1);
      expect(location.stderr).toContain('Location "NOWHERE" was not found');
    });

    it('export items writes CSV', async () => {
      const stdout = await sandbox.run('export', 'items');
      expect(stdout.status).toBe(0);
      expect(stdout.stdout.charCodeAt(0)).toBe(0xfeff);
      expect(stdout.stdout).toContain('Stock number,');
      expect(stdout.stdout).toContain('CLI-IMP-0001,');
      expect(stdout.stderr).toMatch(/Exported \d+ items \(utf8\)/);

      const output = path.join(sandbox.dataDir, 'export-cp932.csv');
      const file = await sandbox.run('export', 'items', '--encoding', 'cp932', '--output', output);
      expect(file.status).toBe(0);
      expect(file.stdout).toContain(`to ${output} (cp932,`);
      const text = iconv.decode(readFileSync(output), 'cp932');
      expect(text).toContain('PT900 ダイヤモンド リング');
    });

    if (kind === 'postgres') {
      it('backup and restore point to PostgreSQL tools', async () => {
        const backup = await sandbox.run('backup', path.join(sandbox.dataDir, 'x.sqlite'));
        expect(backup.status).toBe(1);
        expect(backup.stderr).toContain('use pg_dump');

        const restore = await sandbox.run('restore', path.join(sandbox.dataDir, 'x.sqlite'));
        expect(restore.status).toBe(1);
        expect(restore.stderr).toContain('use pg_restore');
      });
    }
  });
}

describe('cli backup and restore [sqlite]', () => {
  let sandbox: CliSandbox;
  beforeAll(async () => {
    sandbox = await createSandbox('sqlite');
    await sandbox.run('migrate');
  });
  afterAll(async () => {
    await sandbox.destroy();
  });

  const userEmails = () =>
    withHandle(sandbox, async (handle) =>
      (await handle.db.selectFrom('users').select('email').orderBy('email').execute()).map((r) => r.email),
    );

  it('restore brings back the backed-up state', async () => {
    expect((await sandbox.run('user', 'create', '--email', 'before@example.test', '--password', 'long enough pw')).status).toBe(0);
    const file = path.join(sandbox.dataDir, 'round-trip.sqlite');

    const backup = await sandbox.run('backup', file);
    expect(backup.stderr).toBe('');
    expect(backup.status).toBe(0);
    expect(backup.stdout).toContain(`to ${file}`);
    expect(existsSync(`${file}-wal`)).toBe(false);

    expect((await sandbox.run('user', 'create', '--email', 'after@example.test', '--password', 'long enough pw')).status).toBe(0);
    expect(await userEmails()).toEqual(['after@example.test', 'before@example.test']);

    const restore = await sandbox.run('restore', file);
    expect(restore.stderr).toBe('');
    expect(restore.status).toBe(0);
    expect(await userEmails()).toEqual(['before@example.test']);

    // The replaced database is kept whole, with the user created after the backup.
    const bakFiles = readdirSync(sandbox.dataDir).filter((name) => /^tsunagu\.sqlite\.\d{8}T\d{6}Z\.bak$/.test(name));
    expect(bakFiles).toHaveLength(1);
    expect(restore.stdout).toContain(`kept as ${path.join(sandbox.dataDir, bakFiles[0]!)}`);
    const previous = new SqliteDatabase(path.join(sandbox.dataDir, bakFiles[0]!), { readonly: true });
    expect(previous.prepare("select count(*) as n from users where email = 'after@example.test'").get()).toEqual({ n: 1 });
    previous.close();
  });

  it('restore keeps writes of a crashed process', async () => {
    const file = path.join(sandbox.dataDir, 'before-crash.sqlite');
    expect((await sandbox.run('backup', file)).status).toBe(0);

    // A process that commits in WAL mode and dies before checkpointing leaves the write
    // in tsunagu.sqlite-wal beside a -shm file.
    const database = path.join(sandbox.dataDir, 'tsunagu.sqlite');
    const script = [
      `const Database = require(${JSON.stringify(path.join(ROOT, 'node_modules/better-sqlite3'))});`,
      `const db = new Database(${JSON.stringify(database)});`,
      "db.pragma('journal_mode = WAL'); db.pragma('wal_autocheckpoint = 0');",
      "db.prepare(\"insert into document_sequences (name, next_value) values ('crash', 42)\").run();",
      "process.kill(process.pid, 'SIGKILL');",
    ].join('\n');
    await promisify(execFile)(process.execPath, ['-e', script]).catch(() => undefined);
    expect(existsSync(`${database}-wal`)).toBe(true);

    const result = await sandbox.run('restore', file);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(existsSync(`${database}-shm`)).toBe(false);

    const bak = /kept as (\S+)\.\n/.exec(result.stdout)![1]!;
    const previous = new SqliteDatabase(bak, { readonly: true });
    expect(previous.prepare("select next_value from document_sequences where name = 'crash'").get()).toEqual({ next_value: 42 });
    previous.close();
  });

  it('backup keeps an existing file', async () => {
    const file = path.join(sandbox.dataDir, 'existing.sqlite');
    writeFileSync(file, 'keep me');

    const result = await sandbox.run('backup', file);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`The file ${file} already exists`);
    expect(readFileSync(file, 'utf8')).toBe('keep me');
  });

  it('backup names a missing folder', async () => {
    const file = path.join(sandbox.dataDir, 'no-such-folder', 'copy.sqlite');
    const result = await sandbox.run('backup', file);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`The folder ${path.dirname(file)} does not exist`);
  });

  it('restore rejects files that are not tsunagu databases', async () => {
    const text = path.join(sandbox.dataDir, 'notes.txt');
    writeFileSync(text, 'not a database at all, just some text that is long enough to have a header');
    const fromText = await sandbox.run('restore', text);
    expect(fromText.status).toBe(1);
    expect(fromText.stderr).toContain(`${text} cannot be used as a tsunagu database: it is not an SQLite database file`);

    const other = path.join(sandbox.dataDir, 'other.sqlite');
    const database = new SqliteDatabase(other);
    database.exec('create table notes (body text)');
    database.close();
    const fromOther = await sandbox.run('restore', other);
    expect(fromOther.status).toBe(1);
    expect(fromOther.stderr).toContain('missing tables kysely_migration');

    const missing = await sandbox.run('restore', path.join(sandbox.dataDir, 'nowhere.sqlite'));
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('was not found');

    expect(readdirSync(sandbox.dataDir).filter((name) => name.includes('.restoring-'))).toEqual([]);
  });

  it('restore rejects a newer database', async () => {
    const file = path.join(sandbox.dataDir, 'future.sqlite');
    expect((await sandbox.run('backup', file)).status).toBe(0);
    const database = new SqliteDatabase(file);
    database.prepare('insert into kysely_migration (name, timestamp) values (?, ?)').run('9999_future', nowIso());
    database.close();

    const result = await sandbox.run('restore', file);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('written by a newer tsunagu (migration 9999_future');
  });

  it('restore rejects an open database', async () => {
    const file = path.join(sandbox.dataDir, 'while-open.sqlite');
    expect((await sandbox.run('backup', file)).status).toBe(0);

    const before = await userEmails();
    // A second connection, as a running server would hold.
    await withHandle(sandbox, async (handle) => {
      await handle.db.selectFrom('users').select('id').execute();
      const result = await sandbox.run('restore', file);
      expect(result.status).toBe(1);
      expect(result.stderr).toContain('is open in another process');
    });
    expect(await userEmails()).toEqual(before);
  });
});

describe('cli messages', () => {
  it('errors default to Japanese', async () => {
    const sandbox = await createSandbox('sqlite', '');
    try {
      const result = await sandbox.run('frobnicate');
      expect(result.status).toBe(2);
      expect(result.stderr).toContain('コマンド「frobnicate」はありません');
    } finally {
      await sandbox.destroy();
    }
  });

  it('help lists every command', async () => {
    const sandbox = await createSandbox('sqlite');
    try {
      const result = await sandbox.run('help');
      expect(result.status).toBe(0);
      for (const usage of ['migrate', 'import items FILE', 'export items', 'user create', 'rotate-key', 'backup FILE', 'restore FILE', 'verify', 'analytics rebuild', 'demo']) {
        expect(result.stdout).toContain(`tsunagu ${usage}`);
      }
    } finally {
      await sandbox.destroy();
    }
  });

  it('export keeps notices off stdout', async () => {
    const sandbox = await createSandbox('sqlite');
    try {
      const result = await sandbox.run('export', 'items');
      expect(result.status).toBe(0);
      expect(result.stderr).toContain('Applied migrations');
      expect(result.stdout.startsWith('\uFEFFStock number,')).toBe(true);
    } finally {
      await sandbox.destroy();
    }
  });

  it('demo loads once', async () => {
    const sandbox = await createSandbox('sqlite');
    try {
      const first = await sandbox.run('demo', '--load-only');
      expect(first.stderr).toContain('Applied migrations');
      expect(first.status).toBe(0);
      expect(first.stdout).toContain('Loaded the demo data');
      expect(first.stdout).toContain('Company: 宝石のつなぐ屋（デモ）');

      const second = await sandbox.run('demo', '--load-only');
      expect(second.status).toBe(1);
      expect(second.stderr).toContain('The demo data is already loaded');

      const verify = await sandbox.run('verify');
      expect(verify.status).toBe(0);
    } finally {
      await sandbox.destroy();
    }
  });

  it('bin runs through tsx', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'tsunagu-cli-bin-'));
    try {
      const { stdout } = await promisify(execFile)(process.execPath, [path.join(ROOT, 'bin/tsunagu.js'), 'migrate'], {
        env: { PATH: process.env.PATH, DATA_DIR: dataDir, LANG: 'en_US.UTF-8' },
      });
      expect(stdout).toContain('Applied migrations');

      const failure = await promisify(execFile)(process.execPath, [path.join(ROOT, 'bin/tsunagu.js'), 'nope'], {
        env: { PATH: process.env.PATH, DATA_DIR: dataDir, LANG: 'en_US.UTF-8' },
      }).catch((error: { code: number; stderr: string }) => error);
      expect(failure).toMatchObject({ code: 2 });
      expect((failure as { stderr: string }).stderr).toContain('There is no command "nope"');
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
