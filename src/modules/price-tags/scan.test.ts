import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { renderTagsPdf } from './pdf.js';
import { RING } from './tag.fixture.js';
import { buildPrintTags } from './tags.js';
import { findTemplate, labelOrigin, TAG_TEMPLATES } from './templates.js';

// Scans the barcodes of rendered PDFs as a scanner would see a print: poppler's pdftoppm
// rasterizes the first label at 600 dpi and zbar's zbarimg decodes it. Both are optional
// system tools (poppler-utils, zbar-tools), so the block is skipped where they are missing.

function hasTool(name: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const TOOLS_PRESENT = hasTool('pdftoppm') && hasTool('zbarimg');
const RESOLUTION = 600;

describe.skipIf(!TOOLS_PRESENT)('price tag barcodes scanned from the PDF', () => {
  const folder = mkdtempSync(path.join(os.tmpdir(), 'tsunagu-tag-scan-'));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  /** Rasterizes the first label of the PDF and returns what zbarimg decodes, e.g. ["CODE-128:R-1"]. */
  async function scanFirstLabel(templateName: string, kind: 'code128' | 'ean13' | 'qr'): Promise<string[]> {
    const template = findTemplate(templateName);
    const item = { ...RING, janCode: '4901234567894' };
    const bytes = await renderTagsPdf(template, buildPrintTags(template, [item], { costCipher: null, barcodeKind: kind }));
    const base = path.join(folder, `${templateName}-${kind}`);
    writeFileSync(`${base}.pdf`, bytes);

    const origin = labelOrigin(template, 0);
    const pixels = (mm: number) => Math.round((mm * RESOLUTION) / 25.4);
    const crop = ['-x', pixels(origin.xMm), '-y', pixels(origin.yMm), '-W', pixels(template.labelWidthMm), '-H', pixels(template.labelHeightMm)].map(String);
    execFileSync('pdftoppm', ['-r', String(RESOLUTION), '-png', '-singlefile', ...crop, `${base}.pdf`, base]);
    // zbarimg exits 4 when it finds no symbol; the empty list then fails the expectation.
    try {
      return execFileSync('zbarimg', ['-q', `${base}.png`], { stdio: ['ignore', 'pipe', 'ignore'] }).toString('utf8').trim().split('\n');
    } catch {
      return [];
    }
  }

  for (const template of TAG_TEMPLATES) {
    it(`reads the ${template.barcode!.kind} code on ${template.name}`, async () => {
      const symbolName = { code128: 'CODE-128', ean13: 'EAN-13', qr: 'QR-Code' }[template.barcode!.kind];
      expect(await scanFirstLabel(template.name, template.barcode!.kind)).toEqual([`${symbolName}:R-2026-00042`]);
    });
  }

  it('reads an EAN-13 JAN code on the Zebra 203 dpi label', async () => {
    expect(await scanFirstLabel('zebra-203-50x25', 'ean13')).toEqual(['EAN-13:4901234567894']);
  });
});
