// Permission checks of the screens. The server checks every request itself, and the screens
// use the same codes only to leave out menus, columns and buttons the user cannot use.
// The codes and their names come from the server's module, which the bundle includes, so
// that the two cannot drift apart. That module must stay free of Node-only imports.
import { PERMISSION_LABELS, type Permission } from '../../../src/modules/access/permissions.js';
import type { Locale } from '../lib/format.js';

export { PERMISSIONS, type Permission } from '../../../src/modules/access/permissions.js';

/** Permission requirement of a screen: one permission, or a list of which any one is enough. */
export type PermissionRequirement = Permission | readonly Permission[];

interface PermissionHolder {
  isOwner: boolean;
  permissions: readonly string[];
}

/** Returns true when the user has the permission. Owners have every permission. */
export function hasPermission(user: PermissionHolder | undefined, permission: Permission): boolean {
  if (!user) return false;
  return user.isOwner || user.permissions.includes(permission);
}

/** Returns true when the requirement is empty or the user has one of its permissions. */
export function meetsRequirement(user: PermissionHolder | undefined, requirement: PermissionRequirement | undefined): boolean {
  if (requirement === undefined) return user !== undefined;
  const anyOf: readonly Permission[] = typeof requirement === 'string' ? [requirement] : requirement;
  return anyOf.some((permission) => hasPermission(user, permission));
}

/** Returns the permissions of a requirement the user lacks, for the "no permission" page. */
export function missingPermissions(user: PermissionHolder | undefined, requirement: PermissionRequirement | undefined): Permission[] {
  if (requirement === undefined || meetsRequirement(user, requirement)) return [];
  return typeof requirement === 'string' ? [requirement] : [...requirement];
}

/** Returns the name of a permission in the screen language, e.g. 「償却」 for stock.write_off. */
export function permissionName(permission: Permission, locale: Locale): string {
  return PERMISSION_LABELS[permission][locale];
}
