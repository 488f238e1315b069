import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAsPage, createTestUser, screenshot, signInAs, useBrowserTestEnvironment } from '../../../../test/browser/harness.js';
import { testDatabaseKinds } from '../../../../test/helpers/database.js';
import { createTestLocation, receiveTestItem } from '../../../../test/helpers/factories.js';
import { externalCodeOf } from '../listings/service.js';
import { createRakutenMock, esaAuthorization, type RakutenMock } from '../rakuten/mock/index.js';

// The channel orders screen in Japanese, against the Rakuten RMS mock on 127.0.0.1. Two
// orders are placed on the mock as a shopper would: one for a listed piece, and one for a
// product code that tsunagu does not know, which the import flags. 今すぐ取り込む imports
// both. The flagged order is resolved by assigning another piece to its line, and the other
// order is cancelled on the channel.

const kind = testDatabaseKinds()[0]!;
const SERVICE_SECRET = 'SP-orders-browser-test';
const LICENSE_KEY = 'SL-orders-browser-test';
const VARIANT_ID = 'normal-inventory';
const UNKNOWN_CODE = 'unknown-ring-999';

/** Order statuses as the 受注一覧 tabs label them. */
const STATUS_TABS = { new: '新規', to_confirm: '確認待ち', to_ship: '発送待ち', shipped: '発送済み', cancelled: 'キャンセル' } as const;

