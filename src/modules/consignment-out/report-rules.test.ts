import { describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/helpers/database.js';
import { createTestLocation } from '../../../test/helpers/factories.js';
import { nowIso } from '../../db/database.js';
import { agingBucket, daysBetween } from './aging.js';
import { parseReportCsv, isDigestConflict } from './report-import.js';
import { computeSaleAmounts } from './reports.js';

describe('sale amounts', () => {
  it('floors the commission under rate terms', () => {
    expect(computeSaleAmounts({ terms: 'rate', rateBp: 2750, netAmount: null }, 99_999)).toEqual({ commission: 27_499, receivable: 72_500 });
    expect(computeSaleAmounts({ terms: 'rate', rateBp: 0, netAmount: null }, 50_000)).toEqual({ commission: 0, receivable: 50_000 });
  });

  it('keeps the net amount under net terms', () => {
    expect(computeSaleAmounts({ terms: 'net', rateBp: null, netAmount: 80_000 }, 100_000)).toEqual({ commission: 20_000, receivable: 80_000 });
    expect(computeSaleAmounts({ terms: 'net', rateBp: null, netAmount: 80_000 }, 75_000)).toEqual({ commission: -5_000, receivable: 80_000 });
  });
});

describe('aging buckets', () => {
  it('splits at 30, 60 and 90 days', () => {
    expect([0, 30, 31, 60, 61, 90, 91].map(agingBucket)).toEqual(['0_30', '0_30', '31_60', '31_60', '61_90', '61_90', 'over_90']);
  });

  it('counts days across a month end', () => {
    expect(daysBetween('2026-11-04', '2026-12-04')).toBe(30);
    expect(daysBetween('2026-12-31', '2027-01-01')).toBe(1);
  });
});

describe('report csv parsing', () => {
  it('reads japanese headers in any order', () => {
    const parsed = parseReportCsv('販売価格（税込）,区分,在庫番号,販売日\r\n"¥132,000",販売,２６１２－０００１,2026/12/4\r\n,返品,2612-0002,\r\n\r\n');
    expect(parsed.issues).toEqual([]);
    expect(parsed.rowCount).toBe(2);
    expect(parsed.rows).toEqual([
      { row: 2, line: { stockNumber: '2612-0001', outcome: 'sold', soldOn: '2026-12-04', salePrice: 132_000 } },
      { row: 3, line: { stockNumber: '2612-0002', outcome: 'returned', soldOn: null, salePrice: null } },
    ]);
  });

  it('names the row and column of bad cells', () => {
    const parsed = parseReportCsv('stock_number,outcome,sold_on,sale_price\n2612-0001,sold,2026-02-30,12.5\n');
    expect(parsed.rows).toEqual([]);
    expect(parsed.issues.map((issue) => [issue.row, issue.column, issue.value])).toEqual([
      [2, 'sold_on', '2026-02-30'],
      [2, 'sale_price', '12.5'],
    ]);
  });

  it('rejects a file without required columns', () => {
    expect(() => parseReportCsv('在庫番号,販売日\n2612-0001,2026-12-04\n')).toThrow(/区分/);
  });
});

describeEachDatabase('report file digest', (database) => {
  it('detects a second report of one file', async () => {
    const db = database().db;
    const location = await createTestLocation(db, { kind: 'partner' });
    const consignee = await db
      .insertInto('consignees')
      .values({ code: `D${location.id}`, name: 'digest test', kind: 'other', location_id: location.id, created_at: nowIso(), updated_at: nowIso() })
      .returning('id')
      .executeTakeFirstOrThrow();
    const report = (number: string) => ({
      number,
      consignee_id: consignee.id,
      reported_on: '2026-12-05',
      source: 'csv' as const,
      file_sha256: `digest-${location.id}`,
      created_at: nowIso(),
    });
    await db.insertInto('consignment_out_reports').values(report(`DIGEST-A-${location.id}`)).execute();

    const error = await db.insertInto('consignment_out_reports').values(report(`DIGEST-B-${location.id}`)).execute().catch((caught: unknown) => caught);
    expect(isDigestConflict(error)).toBe(true);
  });
});
