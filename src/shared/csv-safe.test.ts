import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { excelSafeCell, toExcelCsv } from './csv-safe.js';

describe('excelSafeCell', () => {
  it.each([
    ['=SUM(A1:A2)', "'=SUM(A1:A2)"],
    ['+81 3 1234', "'+81 3 1234"],
    ['-5', "'-5"],
    ['@cmd', "'@cmd"],
    ['\tx', "'\tx"],
    ['\rx', "'\rx"],
    ['K18 リング', 'K18 リング'],
    ['a=b', 'a=b'],
    ['', ''],
  ])('neutralises %j', (input, expected) => {
    expect(excelSafeCell(input)).toBe(expected);
  });

  it('keeps numbers as numbers', () => {
    expect(excelSafeCell(-1200)).toBe(-1200);
    expect(excelSafeCell(0)).toBe(0);
  });

  it('writes null and undefined as empty', () => {
    expect(excelSafeCell(null)).toBe('');
    expect(excelSafeCell(undefined)).toBe('');
  });
});

describe('toExcelCsv', () => {
  it('writes UTF-8 with a BOM and CRLF', () => {
    const bytes = toExcelCsv(['名前', '金額'], [['=1+1', -300]], 'utf8');
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.subarray(3).toString('utf8')).toBe("名前,金額\r\n'=1+1,-300\r\n");
  });

  it('writes CP932 that decodes back', () => {
    const bytes = toExcelCsv(['氏名'], [['山田 太郎']], 'cp932');
    expect(bytes[0]).not.toBe(0xef);
    expect(iconv.decode(bytes, 'cp932')).toBe('氏名\r\n山田 太郎\r\n');
  });

  it('keeps wave dashes, minus signs and en dashes in CP932 instead of writing "?"', () => {
    const csv = toExcelCsv(['価格帯'], [['3 万〜9 万円'], ['¥30,000–¥99,999'], ['−5']], 'cp932');
    const text = iconv.decode(csv, 'cp932');
    expect(text).not.toContain('?');
    // ¥ is byte 0x5C, which Japanese Windows shows as ¥ and iconv-lite decodes as a backslash.
    expect(text).toBe('価格帯\r\n3 万～9 万円\r\n"\\30,000-\\99,999"\r\n－5\r\n');
  });

  it('quotes cells with commas and quotes', () => {
    const bytes = toExcelCsv(['a'], [['x,"y"']], 'utf8');
    expect(bytes.subarray(3).toString('utf8')).toBe('a\r\n"x,""y"""\r\n');
  });
});
