import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAsPage, createTestUser, screenshot, signInAs, useBrowserTestEnvironment } from '../../../../test/browser/harness.js';
import { testDatabaseKinds } from '../../../../test/helpers/database.js';
import { createTestLocation, receiveTestItem } from '../../../../test/helpers/factories.js';
import { externalCodeOf } from '../listings/service.js';
import { createRakutenMock, esaAuthorization, type RakutenMock } from '../rakuten/mock/index.js';

// The sync status screen in Japanese. One account talks to the Rakuten RMS mock on
// 127.0.0.1: a published listing waits in the outbox, a live one shows a drifted quantity
// on the channel, and one is a draft. A second account is paused by hand and shown in red
// until 再開 resumes it. A third was paused by the hub after repeated failures, and its
// notice tells the user that it resumes by itself. The connection test and the stock reconcile report their results, and
// the screen refreshes itself when a listing changes state.

const kind = testDatabaseKinds()[0]!;
const SERVICE_SECRET = 'SP-sync-browser-test';
const LICENSE_KEY = 'SL-sync-browser-test';
const VARIANT_ID = 'normal-inventory';

async function rms(mock: RakutenMock, method: string, path: string, body: unknown): Promise<void> {
  const response = await fetch(`${mock.url}${path}`, {
    method,
    headers: { authorization: esaAuthorization(SERVICE_SECRET, LICENSE_KEY), 'content-type': 'application/json; charset=utf-8' },
    body: JSON.stringify(body),
  });
  expect(response.status, await response.text()).toBeLessThan(300);
}

/** Puts a product with `quantity` in stock into the mock's catalog, as if someone had set it in RMS. */
async function stockOnMock(mock: RakutenMock, manageNumber: string, quantity: number): Promise<void> {
  await rms(mock, 'PUT', `/es/2.0/items/manage-numbers/${manageNumber}`, {
    itemType: 'NORMAL',
    title: manageNumber,
    genreId: '110729',
    variants: { [VARIANT_ID]: { standardPrice: '88000', articleNumber: { exemptionReason: 3 }, backOrderFlag: false } },
  });
  await rms(mock, 'POST', '/es/2.0/inventories/bulk-upsert', { inventories: [{ manageNumber, variantId: VARIANT_ID, mode: 'ABSOLUTE', quantity }] });
}

