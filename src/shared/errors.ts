// Domain errors: a stable code for programs, a message in Japanese and English for people,
// and a kind that the HTTP layer maps to a status in one place (src/server/errors.ts).

export type ErrorKind =
  | 'invalid'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'rate_limited'
  | 'internal';

export type Locale = 'ja' | 'en';

export type Params = Record<string, string | number | undefined>;

export interface ErrorDefinition<P extends Params = Params> {
  kind: ErrorKind;
  ja: (params: P) => string;
  en: (params: P) => string;
}

export class DomainError extends Error {
  readonly code: string;
  readonly kind: ErrorKind;
  readonly params: Params;
  readonly messages: Record<Locale, string>;
  /** Per-field or per-row details, for forms and CSV reports. */
  readonly details: unknown;

  constructor(code: string, definition: ErrorDefinition<any>, params: Params, details?: unknown) {
    super(definition.en(params));
    this.name = 'DomainError';
    this.code = code;
    this.kind = definition.kind;
    this.params = params;
    this.messages = { ja: definition.ja(params), en: definition.en(params) };
    this.details = details;
  }

  messageIn(locale: Locale): string {
    return this.messages[locale];
  }
}

type Factories<T extends Record<string, ErrorDefinition<any>>> = {
  [K in keyof T]: T[K] extends ErrorDefinition<infer P>
    ? (params: P, details?: unknown) => DomainError
    : never;
};

/**
 * Turns a table of error definitions into factories: `errors.item_not_found({ stockNumber })`
 * returns a DomainError with code "item_not_found" and both messages filled in.
 */
export function defineErrors<T extends Record<string, ErrorDefinition<any>>>(table: T): Factories<T> {
  const factories: Record<string, (params: Params, details?: unknown) => DomainError> = {};
  for (const [code, definition] of Object.entries(table)) {
    factories[code] = (params, details) => new DomainError(code, definition, params, details);
  }
  return factories as Factories<T>;
}

export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError;
}

/** Errors shared by every module. */
export const commonErrors = defineErrors({
  not_found: {
    kind: 'not_found',
    // `entity` names the kind of record in Japanese; `entityEn` in English, when it differs.
    ja: (p: { entity: string; entityEn?: string; id: string | number }) => `${p.entity}「${p.id}」が見つかりません。一覧から選び直してください。`,
    en: (p: { entity: string; entityEn?: string; id: string | number }) =>
      `${p.entityEn ?? p.entity} "${p.id}" was not found. Choose it again from the list.`,
  },
  validation_failed: {
    kind: 'invalid',
    ja: (p: { summary: string }) => `入力内容に誤りがあります: ${p.summary}`,
    en: (p: { summary: string }) => `The input is invalid: ${p.summary}`,
  },
  already_exists: {
    kind: 'conflict',
    ja: (p: { field: string; value: string }) => `${p.field}「${p.value}」は既に使われています。別の値を入力してください。`,
    en: (p: { field: string; value: string }) => `${p.field} "${p.value}" is already in use. Enter another value.`,
  },
  idempotency_key_reused: {
    kind: 'conflict',
    ja: () => '同じ処理キーで異なる内容が送信されました。画面を読み込み直してからやり直してください。',
    en: () => 'The same idempotency key was sent with a different request. Reload the page and try again.',
  },
  unauthenticated: {
    kind: 'unauthenticated',
    ja: () => 'ログインしてください。',
    en: () => 'Please sign in.',
  },
  csrf_invalid: {
    kind: 'forbidden',
    ja: () => 'セッションの確認に失敗しました。画面を読み込み直してからやり直してください。',
    en: () => 'The session check (CSRF token) failed. Reload the page and try again.',
  },
  internal: {
    kind: 'internal',
    ja: (p: { requestId: string }) => `サーバーでエラーが発生しました。管理者に受付番号 ${p.requestId} を伝えてください。`,
    en: (p: { requestId: string }) => `The server failed. Give the administrator the request id ${p.requestId}.`,
  },
});
