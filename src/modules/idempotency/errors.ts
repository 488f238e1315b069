import { defineErrors } from '../../shared/errors.js';

/** Key reuse with another request is commonErrors.idempotency_key_reused; these cover the header itself. */
export const idempotencyErrors = defineErrors({
  idempotency_key_invalid: {
    kind: 'invalid',
    ja: (p: { maxLength: number }) =>
      `Idempotency-Key ヘッダーが正しくありません。半角英数字と記号で 1〜${p.maxLength} 文字にしてください（UUID を推奨）。`,
    en: (p: { maxLength: number }) =>
      `The Idempotency-Key header is invalid. Send 1 to ${p.maxLength} visible ASCII characters (a UUID is recommended).`,
  },
});
