import { describe, expect, it } from 'vitest';
import { isDomainError } from '../../shared/errors.js';
import { eanCheckDigit, minModuleDots, placeBarcode } from './barcodes.js';
import {
  barcodeAreaOf,
  barcodeText,
  encodeCost,
  findTemplate,
  labelOrigin,
  labelsPerPage,
  normalizeCostCipher,
  TAG_FIELDS,
  TAG_TEMPLATES,
  tagFieldTexts,
  textLineHeightMm,
} from './templates.js';
import { RING } from './tag.fixture.js';

describe('tag templates', () => {
  it('have the physical sizes of their stock', () => {
    const sizes = Object.fromEntries(TAG_TEMPLATES.map((t) => [t.name, [t.pageWidthMm, t.pageHeightMm, t.labelWidthMm, t.labelHeightMm, labelsPerPage(t), t.dpi]]));
    expect(sizes).toEqual({
      'dumbbell-58x12': [58, 12, 58, 12, 1, 300],
      'small-30x20': [30, 20, 30, 20, 1, 300],
      'brother-ql-62x29': [62, 29, 62, 29, 1, 300],
      'zebra-203-50x25': [50, 25, 50, 25, 1, 203],
      'zebra-300-50x25': [50, 25, 50, 25, 1, 300],
      'a4-40': [210, 297, 48.5, 25.4, 40, 600],
      'a4-65': [210, 297, 38.1, 21.2, 65, 600],
    });
  });

  it('keep every label on the page with equal margins on the sheets', () => {
    for (const template of TAG_TEMPLATES) {
      const last = labelOrigin(template, labelsPerPage(template) - 1);
      const right = template.pageWidthMm - (last.xMm + template.labelWidthMm);
      const bottom = template.pageHeightMm - (last.yMm + template.labelHeightMm);
      expect(right, template.name).toBeCloseTo(labelOrigin(template, 0).xMm, 6);
      expect(bottom, template.name).toBeCloseTo(labelOrigin(template, 0).yMm, 6);
    }
    expect(labelOrigin(findTemplate('a4-65'), 6)).toEqual({ xMm: 4.75 + 40.6, yMm: 10.7 + 21.2 });
    expect(labelOrigin(findTemplate('a4-40'), 40)).toEqual({ xMm: 8, yMm: 21.5 });
  });

  it('keep fields and barcode inside the label', () => {
    for (const template of TAG_TEMPLATES) {
      for (const layout of template.fields) {
        expect(layout.xMm + layout.widthMm, `${template.name} ${layout.field}`).toBeLessThanOrEqual(template.labelWidthMm + 1e-9);
        expect(layout.yMm + textLineHeightMm(layout.fontSizePt), `${template.name} ${layout.field}`).toBeLessThanOrEqual(template.labelHeightMm);
      }
      const barcode = template.barcode!;
      expect(barcode.xMm + barcode.widthMm, template.name).toBeLessThanOrEqual(template.labelWidthMm);
      expect(barcode.yMm + barcode.heightMm, template.name).toBeLessThanOrEqual(template.labelHeightMm);
    }
  });

  it('fit the barcode of a 12-character stock number', () => {
    for (const template of TAG_TEMPLATES) {
      const barcode = template.barcode!;
      const area = barcodeAreaOf(template, barcode.kind);
      const placed = placeBarcode(barcode.kind, RING.stockNumber, area);
      expect(placed.widthDots, template.name).toBeLessThanOrEqual(area.widthDots);
      expect(placed.moduleDots, template.name).toBeGreaterThanOrEqual(minModuleDots(barcode.kind, template.dpi));
    }
  });

  it('raise an error naming an unknown template and the known ones', () => {
    try {
      findTemplate('dumbell');
      expect.unreachable();
    } catch (error) {
      if (!isDomainError(error)) throw error;
      expect(error.code).toBe('unknown_template');
      expect(error.messages.en).toContain('"dumbell"');
      expect(error.messages.en).toContain('a4-65');
    }
  });
});

describe('tag field texts', () => {
  it('format every field of a ring', () => {
    expect(tagFieldTexts(RING, 'blackhorse')).toEqual({
      stockNumber: 'R-2026-00042',
      price: '¥198,000 税込',
      metal: 'PT900',
      weight: '3.25g',
      carat: '0.302ct',
      size: '11.5号',
      brand: 'ミキモト',
      shortName: 'PT900 ダイヤモンド リ',
      costCode: 'SHBBB',
      location: '銀座本店',
    });
    expect(Object.keys(tagFieldTexts(RING, null)).sort()).toEqual([...TAG_FIELDS].sort());
  });

  it('leave empty what the item lacks, and the cost code without a cipher', () => {
    const texts = tagFieldTexts({ ...RING, metalWeightCg: null, mainStoneCaratMct: null, ringSizeTenths: null, brand: null }, null);
    expect([texts.weight, texts.carat, texts.size, texts.brand, texts.costCode]).toEqual(['', '', '', '', '']);
    expect(tagFieldTexts({ ...RING, metalWeightCg: 300, ringSizeTenths: 110 }, null)).toMatchObject({ weight: '3g', size: '11号' });
  });
});

describe('cost cipher', () => {
  it('maps the digits 0 to 9 to the letters in order', () => {
    expect(encodeCost(35000, 'BLACKHORSE')).toBe('CHBBB');
    expect(encodeCost(1234567890, 'BLACKHORSE')).toBe('LACKHORSEB');
    expect(normalizeCostCipher(' blackhorse ')).toBe('BLACKHORSE');
  });

  it('rejects repeated letters, digits and wrong lengths', () => {
    for (const cipher of ['JEWELRYBOX', 'BLACKHORS', 'BLACKHORSE1', 'BLACK0ORSE']) {
      expect(() => normalizeCostCipher(cipher), cipher).toThrow(/cost cipher/);
    }
  });
});

describe('barcode text', () => {
  it('uses the stock number for Code 128 and QR and a JAN code for EAN-13', () => {
    expect(barcodeText(RING, 'code128')).toBe('R-2026-00042');
    expect(barcodeText(RING, 'qr')).toBe('R-2026-00042');
    expect(barcodeText({ ...RING, janCode: '4901234567894' }, 'ean13')).toBe('4901234567894');
    expect(barcodeText(RING, 'ean13')).toBe(`200000000042${eanCheckDigit('200000000042')}`);
  });
});
