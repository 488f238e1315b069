import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAsPage, createTestUser, screenshot, signInAs, useBrowserTestEnvironment } from '../../../../test/browser/harness.js';
import { testDatabaseKinds } from '../../../../test/helpers/database.js';
import { createTestLocation, receiveTestItem } from '../../../../test/helpers/factories.js';
import { externalCodeOf } from '../listings/service.js';
import { createRakutenMock, esaAuthorization, type RakutenMock } from '../rakuten/mock/index.js';
import { createYahooMock } from '../yahoo/mock/index.js';

// The channel orders screen in Japanese, against the Rakuten RMS and Yahoo!ショッピング mocks
// on 127.0.0.1. Orders are placed on the mocks as a shopper would. On Rakuten there is one
// for a listed ring and two for product codes that tsunagu does not know, which the import
// flags. On Yahoo there is one for a listed pendant. 今すぐ取り込む imports them. One flagged order is
// resolved by assigning another piece to its line, the other by 確認済みにする. Rakuten's
// API cannot cancel an order, so the cancel dialog shows the channel's instruction, and the
// order turns cancelled once the shop has cancelled it in RMS and the next import sees it.
// The Yahoo order is cancelled on the channel from the screen.

const kind = testDatabaseKinds()[0]!;
const SERVICE_SECRET = 'SP-orders-browser-test';
const LICENSE_KEY = 'SL-orders-browser-test';
const VARIANT_ID = 'normal-inventory';
const UNKNOWN_CODE = 'unknown-ring-999';
const OTHER_UNKNOWN_CODE = 'unknown-ring-998';
const YAHOO_SELLER = 'orders-browser-test';

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

/** Goes back to 受注一覧 and opens an order from the tab of its status. */
async function openOrder(page: Page, url: string, orderNumber: string): Promise<void> {
  await page.getByTestId('side-menu').getByText('受注一覧', { exact: true }).click();
  await page.getByTestId('order-tabs').getByRole('tab', { name: STATUS_TABS[await statusOf(page, url, orderNumber)], exact: true }).click();
  await page.getByTestId('orders-table').getByRole('row').filter({ hasText: orderNumber }).getByRole('link', { name: orderNumber }).click();
  await page.getByRole('heading').getByText(`受注 ${orderNumber}`).waitFor();
}

