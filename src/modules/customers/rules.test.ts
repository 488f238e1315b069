import { describe, expect, it } from 'vitest';
import type { Customer } from '../../db/schema.js';
import { customerInput } from './schemas.js';
import { addDays, buildCustomerSearchText, mergeFill, monthDaysInWindow, normalizeKana, parseSearchQuery, phoneDigits } from './rules.js';

function customerRow(overrides: Partial<Customer>): Customer {
  return {
    id: 1,
    code: 'C000001',
    family_name: '山田',
    given_name: null,
    family_name_kana: null,
    given_name_kana: null,
    phone: null,
    phone_digits: null,
    email: null,
    postal_code: null,
    prefecture: null,
    address: null,
    birthday: null,
    birthday_md: null,
    anniversaries_json: '[]',
    ring_sizes_json: '[]',
    preferences: null,
    consent_to_contact: 0,
    consent_updated_at: null,
    notes: null,
    home_location_id: null,
    search_text: '',
    merged_into_id: null,
    anonymized_at: null,
    created_by: null,
    created_at: '2026-01-01T00:00:00.000Z',
    updated_at: '2026-01-01T00:00:00.000Z',
    ...overrides,
  };
}

describe('customer search text', () => {
  it('folds kana of any width and script alike', () => {
    expect(normalizeKana('ﾔﾏﾀﾞ')).toBe('ヤマダ');
    expect(normalizeKana('やまだ')).toBe('ヤマダ');
    const text = buildCustomerSearchText({
      code: 'C000001',
      family_name: '山田',
      given_name: '花子',
      family_name_kana: 'ヤマダ',
      given_name_kana: 'ハナコ',
      email: 'Hanako@Example.jp',
      phone_digits: '09012345678',
    });
    expect(text).toContain('山田花子');
    expect(text).toContain('ヤマダハナコ');
    expect(text).toContain('hanako@example.jp');
    expect(text).toContain('09012345678');
  });

  it('reads phone-like words as digits', () => {
    expect(parseSearchQuery('090-1234')).toEqual([{ word: '090-1234', digits: '0901234' }]);
    expect(parseSearchQuery('０９０ー１２３４')[0]?.digits).toBe('0901234');
    expect(parseSearchQuery('(03) 5555')).toEqual([
      { word: '(03)', digits: '03' },
      { word: '5555', digits: '5555' },
    ]);
    expect(parseSearchQuery('ｶﾞｰﾈｯﾄ')).toEqual([{ word: 'ガーネット', digits: null }]);
  });

  it('keeps only the digits of a phone number', () => {
    expect(phoneDigits('０９０－１２３４－５６７８')).toBe('09012345678');
    expect(phoneDigits('+81 (90) 1234')).toBe('81901234');
    expect(phoneDigits('')).toBeNull();
  });
});

describe('upcoming date window', () => {
  it('crosses the year end', () => {
    const window = monthDaysInWindow('2026-12-30', 4);
    expect([...window.entries()]).toEqual([
      ['12-30', '2026-12-30'],
      ['12-31', '2026-12-31'],
      ['01-01', '2027-01-01'],
      ['01-02', '2027-01-02'],
    ]);
  });

  it('moves 29 February to the 28th in common years', () => {
    expect(monthDaysInWindow('2027-02-27', 3).get('02-29')).toBe('2027-02-28');
    expect(monthDaysInWindow('2028-02-27', 3).get('02-29')).toBe('2028-02-29');
    expect(monthDaysInWindow('2028-02-27', 3).get('02-28')).toBe('2028-02-28');
  });

  it('adds days across months and leap days', () => {
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2027-02-28', 1)).toBe('2027-03-01');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
  });
});

describe('merge fill', () => {
  it('fills only empty target fields', () => {
    const target = customerRow({ id: 1, phone: '03-1111-2222', phone_digits: '0311112222' });
    const source = customerRow({ id: 2, phone: '090-0000-0000', phone_digits: '09000000000', email: 'a@example.jp', birthday: '1980-05-01', birthday_md: '05-01' });
    const { fill, changed } = mergeFill(target, source);
    expect(fill.phone).toBeUndefined();
    expect(fill.email).toBe('a@example.jp');
    expect(fill.birthday_md).toBe('05-01');
    expect(changed).toEqual(['email', 'birthday']);
  });

  it('combines anniversaries and ring sizes', () => {
    const target = customerRow({
      anniversaries_json: JSON.stringify([{ label: '結婚記念日', date: '2010-06-01' }]),
      ring_sizes_json: JSON.stringify([{ finger: 'left_ring', sizeTenths: 90 }]),
    });
    const source = customerRow({
      anniversaries_json: JSON.stringify([
        { label: '結婚記念日', date: '2010-06-01' },
        { label: '婚約記念日', date: '2009-12-24' },
      ]),
      ring_sizes_json: JSON.stringify([
        { finger: 'left_ring', sizeTenths: 100 },
        { finger: 'right_middle', sizeTenths: 120 },
      ]),
    });
    const { fill } = mergeFill(target, source);
    expect(JSON.parse(fill.anniversaries_json ?? '[]')).toHaveLength(2);
    expect(JSON.parse(fill.ring_sizes_json ?? '[]')).toEqual([
      { finger: 'left_ring', sizeTenths: 90 },
      { finger: 'right_middle', sizeTenths: 120 },
    ]);
  });

  it('takes the consent that changed last', () => {
    const target = customerRow({ consent_to_contact: 0, consent_updated_at: '2025-01-01T00:00:00.000Z' });
    const newer = customerRow({ consent_to_contact: 1, consent_updated_at: '2026-01-01T00:00:00.000Z' });
    expect(mergeFill(target, newer).fill.consent_to_contact).toBe(1);
    const older = customerRow({ consent_to_contact: 1, consent_updated_at: '2024-01-01T00:00:00.000Z' });
    expect(mergeFill(target, older).fill.consent_to_contact).toBeUndefined();
  });
});

describe('customer input', () => {
  it('normalises kana, phone and postal code', () => {
    const parsed = customerInput.parse({
      familyName: ' 山田 ',
      familyNameKana: 'やまだ',
      givenNameKana: 'ﾊﾅｺ',
      phone: '０９０-１２３４-５６７８',
      postalCode: '1000005',
      prefecture: '東京都',
    });
    expect(parsed.familyName).toBe('山田');
    expect(parsed.familyNameKana).toBe('ヤマダ');
    expect(parsed.givenNameKana).toBe('ハナコ');
    expect(parsed.phone).toBe('090-1234-5678');
    expect(parsed.postalCode).toBe('100-0005');
    expect(parsed.consentToContact).toBe(false);
  });

  it('rejects kanji as a reading and an unknown prefecture', () => {
    const result = customerInput.safeParse({ familyName: '山田', familyNameKana: '山田', prefecture: 'Tokyo' });
    expect(result.success).toBe(false);
    const fields = result.error?.issues.map((issue) => issue.path.join('.'));
    expect(fields).toContain('familyNameKana');
    expect(fields).toContain('prefecture');
  });

  it('rejects a second size for one finger', () => {
    const result = customerInput.safeParse({
      familyName: '山田',
      ringSizes: [
        { finger: 'left_ring', sizeTenths: 90 },
        { finger: 'left_ring', sizeTenths: 95 },
      ],
    });
    expect(result.success).toBe(false);
  });
});
