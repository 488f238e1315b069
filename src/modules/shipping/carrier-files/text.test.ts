import { describe, expect, it } from 'vitest';
import {
  charactersOutsideCp932,
  collapseSpaces,
  cp932ByteLength,
  fitList,
  foldPlatformDependent,
  isPlatformDependent,
  toHalfWidthKatakana,
} from './text.js';
import { normalizePhone, normalizePostalCode, splitPrefecture } from '../recipient.js';

describe('CP932 width and characters', () => {
  it('counts full-width as 2 bytes', () => {
    expect(cp932ByteLength('東京都')).toBe(6);
    expect(cp932ByteLength('ﾔﾏﾀﾞ')).toBe(4);
    expect(cp932ByteLength('1-7-1')).toBe(5);
    expect(cp932ByteLength('〜')).toBe(2);
  });

  it('lists characters outside CP932', () => {
    expect(charactersOutsideCp932('𠮷野家 😀')).toEqual(['𠮷', '😀']);
    expect(charactersOutsideCp932('吉野家?')).toEqual([]);
  });

  it('tells Windows-only rows apart', () => {
    expect(isPlatformDependent('①')).toBe(true);
    expect(isPlatformDependent('髙')).toBe(true);
    expect(isPlatformDependent('∵')).toBe(false);
    expect(isPlatformDependent('高')).toBe(false);
  });

  it('folds what NFKC maps to plain CP932', () => {
    expect(foldPlatformDependent('㈱ルミエール Ⅱ号館 ①')).toEqual({ text: '(株)ルミエール II号館 1', rejected: [] });
    expect(foldPlatformDependent('5㌔')).toEqual({ text: '5キロ', rejected: [] });
    expect(foldPlatformDependent('髙﨑 ∮')).toEqual({ text: '髙﨑 ∮', rejected: ['髙', '﨑', '∮'] });
  });
});

describe('text normalisation', () => {
  it('collapses full-width and double spaces', () => {
    expect(collapseSpaces('  山田　　花子  様 ')).toBe('山田 花子 様');
  });

  it('converts readings to half-width katakana', () => {
    expect(toHalfWidthKatakana('やまだ　はなこ')).toBe('ﾔﾏﾀﾞ ﾊﾅｺ');
    expect(toHalfWidthKatakana('ジュエリー')).toBe('ｼﾞｭｴﾘｰ');
    expect(toHalfWidthKatakana('ぱぴぷ')).toBe('ﾊﾟﾋﾟﾌﾟ');
    expect(toHalfWidthKatakana('ＡＢＣ しょうじ')).toBe('ABC ｼｮｳｼﾞ');
    expect(toHalfWidthKatakana('山田')).toBeNull();
    expect(toHalfWidthKatakana('ゐ')).toBeNull();
  });

  it('normalises phone numbers', () => {
    expect(normalizePhone('０３－１２３４－５６７８')).toBe('03-1234-5678');
    expect(normalizePhone('03ー1234ー5678')).toBe('03-1234-5678');
    expect(normalizePhone('(03)1234-5678')).toBe('03-1234-5678');
    expect(normalizePhone('09012345678')).toBe('09012345678');
    expect(normalizePhone('03-1234-567')).toBeNull();
    expect(normalizePhone('+81 3 1234 5678')).toBe('03-1234-5678');
    expect(normalizePhone('1234567890')).toBeNull();
  });

  it('normalises postal codes', () => {
    expect(normalizePostalCode('1000014')).toBe('100-0014');
    expect(normalizePostalCode('〒１００－００１４')).toBe('100-0014');
    expect(normalizePostalCode('100-001')).toBeNull();
  });

  it('splits the prefecture off', () => {
    expect(splitPrefecture('東京都千代田区千代田1-1')).toEqual({ prefecture: '東京都', rest: '千代田区千代田1-1' });
    expect(splitPrefecture('北海道札幌市')).toEqual({ prefecture: '北海道', rest: '札幌市' });
    expect(splitPrefecture('東京千代田区')).toEqual({ prefecture: null, rest: '東京千代田区' });
  });
});

describe('fitList', () => {
  it('spreads items over lines', () => {
    expect(fitList(['R-1001', 'R-1002', 'R-1003'], [14, 14])).toEqual(['R-1001 R-1002', 'R-1003']);
  });

  it('ends with the count left out', () => {
    expect(fitList(['R-1001', 'R-1002', 'R-1003'], [16])).toEqual(['R-1001 他2件']);
    expect(fitList([], [16])).toEqual(['']);
  });
});
