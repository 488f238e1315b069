import { defineErrors } from '../../shared/errors.js';

export const writeOffErrors = defineErrors({
  write_off_not_found: {
    kind: 'not_found',
    ja: (p: { id: number }) => `償却伝票（ID ${p.id}）が見つかりません。償却の一覧から選び直してください。`,
    en: (p: { id: number }) => `Write-off ${p.id} was not found. Choose it again from the write-off list.`,
  },
});
