import { describe, expect, it } from 'vitest';
import { apiAsPage, chooseOption, createTestUser, screenshot, signInAs, useBrowserTestEnvironment } from '../../../test/browser/harness.js';
import { testDatabaseKinds } from '../../../test/helpers/database.js';
import { createTestLocation, quantityAt, receiveTestItem } from '../../../test/helpers/factories.js';
import { encodeCp932 } from '../item-csv/encoding.js';

// Consignment out in Japanese: two pieces scanned onto a delivery note to a department
// store, its sales report imported from a CP932 CSV (one sale, one piece left out), and
// the aging list showing the piece still out. One database kind is enough, because the
// screens do not depend on it.

const kind = testDatabaseKinds()[0]!;

describe(`consignment-out screens [${kind}]`, () => {
  const environment = useBrowserTestEnvironment(kind);

  it('sends pieces and imports a report', async () => {
    const { server, browser } = environment;
    const { page } = browser;
    const db = server.database.db;
    const owner = await createTestUser(server, 'consignment-out-owner');
    const store = await createTestLocation(db, { name: '銀座本店' });
    const sold = await receiveTestItem(db, { locationId: store.id, name: 'K18 ダイヤモンド リング', retailPrice: 198_000 });
    const unsold = await receiveTestItem(db, { locationId: store.id, name: 'Pt900 パール ネックレス', retailPrice: 88_000 });
    const theirs = await receiveTestItem(db, { locationId: store.id, name: '受託 エメラルド リング' });
    await db.updateTable('items').set({ ownership: 'consignment_in' }).where('id', '=', theirs.id).execute();
    await signInAs(page, server.url, owner);
    const consignee = await apiAsPage<{ id: number }>(page, server.url, 'POST', '/api/consignment-out/consignees', {
      code: 'MITSU',
      name: '三越 宝飾売場',
      kind: 'department_store',
    });
    await apiAsPage(page, server.url, 'POST', '/api/consignment-out/agreements', { consigneeId: consignee.id, terms: 'rate', ratePercent: 25, startsOn: '2026-01-01' });
    // Reload so the screens' location list includes the consignee's new partner location.
    await page.reload();
    await page.getByTestId('side-menu').waitFor();

    // Send both pieces by scanning their tags.
    await page.getByTestId('side-menu').getByText('委託品の送付', { exact: true }).click();
    const form = page.getByTestId('consignment-send-form');
    await chooseOption(page, form.getByLabel('委託先'), '三越', '三越 宝飾売場');
    await chooseOption(page, form.getByLabel('契約'), '', '手数料率 25%');
    await chooseOption(page, form.getByLabel('送り元の拠点'), '銀座', '銀座本店');

    // The consignee's own partner location is not offered as the from location.
    await form.getByLabel('送り元の拠点').click();
    await page.locator('.ant-select-item-option').filter({ hasText: '銀座本店' }).waitFor();
    expect(await page.locator('.ant-select-item-option').filter({ hasText: 'P-MITSU' }).count()).toBe(0);
    await page.keyboard.press('Escape');

    // A consigned-in piece is rejected with its reason when scanned.
    await page.getByTestId('scan-input').fill(theirs.stock_number);
    await page.getByTestId('scan-input').press('Enter');
    await page.getByText(`${theirs.stock_number} は受託品`).waitFor();
    expect(await page.getByTestId('send-lines').getByText(theirs.stock_number).count()).toBe(0);
    for (const piece of [sold, unsold]) {
      await page.getByTestId('scan-input').fill(piece.stock_number);
      await page.getByTestId('scan-input').press('Enter');
      await page.getByTestId('send-lines').getByText(piece.stock_number).waitFor();
    }
    await screenshot(page, 'consignment-out-send');
    await page.getByTestId('send-submit').click();
    await page.locator('.ant-popconfirm').getByRole('button', { name: '送付する' }).click();
    await page.getByTestId('notes-table').getByText('三越 宝飾売場').waitFor();
    expect(await quantityAt(db, sold.id, store.id)).toBe(0);

    // Import the department store's report: one sale at ¥180,000.
    await page.getByTestId('side-menu').getByText('委託先の販売報告', { exact: true }).click();
    await chooseOption(page, page.getByTestId('report-header-form').getByLabel('委託先'), '三越', '三越 宝飾売場');
    await page.getByRole('tab', { name: 'CSV 取り込み' }).click();
    // The sale date is empty, so it is the report date: today, the day the pieces were sent.
    const csv = encodeCp932(`在庫番号,区分,販売日,販売価格（税込）\r\n${sold.stock_number},販売,,180000\r\n`);
    await page.locator('input[type=file]').setInputFiles({ name: 'mitsukoshi-report.csv', mimeType: 'text/csv', buffer: csv });
    await page.getByTestId('report-preview').click();
    // 180,000 × 25 % = 45,000 commission, so 135,000 receivable.
    await page.getByTestId('report-preview-result').getByText('1 行を取り込めます。').waitFor();
    await page.getByTestId('report-preview-result').getByText('¥135,000').first().waitFor();
    await screenshot(page, 'consignment-out-import-preview');
    await page.getByTestId('report-commit').click();
    await page.getByTestId('reports-table').getByText('CSV').waitFor();
    const item = await db.selectFrom('items').select('status').where('id', '=', sold.id).executeTakeFirstOrThrow();
    expect(item.status).toBe('sold');

    // The aging list shows the necklace still out.
    await page.getByTestId('side-menu').getByText('委託品の滞留', { exact: true }).click();
    const aging = page.getByTestId('aging-table');
    await aging.getByText(unsold.stock_number).waitFor();
    expect(await aging.getByText(sold.stock_number).count()).toBe(0);
    await page.getByTestId('bucket-0_30').getByText('1 点').waitFor();
    await screenshot(page, 'consignment-out-aging');
    expect(browser.pageErrors).toEqual([]);
  }, 180_000);
});
