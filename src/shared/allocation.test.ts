import { describe, expect, it } from 'vitest';
import { allocateByRatio, isValidRatio, sumAmounts } from './allocation.js';

describe('allocateByRatio', () => {
  it('splits ¥100,000 in three equal parts', () => {
    expect(allocateByRatio(100_000, [1, 1, 1])).toEqual([33_334, 33_333, 33_333]);
  });

  it('gives the leftover yen to the largest remainders', () => {
    // Exact shares 14.2857…, 28.5714…, 57.1428… of ¥100: remainders .29, .57, .14.
    expect(allocateByRatio(100, [1, 2, 4])).toEqual([14, 29, 57]);
  });

  it('breaks equal remainders by line order', () => {
    expect(allocateByRatio(2, [1, 1, 1])).toEqual([1, 1, 0]);
    expect(allocateByRatio(5, [1, 1, 1, 1])).toEqual([2, 1, 1, 1]);
  });

  it('keeps exact shares unchanged', () => {
    expect(allocateByRatio(90_000, [1, 2])).toEqual([30_000, 60_000]);
  });

  it('handles decimal ratios such as carats', () => {
    const parts = allocateByRatio(1_000_000, [0.352, 0.298, 0.35]);
    expect(sumAmounts(parts)).toBe(1_000_000);
    expect(parts).toEqual([352_000, 298_000, 350_000]);
  });

  it('does not drift on 0.1-style ratios', () => {
    expect(allocateByRatio(10, [0.1, 0.2, 0.7])).toEqual([1, 2, 7]);
  });

  it('allocates a zero total as zeros', () => {
    expect(allocateByRatio(0, [1, 3])).toEqual([0, 0]);
  });

  it('gives one part the whole total', () => {
    expect(allocateByRatio(12_345, [7])).toEqual([12_345]);
  });

  it('sums exactly over many cases', () => {
    const totals = [1, 7, 99, 1_000, 33_333, 100_001, 987_654_321, 9_999_999_999];
    const ratioSets = [[1, 1, 1], [1, 2, 3, 4, 5, 6, 7], [0.001, 999], [3.333, 3.333, 3.334], [5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5]];
    for (const total of totals) {
      for (const ratios of ratioSets) {
        const parts = allocateByRatio(total, ratios);
        expect(sumAmounts(parts), `${total} by ${ratios.join(':')}`).toBe(total);
        for (const part of parts) expect(part).toBeGreaterThanOrEqual(0);
      }
    }
  });

  it('keeps every part within one yen of its exact share', () => {
    const total = 1_234_567;
    const ratios = [2.5, 1, 0.125, 7];
    const ratioSum = ratios.reduce((a, b) => a + b, 0);
    allocateByRatio(total, ratios).forEach((part, index) => {
      expect(Math.abs(part - (total * ratios[index]!) / ratioSum)).toBeLessThan(1);
    });
  });

  it('rejects invalid input', () => {
    expect(() => allocateByRatio(-1, [1])).toThrow(RangeError);
    expect(() => allocateByRatio(1.5, [1])).toThrow(RangeError);
    expect(() => allocateByRatio(100, [])).toThrow(RangeError);
    expect(() => allocateByRatio(100, [1, 0])).toThrow(/ratio 0/);
    expect(() => allocateByRatio(100, [1, 0.0001])).toThrow(/ratio 0.0001/);
  });
});

describe('isValidRatio', () => {
  it.each([
    [1, true],
    [0.001, true],
    [12.345, true],
    [0, false],
    [-1, false],
    [0.0005, false],
    [1.2345, false],
    [Number.NaN, false],
    [Number.POSITIVE_INFINITY, false],
  ])('%d → %s', (ratio, expected) => {
    expect(isValidRatio(ratio)).toBe(expected);
  });
});
