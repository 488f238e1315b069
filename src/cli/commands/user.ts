import { z } from 'zod';
import type { Executor } from '../../db/database.js';
import { createUser } from '../../modules/auth/service.js';
import { userErrors } from '../../modules/users/errors.js';
import { resolveLocationAssignment } from '../../modules/users/locations.js';
import { recordUserCreated } from '../../modules/users/service.js';
import { choiceOption, parseCommandArgs, requiredOption } from '../args.js';
import { cliAuditActor, withDatabase, type CliContext } from '../context.js';
import { cliErrors } from '../errors.js';

const LOCALES = ['ja', 'en'] as const;

/** Looks up location ids by code, as typed (full-width input folded); raises location_not_found naming the code. */
async function locationIdsByCode(db: Executor, codes: readonly string[]): Promise<number[]> {
  const normalized = codes.map((code) => code.normalize('NFKC').trim()).filter((code) => code !== '');
  if (normalized.length === 0) return [];
  const rows = await db.selectFrom('locations').select(['id', 'code']).where('code', 'in', normalized).where('kind', '!=', 'transit').execute();
  const byCode = new Map(rows.map((row) => [row.code, row.id]));
  return normalized.map((code) => {
    const id = byCode.get(code);
    if (id === undefined) throw userErrors.location_not_found({ location: code });
    return id;
  });
}

/**
 * `tsunagu user create --email E --password P [--name N] [--locale ja|en] [--role ROLE]
 * [--locations CODE,...] [--default-location CODE]`. The role defaults to viewer; without
 * --locations the user may act at every location. The audit trail gets a 'user.create' event
 * without a user and with `source: 'cli'`, written in the transaction of the insert.
 */
export async function userCreateCommand(ctx: CliContext, args: string[]): Promise<number> {
  const { values } = parseCommandArgs(
    args,
    {
      email: { type: 'string' },
      password: { type: 'string' },
      name: { type: 'string' },
      locale: { type: 'string' },
      role: { type: 'string' },
      locations: { type: 'string' },
      'default-location': { type: 'string' },
    },
    [],
  );
  const email = requiredOption('email', values.email).trim();
  const password = requiredOption('password', values.password);
  const locale = choiceOption('locale', values.locale, LOCALES, 'ja');
  if (!z.email().safeParse(email).success) throw cliErrors.invalid_email({ email });
  const role = values.role?.trim() || 'viewer';

  return withDatabase(await ctx.openMigratedDatabase(), async (handle) => {
    const user = await handle.db.transaction().execute(async (trx) => {
      const locationIds = values.locations === undefined ? undefined : await locationIdsByCode(trx, values.locations.split(','));
      const defaultCode = values['default-location'];
      const [defaultLocationId] = defaultCode === undefined ? [undefined] : await locationIdsByCode(trx, [defaultCode]);
      const assignment = await resolveLocationAssignment(trx, role, {
        allLocations: locationIds === undefined ? undefined : false,
        locationIds,
        defaultLocationId,
      });

      const created = await createUser(trx, {
        email,
        password,
        locale,
        role,
        isOwner: role === 'owner',
        ...(values.name ? { displayName: values.name.trim() } : {}),
        ...(assignment.allLocations ? {} : { locationIds: assignment.locationIds }),
        defaultLocationId: assignment.defaultLocationId,
      });
      await recordUserCreated(trx, cliAuditActor(), created.id, { source: 'cli' });
      return created;
    });

    const where = user.scope.all
      ? { ja: 'すべての拠点', en: 'every location' }
      : { ja: `拠点 ${values.locations}`, en: `locations ${values.locations}` };
    ctx.say({
      ja: `ユーザーを作成しました: ${user.email}（ID ${user.id}、表示名 ${user.displayName}、言語 ${user.locale}、ロール ${user.role}、${where.ja}）`,
      en: `Created user ${user.email} (id ${user.id}, name ${user.displayName}, language ${user.locale}, role ${user.role}, ${where.en}).`,
    });
    return 0;
  });
}
