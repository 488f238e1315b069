/**
 * Checks that a stock number pattern is usable: literal letters, digits and hyphens, the date
 * tokens {YYYY} {YY} {MM} {DD}, and exactly one {SEQ:n} counter of 1 to 9 digits.
 */
export function isValidStockNumberPattern(pattern: string): boolean {
  const tokens = pattern.match(/\{[^}]*\}|[^{]+|\{/g) ?? [];
  let counters = 0;
  for (const token of tokens) {
    if (/^\{SEQ:[1-9]\}$/.test(token)) counters += 1;
    else if (/^\{(YYYY|YY|MM|DD)\}$/.test(token)) continue;
    else if (!/^[A-Za-z0-9-]+$/.test(token)) return false;
  }
  return counters === 1 && pattern.length <= 40;
}
