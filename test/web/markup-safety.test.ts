import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// React escapes every text it renders, so an item name such as
// `<img src=x onerror=alert(1)>` shows as text. These APIs bypass that escaping and must not
// appear in the web UI; a screen that needs rich text should render it as React elements.

const WEB_ROOT = path.resolve(import.meta.dirname, '../../web');

/** API names that insert a string as HTML or script. */
const UNSAFE_HTML_APIS = ['dangerouslySetInnerHTML', 'innerHTML', 'outerHTML', 'insertAdjacentHTML', 'document.write', 'createContextualFragment', 'srcdoc'];

/** Source files of the web UI, the built bundle (web/dist) left out. */
function webSources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'dist' || entry.name === 'node_modules' ? [] : webSources(full);
    return /\.(tsx?|jsx?|html)$/.test(entry.name) ? [full] : [];
  });
}

/** "file:line: api" for each use of an unsafe HTML API in the text. */
function findUnsafeHtml(text: string, file: string): string[] {
  const hits: string[] = [];
  text.split('\n').forEach((line, index) => {
    for (const api of UNSAFE_HTML_APIS) {
      if (line.includes(api)) hits.push(`${file}:${index + 1}: ${api}`);
    }
  });
  return hits;
}

describe('web markup safety', () => {
  it('finds an unsafe API in sample code', () => {
    expect(findUnsafeHtml('<div dangerouslySetInnerHTML={{ __html: name }} />', 'sample.tsx')).toEqual(['sample.tsx:1: dangerouslySetInnerHTML']);
    expect(findUnsafeHtml('const a = 1;\nnode.innerHTML = name;', 'sample.ts')).toEqual(['sample.ts:2: innerHTML']);
  });

  it('web sources use no API that renders HTML from strings', () => {
    const files = webSources(WEB_ROOT);
    expect(files.length).toBeGreaterThan(50);
    const hits = files.flatMap((file) => findUnsafeHtml(readFileSync(file, 'utf8'), path.relative(WEB_ROOT, file)));
    expect(hits).toEqual([]);
  });
});
