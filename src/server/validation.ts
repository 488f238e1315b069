import type { FastifySchemaCompiler } from 'fastify';
import { z } from 'zod';
import ja from 'zod/v4/locales/ja.js';
import en from 'zod/v4/locales/en.js';
import type { Locale } from '../shared/errors.js';
import { plainIssueWording } from './issue-wording.js';

/** One invalid field, in the shape every 400 response and the web forms use. */
export interface FieldError {
  /** Dotted path of the field, e.g. "lines.2.unitCost". */
  field: string;
  message: string;
}

export class RequestValidationError extends Error {
  constructor(
    readonly part: string,
    readonly issues: z.core.$ZodIssue[],
  ) {
    super(`Invalid request ${part}: ${issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    this.name = 'RequestValidationError';
  }
}

const localeErrors = { ja: ja().localeError, en: en().localeError };

/**
 * Words a zod issue in the user's language. Schemas may attach their own wording as
 * `params: { ja, en }` on a custom issue. Common issues get plain wording (issue-wording.ts)
 * and the rest use zod's locale tables.
 */
export function describeIssue(issue: z.core.$ZodIssue, locale: Locale): FieldError {
  const field = issue.path.map(String).join('.');
  const params = (issue as { params?: Record<string, unknown> }).params;
  const own = params?.[locale];
  if (typeof own === 'string') return { field, message: own };

  if (issue.code === 'invalid_type' && (issue as { input?: unknown }).input === undefined) {
    return { field, message: locale === 'ja' ? '入力してください。' : 'This field is required.' };
  }

  const plain = plainIssueWording(issue, locale);
  if (plain !== undefined) return { field, message: plain };

  const worded = localeErrors[locale](issue as never);
  const message = typeof worded === 'string' ? worded : (worded?.message ?? issue.message);
  return { field, message };
}

/** Validates with zod and keeps the raw issues so the error handler can word them per user. */
export const zodValidatorCompiler: FastifySchemaCompiler<z.ZodType> =
  ({ schema, httpPart }) =>
  (data) => {
    const result = schema.safeParse(data, { reportInput: true });
    if (result.success) return { value: result.data };
    return { error: new RequestValidationError(httpPart ?? 'body', result.error.issues) };
  };
