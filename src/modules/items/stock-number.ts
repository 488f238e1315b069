/**
 * Rendering of the company's stock number pattern (company_settings.stock_number_pattern).
 *
 * Tokens, all taken from the Japanese business date (Asia/Tokyo) of the day the item is created:
 *   {YYYY}  four-digit year          2026
 *   {YY}    two-digit year           26
 *   {MM}    two-digit month          12
 *   {DD}    two-digit day            04
 *   {SEQ:n} counter padded with zeros to n digits (1 to 9); exactly one per pattern
 * Any other text is copied as it is. "{YY}{MM}-{SEQ:5}" gives "2612-00001", "2612-00002", ...
 *
 * The counter is a named sequence whose name is the pattern rendered with every date token
 * filled in and the counter left as "{SEQ}" (see stockNumberCounterName). A pattern with
 * {YY}{MM} therefore restarts at 1 every month, and a pattern without date tokens never
 * restarts. Changing only the counter's width keeps the count going. A counter that
 * outgrows its width is written with more digits rather than wrapped, so numbers stay unique.
 */

export type StockNumberToken =
  | { kind: 'text'; text: string }
  | { kind: 'date'; part: 'YYYY' | 'YY' | 'MM' | 'DD' }
  | { kind: 'sequence'; width: number };

const TOKEN = /\{(YYYY|YY|MM|DD|SEQ:([1-9]))\}/g;

/** Splits a pattern into tokens; returns null unless it has exactly one {SEQ:n}. */
export function parseStockNumberPattern(pattern: string): StockNumberToken[] | null {
  const tokens: StockNumberToken[] = [];
  let position = 0;

  for (const match of pattern.matchAll(TOKEN)) {
    if (match.index > position) tokens.push({ kind: 'text', text: pattern.slice(position, match.index) });
    if (match[2] !== undefined) tokens.push({ kind: 'sequence', width: Number(match[2]) });
    else tokens.push({ kind: 'date', part: match[1] as 'YYYY' | 'YY' | 'MM' | 'DD' });
    position = match.index + match[0].length;
  }
  if (position < pattern.length) tokens.push({ kind: 'text', text: pattern.slice(position) });

  const counters = tokens.filter((token) => token.kind === 'sequence').length;
  return counters === 1 ? tokens : null;
}

function renderTokens(tokens: StockNumberToken[], businessDate: string, sequence: (width: number) => string): string {
  const [year, month, day] = businessDate.split('-') as [string, string, string];
  const dateParts = { YYYY: year, YY: year.slice(2), MM: month, DD: day };

  return tokens
    .map((token) => {
      if (token.kind === 'text') return token.text;
      if (token.kind === 'date') return dateParts[token.part];
      return sequence(token.width);
    })
    .join('');
}

/** Names the sequence that numbers items of this pattern on this business date ("YYYY-MM-DD"). */
export function stockNumberCounterName(tokens: StockNumberToken[], businessDate: string): string {
  return `stock_number:${renderTokens(tokens, businessDate, () => '{SEQ}')}`;
}

/** Renders the stock number for one counter value, e.g. ("{YY}{MM}-{SEQ:5}", "2026-12-04", 7) → "2612-00007". */
export function renderStockNumber(tokens: StockNumberToken[], businessDate: string, counter: number): string {
  return renderTokens(tokens, businessDate, (width) => String(counter).padStart(width, '0'));
}
