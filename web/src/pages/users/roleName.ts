import type { Role } from '../../api/types.js';
import type { Locale } from '../../lib/format.js';

/** Returns a role's name in the screen language, falling back to the other language and then the code. */
export function roleName(role: Pick<Role, 'code' | 'nameJa' | 'nameEn'>, locale: Locale): string {
  const preferred = locale === 'en' ? role.nameEn : role.nameJa;
  const other = locale === 'en' ? role.nameJa : role.nameEn;
  return preferred.trim() || other.trim() || role.code;
}
