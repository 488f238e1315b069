import { expect, it } from 'vitest';
import { useSignedInApp } from '../../../test/helpers/app.js';
import { describeEachDatabase } from '../../../test/helpers/database.js';
import { uniqueCode } from '../../../test/helpers/factories.js';

describeEachDatabase('users', (database) => {
  const { app, api } = useSignedInApp(database);

  async function signInAs(email: string, password: string) {
    const login = await app().inject({ method: 'POST', url: '/api/auth/login', payload: { email, password } });
    expect(login.statusCode).toBe(200);
    const cookie = login.cookies.find((c) => c.name === 'tsunagu_session')!.value;
    return { cookie, csrf: login.json().csrfToken as string };
  }

  function sessionOf(cookie: string) {
    return app().inject({ method: 'GET', url: '/api/auth/session', headers: { cookie: `tsunagu_session=${cookie}` } });
  }

  it('creates a user with a role', async () => {
    const email = `${uniqueCode('sales').toLowerCase()}@example.test`;
    const created = await api().post('/api/users', { email, password: 'a long password', role: 'sales', displayName: '田中' });
    expect(created.statusCode).toBe(201);
    expect(created.json().role).toBe('sales');

    const listed = await api().get('/api/users');
    expect(listed.json().users.map((u: { email: string }) => u.email)).toContain(email);
  });

  it('deactivation ends open sessions', async () => {
    const email = `${uniqueCode('leaver').toLowerCase()}@example.test`;
    const created = await api().post('/api/users', { email, password: 'a long password', role: 'sales' });
    const { cookie } = await signInAs(email, 'a long password');
    expect((await sessionOf(cookie)).statusCode).toBe(200);

    const deactivated = await api().put(`/api/users/${created.json().id}`, { isActive: false });
    expect(deactivated.statusCode).toBe(200);
    expect(deactivated.json().isActive).toBe(false);
    expect((await sessionOf(cookie)).statusCode).toBe(401);

    const again = await app().inject({ method: 'POST', url: '/api/auth/login', payload: { email, password: 'a long password' } });
    expect(again.statusCode).toBe(401);
  });

  it('rejects an unknown role', async () => {
    const response = await api().post('/api/users', { email: 'x@example.test', password: 'a long password', role: 'king' });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('role_not_found');
  });

  it('keeps the last owner', async () => {
    const users = (await api().get('/api/users')).json().users as Array<{ id: number; role: string; isActive: boolean }>;
    const otherOwners = users.filter((u) => u.role === 'owner' && u.isActive && u.id !== api().userId);
    for (const owner of otherOwners) {
      expect((await api().put(`/api/users/${owner.id}`, { role: 'manager' })).statusCode).toBe(200);
    }

    const deactivate = await api().put(`/api/users/${api().userId}`, { isActive: false });
    expect(deactivate.statusCode).toBe(409);
    expect(deactivate.json().error.code).toBe('last_owner');
    const demote = await api().put(`/api/users/${api().userId}`, { role: 'manager' });
    expect(demote.statusCode).toBe(409);
  });

  it('signs out everywhere', async () => {
    const email = `${uniqueCode('phone').toLowerCase()}@example.test`;
    await api().post('/api/users', { email, password: 'a long password', role: 'viewer' });
    const first = await signInAs(email, 'a long password');
    const second = await signInAs(email, 'a long password');

    const response = await app().inject({
      method: 'POST',
      url: '/api/auth/logout-everywhere',
      headers: { cookie: `tsunagu_session=${first.cookie}`, 'x-csrf-token': first.csrf },
    });
    expect(response.statusCode).toBe(204);
    expect((await sessionOf(first.cookie)).statusCode).toBe(401);
    expect((await sessionOf(second.cookie)).statusCode).toBe(401);
  });
});
