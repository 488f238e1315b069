import { describe, expect, it } from 'vitest';
import { createTestUser, signInAs, useBrowserTestEnvironment } from '../../../test/browser/harness.js';
import { testDatabaseKinds } from '../../../test/helpers/database.js';
import { resolveTemplate } from './custom-templates.js';

// The template editor on the price tag screen: a settings manager copies a ready template,
// meets the server's error at the input that caused it, and saves the corrected template.
// One database kind is enough, because the screens do not depend on it.

const kind = testDatabaseKinds()[0]!;

describe(`tag template screens [${kind}]`, () => {
  const environment = useBrowserTestEnvironment(kind);

  it('copies, corrects and saves a template', async () => {
    const { server, browser } = environment;
    const { page } = browser;
    const owner = await createTestUser(server, 'templates-owner');

    await signInAs(page, server.url, owner);
    await page.goto(`${server.url}/price-tags`);
    await page.getByTestId('template-copy-small-30x20').click();
    const form = page.getByTestId('template-form');
    await form.getByLabel('テンプレート名', { exact: true }).fill('shop-40x20');

    // The stock number field is 28 mm wide from 1 mm, so a 25 mm label is too narrow for it.
    await form.getByLabel('ラベルの幅', { exact: true }).fill('25');
    await page.getByTestId('template-save').click();
    await form.getByText('在庫番号が右端からはみ出します（29 mm、上限 25 mm）', { exact: false }).first().waitFor();

    await form.getByLabel('ラベルの幅', { exact: true }).fill('40');
    await page.getByTestId('template-save').click();
    await page.getByTestId('templates-table').getByText('shop-40x20').waitFor();

    const saved = await resolveTemplate(server.database.db, 'shop-40x20');
    expect(saved.labelWidthMm).toBe(40);
    expect(saved.pageWidthMm).toBe(40);
  });
});
