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

    // The right password gets the normal failure, which does not reveal the account's state.
    const again = await app().inject({ method: 'POST', url: '/api/auth/login', payload: { email, password: 'a long password' } });
    expect(again.statusCode).toBe(401);
    expect(again.json().error.code).toBe('login_failed');
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
    // Nobody changes their own role, owners included.
    const demote = await api().put(`/api/users/${api().userId}`, { role: 'manager' });
    expect(demote.statusCode).toBe(403);
    expect(demote.json().error.code).toBe('own_access_change_denied');
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

  /** Signs in a user whose custom role has exactly these permissions, limited to `locationIds` when given. */
  async function userManager(permissions: string[], locationIds?: number[], locale: 'ja' | 'en' = 'en'): Promise<ApiClient> {
    const code = uniqueCode('admin').toLowerCase().replace(/[^a-z0-9_]/g, '_');
    expect((await api().post('/api/roles', { code, nameJa: code, nameEn: code, permissions })).statusCode).toBe(201);
    return signIn(app(), database(), locale, { role: code, ...(locationIds === undefined ? {} : { locationIds }) });
  }

  async function locationName(id: number): Promise<string> {
    const row = await database().db.selectFrom('locations').select('name').where('id', '=', id).executeTakeFirstOrThrow();
    return row.name;
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
      [{ allLocations: false, locationIds: [store], defaultLocationId: other }, 'default_location_not_assigned', `default location "${await locationName(other!)}"`],
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

    // Managing a user who has more permissions is not a grant, so it has its own error.
    const seller = await api().post('/api/users', { email: newEmail('seller'), password: 'a long password', role: 'sales' });
    const deactivateSeller = await manager.put(`/api/users/${seller.json().id}`, { isActive: false });
    expect(deactivateSeller.statusCode).toBe(403);
    expect(deactivateSeller.json().error.code).toBe('user_manage_denied');
    expect(deactivateSeller.json().error.message).toContain('they have permissions or locations you do not have (Transfer stock, Sell');
    const resetSeller = await manager.post(`/api/users/${seller.json().id}/password`, { password: 'a seller phrase now' });
    expect(resetSeller.statusCode).toBe(403);
    expect(resetSeller.json().error.code).toBe('user_manage_denied');

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
    expect(JSON.parse(events[2]!.detail_json!)).toEqual({ sessionsEnded: 0, loginFailuresCleared: 0 });
    for (const event of events) {
      const text = JSON.stringify(event);
      expect(text).not.toContain('phrase');
      expect(text).not.toContain('argon2');
    }
  });
  it('keeps own role and locations', async () => {
    const [store, other] = await newLocationIds(2);
    const manager = await userManager(['users.manage', 'stock.view'], [store!]);
    const self = (await api().get('/api/users')).json().users.find((u: { id: number }) => u.id === manager.userId);

    for (const change of [{ allLocations: true }, { locationIds: [store, other] }, { locationIds: [other] }, { role: 'viewer' }]) {
      const response = await manager.put(`/api/users/${manager.userId}`, change);
      expect(response.statusCode, JSON.stringify(change)).toBe(403);
      expect(response.json().error.code, JSON.stringify(change)).toBe('own_access_change_denied');
      expect(response.json().error.message).toContain('You cannot change your own role or locations');
    }
    const session = (await manager.get('/api/auth/session')).json();
    expect(session.user.scope).toMatchObject({ all: false, locationIds: [store] });

    // A form that sends every field unchanged may still rename the user.
    const renamed = await manager.put(`/api/users/${manager.userId}`, {
      displayName: '店長',
      role: self.role,
      allLocations: false,
      locationIds: [store],
      defaultLocationId: store,
    });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json()).toMatchObject({ displayName: '店長', allLocations: false, locationIds: [store], defaultLocationId: store });
  });

  it('limited manager assigns own locations', async () => {
    const [store, other] = await newLocationIds(2);
    const manager = await userManager(['users.manage', 'stock.view'], [store!]);
    const base = { password: 'a long password', role: 'viewer' };

    for (const scope of [{}, { allLocations: true }]) {
      const everywhere = await manager.post('/api/users', { ...base, email: newEmail('wide'), ...scope });
      expect(everywhere.statusCode, JSON.stringify(scope)).toBe(403);
      expect(everywhere.json().error.code).toBe('all_locations_not_grantable');
      expect(everywhere.json().error.message).toContain(`You act only at some locations (${await locationName(store!)})`);
      expect(everywhere.json().error.details).toEqual({ field: 'allLocations' });
    }

    const outside = await manager.post('/api/users', { ...base, email: newEmail('far'), allLocations: false, locationIds: [store, other] });
    expect(outside.statusCode).toBe(403);
    expect(outside.json().error.code).toBe('location_not_grantable');
    expect(outside.json().error.message).toContain(`You cannot assign ${await locationName(other!)} because you do not act there yourself`);
    expect(outside.json().error.details).toEqual({ field: 'locationIds', locationIds: [other] });

    const inside = await manager.post('/api/users', { ...base, email: newEmail('near'), allLocations: false, locationIds: [store] });
    expect(inside.statusCode).toBe(201);
    const id = inside.json().id as number;

    const widen = await manager.put(`/api/users/${id}`, { locationIds: [store, other] });
    expect(widen.json().error.code).toBe('location_not_grantable');
    const everywhere = await manager.put(`/api/users/${id}`, { allLocations: true });
    expect(everywhere.json().error.code).toBe('all_locations_not_grantable');
    const rows = await database().db.selectFrom('user_locations').select('location_id').where('user_id', '=', id).execute();
    expect(rows.map((row) => row.location_id)).toEqual([store]);

    const renamed = await manager.put(`/api/users/${id}`, { displayName: '受付' });
    expect(renamed.statusCode).toBe(200);
    const reset = await manager.post(`/api/users/${id}/password`, { password: 'a fresh store phrase' });
    expect(reset.statusCode).toBe(204);
  });

  it('limited manager leaves wider users', async () => {
    const [store, other] = await newLocationIds(2);
    const manager = await userManager(['users.manage', 'stock.view'], [store!]);
    const both = await api().post('/api/users', {
      email: newEmail('both'),
      password: 'a long password',
      role: 'viewer',
      allLocations: false,
      locationIds: [store, other],
    });
    const everywhere = await api().post('/api/users', { email: newEmail('every'), password: 'a long password', role: 'viewer' });
    const attempts = [
      { user: both, request: () => manager.put(`/api/users/${both.json().id}`, { displayName: '他店' }) },
      { user: both, request: () => manager.put(`/api/users/${both.json().id}`, { isActive: false }) },
      { user: both, request: () => manager.put(`/api/users/${both.json().id}`, { locationIds: [store] }) },
      { user: both, request: () => manager.post(`/api/users/${both.json().id}/password`, { password: 'take over phrase' }) },
      { user: everywhere, request: () => manager.put(`/api/users/${everywhere.json().id}`, { isActive: false }) },
      { user: everywhere, request: () => manager.post(`/api/users/${everywhere.json().id}/password`, { password: 'take over phrase' }) },
    ];
    // Users beyond the manager's locations are not listed to them, so they are not found.
    for (const { user, request } of attempts) {
      const response = await request();
      expect(response.statusCode).toBe(404);
      expect(response.json().error.code).toBe('user_not_found');
      expect(response.json().error.message).toContain(String(user.json().id));
    }

    const untouched = (await api().get('/api/users')).json().users as Array<{ id: number; isActive: boolean; displayName: string }>;
    expect(untouched.find((u) => u.id === both.json().id)).toMatchObject({ isActive: true });
    expect(untouched.find((u) => u.id === everywhere.json().id)).toMatchObject({ isActive: true });
  });

  it('names what a manager lacks in Japanese', async () => {
    const [store, other] = await newLocationIds(2);
    const manager = await userManager(['users.manage', 'stock.view'], [store!], 'ja');
    const seller = await api().post('/api/users', {
      email: newEmail('uriba'),
      password: 'a long password',
      role: 'sales',
      allLocations: false,
      locationIds: [store],
    });

    const response = await manager.put(`/api/users/${seller.json().id}`, { isActive: false });
    expect(response.statusCode).toBe(403);
    const message = response.json().error.message as string;
    expect(message).toContain('このユーザーには、あなたが持っていない権限や拠点（');
    expect(message).toContain('販売');
    expect(message).toContain('オーナーに依頼してください');
    expect(message).not.toContain('付与できません');

    const created = await manager.post('/api/users', { email: newEmail('hiroi'), password: 'a long password', role: 'viewer', allLocations: true });
    expect(created.json().error.message).toContain('ユーザーを「すべての拠点」で操作できるようにはできません');
    const self = await manager.put(`/api/users/${manager.userId}`, { allLocations: true });
    expect(self.json().error.message).toBe('自分のロールや担当の拠点は変更できません。ほかのオーナーなど、ユーザーを管理できる別のユーザーに依頼してください。');
  });

  it('reset lifts the sign-in lock', async () => {
    const email = newEmail('locked');
    const created = await api().post('/api/users', { email, password: 'a long password', role: 'viewer' });
    const attempt = (password: string, remoteAddress = '127.0.0.1') =>
      app().inject({ method: 'POST', url: '/api/auth/login', remoteAddress, payload: { email, password } });
    for (let i = 0; i < 5; i += 1) expect((await attempt('not the password')).statusCode).toBe(401);
    expect((await attempt('a long password')).statusCode).toBe(429);

    // Another address that is past its own limit, through failures for other emails.
    const busyAddress = '192.0.2.77';
    const failedAt = new Date().toISOString();
    await database()
      .db.insertInto('login_failures')
      .values(Array.from({ length: 30 }, (_, index) => ({ email: `guess-${index}@example.test`, ip: busyAddress, failed_at: failedAt })))
      .execute();

    const reset = await api().post(`/api/users/${created.json().id}/password`, { password: 'unlocked again phrase' });
    expect(reset.statusCode).toBe(204);
    expect((await attempt('unlocked again phrase')).statusCode).toBe(200);

    // The per-address limit still holds after the reset.
    const fromBusy = await attempt('unlocked again phrase', busyAddress);
    expect(fromBusy.statusCode).toBe(429);
    expect(fromBusy.json().error.code).toBe('login_rate_limited');
    const kept = await database().db.selectFrom('login_failures').select('email').where('ip', '=', busyAddress).execute();
    expect(kept).toHaveLength(30);

    const event = await database()
      .db.selectFrom('audit_events')
      .selectAll()
      .where('action', '=', 'user.password_reset')
      .where('entity_id', '=', String(created.json().id))
      .executeTakeFirstOrThrow();
    expect(JSON.parse(event.detail_json!)).toEqual({ sessionsEnded: 0, loginFailuresCleared: 5 });
  });

  it('rejects resetting your own password', async () => {
    const self = await api().post(`/api/users/${api().userId}/password`, { password: 'brand new phrase here' });
    expect(self.statusCode).toBe(403);
    expect(self.json().error.code).toBe('own_password_reset');
  });

  it('lists only users a limited manager manages', async () => {
    const [own, other] = await newLocationIds(2);
    const manager = await userManager(['users.manage', 'stock.view'], [own!]);
    const base = { password: 'a long password', role: 'viewer', allLocations: false };
    const mine = await api().post('/api/users', { ...base, email: newEmail('mine'), locationIds: [own] });
    const theirs = await api().post('/api/users', { ...base, email: newEmail('theirs'), locationIds: [other] });
    const everywhere = await api().post('/api/users', { email: newEmail('everywhere'), password: 'a long password', role: 'viewer' });

    const listed = (await manager.get('/api/users')).json().users.map((user: { id: number }) => user.id);
    expect(listed).toContain(manager.userId);
    expect(listed).toContain(mine.json().id);
    expect(listed).not.toContain(theirs.json().id);
    expect(listed).not.toContain(everywhere.json().id);
    expect(listed).not.toContain(api().userId);
  });

  it('rejects deactivating yourself', async () => {
    const manager = await userManager(['users.manage', 'stock.view']);
    const response = await manager.put(`/api/users/${manager.userId}`, { isActive: false });
    expect(response.statusCode).toBe(403);
    expect(response.json().error.code).toBe('own_deactivation');
    expect((await manager.get('/api/auth/session')).statusCode).toBe(200);
  });

  it('keeps roles of other locations fixed', async () => {
    const [own, other] = await newLocationIds(2);
    const code = uniqueCode('clerk').toLowerCase().replace(/[^a-z0-9_]/g, '_');
    expect((await api().post('/api/roles', { code, nameJa: code, nameEn: code, permissions: ['stock.view'] })).statusCode).toBe(201);
    await api().post('/api/users', { email: newEmail('clerk'), password: 'a long password', role: code, allLocations: false, locationIds: [other] });
    const manager = await userManager(['users.manage', 'stock.view', 'stock.write_off'], [own!]);

    const widened = await manager.put(`/api/roles/${code}`, { nameJa: code, nameEn: code, permissions: ['stock.view', 'stock.write_off'] });
    expect(widened.statusCode).toBe(403);
    expect(widened.json().error.code).toBe('role_members_out_of_scope');
    const role = (await api().get('/api/roles')).json().roles.find((r: { code: string }) => r.code === code);
    expect(role.permissions).toEqual(['stock.view']);
  });
});
