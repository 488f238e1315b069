import PDFDocument from 'pdfkit';
import { describe, expect, it, vi } from 'vitest';
import { buildPrintTags, type PrintTag } from './tags.js';
import { renderTagsPdf } from './pdf.js';
import { findTemplate, mmToPoints, TAG_TEMPLATES, tagFieldTexts, type TagItem } from './templates.js';
import { RING as BASE_RING } from './tag.fixture.js';
import { estimatedWidthEm, renderTagsZpl } from './zpl.js';

const RING: TagItem = { ...BASE_RING, janCode: '4901234567894' };

const PENDANT: TagItem = { ...RING, stockNumber: 'P-2026-00007', name: 'K18 ルビー ペンダント', metal: 'K18', ringSizeTenths: null, janCode: null };

/** One text() call of pdfkit: the string and the font it was drawn with. */
interface DrawnText {
  text: string;
  font: string;
  /** Whether the font has a glyph for every character (glyph 0 is .notdef, the empty box). */
  allGlyphs: boolean;
}

/** The part of pdfkit's internal font state that the test reads: the name and the fontkit font. */
interface PdfWithFont {
  _font: { name: string; font: { layout(text: string): { glyphs: { id: number }[] } } };
}

interface Drawing {
  bytes: Buffer;
  texts: DrawnText[];
  rects: { x: number; y: number; width: number; height: number }[];
}

/** Renders a PDF and records pdfkit's text() and rect() calls, since page contents are compressed. */
async function drawPdf(templateName: string, tags: PrintTag[]): Promise<Drawing> {
  const texts: DrawnText[] = [];
  const originalText = PDFDocument.prototype.text;
  // The font is read when text() is called, because the document switches fonts between calls.
  const textSpy = vi.spyOn(PDFDocument.prototype, 'text').mockImplementation(function (this: PdfWithFont, ...args: unknown[]) {
    const text = String(args[0]);
    texts.push({ text, font: this._font.name, allGlyphs: this._font.font.layout(text).glyphs.every((glyph) => glyph.id !== 0) });
    return (originalText as (...rest: unknown[]) => PdfWithFont).apply(this, args);
  } as typeof originalText);
  const rectSpy = vi.spyOn(PDFDocument.prototype, 'rect');
  try {
    const bytes = await renderTagsPdf(findTemplate(templateName), tags);
    const rects = rectSpy.mock.calls.map(([x, y, width, height]) => ({ x: Number(x), y: Number(y), width: Number(width), height: Number(height) }));
    return { bytes, texts, rects };
  } finally {
    textSpy.mockRestore();
    rectSpy.mockRestore();
  }
}

function mediaBoxes(bytes: Buffer): number[][] {
  return [...bytes.toString('latin1').matchAll(/\/MediaBox \[([^\]]+)\]/g)].map((match) => match[1]!.trim().split(/\s+/).map(Number));
}

function fontNames(bytes: Buffer): string[] {
  return [...bytes.toString('latin1').matchAll(/\/FontName \/([A-Za-z0-9+-]+)/g)].map((match) => match[1]!);
}

function tagsFor(templateName: string, items: TagItem[], barcodeKind?: 'code128' | 'ean13' | 'qr'): PrintTag[] {
  return buildPrintTags(findTemplate(templateName), items, { costCipher: 'BLACKHORSE', barcodeKind });
}

describe('price tag PDF', () => {
  for (const template of TAG_TEMPLATES) {
    it(`has the page size of ${template.name}`, async () => {
      const { bytes } = await drawPdf(template.name, tagsFor(template.name, [RING]));
      const [box] = mediaBoxes(bytes);
      expect(box![2]).toBeCloseTo(mmToPoints(template.pageWidthMm), 2);
      expect(box![3]).toBeCloseTo(mmToPoints(template.pageHeightMm), 2);
      expect(Math.abs(box![2]! - (template.pageWidthMm * 72) / 25.4)).toBeLessThan(0.01);
      expect(Math.abs(box![3]! - (template.pageHeightMm * 72) / 25.4)).toBeLessThan(0.01);
    });
  }

  it('draws the input strings, Japanese in regular and the price in bold', async () => {
    const { texts } = await drawPdf('brother-ql-62x29', tagsFor('brother-ql-62x29', [RING]));
    const expected = tagFieldTexts(RING, 'BLACKHORSE');
    const byText = new Map(texts.map((entry) => [entry.text, entry]));

    expect(texts.map((entry) => entry.text).sort()).toEqual(Object.values(expected).sort());
    expect(byText.get('¥198,000 税込')?.font).toBe('NotoSansJP-Bold');
    expect(byText.get(expected.shortName)?.font).toBe('NotoSansJP-Regular');
    expect(byText.get('ミキモト')?.font).toBe('NotoSansJP-Regular');
    expect(byText.get('銀座本店')?.font).toBe('NotoSansJP-Regular');
    expect(byText.get('SHBBB')?.font).toBe('NotoSansJP-Regular');
    expect(texts.filter((entry) => !entry.allGlyphs)).toEqual([]);
  });

  it('cuts a text too long even at 4 pt', async () => {
    const brand = 'ヴァンクリーフ＆アーペル ハイジュエリー コレクション';
    const { texts } = await drawPdf('a4-65', tagsFor('a4-65', [{ ...RING, brand }]));
    const drawn = texts.find((entry) => brand.startsWith(entry.text.replace(/…$/, '')) && entry.text.endsWith('…'));
    expect(drawn).toBeDefined();
    expect(drawn!.text.length).toBeLessThan(brand.length);
  });

  it('prints the price of goods sold by measure per unit', () => {
    const chain = { ...RING, unit: 'cg' as const, priceIncludingTax: 120 };
    expect(tagFieldTexts(chain, null).price).toBe('¥12,000 税込 / g');
    expect(tagFieldTexts({ ...RING, unit: 'cm' }, null).price).toBe('¥198,000 税込 / cm');
  });

  it('embeds subsets of Noto Sans JP in both weights', async () => {
    const { bytes } = await drawPdf('small-30x20', tagsFor('small-30x20', [RING]));
    const names = fontNames(bytes);
    expect(names.some((name) => /^[A-Z]{6}\+NotoSansJP-Regular$/.test(name))).toBe(true);
    expect(names.some((name) => /^[A-Z]{6}\+NotoSansJP-Bold$/.test(name))).toBe(true);
    expect(bytes.length).toBeLessThan(400_000);
  });

  for (const [templateName, kind] of [
    ['zebra-203-50x25', 'code128'],
    ['zebra-300-50x25', 'ean13'],
    ['dumbbell-58x12', 'qr'],
    ['a4-65', 'code128'],
  ] as const) {
    it(`puts ${kind} bars on whole dots on ${templateName}`, async () => {
      const template = findTemplate(templateName);
      const { rects } = await drawPdf(templateName, tagsFor(templateName, [RING, PENDANT, RING], kind));
      const pointsPerDot = 72 / template.dpi;
      expect(rects.length).toBeGreaterThan(20);
      for (const rect of rects) {
        for (const value of [rect.x, rect.y, rect.width, rect.height]) {
          const dots = value / pointsPerDot;
          expect(Math.abs(dots - Math.round(dots))).toBeLessThan(1e-6);
        }
      }
    });
  }

  it('fills a sheet before starting the next page', async () => {
    const items = Array.from({ length: 41 }, (_, index) => ({ ...RING, stockNumber: `R-2026-${String(index).padStart(5, '0')}` }));
    const { bytes } = await drawPdf('a4-40', tagsFor('a4-40', items));
    expect(mediaBoxes(bytes)).toHaveLength(2);
  });
});

