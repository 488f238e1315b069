import { defineErrors } from '../../shared/errors.js';

export const authErrors = defineErrors({
  login_failed: {
    kind: 'unauthenticated',
    ja: () => 'メールアドレスまたはパスワードが正しくありません。',
    en: () => 'The email address or password is incorrect.',
  },
  login_rate_limited: {
    kind: 'rate_limited',
    ja: (p: { minutes: number }) =>
      `ログインの失敗が続いたため、ログインを一時的に止めています。${p.minutes} 分後にもう一度お試しください。パスワードを忘れた場合は、管理者にパスワードのリセットを依頼できます。`,
    en: (p: { minutes: number }) =>
      `Sign-in is paused after too many failed attempts. Try again in ${p.minutes} minutes. If you forgot the password, ask an administrator to reset it.`,
  },
  current_password_wrong: {
    kind: 'invalid',
    ja: () => '現在のパスワードが正しくありません。今お使いのパスワードを入力してください。忘れた場合は、管理者にリセットを依頼してください。',
    en: () => 'The current password is incorrect. Enter the password you sign in with now; if you forgot it, ask an administrator to reset it.',
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
  default_location_not_found: {
    kind: 'invalid',
    ja: (p: { id: number }) => `既定の拠点（ID ${p.id}）が見つかりません。拠点の一覧から選び直してください。`,
    en: (p: { id: number }) => `The default location ${p.id} was not found. Choose one from the list of locations.`,
  },
  default_location_out_of_scope: {
    kind: 'invalid',
    ja: (p: { id: number }) => `拠点（ID ${p.id}）は担当の拠点ではないため、既定にできません。担当の拠点から選んでください。`,
    en: (p: { id: number }) => `Location ${p.id} is not one of your locations, so it cannot be your default. Choose one of your own locations.`,
  },
  password_too_short: {
    kind: 'invalid',
    ja: (p: { min: number }) =>
      `パスワードが短すぎます（${p.min} 文字以上の規則）。${p.min} 文字以上にしてください。関係のない単語を 3 つ以上つなげたフレーズが覚えやすくおすすめです。`,
    en: (p: { min: number }) =>
      `The password is too short (rule: at least ${p.min} characters). Use ${p.min} or more characters; a phrase of three or more unrelated words is easy to remember.`,
  },
  password_too_long: {
    kind: 'invalid',
    ja: (p: { max: number }) => `パスワードが長すぎます（${p.max} 文字までの規則）。${p.max} 文字以内にしてください。`,
    en: (p: { max: number }) => `The password is too long (rule: at most ${p.max} characters). Shorten it to ${p.max} characters or fewer.`,
  },
  password_repeated_character: {
    kind: 'invalid',
    ja: () => 'パスワードが同じ文字の繰り返しだけでできています（同一文字の繰り返しは使えない規則）。別の文字や単語を組み合わせてください。',
    en: () => 'The password repeats a single character (rule: no single repeated character). Combine different characters or words.',
  },
  password_repeated_pattern: {
    kind: 'invalid',
    ja: (p: { max: number }) =>
      `パスワードが ${p.max} 文字以内の短い並び（abcabc… など）の繰り返しだけでできています（短い並びの繰り返しは使えない規則）。関係のない単語をつなげたフレーズにしてください。`,
    en: (p: { max: number }) =>
      `The password repeats one short sequence of up to ${p.max} characters, such as "abcabc…" (rule: no short repeated sequence). Choose a phrase of unrelated words.`,
  },
  password_contains_email: {
    kind: 'invalid',
    ja: () => 'パスワードにメールアドレスの @ より前の部分が含まれています（アカウント名を含めない規則）。アカウントと関係のない言葉にしてください。',
    en: () =>
      'The password contains the part of the email address before the @ (rule: no account name in the password). Choose words unrelated to the account.',
  },
  password_common: {
    kind: 'invalid',
    ja: () =>
      'このパスワードはよく使われる（流出した）パスワードか、それに数字や記号を足しただけのものです（推測されやすいパスワードを使わない規則）。関係のない単語をつなげた、推測されにくいフレーズにしてください。',
    en: () =>
      'This password is a commonly used or leaked password, or one with only digits or symbols added (rule: no easily guessed passwords). Choose a phrase of unrelated words that others cannot guess.',
  },
});
