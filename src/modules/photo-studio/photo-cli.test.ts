import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { runCliCaptured } from '../../../test/helpers/cli.js';

const RING = path.resolve(import.meta.dirname, '../../../../shared/data/real/photos/rings/images/ring6.jpg');

function run(lang: string, ...argv: string[]) {
  return runCliCaptured(argv, { LANG: lang });
}

describe('tsunagu photo correct', () => {
  const outDir = mkdtempSync(path.join(os.tmpdir(), 'tsunagu-photo-'));
  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  it('writes images and masks, and reports a missing file', async () => {
    const missing = path.join(outDir, 'missing.jpg');
    const result = await run('ja_JP.UTF-8', 'photo', 'correct', RING, missing, '--preset', 'yahoo', '--out', outDir, '--mask');

    expect(result.status).toBe(1);
    expect(result.stdout).toContain('ring6.jpg');
    expect(result.stdout).toContain('規則をすべて満たしています');
    expect(result.stderr).toContain(missing);

    const image = await sharp(readFileSync(path.join(outDir, 'ring6.jpg'))).metadata();
    expect([image.format, image.width, image.height]).toEqual(['jpeg', 1200, 1200]);
    const mask = await sharp(readFileSync(path.join(outDir, 'ring6.mask.png'))).metadata();
    const source = await sharp(RING).metadata();
    expect([mask.format, mask.width, mask.height]).toEqual(['png', source.width, source.height]);
  });

  it('writes a transparent cut-out as PNG', async () => {
    const result = await run('en_US.UTF-8', 'photo', 'correct', RING, '--preset', 'yahoo', '--out', path.join(outDir, 'cut'), '--transparent');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('meets every rule');
    const image = await sharp(readFileSync(path.join(outDir, 'cut', 'ring6.png'))).metadata();
    expect([image.format, image.hasAlpha]).toEqual(['png', true]);
  });

  it('rejects an unknown preset and a missing --out', async () => {
    const preset = await run('en_US.UTF-8', 'photo', 'correct', RING, '--preset', 'ebay', '--out', outDir);
    expect(preset.status).toBe(2);
    expect(preset.stderr).toContain('rakuten, yahoo, amazon, shopify');

    const out = await run('ja_JP.UTF-8', 'photo', 'correct', RING, '--preset', 'amazon');
    expect(out.status).toBe(2);
    expect(out.stderr).toContain('--out');
  });

  it('reads a shop preset from --preset-file', async () => {
    const presetFile = path.join(outDir, 'shop.json');
    const preset = { id: 'shop-webp-800', label: { ja: '自社サイト', en: 'Own site' }, format: 'webp', width: 800, height: 800, maxBytes: 500_000 };
    writeFileSync(presetFile, JSON.stringify(preset));
    const result = await run('en_US.UTF-8', 'photo', 'correct', RING, '--preset-file', presetFile, '--out', path.join(outDir, 'shop'));
    expect(result.status, result.stderr).toBe(0);
    const image = await sharp(readFileSync(path.join(outDir, 'shop', 'ring6.webp'))).metadata();
    expect([image.format, image.width, image.height]).toEqual(['webp', 800, 800]);
  });

  it('rejects a bad --preset-file naming the field', async () => {
    const presetFile = path.join(outDir, 'bad.json');
    writeFileSync(presetFile, JSON.stringify({ id: 'shop-bad', label: { ja: '悪い例', en: 'Bad' }, format: 'gif', width: 800, height: 800, maxBytes: 500_000 }));

    const japanese = await run('ja_JP.UTF-8', 'photo', 'correct', RING, '--preset-file', presetFile, '--out', outDir);
    expect(japanese.status).toBe(1);
    expect(japanese.stderr).toContain('項目「format」');
    const english = await run('en_US.UTF-8', 'photo', 'correct', RING, '--preset-file', presetFile, '--out', outDir);
    expect(english.stderr).toContain('field "format"');

    writeFileSync(presetFile, '{ not json');
    const notJson = await run('en_US.UTF-8', 'photo', 'correct', RING, '--preset-file', presetFile, '--out', outDir);
    expect(notJson.status).toBe(1);
    expect(notJson.stderr).toContain('not valid JSON');

    const both = await run('en_US.UTF-8', 'photo', 'correct', RING, '--preset', 'yahoo', '--preset-file', presetFile, '--out', outDir);
    expect(both.status).toBe(1);
    expect(both.stderr).toContain('--preset-file');
  });
});
