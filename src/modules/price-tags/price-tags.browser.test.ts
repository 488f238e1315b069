import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { apiAsPage, createTestUser, screenshot, signInAs, useBrowserTestEnvironment } from '../../../test/browser/harness.js';
import { testDatabaseKinds } from '../../../test/helpers/database.js';
import { createTestLocation, createTestSupplier } from '../../../test/helpers/factories.js';

// Price tags on the screens: printing every piece of a purchase receipt downloads the file,
// and a piece whose price changes afterwards shows a warning and joins the reprint list until
// its tag is printed again. One database kind is enough, because the screens do not depend on it.

const kind = testDatabaseKinds()[0]!;

interface PurchaseReply {
  id: number;
  number: string;
  lines: Array<{ itemId: number; item: { stockNumber: string } }>;
}

/**
 * Chooses a template in the print dialog by a part of its label and waits until the select
 * shows it. A click that lands while the dropdown is still opening is tried again.
 */
async function chooseTemplate(page: Page, label: string): Promise<void> {
  const select = page.getByTestId('print-tags-template');
  for (let attempt = 1; ; attempt += 1) {
    await select.click();
    await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option').filter({ hasText: label }).click();
    try {
      await select.getByText(label, { exact: false }).waitFor({ timeout: 5_000 });
      return;
    } catch (error) {
      if (attempt === 3) throw error;
    }
  }
}

