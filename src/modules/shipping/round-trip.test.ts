import { parse } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { testConfig, useSignedInApp } from '../../../test/helpers/app.js';
import { mockAccountInputs, waitFor } from '../../../test/helpers/channels.js';
import { describeEachDatabase } from '../../../test/helpers/database.js';
import { createTestLocation, receiveTestItem } from '../../../test/helpers/factories.js';
import { secretKeyring } from '../../config.js';
import { businessDate } from '../../shared/time.js';
import { externalCodeOf } from '../channels/listings/service.js';
import { createRakutenMock, type RakutenMock } from '../channels/rakuten/mock/index.js';
import { ChannelHub } from '../channels/sync/hub.js';
import { createYahooMock, type YahooMock } from '../channels/yahoo/mock/index.js';

// The whole shipping day against the channel mocks. Five orders from Rakuten and Yahoo become
// parcels, and the parcels go out in B2 Cloud and e飛伝Ⅲ files. The carriers' issued files come
// back, built here from the exports with one number mistyped. The channels then receive the
// reports with their carrier codes and date formats.

const silent = { info: () => {}, warn: () => {}, error: () => {} };

/** Reads a CP932 carrier file into rows of fields, header first. */
function readCp932Csv(bytes: Buffer): string[][] {
  return parse(iconv.decode(bytes, 'cp932'), { relaxColumnCount: false }) as string[][];
}

/** Returns the rows with `column` of each data row (after the header) set to the next of `numbers`. */
function withTrackingNumbers(rows: string[][], column: number, numbers: string[]): string[][] {
  const [header, ...data] = rows;
  const filled = data.map((row, index) => {
    const copy = [...row];
    copy[column] = numbers[index]!;
    return copy;
  });
  return [header!, ...filled];
}

