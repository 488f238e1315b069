import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../helpers/database.js';
import { apiAsPage, createTestUser, screenshot, signInAs, useBrowserTestEnvironment } from './harness.js';

// Accounts and permissions through the web UI: sign-in, markup in an item name shown as
// text, an owner adding a sales user, what that user may not see or open, and the language
// switch, then the roles, audit trail and profile screens. One database kind is enough,
// because the screens do not depend on it.

const kind = testDatabaseKinds()[0]!;

/** An item name that would run script and make bold text if it were rendered as HTML. */
const MARKUP = '<img src=x onerror=alert(1)><b>x</b>';

describe(`web access [${kind}]`, () => {
  const environment = useBrowserTestEnvironment(kind);

  it('signs in, escapes markup and enforces roles', async () => {
    const { server, browser } = environment;
    const { page } = browser;
    const shot = (step: string) => screenshot(page, `access-${step}`);
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    const owner = await createTestUser(server, 'owner');
    const menu = page.getByTestId('side-menu');

    // A wrong password shows the error, and the right one lands on the items list.
    await page.goto(server.url);
    await page.getByLabel('メールアドレス').fill(owner.email);
    await page.getByLabel('パスワード').fill('not-the-password');
    await page.getByRole('button', { name: 'ログイン' }).click();
    await page.getByTestId('sign-in-error').waitFor();
    await page.getByLabel('パスワード').fill(owner.password);
    await page.getByRole('button', { name: 'ログイン' }).click();
    await menu.waitFor();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/items');
    await menu.getByRole('link', { name: 'ユーザー', exact: true }).waitFor();
    await menu.getByRole('link', { name: '操作履歴' }).waitFor();

    // Markup in a name and a description is shown as text on the list and the detail.
    const location = await apiAsPage<{ id: number }>(page, server.url, 'POST', '/api/locations', { code: 'GINZA', name: '銀座店', kind: 'store' });
    await apiAsPage(page, server.url, 'POST', '/api/items', { name: MARKUP, category: 'ring', cost: 50_000, retailPrice: 120_000, description: `説明 ${MARKUP}` });
    await page.reload();
    const table = page.getByTestId('items-table');
    await table.getByText(MARKUP, { exact: true }).waitFor();
    expect(await table.locator('img[src="x"], b').count()).toBe(0);
    await shot('01-items-markup');
    await table.getByRole('row').filter({ hasText: MARKUP }).getByRole('link').click();
    await page.getByTestId('item-stock-number').waitFor();
    await page.getByText(MARKUP, { exact: true }).first().waitFor();
    await page.getByText(`説明 ${MARKUP}`, { exact: true }).waitFor();
    expect(await page.locator('#root img[src="x"], #root b').count()).toBe(0);
    await page.getByText('下代（税抜）').waitFor();
    await shot('02-item-detail-markup');

    // The owner adds a sales user. A password that breaks the rules is rejected in the dialog.
    const sales = { email: `sales-${Date.now()}@example.test`, password: 'hisui-sango-kohaku-2026' };
    await menu.getByRole('link', { name: 'ユーザー', exact: true }).click();
    await page.getByTestId('new-user').click();
    const form = page.getByTestId('user-form');
    await form.getByLabel('メールアドレス（ログイン ID）').fill(sales.email);
    await form.getByLabel('初期パスワード').fill('short');
    await form.getByLabel('表示名').fill('販売 花子');
    await form.getByTestId('user-role').click();
    await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option').filter({ hasText: '販売スタッフ' }).click();
    await form.getByTestId('user-locations').click();
    await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option').filter({ hasText: 'GINZA 銀座店' }).click();
    await form.getByLabel('初期パスワード').click();
    // Not an exact name: after a save the button may keep its loading icon, hidden, in its name.
    const saveUser = page.getByRole('dialog').getByRole('button', { name: '追加' });
    await saveUser.click();
    // The rules under the field also contain "12 文字以上", so the wait is for the error itself.
    await form.locator('.ant-form-item-explain-error').filter({ hasText: '12 文字以上' }).or(page.getByTestId('form-error').filter({ hasText: '12 文字以上' })).first().waitFor();
    await shot('03-user-password-error');
    await form.getByLabel('初期パスワード').fill(sales.password);
    await saveUser.click();
    const row = page.getByTestId('users-table').getByRole('row').filter({ hasText: sales.email });
    await row.waitFor();
    await row.getByText('販売スタッフ').waitFor();
    await shot('04-user-created');
    expect(location.id).toBeGreaterThan(0);

    // The sales user sees neither write-offs nor users, and /users names the missing permission.
    await page.getByTestId('user-menu').click();
    await page.getByTestId('sign-out').click();
    await page.getByRole('button', { name: 'ログイン' }).waitFor();
    await signInAs(page, server.url, sales);
    await menu.getByRole('link', { name: '商品一覧' }).waitFor();
    await menu.getByRole('link', { name: '移動' }).waitFor();
    expect(await menu.getByRole('link', { name: '償却' }).count()).toBe(0);
    expect(await menu.getByRole('link', { name: 'ユーザー', exact: true }).count()).toBe(0);
    expect(await menu.getByRole('link', { name: '操作履歴' }).count()).toBe(0);
    await page.goto(`${server.url}/users`);
    await page.getByTestId('no-permission').filter({ hasText: '「ユーザーの管理」' }).waitFor();
    await page.getByText('この画面を開く権限がありません').waitFor();
    await shot('05-sales-forbidden');
    await page.goto(`${server.url}/write-offs`);
    await page.getByTestId('no-permission').filter({ hasText: '「償却」' }).waitFor();

    // The user works at one location, so a new transfer starts from it.
    await menu.getByRole('link', { name: '移動' }).click();
    await page.getByTestId('new-transfer').click();
    await page.getByTestId('transfer-from').getByText('GINZA 銀座店').waitFor();

    // Without cost.view the item shows no cost.
    await page.goto(`${server.url}/items`);
    await page.getByTestId('items-table').getByRole('row').filter({ hasText: MARKUP }).getByRole('link').click();
    await page.getByTestId('item-retail-price').waitFor();
    expect(await page.getByText('下代（税抜）').count()).toBe(0);
    expect(await page.getByText(/NaN|undefined/).count()).toBe(0);

    // The language switch changes the labels at once and is kept after a reload.
    await page.getByTestId('language-switch').getByText('English').click();
    await menu.getByRole('link', { name: 'Items' }).waitFor();
    await page.reload();
    await menu.getByRole('link', { name: 'Transfers' }).waitFor();
    await page.getByText('Stock by location').waitFor();
    await shot('06-english');

    expect(dialogs).toEqual([]);
    expect(browser.pageErrors).toEqual([]);
  }, 120_000);
  it('manages roles, audit trail and profile', async () => {
    const { server, browser } = environment;
    const { page } = browser;
    const shot = (step: string) => screenshot(page, `access-admin-${step}`);
    const owner = await createTestUser(server, 'admin');
    const menu = page.getByTestId('side-menu');
    await browser.context.clearCookies();
    await signInAs(page, server.url, owner);
    const location = await apiAsPage<{ id: number }>(page, server.url, 'POST', '/api/locations', { code: 'AOYAMA', name: '青山店', kind: 'store' });
    await apiAsPage(page, server.url, 'POST', '/api/items', { name: MARKUP, category: 'ring', cost: 30_000, retailPrice: 80_000 });
    expect(location.id).toBeGreaterThan(0);
    // The screens load the locations once per sign-in, so the new one appears after a reload.
    await page.reload();

    // Roles: the built-in roles are read-only columns, and a custom role is added and deleted.
    await menu.getByRole('link', { name: 'ロールと権限' }).click();
    // Column headers only: the table repeats its titles in a hidden row that measures widths.
    const matrix = page.getByTestId('roles-matrix').getByRole('columnheader');
    await matrix.getByTestId('role-sales').getByText('販売スタッフ').waitFor();
    expect(await matrix.getByTestId('role-sales').getByRole('button').count()).toBe(0);
    await page.getByTestId('new-role').click();
    const roleForm = page.getByTestId('role-form');
    await roleForm.getByLabel('ロールコード').fill('store_lead');
    await roleForm.getByLabel('名前（日本語）').fill('店舗リーダー');
    await roleForm.getByLabel('名前（英語）').fill('Store lead');
    await roleForm.getByText('償却', { exact: true }).click();
    await page.getByRole('dialog').getByRole('button', { name: '保存' }).click();
    await matrix.getByTestId('role-store_lead').getByText('店舗リーダー').waitFor();
    await shot('01-roles');
    await matrix.getByTestId('role-store_lead').getByRole('button', { name: /削除/ }).click();
    await page.locator('.ant-popconfirm').getByRole('button', { name: '削除' }).click();
    await expect.poll(() => matrix.getByTestId('role-store_lead').count()).toBe(0);

    // Audit trail: the item's markup stays text in the before/after view, and filters apply.
    await menu.getByRole('link', { name: '操作履歴' }).click();
    const filters = page.getByTestId('audit-filters');
    // The action filter lists labelled actions and groups, such as every item action.
    await filters.getByLabel('操作').fill('商品（すべて）');
    await page.keyboard.press('Enter');
    await page.getByTestId('audit-search').click();
    const itemEvent = page.getByTestId('audit-table').getByRole('row').filter({ hasText: 'item.create' }).first();
    await itemEvent.click();
    await page.getByTestId('audit-after').filter({ hasText: MARKUP }).waitFor();
    expect(await page.locator('#root img[src="x"], #root b').count()).toBe(0);
    await shot('02-audit');
    await filters.getByLabel('操作').fill('ロール（すべて）');
    await page.keyboard.press('Enter');
    await page.getByTestId('audit-search').click();
    await page.getByTestId('audit-table').getByText('ロールの削除').waitFor();
    await page.getByTestId('audit-table').getByText('role.delete').waitFor();
    await page.getByTestId('audit-table').getByText('role.create').waitFor();
    expect(new URL(page.url()).searchParams.get('action')).toBe('role.');

    // The export downloads the filtered events as CSV.
    const download = page.waitForEvent('download');
    await page.getByTestId('audit-export').hover();
    await page.getByRole('menuitem', { name: 'UTF-8' }).click();
    const csv = readFileSync(await (await download).path(), 'utf8');
    expect(csv).toContain('role.create');
    expect(csv).not.toContain('item.create');

    // Profile: name and default location are saved, and a wrong current password is rejected in place.
    await page.getByTestId('user-menu').click();
    await page.getByTestId('menu-profile').click();
    const profile = page.getByTestId('profile-form');
    await profile.getByLabel('表示名').fill('青山 太郎');
    await profile.getByTestId('profile-default-location').click();
    await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option').filter({ hasText: 'AOYAMA 青山店' }).click();
    await profile.getByRole('button', { name: '保存' }).click();
    await page.getByTestId('user-menu').filter({ hasText: '青山 太郎' }).waitFor();
    const password = page.getByTestId('password-form');
    await password.getByLabel('現在のパスワード').fill('not-my-password-at-all');
    await password.getByLabel('新しいパスワード', { exact: true }).fill('hisui-sango-kohaku-2027');
    await password.getByLabel('新しいパスワード（確認）').fill('hisui-sango-kohaku-2027');
    await password.getByRole('button', { name: 'パスワードを変更' }).click();
    await page.getByText('現在のパスワードが正しくありません', { exact: false }).first().waitFor();
    await shot('03-profile');

    // The default location is preselected on a stock slip.
    await menu.getByRole('link', { name: '償却' }).click();
    await page.getByTestId('write-off-form').getByText('AOYAMA 青山店').waitFor();

    // The language picked on the profile applies at once.
    await page.getByTestId('user-menu').click();
    await page.getByTestId('menu-profile').click();
    await page.getByTestId('profile-language').getByText('English').click();
    await page.getByRole('heading', { name: 'Profile' }).waitFor();
    await menu.getByRole('link', { name: 'Audit trail' }).waitFor();
    await page.getByTestId('profile-language').getByText('日本語').click();
    await page.getByRole('heading', { name: 'プロフィール' }).waitFor();

    // Company settings carry the switch for staff limited to some locations.
    await menu.getByRole('link', { name: '会社設定' }).click();
    await page.getByTestId('company-see-other-locations').click();
    await page.getByTestId('company-form').getByRole('button', { name: '保存' }).click();
    await page.getByText('保存しました。').first().waitFor();

    expect(browser.pageErrors).toEqual([]);
  }, 120_000);
});