async function rms(mock: RakutenMock, method: string, path: string, body: unknown): Promise<{ status: number; body: any }> {
  const response = await fetch(`${mock.url}${path}`, {
    method,
    headers: { authorization: esaAuthorization(SERVICE_SECRET, LICENSE_KEY), 'content-type': 'application/json; charset=utf-8' },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

/** Puts a one-piece product with stock 1 into the mock's catalog, so a shopper can order it. */
async function stockOnMock(mock: RakutenMock, manageNumber: string, title: string): Promise<void> {
  const item = await rms(mock, 'PUT', `/es/2.0/items/manage-numbers/${manageNumber}`, {
    itemType: 'NORMAL',
    title,
    genreId: '110729',
    variants: { [VARIANT_ID]: { standardPrice: '198000', articleNumber: { exemptionReason: 3 }, backOrderFlag: false } },
  });
  expect(item.status, JSON.stringify(item.body)).toBeLessThan(300);
  const inventory = await rms(mock, 'POST', '/es/2.0/inventories/bulk-upsert', { inventories: [{ manageNumber, variantId: VARIANT_ID, mode: 'ABSOLUTE', quantity: 1 }] });
  expect(inventory.status, JSON.stringify(inventory.body)).toBeLessThan(300);
}

async function placeOrder(mock: RakutenMock, manageNumber: string): Promise<string> {
  const placed = await rms(mock, 'POST', '/__mock/orders', { lines: [{ manageNumber, variantId: VARIANT_ID }] });
  expect(placed.status, JSON.stringify(placed.body)).toBe(201);
  return placed.body.orderNumber as string;
}

/** Status of an imported order, read through the API, so the test opens the tab that lists it. */
async function statusOf(page: Page, url: string, orderNumber: string): Promise<keyof typeof STATUS_TABS> {
  for (const status of Object.keys(STATUS_TABS) as Array<keyof typeof STATUS_TABS>) {
    const response = await page.request.get(`${url}/api/channel-orders`, { params: { status, q: orderNumber } });
    const { orders } = (await response.json()) as { orders: Array<{ orderNumber: string }> };
    if (orders.some((order) => order.orderNumber === orderNumber)) return status;
  }
  throw new Error(`order ${orderNumber} is in no status tab`);
}

describe(`channel orders screen [${kind}]`, () => {
  const environment = useBrowserTestEnvironment(kind);
  const mock = createRakutenMock({ serviceSecret: SERVICE_SECRET, licenseKey: LICENSE_KEY, rateLimits: false });

  beforeAll(async () => {
    await mock.listen({ host: '127.0.0.1', port: 0 });
  });
  afterAll(async () => {
    await mock.close();
  });

  // enable when /api/channel-orders lands
  it.skip('imports, resolves and cancels orders', async () => {
    const { server, browser } = environment;
    const { page } = browser;
    const db = server.database.db;
    const owner = await createTestUser(server, 'orders-owner');
    await signInAs(page, server.url, owner);

    // A ring listed on the account, and a bangle in stock to substitute with.
    const store = await createTestLocation(db);
    const ring = await receiveTestItem(db, { locationId: store.id, name: 'Pt900 ダイヤ リング', retailPrice: 198_000 });
    const bangle = await receiveTestItem(db, { locationId: store.id, name: 'K18 バングル', retailPrice: 150_000 });
    const account = await apiAsPage<{ id: number }>(page, server.url, 'POST', '/api/channel-accounts', {
      kind: 'rakuten',
      name: '楽天 本店',
      settings: { baseUrl: mock.url },
      credentials: { serviceSecret: SERVICE_SECRET, licenseKey: LICENSE_KEY },
    });
    const { listings } = await apiAsPage<{ listings: Array<{ id: number }> }>(page, server.url, 'POST', '/api/listings', { itemIds: [ring.id], channelAccountIds: [account.id] });
    await db.updateTable('channel_listings').set({ state: 'live' }).where('id', '=', listings[0]!.id).execute();
    await stockOnMock(mock, externalCodeOf(ring.stock_number), 'Pt900 ダイヤ リング');
    await stockOnMock(mock, UNKNOWN_CODE, '登録のない リング');
    const ringOrder = await placeOrder(mock, externalCodeOf(ring.stock_number));
    const unknownOrder = await placeOrder(mock, UNKNOWN_CODE);

    // 今すぐ取り込む imports both orders and reports the count.
    await page.getByTestId('side-menu').getByText('受注一覧', { exact: true }).click();
    await page.getByTestId(`order-poll-${account.id}`).click();
    await page.getByText(/楽天 本店: 新しい注文 2 件/).waitFor();

    // The flagged tab lists the unknown product's order with its reason.
    const tabs = page.getByTestId('order-tabs');
    await tabs.getByRole('tab', { name: '要確認' }).click();
    const table = page.getByTestId('orders-table');
    const flaggedRow = table.getByRole('row').filter({ hasText: unknownOrder });
    await flaggedRow.getByText('要確認').waitFor();
    expect(await table.getByRole('row').filter({ hasText: ringOrder }).count()).toBe(0);
    await screenshot(page, 'channel-orders-flagged');

    // The detail shows the flag and both ways to resolve it; a substitute piece resolves the line.
    await flaggedRow.getByRole('link', { name: unknownOrder }).click();
    const flag = page.getByTestId('order-flag');
    await flag.getByText('この注文は確認が必要です').waitFor();
    await flag.getByText(/別の商品（在庫）を割り当てる/).waitFor();
    await flag.getByText(/チャネル上で注文をキャンセルする/).waitFor();
    const lines = page.getByTestId('order-lines');
    await lines.getByText('商品不明').waitFor();
    await lines.getByRole('button', { name: '別の商品を割り当てる' }).click();
    const substitute = page.getByRole('dialog');
    await substitute.getByTestId('scan-input').fill(bangle.stock_number);
    await substitute.getByTestId('scan-input').press('Enter');
    await substitute.getByTestId('order-substitute-picked').getByText(bangle.stock_number).waitFor();
    await substitute.getByRole('button', { name: '割り当てる' }).click();
    await lines.getByRole('link', { name: bangle.stock_number }).waitFor();
    await lines.getByText('引当済み').waitFor();
    // NOTE: whether a substitution clears the flag by itself is the import's rule; either way
    // 確認済みにする must leave the order unflagged.
    if ((await page.getByTestId('order-flag').count()) > 0) {
      await page.getByTestId('order-resolve').click();
      await page.getByRole('dialog').getByRole('button', { name: '確認済みにする' }).click();
    }
    await expect.poll(() => page.getByTestId('order-flag').count()).toBe(0);
    await page.getByText('チャネルから受け取ったデータ').click();
    await page.getByTestId('order-raw').waitFor();
    expect(await page.getByTestId('order-raw').textContent()).toContain(unknownOrder);
    await screenshot(page, 'channel-order-resolved');

    // The ring's order is cancelled on the channel after the refund warning.
    await page.getByRole('button', { name: '受注一覧へ戻る' }).click();
    await tabs.getByRole('tab', { name: STATUS_TABS[await statusOf(page, server.url, ringOrder)] }).click();
    await table.getByRole('row').filter({ hasText: ringOrder }).getByRole('link').click();
    await page.getByTestId('order-cancel').click();
    const cancel = page.getByRole('dialog');
    await cancel.getByText(/代金はチャネルから購入者へ返金されます/).waitFor();
    await cancel.getByLabel('在庫切れ').check();
    await cancel.getByRole('button', { name: 'キャンセルする' }).click();
    await page.getByText('注文をキャンセルしました。').waitFor();
    await page.getByRole('heading').getByText('キャンセル').waitFor();
    expect(browser.pageErrors).toEqual([]);
  });
});
