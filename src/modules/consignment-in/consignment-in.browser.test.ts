import { describe, expect, it } from 'vitest';
import { apiAsPage, chooseOption, createTestUser, screenshot, signInAs, useBrowserTestEnvironment } from '../../../test/browser/harness.js';
import { testDatabaseKinds } from '../../../test/helpers/database.js';
import { createTestLocation } from '../../../test/helpers/factories.js';

// Receiving consigned pieces on the screens, in Japanese: register a consignor through its
// form, receive two pieces (one at a commission rate of its own) and find them on the item
// list with the 受託 tag and the consignor's name. One database kind is enough, because the
// screens do not depend on it.

const kind = testDatabaseKinds()[0]!;

describe(`consignment receiving screens [${kind}]`, () => {
  const environment = useBrowserTestEnvironment(kind);

  it('receives pieces and tags them 受託', async () => {
    const { server, browser } = environment;
    const { page } = browser;
    const db = server.database.db;
    const store = await createTestLocation(db, { name: '銀座本店' });
    const owner = await createTestUser(server, 'consignment-owner');
    await signInAs(page, server.url, owner);

    // A consignor through the form.
    await page.getByTestId('side-menu').getByText('委託者（受託）', { exact: true }).click();
    await page.getByTestId('consignor-new').click();
    const form = page.getByTestId('consignor-form');
    await form.getByLabel('委託者コード').fill('GINZA-01');
    await form.getByLabel('名前', { exact: true }).fill('銀座宝石商会');

    // A 12-digit individual number is rejected on the screen whatever the ID method.
    await chooseOption(page, form.getByLabel('区分'), '', '個人');
    await chooseOption(page, form.getByLabel('確認方法'), '', 'パスポート');
    await form.getByLabel('書類の番号').fill('１２３４-5678-9012');
    await page.getByRole('button', { name: '保存' }).click();
    await form.locator('.ant-form-item-explain-error').filter({ hasText: '個人番号（マイナンバー）は記録できません' }).waitFor();
    await form.getByLabel('書類の番号').fill('TK1234567');
    await form.getByLabel('確認日').fill('2026-01-10');
    await form.getByLabel('確認日').press('Enter');
    await page.getByRole('button', { name: '保存' }).click();
    await page.getByTestId('consignors-table').getByText('銀座宝石商会').waitFor();
    const consignor = await db.selectFrom('consignors').select('id').where('code', '=', 'GINZA-01').executeTakeFirstOrThrow();
    const agreement = await apiAsPage<{ number: string }>(page, server.url, 'POST', '/api/consignment/agreements', {
      consignorId: consignor.id,
      terms: 'commission',
      commissionRatePercent: 20,
      startsOn: '2026-01-01',
    });

    // Receive two pieces; the second at 15 % instead of the agreement's 20 %.
    await page.getByTestId('side-menu').getByText('受託品の受け入れ', { exact: true }).click();
    const receive = page.getByTestId('consignment-receive-form');

    // Saving an empty form marks the required fields, not only the missing pieces.
    await page.getByTestId('consignment-receive-save').click();
    await page.getByText('商品を 1 点以上入力してください。').waitFor();
    const fieldErrors = receive.locator('.ant-form-item-explain-error');
    await fieldErrors.filter({ hasText: '委託者を選んでください' }).waitFor();
    await fieldErrors.filter({ hasText: '有効な契約を選んでください' }).waitFor();

    await chooseOption(page, receive.getByLabel('委託者', { exact: true }), '銀座', '銀座宝石商会');
    await chooseOption(page, receive.getByLabel('受託契約', { exact: true }), '', agreement.number);
    await chooseOption(page, receive.getByLabel('受け入れ拠点'), '', '銀座本店');
    const first = page.getByTestId('consignment-line-0');
    await first.getByLabel('商品名').fill('Pt900 ダイヤモンドリング');
    await first.getByLabel('上代（税込）').fill('110000');
    await page.getByTestId('consignment-add-line').click();
    const second = page.getByTestId('consignment-line-1');
    await second.getByLabel('商品名').fill('K18 ルビーペンダント');
    await second.getByLabel('上代（税込）').fill('55000');
    // A rate over 100 % stays as typed, with an error beside it.
    await second.getByLabel('手数料率（%）').fill('150');
    await page.getByTestId('consignment-receive-save').click();
    await second.locator('.ant-form-item-explain-error').filter({ hasText: '0〜100 の範囲' }).waitFor();
    expect(await second.getByLabel('手数料率（%）').inputValue()).toBe('150');
    await second.getByLabel('手数料率（%）').fill('15');
    await screenshot(page, 'consignment-receive');
    await page.getByTestId('consignment-receive-save').click();
    await page.getByText(/CI-\d{4}-\d{6} で受け入れました/).waitFor();

    const pieces = await db
      .selectFrom('consigned_items')
      .innerJoin('items', 'items.id', 'consigned_items.item_id')
      .select(['items.name', 'items.ownership', 'items.cost', 'consigned_items.commission_rate_bp'])
      .where('consigned_items.consignor_id', '=', consignor.id)
      .orderBy('items.id')
      .execute();
    expect(pieces).toEqual([
      { name: 'Pt900 ダイヤモンドリング', ownership: 'consignment_in', cost: 0, commission_rate_bp: 2000 },
      { name: 'K18 ルビーペンダント', ownership: 'consignment_in', cost: 0, commission_rate_bp: 1500 },
    ]);

    // The item list, filtered to consigned pieces, tags each with its consignor.
    await page.getByRole('button', { name: '商品一覧' }).click();
    const table = page.getByTestId('items-table');
    await table.getByText('Pt900 ダイヤモンドリング').waitFor();
    const tags = table.getByTestId('consigned-tag');
    expect(await tags.count()).toBe(2);
    expect(await tags.first().textContent()).toBe('受託: 銀座宝石商会');
    expect(await db.selectFrom('stock_balances').select('quantity').where('location_id', '=', store.id).execute()).toHaveLength(2);
    await screenshot(page, 'consignment-items');

    // Give the ring back by scanning its tag on the return screen.
    const ring = await db.selectFrom('items').select(['id', 'stock_number']).where('name', '=', 'Pt900 ダイヤモンドリング').executeTakeFirstOrThrow();
    await page.getByTestId('side-menu').getByText('受託品の返却', { exact: true }).click();
    const returnForm = page.getByTestId('consignment-return-form');
    await chooseOption(page, returnForm.getByLabel('委託者', { exact: true }), '銀座', '銀座宝石商会');
    await chooseOption(page, returnForm.getByLabel('返却する拠点'), '', '銀座本店');
    await page.getByTestId('consignment-return-pieces').getByText('K18 ルビーペンダント').waitFor();
    await page.getByTestId('consignment-return-scan').fill(ring.stock_number);
    await page.getByTestId('consignment-return-scan').press('Enter');
    await page.getByTestId('consignment-return-save').getByText('(1)').waitFor();
    await page.getByTestId('consignment-return-save').click();
    await page.getByText(/CB-\d{4}-\d{6} で返却しました/).waitFor();
    const returned = await db.selectFrom('items').select('status').where('id', '=', ring.id).executeTakeFirstOrThrow();
    expect(returned.status).toBe('returned_to_consignor');
    expect(browser.pageErrors).toEqual([]);
  }, 180_000);
});
