import { defineErrors } from '../../shared/errors.js';

// Errors of settlement statements. Details carry { field } for the form field at fault.
export const statementErrors = defineErrors({
  statement_not_found: {
    kind: 'not_found',
    ja: (p: { id: number }) => `精算書（ID ${p.id}）が見つかりません。精算書一覧から選び直してください。`,
    en: (p: { id: number }) => `Settlement statement ${p.id} was not found. Choose it again from the statement list.`,
  },
  statement_consignor_not_found: {
    kind: 'not_found',
    ja: (p: { id: number }) => `委託者（ID ${p.id}）が見つかりません。委託者を選び直してください。`,
    en: (p: { id: number }) => `Consignor ${p.id} was not found. Choose the consignor again.`,
  },
  period_to_not_closing_date: {
    kind: 'invalid',
    // closingDay 31 stands for the month end.
    ja: (p: { periodTo: string; closingDay: number; example: string }) =>
      `${p.periodTo} は契約の締め日（${p.closingDay === 31 ? '月末' : `毎月 ${p.closingDay} 日`}）ではありません。表示される期間から選んでください（例: ${p.example}）。`,
    en: (p: { periodTo: string; closingDay: number; example: string }) =>
      `${p.periodTo} is not a closing date of the agreement (${p.closingDay === 31 ? 'month end' : `day ${p.closingDay} of each month`}). Choose one of the periods offered (example: ${p.example}).`,
  },
  period_to_not_after_previous: {
    kind: 'conflict',
    ja: (p: { periodTo: string; previousTo: string; number: string }) =>
      `締め日 ${p.periodTo} までの精算は、精算書 ${p.number}（${p.previousTo} 締め）で発行済みです。${p.previousTo} より後の締め日を選んでください。`,
    en: (p: { periodTo: string; previousTo: string; number: string }) =>
      `Statement ${p.number} already settles up to ${p.previousTo}, so ${p.periodTo} cannot be issued. Choose a closing date after ${p.previousTo}.`,
  },
  period_to_too_late: {
    kind: 'invalid',
    ja: (p: { periodTo: string; latest: string }) => `締め日 ${p.periodTo} の期間はまだ始まっていません。${p.latest} までの締め日を選んでください。`,
    en: (p: { periodTo: string; latest: string }) => `The period closing on ${p.periodTo} has not started yet. Choose a closing date up to ${p.latest}.`,
  },
  statement_already_paid: {
    kind: 'conflict',
    ja: (p: { number: string; paidOn: string }) => `精算書 ${p.number} は ${p.paidOn} に支払済みとして記録されています。二重に支払わないよう、振込記録を確認してください。`,
    en: (p: { number: string; paidOn: string }) => `Statement ${p.number} was already marked paid on ${p.paidOn}. Check the bank records so that it is not paid twice.`,
  },
  paid_in_future: {
    kind: 'invalid',
    ja: (p: { paidOn: string; today: string }) => `支払日 ${p.paidOn} は今日（${p.today}）より後です。支払が済んでから、実際に支払った日で記録してください。`,
    en: (p: { paidOn: string; today: string }) => `The payment date ${p.paidOn} is after today (${p.today}). Record the payment once it is made, with the day it was made.`,
  },
  paid_before_period: {
    kind: 'invalid',
    ja: (p: { paidOn: string; periodFrom: string }) => `支払日 ${p.paidOn} が精算期間の開始日 ${p.periodFrom} より前です。実際に支払った日を入力してください。`,
    en: (p: { paidOn: string; periodFrom: string }) => `The payment date ${p.paidOn} is before the settlement period starts (${p.periodFrom}). Enter the day the payment was made.`,
  },
});
