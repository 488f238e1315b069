import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RESOURCES, TRANSLATION_FILES } from '../../web/src/i18n/resources.js';

const SOURCE_ROOT = path.resolve(import.meta.dirname, '../../web/src');

/** Dotted keys of every string in a nested translation object. */
function flattenKeys(tree: Record<string, unknown>, prefix = ''): Map<string, unknown> {
  const keys = new Map<string, unknown>();
  for (const [name, value] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${name}` : name;
    if (value !== null && typeof value === 'object') {
      for (const [child, text] of flattenKeys(value as Record<string, unknown>, key)) keys.set(child, text);
    } else {
      keys.set(key, value);
    }
  }
  return keys;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

/** {{name}} placeholders of a translation, sorted, so both languages can be compared. */
function placeholders(text: unknown): string[] {
  return [...String(text).matchAll(/\{\{(\w+)\}\}/g)].map((match) => match[1]!).sort();
}

const jaKeys = flattenKeys(RESOURCES.ja);
const enKeys = flattenKeys(RESOURCES.en);

describe('web translations', () => {
  it('define each top-level key in one file only', () => {
    for (const files of Object.values(TRANSLATION_FILES)) {
      const seen = files.flatMap((file) => Object.keys(file));
      expect(seen.filter((key, index) => seen.indexOf(key) !== index)).toEqual([]);
    }
  });

  it('have the same keys in Japanese and English', () => {
    const onlyJa = [...jaKeys.keys()].filter((key) => !enKeys.has(key));
    const onlyEn = [...enKeys.keys()].filter((key) => !jaKeys.has(key));
    expect(onlyJa).toEqual([]);
    expect(onlyEn).toEqual([]);
  });

  it('have no empty strings', () => {
    const empty = [...jaKeys, ...enKeys].filter(([, text]) => typeof text !== 'string' || text.trim() === '').map(([key]) => key);
    expect(empty).toEqual([]);
  });

  it('use the same placeholders in both languages', () => {
    const mismatched = [...jaKeys.keys()].filter((key) => enKeys.has(key) && placeholders(jaKeys.get(key)).join() !== placeholders(enKeys.get(key)).join());
    expect(mismatched).toEqual([]);
  });

  it('define every literal key the screens use', () => {
    const used = new Set<string>();
    for (const file of sourceFiles(SOURCE_ROOT)) {
      const text = readFileSync(file, 'utf8');
      for (const match of text.matchAll(/\bt\(\s*'([\w.]+)'/g)) used.add(match[1]!);
    }
    expect(used.size).toBeGreaterThan(100);
    // A key used with a count may exist only in its plural forms (key_one, key_other).
    const missing = [...used].filter((key) => !jaKeys.has(key) && !jaKeys.has(`${key}_other`)).sort();
    expect(missing).toEqual([]);
  });
});
