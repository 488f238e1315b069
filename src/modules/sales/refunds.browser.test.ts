import { describe, expect, it } from 'vitest';
import { apiAsPage, chooseOption, createTestUser, screenshot, signInAs, useBrowserTestEnvironment } from '../../../test/browser/harness.js';
import { testDatabaseKinds } from '../../../test/helpers/database.js';
import { receiveTestItem, uniqueCode } from '../../../test/helpers/factories.js';
import salesJa from '../../../web/src/i18n/sales.ja.json' with { type: 'json' };

// A partial refund (一部返金) on the sale detail screen in Japanese: the dialog shows the
// refundable limit, records a cash refund, lists it, and shows the server's message when a
// card refund exceeds what the sale paid by card. One database kind is enough, because the
// screen does not depend on it.

const kind = testDatabaseKinds()[0]!;

describe(`partial refund screen [${kind}]`, () => {
  const environment = useBrowserTestEnvironment(kind);

  it('refunds part of a line', async () => {
    const { server, browser } = environment;
    const { page } = browser;
    const db = server.database.db;
    const main = await db.selectFrom('locations').select('id').where('code', '=', 'MAIN').executeTakeFirstOrThrow();
    const register = await db.selectFrom('registers').select('id').where('location_id', '=', main.id).orderBy('id').executeTakeFirstOrThrow();
    const ring = await receiveTestItem(db, { locationId: main.id, stockNumber: uniqueCode('RING'), name: 'サファイアリング K18', retailPrice: 55_000 });
    const owner = await createTestUser(server, 'refunder');
    await signInAs(page, server.url, owner);

    const sale = await apiAsPage<{ id: number }>(page, server.url, 'POST', '/api/sales', {
      registerId: register.id,
      lines: [{ itemId: ring.id }],
      payments: [{ method: 'cash', amount: 55_000 }],
    });
    await page.goto(`${server.url}/sales/${sale.id}`);

    // The whole line is still paid for, so the limit is its ¥55,000.
    await page.getByTestId(`sale-refund-${ring.stock_number}`).click();
    await page.getByTestId('partial-refund-limit').filter({ hasText: '¥55,000' }).waitFor();
    await page.getByTestId('partial-refund-amount').fill('5500');
    await page.getByTestId('partial-refund-reason').fill('後日見つかった小傷');
    await screenshot(page, 'sales-partial-refund-dialog');
    await page.getByTestId('partial-refund-submit').click();

    const list = page.getByTestId('sale-partial-refunds');
    await list.getByText('-¥5,500').waitFor();
    expect(await list.innerText()).toContain('後日見つかった小傷');
    expect(await list.innerText()).toContain(salesJa.payments.method.cash);

    // The sale was paid in cash, so a card refund of the rest is rejected with the server's reason.
    await page.getByTestId(`sale-refund-${ring.stock_number}`).click();
    await page.getByTestId('partial-refund-limit').filter({ hasText: '¥49,500' }).waitFor();
    await page.getByTestId('partial-refund-amount').fill('1000');
    await chooseOption(page, page.getByTestId('partial-refund-method'), '', salesJa.payments.method.card);
    await page.getByTestId('partial-refund-reason').fill('価格保証');
    await page.getByTestId('partial-refund-submit').click();
    await page.getByTestId('partial-refund-error').filter({ hasText: '0円' }).waitFor();
    await screenshot(page, 'sales-partial-refund-rejected');

    // An amount above the limit stays as typed and is reported with the limit, not cut to fit.
    await page.getByTestId('partial-refund-amount').fill('90000');
    await page.getByTestId('partial-refund-reason').click();
    expect(await page.getByTestId('partial-refund-amount').inputValue()).toBe('90000');
    await page.getByTestId('partial-refund-submit').click();
    await page.getByTestId('partial-refund-error').filter({ hasText: '¥49,500' }).waitFor();

    const refunds = await db.selectFrom('sale_refunds').select(['amount', 'method']).where('sale_id', '=', sale.id).execute();
    expect(refunds.map((refund) => [Number(refund.amount), refund.method])).toEqual([[5_500, 'cash']]);
  }, 180_000);
});
