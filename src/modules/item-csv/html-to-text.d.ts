// html-to-text 10 ships no type declarations; this covers the one function tsunagu calls.
declare module 'html-to-text' {
  export function convert(html: string, options?: Record<string, unknown>): string;
}
