import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, signIn } from '../../../test/helpers/app.js';
import { describeEachDatabase } from '../../../test/helpers/database.js';
import { createTestLocation, uniqueCode } from '../../../test/helpers/factories.js';
import { LATEST_MIGRATION } from '../../db/migrate.js';
import type { App } from '../../server/types.js';
import { createUser, LOGIN_WINDOW_MS, MAX_FAILURES_PER_EMAIL } from './service.js';

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

  it('lock message gives minutes left', async () => {
    await createUser(database().db, { email: 'locked@example.test', password: 'the right password' });
    // Five failures ten minutes ago: the lock lifts when they leave the 15-minute window.
    const failedAt = new Date(Date.now() - 10 * 60_000).toISOString();
    await database()
      .db.insertInto('login_failures')
      .values(Array.from({ length: MAX_FAILURES_PER_EMAIL }, () => ({ email: 'locked@example.test', ip: '192.0.2.9', failed_at: failedAt })))
      .execute();
    expect(LOGIN_WINDOW_MS).toBe(15 * 60_000);

    const english = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'accept-language': 'en' },
      payload: { email: 'locked@example.test', password: 'the right password' },
    });
    expect(english.statusCode).toBe(429);
    expect(english.json().error.message).toContain('Try again in 5 minutes');
    expect(english.json().error.message).toContain('ask an administrator to reset it');

    const japanese = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'accept-language': 'ja' },
      payload: { email: 'locked@example.test', password: 'the right password' },
    });
    expect(japanese.json().error.message).toContain('5 分後にもう一度お試しください');
    expect(japanese.json().error.message).toContain('管理者にパスワードのリセットを依頼できます');
  });

  it('weak passwords are rejected on create', async () => {
    await expect(createUser(database().db, { email: 'weak@example.test', password: 'password1234' })).rejects.toMatchObject({
      code: 'password_common',
    });
    await expect(createUser(database().db, { email: 'weak@example.test', password: 'elevenchars' })).rejects.toMatchObject({
      code: 'password_too_short',
    });
  });

  it('login and failure enter the audit trail', async () => {
    const user = await createUser(database().db, { email: 'audited@example.test', password: 'evening login phrase' });
    const attempt = (password: string) =>
      app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'audited@example.test', password } });
    expect((await attempt('not the password')).statusCode).toBe(401);
    expect((await attempt('evening login phrase')).statusCode).toBe(200);

    const events = await database()
      .db.selectFrom('audit_events')
      .selectAll()
      .where('entity_type', '=', 'user')
      .where('entity_id', '=', String(user.id))
      .orderBy('id')
      .execute();
    expect(events.map((event) => [event.action, event.outcome])).toEqual([
      ['auth.login_failed', 'denied'],
      ['auth.login', 'success'],
    ]);
    expect(events[0]!.user_id).toBeNull();
    expect(JSON.parse(events[0]!.detail_json!)).toEqual({ email: 'audited@example.test' });
    expect(events[1]!.user_id).toBe(user.id);
    expect(events[1]!.user_email).toBe('audited@example.test');
    for (const event of events) expect(JSON.stringify(event)).not.toContain('phrase');
  });

  it('logout and locale enter the audit trail', async () => {
    const client = await signIn(app, database());
    expect((await client.put('/api/auth/locale', { locale: 'ja' })).statusCode).toBe(204);
    expect((await client.post('/api/auth/logout')).statusCode).toBe(204);

    const events = await database()
      .db.selectFrom('audit_events')
      .selectAll()
      .where('user_id', '=', client.userId)
      .orderBy('id')
      .execute();
    expect(events.map((event) => event.action)).toEqual(['auth.login', 'auth.locale', 'auth.logout']);
    expect(JSON.parse(events[1]!.after_json!)).toEqual({ locale: 'ja' });
  });

  it('profile changes name and default location', async () => {
    const store = await createTestLocation(database().db, { code: uniqueCode('PROF') });
    const other = await createTestLocation(database().db, { code: uniqueCode('ELSE') });
    const staff = await signIn(app, database(), 'en', { role: 'sales', locationIds: [store.id] });

    const changed = await staff.put('/api/auth/profile', { displayName: '山田 花子', defaultLocationId: store.id });
    expect(changed.statusCode).toBe(200);
    expect(changed.json().user.displayName).toBe('山田 花子');
    expect(changed.json().user.defaultLocationId).toBe(store.id);
    expect(changed.json().csrfToken).toMatch(/^[\w-]{40,}$/);

    const outside = await staff.put('/api/auth/profile', { defaultLocationId: other.id });
    expect(outside.statusCode).toBe(400);
    expect(outside.json().error.code).toBe('default_location_out_of_scope');
    const missing = await staff.put('/api/auth/profile', { defaultLocationId: 999_999 });
    expect(missing.json().error.code).toBe('default_location_not_found');
    expect(missing.json().error.message).toContain('999999');

    const cleared = await staff.put('/api/auth/profile', { defaultLocationId: null, locale: 'ja' });
    expect(cleared.json().user.defaultLocationId).toBeNull();
    expect(cleared.json().user.locale).toBe('ja');

    const event = await database()
      .db.selectFrom('audit_events')
      .selectAll()
      .where('action', '=', 'profile.update')
      .where('user_id', '=', staff.userId)
      .orderBy('id')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(event.after_json!)).toMatchObject({ displayName: '山田 花子', defaultLocationId: store.id });
  });

  it('password change keeps this session only', async () => {
    const client = await signIn(app, database());
    const other = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: client.email, password: 'correct horse battery' },
    });
    const otherCookie = other.cookies.find((c) => c.name === 'tsunagu_session')!.value;

    const wrong = await client.post('/api/auth/password', { currentPassword: 'not my password', newPassword: 'a brand new phrase' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.code).toBe('current_password_wrong');

    const weak = await client.post('/api/auth/password', { currentPassword: 'correct horse battery', newPassword: 'qwerty123456' });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().error.code).toBe('password_common');
    expect(weak.json().error.details).toEqual({ field: 'newPassword' });

    const changed = await client.post('/api/auth/password', { currentPassword: 'correct horse battery', newPassword: 'a brand new phrase' });
    expect(changed.statusCode).toBe(204);
    expect((await client.get('/api/auth/session')).statusCode).toBe(200);
    const otherSession = await app.inject({ method: 'GET', url: '/api/auth/session', headers: { cookie: `tsunagu_session=${otherCookie}` } });
    expect(otherSession.statusCode).toBe(401);

    const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: client.email, password: 'a brand new phrase' } });
    expect(login.statusCode).toBe(200);
    const row = await database().db.selectFrom('users').select('password_changed_at').where('id', '=', client.userId).executeTakeFirstOrThrow();
    expect(Date.now() - new Date(row.password_changed_at!).getTime()).toBeLessThan(60_000);

    const events = await database()
      .db.selectFrom('audit_events')
      .selectAll()
      .where('action', '=', 'auth.password_change')
      .where('user_id', '=', client.userId)
      .orderBy('id')
      .execute();
    expect(events.map((event) => event.outcome)).toEqual(['denied', 'success']);
    expect(JSON.parse(events[1]!.detail_json!)).toEqual({ otherSessionsEnded: 1 });
    for (const event of events) expect(JSON.stringify(event)).not.toMatch(/brand new|horse/);
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
