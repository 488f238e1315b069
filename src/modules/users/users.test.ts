import { expect, it } from 'vitest';
import { signIn, useSignedInApp, type ApiClient } from '../../../test/helpers/app.js';
import { describeEachDatabase } from '../../../test/helpers/database.js';
import { createTestLocation, uniqueCode } from '../../../test/helpers/factories.js';

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

    const event = await database()
      .db.selectFrom('audit_events')
      .selectAll()
      .where('action', '=', 'auth.logout_everywhere')
      .where('user_email', '=', email)
      .executeTakeFirstOrThrow();
    expect(JSON.parse(event.detail_json!)).toEqual({ sessionsEnded: 2 });
  });

  function newEmail(prefix: string): string {
    return `${uniqueCode(prefix).toLowerCase()}@example.test`;
  }

  async function newLocationIds(count: number): Promise<number[]> {
    const ids: number[] = [];
    for (let i = 0; i < count; i += 1) ids.push((await createTestLocation(database().db, { code: uniqueCode('UL') })).id);
    return ids;
  }

  /** Signs in a user whose custom role has exactly these permissions. */
  async function userManager(permissions: string[]): Promise<ApiClient> {
    const code = uniqueCode('admin').toLowerCase().replace(/[^a-z0-9_]/g, '_');
    expect((await api().post('/api/roles', { code, nameJa: code, nameEn: code, permissions })).statusCode).toBe(201);
    return signIn(app(), database(), 'en', { role: code });
  }

  it('creates a user limited to locations', async () => {
    const [ginza, shibuya] = await newLocationIds(2);
    const email = newEmail('store');
    const created = await api().post('/api/users', {
      email,
      password: 'a long password',
      role: 'sales',
      allLocations: false,
      locationIds: [shibuya, ginza, ginza],
      defaultLocationId: ginza,
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({
      email,
      role: 'sales',
      isOwner: false,
      allLocations: false,
      locationIds: [ginza, shibuya].sort((a, b) => a! - b!),
      defaultLocationId: ginza,
    });

    const { cookie } = await signInAs(email, 'a long password');
    const session = (await sessionOf(cookie)).json();
    expect(session.user.scope.all).toBe(false);
    expect(session.user.scope.locationIds).toEqual([ginza, shibuya].sort((a, b) => a! - b!));
    expect(session.user.defaultLocationId).toBe(ginza);

    const everywhere = await api().post('/api/users', { email: newEmail('all'), password: 'a long password', role: 'viewer' });
    expect(everywhere.json()).toMatchObject({ allLocations: true, locationIds: [], defaultLocationId: null });
  });

  it('rejects invalid location choices', async () => {
    const [store, other] = await newLocationIds(2);
    const base = { password: 'a long password', role: 'sales' };
    const cases: Array<[Record<string, unknown>, string, string]> = [
      [{ allLocations: false, locationIds: [store, 999_999] }, 'location_not_found', 'The location "ID 999999" was not found'],
      [{ allLocations: false }, 'no_locations_assigned', 'needs at least one location'],
      [{ allLocations: false, locationIds: [] }, 'no_locations_assigned', 'needs at least one location'],
      [{ allLocations: false, locationIds: [store], defaultLocationId: other }, 'default_location_not_assigned', `default location ${other}`],
      [{ locationIds: [store] }, 'locations_with_all_locations', 'limited to some locations'],
      [{ defaultLocationId: 999_998 }, 'location_not_found', 'ID 999998'],
      [{ role: 'owner', allLocations: false, locationIds: [store] }, 'owner_all_locations', 'Owners always act at every location'],
    ];
    for (const [input, code, message] of cases) {
      const response = await api().post('/api/users', { ...base, email: newEmail('bad'), ...input });
      expect(response.statusCode, JSON.stringify(input)).toBe(400);
      expect(response.json().error.code, JSON.stringify(input)).toBe(code);
      expect(response.json().error.message).toContain(message);
    }

    const transit = await database().db.selectFrom('locations').select('id').where('kind', '=', 'transit').executeTakeFirstOrThrow();
    const toTransit = await api().post('/api/users', { ...base, email: newEmail('transit'), allLocations: false, locationIds: [transit.id] });
    expect(toTransit.json().error.code).toBe('location_not_found');
  });

  it('applies new locations next request', async () => {
    const [first, second] = await newLocationIds(2);
    const email = newEmail('moved');
    const created = await api().post('/api/users', {
      email,
      password: 'a long password',
      role: 'sales',
      allLocations: false,
      locationIds: [first],
      defaultLocationId: first,
    });
    const { cookie } = await signInAs(email, 'a long password');

    const moved = await api().put(`/api/users/${created.json().id}`, { locationIds: [second] });
    expect(moved.statusCode).toBe(200);
    // The old default lies outside the new list, so it is cleared.
    expect(moved.json()).toMatchObject({ allLocations: false, locationIds: [second], defaultLocationId: null });
    expect((await sessionOf(cookie)).json().user.scope.locationIds).toEqual([second]);

    const widened = await api().put(`/api/users/${created.json().id}`, { allLocations: true, role: 'manager' });
    expect(widened.json()).toMatchObject({ allLocations: true, locationIds: [], role: 'manager' });
    const session = (await sessionOf(cookie)).json();
    expect(session.user.scope.all).toBe(true);
    expect(session.user.permissions).toContain('cost.view');

    const rows = await database().db.selectFrom('user_locations').selectAll().where('user_id', '=', created.json().id).execute();
    expect(rows).toEqual([]);
  });

  it('syncs the owner flag with the role', async () => {
    const created = await api().post('/api/users', { email: newEmail('heir'), password: 'a long password', role: 'manager' });
    const promoted = await api().put(`/api/users/${created.json().id}`, { role: 'owner' });
    expect(promoted.json()).toMatchObject({ role: 'owner', isOwner: true, allLocations: true });

    const [store] = await newLocationIds(1);
    const limitedOwner = await api().put(`/api/users/${created.json().id}`, { allLocations: false, locationIds: [store] });
    expect(limitedOwner.json().error.code).toBe('owner_all_locations');

    const demoted = await api().put(`/api/users/${created.json().id}`, { role: 'sales', allLocations: false, locationIds: [store] });
    expect(demoted.json()).toMatchObject({ role: 'sales', isOwner: false, allLocations: false, locationIds: [store] });
  });

  it('grants only held permissions', async () => {
    const manager = await userManager(['users.manage', 'stock.view']);

    const viewer = await manager.post('/api/users', { email: newEmail('v'), password: 'a long password', role: 'viewer' });
    expect(viewer.statusCode).toBe(201);

    const sales = await manager.post('/api/users', { email: newEmail('s'), password: 'a long password', role: 'sales' });
    expect(sales.statusCode).toBe(403);
    expect(sales.json().error.code).toBe('grant_denied');
    expect(sales.json().error.message).toContain('Sell');

    const owner = await manager.post('/api/users', { email: newEmail('o'), password: 'a long password', role: 'owner' });
    expect(owner.statusCode).toBe(403);
    expect(owner.json().error.code).toBe('owner_only');

    const promote = await manager.put(`/api/users/${viewer.json().id}`, { role: 'accountant' });
    expect(promote.statusCode).toBe(403);
    expect(promote.json().error.code).toBe('grant_denied');

    // Resetting the owner's password would hand the owner's permissions over.
    const takeOver = await manager.post(`/api/users/${api().userId}/password`, { password: 'i own this shop now' });
    expect(takeOver.statusCode).toBe(403);
    expect(takeOver.json().error.code).toBe('owner_only');
    const deactivate = await manager.put(`/api/users/${api().userId}`, { isActive: false });
    expect(deactivate.statusCode).toBe(403);

    const renamed = await manager.put(`/api/users/${viewer.json().id}`, { displayName: '受付' });
    expect(renamed.statusCode).toBe(200);
  });

  it('resets a password and ends sessions', async () => {
    const email = newEmail('forgot');
    const created = await api().post('/api/users', { email, password: 'a long password', role: 'viewer' });
    const { cookie } = await signInAs(email, 'a long password');

    const weak = await api().post(`/api/users/${created.json().id}/password`, { password: 'password1234' });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().error.code).toBe('password_common');

    const reset = await api().post(`/api/users/${created.json().id}/password`, { password: 'fresh start phrase' });
    expect(reset.statusCode).toBe(204);
    expect((await sessionOf(cookie)).statusCode).toBe(401);
    await signInAs(email, 'fresh start phrase');

    const missing = await api().post('/api/users/999999/password', { password: 'fresh start phrase' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe('user_not_found');
  });

  it('records changes without passwords', async () => {
    const email = newEmail('trail');
    const created = await api().post('/api/users', { email, password: 'trail secret phrase', role: 'viewer' });
    const id = created.json().id as number;
    await api().put(`/api/users/${id}`, { role: 'sales', displayName: '鈴木' });
    await api().post(`/api/users/${id}/password`, { password: 'another trail phrase' });

    const events = await database()
      .db.selectFrom('audit_events')
      .selectAll()
      .where('entity_type', '=', 'user')
      .where('entity_id', '=', String(id))
      .orderBy('id')
      .execute();
    expect(events.map((event) => event.action)).toEqual(['user.create', 'user.update', 'user.password_reset']);
    expect(events.every((event) => event.user_id === api().userId)).toBe(true);
    expect(JSON.parse(events[0]!.after_json!)).toMatchObject({ email, role: 'viewer' });
    expect(JSON.parse(events[1]!.before_json!)).toMatchObject({ role: 'viewer' });
    expect(JSON.parse(events[1]!.after_json!)).toMatchObject({ role: 'sales', displayName: '鈴木' });
    expect(JSON.parse(events[2]!.detail_json!)).toEqual({ sessionsEnded: 0 });
    for (const event of events) {
      const text = JSON.stringify(event);
      expect(text).not.toContain('phrase');
      expect(text).not.toContain('argon2');
    }
  });
});
