import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { percentWithOneDecimal, reportCsv, reportXlsx } from './export.js';
import type { ReportTable } from './table.js';

const table: ReportTable = {
  id: 'example',
  title: { ja: '例', en: 'Example' },
  notes: [],
  columns: [
    { key: 'name', label: { ja: '拠点', en: 'Location' }, type: 'text' },
    { key: 'achievement', label: { ja: '達成率', en: 'Achievement' }, type: 'percent' },
    { key: 'lastSuccessAt', label: { ja: '最終成功', en: 'Last success' }, type: 'text' },
  ],
  rows: [{ name: '銀座本店', achievement: 0.4085, lastSuccessAt: '2026-12-05T16:47:26.795Z' }],
  totals: null,
};

describe('report exports', () => {
  it('rounds percentages from basis points, as the screens do', () => {
    expect(percentWithOneDecimal(0.4085)).toBe(40.9);
    expect(percentWithOneDecimal(0.4084)).toBe(40.8);
    expect(percentWithOneDecimal(-0.1235)).toBe(-12.3);
  });

  it('writes times in Japan time and percentages with one decimal', () => {
    // 16:47 UTC on 5 December is 01:47 on 6 December in Japan.
    expect(iconv.decode(reportCsv(table, 'ja', 'cp932'), 'cp932')).toBe('拠点,達成率 (%),最終成功\r\n銀座本店,40.9,2026-12-06 01:47\r\n');
  });

  it('keeps the fraction in Excel with a percent format, and the time in Japan time', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await reportXlsx(table, 'en')) as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    const header = sheet.getRow(3);
    expect(header.getCell(2).value).toBe('Achievement');
    const row = sheet.getRow(4);
    expect([row.getCell(1).value, row.getCell(2).value, row.getCell(2).numFmt, row.getCell(3).value]).toEqual(['銀座本店', 0.4085, '0.0%', '2026-12-06 01:47']);
  });
});
