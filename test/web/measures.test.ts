import { describe, expect, it } from 'vitest';
import { CARATS, CENTIMETRES, GRAMS, isValidMeasure, measureRule, parseYenText, QUANTITY, RING_SIZE, YEN } from '../../web/src/lib/measures.js';

describe('measure checks', () => {
  it('ring size accepts 1 to 30 in halves', () => {
    for (const size of [1, 1.5, 11, 11.5, 30]) expect(isValidMeasure(size, RING_SIZE), String(size)).toBe(true);
  });

  it('ring size rejects out of range', () => {
    expect(isValidMeasure(40, RING_SIZE)).toBe(false);
    expect(isValidMeasure(30.5, RING_SIZE)).toBe(false);
    expect(isValidMeasure(0.5, RING_SIZE)).toBe(false);
  });

  it('ring size rejects off-step values', () => {
    expect(isValidMeasure(11.3, RING_SIZE)).toBe(false);
    expect(isValidMeasure(11.25, RING_SIZE)).toBe(false);
  });

  it('carats allow at most 3 decimals', () => {
    expect(isValidMeasure(0.305, CARATS)).toBe(true);
    expect(isValidMeasure(1, CARATS)).toBe(true);
    expect(isValidMeasure(0.12345, CARATS)).toBe(false);
    expect(isValidMeasure(0.5555, CARATS)).toBe(false);
    expect(isValidMeasure(-0.1, CARATS)).toBe(false);
  });

  it('grams allow 2 decimals, not negative', () => {
    expect(isValidMeasure(3.5, GRAMS)).toBe(true);
    // 0.29 * 100 is 28.999… in binary floating point and must still pass.
    expect(isValidMeasure(0.29, GRAMS)).toBe(true);
    expect(isValidMeasure(0, GRAMS)).toBe(true);
    expect(isValidMeasure(-3, GRAMS)).toBe(false);
    expect(isValidMeasure(3.555, GRAMS)).toBe(false);
  });

  it('centimetres allow 1 decimal', () => {
    expect(isValidMeasure(45.5, CENTIMETRES)).toBe(true);
    expect(isValidMeasure(45.55, CENTIMETRES)).toBe(false);
  });

  it('yen must be whole and not negative', () => {
    expect(isValidMeasure(12000, YEN)).toBe(true);
    expect(isValidMeasure(0, YEN)).toBe(true);
    expect(isValidMeasure(1.5, YEN)).toBe(false);
    expect(isValidMeasure(-3, YEN)).toBe(false);
  });

  it('quantity needs whole base units', () => {
    expect(isValidMeasure(1250, QUANTITY.cg)).toBe(true);
    expect(isValidMeasure(12.5, QUANTITY.cg)).toBe(false);
    expect(isValidMeasure(0, QUANTITY.piece)).toBe(false);
    expect(isValidMeasure(-1, QUANTITY.mct)).toBe(false);
  });

  it('empty values pass, NaN fails', () => {
    expect(isValidMeasure(null, RING_SIZE)).toBe(true);
    expect(isValidMeasure(undefined, YEN)).toBe(true);
    expect(isValidMeasure(Number.NaN, GRAMS)).toBe(false);
  });
});

describe('measureRule', () => {
  const t = (key: string) => `[${key}]`;

  it('rejects with the spec message', async () => {
    await expect(measureRule(t, RING_SIZE).validator({}, 40)).rejects.toThrow('[validation.ringSize]');
  });

  it('passes valid and empty values', async () => {
    await expect(measureRule(t, CARATS).validator({}, 0.305)).resolves.toBeUndefined();
    await expect(measureRule(t, CARATS).validator({}, null)).resolves.toBeUndefined();
  });
});

describe('parseYenText', () => {
  it('reads separators and full-width digits', () => {
    expect(parseYenText('¥１,２００')).toBe(1200);
    expect(parseYenText('12,000')).toBe(12000);
  });

  it('keeps minus and decimals for the check', () => {
    expect(parseYenText('-3')).toBe(-3);
    expect(parseYenText('1.5')).toBe(1.5);
  });

  it('returns null for blank, NaN for text', () => {
    expect(parseYenText('')).toBeNull();
    expect(parseYenText(undefined)).toBeNull();
    expect(parseYenText('abc')).toBeNaN();
  });
});
