import { defineErrors } from '../../shared/errors.js';

export const userErrors = defineErrors({
  user_not_found: {
    kind: 'not_found',
    ja: (p: { id: number }) => `ユーザー（ID ${p.id}）が見つかりません。一覧から選び直してください。`,
    en: (p: { id: number }) => `User ${p.id} was not found. Choose the user again from the list.`,
  },
  last_owner: {
    kind: 'conflict',
    ja: () => '最後のオーナーは無効にしたりロールを変えたりできません。先に別のユーザーをオーナーにしてください。',
    en: () => 'The last owner cannot be deactivated or given another role. Make another user an owner first.',
  },
});
