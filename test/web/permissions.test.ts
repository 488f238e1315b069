import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { hasPermission, meetsRequirement, missingPermissions, permissionName, PERMISSIONS } from '../../web/src/auth/permissions.js';

const owner = { isOwner: true, permissions: [] };
const sales = { isOwner: false, permissions: ['stock.view', 'stock.transfer', 'sales.sell', 'customers.personal_data'] };
const nobody = { isOwner: false, permissions: [] };

describe('web permissions', () => {
  it('permissionName names each permission', () => {
    expect(permissionName('stock.write_off', 'ja')).toBe('償却');
    expect(permissionName('users.manage', 'en')).toBe('Manage users');
  });

  it('hasPermission gives owners everything', () => {
    expect(hasPermission(owner, 'users.manage')).toBe(true);
    expect(hasPermission(sales, 'stock.transfer')).toBe(true);
    expect(hasPermission(sales, 'stock.write_off')).toBe(false);
    expect(hasPermission(undefined, 'stock.view')).toBe(false);
  });

  it('meetsRequirement takes any of a list', () => {
    expect(meetsRequirement(sales, undefined)).toBe(true);
    expect(meetsRequirement(undefined, undefined)).toBe(false);
    expect(meetsRequirement(sales, ['items.edit', 'stock.view'])).toBe(true);
    expect(meetsRequirement(sales, ['items.edit', 'data.export'])).toBe(false);
  });

  it('missingPermissions names what a screen needs', () => {
    expect(missingPermissions(sales, 'users.manage')).toEqual(['users.manage']);
    expect(missingPermissions(sales, ['items.edit', 'data.export'])).toEqual(['items.edit', 'data.export']);
    expect(missingPermissions(sales, 'stock.view')).toEqual([]);
    expect(missingPermissions(owner, 'audit.view')).toEqual([]);
  });
});

describe('web routes', () => {
  // The router module subscribes to the browser's history events when it loads.
  beforeAll(() => {
    vi.stubGlobal('window', { addEventListener: () => undefined, location: { pathname: '/', search: '' } });
  });
  afterAll(() => {
    vi.unstubAllGlobals();
  });

  it('require known permissions', async () => {
    const { ROUTES } = await import('../../web/src/routes.js');
    const known = new Set<string>(PERMISSIONS);
    const unknown = ROUTES.flatMap((route) => (route.permission === undefined ? [] : [route.permission].flat()).filter((p) => !known.has(p)).map((p) => `${route.path}: ${p}`));
    expect(unknown).toEqual([]);
  });

  it('guard the administration screens', async () => {
    const { permissionOf } = await import('../../web/src/routes.js');
    expect(permissionOf('/users')).toBe('users.manage');
    expect(permissionOf('/roles')).toBe('users.manage');
    expect(permissionOf('/audit')).toBe('audit.view');
    expect(permissionOf('/write-offs')).toBe('stock.write_off');
    expect(permissionOf('/profile')).toBeUndefined();
  });

  it('homePath picks the first screen allowed', async () => {
    const { homePath } = await import('../../web/src/routes.js');
    expect(homePath(owner)).toBe('/items');
    expect(homePath(sales)).toBe('/items');
    expect(homePath({ isOwner: false, permissions: ['audit.view'] })).toBe('/audit');
    expect(homePath(nobody)).toBe('/profile');
  });
});
