import bwipjs from 'bwip-js';
import { describe, expect, it } from 'vitest';
import { isDomainError } from '../../shared/errors.js';
import {
  code128CheckValue,
  code128SetBValues,
  CODE128_START_B,
  dotsToMm,
  eanCheckDigit,
  inStoreJan,
  isInStoreJan,
  minModuleDots,
  isValidEan,
  mmToDots,
  placeBarcode,
  verifyEan,
} from './barcodes.js';

function errorOf(run: () => unknown): { code: string; ja: string; en: string } {
  try {
    run();
  } catch (error) {
    if (isDomainError(error)) return { code: error.code, ja: error.messages.ja, en: error.messages.en };
    throw error;
  }
  throw new Error('expected a domain error');
}

/** Bar and space widths of a Code 128 drawing by bwip-js, in modules. */
function code128Widths(text: string): number[] {
  const [drawing] = bwipjs.raw({ bcid: 'code128', text }) as unknown as { sbs: number[] }[];
  return drawing!.sbs;
}

describe('EAN-13 / JAN and EAN-8 check digits', () => {
  it('computes the check digit of known codes', () => {
    expect(eanCheckDigit('490123456789')).toBe(4);
    expect(eanCheckDigit('978030640615')).toBe(7);
    expect(eanCheckDigit('9638507')).toBe(4);
    expect(eanCheckDigit('400638133393')).toBe(1);
  });

  it('accepts correct codes and rejects a wrong check digit naming the right one', () => {
    expect(verifyEan('4901234567894')).toBe('4901234567894');
    expect(verifyEan('96385074')).toBe('96385074');
    expect(isValidEan('4901234567895')).toBe(false);

    const wrong = errorOf(() => verifyEan('4901234567895'));
    expect(wrong.code).toBe('wrong_check_digit');
    expect(wrong.en).toContain('should be 4');
    expect(wrong.ja).toContain('正しくは 4');
    expect(errorOf(() => verifyEan('96385075')).code).toBe('wrong_check_digit');
  });

  it('rejects codes of the wrong length or with letters', () => {
    expect(errorOf(() => verifyEan('49012345678')).code).toBe('invalid_ean_length');
    expect(errorOf(() => verifyEan('49012345678AB')).code).toBe('invalid_ean_length');
  });
});

describe('in-store JAN codes', () => {
  it('makes a code from a sequence and from the digits of a stock number', () => {
    const fromSequence = inStoreJan(20, 42);
    expect(fromSequence).toBe(`200000000042${eanCheckDigit('200000000042')}`);
    expect(isValidEan(fromSequence)).toBe(true);
    expect(isInStoreJan(fromSequence)).toBe(true);

    const fromStockNumber = inStoreJan(29, 'R-2026-0042');
    expect(fromStockNumber.slice(0, 12)).toBe('290020260042');
    expect(isValidEan(fromStockNumber)).toBe(true);
    expect(isInStoreJan('4901234567894')).toBe(false);
  });

  it('rejects prefixes outside 20 to 29 and numbers of more than 10 digits', () => {
    expect(errorOf(() => inStoreJan(19, 1)).code).toBe('invalid_in_store_prefix');
    expect(errorOf(() => inStoreJan(30, 1)).code).toBe('invalid_in_store_prefix');
    expect(errorOf(() => inStoreJan(20, '12345678901')).code).toBe('in_store_number_too_long');
    expect(errorOf(() => inStoreJan(20, 'ABC')).code).toBe('in_store_number_too_long');
  });
});

