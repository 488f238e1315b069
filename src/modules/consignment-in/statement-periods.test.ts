import { describe, expect, it } from 'vitest';
import { addDays, closingDateOf, duePeriods, isClosingDate, MAX_DUE_PERIODS, periodContaining, periodOfMonth, statementPeriod } from './statement-periods.js';

describe('closingDateOf', () => {
  it('closes day 31 on each month end', () => {
    expect(closingDateOf(31, 2026, 1)).toBe('2026-01-31');
    expect(closingDateOf(31, 2026, 4)).toBe('2026-04-30');
    expect(closingDateOf(31, 2026, 2)).toBe('2026-02-28');
    expect(closingDateOf(31, 2028, 2)).toBe('2028-02-29');
  });

  it('caps a day a short month lacks', () => {
    expect(closingDateOf(30, 2026, 2)).toBe('2026-02-28');
    expect(closingDateOf(29, 2028, 2)).toBe('2028-02-29');
    expect(closingDateOf(20, 2026, 2)).toBe('2026-02-20');
  });

  it('rejects a closing day outside 1-31', () => {
    expect(() => closingDateOf(0, 2026, 1)).toThrow(RangeError);
    expect(() => closingDateOf(32, 2026, 1)).toThrow(RangeError);
  });
});

describe('periodOfMonth', () => {
  it('covers the calendar month for day 31', () => {
    expect(periodOfMonth(31, 2026, 11)).toEqual({ from: '2026-11-01', to: '2026-11-30' });
    expect(periodOfMonth(31, 2026, 2)).toEqual({ from: '2026-02-01', to: '2026-02-28' });
    expect(periodOfMonth(31, 2027, 1)).toEqual({ from: '2027-01-01', to: '2027-01-31' });
  });

  it('runs 21st to 20th for day 20', () => {
    expect(periodOfMonth(20, 2026, 3)).toEqual({ from: '2026-02-21', to: '2026-03-20' });
    expect(periodOfMonth(20, 2027, 1)).toEqual({ from: '2026-12-21', to: '2027-01-20' });
  });

  it('joins short-month periods without gaps', () => {
    // Day 30: February closes on the 28th, so March starts on 1 March and closes on the 30th.
    expect(periodOfMonth(30, 2026, 2)).toEqual({ from: '2026-01-31', to: '2026-02-28' });
    expect(periodOfMonth(30, 2026, 3)).toEqual({ from: '2026-03-01', to: '2026-03-30' });
    expect(periodOfMonth(30, 2026, 4)).toEqual({ from: '2026-03-31', to: '2026-04-30' });
    expect(periodOfMonth(30, 2026, 5)).toEqual({ from: '2026-05-01', to: '2026-05-30' });
  });

  it('covers every day of a year exactly once', () => {
    for (const closingDay of [1, 15, 20, 28, 29, 30, 31]) {
      let expected = periodOfMonth(closingDay, 2028, 1).from;
      for (let month = 1; month <= 12; month += 1) {
        const period = periodOfMonth(closingDay, 2028, month);
        expect(period.from, `closing day ${closingDay}, month ${month}`).toBe(expected);
        expect(period.to >= period.from).toBe(true);
        expected = addDays(period.to, 1);
      }
    }
  });
});

describe('periodContaining', () => {
  it('puts the day after closing in the next period', () => {
    expect(periodContaining(20, '2026-03-20')).toEqual({ from: '2026-02-21', to: '2026-03-20' });
    expect(periodContaining(20, '2026-03-21')).toEqual({ from: '2026-03-21', to: '2026-04-20' });
    expect(periodContaining(20, '2026-12-25')).toEqual({ from: '2026-12-21', to: '2027-01-20' });
  });

  it('puts 1 December in December', () => {
    // A sale at 2026-11-30T15:30Z is on 1 December in Tokyo; its entry is dated 2026-12-01.
    expect(periodContaining(31, '2026-12-01')).toEqual({ from: '2026-12-01', to: '2026-12-31' });
    expect(periodContaining(31, '2026-11-30')).toEqual({ from: '2026-11-01', to: '2026-11-30' });
  });
});

describe('isClosingDate', () => {
  it('accepts only closing dates', () => {
    expect(isClosingDate(31, '2026-11-30')).toBe(true);
    expect(isClosingDate(31, '2026-11-29')).toBe(false);
    expect(isClosingDate(30, '2026-02-28')).toBe(true);
    expect(isClosingDate(20, '2026-02-28')).toBe(false);
    expect(isClosingDate(20, '2026-02-20')).toBe(true);
  });
});

describe('statementPeriod', () => {
  it('starts the day after the previous statement', () => {
    expect(statementPeriod(31, '2026-12-31', '2026-11-30', '2026-10-02')).toEqual({ from: '2026-12-01', to: '2026-12-31' });
  });

  it('reaches back to the earliest open entry on a first statement', () => {
    expect(statementPeriod(31, '2026-11-30', null, '2026-09-15')).toEqual({ from: '2026-09-15', to: '2026-11-30' });
    expect(statementPeriod(31, '2026-11-30', null, '2026-11-15')).toEqual({ from: '2026-11-01', to: '2026-11-30' });
    expect(statementPeriod(20, '2026-11-20', null, null)).toEqual({ from: '2026-10-21', to: '2026-11-20' });
  });
});

describe('duePeriods', () => {
  it('lists the periods after the last statement up to today', () => {
    const periods = duePeriods(31, '2026-09-30', null, '2026-12-05');
    expect(periods.map((period) => period.to)).toEqual(['2026-10-31', '2026-11-30', '2026-12-31']);
    expect(periods.every((period) => period.from === '2026-10-01')).toBe(true);
  });

  it('starts at the earliest open entry without statements', () => {
    const periods = duePeriods(20, null, '2026-11-25', '2026-12-05');
    expect(periods).toEqual([{ from: '2026-11-21', to: '2026-12-20' }]);
  });

  it('offers the running period when nothing is open', () => {
    expect(duePeriods(31, null, null, '2026-12-05')).toEqual([{ from: '2026-12-01', to: '2026-12-31' }]);
  });

  it('caps a long list', () => {
    expect(duePeriods(31, '2020-01-31', null, '2026-12-05')).toHaveLength(MAX_DUE_PERIODS);
  });
});
