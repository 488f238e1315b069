import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { nowIso } from '../../db/database.js';
import { mockAccountInputs, waitFor } from '../../../test/helpers/channels.js';
import { describeEachDatabase } from '../../../test/helpers/database.js';
import { keyringOf } from '../../shared/secrets.js';
import { businessDate } from '../../shared/time.js';
import { createChannelAccount } from '../channels/accounts/service.js';
import type { ChannelAccountInput } from '../channels/accounts/schemas.js';
import type { ChannelOrder } from '../channels/adapter.js';
import { importChannelOrder } from '../channels/orders/intake.js';
import { createRakutenMock, type RakutenMock } from '../channels/rakuten/mock/index.js';
import { ChannelHub } from '../channels/sync/hub.js';
import { createYahooMock, type YahooMock } from '../channels/yahoo/mock/index.js';
import { shipmentReportsOf, type ShipmentReportStatus, type ShipmentReportView } from './queries.js';
import { enqueueShipmentReport, retryShipmentReport } from './reports.js';
import type { Carrier } from './tracking.js';

// Shipment reports end to end: orders imported from the Rakuten and Yahoo mocks, a shipped
// shipment with a pending report, and the hub's order lane sending it. Covers each carrier's
// code, a retried outage, a response lost after Rakuten applied the call, a rejected date,
// a corrected tracking number and a channel without a shipment API.

const SAMPLES = path.resolve(import.meta.dirname, '../../../../shared/data/real/rakuten');
const UPDATE_ORDER_SHIPPING = '/es/2.0/order/updateOrderShipping/';
/** 01:30 on 5 December in Japan, still 4 December in UTC: the report must carry the Japanese date. */
const SHIPPED_AT = '2026-12-04T16:30:00.000Z';

interface LogLine {
  level: 'info' | 'warn' | 'error';
  fields: Record<string, unknown>;
  message: string;
}