describe('price tag ZPL', () => {
  it('writes one format per tag with UTF-8 text at dot positions', () => {
    const template = findTemplate('zebra-203-50x25');
    const zpl = renderTagsZpl(template, tagsFor(template.name, [RING, PENDANT]));
    expect(zpl.match(/\^XA/g)).toHaveLength(2);
    expect(zpl.match(/\^XZ/g)).toHaveLength(2);
    expect(zpl.match(/\^CI28/g)).toHaveLength(2);
    // 50 mm × 25 mm at 203 dpi: 399 × 199 dots.
    expect(zpl).toContain('^PW399');
    expect(zpl).toContain('^LL199');
    // The price is 1.5 mm in (11 dots), one 7 pt line (3.58 mm) below the 1.5 mm top margin:
    // 5.08 mm is 40 dots. Its 9 pt are 25 dots high.
    expect(zpl).toContain('^FO11,40^A0N,25,25^FH^FD¥198,000 税込^FS');
    expect(zpl).toContain('^FD銀座本店^FS');
    expect(zpl).toMatch(/\^FO\d+,\d+\^BY[1-9]\^BCN,\d+,N,N,N,A\^FH\^FDR-2026-00042\^FS/);
  });

  it('writes ^BE for EAN-13 and ^BQ for QR codes', () => {
    const template = findTemplate('brother-ql-62x29');
    const ean = renderTagsZpl(template, tagsFor(template.name, [RING], 'ean13'));
    expect(ean).toMatch(/\^BY[1-9]\^BEN,\d+,N,N\^FD490123456789\^FS/);
    const qr = renderTagsZpl(template, tagsFor(template.name, [RING], 'qr'));
    expect(qr).toMatch(/\^BQN,2,[1-9]\d?\^FH\^FDMA,R-2026-00042\^FS/);
  });

  it('escapes caret, tilde and underscore in field data', () => {
    const template = findTemplate('zebra-203-50x25');
    const zpl = renderTagsZpl(template, tagsFor(template.name, [{ ...RING, brand: 'A^B~C_D' }]));
    expect(zpl).toContain('^FDA_5EB_7EC_5FD^FS');
  });

  it('cuts a text too long for the smallest font', () => {
    const template = findTemplate('zebra-203-50x25');
    const brand = 'ヴァンクリーフ＆アーペル ハイジュエリー コレクション';
    const zpl = renderTagsZpl(template, tagsFor(template.name, [{ ...RING, brand }]));
    expect(zpl).toMatch(/\^A0N,10,10\^FH\^FDヴァンクリーフ[^^]*…\^FS/);
  });

  it('uses the font given in the options', () => {
    const template = findTemplate('zebra-300-50x25');
    expect(renderTagsZpl(template, tagsFor(template.name, [RING]), { font: '1' })).toContain('^A1N,');
    expect(renderTagsZpl(template, tagsFor(template.name, [RING]), { font: 'E:NOTOJP.TTF' })).toContain('^A@N,29,29,E:NOTOJP.TTF^FH^FD銀座本店^FS');
  });

  it('shrinks a long text so it stays within its field', () => {
    const template = findTemplate('zebra-203-50x25');
    const name = 'プラチナ ダイヤモンド エタニティ リング';
    const zpl = renderTagsZpl(template, tagsFor(template.name, [{ ...RING, name }]));
    const shortName = [...name].slice(0, 14).join('');
    const height = Number(new RegExp(`\\^A0N,(\\d+),\\d+\\^FH\\^FD${shortName}\\^FS`).exec(zpl)?.[1]);
    const field = template.fields.find((layout) => layout.field === 'shortName')!;
    expect(height * estimatedWidthEm(shortName)).toBeLessThanOrEqual((field.widthMm * template.dpi) / 25.4);
    expect(height).toBeGreaterThanOrEqual(10);
  });
});
