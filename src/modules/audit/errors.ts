import { defineErrors } from '../../shared/errors.js';

export const auditErrors = defineErrors({
  characters_missing_from_cp932: {
    kind: 'invalid',
    ja: (p: { eventIds: string; more: number }) =>
      `Shift_JIS (CP932) で書けない文字を含む操作履歴があります（ID: ${p.eventIds}${p.more > 0 ? ` ほか ${p.more} 件` : ''}）。UTF-8 で出力してください（Excel でもそのまま開けます）。`,
    en: (p: { eventIds: string; more: number }) =>
      `Some audit events contain characters that Shift_JIS (CP932) cannot hold (ids ${p.eventIds}${p.more > 0 ? ` and ${p.more} more` : ''}). Export in UTF-8 instead (Excel opens it as well).`,
  },
});