describeEachDatabase('shipment reports to the channels', (database) => {
  const db = () => database().db;
  const keys = keyringOf(Buffer.alloc(32, 7));
  let rakuten: RakutenMock;
  let yahoo: YahooMock;
  let hub: ChannelHub;
  const accounts = { rakuten: 0, yahoo: 0, ownSite: 0 };
  const logged: LogLine[] = [];
  let sequence = 0;

  beforeAll(async () => {
    rakuten = createRakutenMock({ serviceSecret: 's', licenseKey: 'k' });
    await rakuten.listen({ host: '127.0.0.1', port: 0 });
    yahoo = createYahooMock({ sellerId: 'jewel', accessToken: 'token', refreshToken: 'refresh' });
    await yahoo.listen({ host: '127.0.0.1', port: 0 });

    const createAccount = async (input: ChannelAccountInput) => (await db().transaction().execute((trx) => createChannelAccount(trx, keys, input, null))).id;
    const inputs = mockAccountInputs(rakuten.url, yahoo.url());
    accounts.rakuten = await createAccount(inputs.rakuten);
    accounts.yahoo = await createAccount(inputs.yahoo);
    // Nothing listens on port 9: the own-site adapter is built but never called here.
    accounts.ownSite = await createAccount({ kind: 'own_site', name: '自社サイト', settings: { baseUrl: 'http://127.0.0.1:9' }, credentials: { apiToken: 't', webhookSecret: 'webhook-secret' } });

    const record =
      (level: LogLine['level']) =>
      (...args: unknown[]) =>
        void logged.push({ level, fields: (args[0] ?? {}) as Record<string, unknown>, message: String(args[1] ?? '') });
    hub = new ChannelHub({
      db: db(),
      keys,
      logger: { info: record('info'), warn: record('warn'), error: record('error') },
      schedules: false,
      idleMs: 20,
      retryBaseMs: 200,
      retryMaxMs: 1_000,
      probeSeconds: 1,
    });
    await hub.start();
  });

  afterAll(async () => {
    await hub?.stop();
    await rakuten?.close();
    await yahoo?.close();
  });

  /** Stores a copy of the published getOrder sample under a new number on the mock and imports it. */
  async function rakutenOrder(): Promise<{ orderId: number; orderNumber: string }> {
    sequence += 1;
    const orderNumber = `123456-20261205-${String(sequence).padStart(8, '0')}`;
    const sample = JSON.parse(readFileSync(path.join(SAMPLES, 'getOrderItem-response-200.json'), 'utf8')).OrderModelList[0];
    const placed = await fetch(`${rakuten.url}/__mock/orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ order: { ...sample, orderNumber } }) });
    expect(placed.status).toBe(201);

    const [order] = await (await hub.adapters.get(accounts.rakuten)).getOrders([orderNumber]);
    const imported = await db().transaction().execute((trx) => importChannelOrder(trx, accounts.rakuten, order!));
    return { orderId: imported.orderId, orderNumber };
  }

  async function yahooOrder(): Promise<{ orderId: number; orderNumber: string }> {
    const placed = await fetch(`${yahoo.url()}/__mock/orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ force: true, lines: [{ itemCode: 'ring-report' }] }) });
    expect(placed.status).toBe(201);
    const orderNumber = ((await placed.json()) as { orderId: string }).orderId;

    const [order] = await (await hub.adapters.get(accounts.yahoo)).getOrders([orderNumber]);
    const imported = await db().transaction().execute((trx) => importChannelOrder(trx, accounts.yahoo, order!));
    return { orderId: imported.orderId, orderNumber };
  }

  async function ownSiteOrder(): Promise<{ orderId: number; orderNumber: string }> {
    sequence += 1;
    const orderNumber = `OS-SHIP-${sequence}`;
    const buyer = { name: '山田 花子', nameKana: null, postalCode: '150-0001', address: '東京都渋谷区神宮前1-1-1', phone: '03-1234-5678', email: null };
    const order: ChannelOrder = {
      orderNumber,
      status: 'to_ship',
      orderedAt: '2026-12-04T10:00:00+09:00',
      version: '1',
      buyer,
      delivery: null,
      lines: [{ lineKey: '1', externalCode: 'own-ring-report', variantCode: null, title: '指輪', unitPrice: 50_000, quantity: 1, taxIncluded: true, taxRate: 0.1 }],
      totals: { goods: 50_000, shipping: 0, fees: 0, coupon: 0, points: 0, total: 50_000, taxByRate: [] },
      raw: { orderNumber },
    };
    const imported = await db().transaction().execute((trx) => importChannelOrder(trx, accounts.ownSite, order));
    return { orderId: imported.orderId, orderNumber };
  }

  /**
   * Writes what the shipment service writes when a parcel is marked shipped: the shipment with
   * its tracking number, a line of the order, a pending report and its event, in one transaction.
   */
  async function ship(
    order: { orderId: number },
    channelAccountId: number,
    carrier: Carrier,
    trackingNumber: string,
    options: { shippedOn?: string } = {},
  ): Promise<{ shipmentId: number; reportId: number }> {
    sequence += 1;
    return db()
      .transaction()
      .execute(async (trx) => {
        const now = nowIso();
        const shipment = await trx
          .insertInto('shipments')
          .values({ number: `SH-TEST-${sequence}`, status: 'shipped', carrier, service: 'test', recipient_json: '{}', tracking_number: trackingNumber, shipped_at: SHIPPED_AT, created_at: now, updated_at: now })
          .returning('id')
          .executeTakeFirstOrThrow();
        const line = await trx.selectFrom('channel_order_lines').select(['id', 'title', 'quantity', 'unit_price']).where('order_id', '=', order.orderId).orderBy('id').executeTakeFirstOrThrow();
        await trx
          .insertInto('shipment_lines')
          .values({ shipment_id: shipment.id, channel_order_id: order.orderId, channel_order_line_id: line.id, title: line.title, quantity: line.quantity, unit_price: line.unit_price })
          .execute();
        const report = await trx
          .insertInto('shipment_reports')
          .values({
            shipment_id: shipment.id,
            channel_order_id: order.orderId,
            status: 'pending',
            carrier,
            tracking_number: trackingNumber,
            shipped_on: options.shippedOn ?? businessDate(new Date(SHIPPED_AT)),
            created_at: now,
            updated_at: now,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await enqueueShipmentReport(trx, { reportId: report.id, channelAccountId, orderId: order.orderId });
        return { shipmentId: shipment.id, reportId: report.id };
      });
  }

  async function reportOf(reportId: number): Promise<ShipmentReportView> {
    const row = await db().selectFrom('shipment_reports').select('shipment_id').where('id', '=', reportId).executeTakeFirstOrThrow();
    return (await shipmentReportsOf(db(), { shipmentId: row.shipment_id })).find((report) => report.id === reportId)!;
  }

  function waitForStatus(reportId: number, status: ShipmentReportStatus): Promise<ShipmentReportView> {
    hub.nudge();
    return waitFor(`report ${reportId} ${status}`, async () => {
      const report = await reportOf(reportId);
      return report.status === status ? report : undefined;
    });
  }

  /** Waits until every event of the report is done, so a test can tell that no call followed. */
  function waitForEventsDone(reportId: number): Promise<true> {
    hub.nudge();
    return waitFor(`events of report ${reportId} done`, async () => {
      const open = await db().selectFrom('outbox_events').select('id').where('aggregate_type', '=', 'shipment_report').where('aggregate_id', '=', String(reportId)).where('processed_at', 'is', null).execute();
      return open.length === 0 ? true : undefined;
    });
  }

  const rakutenRecords = (orderNumber: string) => {
    const packages = rakuten.state.orders.get(orderNumber)!.PackageModelList as Array<{ ShippingModelList: Array<Record<string, unknown>> | null }>;
    return packages[0]!.ShippingModelList ?? [];
  };
  const updateCalls = () => rakuten.state.requests.filter((request) => request.path === UPDATE_ORDER_SHIPPING);

  async function historyOf(orderId: number): Promise<Array<{ action: string; detail: Record<string, unknown> }>> {
    const rows = await db().selectFrom('channel_order_history').select(['action', 'detail_json']).where('order_id', '=', orderId).orderBy('id').execute();
    return rows.map((row) => ({ action: row.action, detail: JSON.parse(row.detail_json) as Record<string, unknown> }));
  }

  it('reports Rakuten shipments with each carrier code', async () => {
    const cases: Array<[Carrier, string, string]> = [
      ['yamato', '1001', '444413758703'],
      ['sagawa', '1002', '512547514334'],
      ['japanpost', '1003', '405548424886'],
    ];
    for (const [carrier, code, trackingNumber] of cases) {
      const order = await rakutenOrder();
      const { shipmentId, reportId } = await ship(order, accounts.rakuten, carrier, trackingNumber);
      const report = await waitForStatus(reportId, 'accepted');

      const records = rakutenRecords(order.orderNumber);
      expect(records).toHaveLength(1);
      expect(records[0]).toMatchObject({ deliveryCompany: code, shippingNumber: trackingNumber, shippingDate: '2026-12-05' });
      expect(report.acceptedAt).not.toBeNull();
      expect(report.attempts).toBe(1);
      expect(report.channelReference).toBe(String(records[0]!.shippingDetailId));
      expect(report.shippedOn).toBe('2026-12-05');

      const history = await historyOf(order.orderId);
      expect(history.find((entry) => entry.action === 'shipment_reported')?.detail).toMatchObject({ carrier, trackingNumber, shipmentId });
      const shipmentHistory = await db().selectFrom('shipment_history').select('action').where('shipment_id', '=', shipmentId).execute();
      expect(shipmentHistory.map((entry) => entry.action)).toEqual(['shipment_reported']);
    }
  });

  it('reports Yahoo shipments with ship status 3', async () => {
    // Japan Post has no known Yahoo code, so it goes as 1000 (その他).
    const cases: Array<[Carrier, string, string]> = [
      ['yamato', '1001', '123456789013'],
      ['sagawa', '1002', '400000000002'],
      ['japanpost', '1000', '999999999994'],
    ];
    for (const [carrier, code, trackingNumber] of cases) {
      const order = await yahooOrder();
      const { reportId } = await ship(order, accounts.yahoo, carrier, trackingNumber);
      const report = await waitForStatus(reportId, 'accepted');

      const fields = yahoo.state.orders.get(order.orderNumber)!.fields;
      expect(fields.ShipStatus).toBe(3);
      expect(fields.ShipCompanyCode).toBe(code);
      expect(fields.ShipInvoiceNumber1).toBe(trackingNumber);
      // The mock accepts ShipDate only as YYYYMMDD and stores it as YYYY-MM-DD.
      expect(fields.ShipDate).toBe('2026-12-05');
      expect(report.channelReference).toBeNull();
      expect(report.acceptedAt).not.toBeNull();
    }
  });

  it('retries a Rakuten outage, then reports once', async () => {
    const order = await rakutenOrder();
    rakuten.addFault({ kind: 'error', status: 503, count: 1, pathPrefix: UPDATE_ORDER_SHIPPING });
    const before = updateCalls().length;
    const { reportId } = await ship(order, accounts.rakuten, 'yamato', '444413758703');

    const report = await waitForStatus(reportId, 'accepted');
    expect(updateCalls().slice(before).map((request) => request.status)).toEqual([503, 200]);
    expect(report.attempts).toBe(2);
    expect(report.lastError).toBeNull();
    expect(rakutenRecords(order.orderNumber)).toHaveLength(1);
    expect(logged.some((line) => line.level === 'warn' && line.message === 'shipment report failed; retrying later' && line.fields.reportId === reportId)).toBe(true);
  });

  it('retries a Yahoo outage, then reports', async () => {
    const order = await yahooOrder();
    yahoo.state.faults.push({ kind: 'error', status: 503, count: 1, api: 'orderShipStatusChange' });
    const { reportId } = await ship(order, accounts.yahoo, 'sagawa', '512547514334');

    const report = await waitForStatus(reportId, 'accepted');
    expect(report.attempts).toBe(2);
    expect(yahoo.state.orders.get(order.orderNumber)!.fields.ShipInvoiceNumber1).toBe('512547514334');
  });

  it('adds no second record after a lost response', async () => {
    const order = await rakutenOrder();
    // Rakuten applies the call and the connection drops before the response.
    rakuten.addFault({ kind: 'drop', afterApply: true, count: 1, pathPrefix: UPDATE_ORDER_SHIPPING });
    const { reportId } = await ship(order, accounts.rakuten, 'sagawa', '512547514334');

    const report = await waitForStatus(reportId, 'accepted');
    const records = rakutenRecords(order.orderNumber);
    expect(records).toHaveLength(1);
    expect(report.channelReference).toBe(String(records[0]!.shippingDetailId));
    expect(report.attempts).toBe(2);
  });

  it('fails a rejected date until sent again', async () => {
    const order = await rakutenOrder();
    const { reportId } = await ship(order, accounts.rakuten, 'yamato', '444413758703', { shippedOn: '2026-02-30' });

    const failed = await waitForStatus(reportId, 'failed');
    await waitForEventsDone(reportId);
    expect(failed.lastError?.code).toBe('ORDER_EXT_API_UPDATE_ORDERSHIPPING_ERROR_011');
    expect(failed.lastError?.ja).toContain('shippingDateの書式が不正です');
    expect(failed.lastError?.en).toContain('Rakuten RMS rejected');
    expect(failed.attempts).toBe(1);
    expect(rakutenRecords(order.orderNumber)).toHaveLength(0);
    expect((await historyOf(order.orderId)).map((entry) => entry.action)).toContain('shipment_report_failed');

    // A person corrects the date and presses "report again".
    await db().updateTable('shipment_reports').set({ shipped_on: '2026-02-27' }).where('id', '=', reportId).execute();
    await db().transaction().execute((trx) => retryShipmentReport(trx, reportId));
    const accepted = await waitForStatus(reportId, 'accepted');
    expect(accepted.attempts).toBe(2);
    expect(rakutenRecords(order.orderNumber)[0]).toMatchObject({ shippingDate: '2026-02-27', shippingNumber: '444413758703' });

    await expect(db().transaction().execute((trx) => retryShipmentReport(trx, reportId))).rejects.toMatchObject({ code: 'shipment_report_not_failed' });
    await expect(db().transaction().execute((trx) => retryShipmentReport(trx, 999_999))).rejects.toMatchObject({ code: 'shipment_report_not_found' });
  });

  it('updates the same Rakuten record on correction', async () => {
    const order = await rakutenOrder();
    const { shipmentId, reportId } = await ship(order, accounts.rakuten, 'yamato', '444413758703');
    const first = await waitForStatus(reportId, 'accepted');

    // The shipment service stores the corrected number and queues the report again.
    await db()
      .transaction()
      .execute(async (trx) => {
        await trx.updateTable('shipments').set({ tracking_number: '123456789013' }).where('id', '=', shipmentId).execute();
        await trx.updateTable('shipment_reports').set({ status: 'pending', tracking_number: '123456789013' }).where('id', '=', reportId).execute();
        await enqueueShipmentReport(trx, { reportId, channelAccountId: accounts.rakuten, orderId: order.orderId });
      });
    const corrected = await waitForStatus(reportId, 'accepted').then(() => waitForEventsDone(reportId)).then(() => reportOf(reportId));

    const records = rakutenRecords(order.orderNumber);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ shippingDetailId: Number(first.channelReference), shippingNumber: '123456789013', deliveryCompany: '1001' });
    expect(corrected.channelReference).toBe(first.channelReference);
    expect(corrected.trackingNumber).toBe('123456789013');
    expect(corrected.attempts).toBe(2);
  });

  it('sends nothing for a report already accepted', async () => {
    const order = await rakutenOrder();
    const { reportId } = await ship(order, accounts.rakuten, 'japanpost', '405548424886');
    await waitForStatus(reportId, 'accepted');
    const calls = updateCalls().length;

    await db().transaction().execute((trx) => enqueueShipmentReport(trx, { reportId, channelAccountId: accounts.rakuten, orderId: order.orderId }));
    await waitForEventsDone(reportId);
    expect(updateCalls()).toHaveLength(calls);
    expect((await reportOf(reportId)).attempts).toBe(1);
  });

  it('sends nothing for a cancelled order', async () => {
    const order = await rakutenOrder();
    await db().updateTable('channel_orders').set({ status: 'cancelled' }).where('id', '=', order.orderId).execute();
    const calls = updateCalls().length;
    const { reportId } = await ship(order, accounts.rakuten, 'yamato', '444413758703');

    await waitForEventsDone(reportId);
    expect(updateCalls()).toHaveLength(calls);
    expect((await reportOf(reportId)).status).toBe('pending');
  });

  it('marks own-site reports not supported', async () => {
    const order = await ownSiteOrder();
    const { reportId } = await ship(order, accounts.ownSite, 'yamato', '444413758703');

    const report = await waitForStatus(reportId, 'not_supported');
    expect(report.attempts).toBe(0);
    expect(report.acceptedAt).toBeNull();
    expect((await shipmentReportsOf(db(), { orderId: order.orderId })).map((entry) => entry.id)).toEqual([reportId]);
  });
});
