import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn, testConfig, type ApiClient } from '../../test/helpers/app.js';
import { describeEachDatabase } from '../../test/helpers/database.js';
import { capturingLogger } from '../../test/helpers/logger.js';
import type { Db } from '../db/database.js';
import { accessErrors } from '../modules/access/scope.js';
import { auditActor, markUnchanged } from '../modules/audit/http.js';
import { recordAudit } from '../modules/audit/service.js';
import { idempotencyHeaders, runIdempotent } from '../modules/idempotency/http.js';
import { buildApp } from './app.js';
import { registerAuditFallback, summarizeBody } from './audit-fallback.js';
import type { App } from './types.js';

describe('summarizeBody', () => {
  it('replaces long strings by their length', () => {
    expect(summarizeBody({ note: 'short', file: 'x'.repeat(1001), list: ['y'.repeat(2000)], n: 3 })).toEqual({
      note: 'short',
      file: '[1001 characters]',
      list: ['[2000 characters]'],
      n: 3,
    });
  });
});

describeEachDatabase('audit fallback', (database) => {
  let app: App;
  let owner: ApiClient;
  let manager: ApiClient;
  const log = capturingLogger();

  const eventsOf = (requestId: unknown) =>
    database().db.selectFrom('audit_events').selectAll().where('request_id', '=', String(requestId)).orderBy('id').execute();

  beforeAll(async () => {
    const { db, kind } = database();
    app = await buildApp({ db, databaseKind: kind, config: testConfig(), logger: log.logger, webRoot: '/nonexistent' });

    // Routes that stand for the cases the fallback must tell apart.
    app.post('/api/test/unaudited', { config: { permission: 'session' } }, async (_request, reply) => reply.status(201).send({ ok: true }));
    app.patch('/api/test/things/:id', { config: { permission: 'session' } }, async () => ({ ok: true }));
    app.post('/api/test/audited', { config: { permission: 'session' } }, async (request) => {
      await recordAudit(db, auditActor(request), { action: 'test.audited' });
      return { ok: true };
    });
    app.post('/api/test/unchanged', { config: { permission: 'session' } }, async (request) => {
      markUnchanged(request);
      return { ok: true };
    });
    app.post('/api/test/idempotent', { config: { permission: 'session' }, schema: { headers: idempotencyHeaders } }, async (request, reply) =>
      runIdempotent(db, request, reply, 200, async () => ({ ok: true })),
    );
    app.put('/api/test/scoped/:id', { config: { permission: 'session' } }, async () => {
      throw accessErrors.location_out_of_scope({ location: 'Ginza' });
    });
    await app.ready();

    owner = await signIn(app, database(), 'en');
    manager = await signIn(app, database(), 'en', { role: 'manager' });
  });
  afterAll(async () => {
    await app.close();
  });

  it('records a generic event for an unaudited write', async () => {
    const response = await owner.post('/api/test/unaudited', { note: 'hello', password: 'hunter22', content: 'x'.repeat(5000) });
    expect(response.statusCode).toBe(201);

    const events = await eventsOf(response.headers['x-request-id']);
    expect(events).toHaveLength(1);
    const event = events[0]!;
    expect(event).toMatchObject({ action: 'http.POST /api/test/unaudited', outcome: 'success', user_id: owner.userId, user_email: owner.email });
    expect(JSON.parse(event.after_json!)).toEqual({ note: 'hello', password: '[secret]', content: '[5000 characters]' });
    expect(JSON.parse(event.detail_json!)).toEqual({ status: 201 });
  });

  it('warns once per route', async () => {
    await owner.post('/api/test/unaudited', {});
    const warnings = log.lines.filter((line) => line.route === 'POST /api/test/unaudited' && line.level === 40);
    expect(warnings).toHaveLength(1);
    expect(String(warnings[0]!.msg)).toContain('add a recordAudit call');
  });

  it('leaves audited routes alone', async () => {
    const response = await owner.post('/api/test/audited', {});
    expect((await eventsOf(response.headers['x-request-id'])).map((event) => event.action)).toEqual(['test.audited']);
  });

  it('keeps route parameters', async () => {
    const response = await owner.patch('/api/test/things/7', { name: 'x' });
    const events = await eventsOf(response.headers['x-request-id']);
    expect(events.map((event) => event.action)).toEqual(['http.PATCH /api/test/things/:id']);
    expect(JSON.parse(events[0]!.detail_json!)).toEqual({ status: 200, params: { id: '7' } });
  });

  it('leaves unchanged requests alone', async () => {
    const response = await owner.post('/api/test/unchanged', {});
    expect(response.statusCode).toBe(200);
    expect(await eventsOf(response.headers['x-request-id'])).toEqual([]);
  });

  it('skips replayed idempotent responses', async () => {
    const headers = { 'idempotency-key': `key-${Date.now()}` };
    const first = await owner.request('POST', '/api/test/idempotent', {}, headers);
    expect(await eventsOf(first.headers['x-request-id'])).toHaveLength(1);

    const replay = await owner.request('POST', '/api/test/idempotent', {}, headers);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(await eventsOf(replay.headers['x-request-id'])).toEqual([]);
  });

  it('ignores reads and requests without a session', async () => {
    const read = await owner.get('/api/company');
    expect(await eventsOf(read.headers['x-request-id'])).toEqual([]);

    const anonymous = await app.inject({ method: 'POST', url: '/api/test/unaudited', payload: {} });
    expect(anonymous.statusCode).toBe(401);
    expect(await eventsOf(anonymous.headers['x-request-id'])).toEqual([]);
  });

  it('records a missing permission as denied', async () => {
    const response = await manager.post('/api/locations', { code: 'DENIED', name: 'Denied', kind: 'store' });
    expect(response.statusCode).toBe(403);

    const events = await eventsOf(response.headers['x-request-id']);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ action: 'http.POST /api/locations', outcome: 'denied', user_id: manager.userId });
    // The attempt is kept: the permission check runs after the body is parsed.
    expect(JSON.parse(events[0]!.after_json!)).toEqual({ code: 'DENIED', name: 'Denied', kind: 'store' });
    expect(JSON.parse(events[0]!.detail_json!)).toEqual({ code: 'permission_denied', status: 403, route: 'POST /api/locations' });
  });

  it('records a bad CSRF token as denied', async () => {
    const response = await owner.request('POST', '/api/test/unaudited', {}, { 'x-csrf-token': 'forged' });
    expect(response.statusCode).toBe(403);
    const events = await eventsOf(response.headers['x-request-id']);
    expect(events.map((event) => event.outcome)).toEqual(['denied']);
    expect(JSON.parse(events[0]!.detail_json!)).toMatchObject({ code: 'csrf_invalid' });
  });

  it('records an out-of-scope location as denied', async () => {
    const response = await owner.put('/api/test/scoped/5', {});
    expect(response.statusCode).toBe(403);
    const events = await eventsOf(response.headers['x-request-id']);
    expect(events).toHaveLength(1);
    expect(JSON.parse(events[0]!.detail_json!)).toEqual({
      code: 'location_out_of_scope',
      status: 403,
      route: 'PUT /api/test/scoped/:id',
      params: { id: '5' },
    });
    expect(events[0]!.entity_id).toBe('5');
  });
});

describe('audit fallback failure', () => {
  it('logs and keeps the response', async () => {
    const log = capturingLogger();
    const app = Fastify({ loggerInstance: log.logger }) as unknown as App;
    const brokenDb = {
      insertInto: () => {
        throw new Error('database is gone');
      },
    } as unknown as Db;
    app.decorateRequest('session', undefined);
    app.addHook('onRequest', async (request) => {
      request.session = { sessionId: 's', csrfToken: 't', user: { id: 1, email: 'a@example.test' } } as NonNullable<typeof request.session>;
    });
    registerAuditFallback(app, brokenDb);
    app.post('/api/thing', async () => ({ saved: true }));

    const response = await app.inject({ method: 'POST', url: '/api/thing', payload: {} });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ saved: true });

    const failure = log.lines.find((line) => line.msg === 'writing the fallback audit event failed');
    expect(failure).toBeDefined();
    expect(failure!.level).toBe(50);
    expect(typeof failure!.reqId).toBe('string');
    expect(failure!.requestId).toBe(failure!.reqId);
    expect((failure!.err as { message: string }).message).toBe('database is gone');
    await app.close();
  });
});
