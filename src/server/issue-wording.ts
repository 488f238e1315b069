import type { z } from 'zod';
import type { Locale } from '../shared/errors.js';

// Plain wording for the zod issues that forms meet most: empty, too short or long, out of
// range, wrong type, a value outside a list and a malformed email address or URL. zod's own Japanese table names internal
// types ("stringは1文字以上"), which staff cannot act on. Issues not covered here return
// undefined and fall back to zod's locale tables.

type Wording = Record<Locale, string>;

function sizeWording(issue: z.core.$ZodIssueTooSmall | z.core.$ZodIssueTooBig): Wording | undefined {
  const small = issue.code === 'too_small';
  const limit = Number(small ? (issue as z.core.$ZodIssueTooSmall).minimum : (issue as z.core.$ZodIssueTooBig).maximum);
  const inclusive = issue.inclusive !== false;

  switch (issue.origin) {
    case 'string':
      if (small && limit <= 1) return { ja: '入力してください。', en: 'Enter a value.' };
      return small
        ? { ja: `${limit} 文字以上で入力してください。`, en: `Enter at least ${limit} characters.` }
        : { ja: `${limit} 文字以内で入力してください。`, en: `Enter at most ${limit} characters.` };
    case 'number':
    case 'int':
    case 'bigint':
      if (small) {
        return inclusive
          ? { ja: `${limit} 以上の数を入力してください。`, en: `Enter a number of at least ${limit}.` }
          : { ja: `${limit} より大きい数を入力してください。`, en: `Enter a number greater than ${limit}.` };
      }
      return inclusive
        ? { ja: `${limit} 以下の数を入力してください。`, en: `Enter a number of at most ${limit}.` }
        : { ja: `${limit} より小さい数を入力してください。`, en: `Enter a number less than ${limit}.` };
    case 'array':
    case 'set':
      return small
        ? { ja: `${limit} 件以上指定してください。`, en: `Add at least ${limit} entries.` }
        : { ja: `${limit} 件以内にしてください。`, en: `Use at most ${limit} entries.` };
    default:
      return undefined;
  }
}

const TYPE_NAMES: Record<string, Wording> = {
  number: { ja: '数値', en: 'a number' },
  int: { ja: '整数', en: 'a whole number' },
  string: { ja: '文字', en: 'text' },
  boolean: { ja: 'はい・いいえ（true / false）', en: 'true or false' },
  array: { ja: '一覧（配列）', en: 'a list' },
  object: { ja: '項目のまとまり（オブジェクト）', en: 'an object' },
};

/** Returns plain wording for common issues, or undefined to use zod's own table. */
export function plainIssueWording(issue: z.core.$ZodIssue, locale: Locale): string | undefined {
  switch (issue.code) {
    case 'too_small':
    case 'too_big':
      return sizeWording(issue)?.[locale];
    case 'invalid_type': {
      const expected = TYPE_NAMES[issue.expected];
      if (!expected) return undefined;
      return locale === 'ja' ? `${expected.ja}で入力してください。` : `Enter ${expected.en}.`;
    }
    case 'invalid_format':
      if (issue.format === 'email') {
        return locale === 'ja' ? 'メールアドレスの形式で入力してください（例: staff@example.jp）。' : 'Enter an email address (example: staff@example.jp).';
      }
      if (issue.format === 'url') {
        return locale === 'ja' ? 'URL の形式で入力してください（例: https://example.jp/ring.jpg）。' : 'Enter a URL (example: https://example.jp/ring.jpg).';
      }
      return undefined;
    case 'invalid_value': {
      const choices = issue.values.map(String).join(', ');
      return locale === 'ja' ? `次のいずれかを指定してください: ${choices}` : `Use one of: ${choices}.`;
    }
    default:
      return undefined;
  }
}
