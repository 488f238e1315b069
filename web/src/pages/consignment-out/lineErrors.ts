import { ApiError } from '../../api/client.js';

/**
 * Collects the API's field errors on document lines ("lines.2.stockNumber") by line index,
 * joining the messages of one line. Lines on these screens are table rows, not form fields,
 * so the page shows the messages in the rows itself.
 */
export function lineErrorsOf(error: unknown): Map<number, string> {
  const byLine = new Map<number, string>();
  if (!(error instanceof ApiError)) return byLine;
  for (const { field, message } of error.fields) {
    const match = /^lines\.(\d+)\./.exec(field);
    if (!match) continue;
    const index = Number(match[1]);
    byLine.set(index, byLine.has(index) ? `${byLine.get(index)} ${message}` : message);
  }
  return byLine;
}
