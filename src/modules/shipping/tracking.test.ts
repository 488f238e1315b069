import { describe, expect, it } from 'vitest';
import { domainErrorOf } from '../../../test/helpers/errors.js';
import { checkTrackingNumber, domesticCheckDigit, normalizeTrackingNumber, s10CheckDigit } from './tracking.js';

describe('domestic tracking numbers', () => {
  it('compute the mod-7 check digit of published samples', () => {
    expect(domesticCheckDigit('44441375870')).toBe(3);
    expect(domesticCheckDigit('51254751433')).toBe(4);
    expect(domesticCheckDigit('40554842488')).toBe(6);
    expect(domesticCheckDigit('42579209432')).toBe(4);
    expect(domesticCheckDigit('99999999999')).toBe(4);
  });

  it('accept valid numbers of each carrier', () => {
    expect(checkTrackingNumber('444413758703', 'yamato')).toBe('444413758703');
    expect(checkTrackingNumber('512547514334', 'sagawa')).toBe('512547514334');
    expect(checkTrackingNumber('4055-4842-4886', 'japanpost')).toBe('405548424886');
    expect(checkTrackingNumber('４００００００００００２', 'yamato')).toBe('400000000002');
  });

  it('name the right digit of a mistyped number', () => {
    const error = domainErrorOf(() => checkTrackingNumber('444413758704', 'yamato'));
    expect(error.code).toBe('tracking_check_digit');
    expect(error.messageIn('en')).toContain('ends in 4; it should be 3');
    expect(error.messageIn('ja')).toContain('正しくは 3');
  });

  it('reject other lengths and letters', () => {
    expect(domainErrorOf(() => checkTrackingNumber('44441375870', 'yamato')).code).toBe('tracking_number_format');
    expect(domainErrorOf(() => checkTrackingNumber('EE123456785JP', 'sagawa')).code).toBe('tracking_number_format');
    expect(domainErrorOf(() => checkTrackingNumber('', 'japanpost')).messageIn('ja')).toContain('日本郵便');
  });
});

describe('UPU S10 numbers', () => {
  it('compute check digits including the 10 and 11 cases', () => {
    expect(s10CheckDigit('47312482')).toBe(9);
    expect(s10CheckDigit('12345678')).toBe(5);
    expect(s10CheckDigit('00000008')).toBe(0);
    expect(s10CheckDigit('00000000')).toBe(5);
  });

  it('accept valid international numbers for Japan Post', () => {
    expect(checkTrackingNumber('ee123456785jp', 'japanpost')).toBe('EE123456785JP');
    expect(checkTrackingNumber('AA473124829GB', 'japanpost')).toBe('AA473124829GB');
    expect(checkTrackingNumber('RR000000005JP', 'japanpost')).toBe('RR000000005JP');
  });

  it('reject a wrong S10 check digit', () => {
    const error = domainErrorOf(() => checkTrackingNumber('EE123456784JP', 'japanpost'));
    expect(error.code).toBe('tracking_check_digit');
    expect(error.messageIn('en')).toContain('should be 5');
  });

  it('fold spaces, hyphens and full width', () => {
    expect(normalizeTrackingNumber(' ＥＥ １２３４５６７８５ ｊｐ ')).toBe('EE123456785JP');
    expect(normalizeTrackingNumber('4055−4842−4886')).toBe('405548424886');
  });
});
