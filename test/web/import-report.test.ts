import { describe, expect, it } from 'vitest';
import { hasFileLevelErrors } from '../../web/src/pages/csv/importReport.js';

const issue = { row: 1, column: null, value: null, message: '必須の列がありません: 商品名' };

describe('hasFileLevelErrors', () => {
  it('is true when no row was checked', () => {
    expect(hasFileLevelErrors({ errors: [issue], invalid: 0 })).toBe(true);
  });

  it('is false for row errors', () => {
    expect(hasFileLevelErrors({ errors: [{ ...issue, row: 3 }], invalid: 1 })).toBe(false);
  });

  it('is false without errors', () => {
    expect(hasFileLevelErrors({ errors: [], invalid: 0 })).toBe(false);
  });
});
