import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { signIn, useSignedInApp, type ApiClient } from '../../../test/helpers/app.js';
import { describeEachDatabase } from '../../../test/helpers/database.js';
import { uniqueCode } from '../../../test/helpers/factories.js';
import { BUILTIN_ROLE_PERMISSIONS, BUILTIN_ROLES, PERMISSIONS } from '../access/permissions.js';

describeEachDatabase('roles', (database) => {
  const { app, api } = useSignedInApp(database);

  function newCode(): string {
    return uniqueCode('role').toLowerCase().replace(/[^a-z0-9_]/g, '_');
  }

  /** Creates a custom role as the owner and signs in a user who has it. */
  async function userWithRole(permissions: string[]): Promise<{ client: ApiClient; code: string }> {
    const code = newCode();
    const created = await api().post('/api/roles', { code, nameJa: code, nameEn: code, permissions });
    expect(created.statusCode).toBe(201);
    return { client: await signIn(app(), database(), 'en', { role: code }), code };
  }

  async function auditEvents(action: string, entityId: string) {
    return database()
      .db.selectFrom('audit_events')
      .selectAll()
      .where('action', '=', action)
      .where('entity_id', '=', entityId)
      .orderBy('id')
      .execute();
  }

  it('lists roles and the permission catalogue', async () => {
    const viewer = await signIn(app(), database(), 'en', { role: 'viewer' });
    const response = await viewer.get('/api/roles');
    expect(response.statusCode).toBe(200);

    const { roles, permissions } = response.json() as {
      roles: Array<{ code: string; nameJa: string; permissions: string[]; isBuiltin: boolean; userCount: number }>;
      permissions: Array<{ code: string; labelJa: string; labelEn: string }>;
    };
    expect(roles.slice(0, 6).map((role) => role.code)).toEqual(['owner', 'manager', 'sales', 'online_operator', 'accountant', 'viewer']);
    const manager = roles.find((role) => role.code === 'manager')!;
    expect(manager.permissions).toEqual([...BUILTIN_ROLE_PERMISSIONS.manager]);
    expect(manager.isBuiltin).toBe(true);
    expect(manager.nameJa).toBe('店長');
    expect(roles.find((role) => role.code === 'viewer')!.userCount).toBeGreaterThanOrEqual(1);
    expect(permissions.map((permission) => permission.code)).toEqual([...PERMISSIONS]);
    expect(permissions[0]).toEqual({ code: 'stock.view', labelJa: '在庫の閲覧', labelEn: 'View stock' });
  });

  it('creates a custom role', async () => {
    const code = newCode();
    const created = await api().post('/api/roles', {
      code,
      nameJa: '店舗リーダー',
      nameEn: 'Store lead',
      permissions: ['sales.sell', 'stock.view', 'stock.view'],
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toEqual({
      code,
      nameJa: '店舗リーダー',
      nameEn: 'Store lead',
      permissions: ['stock.view', 'sales.sell'],
      isBuiltin: false,
      userCount: 0,
    });

    const [event] = await auditEvents('role.create', code);
    expect(event!.user_id).toBe(api().userId);
    expect(JSON.parse(event!.after_json!)).toMatchObject({ code, permissions: ['stock.view', 'sales.sell'] });

    const again = await api().post('/api/roles', { code, nameJa: 'x', nameEn: 'x', permissions: [] });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('role_code_taken');
    expect(again.json().error.details).toEqual({ field: 'code' });
  });

  it('rejects bad codes and permissions', async () => {
    const code = await api().post('/api/roles', { code: 'Store-Lead', nameJa: 'x', nameEn: 'x', permissions: [] });
    expect(code.statusCode).toBe(400);
    expect(code.json().error.details.fields[0].message).toContain('lowercase letters, digits or underscores');

    const short = await api().post('/api/roles', { code: 'a', nameJa: 'x', nameEn: 'x', permissions: [] });
    expect(short.statusCode).toBe(400);

    const unknown = await api().post('/api/roles', { code: newCode(), nameJa: 'x', nameEn: 'x', permissions: ['stock.view', 'stock.steal'] });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.code).toBe('unknown_permission');
    expect(unknown.json().error.message).toContain('"stock.steal"');
  });

  it('grants only held permissions', async () => {
    const { client: admin } = await userWithRole(['users.manage', 'stock.view', 'sales.sell']);

    const allowed = await admin.post('/api/roles', { code: newCode(), nameJa: 'x', nameEn: 'x', permissions: ['stock.view'] });
    expect(allowed.statusCode).toBe(201);

    const escalated = await admin.post('/api/roles', { code: newCode(), nameJa: 'x', nameEn: 'x', permissions: ['stock.view', 'cost.view'] });
    expect(escalated.statusCode).toBe(403);
    expect(escalated.json().error.code).toBe('grant_denied');
    expect(escalated.json().error.message).toContain('View cost');
    expect(escalated.json().error.details).toEqual({ permissions: ['cost.view'] });

    const raised = await admin.put(`/api/roles/${allowed.json().code}`, { nameJa: 'x', nameEn: 'x', permissions: ['audit.view'] });
    expect(raised.statusCode).toBe(403);
    expect(raised.json().error.code).toBe('grant_denied');

    // A role with a permission the admin lacks can be neither trimmed nor deleted by them.
    const senior = newCode();
    expect((await api().post('/api/roles', { code: senior, nameJa: 'x', nameEn: 'x', permissions: ['stock.view', 'cost.view'] })).statusCode).toBe(201);
    const trimmed = await admin.put(`/api/roles/${senior}`, { nameJa: 'x', nameEn: 'x', permissions: ['stock.view'] });
    expect(trimmed.statusCode).toBe(403);
    expect(trimmed.json().error.code).toBe('grant_denied');
    const deleted = await admin.delete(`/api/roles/${senior}`);
    expect(deleted.statusCode).toBe(403);
    expect(deleted.json().error.code).toBe('grant_denied');
  });

  it('keeps built-in roles fixed', async () => {
    const update = await api().put('/api/roles/sales', { nameJa: '販売', nameEn: 'Sales', permissions: ['stock.view'] });
    expect(update.statusCode).toBe(409);
    expect(update.json().error.code).toBe('role_builtin');
    expect(update.json().error.message).toContain('"Sales staff"');
    const remove = await api().delete('/api/roles/viewer');
    expect(remove.statusCode).toBe(409);
    expect(remove.json().error.code).toBe('role_builtin');

    const missing = await api().put('/api/roles/no_such_role', { nameJa: 'x', nameEn: 'x', permissions: [] });
    expect(missing.statusCode).toBe(404);
  });

  it('changes reach members next request', async () => {
    const { client: member, code } = await userWithRole(['stock.view']);
    expect((await member.get('/api/auth/session')).json().user.permissions).toEqual(['stock.view']);

    const updated = await api().put(`/api/roles/${code}`, { nameJa: '棚卸係', nameEn: 'Counter', permissions: ['stock.view', 'cost.view'] });
    expect(updated.statusCode).toBe(200);
    expect(updated.json()).toMatchObject({ nameJa: '棚卸係', permissions: ['stock.view', 'cost.view'], userCount: 1 });
    expect((await member.get('/api/auth/session')).json().user.permissions).toEqual(['stock.view', 'cost.view']);

    const [event] = await auditEvents('role.update', code);
    expect(JSON.parse(event!.before_json!).permissions).toEqual(['stock.view']);
    expect(JSON.parse(event!.after_json!).permissions).toEqual(['stock.view', 'cost.view']);
  });

  it('deletes only unused roles', async () => {
    const { client: member, code } = await userWithRole(['stock.view']);

    const blocked = await api().delete(`/api/roles/${code}`);
    expect(blocked.statusCode).toBe(409);
    expect(blocked.json().error.code).toBe('role_in_use');
    expect(blocked.json().error.message).toContain('1 users (inactive ones included) still have it');

    expect((await api().put(`/api/users/${member.userId}`, { role: 'viewer' })).statusCode).toBe(200);
    const removed = await api().delete(`/api/roles/${code}`);
    expect(removed.statusCode).toBe(204);
    const listed = (await api().get('/api/roles')).json().roles as Array<{ code: string }>;
    expect(listed.map((role) => role.code)).not.toContain(code);

    const [event] = await auditEvents('role.delete', code);
    expect(JSON.parse(event!.before_json!)).toMatchObject({ code, permissions: ['stock.view'] });
  });
});

describe('permission docs', () => {
  /** Rows of the matrix table: permission code to the roles ticked for it, in column order. */
  function matrixOf(file: string): Map<string, string[]> {
    const text = readFileSync(new URL(`../../../docs/${file}`, import.meta.url), 'utf8');
    const lines = text.split('\n').filter((line) => line.startsWith('|'));
    const roles = lines[0]!.split('|').slice(3, -1).map((cell) => /`([a-z_]+)`/.exec(cell)![1]!);
    const matrix = new Map<string, string[]>();
    for (const line of lines.slice(2)) {
      const cells = line.split('|').slice(1, -1).map((cell) => cell.trim());
      const code = /^`(.+)`$/.exec(cells[1]!)?.[1];
      if (code) matrix.set(code, roles.filter((_, index) => cells[index + 2] === '✓'));
    }
    return matrix;
  }

  for (const file of ['permissions.md', 'permissions.ja.md']) {
    it(`${file} matches the matrix`, () => {
      const matrix = matrixOf(file);
      expect([...matrix.keys()]).toEqual([...PERMISSIONS]);
      for (const permission of PERMISSIONS) {
        const holders = BUILTIN_ROLES.filter((role) => BUILTIN_ROLE_PERMISSIONS[role].includes(permission));
        expect(matrix.get(permission), `${file} ${permission}`).toEqual(holders);
      }
    });
  }
});
