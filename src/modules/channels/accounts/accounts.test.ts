import { expect, it } from 'vitest';
import { signIn, useSignedInApp } from '../../../../test/helpers/app.js';
import { describeEachDatabase } from '../../../../test/helpers/database.js';
import { PAUSE_AFTER_FAILURES, recordChannelOutcome } from './service.js';

const RAKUTEN = {
  kind: 'rakuten',
  name: '楽天 本店',
  settings: { baseUrl: 'http://127.0.0.1:9101' },
  credentials: { serviceSecret: 'SP338531_secret_value', licenseKey: 'SL338531_license_value' },
};

describeEachDatabase('channel accounts', (database) => {
  const signedIn = useSignedInApp(database, 'ja');
  const api = () => signedIn.api();

  it('seals credentials and never returns them', async () => {
    const created = await api().post('/api/channel-accounts', RAKUTEN);
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ kind: 'rakuten', name: '楽天 本店', settings: { baseUrl: 'http://127.0.0.1:9101' }, credentialsSet: ['licenseKey', 'serviceSecret'], status: 'active' });
    expect(created.body).not.toContain('SP338531_secret_value');

    const list = await api().get('/api/channel-accounts');
    expect(list.body).not.toContain('SL338531_license_value');
    const row = await database().db.selectFrom('channel_accounts').select('sealed_credentials').where('id', '=', created.json().id).executeTakeFirstOrThrow();
    expect(row.sealed_credentials).not.toContain('SP338531');
    const audit = await database().db.selectFrom('audit_events').select(['after_json']).where('action', '=', 'channel_account.create').execute();
    expect(JSON.stringify(audit)).not.toContain('SP338531');
  });

  it('keeps stored credentials that an update leaves out', async () => {
    const id = (await api().post('/api/channel-accounts', { ...RAKUTEN, name: '楽天 2' })).json().id;
    const renamed = await api().put(`/api/channel-accounts/${id}`, { name: '楽天 銀座', settings: RAKUTEN.settings, credentials: { licenseKey: 'SL_new_value' } });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect(renamed.json()).toMatchObject({ name: '楽天 銀座', credentialsSet: ['licenseKey', 'serviceSecret'] });
  });

  it('names a missing credential field in Japanese', async () => {
    const response = await api().post('/api/channel-accounts', { kind: 'yahoo', name: 'Yahoo', settings: { sellerId: 'jewelry-shop' }, credentials: { clientId: 'id' } });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details.fields).toEqual([{ field: 'credentials.clientSecret', message: '入力してください。' }]);
    const badUrl = await api().post('/api/channel-accounts', { kind: 'own_site', name: 'Site', settings: { baseUrl: 'ftp://shop' }, credentials: { apiToken: 't', webhookSecret: 's' } });
    expect(badUrl.json().error.details.fields[0]).toMatchObject({ field: 'settings.baseUrl' });
  });

  it('pauses and resumes an account', async () => {
    const id = (await api().post('/api/channel-accounts', { ...RAKUTEN, name: '楽天 3' })).json().id;
    const paused = await api().post(`/api/channel-accounts/${id}/pause`, { reason: 'メンテナンス中' });
    expect(paused.json()).toMatchObject({ status: 'paused', pausedReason: 'メンテナンス中' });
    const resumed = await api().post(`/api/channel-accounts/${id}/resume`, {});
    expect(resumed.json()).toMatchObject({ status: 'active', pausedReason: null, failureCount: 0 });
  });

  it('needs the channel permission', async () => {
    const clerk = await signIn(signedIn.app(), database(), 'ja', { role: 'sales' });
    expect((await clerk.get('/api/channel-accounts')).statusCode).toBe(403);
  });
});

describeEachDatabase('channel account failures', (database) => {
  const signedIn = useSignedInApp(database, 'en');

  it('pauses an account after repeated failures and clears the count on success', async () => {
    const db = database().db;
    const id = (await signedIn.api().post('/api/channel-accounts', { ...RAKUTEN, name: 'Failing' })).json().id;

    for (let failure = 1; failure < PAUSE_AFTER_FAILURES; failure += 1) {
      expect(await recordChannelOutcome(db, id, { ok: false, error: 'HTTP 503' })).toBe(false);
    }
    expect(await recordChannelOutcome(db, id, { ok: true })).toBe(false);
    for (let failure = 1; failure < PAUSE_AFTER_FAILURES; failure += 1) await recordChannelOutcome(db, id, { ok: false, error: 'HTTP 503' });
    expect(await recordChannelOutcome(db, id, { ok: false, error: 'connection reset' })).toBe(true);

    const account = (await signedIn.api().get(`/api/channel-accounts/${id}`)).json();
    expect(account).toMatchObject({ status: 'paused', failureCount: PAUSE_AFTER_FAILURES, lastError: 'connection reset' });
    expect(account.pausedReason).toContain('connection reset');
    const resumed = (await signedIn.api().post(`/api/channel-accounts/${id}/resume`, {})).json();
    expect(resumed).toMatchObject({ status: 'active', failureCount: 0 });
  });
});