describe(`channel orders screen [${kind}]`, () => {
  const environment = useBrowserTestEnvironment(kind);
  const rakuten = createRakutenMock({ serviceSecret: SERVICE_SECRET, licenseKey: LICENSE_KEY, rateLimits: false });
  const yahoo = createYahooMock({ sellerId: YAHOO_SELLER, accessToken: 'yahoo-token', refreshToken: 'yahoo-refresh', requireSignature: false, rateLimit: false });

  beforeAll(async () => {
    await rakuten.listen({ host: '127.0.0.1', port: 0 });
    await yahoo.listen({ host: '127.0.0.1', port: 0 });
  });
  afterAll(async () => {
    await rakuten.close();
    await yahoo.close();
  });

  it('imports, resolves and cancels orders', async () => {
    const { server, browser } = environment;
    const { page } = browser;
    const db = server.database.db;
    const owner = await createTestUser(server, 'orders-owner');
    await signInAs(page, server.url, owner);

    // A ring listed on Rakuten, a pendant listed on Yahoo, and a bangle in stock to substitute with.
    const store = await createTestLocation(db);
    const ring = await receiveTestItem(db, { locationId: store.id, name: 'Pt900 ダイヤ リング', retailPrice: 198_000 });
    const pendant = await receiveTestItem(db, { locationId: store.id, name: 'K18 ルビー ペンダント', retailPrice: 88_000 });
    const bangle = await receiveTestItem(db, { locationId: store.id, name: 'K18 バングル', retailPrice: 150_000 });
    const rakutenAccount = await apiAsPage<{ id: number }>(page, server.url, 'POST', '/api/channel-accounts', {
      kind: 'rakuten',
      name: '楽天 本店',
      settings: { baseUrl: rakuten.url },
      credentials: { serviceSecret: SERVICE_SECRET, licenseKey: LICENSE_KEY },
    });
    const yahooAccount = await apiAsPage<{ id: number }>(page, server.url, 'POST', '/api/channel-accounts', {
      kind: 'yahoo',
      name: 'Yahoo 本店',
      settings: { baseUrl: yahoo.url(), sellerId: YAHOO_SELLER },
      credentials: { clientId: 'mock-client-id', clientSecret: 'mock-client-secret', accessToken: 'yahoo-token', refreshToken: 'yahoo-refresh' },
    });
    const ringListing = await apiAsPage<{ listings: Array<{ id: number }> }>(page, server.url, 'POST', '/api/listings', { itemIds: [ring.id], channelAccountIds: [rakutenAccount.id] });
    const pendantListing = await apiAsPage<{ listings: Array<{ id: number }> }>(page, server.url, 'POST', '/api/listings', { itemIds: [pendant.id], channelAccountIds: [yahooAccount.id] });
    // No channel runner works in the test server, so the listings are made live here.
    await db
      .updateTable('channel_listings')
      .set({ state: 'live' })
      .where('id', 'in', [ringListing.listings[0]!.id, pendantListing.listings[0]!.id])
      .execute();

    // Shoppers order on both channels.
    await stockOnMock(rakuten, externalCodeOf(ring.stock_number), 'Pt900 ダイヤ リング');
    await stockOnMock(rakuten, UNKNOWN_CODE, '登録のない リング');
    await stockOnMock(rakuten, OTHER_UNKNOWN_CODE, '登録のない リング 2');
    const ringOrder = await placeOrder(rakuten, externalCodeOf(ring.stock_number));
    const unknownOrder = await placeOrder(rakuten, UNKNOWN_CODE);
    const otherUnknownOrder = await placeOrder(rakuten, OTHER_UNKNOWN_CODE);
    const pendantCode = externalCodeOf(pendant.stock_number);
    yahoo.state.stock.set(pendantCode, { itemCode: pendantCode, subCode: '', quantity: 1, allowOverdraft: 0, updateTime: new Date().toISOString() });
    const yahooPlaced = await fetch(`${yahoo.url()}/__mock/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ lines: [{ itemCode: pendantCode, title: 'K18 ルビー ペンダント', unitPrice: 88_000 }] }),
    });
    expect(yahooPlaced.status).toBe(201);
    const pendantOrder = ((await yahooPlaced.json()) as { orderId: string }).orderId;

    // 今すぐ取り込む imports each account's orders and reports the count.
    await page.getByTestId('side-menu').getByText('受注一覧', { exact: true }).click();
    await page.getByTestId(`order-poll-${rakutenAccount.id}`).click();
    await page.getByText('楽天 本店: 新しい注文 3 件、更新 0 件').waitFor();
    await page.getByTestId(`order-poll-${yahooAccount.id}`).click();
    await page.getByText('Yahoo 本店: 新しい注文 1 件、更新 0 件').waitFor();

    // The flagged tab lists the unknown products' orders with their reason, and no other.
    const tabs = page.getByTestId('order-tabs');
    await tabs.getByRole('tab', { name: '要確認' }).click();
    const table = page.getByTestId('orders-table');
    const flaggedRow = table.getByRole('row').filter({ hasText: unknownOrder });
    await flaggedRow.getByText('要確認').waitFor();
    await flaggedRow.getByText(/対応する出品がありません/).waitFor();
    await table.getByRole('row').filter({ hasText: otherUnknownOrder }).waitFor();
    expect(await table.getByRole('row').filter({ hasText: ringOrder }).count()).toBe(0);
    expect(await table.getByRole('row').filter({ hasText: pendantOrder }).count()).toBe(0);
    await screenshot(page, 'channel-orders-flagged');

    // The detail shows the flag and both ways to resolve it. Assigning a piece to the only
    // line without one resolves the flag by itself.
    await flaggedRow.getByRole('link', { name: unknownOrder }).click();
    const flag = page.getByTestId('order-flag');
    await flag.getByText('この注文は確認が必要です').waitFor();
    await flag.getByText(/別の商品（在庫）を割り当てる/).waitFor();
    await flag.getByText(/チャネル上で注文をキャンセルする/).waitFor();
    // The server refuses to confirm a flagged order, so the screen does not offer it.
    expect(await page.getByTestId('order-confirm').count()).toBe(0);
    const lines = page.getByTestId('order-lines');
    await lines.getByText('商品不明').waitFor();
    await lines.getByRole('cell', { name: UNKNOWN_CODE, exact: true }).waitFor();
    await lines.getByRole('button', { name: '別の商品を割り当てる' }).click();
    const substitute = page.getByRole('dialog');
    await substitute.getByTestId('scan-input').fill(bangle.stock_number);
    await substitute.getByTestId('scan-input').press('Enter');
    await substitute.getByTestId('order-substitute-picked').getByText(bangle.stock_number).waitFor();
    await substitute.getByRole('button', { name: '割り当てる' }).click();
    await page.getByText('明細に商品を割り当てました。').waitFor();
    await lines.getByRole('link', { name: bangle.stock_number }).waitFor();
    await lines.getByText('引当済み').waitFor();
    await expect.poll(() => page.getByTestId('order-flag').count()).toBe(0);
    await page.getByTestId('order-confirm').waitFor();
    await page.getByText('チャネルから受け取ったデータ').click();
    await page.getByTestId('order-raw').waitFor();
    expect(await page.getByTestId('order-raw').textContent()).toContain(unknownOrder);
    await page.getByText('履歴', { exact: true }).click();
    await page.getByText('明細に別の商品を割り当て').waitFor();
    await screenshot(page, 'channel-order-resolved');

    // The other flagged order is marked as reviewed without a piece.
    await page.getByRole('button', { name: '受注一覧へ戻る' }).click();
    await tabs.getByRole('tab', { name: '要確認' }).click();
    await table.getByRole('row').filter({ hasText: otherUnknownOrder }).getByRole('link', { name: otherUnknownOrder }).click();
    await page.getByTestId('order-resolve').click();
    await page.getByRole('dialog').getByRole('button', { name: '確認済みにする' }).click();
    await page.getByText('確認済みにしました。').waitFor();
    await expect.poll(() => page.getByTestId('order-flag').count()).toBe(0);
    await page.getByTestId('order-lines').getByText('商品不明').waitFor();
    await page.getByRole('button', { name: '受注一覧へ戻る' }).click();
    await tabs.getByRole('tab', { name: '要確認' }).click();
    await table.getByText('この区分の注文はありません。').waitFor();

    // Rakuten's API cannot cancel an order: the dialog shows the channel's instruction and
    // the order stays open with its piece reserved.
    await openOrder(page, server.url, ringOrder);
    await page.getByTestId('order-cancel').click();
    const cancel = page.getByRole('dialog');
    await cancel.getByText(/代金はチャネルから購入者へ返金されます/).waitFor();
    await cancel.getByLabel('在庫切れ').check();
    await cancel.getByRole('button', { name: 'キャンセルする' }).click();
    const refusal = cancel.getByTestId('form-error');
    await refusal.getByText(/「楽天 本店」への送信に失敗しました/).waitFor();
    expect(await refusal.textContent()).toContain('RMS の受注管理で、キャンセル理由「欠品（在庫切れ）」を選んでキャンセルしてください。');
    await screenshot(page, 'channel-order-cancel-rakuten');
    await cancel.getByRole('button', { name: 'キャンセル', exact: true }).click();
    await cancel.waitFor({ state: 'hidden' });
    expect(await page.getByRole('heading').getByText('キャンセル', { exact: true }).count()).toBe(0);
    await page.getByTestId('order-lines').getByText('引当済み').waitFor();

    // Once the shop has cancelled it in RMS, the next import takes the cancellation in.
    const cancelledInRms = await fetch(`${rakuten.url}/__mock/orders/${ringOrder}/progress`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ orderProgress: 900 }),
    });
    expect(cancelledInRms.status).toBe(204);
    await page.getByRole('button', { name: '受注一覧へ戻る' }).click();
    await page.getByTestId(`order-poll-${rakutenAccount.id}`).click();
    await page.getByText('楽天 本店: 新しい注文 0 件、更新 1 件').waitFor();
    await openOrder(page, server.url, ringOrder);
    await page.getByRole('heading').getByText('キャンセル', { exact: true }).waitFor();
    await page.getByTestId('order-lines').getByText('引当解除').waitFor();

    // The Yahoo order is cancelled on the channel after the refund warning.
    await openOrder(page, server.url, pendantOrder);
    await page.getByTestId('order-cancel').click();
    const yahooCancel = page.getByRole('dialog');
    await yahooCancel.getByText(/代金はチャネルから購入者へ返金されます/).waitFor();
    await yahooCancel.getByLabel('在庫切れ').check();
    await yahooCancel.getByRole('button', { name: 'キャンセルする' }).click();
    await page.getByText('注文をキャンセルしました。').waitFor();
    await page.getByRole('heading').getByText('キャンセル', { exact: true }).waitFor();
    await page.getByTestId('order-lines').getByText('引当解除').waitFor();
    expect(await page.getByTestId('order-cancel').count()).toBe(0);
    // Yahoo order status 4 is キャンセル.
    expect(Number(yahoo.state.orders.get(pendantOrder)!.fields.OrderStatus)).toBe(4);

    // The order resolved with the bangle is confirmed, marked shipped (its piece leaves stock
    // as sold) and then partly refunded.
    await openOrder(page, server.url, unknownOrder);
    await page.getByTestId('order-confirm').click();
    await page.getByText('確認をチャネルへ送りました。').waitFor();
    await page.getByRole('heading').getByText('発送待ち', { exact: true }).waitFor();
    await page.getByTestId('order-ship').click();
    await page.getByRole('dialog').getByRole('button', { name: '発送済みにする' }).click();
    await page.getByText('発送済みにしました。').waitFor();
    await page.getByRole('heading').getByText('発送済み', { exact: true }).waitFor();
    await page.getByTestId('order-lines').getByText('販売済み').waitFor();
    const bangleStock = await db.selectFrom('stock_balances').select('quantity').where('item_id', '=', bangle.id).executeTakeFirstOrThrow();
    expect(Number(bangleStock.quantity)).toBe(0);
    await page.getByTestId('order-lines').getByRole('button', { name: '一部返金' }).click();
    const refund = page.getByRole('dialog');
    await refund.getByLabel('返金額（円・税込）').fill('5000');
    await refund.getByLabel('理由').fill('小傷のため');
    await refund.getByRole('button', { name: '返金を記録する' }).click();
    await page.getByText('返金を記録しました。').waitFor();
    await page.getByTestId('order-lines').getByText(/5,000/).waitFor();
    await screenshot(page, 'channel-order-refunded');
    expect(browser.pageErrors).toEqual([]);
  }, 90_000);
});
