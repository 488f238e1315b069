import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, signIn, type ApiClient } from '../../../test/helpers/app.js';
import { describeEachDatabase } from '../../../test/helpers/database.js';
import type { App } from '../../server/types.js';
import { MASKED } from './mask.js';

// Audit events of the settings routes: company, locations and suppliers.

describeEachDatabase('settings audit events', (database) => {
  let app: App;
  let owner: ApiClient;
  const code = (prefix: string) => `${prefix}${randomBytes(3).toString('hex').toUpperCase()}`;

  /** Returns the events a response's request recorded, with JSON parsed. */
  const eventsOf = async (response: { headers: Record<string, unknown> }) => {
    const rows = await database()
      .db.selectFrom('audit_events')
      .selectAll()
      .where('request_id', '=', String(response.headers['x-request-id']))
      .orderBy('id')
      .execute();
    return rows.map((row) => ({
      ...row,
      before: row.before_json === null ? null : (JSON.parse(row.before_json) as Record<string, unknown>),
      after: row.after_json === null ? null : (JSON.parse(row.after_json) as Record<string, unknown>),
    }));
  };

  beforeAll(async () => {
    app = await createTestApp(database());
    owner = await signIn(app, database(), 'en');
  });
  afterAll(async () => {
    await app.close();
  });

  it('records company.update with before and after', async () => {
    const current = (await owner.get('/api/company')).json();
    const response = await owner.put('/api/company', { ...current, name: 'Audit Jewels', phone: '03-0000-1111' });
    expect(response.statusCode).toBe(200);

    const events = await eventsOf(response);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ action: 'company.update', entity_type: 'company', entity_id: '1', user_id: owner.userId });
    expect(events[0]!.before).toMatchObject({ name: current.name });
    // The company's own phone number is business data, not personal data.
    expect(events[0]!.after).toMatchObject({ name: 'Audit Jewels', phone: '03-0000-1111' });
  });

  it('records location.create and location.update', async () => {
    const locationCode = code('L');
    const created = await owner.post('/api/locations', { code: locationCode, name: 'Ginza', kind: 'store', phone: '03-1111-2222' });
    expect(created.statusCode).toBe(201);
    const id = created.json().id as number;
    const [createEvent] = await eventsOf(created);
    expect(createEvent).toMatchObject({ action: 'location.create', entity_type: 'location', entity_id: String(id), location_id: id, before: null });
    expect(createEvent!.after).toMatchObject({ code: locationCode, name: 'Ginza', phone: '03-1111-2222' });

    const updated = await owner.put(`/api/locations/${id}`, { code: locationCode, name: 'Ginza main', kind: 'store' });
    expect(updated.statusCode).toBe(200);
    const [updateEvent] = await eventsOf(updated);
    expect(updateEvent).toMatchObject({ action: 'location.update', entity_id: String(id), location_id: id });
    expect(updateEvent!.before).toMatchObject({ name: 'Ginza' });
    expect(updateEvent!.after).toMatchObject({ name: 'Ginza main' });
  });

  it('records supplier.create and supplier.update with masked contacts', async () => {
    const supplierCode = code('S');
    const input = { code: supplierCode, name: 'Ito Sato', kind: 'individual', phone: '090-1234-5678', email: 'ito@example.test', address: 'Osaka' };
    const created = await owner.post('/api/suppliers', input);
    expect(created.statusCode).toBe(201);
    const id = created.json().id as number;
    const [createEvent] = await eventsOf(created);
    expect(createEvent).toMatchObject({ action: 'supplier.create', entity_type: 'supplier', entity_id: String(id) });
    expect(createEvent!.after).toMatchObject({ code: supplierCode, name: 'Ito Sato', phone: MASKED, email: MASKED, address: MASKED });

    const updated = await owner.put(`/api/suppliers/${id}`, { ...input, notes: 'pays cash' });
    expect(updated.statusCode).toBe(200);
    const [updateEvent] = await eventsOf(updated);
    expect(updateEvent).toMatchObject({ action: 'supplier.update', entity_id: String(id) });
    expect(updateEvent!.before).toMatchObject({ notes: null, phone: MASKED });
    expect(updateEvent!.after).toMatchObject({ notes: 'pays cash' });
  });

  it('records nothing for a rejected update', async () => {
    const response = await owner.put('/api/suppliers/999999', { code: code('S'), name: 'Nobody', kind: 'business' });
    expect(response.statusCode).toBe(404);
    expect(await eventsOf(response)).toEqual([]);
  });
});
