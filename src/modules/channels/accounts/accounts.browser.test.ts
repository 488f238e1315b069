import { describe, expect, it } from 'vitest';
import { createTestUser, screenshot, signInAs, useBrowserTestEnvironment } from '../../../../test/browser/harness.js';
import { testDatabaseKinds } from '../../../../test/helpers/database.js';

// The channel accounts screen in Japanese: add a Rakuten account, see that its credentials
// are listed as saved but never shown, and rename it without typing them again.

const kind = testDatabaseKinds()[0]!;

describe(`channel accounts screen [${kind}]`, () => {
  const environment = useBrowserTestEnvironment(kind);

  it('adds an account and keeps its credentials hidden', async () => {
    const { server, browser } = environment;
    const { page } = browser;
    const owner = await createTestUser(server, 'channel-owner');
    await signInAs(page, server.url, owner);

    await page.getByTestId('side-menu').getByText('チャネルのアカウント', { exact: true }).click();
    await page.getByTestId('channel-account-new').click();
    const form = page.getByTestId('channel-account-form');
    await form.getByLabel('名前').fill('楽天 本店');
    await form.getByLabel('API の URL').fill('http://127.0.0.1:9101');
    await form.getByLabel('serviceSecret').fill('SP-secret-typed-once');
    await form.getByLabel('licenseKey').fill('SL-license-typed-once');
    await page.getByRole('button', { name: '保存' }).click();

    const row = page.getByRole('row', { name: /楽天 本店/ });
    await row.getByText('連携中').waitFor();
    expect(await page.content()).not.toContain('SP-secret-typed-once');

    await row.click();
    await form.getByText('保存済み').first().waitFor();
    expect(await form.getByLabel('serviceSecret').inputValue()).toBe('');
    await form.getByLabel('名前').fill('楽天 銀座');
    await screenshot(page, 'channel-account-form');
    await page.getByRole('button', { name: '保存' }).click();
    await page.getByRole('row', { name: /楽天 銀座/ }).waitFor();
  }, 180_000);
});
