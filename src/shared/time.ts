import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';

/** Business dates and displayed times are Japanese, whatever the server's TZ. */
export const BUSINESS_TIME_ZONE = 'Asia/Tokyo';

/** Today's business date in Japan as "YYYY-MM-DD". */
export function businessDate(at: Date = new Date()): string {
  return format(new TZDate(at, BUSINESS_TIME_ZONE), 'yyyy-MM-dd');
}

/** Formats an ISO UTC timestamp as Japanese local time, "YYYY-MM-DD HH:mm". */
export function formatJapanTime(iso: string): string {
  return format(new TZDate(new Date(iso), BUSINESS_TIME_ZONE), 'yyyy-MM-dd HH:mm');
}

/** Checks that text is a real calendar date written as "YYYY-MM-DD". */
export function isCalendarDate(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}
