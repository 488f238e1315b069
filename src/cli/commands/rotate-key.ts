import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync } from 'node:fs';
import path from 'node:path';
import { NEXT_SECRET_KEY_FILE, parseSecretKey, PREVIOUS_SECRET_KEY_PREFIX, SECRET_KEY_FILE, secretKeyring, writeKeyFile } from '../../config.js';
import { recordAudit } from '../../modules/audit/service.js';
import { keyIdOf, keyringOf, resealAll, SECRET_KEY_BYTES } from '../../shared/secrets.js';
import { parseCommandArgs } from '../args.js';
import { cliAuditActor, withDatabase, type CliContext } from '../context.js';
import { cliErrors } from '../errors.js';

/** Flushes a folder's entries, so that a rename in it survives a power loss. */
function syncFolder(folder: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(folder, 'r');
    fsyncSync(fd);
  } catch {
    // Some platforms (Windows) cannot open or flush a folder; the rename itself is still atomic.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * `tsunagu rotate-key [--new-key KEY]`: re-seals every sealed value under a new instance key.
 *
 * With the key in DATA_DIR/secret.key the steps are: write the new key to secret.key.next
 * (mode 0600), re-seal all values in one transaction, copy the old key to
 * secret.key.previous-<time>, and rename secret.key.next over secret.key. The server loads
 * secret.key.next and the previous keys as well, so a crash between any two steps loses no
 * value, and running the command again finishes an interrupted rotation.
 *
 * With TSUNAGU_SECRET_KEY the new key comes from --new-key or is generated and printed
 * before anything changes; the operator then sets the variable to it.
 *
 * The re-sealing transaction also writes an 'instance.key_rotate' audit event with the
 * count of values and the new key's id.
 */
export async function rotateKeyCommand(ctx: CliContext, args: string[]): Promise<number> {
  const { values } = parseCommandArgs(args, { 'new-key': { type: 'string' } }, []);
  const requested = values['new-key'] === undefined ? undefined : parseSecretKey(values['new-key']);
  if (values['new-key'] !== undefined && !requested) throw cliErrors.invalid_key({ option: 'new-key' });

  const config = ctx.config;
  const keyring = secretKeyring(config);
  const fromEnvironment = Boolean(ctx.io.env.TSUNAGU_SECRET_KEY);
  const keyFile = path.join(config.dataDir, SECRET_KEY_FILE);
  const nextFile = path.join(config.dataDir, NEXT_SECRET_KEY_FILE);

  let newKey: Buffer;
  if (!fromEnvironment && existsSync(nextFile)) {
    newKey = parseSecretKey(readFileSync(nextFile, 'utf8'))!;
    if (requested && !requested.equals(newKey)) throw cliErrors.rotation_unfinished({ file: nextFile });
    ctx.warn({
      ja: `${nextFile} が残っているため、中断したローテーション（鍵 ID ${keyIdOf(newKey)}）を続けます。`,
      en: `${nextFile} exists, so the interrupted rotation to key id ${keyIdOf(newKey)} continues.`,
    });
  } else {
    newKey = requested ?? randomBytes(SECRET_KEY_BYTES);
  }
  if (newKey.equals(keyring.primary)) throw cliErrors.same_key({});

  if (fromEnvironment && !requested) {
    // Shown before the values change, so that a crash after the commit cannot lose the key.
    ctx.say({ ja: `新しい鍵: ${newKey.toString('hex')}`, en: `New key: ${newKey.toString('hex')}` });
  }
  if (!fromEnvironment && !existsSync(nextFile)) {
    writeKeyFile(nextFile, newKey);
    syncFolder(config.dataDir);
  }

  const opening = keyringOf(keyring.primary, [...keyring.others, newKey]);
  const summary = await withDatabase(await ctx.openMigratedDatabase(), (handle) =>
    handle.db.transaction().execute(async (trx) => {
      const resealed = await resealAll(trx, opening, newKey);
      // The detail names the new key by its id, never its value. "reencryptedValues" avoids
      // the word "sealed", which the audit mask treats as a secret and would hide.
      await recordAudit(trx, cliAuditActor(), {
        action: 'instance.key_rotate',
        entityType: 'instance',
        detail: { source: 'cli', reencryptedValues: resealed.values, columns: resealed.columns, newKeyId: keyIdOf(newKey) },
      });
      return resealed;
    }),
  );
  ctx.say({
    ja: `暗号化して保存した値 ${summary.values} 件（対象 ${summary.columns} 列）を、新しい鍵（ID ${keyIdOf(newKey)}）で暗号化し直しました。`,
    en: `Re-sealed ${summary.values} values in ${summary.columns} sealed columns with the new key (id ${keyIdOf(newKey)}).`,
  });

  if (fromEnvironment) {
    ctx.say({
      ja: 'TSUNAGU_SECRET_KEY を新しい鍵に変えて、サーバーを再起動してください。それまでサーバーは暗号化し直した値を復号できません。以前の鍵は、今より前のバックアップを読むために保管してください。',
      en: 'Set TSUNAGU_SECRET_KEY to the new key and restart the server; until then it cannot open the re-sealed values. Keep the old key with the backups made before now.',
    });
    return 0;
  }

  // A copy rather than a rename, so that secret.key exists at every moment.
  const previousFile = path.join(config.dataDir, `${PREVIOUS_SECRET_KEY_PREFIX}${new Date().toISOString().replace(/[:.]/g, '-')}`);
  writeKeyFile(previousFile, keyring.primary);
  renameSync(nextFile, keyFile);
  syncFolder(config.dataDir);
  ctx.say({
    ja: `${keyFile} を新しい鍵にしました。以前の鍵は ${previousFile} に残しています（今より前のバックアップを読むのに必要です）。サーバーを再起動してください。`,
    en: `${keyFile} now holds the new key. The old key is kept in ${previousFile}, which backups made before now need. Restart the server.`,
  });
  return 0;
}
