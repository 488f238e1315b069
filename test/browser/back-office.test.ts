import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../helpers/database.js';
import { chooseOption, createTestUser, ensureWebBuilt, openBrowser, screenshot, startServer, type BrowserSession, type RunningServer } from './harness.js';

// One shop day through the web UI, as a person does it: sign in, set up locations and a
// supplier, receive a purchase by keyboard, find the piece, move it to another store,
// read its history, and switch to English. Runs once per database kind.

beforeAll(async () => {
  await ensureWebBuilt();
}, 120_000);

for (const kind of testDatabaseKinds()) {
  describe(`web UI [${kind}]`, () => {
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

    it('receives, transfers and shows history', async () => {
      const { page } = browser;
      const shot = (step: string) => screenshot(page, `browser-${kind}-${step}`);
      const user = await createTestUser(server, 'staff');
      const stockNumber = `BT-${Date.now().toString(36).toUpperCase()}`;

      // Sign-in page in Japanese, from the browser language.
      await page.goto(server.url);
      await page.getByRole('button', { name: 'ログイン' }).waitFor();
      await page.getByLabel('メールアドレス').fill(user.email);
      await page.getByLabel('パスワード').fill('wrong-password');
      await page.getByRole('button', { name: 'ログイン' }).click();
      await page.getByTestId('sign-in-error').waitFor();
      await page.getByLabel('パスワード').fill(user.password);
      await page.getByRole('button', { name: 'ログイン' }).click();
      await page.getByTestId('side-menu').waitFor();
      await shot('01-signed-in');

      // Locations: a bad code shows the server's Japanese message under the field.
      await page.getByTestId('side-menu').getByText('拠点', { exact: true }).click();
      await page.getByRole('button', { name: '拠点を追加' }).click();
      await page.getByLabel('拠点コード').fill('青山!');
      await page.getByLabel('拠点名').fill('青山店');
      await page.getByRole('button', { name: '保存' }).click();
      await page.getByText('拠点コードは半角英数字・ハイフン・下線で 20 文字以内で入力してください。').waitFor();
      await shot('02-location-error');
      await page.getByLabel('拠点コード').fill('AOYAMA');
      await page.getByRole('button', { name: '保存' }).click();
      await page.getByRole('cell', { name: 'AOYAMA', exact: true }).waitFor();
      await page.getByRole('button', { name: '拠点を追加' }).click();
      await page.getByLabel('拠点コード').fill('GINZA');
      await page.getByLabel('拠点名').fill('銀座店');
      await page.getByRole('button', { name: '保存' }).click();
      await page.getByRole('cell', { name: 'GINZA', exact: true }).waitFor();

      // Supplier.
      await page.getByTestId('side-menu').getByText('仕入先', { exact: true }).click();
      await page.getByRole('button', { name: '仕入先を追加' }).click();
      await page.getByLabel('仕入先コード').fill('KOFU01');
      await page.getByLabel('仕入先名').fill('甲府ジュエリー工房');
      await page.getByRole('button', { name: '保存' }).click();
      await page.getByRole('cell', { name: 'KOFU01', exact: true }).waitFor();

      // Purchase entered with the keyboard only: Enter moves from field to field.
      await page.getByTestId('side-menu').getByText('仕入入力', { exact: true }).click();
      await page.getByTestId('purchase-form').waitFor();
      await page.keyboard.type('KOFU');
      await page.getByText('KOFU01 甲府ジュエリー工房').waitFor();
      await page.keyboard.press('Enter');
      await page.keyboard.type('AOYAMA');
      await page.getByText('AOYAMA 青山店').waitFor();
      await page.keyboard.press('Enter');
      const line = page.getByTestId('purchase-line-0');
      await line.getByLabel('在庫番号（読取可）').focus();
      await page.keyboard.type(stockNumber);
      await page.keyboard.press('Enter');
      await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('商品名');
      await page.keyboard.type('ダイヤモンドリング');
      await page.keyboard.press('Enter'); // category keeps リング
      await page.keyboard.press('Enter');
      await page.keyboard.type('PT900');
      await page.locator('.ant-select-item-option-active[title="PT900"]').waitFor();
      await page.keyboard.press('Enter');
      await page.keyboard.type('3.5');
      await page.keyboard.press('Enter');
      await page.keyboard.type('ダイヤモンド');
      await page.keyboard.press('Enter');
      await page.keyboard.type('0.305');
      await page.keyboard.press('Enter');
      await page.keyboard.type('12');
      await page.keyboard.press('Enter');
      await page.keyboard.type('85000');
      await page.keyboard.press('Enter');
      await page.keyboard.type('198000');
      await page.getByTestId('purchase-subtotal').filter({ hasText: '¥85,000' }).waitFor();
      await page.getByTestId('purchase-tax').filter({ hasText: '¥8,500' }).waitFor();
      await page.getByTestId('purchase-total').filter({ hasText: '¥93,500' }).waitFor();
      await shot('03-purchase-entry');
      await page.keyboard.press('Control+Enter');
      await page.getByTestId('purchase-next').waitFor();
      await page.getByText(/仕入 P-\S+ を登録しました/).waitFor();
      await shot('04-purchase-saved');

      // Find the piece by search and check where it is.
      await page.getByTestId('side-menu').getByText('商品一覧', { exact: true }).click();
      await page.getByTestId('item-search-box').fill(stockNumber.toLowerCase());
      await page.getByRole('link', { name: stockNumber }).click();
      await page.getByTestId('item-balances').getByText('青山店').waitFor();
      expect(await page.getByTestId('item-retail-price').innerText()).toBe('¥198,000');
      await page.getByText('3.50 g').waitFor();
      await page.getByText('12号').waitFor();
      await shot('05-item-detail');

      // Send it to Ginza by scanning its tag, then receive it there.
      await page.getByTestId('side-menu').getByText('移動', { exact: true }).click();
      await page.getByTestId('new-transfer').click();
      await chooseOption(page, page.getByTestId('transfer-from').getByRole('combobox'), 'AOYAMA', 'AOYAMA 青山店');
      await chooseOption(page, page.getByTestId('transfer-to').getByRole('combobox'), 'GINZA', 'GINZA 銀座店');
      await page.getByTestId('scan-input').fill('NO-SUCH-TAG');
      await page.getByTestId('scan-input').press('Enter');
      await page.getByTestId('scan-error').filter({ hasText: 'NO-SUCH-TAG' }).waitFor();
      await page.getByTestId('scan-input').fill(stockNumber);
      await page.getByTestId('scan-input').press('Enter');
      await page.getByTestId('stock-lines').getByRole('link', { name: stockNumber }).waitFor();
      await shot('06-transfer-send');
      await page.getByTestId('transfer-send').click();
      const transferCell = page.getByTestId('transfers-table').getByRole('cell', { name: /^T-/ }).first();
      await transferCell.waitFor();
      const transferNumber = (await transferCell.innerText()).trim();
      await page.getByTestId(`receive-${transferNumber}`).click();
      await page.locator('.ant-popconfirm').getByRole('button', { name: '受け取る' }).click();
      await page.getByText(`移動 ${transferNumber} を受け取りました。`).waitFor();
      await shot('07-transfer-received');

      // History shows the purchase, the dispatch and the arrival as sentences.
      await page.getByTestId('side-menu').getByText('商品一覧', { exact: true }).click();
      await page.getByTestId('item-search-box').fill(stockNumber);
      await page.getByRole('link', { name: stockNumber }).click();
      const history = page.getByTestId('item-history');
      await history.locator('[data-kind="transfer_receive"]').filter({ hasText: '銀座店 で移動を受け取りました。' }).waitFor();
      await history.locator('[data-kind="transfer_send"]').filter({ hasText: transferNumber }).waitFor();
      await history.locator('[data-kind="purchase_receipt"]').waitFor();
      await page.getByTestId('item-balances').getByText('銀座店').waitFor();
      await shot('08-item-history-ja');

      // English, stored for the user: it survives a reload.
      await page.getByTestId('language-switch').getByText('English').click();
      await page.getByText('History', { exact: true }).waitFor();
      await history.locator('[data-kind="transfer_receive"]').filter({ hasText: 'Transfer received at 銀座店.' }).waitFor();
      await page.getByTestId('side-menu').getByText('Items', { exact: true }).waitFor();
      await page.reload();
      await page.getByText('Stock by location').waitFor();
      await page.getByTestId('user-menu').click();
      await page.getByTestId('sign-out').filter({ hasText: 'Sign out' }).waitFor();
      await page.keyboard.press('Escape');
      await shot('09-item-history-en');

      // Ant Design's own texts follow the language too (the page size changer).
      await page.getByTestId('side-menu').getByText('Items', { exact: true }).click();
      await page.getByText('50 / page').waitFor();

      expect(browser.pageErrors).toEqual([]);
    }, 150_000);
  });
}
