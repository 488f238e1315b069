import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  chooseOption,
  createTestUser,
  ensureWebBuilt,
  openBrowser,
  RESULTS_DIR,
  screenshot,
  signInAs,
  startServer,
  type BrowserSession,
  type RunningServer,
} from '../../../../test/browser/harness.js';
import { testDatabaseKinds } from '../../../../test/helpers/database.js';
import { createTestLocation, receiveTestItem } from '../../../../test/helpers/factories.js';
import { formatAdjustmentValue } from '../../../../web/src/pages/photo-studio/studioFormat.js';
import type { Look, Photo } from './schemas.js';

// The photo studio as a shop assistant uses it, in Japanese and then English. Two real ring
// photos are uploaded at once and finished by the worker threads. One is reviewed: the
// exposure slider moves +0.3 EV, a brush stroke adds to the mask, and the redo sends both.
// The new result is accepted, attached to a ring in stock, and exported as a zip. The learned
// panel then shows the ring category's learned exposure, in Japanese and in English. The
// second photo is accepted and attached too and moved to the front of the ring's photos, and
// the ring category's learned look is reset. An empty file is rejected at upload with the
// server's message, and a file that is not an image fails with its name. One database kind
// is enough, because the screen does not depend on it.

const kind = testDatabaseKinds()[0]!;
const RINGS = path.resolve(import.meta.dirname, '../../../../../shared/data/real/photos/rings/images');

/** Upper bound of the wait for processing: far above the few seconds it takes, so a loaded machine does not fail the test. */
const PROCESSING_TIMEOUT_MS = 90_000;

