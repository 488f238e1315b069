import { readFileSync } from 'node:fs';
import { authErrors } from './errors.js';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from './password.js';

// Password rules after NIST SP 800-63B (revision 3, section 5.1.1.2): a minimum length, a
// generous maximum, a check against commonly used and leaked passwords and against words
// from the account itself, and no composition rules or forced rotation.

/** Entries shorter than this only match exactly, so that "user" does not reject "username2024". */
const MIN_AFFIX_ENTRY_LENGTH = 4;

/** Email local parts shorter than this are too common as substrings to reject on. */
const MIN_LOCAL_PART_LENGTH = 4;

/**
 * The letters of a password are checked against the list only when there are at least this
 * many, so that "a8#2b9!4c7$1" (letters "abc") is not rejected for its few letters.
 */
const MIN_LETTERS_CHECKED = 4;

/** Longest unit that a password may not consist of, repeated ("abcabcabcabc", "12341234…"). */
export const MAX_REPEATED_UNIT_LENGTH = 4;

let commonPasswords: ReadonlySet<string> | undefined;

/** Case- and width-insensitive form: ＰＡＳＳＷＯＲＤ and Password both become "password". */
export function normalizePassword(password: string): string {
  return password.normalize('NFKC').toLowerCase();
}

function loadCommonPasswords(): ReadonlySet<string> {
  commonPasswords ??= new Set(
    readFileSync(new URL('./common-passwords.txt', import.meta.url), 'utf8')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== '' && !line.startsWith('#'))
      .map(normalizePassword),
  );
  return commonPasswords;
}

const NO_LETTERS = /^[^\p{L}]*$/u;

/**
 * True when the normalized password is a listed entry, a listed entry of 4 or more
 * characters with only digits, symbols or spaces around it ("Password2024!"), or a listed
 * entry repeated ("sakurasakura").
 */
function isCommonPassword(normalized: string): boolean {
  const list = loadCommonPasswords();
  if (list.has(normalized)) return true;

  for (const entry of list) {
    if (entry.length >= MIN_AFFIX_ENTRY_LENGTH) {
      const at = normalized.indexOf(entry);
      if (at >= 0 && NO_LETTERS.test(normalized.slice(0, at)) && NO_LETTERS.test(normalized.slice(at + entry.length))) return true;
    }
    if (normalized.length % entry.length === 0 && entry.repeat(normalized.length / entry.length) === normalized) return true;
  }
  return false;
}

/** True when the text is one unit of 1 to MAX_REPEATED_UNIT_LENGTH characters written twice or more. */
function isShortUnitRepeated(text: string): boolean {
  const characters = [...text];
  const longestUnit = Math.min(MAX_REPEATED_UNIT_LENGTH, Math.floor(characters.length / 2));
  for (let unit = 1; unit <= longestUnit; unit += 1) {
    if (characters.length % unit === 0 && characters.every((character, index) => character === characters[index % unit])) return true;
  }
  return false;
}

/**
 * Rejects a password that breaks one of the rules, with an error naming the rule.
 * `email` is the account's address, whose local part may not appear in the password;
 * `field` names the input in the error details.
 */
export function assertPasswordAllowed(password: string, email: string, field = 'password'): void {
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH) throw authErrors.password_too_short({ min: MIN_PASSWORD_LENGTH }, { field });
  if (length > MAX_PASSWORD_LENGTH) throw authErrors.password_too_long({ max: MAX_PASSWORD_LENGTH }, { field });

  const normalized = normalizePassword(password);
  const characters = [...normalized];
  if (characters.every((character) => character === characters[0])) {
    throw authErrors.password_repeated_character({}, { field });
  }

  // Spaces are left out too, so "pass word 1234" counts as "password1234".
  const candidates = [...new Set([normalized, normalized.replace(/\s+/gu, '')])];
  const localPart = normalizePassword(email.trim().split('@')[0] ?? '');
  const containsLocalPart = (candidate: string) =>
    localPart.length >= MIN_LOCAL_PART_LENGTH ? candidate.includes(localPart) : candidate === localPart;
  if (localPart !== '' && candidates.some(containsLocalPart)) {
    throw authErrors.password_contains_email({}, { field });
  }

  // The letters alone catch a listed word with separators or digits inside or between its
  // repeats: "pass1234word", "sakura-sakura", "Tsunagu-Tsunagu".
  const letters = normalized.replace(/[^\p{L}\p{M}]+/gu, '');
  const commonCandidates = [...letters].length >= MIN_LETTERS_CHECKED ? [...candidates, letters] : candidates;
  if (commonCandidates.some(isCommonPassword)) throw authErrors.password_common({}, { field });

  // Separators are left out here, so "abc-abc-abc-abc" counts as "abcabcabcabc"; digits stay,
  // so that "a9b2a7b1" is not taken for a repeat of "ab".
  const withoutSeparators = normalized.replace(/[\s\p{P}\p{S}]+/gu, '');
  if ([normalized, withoutSeparators].some(isShortUnitRepeated)) {
    throw authErrors.password_repeated_pattern({ max: MAX_REPEATED_UNIT_LENGTH }, { field });
  }
}
