import { describe, expect, it } from 'vitest';
import { foldForSearch } from './text.js';

describe('foldForSearch', () => {
  it.each([
    ['ﾘﾝｸﾞ', 'リング'],
    ['りんぐ', 'リング'],
    ['Ｋ１８ＷＧ', 'k18wg'],
    ['ダイヤ  モンド', 'ダイヤ モンド'],
    ['ゔぁ', 'ヴァ'],
  ])('folds %s to %s', (input, expected) => {
    expect(foldForSearch(input)).toBe(expected);
  });

  it('is idempotent', () => {
    const once = foldForSearch('ﾙﾋﾞｰ と りんぐ Ｐｔ９００');
    expect(foldForSearch(once)).toBe(once);
  });

  it('leaves long vowels and kanji alone', () => {
    expect(foldForSearch('ルビー 指輪')).toBe('ルビー 指輪');
  });
});
