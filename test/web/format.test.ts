import { describe, expect, it } from 'vitest';
import {
  computeTax,
  formatCarats,
  formatGrams,
  formatLengthCm,
  formatQuantity,
  formatRingSize,
  formatYen,
  fromBaseUnits,
  toBaseUnits,
  todayInTokyo,
} from '../../web/src/lib/format.js';

describe('web display formats', () => {
  it('formatYen groups thousands', () => {
    expect(formatYen(0)).toBe('¥0');
    expect(formatYen(1234567)).toBe('¥1,234,567');
    expect(formatYen(-1500)).toBe('-¥1,500');
    expect(formatYen(null)).toBe('');
  });

  it('formatGrams shows two decimals', () => {
    expect(formatGrams(350)).toBe('3.50 g');
    expect(formatGrams(5)).toBe('0.05 g');
    expect(formatGrams(123456)).toBe('1,234.56 g');
    expect(formatGrams(undefined)).toBe('');
  });

  it('formatCarats shows three decimals', () => {
    expect(formatCarats(1012)).toBe('1.012 ct');
    expect(formatCarats(30)).toBe('0.030 ct');
  });

  it('formatRingSize uses 号 with halves', () => {
    expect(formatRingSize(120)).toBe('12号');
    expect(formatRingSize(115)).toBe('11.5号');
  });

  it('formatRingSize writes size in English', () => {
    expect(formatRingSize(100, 'en')).toBe('size 10');
    expect(formatRingSize(115, 'en')).toBe('size 11.5');
  });

  it('formatLengthCm converts millimetres', () => {
    expect(formatLengthCm(450)).toBe('45 cm');
    expect(formatLengthCm(455)).toBe('45.5 cm');
  });

  it('formatQuantity follows the unit', () => {
    expect(formatQuantity(3, 'piece', 'ja')).toBe('3点');
    expect(formatQuantity(3, 'piece', 'en')).toBe('3 pcs');
    expect(formatQuantity(1, 'piece', 'en')).toBe('1 pc');
    expect(formatQuantity(1050, 'cg', 'ja')).toBe('10.50 g');
    expect(formatQuantity(2500, 'mct', 'en')).toBe('2.500 ct');
    expect(formatQuantity(45, 'cm', 'en')).toBe('45 cm');
  });
});

describe('web unit conversion', () => {
  it('toBaseUnits rounds float noise away', () => {
    expect(toBaseUnits(0.29, 100)).toBe(29);
    expect(toBaseUnits(3.5, 100)).toBe(350);
    expect(toBaseUnits(1.005, 1000)).toBe(1005);
    expect(toBaseUnits(11.5, 10)).toBe(115);
    expect(toBaseUnits(null, 100)).toBeNull();
    expect(toBaseUnits(undefined, 100)).toBeNull();
  });

  it('fromBaseUnits reverses toBaseUnits', () => {
    expect(fromBaseUnits(350, 100)).toBe(3.5);
    expect(fromBaseUnits(null, 100)).toBeNull();
  });
});

describe('web tax preview', () => {
  it.each([
    { amount: 1234, rate: 10, rounding: 'down', tax: 123 },
    { amount: 1234, rate: 10, rounding: 'half_up', tax: 123 },
    { amount: 1235, rate: 10, rounding: 'half_up', tax: 124 },
    { amount: 1231, rate: 10, rounding: 'up', tax: 124 },
    { amount: 1230, rate: 10, rounding: 'up', tax: 123 },
    { amount: 999, rate: 8, rounding: 'down', tax: 79 },
    { amount: 999, rate: 8, rounding: 'half_up', tax: 80 },
    { amount: 5000, rate: 0, rounding: 'up', tax: 0 },
  ] as const)('$amount yen at $rate% rounded $rounding is $tax', ({ amount, rate, rounding, tax }) => {
    expect(computeTax(amount, rate, rounding)).toBe(tax);
  });
});

describe('web business date', () => {
  it('todayInTokyo uses Japan time', () => {
    // 15:30 UTC is 00:30 the next day in Tokyo.
    expect(todayInTokyo(new Date('2026-03-31T15:30:00Z'))).toBe('2026-04-01');
    expect(todayInTokyo(new Date('2026-03-31T14:59:00Z'))).toBe('2026-03-31');
  });
});
