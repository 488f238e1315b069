import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../helpers/database.js';
import { createTestUser, ensureWebBuilt, openBrowser, screenshot, startServer, type BrowserSession, type RunningServer } from './harness.js';

// Input checks a newcomer runs into: typed measures are kept and rejected with a message
// instead of being clamped, server errors go away once fixed, the seller's typed details
// are guarded, and the side menu consists of real links.

beforeAll(async () => {
  await ensureWebBuilt();
}, 120_000);

const kind = testDatabaseKinds()[0]!;

describe(`web form checks [${kind}]`, () => {
  let server: RunningServer;
  let browser: BrowserSession;

  beforeAll(async () => {
    server = await startServer(kind);
    browser = await openBrowser();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('rejects bad input without changing it', async () => {
    const { page } = browser;
    const shot = (step: string) => screenshot(page, `form-checks-${step}`);
    const user = await createTestUser(server, 'checks');

    await page.goto(server.url);
    await page.getByLabel('メールアドレス').fill(user.email);
    await page.getByLabel('パスワード').fill(user.password);
    await page.getByRole('button', { name: 'ログイン' }).click();
    const menu = page.getByTestId('side-menu');
    await menu.waitFor();

    // Menu entries are links that can be opened in a new tab.
    expect(await menu.getByRole('link', { name: '商品一覧' }).getAttribute('href')).toBe('/items');
    expect(await menu.getByRole('link', { name: '会社設定' }).getAttribute('href')).toBe('/company');

    // Company: the check-digit error disappears as soon as the number is corrected.
    await menu.getByRole('link', { name: '会社設定' }).click();
    const registration = page.getByLabel('適格請求書発行事業者登録番号');
    await registration.fill('T1234567890123');
    await page.getByRole('button', { name: '保存' }).click();
    const fieldError = page.getByTestId('company-form').locator('.ant-form-item-explain-error');
    await fieldError.first().waitFor();
    await registration.fill('T7000012050002');
    await expect.poll(() => fieldError.count()).toBe(0);
    await page.getByRole('button', { name: '保存' }).click();
    await page.getByText('保存しました。').waitFor();
    expect(await fieldError.count()).toBe(0);
    await shot('01-company-fixed');

    // Items list at 1366 px: the table scrolls inside the page instead of widening it.
    await page.setViewportSize({ width: 1366, height: 900 });
    await menu.getByRole('link', { name: '商品一覧' }).click();
    await page.getByTestId('items-table').waitFor();
    await page.getByText('English', { exact: true }).click();
    await page.getByTestId('items-table').getByRole('columnheader', { name: 'Location' }).waitFor();
    const pageOverflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(pageOverflow).toBeLessThanOrEqual(0);
    await shot('02-items-list-en');
    await page.getByText('日本語', { exact: true }).click();
    await menu.getByRole('link', { name: '商品一覧' }).waitFor();

    // CSV import: a wrong header is a file error, reported without a row count.
    await menu.getByRole('link', { name: 'CSV 取込・出力' }).click();
    await page.getByTestId('csv-file').locator('input[type="file"]').setInputFiles({ name: 'wrong-header.csv', mimeType: 'text/csv', buffer: Buffer.from('foo,bar\n1,2\n') });
    await page.getByRole('button', { name: 'チェックのみ（登録しない）' }).click();
    await page.getByTestId('csv-file-errors').waitFor();
    await page.getByText('ファイルのエラー（1）').waitFor();
    expect(await page.getByText(/0 行にエラー/).count()).toBe(0);
    await shot('03-csv-file-error');

    // Purchase entry: out-of-range measures stay as typed and block the save.
    await menu.getByRole('link', { name: '仕入入力' }).click();
    await page.getByTestId('purchase-form').waitFor();
    const line = page.getByTestId('purchase-line-0');
    await line.getByLabel('商品名').fill('テストリング');
    await line.getByLabel('地金重量').fill('-3');
    await line.getByLabel('主石カラット').fill('0.12345');
    await line.getByLabel('リングサイズ').fill('40');
    await line.getByLabel('単価（税抜）').fill('1000');
    await page.getByTestId('purchase-save').click();
    const lineErrors = page.getByTestId('purchase-line-0-errors');
    await lineErrors.getByText(/1〜30 号の 0.5 号刻み/).waitFor();
    await lineErrors.getByText(/小数点以下 3 桁まで/).waitFor();
    await lineErrors.getByText(/0 以上、小数点以下 2 桁まで/).waitFor();
    // The input pads to the decimals of its step (40.0), but the value itself is unchanged.
    expect(Number(await line.getByLabel('リングサイズ').inputValue())).toBe(40);
    expect(Number(await line.getByLabel('主石カラット').inputValue())).toBe(0.12345);
    expect(Number(await line.getByLabel('地金重量').inputValue())).toBe(-3);
    await shot('04-purchase-line-errors');

    // A corrected value clears its message.
    await line.getByLabel('リングサイズ').fill('11.5');
    await expect.poll(() => lineErrors.getByText(/1〜30 号/).count()).toBe(0);

    // A pre-owned purchase defaults to 0% tax and guards the typed seller.
    await page.getByTestId('purchase-secondhand').click();
    await page.getByTestId('purchase-tax-hint').waitFor();
    await page.getByTestId('seller-fields').getByLabel('氏名').fill('山田 花子');
    await chooseMyNumberCard(page);
    await page.getByText('個人番号（12 桁のマイナンバー）は記録してはいけません', { exact: false }).waitFor();
    await shot('05-purchase-seller');

    const dialogs: string[] = [];
    page.once('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await menu.getByRole('link', { name: '仕入先' }).click();
    await expect.poll(() => dialogs.length).toBe(1);
    expect(dialogs[0]).toContain('売主');
    expect(new URL(page.url()).pathname).toBe('/purchases/new');
    expect(await page.getByTestId('seller-fields').getByLabel('氏名').inputValue()).toBe('山田 花子');
    expect(browser.pageErrors).toEqual([]);
  }, 180_000);
});

async function chooseMyNumberCard(page: BrowserSession['page']): Promise<void> {
  await page.getByTestId('seller-fields').getByLabel('本人確認の方法').click();
  await page.locator('.ant-select-item-option[title="マイナンバーカード"]').click();
}
