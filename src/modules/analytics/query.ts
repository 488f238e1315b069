import { z } from 'zod';
import type { SalesChannel } from '../../db/schema.js';
import { isCalendarDate } from '../../shared/time.js';
import { bilingual } from '../../shared/zod.js';
import type { Label } from './table.js';

// Query parameters shared by the analytics reports. Lists come as comma-separated query
// strings ("locationIds=1,4"), so a report's link can be copied and opened again.

export const SALES_CHANNELS = ['store', 'exhibition', 'partner', 'rakuten', 'yahoo', 'own_site'] as const satisfies readonly SalesChannel[];

export const CHANNEL_LABELS: Record<SalesChannel, Label> = {
  store: { ja: '店頭', en: 'Store counter' },
  exhibition: { ja: '展示会', en: 'Exhibition' },
  partner: { ja: '委託先', en: 'Partner shop' },
  rakuten: { ja: '楽天市場', en: 'Rakuten Ichiba' },
  yahoo: { ja: 'Yahoo!ショッピング', en: 'Yahoo! Shopping' },
  own_site: { ja: '自社サイト', en: 'Own site' },
};

/** A Japanese business date, YYYY-MM-DD. */
export const dateParam = z
  .string()
  .trim()
  .refine(isCalendarDate, bilingual('日付は 2026-04-01 のように 年-月-日 で入力してください。', 'Enter the date as year-month-day, for example 2026-04-01.'));

/** A month, YYYY-MM. */
export const monthParam = z
  .string()
  .trim()
  .refine((value) => /^\d{4}-(0[1-9]|1[0-2])$/.test(value), bilingual('月は 2026-04 のように 年-月 で入力してください。', 'Enter the month as year-month, for example 2026-04.'));

/** Comma-separated ids ("1,4,7"), parsed to numbers; empty means every one. */
export const idListParam = z
  .string()
  .trim()
  .refine((value) => value === '' || /^\d+(,\d+)*$/.test(value), bilingual('ID はカンマ区切りの数字で指定してください（例: 1,4）。', 'Give the ids as numbers separated by commas, for example 1,4.'))
  .transform((value) => (value === '' ? [] : value.split(',').map(Number)))
  .optional();

/** Comma-separated channels ("store,rakuten"); empty means every channel. */
export const channelListParam = z
  .string()
  .trim()
  .refine(
    (value) => value === '' || value.split(',').every((part) => (SALES_CHANNELS as readonly string[]).includes(part)),
    bilingual(`チャネルは ${SALES_CHANNELS.join(', ')} から選んでください。`, `Choose channels from ${SALES_CHANNELS.join(', ')}.`),
  )
  .transform((value) => (value === '' ? [] : (value.split(',') as SalesChannel[])))
  .optional();

/** Longest period a report covers in one request: 5 years and a day. */
export const MAX_PERIOD_DAYS = 5 * 366;

/** from/to (inclusive business dates) with location and channel filters. */
export const periodQuery = z
  .object({ from: dateParam, to: dateParam, locationIds: idListParam, channels: channelListParam })
  .superRefine((value, context) => {
    if (!isCalendarDate(value.from) || !isCalendarDate(value.to)) return;
    if (value.from > value.to) {
      context.addIssue({ code: 'custom', path: ['to'], ...bilingual('終了日は開始日と同じか後の日にしてください。', 'The end date must be the same as or after the start date.') });
      return;
    }
    const days = (Date.parse(value.to) - Date.parse(value.from)) / 86_400_000;
    if (days > MAX_PERIOD_DAYS) {
      context.addIssue({ code: 'custom', path: ['from'], ...bilingual('期間は 5 年以内にしてください。', 'Choose a period of 5 years or less.') });
    }
  });
export type PeriodQuery = z.infer<typeof periodQuery>;
