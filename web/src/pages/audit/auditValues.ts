// Text forms of the JSON values an audit event carries (before, after, detail).

/**
 * Parses a value that may arrive as JSON text (as stored) or already parsed. Text that is
 * not JSON is returned as it is.
 */
function parsed(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
}

/**
 * Pretty-prints an audit value as JSON with two-space indents, for display as plain text.
 * Returns an empty string for null and undefined (a creation has no "before").
 */
export function auditJson(value: unknown): string {
  const data = parsed(value);
  if (data === null || data === undefined) return '';
  if (typeof data === 'string') return data;
  return JSON.stringify(data, null, 2);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * Top-level keys whose values differ between before and after, sorted. Returns an empty
 * list when either side is not an object, since there is then nothing to compare by key.
 */
export function changedKeys(before: unknown, after: unknown): string[] {
  const from = parsed(before);
  const to = parsed(after);
  if (!isRecord(from) || !isRecord(to)) return [];
  const keys = new Set([...Object.keys(from), ...Object.keys(to)]);
  return [...keys].filter((key) => JSON.stringify(from[key]) !== JSON.stringify(to[key])).sort();
}
