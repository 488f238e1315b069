import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { commonErrors, isDomainError, type Locale, type DomainError, type ErrorKind } from '../shared/errors.js';
import { describeIssue, RequestValidationError } from './validation.js';

/** The one place where domain error kinds become HTTP statuses. */
export const HTTP_STATUS: Record<ErrorKind, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  rate_limited: 429,
  internal: 500,
};

export interface ErrorBody {
  error: {
    code: string;
    message: string;
    requestId: string;
    details?: unknown;
  };
}

function domainBody(error: DomainError, request: FastifyRequest): ErrorBody {
  return {
    error: {
      code: error.code,
      message: error.messageIn(request.locale),
      requestId: request.id,
      ...(error.details === undefined ? {} : { details: error.details }),
    },
  };
}

function findValidationError(error: unknown): RequestValidationError | undefined {
  if (error instanceof RequestValidationError) return error;
  const cause = (error as { cause?: unknown; validation?: unknown }) ?? {};
  if (cause.cause instanceof RequestValidationError) return cause.cause;
  return undefined;
}

/** Wording for the Fastify request errors that clients meet; others quote Fastify's text. */
const FASTIFY_MESSAGES: Record<string, Record<Locale, string>> = {
  FST_ERR_CTP_INVALID_JSON_BODY: {
    ja: '送信された内容が JSON として読めません。形式を確認してからやり直してください。',
    en: 'The request body is not valid JSON. Check its format and try again.',
  },
  FST_ERR_CTP_EMPTY_JSON_BODY: {
    ja: '送信された内容が空です。JSON を送ってください。',
    en: 'The request body is empty. Send a JSON body.',
  },
  FST_ERR_CTP_BODY_TOO_LARGE: {
    ja: '送信された内容が大きすぎます。ファイルを分けて送ってください。',
    en: 'The request body is too large. Split it into smaller parts.',
  },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    ja: 'この形式の内容は受け付けていません。JSON（application/json）で送ってください。',
    en: 'This content type is not accepted. Send JSON (application/json).',
  },
};

/**
 * Maps every thrown error to a JSON body with a stable code, a message in the user's
 * language and the request id. 5xx bodies never carry internal details.
 */
export function handleError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const validation = findValidationError(error);
  if (validation) {
    const fields = validation.issues.map((issue) => describeIssue(issue, request.locale));
    const summary = fields.map((f) => (f.field ? `${f.field}: ${f.message}` : f.message)).join(' / ');
    const domain = commonErrors.validation_failed({ summary }, { fields });
    request.log.info({ code: domain.code, fields }, 'request rejected by validation');
    void reply.status(400).send(domainBody(domain, request));
    return;
  }

  if (isDomainError(error)) {
    const status = HTTP_STATUS[error.kind];
    if (status >= 500) request.log.error({ err: error }, 'domain error');
    else request.log.info({ code: error.code }, 'request rejected');
    void reply.status(status).send(domainBody(error, request));
    return;
  }

  // Fastify's own 4xx errors: malformed JSON, body too large, unsupported media type.
  const status = typeof error.statusCode === 'number' ? error.statusCode : 500;
  if (status >= 400 && status < 500) {
    request.log.info({ code: error.code, message: error.message }, 'request rejected by fastify');
    const known = FASTIFY_MESSAGES[error.code];
    void reply.status(status).send({
      error: {
        code: (error.code ?? 'bad_request').toLowerCase(),
        message: known
          ? known[request.locale]
          : request.locale === 'ja'
            ? `リクエストを処理できません (${error.message})。入力を確認してください。`
            : `The request could not be processed (${error.message}). Check the input.`,
        requestId: request.id,
      },
    } satisfies ErrorBody);
    return;
  }

  request.log.error({ err: error }, 'unhandled error');
  void reply.status(500).send(domainBody(commonErrors.internal({ requestId: request.id }), request));
}
