// Period presets of the analytics filter bar. Dates are Japanese business dates (YYYY-MM-DD)
// computed from today's date in Tokyo, so a browser abroad sees the same month as the shop.

export const PERIOD_PRESETS = ['this_month', 'last_month', 'this_fiscal_year', 'custom'] as const;
export type PeriodPreset = (typeof PERIOD_PRESETS)[number];

export interface Period {
  from: string;
  to: string;
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

/** Last day of a month (month 1–12). */
function lastDay(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * The dates of a preset: this month and this fiscal year run to today; last month is whole.
 * `fiscalYearStartMonth` is 1–12 (4 = April). A custom preset has no dates of its own.
 */
export function presetPeriod(preset: Exclude<PeriodPreset, 'custom'>, today: string, fiscalYearStartMonth: number): Period {
  const year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7));
  if (preset === 'this_month') return { from: `${year}-${pad(month)}-01`, to: today };
  if (preset === 'last_month') {
    const y = month === 1 ? year - 1 : year;
    const m = month === 1 ? 12 : month - 1;
    return { from: `${y}-${pad(m)}-01`, to: `${y}-${pad(m)}-${pad(lastDay(y, m))}` };
  }
  const startYear = month >= fiscalYearStartMonth ? year : year - 1;
  return { from: `${startYear}-${pad(fiscalYearStartMonth)}-01`, to: today };
}

/** The month (YYYY-MM) of a business date. */
export function monthOf(date: string): string {
  return date.slice(0, 7);
}

function shiftDays(date: string, days: number): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
}

/**
 * Every period key from `from` to `to` for a chart axis, so that a day, week or month
 * without sales shows as a gap at zero: days as YYYY-MM-DD, weeks by their Monday, months as
 * YYYY-MM. Returns undefined for grains whose keys the screen does not compute (fiscal year,
 * whole period).
 */
export function periodAxis(grain: string, from: string, to: string): string[] | undefined {
  const keys: string[] = [];
  if (grain === 'day' || grain === 'week') {
    // Monday is ISO day 1; getUTCDay gives Sunday as 0.
    const weekday = new Date(`${from}T00:00:00Z`).getUTCDay();
    const start = grain === 'week' ? shiftDays(from, -((weekday + 6) % 7)) : from;
    for (let date = start; date <= to; date = shiftDays(date, grain === 'week' ? 7 : 1)) keys.push(date);
    return keys;
  }
  if (grain === 'month') {
    for (let month = monthOf(from); month <= monthOf(to); ) {
      keys.push(month);
      const [year, number] = month.split('-').map(Number) as [number, number];
      month = number === 12 ? `${year + 1}-01` : `${year}-${pad(number + 1)}`;
    }
    return keys;
  }
  return undefined;
}

/** A month's name for a month number 1–12: "4月" in Japanese, "April" in English. */
export function monthLabel(month: number, locale: 'ja' | 'en'): string {
  return new Intl.DateTimeFormat(locale === 'en' ? 'en-US' : 'ja-JP', { month: 'long', timeZone: 'UTC' }).format(Date.UTC(2000, month - 1, 1));
}
