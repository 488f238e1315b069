import { defineErrors } from '../../shared/errors.js';

export const authErrors = defineErrors({
  login_failed: {
    kind: 'unauthenticated',
    ja: () => 'メールアドレスまたはパスワードが正しくありません。',
    en: () => 'The email address or password is incorrect.',
  },
  login_rate_limited: {
    kind: 'rate_limited',
    ja: (p: { minutes: number }) => `ログインの失敗が続いたため一時的に停止しています。${p.minutes} 分後にもう一度お試しください。`,
    en: (p: { minutes: number }) => `Too many failed sign-ins. Try again in ${p.minutes} minutes.`,
  },
  email_taken: {
    kind: 'conflict',
    ja: (p: { email: string }) => `メールアドレス ${p.email} は既に登録されています。`,
    en: (p: { email: string }) => `The email address ${p.email} is already registered.`,
  },
  role_not_found: {
    kind: 'invalid',
    ja: (p: { role: string }) => `ロール「${p.role}」はありません。owner, manager, sales, online_operator, accountant, viewer などから選んでください。`,
    en: (p: { role: string }) => `The role "${p.role}" does not exist. Choose one such as owner, manager, sales, online_operator, accountant or viewer.`,
  },
  permission_denied: {
    kind: 'forbidden',
    ja: (p: { permissionJa: string; permissionEn: string }) => `この操作には「${p.permissionJa}」の権限が必要です。管理者に権限の付与を依頼してください。`,
    en: (p: { permissionJa: string; permissionEn: string }) => `This action needs the permission "${p.permissionEn}". Ask an administrator to grant it.`,
  },
  password_too_short: {
    kind: 'invalid',
    ja: (p: { min: number }) => `パスワードは ${p.min} 文字以上にしてください。`,
    en: (p: { min: number }) => `The password must be at least ${p.min} characters long.`,
  },
});
