import { expect, it } from 'vitest';
import { signIn, testConfig, useSignedInApp, type ApiClient } from '../../../test/helpers/app.js';
import { describeEachDatabase } from '../../../test/helpers/database.js';
import { uniqueCode } from '../../../test/helpers/factories.js';
import { nowIso } from '../../db/database.js';
import { buildApp } from '../../server/app.js';
import { PERMISSIONS, type Permission } from './permissions.js';

describeEachDatabase('route permissions', (database) => {
  const { app } = useSignedInApp(database);

  /** Signs in a user whose role has exactly the given permissions. */
  async function userWith(permissions: Permission[]): Promise<ApiClient> {
    const code = uniqueCode('role').toLowerCase();
    await database()
      .db.insertInto('roles')
      .values({ code, name_ja: code, name_en: code, permissions: JSON.stringify(permissions), is_builtin: 0, created_at: nowIso(), updated_at: nowIso() })
      .execute();
    return signIn(app(), database(), 'en', { role: code });
  }

  it('every api route declares a permission', () => {
    const routes = app().routeTable;
    expect(routes.length).toBeGreaterThan(30);
    for (const route of routes) {
      expect(route.public || route.permission !== undefined, `${route.method} ${route.url}`).toBe(true);
    }
  });

  it('a route without a permission stops the app', async () => {
    const build = buildApp({
      db: database().db,
      databaseKind: database().kind,
      config: testConfig(),
      logger: false,
      webRoot: '/nonexistent',
    }).then(async (built) => {
      built.get('/api/unguarded', async () => ({ ok: true }));
      await built.ready();
    });
    await expect(build).rejects.toThrow('declares no permission');
  });

  it('each permission is required and sufficient', async () => {
    const routes = app().routeTable.filter((route) => !route.public && route.permission !== undefined && route.permission !== 'session');
    const covered = new Set(routes.map((route) => route.permission));

    for (const permission of PERMISSIONS.filter((p) => covered.has(p))) {
      const without = await userWith(PERMISSIONS.filter((p) => p !== permission));
      const holder = await userWith([permission]);

      for (const route of routes.filter((r) => r.permission === permission)) {
        // A route that also requires other permissions refuses the holder of only this one,
        // and is checked below with a user holding all of them.
        const fullHolder = route.alsoRequires.length === 0 ? holder : await userWith([permission, ...route.alsoRequires]);
        const url = route.url.replace(/:[a-zA-Z]+/g, '1');
        const method = route.method as 'GET' | 'POST' | 'PUT';
        const body = method === 'GET' ? undefined : {};
        const denied = await without.request(method, url, body);
        expect(denied.statusCode, `${route.method} ${route.url} without ${permission}`).toBe(403);
        expect(denied.json().error.code).toBe('permission_denied');

        if (route.alsoRequires.length > 0) {
          const partial = await holder.request(method, url, body);
          expect(partial.statusCode, `${route.method} ${route.url} with only ${permission}`).toBe(403);
        }
        const allowed = await fullHolder.request(method, url, body);
        expect([401, 403], `${route.method} ${route.url} with ${[permission, ...route.alsoRequires].join(', ')}`).not.toContain(allowed.statusCode);
      }
    }
    // Three requests per route, and every module adds routes: allow more than the default 30 s.
  }, 120_000);

  it('denial names the permission in japanese', async () => {
    const viewer = await signIn(app(), database(), 'ja', { role: 'viewer' });
    const response = await viewer.post('/api/locations', { code: 'NOPE', name: 'x', kind: 'store' });
    expect(response.statusCode).toBe(403);
    expect(response.json().error.message).toContain('「設定の変更」の権限が必要です');
  });

  it('builtin roles exist with their matrix', async () => {
    const sales = await signIn(app(), database(), 'en', { role: 'sales' });
    const session = await sales.get('/api/auth/session');
    expect(session.statusCode).toBe(200);
    expect(session.json().user.role).toBe('sales');
    expect(session.json().user.permissions).toContain('sales.sell');
    expect(session.json().user.permissions).not.toContain('cost.view');
  });
});