describe(`photo studio screen [${kind}]`, () => {
  let server: RunningServer;
  let browser: BrowserSession;
  let dataDir: string;

  // The studio stores its files, so the server gets a real, temporary data directory.
  beforeAll(async () => {
    await ensureWebBuilt();
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'tsunagu-studio-'));
    server = await startServer(kind, { dataDir, photoWorkers: 1 });
    browser = await openBrowser();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  /**
   * Saves the window with the review drawer to test-results/<name>.png, the window made tall
   * enough for the drawer's whole content. A full-page shot shows only the part of a fixed
   * drawer that fits the window.
   */
  async function drawerScreenshot(name: string): Promise<void> {
    const body = browser.page.locator('.ant-drawer-body');
    const height = await body.evaluate((element) => element.scrollHeight);
    await browser.page.setViewportSize({ width: 1280, height: Math.max(900, height + 120) });
    await browser.page.screenshot({ path: path.join(RESULTS_DIR, `${name}.png`), animations: 'disabled' });
    await browser.page.setViewportSize({ width: 1280, height: 900 });
  }

  /** Reads the ids of an item's photos in their order through the API. */
  async function itemPhotoIds(itemId: number): Promise<number[]> {
    const response = await browser.page.request.get(`${server.url}/api/items/${itemId}`);
    const item = (await response.json()) as { photos: Array<{ id: number; position: number }> };
    return [...item.photos].sort((a, b) => a.position - b.position).map((photo) => photo.id);
  }

  /** Reads a photo through the API with the page's session. */
  async function photoNamed(fileName: string): Promise<Photo | undefined> {
    const response = await browser.page.request.get(`${server.url}/api/photo-studio/photos`);
    const { photos } = (await response.json()) as { photos: Photo[] };
    return photos.find((photo) => photo.fileName === fileName);
  }

  it('uploads, reviews, accepts and learns', async () => {
    const { page } = browser;
    const owner = await createTestUser(server, 'studio-owner');
    const store = await createTestLocation(server.database.db, { name: '銀座店' });
    const ring = await receiveTestItem(server.database.db, { locationId: store.id, name: 'Pt900 ダイヤモンド リング', category: 'ring' });
    await page.context().clearCookies();
    await signInAs(page, server.url, owner);

    await page.getByTestId('side-menu').getByText('写真スタジオ', { exact: true }).click();
    await page.getByRole('heading', { name: '写真スタジオ' }).waitFor();

    // Two photos at once through the drop zone's file input, as the ring category for Rakuten.
    const upload = page.getByTestId('studio-upload');
    await upload.getByText('楽天市場（1 枚目）').waitFor();
    await upload.locator('input[type=file][multiple]').setInputFiles([path.join(RINGS, 'ring3.jpg'), path.join(RINGS, 'ring6.jpg')]);
    await expect.poll(() => page.getByTestId('upload-queue-entry').count()).toBe(2);

    const grid = page.getByTestId('studio-grid');
    const card3 = grid.locator('[data-file-name="ring3.jpg"]');
    const card6 = grid.locator('[data-file-name="ring6.jpg"]');
    await card3.getByTestId('photo-status-done').waitFor({ timeout: PROCESSING_TIMEOUT_MS });
    await card6.getByTestId('photo-status-done').waitFor({ timeout: PROCESSING_TIMEOUT_MS });
    // Each finished card has a compliance badge in words and a loaded thumbnail.
    await expect.poll(() => card3.locator('[data-testid^="compliance-"]').count()).toBe(1);
    await expect.poll(() => card3.locator('img').evaluate((image: HTMLImageElement) => image.naturalWidth)).toBeGreaterThan(0);
    await page.getByTestId('upload-queue').getByTestId('photo-status-done').nth(1).waitFor();
    await screenshot(page, 'photo-studio-grid');

    // The review: before and after, then the slider comparison.
    await card3.click();
    const drawer = page.getByTestId('review-drawer');
    await drawer.getByTestId('result-image').waitFor();
    // The rules are described in the screen's words, with the limits of the Rakuten preset.
    await drawer.getByTestId('compliance-details').getByText('1200x1200 px（基準 1200x1200 px）').waitFor();
    await drawer.getByTestId('compare-mode').getByText('スライダーで比較').click();
    await drawer.getByTestId('compare-slider').waitFor();
    await drawer.getByTestId('compare-mode').getByText('並べて比較').click();

    // Exposure +0.3 EV in six steps of 0.05 from the keyboard.
    const exposure = drawer.getByTestId('adjust-exposure');
    await exposure.getByRole('slider').focus();
    for (let step = 0; step < 6; step += 1) await exposure.getByRole('slider').press('ArrowRight');
    await exposure.getByTestId('adjust-exposure-value').getByText('+0.3 EV').waitFor();
    await drawer.getByText('調整を反映するには先に「やり直す」を押してください。').waitFor();

    // One brush stroke across the middle of the original, in "add to piece" mode.
    const canvas = drawer.getByTestId('mask-canvas');
    await canvas.scrollIntoViewIfNeeded();
    const box = await canvas.boundingBox();
    if (!box) throw new Error('the brush canvas has no size');
    await page.mouse.move(box.x + box.width * 0.3, box.y + box.height * 0.5);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.55, { steps: 8 });
    await page.mouse.up();
    await drawer.getByText('（修正 1 件）', { exact: false }).waitFor();
    await drawerScreenshot('photo-studio-review-adjusted');

    // The redo sends the exposure and the stroke (in source pixels) and processes again.
    const before = await photoNamed('ring3.jpg');
    await drawer.getByTestId('review-redo').click();
    await expect.poll(async () => (await photoNamed('ring3.jpg'))?.version, { timeout: PROCESSING_TIMEOUT_MS }).toBeGreaterThan(before!.version);
    await expect.poll(async () => (await photoNamed('ring3.jpg'))?.status, { timeout: PROCESSING_TIMEOUT_MS }).toBe('done');
    const redone = (await photoNamed('ring3.jpg'))!;
    expect(redone.adjustments.exposure).toBeCloseTo(0.3, 6);
    expect(redone.maskStrokes).toHaveLength(1);
    const stroke = redone.maskStrokes[0]!;
    expect(stroke.mode).toBe('add');
    expect(stroke.points.length).toBeGreaterThan(1);
    // The stroke starts at 30 % of the width and half the height of the photo, in source pixels.
    expect(stroke.points[0]![0] / redone.width!).toBeCloseTo(0.3, 1);
    expect(stroke.points[0]![1] / redone.height!).toBeCloseTo(0.5, 1);
    await drawer.getByTestId('mask-overlay').waitFor();

    // Accept, then attach to the ring and export its photos for Rakuten.
    const accept = drawer.getByTestId('review-accept');
    await expect.poll(() => accept.isEnabled(), { timeout: 30_000 }).toBe(true);
    await accept.click();
    await drawer.getByTestId('photo-status-accepted').first().waitFor();
    await chooseOption(page, drawer.getByTestId('attach-item').getByRole('combobox'), ring.stock_number, ring.stock_number);
    await drawer.getByTestId('review-attach').click();
    await drawer.getByTestId('item-photos').getByTestId('item-photo').first().waitFor();
    await expect.poll(() => drawer.getByTestId('item-photo').count()).toBe(1);
    await drawerScreenshot('photo-studio-review-accepted');
    const download = page.waitForEvent('download');
    await drawer.getByTestId('item-photos-export').click();
    expect((await download).suggestedFilename()).toBe(`${ring.stock_number}-rakuten.zip`);
    await page.locator('.ant-drawer-close').click();
    await drawer.waitFor({ state: 'hidden' });

    // The learned panel shows the ring category's learned exposure, as the API returns it.
    const lookResponse = await page.request.get(`${server.url}/api/photo-studio/look`);
    const look = (await lookResponse.json()) as Look;
    const learnedRing = look.categories.find((group) => group.category === 'ring');
    expect(learnedRing?.samples).toBe(1);
    expect(learnedRing?.settings.exposure).toBeGreaterThan(0);
    const exposureWords = formatAdjustmentValue('exposure', learnedRing!.settings.exposure!);
    const lookPanel = page.getByTestId('studio-look');
    const ringRow = lookPanel.getByTestId('look-ring');
    await ringRow.getByText('リング').waitFor();
    await ringRow.getByText(`露出 ${exposureWords}`).waitFor();
    await ringRow.getByText('1 枚').waitFor();
    await screenshot(page, 'photo-studio-learned');

    // English labels after the language switch; the learned values stay.
    await page.getByTestId('language-switch').getByText('English').click();
    await page.getByRole('heading', { name: 'Photo studio' }).waitFor();
    await lookPanel.getByText('Learned look').waitFor();
    await ringRow.getByText('Ring', { exact: true }).waitFor();
    await ringRow.getByText(`Exposure ${exposureWords}`).waitFor();
    await card3.getByText('Accepted').waitFor();
    await page.getByTestId('studio-upload').getByText('Drag and drop photos here, or click to choose them').waitFor();
    await screenshot(page, 'photo-studio-english');
    await page.getByTestId('language-switch').getByText('日本語').click();
    await page.getByRole('heading', { name: '写真スタジオ' }).waitFor();

    // The second ring photo is accepted as it is and attached to the same ring, then moved
    // to the front of the ring's photos. Its review opens from the keyboard.
    await card6.focus();
    await page.keyboard.press('Enter');
    await drawer.getByTestId('result-image').waitFor();
    await drawer.getByTestId('review-accept').click();
    await drawer.getByTestId('photo-status-accepted').first().waitFor();
    await chooseOption(page, drawer.getByTestId('attach-item').getByRole('combobox'), ring.stock_number, ring.stock_number);
    await drawer.getByTestId('review-attach').click();
    const itemPhotos = drawer.getByTestId('item-photo');
    await expect.poll(() => itemPhotos.count()).toBe(2);
    const attachedOrder = await itemPhotoIds(ring.id);
    await itemPhotos.nth(1).getByRole('button', { name: '上へ移動' }).click();
    await drawer.getByTestId('item-photos-save').click();
    await page.getByText('写真の並び順を保存しました。').waitFor();
    await expect.poll(() => itemPhotoIds(ring.id)).toEqual([attachedOrder[1], attachedOrder[0]]);
    await page.locator('.ant-drawer-close').click();
    await drawer.waitFor({ state: 'hidden' });

    // Resetting the ring category, after its confirmation, clears what it learned from both accepted photos.
    await ringRow.getByText('2 枚').waitFor();
    await lookPanel.getByTestId('look-reset-ring').click();
    await page.locator('.ant-popconfirm').getByRole('button', { name: 'リセット' }).click();
    await lookPanel.getByText('まだ学習した設定はありません。', { exact: false }).waitFor();
    const afterReset = (await (await page.request.get(`${server.url}/api/photo-studio/look`)).json()) as Look;
    expect(afterReset.categories).toEqual([]);
    expect(browser.pageErrors).toEqual([]);
  }, 300_000);

  it('shows rejected and failed files by name', async () => {
    const { page } = browser;
    const assistant = await createTestUser(server, 'studio-assistant');
    await page.context().clearCookies();
    await signInAs(page, server.url, assistant);
    await page.goto(`${server.url}/photo-studio`);
    await page.getByRole('heading', { name: '写真スタジオ' }).waitFor();
    const upload = page.getByTestId('studio-upload');
    const notAnImage = { name: 'notes.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('this is a text file, not a photo') };
    const empty = { name: 'empty.jpg', mimeType: 'image/jpeg', buffer: Buffer.alloc(0) };
    await upload.locator('input[type=file][multiple]').setInputFiles([empty, notAnImage]);

    // The empty file is rejected by the server at upload, with its message beside its name.
    const rejected = page.getByTestId('upload-queue-entry').filter({ hasText: 'empty.jpg' });
    await rejected.getByText('受け付けられませんでした', { exact: true }).waitFor();
    await rejected.getByTestId('upload-error').getByText('empty.jpg', { exact: false }).waitFor();
    expect(await photoNamed('empty.jpg')).toBeUndefined();

    // The text file is accepted, then fails in processing with a message naming it.
    const card = page.getByTestId('studio-grid').locator('[data-file-name="notes.jpg"]');
    await card.getByTestId('photo-status-failed').waitFor({ timeout: PROCESSING_TIMEOUT_MS });
    const failed = await photoNamed('notes.jpg');
    expect(failed?.error?.messages.ja).toBeTruthy();
    await card.getByTestId('photo-error').getByText(failed!.error!.messages.ja, { exact: false }).waitFor();
    await card.getByTestId('photo-error').getByText('「notes.jpg」', { exact: false }).waitFor();
    await screenshot(page, 'photo-studio-errors');

    // In English the same failure shows the English message.
    await page.getByTestId('language-switch').getByText('English').click();
    await card.getByTestId('photo-error').getByText(failed!.error!.messages.en, { exact: false }).waitFor();
    await page.getByTestId('language-switch').getByText('日本語').click();

    // On a phone the cards stack and the camera button stays in reach.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByTestId('upload-camera').waitFor();
    await screenshot(page, 'photo-studio-phone');
    await page.setViewportSize({ width: 1280, height: 900 });
    expect(browser.pageErrors).toEqual([]);
  }, 180_000);

  it('adds, edits and deletes a shop preset', async () => {
    const { page } = browser;
    const owner = await createTestUser(server, 'studio-preset-owner');
    await page.context().clearCookies();
    await signInAs(page, server.url, owner);
    await page.goto(`${server.url}/photo-studio`);
    await page.getByTestId('shop-presets').getByText('ショップのプリセットはまだありません。').waitFor();

    // A width below the server's minimum comes back as an error under the width field.
    await page.getByTestId('shop-preset-add').click();
    const form = page.getByTestId('shop-preset-form');
    await form.getByTestId('shop-preset-id').fill('shop-square-800');
    await form.getByTestId('shop-preset-label-ja').fill('自社サイト');
    await form.getByTestId('shop-preset-label-en').fill('Own site');
    await form.getByTestId('shop-preset-width').fill('50');
    await form.getByTestId('shop-preset-height').fill('800');
    await page.getByRole('button', { name: '保存' }).click();
    const widthItem = form.locator('.ant-form-item').filter({ has: page.getByTestId('shop-preset-width') });
    await widthItem.locator('.ant-form-item-explain-error').getByText('「width」', { exact: false }).waitFor();
    await screenshot(page, 'photo-studio-shop-preset-error');

    await form.getByTestId('shop-preset-width').fill('800');
    await page.getByRole('button', { name: '保存' }).click();
    const entry = page.getByTestId('shop-preset-shop-square-800');
    await entry.getByText('800 × 800 px、JPEG、2 MB まで', { exact: false }).waitFor();

    // The upload's preset selector lists it after the channels.
    await chooseOption(page, page.getByTestId('upload-preset').getByRole('combobox'), '', '自社サイト');
    await page.getByTestId('upload-preset').getByText('自社サイト').waitFor();

    // Editing keeps the id and changes the size.
    await entry.getByTestId('shop-preset-edit').click();
    expect(await form.getByTestId('shop-preset-id').isDisabled()).toBe(true);
    await form.getByTestId('shop-preset-height').fill('600');
    await page.getByRole('button', { name: '保存' }).click();
    await entry.getByText('800 × 600 px', { exact: false }).waitFor();
    await screenshot(page, 'photo-studio-shop-presets');

    await entry.getByTestId('shop-preset-delete').click();
    await page.locator('.ant-popconfirm').getByRole('button', { name: '削除' }).click();
    await page.getByTestId('shop-presets').getByText('ショップのプリセットはまだありません。').waitFor();

    // A store manager may use the studio but not change settings, so the panel is hidden.
    const manager = await createTestUser(server, 'studio-preset-manager', 'manager');
    await page.context().clearCookies();
    await signInAs(page, server.url, manager);
    await page.goto(`${server.url}/photo-studio`);
    await page.getByTestId('studio-upload').waitFor();
    expect(await page.getByTestId('shop-presets').count()).toBe(0);
    expect(browser.pageErrors).toEqual([]);
  }, 180_000);
});
