// Tests of the Rakuten RMS mock: each published RMS request sample must produce the published response.
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { createRakutenMock, esaAuthorization, ORDER_NUMBER, runRakutenMock, type RakutenMock, type RakutenMockOptions } from './index.js';

const SAMPLES = '/work/shared/data/real/rakuten';
const sample = (name: string): any => JSON.parse(readFileSync(`${SAMPLES}/${name}`, 'utf8'));
const SECRET = 'SP338100_testSecret';
const KEY = 'SL338100_testLicense';

let mock: RakutenMock | undefined;
let clock = new Date('2022-01-01T10:00:00Z');
const setJst = (jst: string): void => {
  clock = new Date(jst);
};

async function start(options: RakutenMockOptions = {}): Promise<RakutenMock> {
  mock = createRakutenMock({ serviceSecret: SECRET, licenseKey: KEY, rateLimits: false, now: () => clock, ...options });
  await mock.listen({ host: '127.0.0.1', port: 0 });
  return mock;
}

afterEach(async () => {
  await mock?.close();
  mock = undefined;
});

interface Reply {
  status: number;
  body: any;
  text: string;
}

async function call(method: string, path: string, body?: unknown, auth: string | null = esaAuthorization(SECRET, KEY)): Promise<Reply> {
  const headers: Record<string, string> = {};
  if (auth !== null) headers.authorization = auth;
  if (body !== undefined) headers['content-type'] = 'application/json; charset=utf-8';
  const res = await fetch(`${mock!.url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  let parsed: unknown = undefined;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  return { status: res.status, body: parsed, text };
}

/** Builds the upsert body of a single-SKU jewelry listing. */
function ring(overrides: Record<string, unknown> = {}, variants: string[] = ['normal-inventory']): Record<string, unknown> {
  return {
    itemType: 'NORMAL',
    title: 'K18 ダイヤモンドリング 0.3ct',
    genreId: '110729',
    tagline: '一点物',
    variants: Object.fromEntries(
      variants.map((id) => [id, { standardPrice: '128000', articleNumber: { exemptionReason: 3 }, backOrderFlag: false }]),
    ),
    ...overrides,
  };
}

describe('authorisation', () => {
  it('accepts ESA base64(serviceSecret:licenseKey) and refuses a missing or wrong header', async () => {
    await start();
    expect((await call('GET', '/es/2.0/items/manage-numbers/none')).status).toBe(404);
    const missing = await call('GET', '/es/2.0/items/manage-numbers/none', undefined, null);
    expect(missing.status).toBe(401);
    expect(missing.body.errors[0]).toMatchObject({ code: expect.any(String), message: expect.any(String) });
    const wrong = await call('GET', '/es/2.0/items/manage-numbers/none', undefined, esaAuthorization(SECRET, 'other'));
    expect(wrong.status).toBe(401);
    const bearer = await call('GET', '/es/2.0/items/manage-numbers/none', undefined, `Bearer ${KEY}`);
    expect(bearer.status).toBe(401);
    const order = await call('POST', '/es/2.0/order/searchOrder/', {}, null);
    expect(order.status).toBe(401);
    expect(order.body.MessageModelList[0].messageType).toBe('ERROR');
  });
});

describe('Items API 2.0', () => {
  it('upsert creates, then replaces fully', async () => {
    await start();
    const created = await call('PUT', '/es/2.0/items/manage-numbers/Ring-001', ring());
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ manageNumber: 'ring-001' });
    const got = await call('GET', '/es/2.0/items/manage-numbers/RING-001');
    expect(got.status).toBe(200);
    expect(got.body).toMatchObject({ manageNumber: 'ring-001', tagline: '一点物', created: '2022-01-01T19:00:00+09:00' });
    expect(got.body.variants['normal-inventory'].shipping.okihaiSetting).toBe(true);

    await call('PATCH', '/es/2.0/items/manage-numbers/ring-001', { variants: { 'normal-inventory': { shipping: { okihaiSetting: false } } } });
    setJst('2022-01-02T01:00:00Z');
    const body = ring();
    delete body.tagline;
    const updated = await call('PUT', '/es/2.0/items/manage-numbers/ring-001', body);
    expect(updated.status).toBe(204);
    expect(updated.text).toBe('');
    const after = (await call('GET', '/es/2.0/items/manage-numbers/ring-001')).body;
    expect(after.tagline).toBeUndefined(); // absent field is removed
    expect(after.variants['normal-inventory'].shipping.okihaiSetting).toBe(false); // kept when absent
    expect(after.updated).toBe('2022-01-02T10:00:00+09:00');
    expect(after.created).toBe('2022-01-01T19:00:00+09:00');
  });

  it('refuses a bad manageNumber', async () => {
    await start();
    const chars = await call('PUT', '/es/2.0/items/manage-numbers/ring%21001', ring());
    expect(chars.status).toBe(400);
    expect(chars.body.errors[0].code).toBe('IE0002');
    const long = await call('PUT', `/es/2.0/items/manage-numbers/${'a'.repeat(33)}`, ring());
    expect(long.status).toBe(400);
    expect(long.body.errors[0].code).toBe('IE0004');
    expect((await call('PUT', `/es/2.0/items/manage-numbers/${'a'.repeat(32)}`, ring())).status).toBe(201);
  });

  it('answers the published invalid-genre upsert with the published IE0146 body', async () => {
    await start();
    const res = await call('PUT', '/es/2.0/items/manage-numbers/mng123', sample('items-upsert-request-invalid-genre.json'));
    expect(res.status).toBe(400);
    expect(res.body).toEqual(sample('items-upsert-response-400.json'));
  });

  it('validates the fields of a listing with documented codes and propertyPath', async () => {
    await start();
    const res = await call('PUT', '/es/2.0/items/manage-numbers/r1', ring({ itemType: 'UNKNOWNTAG', title: 'あ'.repeat(86) }));
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual(
      expect.arrayContaining([
        { code: 'IE0007', message: 'Invalid choice selected for itemType.', metadata: { propertyPath: 'itemType' } },
        { code: 'IE0004', message: 'Max length of title must be within 255 bytes.', metadata: { propertyPath: 'title' } },
      ]),
    );
    const price = await call('PUT', '/es/2.0/items/manage-numbers/r1', ring({ variants: { a: { standardPrice: '1000000000', articleNumber: { exemptionReason: 3 } } } }));
    expect(price.body.errors[0]).toMatchObject({ code: 'IE0003', metadata: { propertyPath: 'variants.a.standardPrice' } });
    const noArticle = await call('PUT', '/es/2.0/items/manage-numbers/r1', ring({ variants: { a: { standardPrice: '1000' } } }));
    expect(noArticle.status).toBe(400);
    expect(noArticle.body.errors[0].metadata.propertyPath).toBe('variants.a.articleNumber');
    expect((await call('GET', '/es/2.0/items/manage-numbers/r1')).status).toBe(404);
  });

  it('accepts the published add-a-selector walkthrough with 204 and stores prices as strings', async () => {
    await start();
    const { manageNumber, created, updated, ...existing } = sample('items-get-response-200-6650.json');
    expect(manageNumber).toBe('6650');
    void created;
    void updated;
    expect((await call('PUT', '/es/2.0/items/manage-numbers/6650', existing)).status).toBe(201);
    const res = await call('PUT', '/es/2.0/items/manage-numbers/6650', sample('items-upsert-request-add-variant-selector.json'));
    expect(res.status).toBe(204);
    const got = (await call('GET', '/es/2.0/items/manage-numbers/6650')).body;
    expect(Object.keys(got.variants).sort()).toEqual(['SKU0005', 'SKU0006', 'SKU0007', 'SKU0008']);
    expect(got.variants.SKU0005.standardPrice).toBe('1000');
  });

  it('searches items with the published shapes', async () => {
    await start();
    const empty = await call('GET', '/es/2.0/items/search?title=none');
    expect(empty.status).toBe(200);
    expect(empty.body).toEqual(sample('items-search-response-200-empty.json'));
    const badType = await call('GET', '/es/2.0/items/search?itemType=UNKNOWNTAG');
    expect(badType.status).toBe(400);
    expect(badType.body).toEqual(sample('items-search-response-400.json'));
    for (const n of ['s1', 's2', 's3']) {
      await call('PUT', `/es/2.0/items/manage-numbers/${n}`, ring({ title: `ring ${n}` }));
    }
    const page = await call('GET', '/es/2.0/items/search?title=ring&sortKey=manageNumber&sortOrder=asc&offset=1&hits=1');
    expect(page.body.numFound).toBe(3);
    expect(page.body.offset).toBe(1);
    expect(page.body.results.map((r: { item: { manageNumber: string } }) => r.item.manageNumber)).toEqual(['s2']);
    expect((await call('GET', '/es/2.0/items/search?hits=101')).status).toBe(400);
  });

  it('deletes an item and answers 404 afterwards', async () => {
    await start();
    await call('PUT', '/es/2.0/items/manage-numbers/r2', ring());
    expect((await call('DELETE', '/es/2.0/items/manage-numbers/r2')).status).toBe(204);
    expect((await call('DELETE', '/es/2.0/items/manage-numbers/r2')).status).toBe(404);
    expect((await call('PATCH', '/es/2.0/items/manage-numbers/r2', { title: 'x' })).status).toBe(404);
  });
});

async function seedSampleSkus(): Promise<void> {
  await call('PUT', '/es/2.0/items/manage-numbers/mng1234', ring({}, ['sku1', 'sku2']));
  await call('PUT', '/es/2.0/items/manage-numbers/mng5678', ring({}, ['sku4', 'sku5']));
}

const upsert = (manageNumber: string, variantId: string, mode: string, quantity: number): Promise<Reply> =>
  call('POST', '/es/2.0/inventories/bulk-upsert', { inventories: [{ manageNumber, variantId, mode, quantity }] });

describe('Inventory API 2.0', () => {
  it('reproduces the published bulk-get response for the published request', async () => {
    await start();
    await seedSampleSkus();
    setJst('2022-01-01T10:00:00Z');
    expect((await upsert('mng1234', 'sku1', 'ABSOLUTE', 9)).status).toBe(204);
    setJst('2022-01-03T10:00:00Z');
    await upsert('mng5678', 'sku5', 'ABSOLUTE', 9);
    setJst('2022-02-01T10:30:00Z');
    await upsert('mng1234', 'sku1', 'ABSOLUTE', 1);
    setJst('2022-02-04T10:30:00Z');
    await upsert('mng5678', 'sku5', 'ABSOLUTE', 5);
    const res = await call('POST', '/es/2.0/inventories/bulk-get', sample('inventory-bulk-get-request.json'));
    expect(res.status).toBe(200);
    expect(res.body).toEqual(sample('inventory-bulk-get-response-200.json'));
  });

  it('applies the published bulk-upsert request (ABSOLUTE, RELATIVE +3, RELATIVE -2)', async () => {
    await start();
    await seedSampleSkus();
    await upsert('mng1234', 'sku1', 'ABSOLUTE', 1);
    await upsert('mng1234', 'sku2', 'ABSOLUTE', 2);
    await upsert('mng5678', 'sku5', 'ABSOLUTE', 5);
    const res = await call('POST', '/es/2.0/inventories/bulk-upsert', sample('inventory-bulk-upsert-request.json'));
    expect(res.status).toBe(204);
    const got = await call('POST', '/es/2.0/inventories/bulk-get', {
      inventories: [
        { manageNumber: 'mng1234', variantId: 'sku1' },
        { manageNumber: 'mng1234', variantId: 'sku2' },
        { manageNumber: 'mng5678', variantId: 'sku5' },
      ],
    });
    expect(got.body.inventories.map((r: { quantity: number }) => r.quantity)).toEqual([70, 5, 3]);
  });

  it('answers an over-long manageNumber with the published IE0004 bodies', async () => {
    await start();
    const long = 'm'.repeat(33);
    const up = await upsert(long, 'sku1', 'ABSOLUTE', 1);
    expect(up.status).toBe(400);
    expect(up.body).toEqual(sample('inventory-bulk-upsert-response-400.json'));
    const get = await call('POST', '/es/2.0/inventories/bulk-get', { inventories: [{ manageNumber: long, variantId: 'sku1' }] });
    expect(get.body).toEqual(sample('inventory-bulk-get-response-400.json'));
  });

  it('reproduces the published single-variant, delete and range errors', async () => {
    await start();
    const bad = await call('PUT', '/es/2.0/inventories/manage-numbers/mng123/variants/sku2', sample('inventory-variants-upsert-request-invalid.json'));
    expect(bad.status).toBe(400);
    expect(bad.body).toEqual(sample('inventory-variants-upsert-response-400.json'));
    const del = await call('DELETE', '/es/2.0/inventories/manage-numbers/mng123/variants/sku2');
    expect(del.status).toBe(404);
    expect(del.body).toEqual(sample('inventory-variants-delete-response-404.json'));
    const range = await call('GET', '/es/2.0/inventories/bulk-get/range?minQuantity=-1');
    expect(range.status).toBe(400);
    expect(range.body).toEqual(sample('inventory-bulk-get-range-response-400.json'));
    expect((await call('PUT', '/es/2.0/inventories/manage-numbers/mng123/variants/sku2', sample('inventory-variants-upsert-request.json'))).status).toBe(204);
  });

  it('limits a bulk-upsert to 400 records and requires ABSOLUTE first', async () => {
    await start();
    await seedSampleSkus();
    const many = Array.from({ length: 401 }, (_, i) => ({ manageNumber: 'mng1234', variantId: `v${i}`, mode: 'ABSOLUTE', quantity: 1 }));
    expect((await call('POST', '/es/2.0/inventories/bulk-upsert', { inventories: many })).status).toBe(400);
    expect((await call('POST', '/es/2.0/inventories/bulk-upsert', { inventories: many.slice(0, 400) })).status).toBe(204);
    expect((await upsert('mng5678', 'sku4', 'RELATIVE', 1)).status).toBe(400);
  });

  it('lists a quantity range newest first', async () => {
    await start();
    await seedSampleSkus();
    setJst('2022-02-01T00:00:00Z');
    await upsert('mng1234', 'sku1', 'ABSOLUTE', 1);
    setJst('2022-02-02T00:00:00Z');
    await upsert('mng5678', 'sku4', 'ABSOLUTE', 4);
    await upsert('mng5678', 'sku5', 'ABSOLUTE', 0);
    const res = await call('GET', '/es/2.0/inventories/bulk-get/range?minQuantity=1&maxQuantity=10');
    expect(res.body.inventories.map((r: { variantId: string }) => r.variantId)).toEqual(['sku4', 'sku1']);
  });
});

const searchBody = (start: string, end: string, page = 1, amount = 30, direction = 1): Record<string, unknown> => ({
  dateType: 1,
  startDatetime: start,
  endDatetime: end,
  PaginationRequestModel: { requestRecordsAmount: amount, requestPage: page, SortModelList: [{ sortColumn: 1, sortDirection: direction }] },
});

describe('RakutenPay order API', () => {
  it('shopper order takes the last piece', async () => {
    await start();
    await call('PUT', '/es/2.0/items/manage-numbers/ring-7', ring());
    await upsert('ring-7', 'normal-inventory', 'ABSOLUTE', 1);
    setJst('2022-05-18T03:00:00Z');
    const first = await call('POST', '/__mock/orders', { lines: [{ manageNumber: 'ring-7', variantId: 'normal-inventory' }] });
    expect(first.status).toBe(201);
    expect(first.body.orderNumber).toMatch(ORDER_NUMBER);
    expect(first.body.orderNumber).toMatch(/^123456-20220518-/);
    const second = await call('POST', '/__mock/orders', { lines: [{ manageNumber: 'ring-7', variantId: 'normal-inventory' }] });
    expect(second.status).toBe(409);
    const forced = await call('POST', '/__mock/orders', { force: true, lines: [{ manageNumber: 'ring-7', variantId: 'normal-inventory' }] });
    expect(forced.status).toBe(201);
    const state = (await call('GET', '/__mock/state')).body;
    expect(state.inventory[0].quantity).toBe(0);
    expect(state.oversold).toEqual([forced.body.orderNumber]);
    expect(state.orders).toHaveLength(2);
  });

  it('restocks a cancelled order when restockOnCancel is set', async () => {
    await start();
    const body = ring();
    (body.variants as Record<string, Record<string, unknown>>)['normal-inventory']!.restockOnCancel = true;
    await call('PUT', '/es/2.0/items/manage-numbers/ring-9', body);
    await upsert('ring-9', 'normal-inventory', 'ABSOLUTE', 1);
    const placed = await call('POST', '/__mock/orders', { lines: [{ manageNumber: 'ring-9', variantId: 'normal-inventory' }] });
    expect((await call('GET', '/__mock/state')).body.inventory[0].quantity).toBe(0);
    const path = `/__mock/orders/${placed.body.orderNumber}/progress`;
    expect((await call('POST', path, { orderProgress: 900 })).status).toBe(204);
    expect((await call('POST', path, { orderProgress: 900 })).status).toBe(204);
    expect((await call('GET', '/__mock/state')).body.inventory[0].quantity).toBe(1);
    expect((await call('POST', path, { orderProgress: 950 })).status).toBe(400);
  });

  it('returns orders whose shape carries every field of the published getOrderItem sample', async () => {
    await start();
    await call('PUT', '/es/2.0/items/manage-numbers/ring-8', ring());
    await upsert('ring-8', 'normal-inventory', 'ABSOLUTE', 1);
    setJst('2022-05-18T03:00:00Z');
    const placed = await call('POST', '/__mock/orders', { lines: [{ manageNumber: 'ring-8', variantId: 'normal-inventory' }] });
    const search = await call('POST', '/es/2.0/order/searchOrder/', searchBody('2022-05-18T00:00:00+0900', '2022-05-19T00:00:00+0900'));
    expect(search.status).toBe(200);
    expect(search.body.orderNumberList).toEqual([placed.body.orderNumber]);
    const got = await call('POST', '/es/2.0/order/getOrder/', { orderNumberList: [placed.body.orderNumber], version: 7 });
    expect(got.body.MessageModelList[0].messageCode).toBe('ORDER_EXT_API_GET_ORDER_INFO_101');
    const order = got.body.OrderModelList[0];
    const ref = sample('getOrderItem-response-200.json').OrderModelList[0];
    const keys = (o: object): string[] => Object.keys(o).sort();
    expect(keys(order)).toEqual(expect.arrayContaining(keys(ref)));
    expect(keys(order.PackageModelList[0])).toEqual(expect.arrayContaining(keys(ref.PackageModelList[0])));
    const item = order.PackageModelList[0].ItemModelList[0];
    expect(keys(item)).toEqual(expect.arrayContaining(keys(ref.PackageModelList[0].ItemModelList[0])));
    expect(item.SkuModelList[0]).toEqual({ variantId: 'normal-inventory', merchantDefinedSkuId: null, skuInfo: null });
    expect(item).toMatchObject({ manageNumber: 'ring-8', price: 128000, units: 1 });
    expect(order.orderDatetime).toBe('2022-05-18T12:00:00+0900');
    const v6 = await call('POST', '/es/2.0/order/getOrder/', { orderNumberList: [placed.body.orderNumber], version: '6' });
    expect(v6.body.OrderModelList[0].PackageModelList[0].ItemModelList[0].SkuModelList).toBeUndefined();
    expect((await call('POST', '/es/2.0/order/getOrder/', { orderNumberList: [placed.body.orderNumber] })).status).toBe(400);
  });

  it('serves a stored sample order exactly as published, and the not-found sample', async () => {
    await start();
    const published = sample('getOrderItem-response-200.json');
    await call('POST', '/__mock/orders', { order: published.OrderModelList[0] });
    const found = await call('POST', '/es/2.0/purchaseItem/getOrderItem/', { orderNumberList: ['123456-20230417-0207814266'] });
    expect(found.body).toEqual(published);
    const missing = await call('POST', '/es/2.0/purchaseItem/getOrderItem/', sample('getOrderItem-request-not-found.json'));
    expect(missing.status).toBe(200);
    expect(missing.body).toEqual(sample('getOrderItem-response-200-not-found.json'));
  });

  it('answers the published searchOrder samples', async () => {
    await start();
    setJst('2018-01-20T00:00:00Z');
    const invalid = await call('POST', '/es/2.0/order/searchOrder/', sample('searchOrder-request-invalid.json'));
    expect(invalid.status).toBe(400);
    expect(invalid.body).toEqual(sample('searchOrder-response-400.json'));
    const none = await call('POST', '/es/2.0/order/searchOrder/', sample('searchOrder-request-no-results.json'));
    expect(none.status).toBe(200);
    expect(none.body).toEqual(sample('searchOrder-response-200-no-results.json'));
  });

  it('pages through 79 orders 30 at a time like the published sample', async () => {
    await start();
    setJst('2018-01-20T00:00:00Z');
    const base = sample('getOrderItem-response-200.json').OrderModelList[0];
    for (let i = 0; i < 79; i++) {
      const minute = String(i % 60).padStart(2, '0');
      const hour = String(Math.floor(i / 60)).padStart(2, '0');
      await call('POST', '/__mock/orders', {
        order: { ...base, orderNumber: `123456-20180101-${String(i + 1).padStart(8, '0')}`, orderDatetime: `2018-01-01T${hour}:${minute}:00+0900` },
      });
    }
    const req = sample('searchOrder-request.json');
    const p1 = await call('POST', '/es/2.0/order/searchOrder/', req);
    expect(p1.body.PaginationResponseModel).toEqual(sample('searchOrder-response-200.json').PaginationResponseModel);
    expect(p1.body.MessageModelList).toEqual(sample('searchOrder-response-200.json').MessageModelList);
    expect(p1.body.orderNumberList).toHaveLength(30);
    expect(p1.body.orderNumberList[0]).toBe('123456-20180101-00000001');
    req.PaginationRequestModel.requestPage = 3;
    const p3 = await call('POST', '/es/2.0/order/searchOrder/', req);
    expect(p3.body.orderNumberList).toHaveLength(19);
    expect(p3.body.orderNumberList.at(-1)).toBe('123456-20180101-00000079');
    const desc = await call('POST', '/es/2.0/order/searchOrder/', searchBody(req.startDatetime, req.endDatetime, 1, 1000, 2));
    expect(desc.body.orderNumberList[0]).toBe('123456-20180101-00000079');
    expect((await call('POST', '/es/2.0/order/searchOrder/', searchBody(req.startDatetime, req.endDatetime, 1, 1001))).status).toBe(400);
  });

  it('enforces the 63-day window and the +0900 format', async () => {
    await start();
    setJst('2022-06-01T00:00:00Z');
    const ok = await call('POST', '/es/2.0/order/searchOrder/', searchBody('2022-03-01T00:00:00+0900', '2022-05-03T00:00:00+0900'));
    expect(ok.status).toBe(200); // exactly 63 days
    const over = await call('POST', '/es/2.0/order/searchOrder/', searchBody('2022-03-01T00:00:00+0900', '2022-05-03T00:00:01+0900'));
    expect(over.status).toBe(400);
    expect(over.body.MessageModelList[0].messageType).toBe('ERROR');
    expect(over.body.orderNumberList).toBeNull();
    const colon = await call('POST', '/es/2.0/order/searchOrder/', searchBody('2022-03-01T00:00:00+09:00', '2022-03-02T00:00:00+0900'));
    expect(colon.status).toBe(400);
    expect(colon.body.MessageModelList[0].messageCode).toBe('ORDER_EXT_API_SEARCH_ORDER_ERROR_011');
    const old = await call('POST', '/es/2.0/order/searchOrder/', searchBody('2020-03-01T00:00:00+0900', '2020-03-02T00:00:00+0900'));
    expect(old.status).toBe(400);
  });

  it('confirms an order once', async () => {
    await start();
    const base = sample('getOrderItem-response-200.json').OrderModelList[0];
    await call('POST', '/__mock/orders', { order: base });
    const first = await call('POST', '/es/2.0/order/confirmOrder/', { orderNumberList: [base.orderNumber] });
    expect(first.body.MessageModelList[0]).toMatchObject({ messageCode: 'ORDER_EXT_API_CONFIRM_ORDER_INFO_101', orderNumber: base.orderNumber });
    const again = await call('POST', '/es/2.0/order/confirmOrder/', { orderNumberList: [base.orderNumber] });
    expect(again.body.MessageModelList[0].messageType).toBe('ERROR');
    const tooMany = Array.from({ length: 101 }, (_, i) => `123456-20230417-${String(i).padStart(8, '0')}`);
    expect((await call('POST', '/es/2.0/order/confirmOrder/', { orderNumberList: tooMany })).status).toBe(400);
  });

  it('reproduces the published updateOrderShipping responses', async () => {
    await start();
    const order = {
      orderNumber: '123456-20180101-00001801',
      orderProgress: 300,
      orderDatetime: '2018-01-01T10:00:00+0900',
      PackageModelList: [
        { basketId: 10746402, ShippingModelList: [{ shippingDetailId: 15419, shippingNumber: null, deliveryCompany: '1001', deliveryCompanyName: 'ヤマト運輸', shippingDate: null }] },
        { basketId: 10746403, ShippingModelList: [] },
      ],
    };
    await call('POST', '/__mock/orders', { order });
    const invalid = await call('POST', '/es/2.0/order/updateOrderShipping/', sample('updateOrderShipping-request-invalid.json'));
    expect(invalid.status).toBe(400);
    expect(invalid.body).toEqual(sample('updateOrderShipping-response-400.json'));
    const ok = await call('POST', '/es/2.0/order/updateOrderShipping/', sample('updateOrderShipping-request.json'));
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual(sample('updateOrderShipping-response-200.json'));
    const got = await call('POST', '/es/2.0/order/getOrder/', { orderNumberList: [order.orderNumber], version: 7 });
    expect(got.body.OrderModelList[0].PackageModelList[0].ShippingModelList[0]).toMatchObject({ shippingNumber: 'SN111111', shippingDate: '2018-01-25' });
  });
});

describe('rate limits', () => {
  it('refuses requests beyond the per-second limit with 429', async () => {
    await start({ rateLimits: {} });
    await call('PUT', '/es/2.0/items/manage-numbers/r9', ring());
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await call('GET', '/es/2.0/items/manage-numbers/r9')).status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(5);
    expect(statuses.at(-1)).toBe(429);
    const a = await upsert('r9', 'normal-inventory', 'ABSOLUTE', 1);
    const b = await upsert('r9', 'normal-inventory', 'ABSOLUTE', 1);
    expect([a.status, b.status]).toEqual([204, 429]);
    expect(b.body.errors[0].code).toBeTruthy();
    await new Promise((r) => setTimeout(r, 1050));
    expect((await upsert('r9', 'normal-inventory', 'ABSOLUTE', 1)).status).toBe(204);
  });
});

describe('faults', () => {
  const ITEM = '/es/2.0/items/manage-numbers/f1';
  const fault = (spec: unknown): Promise<Reply> => call('POST', '/__mock/faults', spec);

  it('adds latency', async () => {
    await start();
    await fault({ kind: 'latency', ms: 300, count: 1 });
    const t0 = Date.now();
    expect((await call('GET', ITEM)).status).toBe(404);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(290);
    const t1 = Date.now();
    await call('GET', ITEM);
    expect(Date.now() - t1).toBeLessThan(250);
  });

  it('answers 5xx for the next N requests, or with a probability', async () => {
    let roll = 0.9;
    await start({ random: () => roll });
    await fault({ kind: 'error', status: 503, count: 2 });
    expect((await call('GET', ITEM)).status).toBe(503);
    const second = await call('POST', '/es/2.0/order/getOrder/', { orderNumberList: ['x'], version: 7 });
    expect(second.status).toBe(503);
    expect(second.body.MessageModelList[0].messageType).toBe('ERROR');
    expect((await call('GET', ITEM)).status).toBe(404);
    await fault({ kind: 'error', probability: 0.5 });
    expect((await call('GET', ITEM)).status).toBe(404);
    roll = 0.1;
    expect((await call('GET', ITEM)).status).toBe(500);
    expect((await call('DELETE', '/__mock/faults')).status).toBe(204);
    expect((await call('GET', ITEM)).status).toBe(404);
  });

  it('holds a request until the client times out', async () => {
    await start();
    await fault({ kind: 'timeout', count: 1 });
    await expect(
      fetch(`${mock!.url}${ITEM}`, { headers: { authorization: esaAuthorization(SECRET, KEY) }, signal: AbortSignal.timeout(300) }),
    ).rejects.toThrow();
    expect((await call('GET', ITEM)).status).toBe(404);
    expect(mock!.state.requests[0]!.status).toBe('held');
  });

  it('refuses with a rate-limit answer on demand', async () => {
    await start();
    await fault({ kind: 'rateLimit', count: 1, pathPrefix: '/es/2.0/order/' });
    expect((await call('GET', ITEM)).status).toBe(404);
    const refused = await call('POST', '/es/2.0/order/confirmOrder/', { orderNumberList: ['x'] });
    expect(refused.status).toBe(429);
  });

  it('sends a malformed body', async () => {
    await start();
    await call('PUT', ITEM, ring());
    await fault({ kind: 'malformed', count: 1 });
    const res = await call('GET', ITEM);
    expect(res.status).toBe(200);
    expect(() => JSON.parse(res.text)).toThrow();
    expect(JSON.parse((await call('GET', ITEM)).text).manageNumber).toBe('f1');
  });

  it('drops the connection', async () => {
    await start();
    await fault({ kind: 'drop', count: 1 });
    await expect(call('GET', ITEM)).rejects.toThrow();
    expect((await call('GET', ITEM)).status).toBe(404);
  });

  it('drops the connection after applying a write', async () => {
    await start();
    await fault({ kind: 'drop', count: 1, afterApply: true });
    await expect(call('PUT', ITEM, ring())).rejects.toThrow();
    expect((await call('GET', ITEM)).status).toBe(200);
  });

  it('rejects an unknown fault kind', async () => {
    await start();
    expect((await fault({ kind: 'meteor' })).status).toBe(400);
  });
});

describe('standalone start', () => {
  it('prints the URL and serves requests', async () => {
    const lines: string[] = [];
    mock = await runRakutenMock({ port: 0, serviceSecret: SECRET, licenseKey: KEY, log: (l) => lines.push(l) });
    expect(lines[0]).toContain(mock.url);
    expect(mock.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect((await call('GET', '/es/2.0/items/manage-numbers/none')).status).toBe(404);
  });

  it('reset empties the state', async () => {
    await start();
    await call('PUT', '/es/2.0/items/manage-numbers/r1', ring());
    expect(mock!.state.items.size).toBe(1);
    expect((await call('POST', '/__mock/reset')).status).toBe(204);
    expect(mock!.state.items.size).toBe(0);
    expect((await call('GET', '/__mock/state')).body.items).toEqual([]);
    expect((await call('GET', '/es/2.0/items/manage-numbers/r1')).status).toBe(404);
  });
});
