import { describe, expect, it } from 'vitest';
import { apiAsPage, createTestUser, screenshot, signInAs, useBrowserTestEnvironment } from '../../../test/browser/harness.js';
import { testDatabaseKinds } from '../../../test/helpers/database.js';
import { createTestLocation, receiveTestItem } from '../../../test/helpers/factories.js';
import { domesticCheckDigit } from './tracking.js';

// The shipping screens in Japanese. A ring sold at the counter goes out as a parcel created
// through the API. On 出荷管理 it is marked packed from the list, and on its screen a tracking
// number with a wrong check digit is rejected on the field before the right one ships it. One
// database kind is enough, because the screens do not depend on it.

const kind = testDatabaseKinds()[0]!;

const RECIPIENT = {
  name: '山田 花子',
  postalCode: '100-0005',
  prefecture: '東京都',
  address1: '千代田区丸の内1-1-1',
  phone: '03-1234-5678',
};

describe(`shipping screens [${kind}]`, () => {
  const environment = useBrowserTestEnvironment(kind);

  it('packs and ships a parcel', async () => {
    const { server, browser } = environment;
    const { page } = browser;
    const db = server.database.db;
    const owner = await createTestUser(server, 'shipping-owner');
    const store = await createTestLocation(db, { name: '銀座本店' });
    const ring = await receiveTestItem(db, { locationId: store.id, name: 'K18 ダイヤモンド リング', retailPrice: 198_000 });
    await signInAs(page, server.url, owner);

    // The ring is sold at the counter and sent to the buyer by Yamato.
    const register = await db.selectFrom('registers').select('id').where('location_id', '=', store.id).orderBy('id').executeTakeFirstOrThrow();
    const sale = await apiAsPage<{ id: number }>(page, server.url, 'POST', '/api/sales', { registerId: register.id, lines: [{ itemId: ring.id }], payments: [{ method: 'card', amount: 198_000 }] });
    const shipment = await apiAsPage<{ id: number; number: string }>(page, server.url, 'POST', '/api/shipments', {
      sales: [{ saleId: sale.id }],
      recipient: RECIPIENT,
      carrier: 'yamato',
      service: 'hatsubarai',
    });

    // The list shows it waiting, and the bulk action marks it packed.
    await page.getByTestId('side-menu').getByText('出荷管理', { exact: true }).click();
    const table = page.getByTestId('shipments-table');
    const row = table.getByRole('row').filter({ hasText: shipment.number });
    await row.getByText('山田 花子').waitFor();
    await row.getByText('ヤマト運輸 / 発払い').waitFor();
    await row.getByRole('checkbox').check();
    await page.getByTestId('shipments-mark-packed').click();
    await page.getByText('1 件を「梱包済み」にしました。').waitFor();
    await expect.poll(() => table.getByRole('row').filter({ hasText: shipment.number }).count()).toBe(0);
    await page.getByTestId('shipment-tabs').getByRole('tab', { name: '梱包済み', exact: true }).click();
    await table.getByRole('row').filter({ hasText: shipment.number }).getByRole('link', { name: shipment.number }).click();
    await page.getByRole('heading').getByText(`出荷 ${shipment.number}`).waitFor();
    await page.getByTestId('shipment-status').getByText('梱包済み').waitFor();

    // A domestic number is 11 digits and their value modulo 7; one more is a misread digit.
    const first11 = '12345678901';
    const check = domesticCheckDigit(first11);
    const mistyped = `${first11}${(check + 1) % 7}`;
    const right = `${first11}${check}`;

    const form = page.getByTestId('ship-form');
    await page.getByTestId('ship-tracking-number').fill(mistyped);
    await page.getByTestId('ship-submit').click();
    await form.getByText(`送り状番号「${mistyped}」のチェックデジットが違います`, { exact: false }).waitFor();
    await page.getByTestId('shipment-status').getByText('梱包済み').waitFor();
    await screenshot(page, 'shipment-check-digit');

    await page.getByTestId('ship-tracking-number').fill(right);
    await page.getByTestId('ship-submit').click();
    await page.getByText('出荷済みにしました。', { exact: false }).waitFor();
    await page.getByTestId('shipment-status').getByText('出荷済み').waitFor();
    const link = page.getByTestId('shipment-tracking').getByRole('link', { name: right });
    await link.waitFor();
    expect(await link.getAttribute('href')).toContain(right);
    expect(await link.getAttribute('target')).toBe('_blank');
    expect(await link.getAttribute('rel')).toContain('noopener');
    await screenshot(page, 'shipment-shipped');

    // The list's 出荷済み tab links the number to the carrier's tracking page too.
    await page.getByRole('button', { name: '出荷管理へ戻る' }).click();
    await page.getByTestId('shipment-tabs').getByRole('tab', { name: '出荷済み', exact: true }).click();
    await table.getByRole('row').filter({ hasText: shipment.number }).getByRole('link', { name: right }).waitFor();
  });
});
