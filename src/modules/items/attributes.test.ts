import { describe, expect, it } from 'vitest';
import { isValidInvoiceRegistrationNumber, isValidJanCode, isValidMetal, normalizeMetal } from './attributes.js';
import { itemAttributesInput } from './schemas.js';

describe('isValidJanCode', () => {
  it.each([
    ['4901234567894', 'JAN-13 with a Japanese 49 prefix'],
    ['4006381333931', 'EAN-13'],
    ['49123456', 'EAN-8 with a Japanese 49 prefix'],
    ['73513537', 'EAN-8'],
  ])('accepts %s (%s)', (code) => {
    expect(isValidJanCode(code)).toBe(true);
  });

  it.each([
    ['4901234567890', 'wrong check digit'],
    ['49123457', 'EAN-8 with a wrong check digit'],
    ['490123456789', '12 digits'],
    ['49012345678941', '14 digits'],
    ['49O1234567894', 'a letter O in place of a zero'],
    ['４９０１２３４５６７８９４', 'full-width digits'],
    ['', 'empty'],
  ])('rejects %s (%s)', (code) => {
    expect(isValidJanCode(code)).toBe(false);
  });
});

describe('isValidInvoiceRegistrationNumber', () => {
  it('accepts T7000012050002', () => {
    expect(isValidInvoiceRegistrationNumber('T7000012050002')).toBe(true);
  });

  it.each([
    ['T7000012050003', 'check digit off by one in the body'],
    ['T6000012050002', 'wrong check digit'],
    ['7000012050002', 'missing T'],
    ['t7000012050002', 'lower-case t'],
    ['T700001205000', '12 digits'],
    ['T70000120500021', '14 digits'],
  ])('rejects %s (%s)', (text) => {
    expect(isValidInvoiceRegistrationNumber(text)).toBe(false);
  });
});

describe('normalizeMetal', () => {
  it.each([
    ['k18', 'K18'],
    ['ｋ１８ｗｇ', 'K18WG'],
    ['Pt900', 'PT900'],
    [' pt 950 ', 'PT950'],
    ['pt900／k18', 'PT900/K18'],
    ['Pt900・K18', 'PT900/K18'],
    ['PT900+K18PG', 'PT900/K18PG'],
    ['18K', 'K18'],
    ['18kwg', 'K18WG'],
    ['sv925', 'SV925'],
  ])('%s → %s', (input, expected) => {
    expect(normalizeMetal(input)).toBe(expected);
  });

  it('leaves unknown text for the check to reject', () => {
    expect(normalizeMetal('gold')).toBe('GOLD');
    expect(isValidMetal(normalizeMetal('gold'))).toBe(false);
  });
});

describe('isValidMetal', () => {
  it('accepts single codes and up to three combined', () => {
    expect(isValidMetal('PT900')).toBe(true);
    expect(isValidMetal('PT900/K18')).toBe(true);
    expect(isValidMetal('PT900/K18/SV925')).toBe(true);
  });

  it('rejects four metals and unknown finenesses', () => {
    expect(isValidMetal('PT900/K18/SV925/K10')).toBe(false);
    expect(isValidMetal('K19')).toBe(false);
    expect(isValidMetal('PT900/')).toBe(false);
  });
});

describe('itemAttributesInput', () => {
  const ring = { name: 'Pt900 ダイヤモンド リング', category: 'ring', cost: 100_000, retailPrice: 264_000 };

  it('applies defaults and normalises the metal', () => {
    const parsed = itemAttributesInput.parse({ ...ring, metal: 'ｐｔ９００' });
    expect(parsed.metal).toBe('PT900');
    expect(parsed.tracking).toBe('unique');
    expect(parsed.unit).toBe('piece');
    expect(parsed.condition).toBe('new');
    expect(parsed.tags).toEqual([]);
    expect(parsed.photos).toEqual([]);
  });

  it('names the field of each broken rule', () => {
    const result = itemAttributesInput.safeParse({
      ...ring,
      category: 'necklace',
      ringSizeTenths: 115,
      unit: 'cm',
      mainStoneKind: 'ルビー',
      mainStoneClarity: 'VS1',
      conditionGrade: 'A',
      certificateNumber: 'No. 123',
    });
    expect(result.success).toBe(false);
    const fields = result.error!.issues.map((issue) => issue.path.join('.'));
    expect(fields).toContain('unit');
    expect(fields).toContain('ringSizeTenths');
    expect(fields).toContain('mainStoneClarity');
    expect(fields).toContain('conditionGrade');
    expect(fields).toContain('certificateKind');
  });

  it('accepts clarity for a diamond written in Japanese', () => {
    const parsed = itemAttributesInput.parse({ ...ring, mainStoneKind: 'ダイヤモンド', mainStoneClarity: 'VS1', mainStoneCut: '3EX' });
    expect(parsed.mainStoneClarity).toBe('VS1');
  });
});