describe('Code 128 check value', () => {
  it('matches values worked out by hand', () => {
    // 104 + 48·1 + 42·2 + 42·3 + 17·4 + 18·5 + 19·6 + 35·7 = 879, and 879 mod 103 = 55.
    expect(code128CheckValue(CODE128_START_B, code128SetBValues('PJJ123C'))).toBe(55);
    // 104 + 33·1 + 34·2 + 35·3 = 310, and 310 mod 103 = 1.
    expect(code128CheckValue(CODE128_START_B, code128SetBValues('ABC'))).toBe(1);
  });

  it('matches the check symbol that bwip-js draws', () => {
    // Each symbol is 6 widths; the check symbol comes just before the 7-width stop. The
    // check value 55 is the character "W" in code set B, so both must draw the same bars.
    const widths = code128Widths('PJJ123C');
    const checkSymbol = widths.slice(-13, -7);
    const value = code128CheckValue(CODE128_START_B, code128SetBValues('PJJ123C'));
    const sameValueAsData = code128Widths(String.fromCharCode(value + 32)).slice(6, 12);
    expect(checkSymbol).toEqual(sameValueAsData);
  });

  it('rejects text that is not printable ASCII', () => {
    expect(errorOf(() => code128SetBValues('指輪')).code).toBe('not_code128_text');
  });
});

describe('module widths in whole printer dots', () => {
  it('converts dots and millimetres', () => {
    expect(dotsToMm(2, 203)).toBeCloseTo(0.25, 3);
    expect(mmToDots(0.25, 203)).toBe(1);
    expect(mmToDots(25.4, 300)).toBe(300);
  });

  for (const dpi of [203, 300]) {
    it(`places every Code 128, EAN-13 and QR module on whole dots at ${dpi} dpi`, () => {
      const area = { widthDots: mmToDots(50, dpi), heightDots: mmToDots(12, dpi), maxModuleDots: 4, minModuleDots: 1 };
      for (const [kind, text] of [['code128', 'R-2026-0042'], ['ean13', '4901234567894'], ['qr', 'R-2026-0042']] as const) {
        const placed = placeBarcode(kind, text, area);
        expect(Number.isInteger(placed.moduleDots)).toBe(true);
        expect(placed.moduleDots).toBeGreaterThanOrEqual(1);
        expect(placed.widthDots).toBeLessThanOrEqual(area.widthDots);
        for (const rect of placed.rects) {
          expect(Number.isInteger(rect.x)).toBe(true);
          expect(Number.isInteger(rect.width)).toBe(true);
          expect(rect.width % placed.moduleDots).toBe(0);
        }
      }
    });
  }

  it('chooses 2 dots (0.250 mm) at 203 dpi when the bars fit twice but not three times', () => {
    const modules = 10 + code128Widths('R-1').reduce((sum, width) => sum + width, 0) + 10;
    const placed = placeBarcode('code128', 'R-1', { widthDots: modules * 3 - 1, heightDots: 80, maxModuleDots: 4, minModuleDots: 2 });
    expect(placed.moduleDots).toBe(2);
    expect(dotsToMm(placed.moduleDots, 203)).toBeCloseTo(0.25, 3);
  });

  it('raises a clear error when even one dot per module does not fit', () => {
    const error = errorOf(() => placeBarcode('code128', 'R-2026-0042', { widthDots: 50, heightDots: 40, maxModuleDots: 2, minModuleDots: 1 }));
    expect(error.code).toBe('barcode_too_wide');
    expect(error.en).toContain('R-2026-0042');
  });

  it('keeps modules at the readable minimum', () => {
    expect(minModuleDots('code128', 203)).toBe(2);
    expect(minModuleDots('code128', 300)).toBe(2);
    expect(minModuleDots('code128', 600)).toBe(4);
    expect(minModuleDots('qr', 300)).toBe(3);
    expect(minModuleDots('qr', 600)).toBe(5);

    const modules = 10 + code128Widths('R-1').reduce((sum, width) => sum + width, 0) + 10;
    const oneDot = errorOf(() => placeBarcode('code128', 'R-1', { widthDots: modules * 2 - 1, heightDots: 80, maxModuleDots: 4, minModuleDots: 2 }));
    expect(oneDot.code).toBe('barcode_too_wide');
    expect(oneDot.en).toContain('readable bar width of 2 dots');
  });
});
