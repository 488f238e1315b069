import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BarcodeFormat, QRCodeWriter } from '@zxing/library';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { apiAsPage, chooseOption, CHROMIUM_ARGS, createTestUser, screenshot, signInAs, useBrowserTestEnvironment } from '../../../test/browser/harness.js';
import { testDatabaseKinds } from '../../../test/helpers/database.js';
import { createTestLocation, quantityAt, receiveTestItem } from '../../../test/helpers/factories.js';

// A count in Japanese, scanned through the scan box as a USB scanner types (the code, then
// Enter): one piece twice, one piece booked at a warehouse, one unknown code, and one scan
// sent while the network is down. One piece sells through the API mid-count and one is never
// found. The doubly scanned piece is recounted, and posting writes off the missing piece once.
// Further tests check what sales staff (no cost.view, no stock.write_off) see, that a
// duplicated tab scans as a device of its own, and camera reading with a fake camera. One
// database kind is enough, because the screens do not depend on it.

const kind = testDatabaseKinds()[0]!;

/**
 * Writes a Y4M video (the format Chromium's fake camera plays in a loop) of a QR code with
 * `text` on a white 640×480 frame, in 4:2:0 YUV.
 */
function writeQrVideo(file: string, text: string): void {
  const width = 640;
  const height = 480;
  const matrix = new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, 360, 360, new Map());
  const luma = Buffer.alloc(width * height, 235);
  const left = (width - matrix.getWidth()) >> 1;
  const top = (height - matrix.getHeight()) >> 1;
  for (let row = 0; row < matrix.getHeight(); row += 1) {
    for (let column = 0; column < matrix.getWidth(); column += 1) {
      if (matrix.get(column, row)) luma[(top + row) * width + left + column] = 16;
    }
  }
  const chroma = Buffer.alloc((width / 2) * (height / 2), 128);
  const frame = Buffer.concat([Buffer.from('FRAME\n'), luma, chroma, chroma]);
  writeFileSync(file, Buffer.concat([Buffer.from(`YUV4MPEG2 W${width} H${height} F10:1 Ip A1:1 C420jpeg\n`), frame]));
}