function toCp932Csv(rows: string[][]): string {
  const quote = (field: string) => (/[",\r\n]/.test(field) ? `"${field.replace(/"/g, '""')}"` : field);
  return iconv.encode(rows.map((row) => row.map(quote).join(',')).join('\r\n') + '\r\n', 'cp932').toString('base64');
}

describeEachDatabase('shipping round trip', (database) => {
  const signedIn = useSignedInApp(database, 'ja');
  const api = () => signedIn.api();
  let rakuten: RakutenMock;
  let yahoo: YahooMock;
  let hub: ChannelHub;
  const accounts = { rakuten: 0, yahoo: 0 };
  let storeId = 0;

  beforeAll(async () => {
    rakuten = createRakutenMock({ serviceSecret: 's', licenseKey: 'k' });
    await rakuten.listen({ host: '127.0.0.1', port: 0 });
    yahoo = createYahooMock({ sellerId: 'jewel', accessToken: 'token', refreshToken: 'refresh' });
    await yahoo.listen({ host: '127.0.0.1', port: 0 });

    const inputs = mockAccountInputs(rakuten.url, yahoo.url());
    accounts.rakuten = (await api().post('/api/channel-accounts', inputs.rakuten)).json().id;
    accounts.yahoo = (await api().post('/api/channel-accounts', inputs.yahoo)).json().id;
    storeId = (await createTestLocation(database().db)).id;

    const settings = await api().put('/api/shipping/settings', {
      sender: { name: 'ジュエリー銀座', nameKana: 'ジュエリーギンザ', postalCode: '104-0061', prefecture: '東京都', address1: '中央区銀座4-1-1', address2: '銀座ビル3F', phone: '03-3333-4444' },
      defaultItemName: 'アクセサリー',
      handling: ['精密機器'],
      yamato: { customerCode: '012345678901', classCode: '', freightNumber: '01' },
      sagawa: { customerCode: '123456789012' },
    });
    expect(settings.statusCode, settings.body).toBe(200);

    hub = new ChannelHub({ db: database().db, keys: secretKeyring(testConfig()), logger: silent, schedules: false, idleMs: 20, retryBaseMs: 200, retryMaxMs: 1_000, probeSeconds: 1, openOrderRefreshSeconds: 0 });
    await hub.start();
  });

  afterAll(async () => {
    await hub?.stop();
    await rakuten?.close();
    await yahoo?.close();
  });

  /** Receives pieces and lists them live on both channels; returns their channel codes. */
  async function listPieces(count: number): Promise<string[]> {
    const pieces: Array<Awaited<ReturnType<typeof receiveTestItem>>> = [];
    for (let index = 0; index < count; index += 1) pieces.push(await receiveTestItem(database().db, { locationId: storeId, retailPrice: 55_000 + index * 1_000 }));
    const drafts = (await api().post('/api/listings', { itemIds: pieces.map((piece) => piece.id), channelAccountIds: [accounts.rakuten, accounts.yahoo] })).json().listings as Array<{ id: number }>;
    for (const draft of drafts) {
      const listing = (await api().get(`/api/listings/${draft.id}`)).json();
      expect((await api().put(`/api/listings/${draft.id}`, { ...listing, categoryId: '100371' })).statusCode).toBe(200);
    }
    expect((await api().post('/api/listings/publish', { listingIds: drafts.map((draft) => draft.id) })).json().skipped).toEqual([]);
    await waitFor('listings live', async () => {
      const states = (await api().get('/api/listings')).json().listings.filter((listing: { itemId: number }) => pieces.some((piece) => piece.id === listing.itemId));
      return states.every((listing: { state: string }) => listing.state === 'live');
    });
    return pieces.map((piece) => externalCodeOf(piece.stock_number));
  }

  async function placeOnRakuten(code: string): Promise<string> {
    const response = await fetch(`${rakuten.url}/__mock/orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ lines: [{ manageNumber: code, variantId: 'normal-inventory' }] }) });
    expect(response.status).toBe(201);
    return ((await response.json()) as { orderNumber: string }).orderNumber;
  }

  async function placeOnYahoo(code: string, city: string): Promise<string> {
    const fields = {
      BillLastName: '鈴木',
      BillFirstName: '次郎',
      BillZipCode: '530-0001',
      BillPrefecture: '大阪府',
      BillCity: city,
      BillAddress1: '梅田1-1-1',
      BillPhoneNumber: '06-1234-5678',
      BillMailAddress: 'jiro@example.jp',
      ShipLastName: '鈴木',
      ShipFirstName: '次郎',
      ShipZipCode: '530-0001',
      ShipPrefecture: '大阪府',
      ShipCity: city,
      ShipAddress1: '梅田1-1-1',
      ShipAddress2: '梅田タワー1201',
      ShipPhoneNumber: '06-1234-5678',
    };
    const response = await fetch(`${yahoo.url()}/__mock/orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ lines: [{ itemCode: code }], fields }) });
    expect(response.status).toBe(201);
    return ((await response.json()) as { orderId: string }).orderId;
  }

  async function orderIdOf(orderNumber: string): Promise<number> {
    return waitFor(`order ${orderNumber} to ship`, async () => {
      await hub.pollAccount(accounts.rakuten);
      await hub.pollAccount(accounts.yahoo);
      const order = (await api().get('/api/channel-orders')).json().orders.find((candidate: { orderNumber: string }) => candidate.orderNumber === orderNumber);
      return order && order.status === 'to_ship' ? (order.id as number) : undefined;
    });
  }

  it('ships five orders from two channels', async () => {
    const codes = await listPieces(5);
    const rakutenNumbers = [await placeOnRakuten(codes[0]!), await placeOnRakuten(codes[1]!), await placeOnRakuten(codes[2]!)];
    const yahooNumbers = [await placeOnYahoo(codes[3]!, '大阪市北区'), await placeOnYahoo(codes[4]!, '大阪市中央区')];
    const rakutenOrders: number[] = [];
    for (const number of rakutenNumbers) rakutenOrders.push(await orderIdOf(number));
    const yahooOrders: number[] = [];
    for (const number of yahooNumbers) yahooOrders.push(await orderIdOf(number));

    // Yamato for the Rakuten orders, one parcel each; Sagawa for the two Yahoo addresses.
    const yamato = await api().post('/api/shipments/from-orders', { orderIds: rakutenOrders, carrier: 'yamato', service: 'hatsubarai', combine: false });
    expect(yamato.statusCode, yamato.body).toBe(201);
    const sagawa = await api().post('/api/shipments/from-orders', { orderIds: yahooOrders, carrier: 'sagawa', service: 'hikyaku' });
    expect(sagawa.statusCode, sagawa.body).toBe(201);
    const yamatoShipments = yamato.json().shipments as Array<{ id: number; number: string }>;
    const sagawaShipments = sagawa.json().shipments as Array<{ id: number; number: string }>;
    expect(yamatoShipments).toHaveLength(3);
    expect(sagawaShipments).toHaveLength(2);

    // B2 Cloud file: 95 columns in CP932, the parcel number as customer management number.
    const b2 = await api().post('/api/shipments/carrier-file', { format: 'yamato_b2', ids: yamatoShipments.map((s) => s.id) });
    expect(b2.statusCode, b2.body).toBe(200);
    expect(b2.headers['content-type']).toContain('Shift_JIS');
    const b2Rows = readCp932Csv(b2.rawPayload);
    expect(b2Rows[0]).toHaveLength(95);
    expect(b2Rows[0]![0]).toBe('お客様管理番号');
    expect(b2Rows[0]![3]).toBe('伝票番号');
    expect(b2Rows.slice(1).map((row) => row[0])).toEqual(yamatoShipments.map((s) => s.number));
    expect(b2Rows[1]!.slice(10, 12)).toEqual(['158-0094', '東京都世田谷区玉川一丁目14番1号']);

    // e飛伝Ⅲ file: 74 columns; お客様管理番号 is column 10.
    const ehiden = await api().post('/api/shipments/carrier-file', { format: 'sagawa_ehiden', ids: sagawaShipments.map((s) => s.id) });
    expect(ehiden.statusCode, ehiden.body).toBe(200);
    const ehidenRows = readCp932Csv(ehiden.rawPayload);
    expect(ehidenRows[0]).toHaveLength(74);
    expect(ehidenRows.slice(1).map((row) => row[9])).toEqual(sagawaShipments.map((s) => s.number));

    // The carriers' issued files: B2 fills 伝票番号; one number is mistyped (last digit 4, not 3).
    const yamatoNumbers = ['444413758703', '123456789013', '400000000002'];
    const issuedB2 = withTrackingNumbers(b2Rows, 3, [yamatoNumbers[0]!, '123456789014', yamatoNumbers[2]!]);
    const preview = await api().post('/api/shipments/tracking-import', { contentBase64: toCp932Csv(issuedB2), fileName: 'b2-issued.csv', dryRun: true });
    expect(preview.statusCode, preview.body).toBe(200);
    expect(preview.json().format).toBe('yamato_b2');
    expect(preview.json().rows.map((row: { status: string }) => row.status)).toEqual(['ok', 'invalid', 'ok']);
    expect(preview.json().rows[1].message.ja).toContain('123456789014');
    expect(preview.json().applied).toBe(0);

    const applied = await api().post('/api/shipments/tracking-import', { contentBase64: toCp932Csv(issuedB2), fileName: 'b2-issued.csv' });
    expect(applied.json().applied).toBe(2);
    expect((await api().get(`/api/shipments/${yamatoShipments[1]!.id}`)).json().status).toBe('to_ship');
    const fixed = await api().post(`/api/shipments/${yamatoShipments[1]!.id}/ship`, { trackingNumber: yamatoNumbers[1] });
    expect(fixed.statusCode, fixed.body).toBe(200);

    const sagawaNumbers = ['512547514334', '999999999994'];
    const issuedEhiden = withTrackingNumbers(ehidenRows, 61, sagawaNumbers);
    const ehidenImport = await api().post('/api/shipments/tracking-import', { contentBase64: toCp932Csv(issuedEhiden), fileName: 'ehiden-issued.csv' });
    expect(ehidenImport.json().rows.map((row: { status: string }) => row.status)).toEqual(['ok', 'ok']);

    // A second import of the same file changes nothing.
    const again = await api().post('/api/shipments/tracking-import', { contentBase64: toCp932Csv(issuedEhiden) });
    expect(again.json().rows.map((row: { status: string }) => row.status)).toEqual(['unchanged', 'unchanged']);

    // The channels receive the reports with their carrier codes and date formats.
    const today = businessDate();
    for (const [index, orderNumber] of rakutenNumbers.entries()) {
      const records = await waitFor(`Rakuten report of ${orderNumber}`, async () => {
        const packages = rakuten.state.orders.get(orderNumber)!.PackageModelList as Array<{ ShippingModelList: Array<Record<string, unknown>> | null }>;
        const list = packages[0]!.ShippingModelList ?? [];
        return list.length > 0 ? list : undefined;
      });
      expect(records).toHaveLength(1);
      expect(records[0]).toMatchObject({ deliveryCompany: '1001', shippingNumber: yamatoNumbers[index], shippingDate: today });
    }
    for (const [index, orderNumber] of yahooNumbers.entries()) {
      const fields = await waitFor(`Yahoo report of ${orderNumber}`, async () => {
        const order = yahoo.state.orders.get(orderNumber)!.fields;
        return order.ShipInvoiceNumber1 ? order : undefined;
      });
      expect(fields.ShipCompanyCode).toBe('1002');
      expect(fields.ShipInvoiceNumber1).toBe(sagawaNumbers[index]);
      expect(String(fields.ShipStatus)).toBe('3');
      expect(String(fields.ShipDate).replaceAll('-', '')).toBe(today.replaceAll('-', ''));
    }

    // The order screen shows the parcel, its tracking link and when the channel accepted it.
    for (const orderId of [...rakutenOrders, ...yahooOrders]) {
      const order = await waitFor(`accepted report of order ${orderId}`, async () => {
        const detail = (await api().get(`/api/channel-orders/${orderId}`)).json();
        return detail.shipments[0]?.reports[0]?.status === 'accepted' ? detail : undefined;
      });
      expect(order.status).toBe('shipped');
      expect(order.shipments[0].trackingUrl).toMatch(/^https:\/\//);
      expect(order.shipments[0].reports[0].acceptedAt).toBeTruthy();
    }
  });
});
