import { describe, expect, it } from 'vitest';
import { apiAsPage, chooseOption, createTestUser, screenshot, signInAs, useBrowserTestEnvironment } from '../../../test/browser/harness.js';
import { testDatabaseKinds } from '../../../test/helpers/database.js';
import { consignTestItem } from '../../../test/helpers/consignment.js';
import { createTestLocation, quantityAt, receiveTestItem, uniqueCode } from '../../../test/helpers/factories.js';

// An exhibition in Japanese: created through the form, three pieces scanned out, one sold
// at the exhibition's register, one (a consigned piece, scanned in full-width lower case)
// checked in, the third left missing and written off as stolen, then the exhibition closed. One database kind is enough, because the screens do
// not depend on it.

const kind = testDatabaseKinds()[0]!;

describe(`exhibition screens [${kind}]`, () => {
  const environment = useBrowserTestEnvironment(kind);

  it('checks in with one piece missing', async () => {
    const { server, browser } = environment;
    const { page } = browser;
    const db = server.database.db;
    const owner = await createTestUser(server, 'exhibition-owner');
    const store = await createTestLocation(db, { name: '銀座本店' });
    const [sold, returned, lost] = [
      await receiveTestItem(db, { locationId: store.id, name: 'K18 ダイヤモンド リング', retailPrice: 198_000 }),
      (await consignTestItem(db, { locationId: store.id, retailPrice: 88_000, stockNumber: `OWN-${uniqueCode('E')}` })).item,
      await receiveTestItem(db, { locationId: store.id, name: 'K18 ルビー ピアス', retailPrice: 66_000 }),
    ];
    await signInAs(page, server.url, owner);

    // Create the exhibition through the form.
    await page.getByTestId('side-menu').getByText('展示会', { exact: true }).click();
    await page.getByTestId('new-exhibition').click();
    const form = page.getByTestId('exhibition-form');
    await form.getByLabel('展示会名').fill('秋の宝飾展示会');
    await form.getByLabel('会場').fill('東京国際フォーラム ホールB');
    await chooseOption(page, form.getByLabel('戻し先の拠点'), '銀座', '銀座本店');
    await page.getByRole('button', { name: '保存' }).click();
    await page.getByTestId('exhibition-status').getByText('準備中').waitFor();

    // Carry out two pieces by scanning, the consigned one typed in full-width lower case as a
    // Japanese IME does. A second scan of one is only a notice.
    const carryOut = page.getByTestId('carry-out-scan');
    const fullWidthLowerCase = (code: string) => [...code.toLowerCase()].map((char) => String.fromCharCode(char.charCodeAt(0) + 0xfee0)).join('');
    for (const [piece, typed] of [[sold, sold.stock_number], [returned, fullWidthLowerCase(returned.stock_number)]] as const) {
      await carryOut.fill(typed);
      await carryOut.press('Enter');
      await page.getByTestId('scan-feedback').getByText(`${piece.stock_number} を持ち出しリストに追加しました。`).waitFor();
    }
    await carryOut.fill(sold.stock_number);
    await carryOut.press('Enter');
    await page.getByTestId('scan-feedback').getByText(`${sold.stock_number} は既にリストにあります。`).waitFor();
    await page.getByTestId('exhibition-status').getByText('開催中').waitFor();

    // The third goes out with the bulk form, next to one already on the list.
    await page.getByText('まとめて持ち出し', { exact: true }).click();
    await page.getByTestId('bulk-codes').fill(`${lost.stock_number}\n${sold.stock_number}\n`);
    await page.getByTestId('bulk-carry-out').click();
    await page.getByText('1 点を持ち出しました（既にリストにあった商品: 1 点）。').waitFor();
    await page.getByTestId('carry-out-table').getByText(lost.stock_number).waitFor();
    expect(await page.getByTestId('carry-out-table').getByTestId('consigned-tag').allTextContents()).toEqual(['受託: テスト委託者']);
    await screenshot(page, 'exhibition-carry-out');

    // One piece sells at the exhibition's register.
    const exhibition = await db.selectFrom('exhibitions').select(['id', 'location_id']).where('name', '=', '秋の宝飾展示会').executeTakeFirstOrThrow();
    const register = await db.selectFrom('registers').select('id').where('location_id', '=', exhibition.location_id).executeTakeFirstOrThrow();
    const sale = await apiAsPage<{ number: string }>(page, server.url, 'POST', '/api/sales', {
      registerId: register.id,
      lines: [{ itemId: sold.id }],
      payments: [{ method: 'card', amount: 198_000 }],
    });

    // Check in one piece. The sold one is rejected with the sale's number.
    await page.getByRole('tab', { name: '戻し' }).click();
    const checkIn = page.getByTestId('check-in-scan');
    await checkIn.fill(returned.stock_number);
    await checkIn.press('Enter');
    await page.getByTestId('scan-feedback').getByText(`${returned.stock_number} を戻しました。`).waitFor();
    await checkIn.fill(returned.stock_number);
    await checkIn.press('Enter');
    await page.getByTestId('scan-feedback').getByText(`${returned.stock_number} は既に戻し済みです。`).waitFor();
    await checkIn.fill(sold.stock_number);
    await checkIn.press('Enter');
    await page.getByTestId('scan-feedback').getByText(`${sold.stock_number} は販売済みです（${sale.number}）`).waitFor();
    await page.getByTestId('exhibition-status').getByText('戻し中').waitFor();

    // Finish check-in: the third piece is missing.
    await page.getByTestId('finish-check-in').click();
    await page.locator('.ant-popconfirm').getByRole('button', { name: '戻しを終える' }).click();
    const missing = page.getByTestId('missing-table');
    await missing.getByText(lost.stock_number).waitFor();
    await screenshot(page, 'exhibition-check-in');

    // Closing is rejected while it is missing.
    await page.getByTestId('close-exhibition').click();
    await page.locator('.ant-popconfirm').getByRole('button', { name: '展示会を終了' }).click();
    await page.getByTestId('error-notification').getByText(lost.stock_number, { exact: false }).waitFor();

    // Write it off as stolen.
    await page.getByTestId(`resolve-${lost.stock_number}`).click();
    const resolve = page.getByTestId('resolve-form');
    await resolve.getByText('償却する').click();
    await resolve.getByText('盗難').click();
    await resolve.getByLabel('経緯').fill('最終日の撤収時に展示ケースから紛失');
    await page.getByRole('dialog').getByRole('button', { name: '保存' }).click();
    await missing.getByText('不明品はありません。').waitFor();

    // The reconciliation shows one of each.
    await page.getByRole('tab', { name: '照合' }).click();
    const totals = page.getByTestId('reconciliation-totals');
    for (const state of ['sold', 'returned', 'written_off']) {
      expect(await totals.getByTestId(`totals-${state}`).locator('.ant-statistic-content-value').textContent()).toBe('1');
    }
    expect(await totals.getByTestId('totals-missing').locator('.ant-statistic-content-value').textContent()).toBe('0');
    await page.getByTestId('reconciliation-table').getByText(`販売: ${sale.number}`).waitFor();
    expect(await page.getByTestId('reconciliation-table').getByTestId('consigned-tag').allTextContents()).toEqual(['受託: テスト委託者']);
    await screenshot(page, 'exhibition-reconciliation');

    // Now it closes.
    await page.getByTestId('close-exhibition').click();
    await page.locator('.ant-popconfirm').getByRole('button', { name: '展示会を終了' }).click();
    await page.getByTestId('exhibition-status').getByText('終了').waitFor();
    expect(await quantityAt(db, returned.id, store.id)).toBe(1);
    const item = await db.selectFrom('items').select('status').where('id', '=', lost.id).executeTakeFirstOrThrow();
    expect(item.status).toBe('written_off');
    expect(browser.pageErrors).toEqual([]);
  }, 180_000);
});
