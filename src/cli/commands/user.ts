import { z } from 'zod';
import { createUser } from '../../modules/auth/service.js';
import { choiceOption, parseCommandArgs, requiredOption } from '../args.js';
import { withDatabase, type CliContext } from '../context.js';
import { cliErrors } from '../errors.js';

const LOCALES = ['ja', 'en'] as const;

/** `tsunagu user create --email E --password P [--name N] [--locale ja|en] [--role ROLE]` (role defaults to viewer). */
export async function userCreateCommand(ctx: CliContext, args: string[]): Promise<number> {
  const { values } = parseCommandArgs(
    args,
    {
      email: { type: 'string' },
      password: { type: 'string' },
      name: { type: 'string' },
      locale: { type: 'string' },
      role: { type: 'string' },
    },
    [],
  );
  const email = requiredOption('email', values.email).trim();
  const password = requiredOption('password', values.password);
  const locale = choiceOption('locale', values.locale, LOCALES, 'ja');
  if (!z.email().safeParse(email).success) throw cliErrors.invalid_email({ email });

  return withDatabase(await ctx.openMigratedDatabase(), async (handle) => {
    const user = await createUser(handle.db, {
      email,
      password,
      locale,
      ...(values.role ? { role: values.role.trim() } : {}),
      ...(values.name ? { displayName: values.name.trim() } : {}),
    });
    ctx.say({
      ja: `ユーザーを作成しました: ${user.email}（ID ${user.id}、表示名 ${user.displayName}、言語 ${user.locale}、ロール ${user.role}）`,
      en: `Created user ${user.email} (id ${user.id}, name ${user.displayName}, language ${user.locale}, role ${user.role}).`,
    });
    return 0;
  });
}
