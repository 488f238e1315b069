import PDFDocument from 'pdfkit';
import { describe, expect, it, vi } from 'vitest';
import { buildReceiptModel } from './model.js';
import { renderReceiptPdf } from './pdf.js';
import { COMPANY, excludedItemSale, LOCATION, longSale, mixedRateSale, ringReturn } from './receipt.fixture.js';
import type { SaleOutput } from '../sales/schemas.js';

// pdfkit compresses page contents but writes object dictionaries (pages, fonts) as plain
// text, so the page count and the embedded font names can be read from the bytes.

function pdf(sale: SaleOutput, copy = false): Promise<Buffer> {
  return renderReceiptPdf(buildReceiptModel(sale, COMPANY, LOCATION, { locale: 'ja', copy }));
}

/** One call of pdfkit's text(): what was written and where, in points from the page's top left. */
interface DrawnText {
  text: string;
  x: number;
  y: number;
}

/**
 * Renders the invoice and returns every text it wrote, in order. Page contents are
 * compressed and the fonts are subsets, so the texts are read from pdfkit's text() calls.
 */
async function drawnTexts(sale: SaleOutput, locale: 'ja' | 'en' = 'ja'): Promise<DrawnText[]> {
  const spy = vi.spyOn(PDFDocument.prototype, 'text');
  try {
    await renderReceiptPdf(buildReceiptModel(sale, COMPANY, LOCATION, { locale, copy: false }));
    return spy.mock.calls.map(([text, x, y]) => ({ text: String(text), x: Number(x), y: Number(y) }));
  } finally {
    spy.mockRestore();
  }
}

function drawn(texts: DrawnText[], text: string): DrawnText {
  const found = texts.find((entry) => entry.text === text);
  if (!found) throw new Error(`"${text}" is not on the invoice; it has: ${texts.map((entry) => entry.text).join(' | ')}`);
  return found;
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

  it('prints gross amount, then discount', async () => {
    const texts = await drawnTexts(mixedRateSale());
    const ring = drawn(texts, 'R-0001');
    const gross = drawn(texts, '¥110,000');
    const discount = drawn(texts, '-¥11,000');
    expect(gross.y).toBe(ring.y);
    expect(drawn(texts, '値引 10%').y).toBe(discount.y);
    expect(discount.y).toBeGreaterThan(gross.y);
    expect(texts.some((entry) => entry.text === '¥99,000')).toBe(false);
  });

  it('fills unit price of tax-excluded items', async () => {
    const texts = await drawnTexts(excludedItemSale());
    const row = drawn(texts, 'E-0003');
    const quantity = texts.find((entry) => entry.text === '2' && entry.y === row.y);
    const unit = drawn(texts, '¥13,579');
    const itemPrice = drawn(texts, '税抜 ¥12,345');
    const amount = drawn(texts, '¥27,158');
    // Quantity, unit price and amount sit on the line's row, in that order from the left.
    expect(quantity).toBeDefined();
    expect(unit.y).toBe(row.y);
    expect(amount.y).toBe(row.y);
    expect(unit.x).toBeGreaterThan(quantity!.x);
    expect(unit.x).toBeLessThan(amount.x);
    // The item's own price, marked 税抜, is under the unit price and above the discount.
    expect(itemPrice.y).toBeGreaterThan(unit.y);
    expect(itemPrice.x).toBeGreaterThan(quantity!.x);
    expect(itemPrice.x).toBeLessThan(amount.x);
    expect(drawn(texts, '-¥777').y).toBeGreaterThan(itemPrice.y);

    const english = await drawnTexts(excludedItemSale(), 'en');
    expect(drawn(english, 'excl. tax ¥12,345').x).toBeLessThan(drawn(english, '¥27,158').x);
  });

  it('labels a return number 返品番号', async () => {
    const texts = await drawnTexts(ringReturn());
    expect(drawn(texts, '返品番号').x).toBeLessThan(drawn(texts, 'R2612-00003').x);
    drawn(texts, '返品番号 R2612-00003');
    expect(texts.some((entry) => entry.text === '販売番号' || entry.text.startsWith('販売番号 '))).toBe(false);
    drawn(await drawnTexts(mixedRateSale()), '販売番号 S2612-00042');
  });
});
