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
