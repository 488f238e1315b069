import { describe, expect, it } from 'vitest';
import { parseStockNumberPattern, renderStockNumber, stockNumberCounterName } from './stock-number.js';

function render(pattern: string, date: string, counter: number): string {
  const tokens = parseStockNumberPattern(pattern);
  if (!tokens) throw new Error(`pattern ${pattern} did not parse`);
  return renderStockNumber(tokens, date, counter);
}

describe('stock number pattern', () => {
  it.each([
    ['{YY}{MM}-{SEQ:5}', '2026-12-04', 7, '2612-00007'],
    ['{YYYY}{MM}{DD}-{SEQ:3}', '2026-12-04', 42, '20261204-042'],
    ['R-{SEQ:4}-{YY}', '2027-01-31', 1, 'R-0001-27'],
    ['{SEQ:6}', '2026-12-04', 123456, '123456'],
    ['A{SEQ:1}', '2026-12-04', 9, 'A9'],
  ])('%s on %s with %i renders %s', (pattern, date, counter, expected) => {
    expect(render(pattern, date, counter)).toBe(expected);
  });

  it('writes a counter wider than its width in full', () => {
    expect(render('{YY}-{SEQ:2}', '2026-12-04', 123)).toBe('26-123');
  });

  it.each([
    ['{YY}{MM}', 'no counter'],
    ['{SEQ:3}-{SEQ:3}', 'two counters'],
    ['{SEQ:0}', 'a zero-digit counter'],
    ['{SEQ:10}', 'a ten-digit counter'],
    ['', 'an empty pattern'],
  ])('rejects %s (%s)', (pattern) => {
    expect(parseStockNumberPattern(pattern)).toBeNull();
  });

  it('copies text that is not a token', () => {
    expect(render('{XX}-{SEQ:2}', '2026-12-04', 3)).toBe('{XX}-03');
  });

  it('names the counter after the rendered date parts', () => {
    const monthly = parseStockNumberPattern('{YY}{MM}-{SEQ:5}')!;
    expect(stockNumberCounterName(monthly, '2026-12-04')).toBe('stock_number:2612-{SEQ}');
    expect(stockNumberCounterName(monthly, '2026-12-31')).toBe('stock_number:2612-{SEQ}');
    expect(stockNumberCounterName(monthly, '2027-01-01')).toBe('stock_number:2701-{SEQ}');
  });

  it('keeps the counter when only the width changes', () => {
    const five = parseStockNumberPattern('{YY}{MM}-{SEQ:5}')!;
    const six = parseStockNumberPattern('{YY}{MM}-{SEQ:6}')!;
    expect(stockNumberCounterName(five, '2026-12-04')).toBe(stockNumberCounterName(six, '2026-12-04'));
  });
});
