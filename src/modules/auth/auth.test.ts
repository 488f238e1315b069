import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, signIn } from '../../../test/helpers/app.js';
import { describeEachDatabase } from '../../../test/helpers/database.js';
import { LATEST_MIGRATION } from '../../db/migrate.js';
import type { App } from '../../server/types.js';
import { createUser, MAX_FAILURES_PER_EMAIL } from './service.js';

describeEachDatabase('auth', (database) => {
  let app: App;
  beforeAll(async () => {
    app = await createTestApp(database());
  });
  afterAll(async () => {
    await app.close();
  });

  it('health is public', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/health' });
    expect(response.statusCode).toBe(200);
    expect(response.json().migration).toBe(LATEST_MIGRATION);
    expect(response.json().database).toBe(database().kind);
  });

  it('api routes need a session', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/auth/session' });
    expect(response.statusCode).toBe(401);
    expect(response.json().error.code).toBe('unauthenticated');
    expect(response.json().error.requestId).toBe(response.headers['x-request-id']);
  });

  it('login sets an httpOnly cookie and returns a csrf token', async () => {
    await createUser(database().db, { email: 'Cookie@Example.test', password: 'long enough password' });
    const response = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: 'cookie@example.test', password: 'long enough password' },
    });
    expect(response.statusCode).toBe(200);
    const cookie = response.cookies.find((c) => c.name === 'tsunagu_session');
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.sameSite).toBe('Lax');
    expect(response.json().csrfToken).toMatch(/^[\w-]{40,}$/);
  });

  it('state change without csrf token is refused', async () => {
    const client = await signIn(app, database());
    const withToken = await client.put('/api/auth/locale', { locale: 'en' });
    expect(withToken.statusCode).toBe(204);
    const withoutToken = await client.request('PUT', '/api/auth/locale', { locale: 'ja' }, { 'x-csrf-token': 'wrong' });
    expect(withoutToken.statusCode).toBe(403);
    expect(withoutToken.json().error.code).toBe('csrf_invalid');
  });

  it('wrong passwords are rate limited', async () => {
    await createUser(database().db, { email: 'limited@example.test', password: 'the right password' });
    const attempt = (password: string) =>
      app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'limited@example.test', password } });
    for (let i = 0; i < MAX_FAILURES_PER_EMAIL; i += 1) {
      expect((await attempt('wrong')).statusCode).toBe(401);
    }
    const blocked = await attempt('the right password');
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json().error.code).toBe('login_rate_limited');
  });

  it('validation errors use the user language', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'accept-language': 'ja' },
      payload: { email: 'a@example.test' },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details.fields[0]).toEqual({ field: 'password', message: '入力してください。' });
  });

  it('openapi document lists the login route', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(response.statusCode).toBe(200);
    expect(response.json().paths['/api/auth/login']).toBeDefined();
  });
});
