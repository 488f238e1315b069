import { describe, expect, it } from 'vitest';
import { chooseOption, createTestUser, screenshot, signInAs, useBrowserTestEnvironment } from '../../../test/browser/harness.js';
import { testDatabaseKinds } from '../../../test/helpers/database.js';
import { createConsignedPiece, createTestConsignor, recordSoldLine, soldLine } from './statement.fixture.js';

// The settlement statement screens in Japanese: issue November's statement for a consignor
// from the list, read the amount owed on the statement, and mark it paid. One database kind
// is enough, because the screens do not depend on it.

const kind = testDatabaseKinds()[0]!;

describe(`settlement statement screens [${kind}]`, () => {
  const environment = useBrowserTestEnvironment(kind);

  it('issues, shows and pays a statement', async () => {
    const { server, browser } = environment;
    const { page } = browser;
    const db = server.database.db;

    // A ¥55,000 ring sold with a ¥5,000 discount, then refunded ¥10,000: 20 % of ¥40,000 is
    // ¥8,000, so the consignor is owed ¥32,000. A brooch stays held.
    const consignor = await createTestConsignor(db, { name: '山田貴金属' });
    const ring = await createConsignedPiece(db, consignor, 'プラチナ ダイヤモンドリング', 55_000);
    await createConsignedPiece(db, consignor, 'カメオ ブローチ', 88_000);
    await recordSoldLine(db, ring, `test_line:${ring}`, '2026-11-10', soldLine(55_000, { discountAmount: 5_000 }));
    await recordSoldLine(db, ring, `test_line:${ring}`, '2026-11-20', soldLine(55_000, { discountAmount: 5_000, refundAmount: 10_000 }));

    const owner = await createTestUser(server, 'settlement-owner');
    await signInAs(page, server.url, owner);
    await page.getByTestId('side-menu').getByText('精算書', { exact: true }).click();
    await page.getByTestId('issue-statement').click();

    const form = page.getByTestId('issue-statement-form');
    await chooseOption(page, form.getByLabel('委託者'), '山田', '山田貴金属');
    await page.getByTestId('issue-due-summary').getByText('未精算 2 件（¥32,000）').waitFor();
    await chooseOption(page, form.getByLabel('精算期間'), '', '2026-11-01 〜 2026-11-30');
    await screenshot(page, 'settlement-issue');
    await page.getByRole('button', { name: '発行する' }).click();

    // The new statement opens with the hand-computed figures.
    const amountOwed = page.getByTestId('statement-amount-owed');
    await amountOwed.getByText('¥32,000').waitFor();
    const lines = page.getByTestId('statement-lines');
    const ringRow = lines.getByRole('row').filter({ hasText: 'プラチナ ダイヤモンドリング' });
    await ringRow.getByText('¥40,000').waitFor();
    await ringRow.getByText('¥8,000').waitFor();

    // The consignor bears discounts here, so the shop bears none, and the totals still show the row.
    const totals = page.getByTestId('statement-totals');
    await totals.getByText('当店負担の値引').waitFor();
    expect(await totals.locator('tr', { hasText: '当店負担の値引' }).innerText()).toContain('¥0');
    await page.getByTestId('statement-held').getByText('カメオ ブローチ').waitFor();
    await page.getByTestId('statement-fields').getByText('2026-11-01 〜 2026-11-30').waitFor();
    await screenshot(page, 'settlement-statement');

    // Mark it paid with a transfer number.
    await page.getByTestId('pay-statement').click();
    await page.getByTestId('pay-reference').fill('振込 0042');
    await page.getByRole('dialog').getByRole('button', { name: '支払済みにする' }).click();
    await page.getByTestId('statement-paid').getByText('振込 0042').waitFor();
    expect(await page.getByTestId('pay-statement').count()).toBe(0);
    const stored = await db.selectFrom('consignment_statements').select(['number', 'status', 'paid_reference', 'amount_owed']).where('consignor_id', '=', consignor.consignorId).executeTakeFirstOrThrow();
    expect(stored.status).toBe('paid');
    expect(stored.paid_reference).toBe('振込 0042');
    expect(Number(stored.amount_owed)).toBe(32_000);
    await screenshot(page, 'settlement-paid');

    // The list shows it as paid.
    await page.getByRole('button', { name: '精算書一覧へ' }).click();
    const listRow = page.getByTestId('statements-table').getByRole('row').filter({ hasText: '山田貴金属' });
    await listRow.getByText('支払済み').waitFor();
    await listRow.getByText('¥32,000').waitFor();

    // In English the statement's title is singular, with its number.
    await page.goBack();
    await page.getByTestId('language-switch').getByText('English').click();
    await page.getByRole('heading', { name: `Settlement statement ${stored.number}`, exact: true }).waitFor();
    await page.getByTestId('statement-totals').getByText('Discounts borne by the shop').waitFor();

    expect(browser.pageErrors).toEqual([]);
  }, 180_000);
});
