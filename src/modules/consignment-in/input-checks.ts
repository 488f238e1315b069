import { businessDate, isCalendarDate } from '../../shared/time.js';
import { bilingual } from '../../shared/zod.js';
import { businessDateField } from '../stock-lines/schemas.js';

// Input checks shared by the consignment-in and consignment-out schemas.

/**
 * Checks whether text is a 12-digit individual number (My Number), ignoring spaces and hyphens
 * and folding full-width digits. The My Number Act forbids recording it, whatever the
 * identity document was.
 */
export function isIndividualNumber(text: string): boolean {
  return /^\d{12}$/.test(text.normalize('NFKC').replace(/[\s-]/g, ''));
}

/** Error wording for a date after today's business date in Japan. */
function futureDateMessage(label: { ja: string; en: string }, value: string, today: string) {
  return bilingual(
    `${label.ja}（${value}）が未来の日付です。今日（${today}）以前の日付を入力してください。`,
    `The ${label.en} ${value} is in the future. Enter today (${today}) or an earlier date.`,
  );
}

/**
 * Builds a business-date field that rejects a date after today in Japan, because a document
 * records what already happened. Today is read at each validation, not at start-up.
 */
export function pastBusinessDateField(label: { ja: string; en: string }) {
  return businessDateField.superRefine((value, ctx) => {
    const today = businessDate();
    if (isCalendarDate(value) && value > today) ctx.addIssue({ code: 'custom', ...futureDateMessage(label, value, today) });
  });
}

/** Wording for an identity document number that is a 12-digit individual number. */
export const INDIVIDUAL_NUMBER_MESSAGE = bilingual(
  '12 桁の個人番号（マイナンバー）は記録できません。個人番号以外の記載事項（マイナンバーカードなら有効期限など）か、別の本人確認書類の番号を入力してください。',
  'A 12-digit individual number (My Number) must not be recorded. Enter something else printed on the document (for a My Number card, its expiry date) or the number of another identity document.',
);

/**
 * Checks whether an identity document number must be rejected as an individual number. A Japanese
 * driving licence number is also 12 digits, so it is accepted under that method only.
 */
export function isForbiddenIdNumber(method: string | null | undefined, number: string | null | undefined): boolean {
  return method !== 'driving_licence' && isIndividualNumber(number ?? '');
}
