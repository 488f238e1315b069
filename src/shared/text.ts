/**
 * Folds text for searching: NFKC turns half-width katakana and full-width Latin letters
 * and digits into their standard forms (ｶﾞ → ガ, Ｋ１８ → K18), then case is lowered.
 * Stored search columns and search terms go through the same function.
 */
export function foldForSearch(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}
