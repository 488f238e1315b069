import { describe, expect, it } from 'vitest';
import { buildReceiptModel } from './model.js';
import { renderReceiptPdf } from './pdf.js';
import { COMPANY, LOCATION, longSale, mixedRateSale, ringReturn } from './receipt.fixture.js';
import type { SaleOutput } from '../sales/schemas.js';

// pdfkit compresses page contents but writes object dictionaries (pages, fonts) as plain
// text, so the page count and the embedded font names can be read from the bytes.

function pdf(sale: SaleOutput, copy = false): Promise<Buffer> {
  return renderReceiptPdf(buildReceiptModel(sale, COMPANY, LOCATION, { locale: 'ja', copy }));
}

function pageCount(bytes: Buffer): number {
  return bytes.toString('latin1').match(/\/Type \/Page\b(?!s)/g)?.length ?? 0;
}

function fontNames(bytes: Buffer): string[] {
  return [...bytes.toString('latin1').matchAll(/\/FontName \/([A-Za-z0-9+-]+)/g)].map((match) => match[1]!);
}

describe('renderReceiptPdf', () => {
  it('writes one page for short sales', async () => {
    const started = performance.now();
    const bytes = await pdf(mixedRateSale());
    expect(performance.now() - started).toBeLessThan(3_000);

    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(bytes.subarray(-6).toString('latin1')).toContain('%%EOF');
    expect(pageCount(bytes)).toBe(1);
    // A subset of two weights: a few dozen kilobytes, not the 5 MB font files.
    expect(bytes.length).toBeGreaterThan(5_000);
    expect(bytes.length).toBeLessThan(400_000);
  });

  it('embeds subsets of Noto Sans JP', async () => {
    const names = fontNames(await pdf(mixedRateSale()));
    expect(names.some((name) => /^[A-Z]{6}\+NotoSansJP-Regular$/.test(name))).toBe(true);
    expect(names.some((name) => /^[A-Z]{6}\+NotoSansJP-Bold$/.test(name))).toBe(true);
    expect(names.every((name) => name.includes('NotoSansJP'))).toBe(true);
  });

  it('breaks a 60-line sale over pages', async () => {
    const started = performance.now();
    const bytes = await pdf(longSale(60), true);
    expect(performance.now() - started).toBeLessThan(3_000);
    expect(pageCount(bytes)).toBeGreaterThan(1);
    expect(pageCount(bytes)).toBeLessThan(5);
  });

  it('renders return, void and unregistered', async () => {
    const variants = [
      ringReturn(),
      mixedRateSale({ status: 'voided', voidedAt: '2026-12-04T06:00:00.000Z', voidReason: '打ち間違い' }),
      mixedRateSale({ invoiceRegistrationNumber: null, customerName: null }),
    ];
    for (const sale of variants) {
      const bytes = await pdf(sale);
      expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      expect(pageCount(bytes)).toBe(1);
    }
  });
});
