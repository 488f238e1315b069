import { describe, expect, it } from 'vitest';
import { apiAsPage, chooseOption, createTestUser, openBrowser, screenshot, signInAs, useBrowserTestEnvironment } from '../../../test/browser/harness.js';
import { testDatabaseKinds } from '../../../test/helpers/database.js';

// The customer screens in Japanese: register a customer through the form, find them by a
// half-width kana search, merge a duplicate, and delete the personal data with the typed
// confirmation. One database kind is enough, because the screens do not depend on it.

const kind = testDatabaseKinds()[0]!;

describe(`customer screens [${kind}]`, () => {
  const environment = useBrowserTestEnvironment(kind);

  it('registers, finds, merges and anonymises', async () => {
    const { server, browser } = environment;
    const { page } = browser;
    const owner = await createTestUser(server, 'customer-owner');
    await signInAs(page, server.url, owner);

    // Register through the form, with the reading typed in hiragana.
    await page.getByTestId('side-menu').getByText('顧客', { exact: true }).click();
    await page.getByTestId('new-customer').click();
    const form = page.getByTestId('customer-form');
    await form.getByLabel('姓', { exact: true }).fill('鈴木');
    await form.getByLabel('名', { exact: true }).fill('美咲');
    await form.getByLabel('フリガナ（姓）').fill('すずき');
    await form.getByLabel('フリガナ（名）').fill('みさき');
    await form.getByLabel('電話番号').fill('090-2468-1357');
    await chooseOption(page, form.getByLabel('都道府県'), '神奈', '神奈川県');
    await form.getByTestId('add-ring-size').click();
    await chooseOption(page, form.getByLabel('指', { exact: true }), '', '左手 薬指');
    await form.getByLabel('サイズ').fill('9.5');
    await form.getByTestId('customer-consent').click();
    await screenshot(page, 'customer-form');
    await page.getByRole('button', { name: '保存' }).click();

    // The new record opens, with the reading stored in katakana.
    const fields = page.getByTestId('customer-fields');
    await fields.getByText('スズキ ミサキ').waitFor();
    await fields.getByText('左手 薬指: 9.5号').waitFor();
    await fields.getByText('神奈川県').waitFor();
    const firstUrl = page.url();

    // A duplicate made at another store, found by a half-width kana search.
    const duplicate = await apiAsPage<{ id: number; code: string }>(page, server.url, 'POST', '/api/customers', {
      familyName: '鈴木',
      givenName: 'みさき',
      familyNameKana: 'スズキ',
      email: 'misaki@example.jp',
    });
    await page.getByRole('button', { name: '顧客一覧へ' }).click();
    await page.getByTestId('customer-search').fill('ｽｽﾞｷ');
    const table = page.getByTestId('customers-table');
    await table.getByText(duplicate.code).waitFor();
    expect(await table.locator('tbody tr.ant-table-row').count()).toBe(2);
    await screenshot(page, 'customer-list');

    // Merge the duplicate into the first record.
    await page.goto(firstUrl);
    await page.getByTestId('merge-customer').click();
    await chooseOption(page, page.getByTestId('merge-form').getByLabel('重複している顧客'), 'misaki', duplicate.code);
    await page.getByText(`${duplicate.code} の購入履歴を`).waitFor();
    await page.getByRole('button', { name: '重複を統合' }).last().click();
    await fields.getByText('misaki@example.jp').waitFor();
    await fields.getByRole('link', { name: duplicate.code }).waitFor();

    // Delete the personal data: the code must be typed first.
    await page.getByTestId('anonymize-customer').click();
    await page.getByTestId('anonymize-reason').fill('ご本人から店頭で削除の依頼');
    await page.getByTestId('anonymize-confirmation').fill('C999999');
    await page.getByRole('button', { name: '個人情報を削除' }).last().click();
    await page.getByText('を正しく入力してください。').waitFor();
    const code = firstUrl.split('/').at(-1)!;
    const record = await server.database.db.selectFrom('customers').select(['code', 'anonymized_at']).where('id', '=', Number(code)).executeTakeFirstOrThrow();
    expect(record.anonymized_at).toBeNull();
    await page.getByTestId('anonymize-confirmation').fill(record.code);
    await page.getByRole('button', { name: '個人情報を削除' }).last().click();
    await page.getByText('この顧客の個人情報は削除（匿名化）されています。').waitFor();
    await page.getByText('（削除済みの顧客）').first().waitFor();
    expect(await page.getByTestId('edit-customer').isDisabled()).toBe(true);
    await screenshot(page, 'customer-anonymized');

    expect(browser.pageErrors).toEqual([]);
  }, 180_000);

  it('lists upcoming birthdays', async () => {
    const { server } = environment;
    // A browser of its own, so this test starts signed out whatever the first one left.
    const browser = await openBrowser();
    try {
      const { page } = browser;
      const owner = await createTestUser(server, 'birthday-owner');
      await signInAs(page, server.url, owner);
      const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tokyo' }).format(new Date());
      await apiAsPage(page, server.url, 'POST', '/api/customers', { familyName: '誕生', givenName: '今日', birthday: `1992-${today.slice(5)}`, consentToContact: true });

      await page.goto(`${server.url}/customers?tab=birthdays`);
      const row = page.getByTestId('birthdays-table').getByRole('row').filter({ hasText: '誕生 今日' });
      await row.getByText('今日', { exact: true }).waitFor();
      await row.getByText('同意あり').waitFor();
      await screenshot(page, 'customer-birthdays');
      expect(browser.pageErrors).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 180_000);
});