describe(`channel sync status screen [${kind}]`, () => {
  const environment = useBrowserTestEnvironment(kind);
  const mock = createRakutenMock({ serviceSecret: SERVICE_SECRET, licenseKey: LICENSE_KEY, rateLimits: false });

  beforeAll(async () => {
    await mock.listen({ host: '127.0.0.1', port: 0 });
  });
  afterAll(async () => {
    await mock.close();
  });

  it('shows pending work, paused accounts and checks', async () => {
    const { server, browser } = environment;
    const { page } = browser;
    const db = server.database.db;
    const owner = await createTestUser(server, 'sync-owner');
    await signInAs(page, server.url, owner);

    const store = await createTestLocation(db);
    const ring = await receiveTestItem(db, { locationId: store.id, name: 'Pt900 ダイヤ リング' });
    const pendant = await receiveTestItem(db, { locationId: store.id, name: 'K18 ペンダント' });
    const bangle = await receiveTestItem(db, { locationId: store.id, name: 'K18 バングル' });
    const credentials = { serviceSecret: SERVICE_SECRET, licenseKey: LICENSE_KEY };
    const active = await apiAsPage<{ id: number }>(page, server.url, 'POST', '/api/channel-accounts', { kind: 'rakuten', name: '楽天 本店', settings: { baseUrl: mock.url }, credentials });
    const paused = await apiAsPage<{ id: number }>(page, server.url, 'POST', '/api/channel-accounts', { kind: 'rakuten', name: '楽天 別館', settings: { baseUrl: mock.url }, credentials });
    const failing = await apiAsPage<{ id: number }>(page, server.url, 'POST', '/api/channel-accounts', { kind: 'rakuten', name: '楽天 アウトレット', settings: { baseUrl: mock.url }, credentials });
    await apiAsPage(page, server.url, 'POST', `/api/channel-accounts/${paused.id}/pause`, { reason: 'API キーの更新待ち' });
    // The hub pauses an account this way after repeated failures. No hub runs in the test server.
    await db
      .updateTable('channel_accounts')
      .set({ status: 'paused', paused_by: 'failures', paused_reason: 'RMS が HTTP 503 を返しました。', failure_count: 5 })
      .where('id', '=', failing.id)
      .execute();

    const { listings } = await apiAsPage<{ listings: Array<{ id: number; itemId: number }> }>(page, server.url, 'POST', '/api/listings', {
      itemIds: [ring.id, pendant.id, bangle.id],
      channelAccountIds: [active.id],
    });
    const ringListing = listings.find((listing) => listing.itemId === ring.id)!;
    const pendantListing = listings.find((listing) => listing.itemId === pendant.id)!;
    await apiAsPage(page, server.url, 'POST', '/api/listings/publish', { listingIds: [ringListing.id] });
    // The pendant is live with one piece, but the channel shows 5.
    await db.updateTable('channel_listings').set({ state: 'live', published_at: new Date().toISOString() }).where('id', '=', pendantListing.id).execute();
    await stockOnMock(mock, externalCodeOf(pendant.stock_number), 5);

    // The active account shows its waiting event with its age and its listings by state.
    await page.getByTestId('side-menu').getByText('同期状況', { exact: true }).click();
    const activeCard = page.getByTestId(`sync-account-${active.id}`);
    await activeCard.getByTestId(`sync-pending-${active.id}`).getByText(/1 件待ち・最古 \d+ (秒|分)前/).waitFor();
    await activeCard.getByTestId(`sync-listings-${active.id}-publishing`).getByText('出品処理中').waitFor();
    await activeCard.getByTestId(`sync-listings-${active.id}-live`).getByText('出品中').waitFor();
    await activeCard.getByTestId(`sync-listings-${active.id}-draft`).getByText('下書き').waitFor();
    await activeCard.getByTestId(`sync-last-reconcile-${active.id}`).getByText('まだありません').waitFor();

    // The account the hub paused shows its last error and that it resumes by itself.
    const failingCard = page.getByTestId(`sync-account-${failing.id}`);
    const failingAlert = failingCard.getByTestId(`sync-paused-${failing.id}`);
    await failingAlert.getByText('失敗が続いたため自動停止中。チャネルが応答すれば自動で再開します').waitFor();
    await failingAlert.getByText('最後のエラー: RMS が HTTP 503 を返しました。').waitFor();
    await failingCard.getByText('一時停止中', { exact: true }).waitFor();

    // The account paused by hand is red with its reason, and 再開 resumes it.
    const pausedCard = page.getByTestId(`sync-account-${paused.id}`);
    await pausedCard.getByText('連携を一時停止しています: API キーの更新待ち').waitFor();
    expect(await pausedCard.getByText(/自動で再開します/).count()).toBe(0);
    await screenshot(page, 'channel-sync-paused');
    await pausedCard.getByTestId(`sync-resume-${paused.id}`).click();
    await page.getByRole('dialog').getByRole('button', { name: '再開' }).click();
    await page.getByText('「楽天 別館」の連携を再開しました。').waitFor();
    await pausedCard.getByText('連携中').waitFor();
    expect(await pausedCard.getByText('連携を一時停止しています').count()).toBe(0);

    // The connection test and the stock reconcile report their results; the reconcile sets
    // the pendant back to 1 on the channel and lists the correction.
    await activeCard.getByTestId(`sync-test-${active.id}`).click();
    await page.getByText('「楽天 本店」に接続できました。').waitFor();
    await activeCard.getByTestId(`sync-reconcile-${active.id}`).click();
    await page.getByRole('dialog').getByRole('button', { name: '在庫照合' }).click();
    await page.getByText('「楽天 本店」: 照合 1 件、修正 1 件、再出品 0 件').waitFor();
    const correction = page.getByTestId('sync-corrections').getByRole('row').filter({ hasText: pendant.stock_number });
    await correction.getByRole('cell', { name: '5', exact: true }).waitFor();
    await correction.getByRole('cell', { name: '1', exact: true }).waitFor();
    expect(mock.state.inventory.get(`${externalCodeOf(pendant.stock_number)}\u0000${VARIANT_ID}`)?.quantity).toBe(1);
    await expect.poll(() => activeCard.getByTestId(`sync-last-reconcile-${active.id}`).textContent()).not.toBe('まだありません');

    // The screen refreshes by itself: the listing the runner finished counts as 出品中.
    await db.updateTable('channel_listings').set({ state: 'live' }).where('id', '=', ringListing.id).execute();
    await activeCard.getByTestId(`sync-listings-${active.id}-live`).getByText('2', { exact: true }).waitFor({ timeout: 10_000 });
    expect(await activeCard.getByTestId(`sync-listings-${active.id}-publishing`).count()).toBe(0);
    expect(browser.pageErrors).toEqual([]);
  }, 60_000);
});
