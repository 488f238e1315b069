// Settlement periods of consignment-in agreements. Pure rules on 'YYYY-MM-DD' business
// dates (Asia/Tokyo): no clock and no database.
//
// A monthly period closes on the agreement's closing day. Closing day 31 means the last day
// of every month. A closing day that a short month lacks (29, 30 in February, 31 in April)
// closes on that month's last day. A period runs from the day after the previous month's
// closing date to this month's closing date, so the periods of one closing day never overlap
// and leave no day out.

export interface SettlementPeriod {
  /** First day of the period, inclusive. */
  from: string;
  /** Closing date, inclusive. */
  to: string;
}

/** Most periods the due list offers, so a consignor idle for years gets a short list. */
export const MAX_DUE_PERIODS = 24;

function parts(date: string): { year: number; month: number; day: number } {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return { year, month, day };
}

function format(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Number of days in a month (1-12), leap years included. */
export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Adds `days` days (subtracts when negative) to a calendar date. */
export function addDays(date: string, days: number): string {
  const { year, month, day } = parts(date);
  const moved = new Date(Date.UTC(year, month - 1, day + days));
  return format(moved.getUTCFullYear(), moved.getUTCMonth() + 1, moved.getUTCDate());
}

function assertClosingDay(closingDay: number): void {
  if (!Number.isInteger(closingDay) || closingDay < 1 || closingDay > 31) throw new RangeError(`closing day must be 1-31, got ${closingDay}`);
}

/** Returns the closing date of a month (1-12) for a closing day, capped at the month's last day. */
export function closingDateOf(closingDay: number, year: number, month: number): string {
  assertClosingDay(closingDay);
  return format(year, month, Math.min(closingDay, daysInMonth(year, month)));
}

/** Returns the period that closes in a month, e.g. closing day 20 and 2026-03: 2026-02-21 to 2026-03-20. */
export function periodOfMonth(closingDay: number, year: number, month: number): SettlementPeriod {
  const previous = month === 1 ? { year: year - 1, month: 12 } : { year, month: month - 1 };
  return {
    from: addDays(closingDateOf(closingDay, previous.year, previous.month), 1),
    to: closingDateOf(closingDay, year, month),
  };
}

/** Returns the period a business date belongs to. */
export function periodContaining(closingDay: number, date: string): SettlementPeriod {
  const { year, month } = parts(date);
  if (date <= closingDateOf(closingDay, year, month)) return periodOfMonth(closingDay, year, month);
  return month === 12 ? periodOfMonth(closingDay, year + 1, 1) : periodOfMonth(closingDay, year, month + 1);
}

/** Tells whether a date is a closing date of the closing day. */
export function isClosingDate(closingDay: number, date: string): boolean {
  const { year, month } = parts(date);
  return closingDateOf(closingDay, year, month) === date;
}

/**
 * Returns the period a statement closing on `periodTo` covers. It starts the day after the previous
 * statement's closing date, or, for a consignor's first statement, at the start of the
 * closing day's period or at the earliest open entry when that is earlier. Starting after the
 * previous statement (not at the period's own start) keeps the periods joined even when the
 * agreement's closing day changed between two statements.
 */
export function statementPeriod(closingDay: number, periodTo: string, previousTo: string | null, earliestOpenDate: string | null): SettlementPeriod {
  if (previousTo !== null) return { from: addDays(previousTo, 1), to: periodTo };

  const own = periodContaining(closingDay, periodTo).from;
  const from = earliestOpenDate !== null && earliestOpenDate < own ? earliestOpenDate : own;
  return { from, to: periodTo };
}

/**
 * Lists the periods a consignor may be issued a statement for, oldest first: from the one after
 * the previous statement (or the one of the earliest open entry, or of today) up to the
 * period containing today. The last one may still be running. At most MAX_DUE_PERIODS.
 */
export function duePeriods(closingDay: number, previousTo: string | null, earliestOpenDate: string | null, today: string): SettlementPeriod[] {
  const start = previousTo !== null ? addDays(previousTo, 1) : (earliestOpenDate ?? today);
  const last = periodContaining(closingDay, today).to;
  const periods: SettlementPeriod[] = [];

  let period = periodContaining(closingDay, start);
  while (period.to <= last && periods.length < MAX_DUE_PERIODS) {
    periods.push(statementPeriod(closingDay, period.to, previousTo, earliestOpenDate));
    period = periodContaining(closingDay, addDays(period.to, 1));
  }
  return periods;
}
