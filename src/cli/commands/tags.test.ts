import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testDatabaseKinds } from '../../../test/helpers/database.js';
import { createTestLocation, receiveTestItem } from '../../../test/helpers/factories.js';
import { openDatabase, type DatabaseHandle } from '../../db/database.js';
import { saveCustomTemplate } from '../../modules/price-tags/custom-templates.js';
import { findTemplate, mmToPoints } from '../../modules/price-tags/templates.js';
import { runCliCaptured, type CliResult } from '../../../test/helpers/cli.js';

// `tsunagu tags templates` and `tsunagu tags print` against a database of the CLI's own,
// as an administrator would run them: the files, the messages and the audit events.


for (const kind of testDatabaseKinds()) {
  describe(`tags commands [${kind}]`, () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'tsunagu-tags-'));
    const env: NodeJS.ProcessEnv = { DATA_DIR: dataDir, LANG: 'en_US.UTF-8' };
    let dropDatabase = async () => {};
    let handle: DatabaseHandle;
    let ringCode: string;
    let pendantCode: string;
    let ginzaId: number;

    const run = (argv: string[], lang = 'en_US.UTF-8'): Promise<CliResult> => runCliCaptured(argv, { ...env, LANG: lang });

    const printEvents = (itemId: number) =>
      handle.db
        .selectFrom('audit_events')
        .selectAll()
        .where('action', '=', 'price_tag.print')
        .where('entity_id', '=', String(itemId))
        .orderBy('id')
        .execute();

    beforeAll(async () => {
      if (kind === 'postgres') {
        const database = await createTestDatabase('postgres');
        env.DATABASE_URL = database.url;
        dropDatabase = () => database.destroy();
      }
      expect((await run(['migrate'])).status).toBe(0);
      handle = openDatabase({ databaseUrl: env.DATABASE_URL, dataDir });

      const ginza = await createTestLocation(handle.db, { name: '銀座本店' });
      ginzaId = ginza.id;
      const ring = await receiveTestItem(handle.db, {
        locationId: ginza.id,
        name: 'PT900 ダイヤモンド リング',
        metal: 'PT900',
        metalWeightCg: 325,
        mainStoneCaratMct: 302,
        retailPrice: 198_000,
        cost: 85_000,
      });
      const pendant = await receiveTestItem(handle.db, { locationId: ginza.id, name: 'K18 ルビー ペンダント', janCode: '4901234567894' });
      ringCode = ring.stock_number;
      pendantCode = pendant.stock_number;
      await handle.db.updateTable('company_settings').set({ cost_cipher: 'BLACKHORSE' }).where('id', '=', 1).execute();
    });

    afterAll(async () => {
      await handle?.close();
      await dropDatabase();
      rmSync(dataDir, { recursive: true, force: true });
    });

    it('lists the templates with sizes', async () => {
      const result = await run(['tags', 'templates']);
      expect(result.status).toBe(0);
      expect(result.stdout).toMatch(/^dumbbell-58x12 +58 × 12 mm, 300 dpi +Dumbbell tag/m);
      expect(result.stdout).toMatch(/^a4-65 +38\.1 × 21\.2 mm, 65 per page, 600 dpi/m);
      expect(result.stdout.trim().split('\n')).toHaveLength(7);

      const japanese = await run(['tags', 'templates'], 'ja_JP.UTF-8');
      expect(japanese.stdout).toContain('1 ページに 40 枚');
    });

    it('prints a PDF and records one event per piece', async () => {
      const file = path.join(dataDir, 'ring.pdf');
      const result = await run(['tags', 'print', '--template', 'zebra-300-50x25', '--items', `${ringCode},${pendantCode}`, '--out', file]);
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
      expect(result.stdout).toContain('Printed 2 price tags');

      const bytes = readFileSync(file);
      expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      const boxes = [...bytes.toString('latin1').matchAll(/\/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]/g)];
      expect(boxes).toHaveLength(2);
      expect(Math.abs(Number(boxes[0]![1]) - mmToPoints(50))).toBeLessThan(0.01);
      expect(Math.abs(Number(boxes[0]![2]) - mmToPoints(25))).toBeLessThan(0.01);

      const [event] = await printEvents((await itemId(ringCode)));
      expect(event!.entity_type).toBe('item');
      expect(event!.user_id).toBeNull();
      expect(JSON.parse(event!.detail_json!)).toEqual({
        stockNumber: ringCode,
        priceIncludingTax: 198_000,
        template: 'zebra-300-50x25',
        format: 'pdf',
        destination: 'ring.pdf',
        reprint: false,
        source: 'cli',
      });
    });

    it('writes ZPL and marks a second print as a reprint', async () => {
      const bangle = await receiveTestItem(handle.db, { locationId: ginzaId, name: 'K18 ルビー バングル', janCode: '4901234567894' });
      const file = path.join(dataDir, 'bangle.zpl');
      const first = await run(['tags', 'print', '--template', 'zebra-203-50x25', '--items', bangle.stock_number, '--out', file, '--barcode', 'ean13']);
      expect(first.status).toBe(0);
      const zpl = readFileSync(file, 'utf8');
      expect(zpl).toContain('^XA');
      expect(zpl).toContain('^BEN,');
      expect(zpl).toContain('^FD490123456789^FS');
      expect(zpl).toContain('^FDK18 ルビー バングル^FS');
      expect(first.stdout).not.toContain('Reprinted');

      const second = await run(['tags', 'print', '--template', 'zebra-203-50x25', '--items', bangle.stock_number, '--out', file]);
      expect(second.status).toBe(0);
      expect(second.stdout).toContain(`Reprinted: ${bangle.stock_number}`);
      const events = await printEvents(bangle.id);
      expect(events.map((event) => JSON.parse(event.detail_json!).reprint)).toEqual([false, true]);
    });

    it('prints the cost code with the company cipher', async () => {
      const file = path.join(dataDir, 'cost.zpl');
      expect((await run(['tags', 'print', '--template', 'zebra-203-50x25', '--items', ringCode, '--out', file])).status).toBe(0);
      // 85,000 yen: 8 → S, 5 → H, 0 → B in BLACKHORSE.
      expect(readFileSync(file, 'utf8')).toContain('^FDSHBBB^FS');
    });

    it('lists and prints on a custom template', async () => {
      const base = structuredClone(findTemplate('small-30x20'));
      const definition = { ...base, name: 'shop-40x20', pageWidthMm: 40, labelWidthMm: 40 };
      await handle.db.transaction().execute((trx) => saveCustomTemplate(trx, definition, null));

      expect((await run(['tags', 'templates'])).stdout).toMatch(/^shop-40x20 +40 × 20 mm, 300 dpi .*\(custom\)$/m);
      const file = path.join(dataDir, 'custom.pdf');
      expect((await run(['tags', 'print', '--template', 'shop-40x20', '--items', ringCode, '--out', file])).status).toBe(0);
      expect(readFileSync(file).toString('latin1')).toContain(`/MediaBox [0 0 ${mmToPoints(40).toFixed(4).replace(/0+$/, '')}`);
    });

    it('rejects an unknown template or stock number with exit 1', async () => {
      const file = path.join(dataDir, 'never.pdf');
      const template = await run(['tags', 'print', '--template', 'dumbell', '--items', ringCode, '--out', file]);
      expect(template.status).toBe(1);
      expect(template.stderr).toContain('There is no price tag template "dumbell"');

      const codes = await run(['tags', 'print', '--template', 'a4-40', '--items', `${ringCode},NOPE-1,NOPE-2`, '--out', file], 'ja_JP.UTF-8');
      expect(codes.status).toBe(1);
      expect(codes.stderr).toContain('在庫番号 NOPE-1, NOPE-2 の商品が見つかりません');
      expect(() => readFileSync(file)).toThrow();
    });

    it('rejects other extensions and missing options', async () => {
      const extension = await run(['tags', 'print', '--template', 'a4-40', '--items', ringCode, '--out', path.join(dataDir, 'tags.png')]);
      expect(extension.status).toBe(1);
      expect(extension.stderr).toContain('must end in .pdf or .zpl');

      const missing = await run(['tags', 'print', '--template', 'a4-40', '--out', path.join(dataDir, 'tags.pdf')]);
      expect(missing.status).toBe(2);
      expect(missing.stderr).toContain('--items');
    });

    async function itemId(stockNumber: string): Promise<number> {
      const row = await handle.db.selectFrom('items').select('id').where('stock_number', '=', stockNumber).executeTakeFirstOrThrow();
      return row.id;
    }
  });
}
