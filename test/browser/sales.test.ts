import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Location } from '../../src/db/schema.js';
import ja from '../../web/src/i18n/ja.json' with { type: 'json' };
import salesJa from '../../web/src/i18n/sales.ja.json' with { type: 'json' };
import { testDatabaseKinds } from '../helpers/database.js';
import { quantityAt, receiveTestItem, uniqueCode } from '../helpers/factories.js';
import { createTestUser, RESULTS_DIR, screenshot, signInAs, useBrowserTestEnvironment } from './harness.js';

// A full counter sale through the web UI. Tags are typed into the scan box as a USB scanner
// does, then come a line discount, a card and cash split with change, the receipt, and a
// return of one line that puts the piece back in stock. It runs once per database kind,
// because the sale takes stock with SQL that differs between the two.

/** Fills the {{name}} placeholders of a translation, as i18next does. */
function fill(text: string, values: Record<string, string | number>): string {
  return text.replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(values[name]));
}

for (const kind of testDatabaseKinds()) {
  describe(`counter sales UI [${kind}]`, () => {
    const environment = useBrowserTestEnvironment(kind);

    it('sells, prints and takes a return', async () => {
      const { server, browser } = environment;
      const { page, context } = browser;
      const db = server.database.db;
      const shot = (step: string) => screenshot(page, `sales-${kind}-${step}`);
      const menu = page.getByTestId('side-menu');

      // The main store and its first register come with every new database.
      const main = (await db.selectFrom('locations').selectAll().where('code', '=', 'MAIN').executeTakeFirstOrThrow()) as Location;
      const ring = await receiveTestItem(db, { locationId: main.id, stockNumber: uniqueCode('RING'), name: 'ダイヤモンドリング Pt900', retailPrice: 132_000, taxRatePercent: 10 });
      const sweets = await receiveTestItem(db, { locationId: main.id, stockNumber: uniqueCode('GIFT'), name: 'ギフト用焼き菓子', category: 'other', metal: null, retailPrice: 5_400, taxRatePercent: 8 });
      const owner = await createTestUser(server, 'owner');

      await signInAs(page, server.url, owner);
      await menu.getByText(salesJa.sales.nav.register, { exact: true }).click();
      const scan = page.getByTestId('scan-input');
      await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('scan-input');

      // A scanner types into whatever has the focus, then Enter.
      await page.keyboard.type('NO-SUCH-TAG');
      await page.keyboard.press('Enter');
      await page.getByTestId('scan-error').filter({ hasText: 'NO-SUCH-TAG' }).waitFor();
      expect(await scan.inputValue()).toBe('');
      await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('scan-input');

      await page.keyboard.type(ring.stock_number);
      await page.keyboard.press('Enter');
      await page.getByTestId('cart').getByText(ring.stock_number).waitFor();
      await page.keyboard.type(sweets.stock_number);
      await page.keyboard.press('Enter');
      await page.getByTestId('cart').getByText(sweets.stock_number).waitFor();

      // A unique piece goes in the cart once only.
      await page.keyboard.type(ring.stock_number);
      await page.keyboard.press('Enter');
      await page.getByTestId('scan-error').filter({ hasText: fill(salesJa.sales.alreadyInCart, { stockNumber: ring.stock_number }) }).waitFor();
      await expect.poll(() => page.getByTestId('cart').locator('tbody tr[data-stock-number]').count()).toBe(2);

      // 10 % off the ring: ¥132,000 → ¥118,800. Tax per rate, from the server, is
      // 118,800 × 10/110 = ¥10,800 and 5,400 × 8/108 = ¥400. The total is ¥124,200.
      await page.getByTestId('cart-discount-0-unit').click();
      await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option').filter({ hasText: '%' }).click();
      await page.getByTestId('cart-discount-0-amount').fill('10');
      const totals = page.getByTestId('sale-totals');
      await totals.getByTestId('sale-totals-total').filter({ hasText: '¥124,200' }).waitFor();
      expect(await totals.getByTestId('sale-totals-rate-10').innerText()).toContain('¥118,800');
      expect(await totals.getByTestId('sale-totals-rate-10').innerText()).toContain('¥10,800');
      expect(await totals.getByTestId('sale-totals-rate-8').innerText()).toContain('¥5,400');
      expect(await totals.getByTestId('sale-totals-rate-8').innerText()).toContain('¥400');
      expect(await totals.getByTestId('sale-totals-tax').innerText()).toBe('¥11,200');

      // ¥100,000 by card and the rest in cash, with ¥30,000 handed over: change ¥5,800.
      await page.getByTestId('sale-payments-add-card').click();
      await page.getByTestId('sale-payments-amount-0').fill('100000');
      await page.getByTestId('sale-payments-add-cash').click();
      await expect.poll(() => page.getByTestId('sale-payments-amount-1').inputValue()).toBe('24,200');
      await page.getByTestId('sale-payments-tendered-1').fill('30000');
      await page.getByTestId('sale-payments-remaining').filter({ hasText: '¥0' }).waitFor();
      expect(await page.getByTestId('sale-payments-change').innerText()).toBe('¥5,800');
      await shot('01-cart');

      await page.keyboard.press('Control+Enter');
      const title = page.getByTestId('sale-completed-title');
      await title.waitFor();
      const saleNumber = /([A-Z]+-\S+)/.exec(await title.innerText())?.[1];
      expect(saleNumber).toBeDefined();
      expect(await title.innerText()).toBe(fill(salesJa.sales.completedTitle, { number: saleNumber! }));
      expect(await page.getByTestId('sale-completed-change').innerText()).toBe('¥5,800');
      expect(await quantityAt(db, ring.id, main.id)).toBe(0);
      expect(await quantityAt(db, sweets.id, main.id)).toBe(0);
      await shot('02-completed');

      // The 80 mm receipt opens in a new window with the number and the tax per rate.
      const [receipt] = await Promise.all([context.waitForEvent('page'), page.getByTestId('receipt-80').click()]);
      await receipt.waitForLoadState();
      const receiptText = await receipt.locator('body').innerText();
      expect(receiptText).toContain(saleNumber!);
      expect(receiptText).toContain('10%対象');
      expect(receiptText).toContain('8%対象');
      expect(receiptText).toContain('¥10,800');
      expect(receiptText).toContain('¥400');
      await receipt.screenshot({ path: path.join(RESULTS_DIR, `sales-${kind}-03-receipt.png`), fullPage: true });
      await receipt.close();

      // The sale, then a return of the sweets to the main store.
      await page.getByTestId('sale-open').click();
      await page.getByTestId('sale-number').filter({ hasText: saleNumber! }).waitFor();
      expect(await page.getByTestId('sale-detail-totals-tax').innerText()).toBe('¥11,200');
      await page.getByTestId('sale-return').click();
      await page.getByTestId(`return-select-${sweets.stock_number}`).check();
      await page.getByTestId('return-total').filter({ hasText: '¥5,400' }).waitFor();
      await page.getByTestId('return-refunds-remaining').filter({ hasText: '¥0' }).waitFor();
      await page.getByTestId('return-reason').fill('贈答先の都合');
      await shot('04-return');
      await page.getByTestId('return-submit').click();
      const returnLink = page.getByTestId('sale-returns').getByRole('link');
      await returnLink.waitFor();
      const returnNumber = (await returnLink.innerText()).trim();
      expect(await page.getByTestId('sale-lines').locator('tr', { hasText: sweets.stock_number }).innerText()).toMatch(/\t0$/);
      await shot('05-returned');

      // The return is its own document, and the piece is back in stock at the main store.
      await returnLink.click();
      await page.getByTestId('sale-number').filter({ hasText: fill(salesJa.sales.returnHeading, { number: returnNumber }) }).waitFor();
      await page.getByTestId('sale-lines').getByText(sweets.stock_number).waitFor();
      expect(await quantityAt(db, sweets.id, main.id)).toBe(1);
      expect(await quantityAt(db, ring.id, main.id)).toBe(0);

      await page.goto(`${server.url}/items/${sweets.id}`);
      await page.getByTestId('item-balances').getByText(main.name).waitFor();

      // The list shows both documents for today.
      await menu.getByText(salesJa.sales.nav.list, { exact: true }).click();
      const table = page.getByTestId('sales-table');
      await table.getByRole('link', { name: returnNumber }).waitFor();
      // The sale's number links its own row and the return's original sale.
      expect(await table.getByRole('link', { name: saleNumber! }).count()).toBe(2);
      expect(await table.locator('tr', { hasText: returnNumber }).innerText()).toContain(salesJa.sales.kindReturn);
      await page.getByText(ja.csv.export).waitFor();
      await shot('06-list');

      expect(browser.pageErrors).toEqual([]);
    }, 180_000);
  });
}
