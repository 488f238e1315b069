import { describe, expect, it } from 'vitest';
import { isDomainError } from '../../shared/errors.js';
import { charactersMissingFromCp932, decodeCsvBytes, encodeCp932, encodeCsvChunk } from './encoding.js';

const hex = (text: string) => Buffer.from(text.replace(/\s+/g, ''), 'hex');

describe('CP932 round trip', () => {
  // ① 87 40, ㈱ 87 8A (NEC row 13), 髙 FB FC and 﨑 FA B1 (IBM extensions), as Windows writes them.
  const bytes = hex('8740 878A FBFC FAB1 2C 8160');

  it('keeps NEC and IBM extension bytes', () => {
    const decoded = decodeCsvBytes(bytes, 'cp932');
    expect(decoded.text).toBe('①㈱髙﨑,～');
    expect(encodeCp932(decoded.text).equals(bytes)).toBe(true);
  });

  it('keeps the string through encode and decode', () => {
    const text = '①㈱髙﨑 ～ Ⅹ ㍻ ∵ ≒';
    const decoded = decodeCsvBytes(encodeCp932(text), 'cp932');
    expect(decoded.text).toBe(text);
  });

  it.each([
    ['\u301c', '\uff5e', '8160'],
    ['\u2212', '\uff0d', '817C'],
    ['\u2016', '\u2225', '8161'],
    ['\u00a2', '\uffe0', '8191'],
    ['\u00a3', '\uffe1', '8192'],
    ['\u00ac', '\uffe2', '81CA'],
    ['\u2014', '\u2015', '815C'],
  ])('writes %j and %j as the same bytes', (jisForm, microsoftForm, expected) => {
    expect(encodeCp932(jisForm).equals(hex(expected))).toBe(true);
    expect(encodeCp932(microsoftForm).equals(hex(expected))).toBe(true);
    expect(charactersMissingFromCp932(jisForm)).toEqual([]);
  });

  it('writes a no-break space as a space', () => {
    expect(encodeCp932('K18\u00a0ring').equals(Buffer.from('K18 ring'))).toBe(true);
    expect(charactersMissingFromCp932('K18\u00a0ring')).toEqual([]);
  });

  it('lists characters CP932 lacks', () => {
    expect(charactersMissingFromCp932('リング💍と🎁?')).toEqual(['💍', '🎁']);
    expect(charactersMissingFromCp932('①㈱髙﨑〜? ')).toEqual([]);
  });
});

describe('decodeCsvBytes', () => {
  it('detects UTF-8 with and without BOM', () => {
    const plain = decodeCsvBytes(Buffer.from('名前,金額\n', 'utf8'), 'auto');
    expect(plain).toEqual({ text: '名前,金額\n', encoding: 'utf8', bom: false, detected: true });

    const withBom = decodeCsvBytes(encodeCsvChunk('名前\n', 'utf8', true), 'auto');
    expect(withBom).toEqual({ text: '名前\n', encoding: 'utf8', bom: true, detected: true });
  });

  it('detects CP932', () => {
    const decoded = decodeCsvBytes(encodeCp932('在庫番号,商品名\nA-1,ダイヤ リング\n'), 'auto');
    expect(decoded.encoding).toBe('cp932');
    expect(decoded.detected).toBe(true);
    expect(decoded.text).toBe('在庫番号,商品名\nA-1,ダイヤ リング\n');
  });

  it('rejects CP932 bytes when UTF-8 is chosen', () => {
    const bytes = encodeCp932('a\nリング\n');
    try {
      decodeCsvBytes(bytes, 'utf8');
      expect.unreachable();
    } catch (error) {
      if (!isDomainError(error)) throw error;
      expect(error.code).toBe('invalid_utf8');
      expect(error.params.line).toBe(2);
    }
  });

  it('rejects bytes CP932 does not define', () => {
    // 0x85 0x40 is an unassigned double-byte code in CP932.
    expect(() => decodeCsvBytes(hex('610A8540'), 'cp932')).toThrow(/line 2/);
  });

  it('writes the BOM on the first chunk only', () => {
    expect([...encodeCsvChunk('a', 'utf8', true)]).toEqual([0xef, 0xbb, 0xbf, 0x61]);
    expect([...encodeCsvChunk('a', 'utf8', false)]).toEqual([0x61]);
  });
});
