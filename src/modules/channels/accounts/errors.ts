import { defineErrors } from '../../../shared/errors.js';

export const channelAccountErrors = defineErrors({
  channel_account_not_found: {
    kind: 'not_found',
    ja: (p: { id: number }) => `チャネルのアカウント（ID ${p.id}）が見つかりません。一覧から選び直してください。`,
    en: (p: { id: number }) => `Channel account ${p.id} was not found. Choose it again from the list.`,
  },
});
