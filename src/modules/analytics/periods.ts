import { addDays, differenceInCalendarDays, getISODay, parseISO } from 'date-fns';

// Periods of the Japanese business calendar. Business dates are already Japanese calendar
// days (YYYY-MM-DD in Asia/Tokyo, see src/shared/time.ts), so the arithmetic here is on
// plain dates and never depends on the server's time zone. Weeks start on Monday.

export const GRAINS = ['day', 'week', 'month', 'fiscal_year'] as const;
export type Grain = (typeof GRAINS)[number];

function toDate(date: string): Date {
  return parseISO(`${date}T00:00:00Z`);
}

function formatDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** The Monday of the week holding `date`. */
export function weekStart(date: string): string {
  const day = toDate(date);
  return formatDate(addDays(day, 1 - getISODay(day)));
}

/**
 * The fiscal year holding `date`, named by the year it starts in: with an April start,
 * 2026-03-31 is in fiscal year 2025 and 2026-04-01 in fiscal year 2026.
 */
export function fiscalYearOf(date: string, startMonth: number): number {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  return month >= startMonth ? year : year - 1;
}

/** First and last day of a fiscal year. */
export function fiscalYearRange(fiscalYear: number, startMonth: number): { from: string; to: string } {
  const from = `${fiscalYear}-${String(startMonth).padStart(2, '0')}-01`;
  const end = startMonth === 1 ? `${fiscalYear}-12-31` : formatDate(addDays(toDate(`${fiscalYear + 1}-${String(startMonth).padStart(2, '0')}-01`), -1));
  return { from, to: end };
}

/** The key of the period holding `date`: the date, the week's Monday, YYYY-MM, or the fiscal year ("FY2026"). */
export function periodKey(date: string, grain: Grain, fiscalStartMonth: number): string {
  switch (grain) {
    case 'day':
      return date;
    case 'week':
      return weekStart(date);
    case 'month':
      return date.slice(0, 7);
    case 'fiscal_year':
      return `FY${fiscalYearOf(date, fiscalStartMonth)}`;
  }
}

/** Number of days in the month YYYY-MM. */
export function daysInMonth(month: string): number {
  const [year, monthNumber] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(year, monthNumber, 0)).getUTCDate();
}

/** First and last day of the month YYYY-MM. */
export function monthRange(month: string): { from: string; to: string } {
  return { from: `${month}-01`, to: `${month}-${String(daysInMonth(month)).padStart(2, '0')}` };
}

/** Whole days from `from` to `to` (both YYYY-MM-DD); negative when `to` is earlier. */
export function daysFrom(from: string, to: string): number {
  return differenceInCalendarDays(toDate(to), toDate(from));
}

/**
 * The month's forecast at the current pace: sales so far divided by the days elapsed
 * (today included) times the days of the month. Before the month starts it is null; after
 * it ends it is the actual figure.
 */
export function forecastForMonth(month: string, salesToDate: number, today: string): number | null {
  const { from, to } = monthRange(month);
  if (today < from) return null;
  if (today > to) return salesToDate;
  const elapsed = daysFrom(from, today) + 1;
  return Math.round((salesToDate / elapsed) * daysInMonth(month));
}
