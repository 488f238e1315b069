import { defineErrors } from '../../shared/errors.js';

// Errors of the shipment notification mail: its templates, the SMTP settings read from the
// environment and sending. Messages name the recipient and the SMTP server's host and port,
// and never the SMTP password.

export const mailErrors = defineErrors({
  mail_not_configured: {
    kind: 'conflict',
    ja: (p: { variable: string }) =>
      `メール送信の設定がありません（環境変数 ${p.variable} が未設定です）。管理者に設定を依頼するか、表示された本文をコピーしてお客様に送ってください。`,
    en: (p: { variable: string }) =>
      `Sending mail is not set up (the environment variable ${p.variable} is not set). Ask the administrator to set it, or copy the text shown and send it to the customer yourself.`,
  },
  mail_config_invalid: {
    kind: 'conflict',
    ja: (p: { variable: string; problemJa: string; problemEn: string }) =>
      `環境変数 ${p.variable} の値が正しくありません（${p.problemJa}）。管理者に設定の見直しを依頼してください。`,
    en: (p: { variable: string; problemJa: string; problemEn: string }) =>
      `The environment variable ${p.variable} is invalid (${p.problemEn}). Ask the administrator to correct it.`,
  },
  mail_send_failed: {
    kind: 'internal',
    ja: (p: { to: string; server: string; reason: string }) =>
      `${p.to} へのメール送信に失敗しました（SMTP サーバー ${p.server}: ${p.reason}）。しばらくしてからもう一度送るか、本文をコピーして送ってください。`,
    en: (p: { to: string; server: string; reason: string }) =>
      `Sending the mail to ${p.to} failed (SMTP server ${p.server}: ${p.reason}). Try again later, or copy the text and send it yourself.`,
  },
  mail_template_unknown_placeholder: {
    kind: 'invalid',
    ja: (p: { placeholder: string; known: string }) =>
      `メールのテンプレートに使えない差し込み項目 {{${p.placeholder}}} があります。使える項目: ${p.known}。`,
    en: (p: { placeholder: string; known: string }) =>
      `The mail template contains the unknown placeholder {{${p.placeholder}}}. Known placeholders: ${p.known}.`,
  },
});
