import iconv from 'iconv-lite';
import type { CsvEncoding } from '../../shared/csv-safe.js';
import { itemCsvErrors } from './errors.js';

/** Encoding choices for import: a fixed encoding, or detection. */
export const ENCODING_CHOICES = ['auto', 'utf8', 'cp932'] as const;
export type EncodingChoice = (typeof ENCODING_CHOICES)[number];

export interface DecodedCsv {
  text: string;
  /** The encoding the bytes were read as, whether chosen or detected. */
  encoding: CsvEncoding;
  /** Whether the file started with a UTF-8 byte order mark (removed from `text`). */
  bom: boolean;
  /** Whether `encoding` was detected rather than chosen by the user. */
  detected: boolean;
}

const UTF8_BOM = [0xef, 0xbb, 0xbf] as const;

/**
 * Characters that JIS-based converters and Microsoft's CP932 table map to different code
 * points for the same CP932 bytes. iconv-lite follows Microsoft and decodes 0x8160 as
 * U+FF5E, so text written on a Mac or typed from a JIS table (U+301C WAVE DASH) would
 * otherwise be written as "?". Each key is replaced by the Microsoft form before encoding.
 */
const JIS_TO_MICROSOFT: Record<string, string> = {
  '\u301c': '\uff5e', // WAVE DASH → FULLWIDTH TILDE, bytes 81 60
  '\u2212': '\uff0d', // MINUS SIGN → FULLWIDTH HYPHEN-MINUS, bytes 81 7C
  '\u2016': '\u2225', // DOUBLE VERTICAL LINE → PARALLEL TO, bytes 81 61
  '\u00a2': '\uffe0', // CENT SIGN → FULLWIDTH CENT SIGN, bytes 81 91
  '\u00a3': '\uffe1', // POUND SIGN → FULLWIDTH POUND SIGN, bytes 81 92
  '\u00ac': '\uffe2', // NOT SIGN → FULLWIDTH NOT SIGN, bytes 81 CA
  '\u2014': '\u2015', // EM DASH → HORIZONTAL BAR, bytes 81 5C
};
const JIS_FORMS = new RegExp(`[${Object.keys(JIS_TO_MICROSOFT).join('')}]`, 'g');

function hasUtf8Bom(bytes: Uint8Array): boolean {
  return bytes.length >= 3 && UTF8_BOM.every((byte, index) => bytes[index] === byte);
}

/** Line number (1-based) of a character offset, for messages about undecodable bytes. */
function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let index = 0; index < offset && index < text.length; index += 1) {
    if (text.charCodeAt(index) === 0x0a) line += 1;
  }
  return line;
}

function decodeUtf8Strict(bytes: Uint8Array): string | null {
  try {
    // ignoreBOM: false makes the decoder drop a leading BOM itself.
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return null;
  }
}

/**
 * Reads CSV bytes as text. 'auto' tries strict UTF-8 first (a BOM or any valid UTF-8) and
 * falls back to CP932, because a CP932 file with Japanese text is almost never valid UTF-8.
 * Throws invalid_utf8 or invalid_cp932 naming the first bad line when the bytes do not
 * decode in the chosen encoding.
 */
export function decodeCsvBytes(bytes: Uint8Array, choice: EncodingChoice): DecodedCsv {
  const bom = hasUtf8Bom(bytes);

  if (choice === 'utf8' || choice === 'auto' || bom) {
    const text = decodeUtf8Strict(bytes);
    if (text !== null) return { text, encoding: 'utf8', bom, detected: choice === 'auto' };
    if (choice === 'utf8' || bom) {
      // Decode leniently only to find the line of the first bad byte for the message.
      const lenient = new TextDecoder('utf-8').decode(bytes);
      throw itemCsvErrors.invalid_utf8({ line: lineAt(lenient, lenient.indexOf('\ufffd')) });
    }
  }

  const text = iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), 'cp932');
  const bad = text.indexOf('\ufffd');
  if (bad >= 0) throw itemCsvErrors.invalid_cp932({ line: lineAt(text, bad) });
  return { text, encoding: 'cp932', bom: false, detected: choice === 'auto' };
}

/** Replaces the JIS forms of the wave dash, minus and the like by the forms CP932 holds. */
export function toMicrosoftForms(text: string): string {
  // NO-BREAK SPACE (common in text pasted from web pages) has no CP932 code; Windows'
  // best-fit conversion writes a plain space for it, and so does this.
  return text.replace(JIS_FORMS, (char) => JIS_TO_MICROSOFT[char] ?? char).replace(/\u00a0/g, ' ');
}

/**
 * Lists the distinct characters of `text` that CP932 cannot hold (emoji, most kanji outside
 * JIS X 0208 and the IBM extensions), after the JIS-form replacement above. An empty list
 * means encodeCp932 writes the text without loss.
 */
export function charactersMissingFromCp932(text: string): string[] {
  const mapped = toMicrosoftForms(text);
  const encoded = iconv.encode(mapped, 'cp932');

  // iconv-lite writes 0x3F ("?") for a missing character. 0x3F is never a CP932 trail
  // byte, so comparing counts shows whether anything was replaced, without a second pass.
  let questionMarks = 0;
  for (const byte of encoded) if (byte === 0x3f) questionMarks += 1;
  let literal = 0;
  for (const char of mapped) if (char === '?') literal += 1;
  if (questionMarks === literal) return [];

  const missing = new Set<string>();
  for (const char of mapped) {
    if (char !== '?' && iconv.encode(char, 'cp932')[0] === 0x3f) missing.add(char);
  }
  return [...missing];
}

/**
 * Encodes text as CP932 with the JIS forms mapped first. The caller checks
 * charactersMissingFromCp932 beforehand; a character CP932 lacks would become "?".
 */
export function encodeCp932(text: string): Buffer {
  return iconv.encode(toMicrosoftForms(text), 'cp932');
}

/** Encodes one chunk of CSV text; the UTF-8 BOM goes only on the first chunk, for Excel. */
export function encodeCsvChunk(text: string, encoding: CsvEncoding, isFirstChunk: boolean): Buffer {
  if (encoding === 'cp932') return encodeCp932(text);
  const body = Buffer.from(text, 'utf8');
  return isFirstChunk ? Buffer.concat([Buffer.from(UTF8_BOM), body]) : body;
}
