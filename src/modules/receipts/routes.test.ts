import { afterAll, beforeAll, expect, it } from 'vitest';
import { signIn, testConfig, type ApiClient } from '../../../test/helpers/app.js';
import { describeEachDatabase } from '../../../test/helpers/database.js';
import { createTestLocation, receiveTestItem } from '../../../test/helpers/factories.js';
import type { Location } from '../../db/schema.js';
import { buildApp } from '../../server/app.js';
import { ROUTE_MODULES } from '../../server/routes.js';
import type { App } from '../../server/types.js';
import { formatYen } from './model.js';
import { receiptRoutes } from './routes.js';

// Receipts through the HTTP API, on a real sale: counting prints, copies, audit, scope.

describeEachDatabase('receipt routes', (database) => {
  let app: App;
  let owner: ApiClient;
  let store: Location;
  let registerId: number;

  beforeAll(async () => {
    const db = database().db;
    app = await buildApp({ db, databaseKind: database().kind, config: testConfig(), logger: false, webRoot: '/nonexistent' });
    // Registered here only while the server's ROUTE_MODULES does not list receiptRoutes.
    if (!ROUTE_MODULES.includes(receiptRoutes)) await receiptRoutes(app, { db, databaseKind: database().kind, config: testConfig() });
    await app.ready();
    owner = await signIn(app, database(), 'ja');

    await db.updateTable('company_settings').set({ name: 'つなぐ宝飾', tax_rounding: 'half_up', invoice_registration_number: 'T7000012050002' }).where('id', '=', 1).execute();
    store = await createTestLocation(db, { name: '銀座店', address: '東京都中央区銀座1-2-3', phone: '03-1234-5678' });
    registerId = (await db.selectFrom('registers').select('id').where('location_id', '=', store.id).orderBy('id').executeTakeFirstOrThrow()).id;
  });

  afterAll(async () => {
    await app?.close();
  });

  async function sell(): Promise<{ id: number; number: string; total: number; taxRates: Array<{ ratePercent: number; total: number; tax: number }> }> {
    const db = database().db;
    const ring = await receiveTestItem(db, { locationId: store.id, name: 'K18 <b>リング</b>', retailPrice: 132_000 });
    const sweets = await receiveTestItem(db, { locationId: store.id, name: '焼き菓子', category: 'other', retailPrice: 3_240, taxRatePercent: 8 });
    const response = await owner.post('/api/sales', {
      registerId,
      lines: [{ itemId: ring.id, discount: { percent: 10 } }, { itemId: sweets.id }],
      reductions: [{ kind: 'coupon', discount: { yen: 1_000 } }],
      payments: [{ method: 'cash', amount: 121_040, tendered: 130_000 }],
    });
    expect(response.statusCode, response.body).toBe(201);
    return response.json();
  }

  async function printEvents(saleId: number): Promise<unknown[]> {
    const rows = await database()
      .db.selectFrom('audit_events')
      .select(['action', 'detail_json', 'user_id'])
      .where('entity_type', '=', 'sale')
      .where('entity_id', '=', String(saleId))
      .where('action', '=', 'sale.receipt_print')
      .orderBy('id')
      .execute();
    return rows.map((row) => ({ ...row, detail_json: row.detail_json && JSON.parse(row.detail_json) }));
  }

  it('prints the original, then copies', async () => {
    const sale = await sell();

    const first = await owner.get(`/api/sales/${sale.id}/receipt?width=58`);
    expect(first.statusCode, first.body).toBe(200);
    expect(first.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(first.headers['cache-control']).toBe('no-store');
    expect(first.body).toContain('@page { size: 58mm');
    expect(first.body).toContain('適格簡易請求書');
    expect(first.body).toContain('K18 &lt;b&gt;リング&lt;/b&gt;');
    expect(first.body).not.toContain('控え（再発行）');

    const second = await owner.get(`/api/sales/${sale.id}/receipt?locale=en`);
    expect(second.statusCode).toBe(200);
    expect(second.body).toContain('COPY (reprint)');
    expect(second.body).toContain('@page { size: 80mm');

    const stored = await database().db.selectFrom('sales').select('receipt_print_count').where('id', '=', sale.id).executeTakeFirstOrThrow();
    expect(Number(stored.receipt_print_count)).toBe(2);
    expect(await printEvents(sale.id)).toEqual([
      { action: 'sale.receipt_print', user_id: owner.userId, detail_json: { format: 'html', copy: false } },
      { action: 'sale.receipt_print', user_id: owner.userId, detail_json: { format: 'html', copy: true } },
    ]);
  });

  it('prints the figures of the sale', async () => {
    const sale = await sell();
    const page = (await owner.get(`/api/sales/${sale.id}/receipt`)).body;
    expect(page).toContain(formatYen(sale.total));
    for (const rate of sale.taxRates) {
      expect(page).toContain(`<span class="l">${rate.ratePercent}%対象</span><span class="r">${formatYen(rate.total)}</span>`);
      expect(page).toContain(formatYen(rate.tax));
    }
    expect(page).toContain('端数処理: 四捨五入');
    expect(page).toContain('登録番号 T7000012050002');
  });

  it('serves the A4 PDF inline and counts it', async () => {
    const sale = await sell();
    const response = await owner.get(`/api/sales/${sale.id}/receipt.pdf`);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    expect(response.headers['content-disposition']).toBe(`inline; filename="receipt-${sale.number}.pdf"`);
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(await printEvents(sale.id)).toEqual([{ action: 'sale.receipt_print', user_id: owner.userId, detail_json: { format: 'pdf', copy: false } }]);
  });

  it('rejects an invalid width', async () => {
    const sale = await sell();
    const response = await owner.get(`/api/sales/${sale.id}/receipt?width=72`);
    expect(response.statusCode).toBe(400);
    expect(await printEvents(sale.id)).toEqual([]);
  });

  it('hides sales of other stores', async () => {
    const sale = await sell();
    const other = await createTestLocation(database().db);
    const staff = await signIn(app, database(), 'en', { role: 'sales', locationIds: [other.id] });
    const response = await staff.get(`/api/sales/${sale.id}/receipt`);
    expect(response.statusCode).toBe(404);
    expect(response.json().error.code).toBe('sale_not_found');
    expect(await printEvents(sale.id)).toEqual([]);
  });

  it('requires the sales permission', async () => {
    const sale = await sell();
    const viewer = await signIn(app, database(), 'en', { role: 'viewer' });
    expect((await viewer.get(`/api/sales/${sale.id}/receipt`)).statusCode).toBe(403);
    expect((await viewer.get(`/api/sales/${sale.id}/receipt.pdf`)).statusCode).toBe(403);
    expect(await printEvents(sale.id)).toEqual([]);
  });
});
