import { defineErrors } from '../../shared/errors.js';

export const customerErrors = defineErrors({
  customer_not_found: {
    kind: 'not_found',
    ja: (p: { id: number }) => `顧客（ID ${p.id}）が見つかりません。顧客一覧から選び直してください。`,
    en: (p: { id: number }) => `Customer ${p.id} was not found. Choose the customer again from the list.`,
  },
  customer_anonymized: {
    kind: 'conflict',
    ja: (p: { code: string }) => `顧客 ${p.code} は削除（匿名化）済みのため、変更できません。`,
    en: (p: { code: string }) => `Customer ${p.code} was deleted (anonymised) and can no longer be changed.`,
  },
  customer_merged: {
    kind: 'conflict',
    ja: (p: { code: string; targetCode: string }) => `顧客 ${p.code} は ${p.targetCode} に統合済みです。${p.targetCode} を開いて変更してください。`,
    en: (p: { code: string; targetCode: string }) => `Customer ${p.code} was merged into ${p.targetCode}. Open ${p.targetCode} to make changes.`,
  },
  merge_into_self: {
    kind: 'invalid',
    ja: () => '同じ顧客どうしは統合できません。重複している別の顧客を選んでください。',
    en: () => 'A customer cannot be merged into itself. Choose the other, duplicate customer.',
  },
  merge_anonymized: {
    kind: 'conflict',
    ja: (p: { code: string }) => `顧客 ${p.code} は削除（匿名化）済みのため、統合できません。別の顧客を選んでください。`,
    en: (p: { code: string }) => `Customer ${p.code} was deleted (anonymised) and cannot be merged. Choose another customer.`,
  },
  merge_already_merged: {
    kind: 'conflict',
    ja: (p: { code: string; targetCode: string }) =>
      `顧客 ${p.code} は既に ${p.targetCode} に統合されています。統合するときは ${p.targetCode} を選んでください。`,
    en: (p: { code: string; targetCode: string }) =>
      `Customer ${p.code} was already merged into ${p.targetCode}. Choose ${p.targetCode} instead.`,
  },
  already_anonymized: {
    kind: 'conflict',
    ja: (p: { code: string }) => `顧客 ${p.code} は既に削除（匿名化）されています。`,
    en: (p: { code: string }) => `Customer ${p.code} was already deleted (anonymised).`,
  },
  home_location_not_found: {
    kind: 'invalid',
    ja: (p: { id: number }) => `主な来店拠点（ID ${p.id}）が見つかりません。拠点の一覧から選び直してください。`,
    en: (p: { id: number }) => `The home location ${p.id} was not found. Choose one from the list of locations.`,
  },
});