describe(`stocktake screens [${kind}]`, () => {
  const environment = useBrowserTestEnvironment(kind);

  it('counts, reports and posts once', async () => {
    const { server, browser } = environment;
    const { page } = browser;
    const db = server.database.db;
    const owner = await createTestUser(server, 'stocktake-owner');
    const store = await createTestLocation(db, { name: '銀座本店' });
    const warehouse = await createTestLocation(db, { name: '横浜倉庫', kind: 'warehouse' });
    const [sold, scannedTwice, lost, plain] = [
      await receiveTestItem(db, { locationId: store.id, name: 'K18 ダイヤモンド リング', cost: 60_000, retailPrice: 198_000 }),
      await receiveTestItem(db, { locationId: store.id, name: 'Pt900 パール ネックレス', category: 'necklace', cost: 40_000, retailPrice: 120_000 }),
      await receiveTestItem(db, { locationId: store.id, name: 'K18 ルビー ピアス', category: 'pierced_earrings', cost: 22_000, retailPrice: 66_000 }),
      await receiveTestItem(db, { locationId: store.id, name: 'K10 ブレスレット', category: 'bracelet', cost: 15_000, retailPrice: 45_000 }),
    ];
    const stray = await receiveTestItem(db, { locationId: warehouse.id, name: 'K18 サファイア リング', cost: 70_000, retailPrice: 210_000 });
    await signInAs(page, server.url, owner);

    // Start the count through the dialog.
    await page.getByTestId('side-menu').getByText('棚卸', { exact: true }).click();
    await page.getByTestId('start-stocktake').click();
    const form = page.getByTestId('start-stocktake-form');
    await chooseOption(page, form.getByLabel('拠点'), '銀座', '銀座本店');
    await page.getByRole('dialog').getByRole('button', { name: '開始' }).click();
    await page.getByTestId('stocktake-status').getByText('カウント中').waitFor();
    const stocktake = await db.selectFrom('stocktakes').select(['id', 'number']).where('location_id', '=', store.id).executeTakeFirstOrThrow();

    // A piece sells at the counter before anyone scans it.
    const register = await db.selectFrom('registers').select('id').where('location_id', '=', store.id).orderBy('id').executeTakeFirstOrThrow();
    await apiAsPage(page, server.url, 'POST', '/api/sales', { registerId: register.id, lines: [{ itemId: sold.id }], payments: [{ method: 'card', amount: 198_000 }] });

    // Scan as a keyboard-wedge scanner does. The box keeps focus, so each code is typed
    // without clicking it again. The second read of one piece is in lower case.
    const scanBox = page.getByTestId('stocktake-scan');
    await expect.poll(() => scanBox.evaluate((element) => element === document.activeElement), { timeout: 30_000 }).toBe(true);
    const entries = page.getByTestId('scan-entry');
    const scanned: Array<[string, string]> = [
      [scannedTwice.stock_number, 'counted'],
      [scannedTwice.stock_number.toLowerCase(), 'duplicate'],
      [stray.stock_number, 'misplaced'],
      ['NO-SUCH-TAG-9', 'unknown'],
    ];
    for (const [index, [code, outcome]] of scanned.entries()) {
      await page.keyboard.type(code);
      await page.keyboard.press('Enter');
      await entries.and(page.locator(`[data-outcome="${outcome}"]`)).nth(0).waitFor();
      expect(await entries.count()).toBe(index + 1);
    }
    expect(await entries.first().textContent()).toContain('NO-SUCH-TAG-9');
    await entries.filter({ hasText: stray.stock_number }).getByText('帳簿では「横浜倉庫」にある商品です。', { exact: false }).waitFor();
    await entries.filter({ hasText: scannedTwice.stock_number.toLowerCase() }).getByText('すでにスキャン済みです', { exact: false }).waitFor();

    // A scan sent while the network is down waits. "Resend now" tries again at once, and once
    // the network is back a timed retry sends it with the same sequence number.
    const scansUrl = `**/api/stocktakes/${stocktake.id}/scans`;
    let failedAttempts = 0;
    await page.route(scansUrl, (route) => {
      failedAttempts += 1;
      return route.abort('internetdisconnected');
    });
    await page.keyboard.type(plain.stock_number);
    await page.keyboard.press('Enter');
    await page.getByTestId('scan-waiting').waitFor();
    const attemptsBeforeResend = failedAttempts;
    await page.getByTestId('scan-waiting').getByRole('button').click();
    await expect.poll(() => failedAttempts, { timeout: 30_000 }).toBeGreaterThan(attemptsBeforeResend);
    await page.getByTestId('scan-waiting').waitFor();
    await page.unroute(scansUrl);
    await entries.filter({ hasText: plain.stock_number }).and(page.locator('[data-outcome="counted"]')).waitFor();
    await page.getByTestId('scan-waiting').waitFor({ state: 'detached' });
    const plainScans = await db.selectFrom('stocktake_scans').select('client_sequence').where('stocktake_id', '=', stocktake.id).where('item_id', '=', plain.id).execute();
    expect(plainScans).toHaveLength(1);

    // The summary and the report follow the scans.
    await expect.poll(() => page.getByTestId('summary-missing').locator('.ant-statistic-content-value').textContent(), { timeout: 30_000 }).toBe('1');
    expect(await page.getByTestId('summary-duplicates').locator('.ant-statistic-content-value').textContent()).toBe('1');
    expect(await page.getByTestId('summary-unknown').locator('.ant-statistic-content-value').textContent()).toBe('1');
    const missing = page.getByTestId('report-missing');
    await missing.getByText(lost.stock_number).waitFor();
    expect(await missing.getByText(sold.stock_number).count()).toBe(0);
    expect(await missing.getByTestId('total-retail').textContent()).toBe('¥66,000');
    await page.getByRole('tab', { name: /他拠点の商品/ }).click();
    await page.getByTestId('report-misplaced').getByRole('row', { name: new RegExp(stray.stock_number) }).getByText('横浜倉庫').waitFor();
    await page.getByRole('tab', { name: /重複スキャン/ }).click();
    await page.getByTestId('report-duplicates').getByText(scannedTwice.stock_number).waitFor();
    await screenshot(page, 'stocktake-count');

    // Recount the doubly scanned piece: its scans are voided, and one new scan counts it.
    await page.getByTestId('report-duplicates').getByRole('row', { name: new RegExp(scannedTwice.stock_number) }).getByRole('checkbox').check();
    await page.getByTestId('recount-selected').click();
    await page.locator('.ant-popconfirm').getByRole('button', { name: '数え直す' }).click();
    await page.getByTestId('report-duplicates').getByText('重複スキャンはありません。').waitFor();
    // The click left the focus on a tab. The scanner's typing still goes into the scan box.
    await page.getByRole('tab', { name: /^不足/ }).click();
    await missing.getByText(scannedTwice.stock_number).waitFor();
    await page.keyboard.type(scannedTwice.stock_number);
    await page.keyboard.press('Enter');
    await entries.first().and(page.locator('[data-outcome="counted"]')).filter({ hasText: scannedTwice.stock_number }).waitFor();
    await missing.getByText(scannedTwice.stock_number).waitFor({ state: 'detached' });
    await page.getByRole('tab', { name: /不明なコード/ }).click();
    await page.getByTestId('report-unknown').getByText('NO-SUCH-TAG-9').waitFor();
    await page.getByRole('tab', { name: /棚卸中の出庫/ }).click();
    await page.getByTestId('report-moved').getByText(sold.stock_number).waitFor();

    // Post: the confirmation names the one missing piece and its value.
    await page.getByTestId('post-stocktake').click();
    await page.getByTestId('post-summary').getByText('不足の商品 1 件（原価 ¥22,000、売価 ¥66,000）を償却します。').waitFor();
    await chooseOption(page, page.getByTestId('post-form').getByLabel('償却の理由'), '', '盗難');
    await page.getByRole('dialog').getByRole('button', { name: '確定する' }).click();
    await page.getByTestId('stocktake-status').getByText('確定済み').waitFor();
    const writeOff = await db.selectFrom('stocktakes').innerJoin('write_offs', 'write_offs.id', 'stocktakes.write_off_id').select('write_offs.number').where('stocktakes.id', '=', stocktake.id).executeTakeFirstOrThrow();
    await page.getByTestId('write-off-link').getByText(`償却 ${writeOff.number}`).waitFor();
    expect(await page.getByTestId('stocktake-scan').count()).toBe(0);
    expect(await page.getByTestId('post-stocktake').count()).toBe(0);
    await page.getByRole('tab', { name: /^不足/ }).click();
    await page.getByTestId('report-missing').getByText(lost.stock_number).waitFor();
    await screenshot(page, 'stocktake-posted');

    // The history lists the posted count with its summary, and the status filter applies.
    await page.getByRole('button', { name: /棚卸の一覧/ }).click();
    const history = page.getByTestId('stocktakes-table');
    const row = history.getByRole('row', { name: new RegExp(stocktake.number) });
    await row.getByText('確定済み').waitFor();
    expect(await row.getByRole('cell').allTextContents()).toEqual(
      expect.arrayContaining([stocktake.number, '銀座本店', '全カテゴリ', '確定済み', '¥22,000', '¥66,000']),
    );
    await screenshot(page, 'stocktake-history');
    const statusFilter = page.locator('.ant-segmented').filter({ hasText: 'カウント中' });
    await statusFilter.getByText('カウント中', { exact: true }).click();
    await history.getByText('棚卸はまだありません', { exact: false }).waitFor();
    await statusFilter.getByText('確定済み', { exact: true }).click();
    await row.click();
    await page.getByTestId('stocktake-status').getByText('確定済み').waitFor();

    // The write-off was made once, and a second post changes nothing.
    const second = await page.request.post(`${server.url}/api/stocktakes/${stocktake.id}/post`, {
      data: { reason: 'loss' },
      headers: { 'x-csrf-token': ((await (await page.request.get(`${server.url}/api/auth/session`)).json()) as { csrfToken: string }).csrfToken },
    });
    expect(second.status()).toBe(409);
    const writeOffs = await db.selectFrom('write_offs').select(['id', 'reason']).where('location_id', '=', store.id).execute();
    expect(writeOffs).toHaveLength(1);
    expect(writeOffs[0]!.reason).toBe('theft');
    const writeOffLines = await db.selectFrom('write_off_lines').select('item_id').where('write_off_id', '=', writeOffs[0]!.id).execute();
    expect(writeOffLines.map((line) => line.item_id)).toEqual([lost.id]);
    expect(await quantityAt(db, lost.id, store.id)).toBe(0);
    expect(await quantityAt(db, stray.id, store.id)).toBe(1);
    expect(await quantityAt(db, stray.id, warehouse.id)).toBe(0);
    expect(browser.pageErrors).toEqual([]);
  }, 180_000);

  it('sales staff count without cost or post', async () => {
    const { server, browser } = environment;
    const { page } = browser;
    const db = server.database.db;
    const staff = await createTestUser(server, 'stocktake-staff', 'sales');
    const store = await createTestLocation(db, { name: '新宿店' });
    const [found, lost] = [
      await receiveTestItem(db, { locationId: store.id, name: 'K18 チェーン', cost: 30_000, retailPrice: 88_000 }),
      await receiveTestItem(db, { locationId: store.id, name: 'Pt900 リング', cost: 50_000, retailPrice: 150_000 }),
    ];
    await browser.context.clearCookies();
    await signInAs(page, server.url, staff);
    const started = await apiAsPage<{ id: number }>(page, server.url, 'POST', '/api/stocktakes', { locationId: store.id });
    await page.goto(`${server.url}/stocktakes/${started.id}`);

    const scanBox = page.getByTestId('stocktake-scan');
    await scanBox.fill(found.stock_number);
    await scanBox.press('Enter');
    await page.getByTestId('scan-entry').and(page.locator('[data-outcome="counted"]')).waitFor();

    // Retail values show, cost and the buttons that change the books do not.
    await page.getByTestId('report-missing').getByText(found.stock_number).waitFor({ state: 'detached' });
    await page.getByTestId('report-missing').getByText(lost.stock_number).waitFor();
    expect(await page.getByTestId('report-missing').getByTestId('total-retail').textContent()).toBe('¥150,000');
    expect(await page.getByTestId('report-missing').getByTestId('total-cost').count()).toBe(0);
    expect(await page.getByTestId('summary-missingCost').count()).toBe(0);
    expect(await page.getByTestId('post-stocktake').count()).toBe(0);
    expect(await page.getByTestId('cancel-stocktake').count()).toBe(0);

    // Headless Chromium has no camera (or refuses it), and the dialog explains it.
    await page.getByTestId('open-camera').click();
    await page.getByTestId('camera-problem').waitFor();
    expect(await page.getByTestId('camera-problem').textContent()).toMatch(/カメラが見つかりません|カメラの使用が許可されていません/);
    await page.keyboard.press('Escape');
    await page.getByTestId('camera-problem').waitFor({ state: 'detached' });
    expect(browser.pageErrors).toEqual([]);
  }, 120_000);

  it('duplicated tab takes a new device id', async () => {
    const { server, browser } = environment;
    const { page } = browser;
    const db = server.database.db;
    const owner = await createTestUser(server, 'stocktake-tabs');
    const store = await createTestLocation(db, { name: '池袋店' });
    const [first, second] = [await receiveTestItem(db, { locationId: store.id }), await receiveTestItem(db, { locationId: store.id })];
    await browser.context.clearCookies();
    await signInAs(page, server.url, owner);
    const started = await apiAsPage<{ id: number }>(page, server.url, 'POST', '/api/stocktakes', { locationId: store.id });
    const deviceIdOn = async (tab: typeof page) => /web-[0-9a-f]{12}/.exec((await tab.getByTestId('scan-panel').textContent()) ?? '')?.[0];

    await page.goto(`${server.url}/stocktakes/${started.id}`);
    await page.getByTestId('stocktake-scan').fill(first.stock_number);
    await page.getByTestId('stocktake-scan').press('Enter');
    await page.getByTestId('scan-entry').and(page.locator('[data-outcome="counted"]')).waitFor();
    const originalId = await deviceIdOn(page);
    expect(originalId).toBeDefined();

    // A duplicated tab starts with a copy of the original's sessionStorage, so the same device
    // id. Its first scan would then repeat the original's sequence number 1 and be dropped.
    const copy = await browser.context.newPage();
    try {
      await copy.addInitScript((id) => window.sessionStorage.setItem('tsunagu.stocktake.deviceId', id), originalId!);
      await copy.goto(`${server.url}/stocktakes/${started.id}`);
      await copy.getByTestId('stocktake-scan').waitFor();
      await expect.poll(() => deviceIdOn(copy), { timeout: 30_000 }).not.toBe(originalId);
      await copy.getByTestId('stocktake-scan').fill(second.stock_number);
      await copy.getByTestId('stocktake-scan').press('Enter');
      await copy.getByTestId('scan-entry').and(copy.locator('[data-outcome="counted"]')).waitFor();
    } finally {
      await copy.close();
    }

    expect(await deviceIdOn(page)).toBe(originalId);
    const scans = await db.selectFrom('stocktake_scans').select(['item_id', 'device_id']).where('stocktake_id', '=', started.id).orderBy('id').execute();
    expect(scans.map((row) => row.item_id)).toEqual([first.id, second.id]);
    expect(new Set(scans.map((row) => row.device_id)).size).toBe(2);
    expect(browser.pageErrors).toEqual([]);
  }, 120_000);

  it('camera sends a held tag once', async () => {
    const { server } = environment;
    const db = server.database.db;
    const owner = await createTestUser(server, 'stocktake-camera');
    const store = await createTestLocation(db, { name: '渋谷店' });
    const piece = await receiveTestItem(db, { locationId: store.id, name: 'K18 ネックレス' });

    // A separate Chromium whose fake camera shows the piece's tag as a QR code. The page reads
    // it with BarcodeDetector where this Chromium has one, else with ZXing.
    const folder = mkdtempSync(path.join(os.tmpdir(), 'tsunagu-camera-'));
    const video = path.join(folder, 'tag.y4m');
    writeQrVideo(video, piece.stock_number);
    const cameraBrowser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: [...CHROMIUM_ARGS, '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', `--use-file-for-fake-video-capture=${video}`],
    });
    try {
      const page = await cameraBrowser.newPage({ locale: 'ja-JP', timezoneId: 'Asia/Tokyo', viewport: { width: 1280, height: 900 } });
      page.setDefaultTimeout(30_000);
      const pageErrors: string[] = [];
      page.on('pageerror', (error) => pageErrors.push(error.message));
      await signInAs(page, server.url, owner);
      const started = await apiAsPage<{ id: number }>(page, server.url, 'POST', '/api/stocktakes', { locationId: store.id });
      await page.goto(`${server.url}/stocktakes/${started.id}`);

      await page.getByTestId('open-camera').click();
      await page.getByTestId('camera-last-code').getByText(piece.stock_number, { exact: false }).waitFor();
      await page.getByTestId('scan-entry').and(page.locator('[data-outcome="counted"]')).filter({ hasText: piece.stock_number }).waitFor();

      // The tag stays in view. Past the 2-second window it has still been sent only once.
      await page.waitForTimeout(3_000);
      expect(await page.getByTestId('scan-entry').count()).toBe(1);
      const scans = await db.selectFrom('stocktake_scans').select('id').where('stocktake_id', '=', started.id).execute();
      expect(scans).toHaveLength(1);
      expect(pageErrors).toEqual([]);
    } finally {
      await cameraBrowser.close();
      rmSync(folder, { recursive: true, force: true });
    }
  }, 120_000);
});
