import { describe, expect, it } from 'vitest';
import { isDomainError } from '../../shared/errors.js';
import { parseCsvTable } from './rows.js';

describe('parseCsvTable', () => {
  it('words an unclosed quote in both languages', () => {
    try {
      parseCsvTable('在庫番号,商品名\r\n"R-1,リング\r\n');
      expect.unreachable('the parse should have failed');
    } catch (error) {
      if (!isDomainError(error)) throw error;
      expect(error.code).toBe('csv_syntax');
      expect(error.messages.ja).toContain('引用符 " が閉じられていません');
      expect(error.messages.en).toContain('a quote (") is not closed');
      expect(error.messages.ja).not.toMatch(/Quote Not Closed/i);
    }
  });
});