describe(`price tag screens [${kind}]`, () => {
  const environment = useBrowserTestEnvironment(kind);

  it('prints tags and lists a repriced piece', async () => {
    const { server, browser } = environment;
    const { page } = browser;
    const owner = await createTestUser(server, 'tags-owner');
    const supplier = await createTestSupplier(server.database.db);
    const store = await createTestLocation(server.database.db, { name: '銀座本店' });
    const ring = { name: 'Pt900 ダイヤリング', category: 'ring', metal: 'PT900', cost: 0, retailPrice: 198_000 };

    await signInAs(page, server.url, owner);
    const purchase = await apiAsPage<PurchaseReply>(page, server.url, 'POST', '/api/purchases', {
      supplierId: supplier.id,
      locationId: store.id,
      purchasedOn: '2026-11-20',
      lines: [
        { item: ring, quantity: 1, unitCost: 60_000 },
        { item: { name: 'K18 ネックレス', category: 'necklace', metal: 'K18', cost: 0, retailPrice: 88_000 }, quantity: 1, unitCost: 30_000 },
      ],
    });
    const [ringLine, necklaceLine] = purchase.lines;

    // Company screen: an invalid cost cipher is rejected under its field, a valid one saved in capitals.
    await page.goto(`${server.url}/company`);
    const cipher = page.getByTestId('company-cost-cipher');
    await cipher.fill('blackhors');
    await page.getByTestId('company-form').getByRole('button', { name: '保存' }).click();
    await page.getByTestId('company-form').getByText('原価コードの暗号「blackhors」は使えません。', { exact: false }).waitFor();
    await cipher.fill('blackhorse');
    await page.getByTestId('company-form').getByRole('button', { name: '保存' }).click();
    await page.waitForFunction(() => (document.querySelector('[data-testid="company-cost-cipher"]') as HTMLInputElement | null)?.value === 'BLACKHORSE');
    const settings = await server.database.db.selectFrom('company_settings').select('cost_cipher').where('id', '=', 1).executeTakeFirstOrThrow();
    expect(settings.cost_cipher).toBe('BLACKHORSE');

    // Receipt screen: the dialog shows the sizes, and OK downloads one PDF for both pieces.
    await page.goto(`${server.url}/purchases/${purchase.id}`);
    await page.getByTestId('purchase-print-tags').click();
    await page.getByTestId('print-tags-summary').filter({ hasText: '2 点' }).waitFor();
    await chooseTemplate(page, '38.1 × 21.2 mm、1 ページ 65 枚');
    await screenshot(page, 'price-tags-dialog');
    const receiptDownload = page.waitForEvent('download');
    await page.getByTestId('print-tags-ok').click();
    const receiptFile = await receiptDownload;
    expect(receiptFile.suggestedFilename()).toBe(`price-tags-${purchase.number}-a4-65.pdf`);
    expect(readFileSync(await receiptFile.path()).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    await page.getByText('2 点の値札のファイルをダウンロードしました。').waitFor();

    // Item list: a selected row prints as ZPL, with the cost code of the cipher (¥30,000 is CBBBB).
    await page.goto(`${server.url}/items?q=${necklaceLine!.item.stockNumber}`);
    const listRow = page.getByRole('row').filter({ has: page.getByRole('link', { name: necklaceLine!.item.stockNumber }) });
    await listRow.getByRole('checkbox').check();
    await page.getByTestId('items-print-tags').filter({ hasText: '選択した 1 点の値札を印刷' }).click();
    // The dialog remembers the A4 sheet, which prints as PDF only, so a Zebra roll is chosen for ZPL.
    await chooseTemplate(page, 'Zebra 203 dpi');
    await page.getByTestId('print-tags-format').getByText('ZPL', { exact: false }).click();
    const listDownload = page.waitForEvent('download');
    await page.getByTestId('print-tags-ok').click();
    const listZpl = readFileSync(await (await listDownload).path(), 'utf8');
    expect(listZpl.startsWith('^XA')).toBe(true);
    expect(listZpl).toContain('CBBBB');

    // A price change makes the tag stale: a warning on the item and a row in the reprint list.
    await apiAsPage(page, server.url, 'PUT', `/api/items/${ringLine!.itemId}`, { ...ring, cost: 60_000, retailPrice: 220_000 });
    await page.goto(`${server.url}/items/${ringLine!.itemId}`);
    const warning = page.getByTestId('item-tag-stale');
    await warning.getByText('値札には ¥198,000 と印字されていますが、現在の価格は ¥220,000（税込）です。').waitFor();
    await screenshot(page, 'price-tags-stale-item');

    await page.getByTestId('side-menu').getByText('値札', { exact: true }).click();
    const table = page.getByTestId('reprint-table');
    const row = table.getByRole('row').filter({ has: page.getByRole('link', { name: ringLine!.item.stockNumber }) });
    await row.getByText('¥220,000').waitFor();
    await row.getByText('¥198,000').waitFor();
    await row.getByText('銀座本店').waitFor();
    await screenshot(page, 'price-tags-reprints');

    // Selecting all and printing as ZPL empties the list; the dialog remembers the Zebra roll.
    await page.getByTestId('reprint-select-all').click();
    await page.getByTestId('reprint-print').filter({ hasText: '選択した 1 点の値札を印刷' }).click();
    await page.getByTestId('print-tags-template').getByText('Zebra 203 dpi', { exact: false }).waitFor();
    await page.getByTestId('print-tags-format').getByText('ZPL', { exact: false }).click();
    const reprintDownload = page.getByTestId('print-tags-ok').click().then(() => undefined);
    const reprintFile = await page.waitForEvent('download');
    await reprintDownload;
    expect(reprintFile.suggestedFilename()).toMatch(/^price-tags-\d{4}-\d{2}-\d{2}-zebra-203-50x25\.zpl$/);
    expect(readFileSync(await reprintFile.path(), 'utf8')).toContain(ringLine!.item.stockNumber);
    await table.getByText('再発行が必要な値札はありません。').waitFor();

    const events = await server.database.db
      .selectFrom('audit_events')
      .select('detail_json')
      .where('action', '=', 'price_tag.print')
      .where('entity_id', '=', String(ringLine!.itemId))
      .orderBy('id')
      .execute();
    expect(events.map((event) => JSON.parse(event.detail_json!).reprint)).toEqual([false, true]);
    expect(browser.pageErrors).toEqual([]);
  }, 240_000);
});
