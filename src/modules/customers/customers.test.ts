import { expect, it } from 'vitest';
import type { Db } from '../../db/database.js';
import { nowIso } from '../../db/database.js';
import { signIn, useSignedInApp, type ApiClient } from '../../../test/helpers/app.js';
import { describeEachDatabase } from '../../../test/helpers/database.js';
import { createTestLocation, receiveTestItem } from '../../../test/helpers/factories.js';

interface SaleFixture {
  customerId: number | null;
  locationId: number;
  itemId: number;
  kind?: 'sale' | 'return';
  total: number;
  taxTotal: number;
  businessDate?: string;
}

let saleCounter = 0;

/**
 * Writes a completed sale with one line straight into the sales tables, as the sales
 * module would, so these tests do not depend on the counter's rules.
 */
async function insertSale(db: Db, fixture: SaleFixture): Promise<number> {
  let register = await db.selectFrom('registers').select('id').where('location_id', '=', fixture.locationId).executeTakeFirst();
  register ??= await db
    .insertInto('registers')
    .values({ location_id: fixture.locationId, code: '1', name: 'レジ1', is_active: 1, created_at: nowIso() })
    .returning('id')
    .executeTakeFirstOrThrow();
  saleCounter += 1;
  const sale = await db
    .insertInto('sales')
    .values({
      number: `S-TEST-${Date.now()}-${saleCounter}`,
      kind: fixture.kind ?? 'sale',
      original_sale_id: null,
      location_id: fixture.locationId,
      register_id: register.id,
      customer_id: fixture.customerId,
      status: 'completed',
      business_date: fixture.businessDate ?? '2026-03-01',
      sold_at: nowIso(),
      price_basis: 'included',
      tax_rounding: 'down',
      subtotal: fixture.total,
      reduction_total: 0,
      total: fixture.total,
      tax_total: fixture.taxTotal,
      note: null,
      reason: null,
      invoice_registration_number: null,
      voided_at: null,
      voided_by: null,
      void_reason: null,
      created_by: null,
      created_at: nowIso(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('sale_lines')
    .values({
      sale_id: sale.id,
      line_no: 1,
      item_id: fixture.itemId,
      original_line_id: null,
      quantity: 1,
      unit_price: fixture.total,
      price_basis: 'included',
      tax_rate_percent: 10,
      discount_json: null,
      gross_amount: fixture.total,
      line_discount: 0,
      amount: fixture.total,
      allocated_reduction: 0,
      final_amount: fixture.total,
      cost_amount: 50_000,
      return_location_id: null,
    })
    .execute();
  return sale.id;
}

async function createCustomer(client: ApiClient, body: Record<string, unknown>): Promise<{ id: number; code: string }> {
  const response = await client.post('/api/customers', body);
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}

async function searchCodes(client: ApiClient, q: string, extra = ''): Promise<string[]> {
  const response = await client.get(`/api/customers?q=${encodeURIComponent(q)}${extra}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json().customers.map((c: { code: string }) => c.code);
}

async function auditEvents(db: Db, action: string, entityId: number) {
  return db.selectFrom('audit_events').selectAll().where('action', '=', action).where('entity_id', '=', String(entityId)).orderBy('id').execute();
}

describeEachDatabase('customers', (database) => {
  const signedIn = useSignedInApp(database);
  const api = () => signedIn.api();

  it('creates customers with sequential codes', async () => {
    const first = await createCustomer(api(), { familyName: '佐藤', givenName: '一郎' });
    const second = await createCustomer(api(), { familyName: '佐藤', givenName: '二郎' });
    expect(first.code).toMatch(/^C\d{6}$/);
    expect(Number(second.code.slice(1))).toBe(Number(first.code.slice(1)) + 1);

    const detail = await api().get(`/api/customers/${first.id}`);
    expect(detail.json().customer).toMatchObject({ familyName: '佐藤', givenName: '一郎', consentToContact: false, mergedInto: null });
  });

  it('finds customers by kana in any width or script', async () => {
    const hanako = await createCustomer(api(), {
      familyName: '高橋',
      givenName: '花子',
      familyNameKana: 'たかはし',
      givenNameKana: 'ﾊﾅｺ',
      email: 'Hanako.Takahashi@example.jp',
    });
    const stored = await api().get(`/api/customers/${hanako.id}`);
    expect(stored.json().customer.familyNameKana).toBe('タカハシ');
    expect(stored.json().customer.givenNameKana).toBe('ハナコ');

    for (const query of ['ﾀｶﾊｼ', 'たかはし', 'タカハシ ハナコ', 'たかはしはなこ', '高橋花子', '高橋 花子', 'hanako.takahashi', 'ＨＡＮＡＫＯ']) {
      expect(await searchCodes(api(), query), query).toEqual([hanako.code]);
    }
    expect(await searchCodes(api(), 'たかはし たろう')).toEqual([]);
  });

  it('finds customers by phone digits', async () => {
    const customer = await createCustomer(api(), { familyName: '電話', phone: '090-7777-1234' });
    expect(await searchCodes(api(), '090-7777')).toEqual([customer.code]);
    expect(await searchCodes(api(), '09077771234')).toEqual([customer.code]);
    expect(await searchCodes(api(), '７７７７１２')).toEqual([customer.code]);
    expect(await searchCodes(api(), '090-7777-9999')).toEqual([]);
  });

  it('lists compact rows with the last purchase date', async () => {
    const store = await createTestLocation(database().db);
    const item = await receiveTestItem(database().db, { locationId: store.id });
    const customer = await createCustomer(api(), { familyName: '最終購入', phone: '03-1234-0000', birthday: '1985-04-03', consentToContact: true });
    await insertSale(database().db, { customerId: customer.id, locationId: store.id, itemId: item.id, total: 11_000, taxTotal: 1_000, businessDate: '2026-02-10' });
    await insertSale(database().db, { customerId: customer.id, locationId: store.id, itemId: item.id, total: 22_000, taxTotal: 2_000, businessDate: '2026-02-20' });
    await insertSale(database().db, { customerId: customer.id, locationId: store.id, itemId: item.id, kind: 'return', total: 11_000, taxTotal: 1_000, businessDate: '2026-02-25' });

    const response = await api().get(`/api/customers?q=${encodeURIComponent('最終購入')}`);
    expect(response.json().total).toBe(1);
    expect(response.json().customers[0]).toEqual({
      id: customer.id,
      code: customer.code,
      familyName: '最終購入',
      givenName: null,
      familyNameKana: null,
      givenNameKana: null,
      phone: '03-1234-0000',
      birthday: '1985-04-03',
      consentToContact: true,
      lastPurchaseDate: '2026-02-20',
      mergedIntoId: null,
      anonymizedAt: null,
    });
  });

  it('names invalid fields in the user language', async () => {
    const japanese = await signIn(signedIn.app(), database(), 'ja');
    const response = await japanese.post('/api/customers', {
      familyName: '',
      familyNameKana: '山田',
      phone: 'abc',
      postalCode: '12-34',
      birthday: '2999-01-01',
      ringSizes: [{ finger: 'left_ring', sizeTenths: 93 }],
    });
    expect(response.statusCode).toBe(400);
    const fields = Object.fromEntries(response.json().error.details.fields.map((f: { field: string; message: string }) => [f.field, f.message]));
    expect(fields.familyName).toBe('姓を入力してください。');
    expect(fields.familyNameKana).toContain('フリガナ（姓）');
    expect(fields.phone).toContain('電話番号');
    expect(fields.postalCode).toContain('郵便番号');
    expect(fields.birthday).toContain('誕生日');
    expect(fields['ringSizes.0.sizeTenths']).toContain('リングサイズ');

    const english = await api().post('/api/customers', { familyName: 'X', email: 'not-an-address' });
    expect(english.json().error.details.fields).toEqual([{ field: 'email', message: 'Enter an email address (example: hanako@example.jp).' }]);
  });

  it('records every view of a record, not searches', async () => {
    const customer = await createCustomer(api(), { familyName: '閲覧', givenName: '記録' });
    await api().get(`/api/customers/${customer.id}`);
    await api().get(`/api/customers/${customer.id}`);
    await api().get(`/api/customers?q=${encodeURIComponent('閲覧')}`);

    const views = await auditEvents(database().db, 'customer.view', customer.id);
    expect(views).toHaveLength(2);
    expect(views[0]?.user_id).toBe(api().userId);
    expect(views[0]?.entity_type).toBe('customer');

    const created = await auditEvents(database().db, 'customer.create', customer.id);
    expect(created).toHaveLength(1);
    expect(created[0]?.after_json).not.toContain('閲覧');
  });

  it('updates a record and audits before and after', async () => {
    const customer = await createCustomer(api(), { familyName: '更新', consentToContact: false });
    const updated = await api().put(`/api/customers/${customer.id}`, {
      familyName: '更新',
      givenName: '後',
      consentToContact: true,
      anniversaries: [{ label: '結婚記念日', date: '2012-11-22' }],
      ringSizes: [{ finger: 'left_ring', sizeTenths: 95 }],
      prefecture: '大阪府',
    });
    expect(updated.statusCode, updated.body).toBe(200);
    expect(updated.json()).toMatchObject({
      givenName: '後',
      consentToContact: true,
      anniversaries: [{ label: '結婚記念日', date: '2012-11-22' }],
      ringSizes: [{ finger: 'left_ring', sizeTenths: 95 }],
      prefecture: '大阪府',
    });
    expect(updated.json().consentUpdatedAt).not.toBeNull();
    const events = await auditEvents(database().db, 'customer.update', customer.id);
    expect(events).toHaveLength(1);
    expect(events[0]?.before_json).not.toBeNull();
    expect(events[0]?.after_json).not.toContain('大阪府');
  });

  it('merges a duplicate, moving sales and keeping history', async () => {
    const store = await createTestLocation(database().db);
    const item = await receiveTestItem(database().db, { locationId: store.id });
    const target = await createCustomer(api(), { familyName: '統合', givenName: '先', phone: '090-1111-2222' });
    const source = await createCustomer(api(), {
      familyName: '統合',
      givenName: '元',
      phone: '080-3333-4444',
      email: 'dup@example.jp',
      birthday: '1990-01-15',
      ringSizes: [{ finger: 'right_ring', sizeTenths: 110 }],
    });
    const targetSale = await insertSale(database().db, { customerId: target.id, locationId: store.id, itemId: item.id, total: 33_000, taxTotal: 3_000 });
    const sourceSale = await insertSale(database().db, { customerId: source.id, locationId: store.id, itemId: item.id, total: 55_000, taxTotal: 5_000 });

    const merged = await api().post(`/api/customers/${target.id}/merge`, { sourceId: source.id });
    expect(merged.statusCode, merged.body).toBe(200);
    expect(merged.json()).toMatchObject({ movedSaleCount: 1, target: { id: target.id }, source: { id: source.id } });
    expect(merged.json().filledFields).toEqual(expect.arrayContaining(['email', 'birthday', 'ring_sizes_json']));

    const sale = await database().db.selectFrom('sales').select('customer_id').where('id', '=', sourceSale).executeTakeFirstOrThrow();
    expect(sale.customer_id).toBe(target.id);

    const detail = (await api().get(`/api/customers/${target.id}`)).json();
    expect(detail.customer.phone).toBe('090-1111-2222');
    expect(detail.customer.email).toBe('dup@example.jp');
    expect(detail.customer.birthday).toBe('1990-01-15');
    expect(detail.mergedFrom).toEqual([{ id: source.id, code: source.code }]);
    expect(detail.purchases.map((p: { id: number }) => p.id).sort()).toEqual([targetSale, sourceSale].sort());
    const line = detail.purchases.find((p: { id: number }) => p.id === sourceSale).lines[0];
    expect(line).toMatchObject({ itemId: item.id, stockNumber: item.stock_number, amount: 55_000 });

    const sourceDetail = (await api().get(`/api/customers/${source.id}`)).json();
    expect(sourceDetail.customer.mergedInto).toEqual({ id: target.id, code: target.code });
    expect(sourceDetail.customer.phone).toBe('080-3333-4444');

    expect(await searchCodes(api(), '080-3333')).toEqual([]);
    expect(await searchCodes(api(), '080-3333', '&includeMerged=true')).toEqual([source.code]);

    const events = await auditEvents(database().db, 'customer.merge', target.id);
    expect(events).toHaveLength(1);
    expect(JSON.parse(events[0]?.detail_json ?? '{}')).toEqual({ targetId: target.id, sourceId: source.id, movedSaleCount: 1, repointedCount: 0 });
    expect(JSON.parse(events[0]?.after_json ?? '{}').source.mergedInto).toEqual({ id: target.id, code: target.code });
  });

  it('rejects merges that cannot resolve', async () => {
    const target = await createCustomer(api(), { familyName: '拒否', givenName: '先' });
    const source = await createCustomer(api(), { familyName: '拒否', givenName: '元' });
    const other = await createCustomer(api(), { familyName: '拒否', givenName: '他' });

    const self = await api().post(`/api/customers/${target.id}/merge`, { sourceId: target.id });
    expect(self.statusCode).toBe(400);
    expect(self.json().error.code).toBe('merge_into_self');

    expect((await api().post(`/api/customers/${target.id}/merge`, { sourceId: source.id })).statusCode).toBe(200);
    const again = await api().post(`/api/customers/${other.id}/merge`, { sourceId: source.id });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('merge_already_merged');
    expect(again.json().error.message).toContain(target.code);
    const intoMerged = await api().post(`/api/customers/${source.id}/merge`, { sourceId: other.id });
    expect(intoMerged.json().error.code).toBe('merge_already_merged');

    const edit = await api().put(`/api/customers/${source.id}`, { familyName: '変更' });
    expect(edit.statusCode).toBe(409);
    expect(edit.json().error.code).toBe('customer_merged');

    await api().post(`/api/customers/${other.id}/anonymize`, { reason: '本人からの削除依頼' });
    const anonymized = await api().post(`/api/customers/${target.id}/merge`, { sourceId: other.id });
    expect(anonymized.statusCode).toBe(409);
    expect(anonymized.json().error.code).toBe('merge_anonymized');

    const missing = await api().post(`/api/customers/${target.id}/merge`, { sourceId: 999_999 });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.details).toEqual({ field: 'sourceId' });
  });

  it('anonymises without changing sales figures', async () => {
    const store = await createTestLocation(database().db);
    const item = await receiveTestItem(database().db, { locationId: store.id });
    const customer = await createCustomer(api(), {
      familyName: '匿名',
      givenName: '太郎',
      familyNameKana: 'トクメイ',
      phone: '090-5555-6666',
      email: 'tokumei@example.jp',
      postalCode: '100-0005',
      prefecture: '東京都',
      address: '千代田区丸の内1-1',
      birthday: '1970-07-07',
      anniversaries: [{ label: '結婚記念日', date: '2000-10-10' }],
      ringSizes: [{ finger: 'left_ring', sizeTenths: 120 }],
      preferences: 'ルビー',
      notes: '来店は土曜',
      consentToContact: true,
    });
    const duplicate = await createCustomer(api(), { familyName: '匿名', givenName: '重複', phone: '090-5555-7777' });
    await api().post(`/api/customers/${customer.id}/merge`, { sourceId: duplicate.id });
    await insertSale(database().db, { customerId: customer.id, locationId: store.id, itemId: item.id, total: 88_000, taxTotal: 8_000 });

    const totalsBefore = await database()
      .db.selectFrom('sales')
      .select((eb) => [eb.fn.sum<number>('total').as('total'), eb.fn.sum<number>('tax_total').as('tax'), eb.fn.countAll<number>().as('count')])
      .where('customer_id', '=', customer.id)
      .executeTakeFirstOrThrow();

    const response = await api().post(`/api/customers/${customer.id}/anonymize`, { reason: '本人からの削除依頼（電話）' });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ id: customer.id, code: customer.code, mergedRecordCount: 1 });

    const totalsAfter = await database()
      .db.selectFrom('sales')
      .select((eb) => [eb.fn.sum<number>('total').as('total'), eb.fn.sum<number>('tax_total').as('tax'), eb.fn.countAll<number>().as('count')])
      .where('customer_id', '=', customer.id)
      .executeTakeFirstOrThrow();
    expect(Number(totalsAfter.total)).toBe(Number(totalsBefore.total));
    expect(Number(totalsAfter.tax)).toBe(Number(totalsBefore.tax));
    expect(Number(totalsAfter.count)).toBe(Number(totalsBefore.count));

    const row = await database().db.selectFrom('customers').selectAll().where('id', '=', customer.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      code: customer.code,
      family_name: '削除済み',
      given_name: null,
      family_name_kana: null,
      phone: null,
      phone_digits: null,
      email: null,
      postal_code: null,
      prefecture: null,
      address: null,
      birthday: null,
      birthday_md: null,
      anniversaries_json: '[]',
      ring_sizes_json: '[]',
      preferences: null,
      notes: null,
      consent_to_contact: 0,
    });
    expect(row.anonymized_at).not.toBeNull();
    expect(row.search_text).not.toContain('匿名');
    const duplicateRow = await database().db.selectFrom('customers').selectAll().where('id', '=', duplicate.id).executeTakeFirstOrThrow();
    expect(duplicateRow.phone).toBeNull();
    expect(duplicateRow.anonymized_at).not.toBeNull();

    expect(await searchCodes(api(), '090-5555')).toEqual([]);
    expect(await searchCodes(api(), customer.code, '&includeAnonymized=true')).toEqual([customer.code]);

    const edit = await api().put(`/api/customers/${customer.id}`, { familyName: '復活' });
    expect(edit.statusCode).toBe(409);
    expect(edit.json().error.code).toBe('customer_anonymized');
    const twice = await api().post(`/api/customers/${customer.id}/anonymize`, { reason: '再実行' });
    expect(twice.json().error.code).toBe('already_anonymized');

    const [event] = await auditEvents(database().db, 'customer.anonymize', customer.id);
    expect(event?.before_json).toBeNull();
    expect(JSON.parse(event?.after_json ?? '{}')).toEqual({ id: customer.id, code: customer.code, anonymizedAt: row.anonymized_at });
    expect(JSON.parse(event?.detail_json ?? '{}')).toEqual({ reason: '本人からの削除依頼（電話）', mergedRecordCount: 1 });
    const everything = await database().db.selectFrom('audit_events').select(['before_json', 'after_json', 'detail_json']).where('entity_type', '=', 'customer').execute();
    expect(JSON.stringify(everything)).not.toContain('090-5555-6666');
    expect(JSON.stringify(everything)).not.toContain('千代田区');
  });

  it('exports one customer as JSON and CSV, audited', async () => {
    const store = await createTestLocation(database().db);
    const item = await receiveTestItem(database().db, { locationId: store.id, name: 'Ruby ring' });
    const customer = await createCustomer(api(), {
      familyName: '出力',
      givenName: '花',
      notes: '=HYPERLINK("x")',
      anniversaries: [{ label: '結婚記念日', date: '2011-05-05' }],
      ringSizes: [{ finger: 'left_ring', sizeTenths: 105 }],
    });
    await insertSale(database().db, { customerId: customer.id, locationId: store.id, itemId: item.id, total: 44_000, taxTotal: 4_000 });

    const json = await api().get(`/api/customers/${customer.id}/export`);
    expect(json.statusCode, json.body).toBe(200);
    expect(json.headers['content-disposition']).toContain(`customer-${customer.code}-`);
    const body = json.json();
    expect(body.customer).toMatchObject({ familyName: '出力', givenName: '花', ringSizes: [{ finger: 'left_ring', sizeTenths: 105 }] });
    expect(body.purchases).toHaveLength(1);
    expect(body.purchases[0].lines[0]).toMatchObject({ name: 'Ruby ring', amount: 44_000 });

    const csv = await api().get(`/api/customers/${customer.id}/export?format=csv`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const text = csv.rawPayload.subarray(3).toString('utf8');
    expect(text).toContain('Family name,出力');
    expect(text).toContain(`'=HYPERLINK`);
    expect(text).toContain('Left ring finger,size 10.5');
    expect(text).toContain('Ruby ring');

    const events = await auditEvents(database().db, 'customer.export', customer.id);
    expect(events.map((event) => JSON.parse(event.detail_json ?? '{}').format)).toEqual(['json', 'csv']);
    expect(events.every((event) => event.outcome === 'success')).toBe(true);
  });

  it('lists birthdays and anniversaries across the year end', async () => {
    const december = await createCustomer(api(), { familyName: '年末', birthday: '1980-12-30', consentToContact: true });
    const january = await createCustomer(api(), { familyName: '年始', birthday: '1992-01-02', anniversaries: [{ label: '結婚記念日', date: '2020-12-31' }] });
    const later = await createCustomer(api(), { familyName: '範囲外', birthday: '1975-01-20' });
    const leap = await createCustomer(api(), { familyName: '閏日', birthday: '2000-02-29' });

    const response = await api().get('/api/customers/birthdays?from=2026-12-29&days=7');
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().to).toBe('2027-01-04');
    const entries = response.json().entries.filter((e: { customerId: number }) => [december.id, january.id, later.id, leap.id].includes(e.customerId));
    expect(entries.map((e: { code: string; kind: string; date: string; years: number; daysUntil: number; consentToContact: boolean }) => [e.code, e.kind, e.date, e.years, e.daysUntil, e.consentToContact])).toEqual([
      [december.code, 'birthday', '2026-12-30', 46, 1, true],
      [january.code, 'anniversary', '2026-12-31', 6, 2, false],
      [january.code, 'birthday', '2027-01-02', 35, 4, false],
    ]);

    const common = await api().get('/api/customers/birthdays?from=2027-02-27&days=2');
    expect(common.json().entries.filter((e: { customerId: number }) => e.customerId === leap.id).map((e: { date: string }) => e.date)).toEqual(['2027-02-28']);
    const leapYear = await api().get('/api/customers/birthdays?from=2028-02-28&days=2');
    expect(leapYear.json().entries.filter((e: { customerId: number }) => e.customerId === leap.id).map((e: { date: string }) => e.date)).toEqual(['2028-02-29']);
  });

  it('rejects users without personal data permission', async () => {
    const customer = await createCustomer(api(), { familyName: '権限' });
    const viewer = await signIn(signedIn.app(), database(), 'en', { role: 'viewer' });
    for (const url of ['/api/customers', `/api/customers/${customer.id}`, '/api/customers/birthdays', `/api/customers/${customer.id}/export`]) {
      const response = await viewer.get(url);
      expect(response.statusCode, url).toBe(403);
      expect(response.json().error.code).toBe('permission_denied');
    }
    expect((await viewer.post('/api/customers', { familyName: '拒否太郎', givenName: '花', preferences: 'パール好き', phone: '090-0000-1111' })).statusCode).toBe(403);
    const denied = await database()
      .db.selectFrom('audit_events')
      .selectAll()
      .where('user_id', '=', viewer.userId)
      .where('action', '=', 'http.POST /api/customers')
      .executeTakeFirstOrThrow();
    expect(denied.outcome).toBe('denied');
    expect(JSON.parse(denied.after_json ?? '{}')).toEqual({ familyName: '[masked]', givenName: '[masked]', preferences: '[masked]', phone: '[masked]' });
    expect((await viewer.put(`/api/customers/${customer.id}`, { familyName: 'X' })).statusCode).toBe(403);
    expect((await viewer.post(`/api/customers/${customer.id}/anonymize`, { reason: 'x' })).statusCode).toBe(403);
    expect(await auditEvents(database().db, 'customer.view', customer.id)).toHaveLength(0);
  });

  it('needs data.export to export', async () => {
    const customer = await createCustomer(api(), { familyName: '販売員' });
    const clerk = await signIn(signedIn.app(), database(), 'ja', { role: 'sales' });
    expect((await clerk.get(`/api/customers/${customer.id}`)).statusCode).toBe(200);
    const refused = await clerk.get(`/api/customers/${customer.id}/export`);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.message).toContain('データの出力');
    const [event] = await auditEvents(database().db, 'customer.export', customer.id);
    expect(event?.outcome).toBe('denied');
    expect(event?.user_id).toBe(clerk.userId);
  });
});
