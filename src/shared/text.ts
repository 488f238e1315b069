/** Offset from a hiragana letter to its katakana (ぁ U+3041 → ァ U+30A1). */
const HIRAGANA_TO_KATAKANA = 0x60;

/**
 * Folds text for searching: NFKC turns half-width katakana and full-width Latin letters
 * and digits into their standard forms (ｶﾞ → ガ, Ｋ１８ → K18), case is lowered, and
 * hiragana becomes katakana (りんぐ → リング). Stored search columns and search terms go
 * through the same function, and folding folded text changes nothing.
 */
export function foldForSearch(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\u3041-\u3096]/g, (char) => String.fromCharCode(char.charCodeAt(0) + HIRAGANA_TO_KATAKANA))
    .replace(/\s+/g, ' ')
    .trim();
}
