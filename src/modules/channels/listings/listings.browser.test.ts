import { describe, expect, it } from 'vitest';
import { apiAsPage, createTestUser, screenshot, signInAs, useBrowserTestEnvironment } from '../../../../test/browser/harness.js';
import { testDatabaseKinds } from '../../../../test/helpers/database.js';
import { createTestLocation, receiveTestItem } from '../../../../test/helpers/factories.js';

// The listings screen in Japanese. Drafts made through the API show up, and a bulk publish
// reports what it moved and what it skipped. The list follows a listing that the channel
// runner finishes and shows a channel's refusal, the edit drawer saves a title, and the
// new-listing dialog makes a draft from a scanned stock number. No outbox runner runs in
// the test server, so a published listing stays 出品処理中 until the test moves it on.

const kind = testDatabaseKinds()[0]!;

interface ListingRow {
  id: number;
  state: string;
  stockNumber: string;
}

describe(`listings screen [${kind}]`, () => {
  const environment = useBrowserTestEnvironment(kind);

  it('publishes a selection and shows the result', async () => {
    const { server, browser } = environment;
    const { page } = browser;
    const db = server.database.db;
    const owner = await createTestUser(server, 'listing-owner');
    await signInAs(page, server.url, owner);

    const store = await createTestLocation(db);
    const ring = await receiveTestItem(db, { locationId: store.id, name: 'Pt900 ダイヤ リング 0.5ct', retailPrice: 198_000 });
    const pendant = await receiveTestItem(db, { locationId: store.id, name: 'K18 ルビー ペンダント', retailPrice: 88_000 });
    const bangle = await receiveTestItem(db, { locationId: store.id, name: 'K18 バングル', retailPrice: 150_000 });
    const rakuten = await apiAsPage<{ id: number }>(page, server.url, 'POST', '/api/channel-accounts', {
      kind: 'rakuten',
      name: '楽天 本店',
      settings: { baseUrl: 'http://127.0.0.1:9101' },
      credentials: { serviceSecret: 'SP-test', licenseKey: 'SL-test' },
    });
    const { listings } = await apiAsPage<{ listings: ListingRow[] }>(page, server.url, 'POST', '/api/listings', { itemIds: [ring.id, pendant.id], channelAccountIds: [rakuten.id] });
    const ringListing = listings.find((listing) => listing.stockNumber === ring.stock_number)!;
    const pendantListing = listings.find((listing) => listing.stockNumber === pendant.stock_number)!;
    // Publishing the pendant first makes it 出品処理中, which the bulk publish below must skip.
    await apiAsPage(page, server.url, 'POST', '/api/listings/publish', { listingIds: [pendantListing.id] });

    // The channel group in the side menu opens the list, which shows both listings.
    await page.getByTestId('side-menu').getByText('出品一覧', { exact: true }).click();
    const table = page.getByTestId('listings-table');
    const ringRow = table.getByRole('row').filter({ hasText: ring.stock_number });
    const pendantRow = table.getByRole('row').filter({ hasText: pendant.stock_number });
    await ringRow.getByText('下書き').waitFor();
    await pendantRow.getByText('出品処理中').waitFor();
    await ringRow.getByText('楽天 本店').waitFor();
    await ringRow.getByText('¥198,000').waitFor();
    await ringRow.getByText('税込').waitFor();

    // The edit drawer changes the title that the channel shows.
    await ringRow.getByTestId(`listing-edit-${ringListing.id}`).click();
    const form = page.getByTestId('listing-form');
    await form.getByLabel('商品名（チャネル）').fill('【鑑定書付】Pt900 ダイヤ リング 0.5ct');
    await page.getByTestId('listing-save').click();
    await ringRow.getByText('【鑑定書付】Pt900 ダイヤ リング 0.5ct').waitFor();

    // A bulk publish of both moves the draft and reports the skipped pendant with the server's reason.
    await ringRow.getByRole('checkbox').check();
    await pendantRow.getByRole('checkbox').check();
    await page.getByTestId('listing-selected-count').filter({ hasText: '2 件選択中' }).waitFor();
    await page.getByTestId('listing-publish').click();
    const result = page.getByTestId('listing-bulk-result');
    await result.getByText('出品を受け付けた件数: 1 件').waitFor();
    await result.getByText('対象外のため処理しませんでした').waitFor();
    expect(await result.textContent()).toContain(pendant.stock_number);
    await ringRow.getByText('出品処理中').waitFor();
    await screenshot(page, 'listings-published');

    // While listings are being processed the list refreshes itself and shows the runner's result.
    await db.updateTable('channel_listings').set({ state: 'live' }).where('id', '=', ringListing.id).execute();
    await ringRow.getByText('出品中', { exact: true }).waitFor({ timeout: 10_000 });

    // A listing the channel refused shows the channel's message in the user's language.
    await db
      .updateTable('channel_listings')
      .set({
        state: 'error',
        last_error_code: 'rejected',
        last_error_json: JSON.stringify({ ja: 'ジャンル ID を指定してください。', en: 'Give a genre ID.', kind: 'rejected' }),
      })
      .where('id', '=', pendantListing.id)
      .execute();
    await pendantRow.getByText('ジャンル ID を指定してください。').waitFor({ timeout: 10_000 });
    await pendantRow.getByText('エラー', { exact: true }).waitFor();

    // The new-listing dialog makes a draft of a scanned piece on the chosen account.
    await page.getByTestId('listing-new').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByTestId('scan-input').fill(bangle.stock_number);
    await dialog.getByTestId('scan-input').press('Enter');
    await dialog.getByTestId('new-listings-items').getByText(bangle.stock_number).waitFor();
    await dialog.getByLabel('楽天市場 / 楽天 本店').check();
    await dialog.getByRole('button', { name: '下書きを作成' }).click();
    await table.getByRole('row').filter({ hasText: bangle.stock_number }).getByText('下書き').waitFor();

    // The state filter narrows the list to drafts.
    await page.getByTestId('listing-filter-state').click();
    await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option').filter({ hasText: '下書き' }).click();
    await expect.poll(() => table.getByRole('row').filter({ hasText: ring.stock_number }).count()).toBe(0);
    await table.getByRole('row').filter({ hasText: bangle.stock_number }).waitFor();
    expect(browser.pageErrors).toEqual([]);
  }, 60_000);
});
