import { z } from 'zod';

/**
 * Wording for a custom zod check in both languages. The HTTP error handler and the CSV
 * import show the one that matches the user's language.
 */
export function bilingual(ja: string, en: string): { params: { ja: string; en: string } } {
  return { params: { ja, en } };
}

/**
 * A code that must match a pattern, with a message in both languages. Full-width input
 * (ＧＩＮＺＡ－１) is folded to half-width first, as Japanese keyboards often type it.
 */
export function patternString(pattern: RegExp, ja: string, en: string) {
  return z
    .string()
    .trim()
    .transform((value) => value.normalize('NFKC'))
    .refine((value) => pattern.test(value), bilingual(ja, en));
}

/** Optional free text: trimmed, empty becomes null, at most `max` characters. */
export function optionalText(max: number) {
  return z
    .string()
    .trim()
    .max(max)
    .transform((value) => (value === '' ? null : value))
    .nullable()
    .optional();
}
