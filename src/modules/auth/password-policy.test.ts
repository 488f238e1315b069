import { describe, expect, it } from 'vitest';
import { isDomainError } from '../../shared/errors.js';
import { assertPasswordAllowed } from './password-policy.js';

/** Error code raised for the password, or 'ok' when it is allowed. */
function verdict(password: string, email = 'hanako.sato@example.test'): string {
  try {
    assertPasswordAllowed(password, email);
    return 'ok';
  } catch (error) {
    if (isDomainError(error)) return error.code;
    throw error;
  }
}

describe('password rules', () => {
  it('accepts long phrases', () => {
    expect(verdict('correct horse battery')).toBe('ok');
    expect(verdict('宝石の在庫を毎朝数えています')).toBe('ok');
    expect(verdict('x'.repeat(11) + 'y')).toBe('ok');
  });

  it('checks the length in characters', () => {
    expect(verdict('short phrase')).toBe('ok');
    expect(verdict('short phras')).toBe('password_too_short');
    // Twelve kanji are twelve characters, although they take 36 bytes in UTF-8.
    expect(verdict('東京都中央区銀座四丁目六番')).toBe('ok');
    expect(verdict('a b'.repeat(85) + 'c')).toBe('ok');
    expect(verdict('a b'.repeat(86))).toBe('password_too_long');
  });

  it('rejects a single repeated character', () => {
    expect(verdict('aaaaaaaaaaaa')).toBe('password_repeated_character');
    expect(verdict('ＡａＡａＡａＡａＡａＡａ')).toBe('password_repeated_character');
    expect(verdict('111111111111')).toBe('password_repeated_character');
  });

  it('rejects the email local part', () => {
    expect(verdict('hanako.sato is my name')).toBe('password_contains_email');
    expect(verdict('HANAKO.SATO-2026-spring')).toBe('password_contains_email');
    expect(verdict('hanako.sato@example.test')).toBe('password_contains_email');
    // Local parts under four characters are only rejected as the whole password.
    expect(verdict('the ant ate the cake', 'ant@example.test')).toBe('ok');
  });

  it('rejects common passwords', () => {
    for (const password of [
      'password1234',
      'Password2026!',
      'ＰＡＳＳＷＯＲＤ１２３４',
      'pass word 1234',
      'qwertyuiop@[',
      '1qaz2wsx3edc',
      'sakurasakura',
      'tsunagu12345',
      '!!tsunagu2026',
      '202620262026',
      'doraemon1234',
    ]) {
      expect(verdict(password), password).toBe('password_common');
    }
  });

  it('rejects listed words with separators', () => {
    for (const password of [
      'password-password',
      'sakura-sakura',
      'tsunagu-tsunagu',
      'Tsunagu-Tsunagu',
      'sakura_2026_sakura',
      'pass1234word',
      'love love love love',
    ]) {
      expect(verdict(password), password).toBe('password_common');
    }
  });

  it('rejects a short repeated unit', () => {
    for (const password of ['abcabcabcabc', 'abc-abc-abc-abc', 'xyz xyz xyz xyz', 'ab12ab12ab12', 'ＡＢＣａｂｃＡＢＣａｂｃ', 'qzqzqzqzqzqz']) {
      expect(verdict(password), password).toBe('password_repeated_pattern');
    }
  });

  it('accepts a unit longer than four', () => {
    expect(verdict('abcdeabcdeabcde')).toBe('ok');
    expect(verdict('a9b2a7b1c3d4')).toBe('ok');
  });

  it('keeps words inside phrases', () => {
    expect(verdict('my password is long enough')).toBe('ok');
    expect(verdict('sakura blooms in april')).toBe('ok');
    expect(verdict('correct horse battery')).toBe('ok');
    expect(verdict('violet harbour lantern')).toBe('ok');
    expect(verdict('Violet-Harbour-Lantern-7')).toBe('ok');
  });

  it('names the rule in both languages', () => {
    try {
      assertPasswordAllowed('password1234', 'a@example.test');
      expect.unreachable();
    } catch (error) {
      if (!isDomainError(error)) throw error;
      expect(error.messages.ja).toContain('推測されやすいパスワードを使わない規則');
      expect(error.messages.en).toContain('rule: no easily guessed passwords');
      expect(error.details).toEqual({ field: 'password' });
    }

    try {
      assertPasswordAllowed('abcabcabcabc', 'a@example.test');
      expect.unreachable();
    } catch (error) {
      if (!isDomainError(error)) throw error;
      expect(error.messages.ja).toContain('短い並びの繰り返しは使えない規則');
      expect(error.messages.en).toContain('rule: no short repeated sequence');
    }
  });
});
