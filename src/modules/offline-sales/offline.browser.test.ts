import { describe, expect, it } from 'vitest';
import { createTestUser, screenshot, signInAs, useBrowserTestEnvironment } from '../../../test/browser/harness.js';
import { testDatabaseKinds } from '../../../test/helpers/database.js';
import { quantityAt, receiveTestItem, uniqueCode } from '../../../test/helpers/factories.js';
import offlineJa from '../../../web/src/i18n/offline.ja.json' with { type: 'json' };
import salesJa from '../../../web/src/i18n/sales.ja.json' with { type: 'json' };

// The counter screen with the network cut by the browser (Playwright's setOffline). A piece
// is scanned from the device's catalogue and sold, and the sale waits on the device as not
// sent. When the network is back, it is sent and appears as a recorded sale. One database
// kind is enough, because offline-sales.test.ts runs the server side on both.

const kind = testDatabaseKinds()[0]!;

describe(`offline counter sales [${kind}]`, () => {
  const environment = useBrowserTestEnvironment(kind);

  it('queues a sale offline and sends it', async () => {
    const { server, browser } = environment;
    const { page, context, pageErrors } = browser;
    const db = server.database.db;
    const main = await db.selectFrom('locations').select('id').where('code', '=', 'MAIN').executeTakeFirstOrThrow();
    const register = await db.selectFrom('registers').select('id').where('location_id', '=', main.id).orderBy('id').executeTakeFirstOrThrow();
    const ring = await receiveTestItem(db, { locationId: main.id, stockNumber: uniqueCode('OFF'), name: 'パールリング K18', retailPrice: 66_000, taxRatePercent: 10 });
    const owner = await createTestUser(server, 'offline-owner');

    await signInAs(page, server.url, owner);
    await page.getByTestId('side-menu').getByText(salesJa.sales.nav.register, { exact: true }).click();
    await page.getByTestId('scan-input').waitFor();
    // The device keeps the register's catalogue while online.
    await expect
      .poll(() => page.evaluate((key) => window.localStorage.getItem(key) ?? '', `tsunagu.offline.catalogue.${register.id}`))
      .toContain(ring.stock_number);

    // A price raised on the server after the catalogue was stored does not change the sale.
    await db.updateTable('items').set({ retail_price: 70_000 }).where('id', '=', ring.id).execute();
    await context.setOffline(true);
    await page.getByTestId('offline-banner').filter({ hasText: offlineJa.offline.banner }).waitFor();

    // The scan and the totals work from the device: ¥66,000 includes ¥6,000 tax at 10 %.
    await page.getByTestId('scan-input').fill(ring.stock_number);
    await page.getByTestId('scan-input').press('Enter');
    await page.getByTestId('cart').getByText(ring.stock_number).waitFor();
    await page.getByTestId('sale-totals').getByTestId('sale-totals-total').filter({ hasText: '¥66,000' }).waitFor();
    expect(await page.getByTestId('sale-totals-tax').innerText()).toBe('¥6,000');
    await page.getByTestId('sale-payments-add-cash').click();
    await page.getByTestId('sale-payments-remaining').filter({ hasText: '¥0' }).waitFor();
    await screenshot(page, 'offline-01-cart');

    await page.keyboard.press('Control+Enter');
    await page.getByTestId('offline-saved-title').filter({ hasText: offlineJa.offline.savedTitle }).waitFor();
    expect(await page.getByTestId('offline-saved-status').innerText()).toBe(offlineJa.offline.pending);
    expect(await quantityAt(db, ring.id, main.id)).toBe(1);
    await page.getByTestId('sale-next').click();

    const queued = page.getByTestId('offline-queued');
    await queued.filter({ hasText: ring.stock_number }).waitFor();
    expect(await queued.getAttribute('data-status')).toBe('pending');
    // The device took the piece out of its catalogue, so it cannot sell it a second time.
    await page.getByTestId('scan-input').fill(ring.stock_number);
    await page.getByTestId('scan-input').press('Enter');
    await page.getByTestId('scan-error').filter({ hasText: ring.stock_number }).waitFor();
    await screenshot(page, 'offline-02-queued');

    await context.setOffline(false);
    const result = page.getByTestId('offline-result').filter({ hasText: /S-/ });
    await result.waitFor();
    expect(await result.getAttribute('data-outcome')).toBe('recorded');
    await page.getByTestId('offline-banner').waitFor({ state: 'detached' });
    await expect.poll(() => page.getByTestId('offline-queued').count()).toBe(0);
    const saleNumber = /(S-\d{4}-\d+)/.exec(await result.innerText())?.[1];
    expect(saleNumber).toBeDefined();
    expect(await quantityAt(db, ring.id, main.id)).toBe(0);
    const sale = await db.selectFrom('sales').select(['total', 'tax_total']).where('number', '=', saleNumber!).executeTakeFirstOrThrow();
    expect(sale).toEqual({ total: 66_000, tax_total: 6_000 });
    await screenshot(page, 'offline-03-sent');

    // The sale is in the sales list, and the offline sales list shows where it came from.
    await page.getByTestId('side-menu').getByText(salesJa.sales.nav.list, { exact: true }).click();
    await page.getByText(saleNumber!, { exact: true }).first().waitFor();
    await page.getByTestId('side-menu').getByText(offlineJa.offline.nav.list, { exact: true }).click();
    const row = page.getByTestId('offline-sales').locator('tbody tr').filter({ hasText: saleNumber! });
    await row.waitFor();
    expect(await row.innerText()).toContain(offlineJa.offline.outcome.recorded);
    await screenshot(page, 'offline-04-list');

    expect(pageErrors).toEqual([]);
  }, 180_000);
});
