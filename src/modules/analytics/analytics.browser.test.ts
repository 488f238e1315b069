import { describe, expect, it } from 'vitest';
import { apiAsPage, chooseOption, createTestUser, screenshot, signInAs, useBrowserTestEnvironment } from '../../../test/browser/harness.js';
import { testDatabaseKinds } from '../../../test/helpers/database.js';
import { createTestLocation, receiveTestItem } from '../../../test/helpers/factories.js';
import { businessDate } from '../../shared/time.js';

// The analytics screens in Japanese, then English. Two rings are sold at the counter of one
// store through the API (¥198,000 and ¥55,000, tax included). The dashboard shows ¥253,000
// for today, the sales report shows the same figure in its table beside a drawn chart and
// exports it to Excel, and its headers turn English with the language switch. A company
// target of ¥1,000,000 for this month set in the grid shows 25.3 % achievement; the store's
// ¥500,000 target comes from a CSV whose mistyped first version is rejected on its line. The
// fiscal year start is changed on the settings screen after a bad aging threshold is rejected
// on its field. An accountant sees targets and settings read-only. One database kind is
// enough, because the screens do not depend on it.

const kind = testDatabaseKinds()[0]!;

describe(`analytics screens [${kind}]`, () => {
  const environment = useBrowserTestEnvironment(kind);

  it('shows sales, targets and settings', async () => {
    const { server, browser } = environment;
    const { page } = browser;
    const db = server.database.db;
    const owner = await createTestUser(server, 'analytics-owner');
    const store = await createTestLocation(db, { name: '表参道店' });
    const ring = await receiveTestItem(db, { locationId: store.id, name: 'K18 ダイヤモンド リング', retailPrice: 198_000 });
    const pendant = await receiveTestItem(db, { locationId: store.id, name: 'Pt900 パール ペンダント', retailPrice: 55_000 });
    await page.context().clearCookies();
    await signInAs(page, server.url, owner);

    const register = await db.selectFrom('registers').select('id').where('location_id', '=', store.id).orderBy('id').executeTakeFirstOrThrow();
    await apiAsPage(page, server.url, 'POST', '/api/sales', { registerId: register.id, lines: [{ itemId: ring.id }], payments: [{ method: 'card', amount: 198_000 }] });
    await apiAsPage(page, server.url, 'POST', '/api/sales', { registerId: register.id, lines: [{ itemId: pendant.id }], payments: [{ method: 'cash', amount: 55_000 }] });

    // The dashboard's today card and its table both show the day's ¥253,000.
    await page.getByTestId('side-menu').getByText('分析', { exact: true }).click();
    await page.getByTestId('side-menu').getByText('ダッシュボード', { exact: true }).click();
    await page.getByTestId('dashboard-today-card-sales').getByText('¥253,000').waitFor();
    await page.getByTestId('dashboard-today-table').getByRole('row').filter({ hasText: '表参道店' }).getByText('¥253,000').waitFor();
    await page.getByTestId('dashboard-daily-chart').locator('canvas').waitFor();
    await page.getByTestId('dashboard-daily').scrollIntoViewIfNeeded();
    await screenshot(page, 'analytics-dashboard-daily');

    // The sales report, split by location, has the same figure in its row and totals, and a chart.
    await page.getByTestId('side-menu').getByText('売上集計', { exact: true }).click();
    await chooseOption(page, page.getByTestId('sales-group-by').getByRole('combobox'), '', '店舗・拠点別');
    const table = page.getByTestId('sales-totals-table');
    await table.getByRole('row').filter({ hasText: '表参道店' }).getByText('¥253,000').first().waitFor();
    await page.getByTestId('sales-totals-totals').getByText('¥253,000').first().waitFor();
    await table.getByRole('columnheader', { name: '純売上（税込）' }).waitFor();
    const canvas = page.getByTestId('sales-chart').locator('canvas');
    await canvas.waitFor();
    expect((await canvas.boundingBox())?.height).toBeGreaterThan(100);
    expect(page.url()).toContain('groupBy=location');
    await screenshot(page, 'analytics-sales');

    // The Excel export is the same report with the same query.
    const download = page.waitForEvent('download');
    await page.getByTestId('export-sales-totals-xlsx').click();
    expect((await download).suggestedFilename()).toMatch(/^sales-totals-.*\.xlsx$/);

    // English headers after the language switch; the figures stay.
    await page.getByTestId('language-switch').getByText('English').click();
    await table.getByRole('columnheader', { name: 'Net sales (tax incl.)' }).waitFor();
    await page.getByRole('heading', { name: 'Sales totals' }).waitFor();
    await page.getByTestId('side-menu').getByText('Stock & consignment', { exact: true }).waitFor();
    await page.getByTestId('sales-totals-totals').getByText('¥253,000').first().waitFor();
    await page.getByTestId('language-switch').getByText('日本語').click();
    await table.getByRole('columnheader', { name: '純売上（税込）' }).waitFor();

    // A company target for this month shows the achievement so far: 253,000 / 1,000,000.
    await page.getByTestId('side-menu').getByText('売上目標', { exact: true }).click();
    const companyTarget = page.getByTestId('target-company:');
    await companyTarget.fill('1000000');
    await page.getByTestId('targets-save').click();
    await page.getByText('目標を保存しました。').waitFor();
    const companyRow = page.getByTestId('targets-company').getByRole('row').filter({ hasText: '全社' });
    await companyRow.getByText('25.3 %').waitFor();
    await companyRow.getByText('¥253,000').waitFor();
    // The grid takes the saved values after the figures re-render, so the input is polled.
    await expect.poll(() => companyTarget.inputValue(), { timeout: 10_000 }).toBe('1,000,000');

    // The store's target comes from a CSV: a mistyped amount is shown on its line, and the
    // corrected file is applied.
    const month = businessDate().slice(0, 7);
    const csv = (amount: string) => ({ name: 'targets.csv', mimeType: 'text/csv', buffer: Buffer.from(`month,scope,code,name,amount\n${month},location,${store.code},表参道店,${amount}\n`) });
    await page.getByTestId('targets-import').click();
    const dialog = page.getByRole('dialog');
    await dialog.locator('input[type=file]').setInputFiles(csv('50万'));
    const line = dialog.getByTestId('targets-import-preview').getByRole('row').filter({ hasText: /^2/ });
    await line.locator('.ant-typography-danger').first().waitFor();
    // The problem names its column and bad value, and its whole message wraps in the cell.
    const issue = line.getByTestId('targets-import-issue');
    await issue.getByText('amount', { exact: true }).waitFor();
    await issue.getByText('50万', { exact: true }).waitFor();
    await issue.getByText('空欄は目標の削除です。', { exact: false }).waitFor();
    await line.getByText('50万').first().waitFor();
    await screenshot(page, 'analytics-targets-import-error');
    expect(await page.getByTestId('targets-import-apply').isDisabled()).toBe(true);
    await dialog.locator('input[type=file]').setInputFiles(csv('500000'));
    await dialog.getByTestId('targets-import-preview').getByRole('row').filter({ hasText: '表参道店' }).getByText('取り込めます').waitFor();
    await page.getByTestId('targets-import-apply').click();
    await page.getByText('目標を取り込みました。').waitFor();
    const storeRow = page.getByTestId('targets-location').getByRole('row').filter({ hasText: '表参道店' });
    await storeRow.getByText('50.6 %').waitFor();
    await expect.poll(() => page.getByTestId(`target-location:${store.id}`).inputValue(), { timeout: 10_000 }).toBe('500,000');
    await screenshot(page, 'analytics-targets');

    // Settings: an aging threshold of 0 days is rejected on its field; then April becomes October.
    await page.getByTestId('side-menu').getByText('分析設定', { exact: true }).click();
    const settings = page.getByTestId('analytics-settings-form');
    await settings.getByLabel('長期在庫とみなす日数').fill('0');
    await page.getByTestId('analytics-settings-save').click();
    await settings.locator('.ant-form-item-explain-error').first().waitFor();
    await settings.getByLabel('長期在庫とみなす日数').fill('120');
    await chooseOption(page, settings.getByLabel('年度の開始月'), '', '10月');
    await page.getByTestId('analytics-settings-save').click();
    await page.getByText('保存しました。').waitFor();
    const saved = await page.request.get(`${server.url}/api/analytics/settings`);
    expect(await saved.json()).toMatchObject({ fiscalYearStartMonth: 10, agingThresholdDays: 120 });

    // "This fiscal year" on the sales report now starts in October.
    await page.getByTestId('side-menu').getByText('売上集計', { exact: true }).click();
    await page.getByTestId('period-preset').getByText('今期').click();
    const today = businessDate();
    const year = Number(today.slice(5, 7)) >= 10 ? Number(today.slice(0, 4)) : Number(today.slice(0, 4)) - 1;
    await expect.poll(() => page.url()).toContain('period=this_fiscal_year');
    await page.getByTestId('sales-totals-notes').getByText(`${year}-10-01`, { exact: false }).waitFor();

    // Back on the dashboard, the month's total is measured against the company's ¥1,000,000
    // target, because the owner sees every location; the store's row has its ¥500,000 target.
    await page.getByTestId('side-menu').getByText('ダッシュボード', { exact: true }).click();
    await page.getByTestId('dashboard-month-card').getByText('25.3 %', { exact: false }).waitFor();
    await page.getByTestId('dashboard-month-table').getByRole('row').filter({ hasText: '表参道店' }).getByText('¥500,000').waitFor();
    await page.getByTestId('dashboard-month-chart').locator('canvas').waitFor();
    await page.getByText('保存しました。').waitFor({ state: 'hidden' });
    await screenshot(page, 'analytics-dashboard');
    expect(browser.pageErrors).toEqual([]);
  }, 240_000);

  it('keeps targets read-only for accountants', async () => {
    const { server, browser } = environment;
    const { page } = browser;
    const accountant = await createTestUser(server, 'analytics-accountant', 'accountant');
    await page.context().clearCookies();
    await signInAs(page, server.url, accountant);

    await page.goto(`${server.url}/analytics/settings`);
    await page.getByTestId('analytics-settings-read-only').waitFor();
    expect(await page.getByTestId('analytics-settings-save').count()).toBe(0);
    expect(await page.getByTestId('analytics-settings-form').getByLabel('年度の開始月').isDisabled()).toBe(true);

    await page.goto(`${server.url}/analytics/targets`);
    await page.getByTestId('targets-read-only').waitFor();
    await page.getByTestId('targets-company').waitFor();
    expect(await page.getByTestId('targets-save').count()).toBe(0);
    expect(await page.getByTestId('targets-import').count()).toBe(0);
    expect(await page.getByTestId('target-company:').count()).toBe(0);
    expect(browser.pageErrors).toEqual([]);
  }, 120_000);

  it('hides consignment payables without consignment.settle', async () => {
    const { server, browser } = environment;
    const { page } = browser;
    const owner = await createTestUser(server, 'analytics-role-owner');
    await page.context().clearCookies();
    await signInAs(page, server.url, owner);
    const role = `analyst_${Date.now()}`;
    await apiAsPage(page, server.url, 'POST', '/api/roles', { code: role, nameJa: role, nameEn: role, permissions: ['reports.view', 'stock.view'] });
    const analyst = await createTestUser(server, 'analytics-analyst', role);
    await page.context().clearCookies();
    await signInAs(page, server.url, analyst);

    // The stock value and the pieces out on consignment show; the payables panel is not there at all.
    await page.goto(`${server.url}/analytics/inventory`);
    await page.getByTestId('inventory-value').waitFor();
    await page.getByTestId('consignment-out-outstanding').waitFor();
    expect(await page.getByTestId('consignment-payables').count()).toBe(0);
    expect(await page.locator('.ant-alert-error').count()).toBe(0);

    // The settings screen names the fiscal year's first month in English (October once the
    // first test has run, April on a fresh database).
    await page.getByTestId('language-switch').getByText('English').click();
    await page.goto(`${server.url}/analytics/settings`);
    const { fiscalYearStartMonth } = (await (await page.request.get(`${server.url}/api/analytics/settings`)).json()) as { fiscalYearStartMonth: number };
    const englishMonths = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
    await page.getByTestId('analytics-settings-form').getByText(englishMonths[fiscalYearStartMonth - 1]!, { exact: true }).waitFor();
    await screenshot(page, 'analytics-settings-en');
    expect(browser.pageErrors).toEqual([]);
  }, 120_000);
});
