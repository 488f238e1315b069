import { defineErrors } from '../../shared/errors.js';

export const stocktakeErrors = defineErrors({
  stocktake_not_found: {
    kind: 'not_found',
    ja: (p: { id: number }) => `棚卸（ID ${p.id}）が見つかりません。棚卸の一覧から選び直してください。`,
    en: (p: { id: number }) => `Stocktake ${p.id} was not found. Choose it again from the stocktake list.`,
  },
  stocktake_already_open: {
    kind: 'conflict',
    ja: (p: { number: string; location: string }) =>
      `${p.location} では同じ範囲の棚卸 ${p.number} がカウント中です。その棚卸を続けるか、中止してから始めてください。`,
    en: (p: { number: string; location: string }) =>
      `Stocktake ${p.number} of the same scope is already counting at ${p.location}. Continue it, or cancel it before starting another.`,
  },
  stocktake_not_counting: {
    kind: 'conflict',
    ja: (p: { number: string; status: string }) =>
      `棚卸 ${p.number} は${p.status === 'posted' ? '確定済み' : '中止済み'}のため、変更できません。`,
    en: (p: { number: string; status: string }) =>
      `Stocktake ${p.number} is ${p.status === 'posted' ? 'already posted' : 'cancelled'} and can no longer be changed.`,
  },
});
