import { describe, expect, it } from 'vitest';
import { code128Svg } from './barcode.js';
import { escapeHtml, renderReceiptHtml } from './html.js';
import { buildReceiptModel } from './model.js';
import { COMPANY, excludedItemSale, LOCATION, longSale, mixedRateSale, ringReturn } from './receipt.fixture.js';
import type { SaleOutput } from '../sales/schemas.js';

function html(sale: SaleOutput, options: { locale?: 'ja' | 'en'; copy?: boolean; widthMm?: 58 | 80 } = {}): string {
  const model = buildReceiptModel(sale, COMPANY, LOCATION, { locale: options.locale ?? 'ja', copy: options.copy ?? false });
  return renderReceiptHtml(model, { widthMm: options.widthMm ?? 80 });
}

function pageHeightMm(page: string): number {
  const match = /@page \{ size: \d+mm (\d+)mm;/.exec(page);
  if (!match) throw new Error('no @page size in the receipt');
  return Number(match[1]);
}

describe('escapeHtml', () => {
  it('escapes markup and quotes', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });
});

describe('renderReceiptHtml', () => {
  it('is a complete page', () => {
    const page = html(mixedRateSale());
    expect(page.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(page).toContain('<meta charset="utf-8">');
    expect(page.trimEnd().endsWith('</html>')).toBe(true);
  });

  it('escapes all sale text', () => {
    const sale = mixedRateSale({ customerName: '<script>alert(1)</script>', registerName: 'R&D "1"' });
    sale.lines[0]!.itemName = '<img src=x onerror=alert(2)>';
    const page = html(sale);
    expect(page).not.toContain('<script');
    expect(page).not.toContain('<img');
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt; 様');
    expect(page).toContain('&lt;img src=x onerror=alert(2)&gt;');
    expect(page).toContain('R&amp;D &quot;1&quot;');
  });

  it('sizes the page for 58 mm rolls', () => {
    const page = html(mixedRateSale(), { widthMm: 58 });
    expect(page).toMatch(/@page \{ size: 58mm \d+mm; margin: 0; \}/);
    expect(page).toContain('.receipt { width: 48mm;');
    expect(page).toContain('<body class="roll-58">');
  });

  it('sizes the page for 80 mm rolls', () => {
    const page = html(mixedRateSale(), { widthMm: 80 });
    expect(page).toMatch(/@page \{ size: 80mm \d+mm; margin: 0; \}/);
    expect(page).toContain('.receipt { width: 72mm;');
  });

  it('grows the page with lines', () => {
    const short = pageHeightMm(html(mixedRateSale()));
    const long = pageHeightMm(html(longSale(60)));
    expect(short).toBeGreaterThan(80);
    expect(long).toBeGreaterThan(short + 60 * 8);
  });

  it('inlines the sale number barcode', () => {
    const page = html(mixedRateSale());
    const expected = code128Svg('S2612-00042');
    expect(expected).not.toBeNull();
    expect(page).toContain('<svg class="barcode" role="img" aria-label="S2612-00042"');
    // The bars are bwip-js's own for this number: the same path data appears in the page.
    const bars = /<path[^>]*d="([^"]+)"/.exec(expected!.svg)?.[1];
    expect(bars).toBeDefined();
    expect(page).toContain(bars!);
    expect(code128Svg('S2612-00043')?.svg).not.toBe(expected!.svg);
  });

  it('omits barcode for non-ASCII numbers', () => {
    const page = html(mixedRateSale({ number: '売上-1' }));
    expect(page).not.toContain('<svg');
    expect(page).toContain('販売番号 売上-1');
  });

  it('loads no external resources', () => {
    const page = html(mixedRateSale());
    expect(page).not.toMatch(/<link|<script|<img|src=|url\(|@import/);
  });

  it('prints Japanese labels', () => {
    const page = html(mixedRateSale());
    expect(page).toContain('<html lang="ja">');
    for (const text of ['適格簡易請求書', '2点 @¥3,240', '登録番号 T7000012050002', '10%対象', '8%対象', '内消費税', '※は軽減税率対象', '端数処理: 切り捨て', '合計', 'お釣り']) {
      expect(page).toContain(text);
    }
  });

  it('prints English labels', () => {
    const page = html(mixedRateSale(), { locale: 'en' });
    expect(page).toContain('<html lang="en">');
    for (const text of ['Qualified simplified invoice', 'Registration No. T7000012050002', '10% items', 'Tax rounding: round down', 'Total', 'Change']) {
      expect(page).toContain(text);
    }
    for (const text of ['適格簡易請求書', '合計', 'お釣り', '対象']) expect(page).not.toContain(text);
  });

  it('puts copy mark above title', () => {
    const page = html(mixedRateSale(), { copy: true });
    const mark = page.indexOf('<div class="copy">控え（再発行）</div>');
    expect(mark).toBeGreaterThan(0);
    expect(mark).toBeLessThan(page.indexOf('適格簡易請求書</div>'));
    expect(html(mixedRateSale())).not.toContain('控え');
  });

  it('prints gross amount, then discount', () => {
    const page = html(mixedRateSale());
    const ring = page.slice(page.indexOf('R-0001'), page.indexOf('F-0002'));
    expect(ring).toContain('<span class="r">¥110,000</span>');
    expect(ring).toContain('<span class="l">値引 10%</span><span class="r">-¥11,000</span>');
    expect(ring.indexOf('¥110,000')).toBeLessThan(ring.indexOf('-¥11,000'));
    // The discounted ¥99,000 is not printed as the line's amount as well.
    expect(page).not.toContain('¥99,000');
  });

  it('prints a tax-excluded item price', () => {
    const page = html(excludedItemSale(), { widthMm: 58 });
    expect(page).toContain('<div class="name">K18 ピアス</div>\n<div class="item-price">税抜 ¥12,345</div>\n<div class="row indent"><span class="l">2点 @¥13,579</span><span class="r">¥27,158</span></div>');
    expect(page).toContain('<span class="l">値引 ¥777</span><span class="r">-¥777</span>');
    expect(page).toContain('<span class="l">合計</span><span class="r">¥26,381</span>');
    expect(html(excludedItemSale(), { locale: 'en' })).toContain('<div class="item-price">excl. tax ¥12,345</div>');
  });

  it('labels a return number 返品番号', () => {
    const page = html(ringReturn());
    expect(page).toContain('<span class="l">返品番号</span><span class="r">R2612-00003</span>');
    expect(page).toContain('<div class="center small">返品番号 R2612-00003</div>');
    expect(page).toContain('<span class="l">元の販売番号</span><span class="r">S2612-00042</span>');
    expect(page).not.toMatch(/>販売番号|販売番号 R2612/);
    expect(html(ringReturn(), { locale: 'en' })).toContain('<span class="l">Return No.</span><span class="r">R2612-00003</span>');
    expect(html(mixedRateSale())).toContain('<div class="center small">販売番号 S2612-00042</div>');
  });

  it('prints a return with negative amounts', () => {
    const page = html(ringReturn());
    expect(page).toContain('適格返還請求書');
    expect(page).toContain('<div class="mark">返品</div>');
    expect(page).toContain('-¥98,061');
    expect(page).toContain('返金額');
  });

  it('prints the not-qualified notice', () => {
    const page = html(mixedRateSale({ invoiceRegistrationNumber: null }));
    expect(page).toContain('登録番号が設定されていないため、この書類は適格請求書ではありません。');
    expect(page).not.toContain('適格簡易請求書');
  });

  it('prints 取消 on a voided sale', () => {
    const page = html(mixedRateSale({ status: 'voided', voidedAt: '2026-12-04T06:00:00.000Z', voidReason: null }));
    expect(page).toContain('<div class="mark">取消</div>');
  });
});
