import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { renderTagsPdf } from './pdf.js';
import { RING } from './tag.fixture.js';
import { buildPrintTags } from './tags.js';
import { barcodeKindsOf, findTemplate, labelOrigin, TAG_TEMPLATES, tagFieldTexts } from './templates.js';

// Reads rendered PDFs back as a person would: poppler's pdftotext extracts the text, and
// pdftoppm rasterizes the first label at the template's own resolution, one pixel per printer
// dot, for zbar's zbarimg to decode, as a scanner reads a print. These are optional system tools (poppler-utils, zbar-tools), so each block
// is skipped where they are missing.

function hasTool(name: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const TOOLS_PRESENT = hasTool('pdftoppm') && hasTool('zbarimg');
const PDFTOTEXT_PRESENT = hasTool('pdftotext');

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
    const pixels = (mm: number) => Math.round((mm * template.dpi) / 25.4);
    const crop = ['-x', pixels(origin.xMm), '-y', pixels(origin.yMm), '-W', pixels(template.labelWidthMm), '-H', pixels(template.labelHeightMm)].map(String);
    execFileSync('pdftoppm', ['-r', String(template.dpi), '-png', '-singlefile', ...crop, `${base}.pdf`, base]);
    // zbarimg exits 4 when it finds no symbol; the empty list then fails the expectation.
    try {
      return execFileSync('zbarimg', ['-q', `${base}.png`], { stdio: ['ignore', 'pipe', 'ignore'] }).toString('utf8').trim().split('\n');
    } catch {
      return [];
    }
  }

  const symbolNames = { code128: 'CODE-128', ean13: 'EAN-13', qr: 'QR-Code' } as const;

  for (const template of TAG_TEMPLATES) {
    for (const kind of barcodeKindsOf(template)) {
      it(`reads ${kind} on ${template.name}`, async () => {
        const expected = kind === 'ean13' ? '4901234567894' : 'R-2026-00042';
        expect(await scanFirstLabel(template.name, kind)).toEqual([`${symbolNames[kind]}:${expected}`]);
      });
    }
  }

  it("offers each template's own barcode kind", () => {
    for (const template of TAG_TEMPLATES) expect(barcodeKindsOf(template), template.name).toContain(template.barcode!.kind);
  });
});

describe.skipIf(!PDFTOTEXT_PRESENT)('price tag text extracted from the PDF', () => {
  const folder = mkdtempSync(path.join(os.tmpdir(), 'tsunagu-tag-text-'));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  // A long Japanese name tests the narrowest fields: a field that wrapped would come back
  // split over two lines, and one that lost glyphs would come back with other characters.
  const item = { ...RING, name: 'プラチナ ダイヤモンド エタニティ リング' };

  for (const template of TAG_TEMPLATES) {
    it(`extracts each field of ${template.name} unbroken`, async () => {
      const file = path.join(folder, `${template.name}.pdf`);
      writeFileSync(file, await renderTagsPdf(template, buildPrintTags(template, [item], { costCipher: 'BLACKHORSE' })));
      const lines = execFileSync('pdftotext', ['-raw', '-enc', 'UTF-8', file, '-']).toString('utf8').split('\n');

      const texts = tagFieldTexts(item, 'BLACKHORSE');
      for (const layout of template.fields) {
        expect(lines.some((line) => line.includes(texts[layout.field])), `${layout.field}: ${texts[layout.field]}`).toBe(true);
      }
    });
  }
});
