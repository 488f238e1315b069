import { randomBytes } from 'node:crypto';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, signIn, type ApiClient } from '../../../test/helpers/app.js';
import { describeEachDatabase } from '../../../test/helpers/database.js';
import type { AuditEventsTable } from '../../db/schema.js';
import type { App } from '../../server/types.js';

/** A row for audit_events with defaults; tests give each run its own entity type to stay apart. */
function eventRow(overrides: Partial<Omit<AuditEventsTable, 'id'>>): Omit<AuditEventsTable, 'id'> {
  return {
    occurred_at: new Date().toISOString(),
    user_id: null,
    user_email: null,
    ip: '127.0.0.1',
    request_id: null,
    action: 'test.action',
    outcome: 'success',
    entity_type: null,
    entity_id: null,
    location_id: null,
    before_json: null,
    after_json: null,
    detail_json: null,
    ...overrides,
  };
}

describeEachDatabase('audit trail API', (database) => {
  let app: App;
  let owner: ApiClient;
  let ownerJa: ApiClient;
  let manager: ApiClient;
  const type = `widget_${randomBytes(3).toString('hex')}`;

  beforeAll(async () => {
    app = await createTestApp(database());
    owner = await signIn(app, database(), 'en');
    ownerJa = await signIn(app, database(), 'ja');
    manager = await signIn(app, database(), 'en', { role: 'manager' });

    // Five events of one entity type around the start of 2026-04-01 in Japan (15:00 UTC the day before).
    await database()
      .db.insertInto('audit_events')
      .values([
        eventRow({ occurred_at: '2026-03-31T14:59:59.999Z', action: 'transfer.send', entity_type: type, entity_id: '1', location_id: 10, user_id: 501 }),
        eventRow({ occurred_at: '2026-03-31T15:00:00.000Z', action: 'transfer.receive', entity_type: type, entity_id: '1', location_id: 11, user_id: 502 }),
        eventRow({ occurred_at: '2026-04-01T03:00:00.000Z', action: 'transfers.other', entity_type: type, entity_id: '2', request_id: `req-${type}` }),
        eventRow({
          occurred_at: '2026-04-01T14:59:59.000Z',
          action: 'item.update',
          entity_type: type,
          entity_id: '3',
          before_json: JSON.stringify({ name: 'old', cost: 100 }),
          after_json: JSON.stringify({ name: 'new', cost: 120 }),
          detail_json: JSON.stringify({ note: 'x' }),
        }),
        eventRow({ occurred_at: '2026-04-02T01:00:00.000Z', action: 'item.update', outcome: 'denied', entity_type: type, entity_id: '3', user_email: '=HYPERLINK("x")' }),
      ])
      .execute();
  });
  afterAll(async () => {
    await app.close();
  });

  const list = async (query: string) => {
    const response = await owner.get(`/api/audit-events?entityType=${type}&${query}`);
    expect(response.statusCode).toBe(200);
    return response.json() as { events: Array<Record<string, unknown>>; total: number; page: number; pageSize: number };
  };

  it('lists newest first with parsed JSON', async () => {
    const body = await list('');
    expect(body.total).toBe(5);
    expect(body.events.map((event) => event.occurredAt)).toEqual([
      '2026-04-02T01:00:00.000Z',
      '2026-04-01T14:59:59.000Z',
      '2026-04-01T03:00:00.000Z',
      '2026-03-31T15:00:00.000Z',
      '2026-03-31T14:59:59.999Z',
    ]);
    expect(body.events[1]).toMatchObject({
      action: 'item.update',
      outcome: 'success',
      entityType: type,
      entityId: '3',
      ip: '127.0.0.1',
      before: { name: 'old', cost: 100 },
      after: { name: 'new', cost: 120 },
      detail: { note: 'x' },
    });
    expect(body.events[0]).toMatchObject({ before: null, after: null, detail: null });
    expect(Object.keys(body.events[0]!).sort()).toEqual(
      ['action', 'after', 'before', 'detail', 'entityId', 'entityType', 'id', 'ip', 'locationId', 'occurredAt', 'outcome', 'requestId', 'userEmail', 'userId'].sort(),
    );
  });

  it('paginates', async () => {
    const first = await list('page=1&pageSize=2');
    expect(first).toMatchObject({ total: 5, page: 1, pageSize: 2 });
    expect(first.events).toHaveLength(2);
    const last = await list('page=3&pageSize=2');
    expect(last.events).toHaveLength(1);
    expect(last.events[0]!.occurredAt).toBe('2026-03-31T14:59:59.999Z');
  });

  it('filters by business date in Japan', async () => {
    const april1 = await list('from=2026-04-01&to=2026-04-01');
    expect(april1.events.map((event) => event.occurredAt)).toEqual([
      '2026-04-01T14:59:59.000Z',
      '2026-04-01T03:00:00.000Z',
      '2026-03-31T15:00:00.000Z',
    ]);
    expect((await list('to=2026-03-31')).total).toBe(1);
    expect((await list('from=2026-04-02')).total).toBe(1);
  });

  it('filters by exact action and prefix', async () => {
    expect((await list('action=transfer.send')).total).toBe(1);
    const prefixed = await list('action=transfer.');
    expect(prefixed.events.map((event) => event.action).sort()).toEqual(['transfer.receive', 'transfer.send']);
    expect((await list('action=transfer')).total).toBe(0);
  });

  it('filters by the other fields', async () => {
    expect((await list('userId=502')).events.map((event) => event.action)).toEqual(['transfer.receive']);
    expect((await list('entityId=3')).total).toBe(2);
    expect((await list('outcome=denied')).total).toBe(1);
    expect((await list(`requestId=req-${type}`)).events.map((event) => event.action)).toEqual(['transfers.other']);
    expect((await list('locationId=10')).events.map((event) => event.action)).toEqual(['transfer.send']);
  });

  it('treats blank filters as absent', async () => {
    expect((await list('action=&userId=&from=')).total).toBe(5);
  });

  it('rejects invalid filters', async () => {
    for (const query of ['pageSize=201', 'from=2026-02-30', 'outcome=maybe', 'from=2026-04-02&to=2026-04-01']) {
      const response = await owner.get(`/api/audit-events?${query}`);
      expect(response.statusCode, query).toBe(400);
    }
  });

  it('requires the audit.view permission', async () => {
    const listed = await manager.get('/api/audit-events');
    expect(listed.statusCode).toBe(403);
    expect(listed.json().error.code).toBe('permission_denied');
    const exported = await manager.get('/api/audit-events/export');
    expect(exported.statusCode).toBe(403);
  });

  it('offers no route that changes events', () => {
    const writes = app.routeTable.filter((route) => route.url.startsWith('/api/audit-events') && route.method !== 'GET');
    expect(writes).toEqual([]);
    const deleted = app.routeTable.filter((route) => route.method === 'DELETE' && route.url.includes('audit'));
    expect(deleted).toEqual([]);
  });

  it('exports CSV in English', async () => {
    const response = await owner.get(`/api/audit-events/export?entityType=${type}`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toMatch(/^attachment; filename="audit-events-\d{8}\.csv"$/);
    expect([...response.rawPayload.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);

    const lines = response.rawPayload.subarray(3).toString('utf8').trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'ID,Occurred at (Japan time),User ID,User email,IP address,Request ID,Action,Outcome,Entity type,Entity ID,Location ID,Before,After,Detail',
    );
    expect(lines).toHaveLength(6);
    // Newest first, in Japan time, with the formula-like email neutralised.
    expect(lines[1]).toContain(`2026-04-02 10:00:00,,"'=HYPERLINK(""x"")",127.0.0.1,,item.update,Denied,${type},3,,,,`);
    expect(lines[2]).toContain('"{""name"":""old"",""cost"":100}"');
    expect(lines[5]).toContain('2026-03-31 23:59:59,501,');
  });

  it('exports CP932 with Japanese headers', async () => {
    for (const encoding of ['cp932', 'sjis']) {
      const response = await ownerJa.get(`/api/audit-events/export?entityType=${type}&encoding=${encoding}`);
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toBe('text/csv; charset=Shift_JIS');
      const text = iconv.decode(response.rawPayload, 'cp932');
      expect(text).toMatch(/^ID,日時\(日本時間\),ユーザーID/);
      expect(text).toContain(',拒否,');
    }
  });

  it('refuses CP932 for characters it lacks', async () => {
    const emojiType = `${type}_emoji`;
    await database().db.insertInto('audit_events').values(eventRow({ entity_type: emojiType, after_json: JSON.stringify({ name: 'ring 🎁' }) })).execute();
    const response = await owner.get(`/api/audit-events/export?entityType=${emojiType}&encoding=cp932`);
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('characters_missing_from_cp932');
  });

  it('records the export as an event', async () => {
    const response = await owner.get(`/api/audit-events/export?entityType=${type}&action=item.`);
    expect(response.statusCode).toBe(200);

    const recorded = await owner.get(`/api/audit-events?action=audit.export&userId=${owner.userId}`);
    const event = recorded.json().events.find((e: { detail: { filters: { action?: string } } }) => e.detail.filters.action === 'item.');
    expect(event).toMatchObject({
      userEmail: owner.email,
      entityType: 'audit_event',
      outcome: 'success',
      detail: { filters: { entityType: type, action: 'item.' }, encoding: 'utf8', count: 2 },
    });
    expect(event.requestId).toBe(response.headers['x-request-id']);
  });
});

describeEachDatabase('audit trail immutability', (database) => {
  it('rejects UPDATE and DELETE of events', async () => {
    const { db } = database();
    const row = await db.insertInto('audit_events').values(eventRow({ action: 'test.immutable' })).returning('id').executeTakeFirstOrThrow();

    await expect(db.updateTable('audit_events').set({ action: 'test.changed' }).where('id', '=', row.id).execute()).rejects.toThrow(
      /audit events cannot be changed or deleted/,
    );
    await expect(db.deleteFrom('audit_events').where('id', '=', row.id).execute()).rejects.toThrow(/audit events cannot be changed or deleted/);
    await expect(db.deleteFrom('audit_events').execute()).rejects.toThrow(/audit events cannot be changed or deleted/);

    const kept = await db.selectFrom('audit_events').select('action').where('id', '=', row.id).executeTakeFirstOrThrow();
    expect(kept.action).toBe('test.immutable');
  });
});
