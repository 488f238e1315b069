import { sql } from 'kysely';
import type { Executor } from '../../db/database.js';
import { addDays, daysBetween, monthDayOf, monthDaysInWindow, yearsSince, type Anniversary } from './rules.js';

// Upcoming birthdays and anniversaries, for greetings and invitations. Merged and
// anonymised records are left out: the first resolve to another record, the second have
// no dates left.

export interface UpcomingDate {
  customerId: number;
  code: string;
  familyName: string;
  givenName: string | null;
  kind: 'birthday' | 'anniversary';
  label: string | null;
  originalDate: string;
  date: string;
  daysUntil: number;
  years: number;
  consentToContact: boolean;
}

/**
 * Birthdays and anniversaries that fall in the `days` dates starting at `from` (see
 * monthDaysInWindow for the year end and 29 February), soonest first. An anniversary is
 * listed from its first recurrence on, never before the date it records.
 * NOTE: anniversaries are stored as JSON, so every customer who has one is read and
 * filtered here; birthdays use the birthday_md index.
 */
export async function listUpcomingDates(db: Executor, from: string, days: number): Promise<{ from: string; to: string; entries: UpcomingDate[] }> {
  const window = monthDaysInWindow(from, days);
  const monthDays = [...window.keys()];

  const rows = await db
    .selectFrom('customers')
    .select(['id', 'code', 'family_name', 'given_name', 'birthday', 'birthday_md', 'anniversaries_json', 'consent_to_contact'])
    .where('merged_into_id', 'is', null)
    .where('anonymized_at', 'is', null)
    .where((eb) => eb.or([eb('birthday_md', 'in', monthDays), eb('anniversaries_json', '<>', sql.lit('[]'))]))
    .execute();

  const entries: UpcomingDate[] = [];
  for (const row of rows) {
    const base = {
      customerId: row.id,
      code: row.code,
      familyName: row.family_name,
      givenName: row.given_name,
      consentToContact: row.consent_to_contact === 1,
    };
    const candidates: Array<{ kind: UpcomingDate['kind']; label: string | null; originalDate: string }> = [];
    if (row.birthday) candidates.push({ kind: 'birthday', label: null, originalDate: row.birthday });
    for (const anniversary of JSON.parse(row.anniversaries_json) as Anniversary[]) {
      candidates.push({ kind: 'anniversary', label: anniversary.label, originalDate: anniversary.date });
    }

    for (const candidate of candidates) {
      const date = window.get(monthDayOf(candidate.originalDate));
      if (date === undefined || date < candidate.originalDate) continue;
      entries.push({ ...base, ...candidate, date, daysUntil: daysBetween(from, date), years: yearsSince(candidate.originalDate, date) });
    }
  }

  entries.sort((a, b) => a.date.localeCompare(b.date) || a.code.localeCompare(b.code) || a.kind.localeCompare(b.kind));
  return { from, to: addDays(from, days - 1), entries };
}
