import { mmToDots, placeBarcode, type BarcodeKind } from './barcodes.js';
import type { PrintTag } from './tags.js';
import { priceTagErrors } from './errors.js';
import { barcodeAreaOf, type TagTemplate } from './templates.js';

// Price tags as ZPL II for Zebra printers: one ^XA … ^XZ format per tag, positions in dots
// at the template's dpi. The printer draws the barcodes itself, with the module width set
// by ^BY in whole dots, chosen as for the PDF so that both print the same size.

export interface ZplOptions {
  /**
   * Font for the texts: a one-character ^A font name, or a font file stored on the printer
   * such as "E:NOTOJP.TTF". The built-in "0" has no Japanese glyphs.
   */
  font?: string;
}

/**
 * Escapes field data for ^FH: "_" starts a hex escape, and "^" and "~" would start a
 * command, so all three are written as hex.
 */
function fieldData(text: string): string {
  return text.replace(/[_^~]/g, (char) => `_${char.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * Checks a ZPL font name and returns it in capitals: one letter or digit (a built-in or
 * downloaded font), or a TrueType or bitmap font file on a printer drive such as
 * "E:NOTOJP.TTF". Anything else would write a broken ^A command.
 */
export function checkZplFont(font: string): string {
  const name = font.trim().toUpperCase();
  if (!/^([A-Z0-9]|[REBA]:[A-Z0-9_-]{1,16}\.(TTF|TTE|FNT))$/.test(name)) throw priceTagErrors.invalid_zpl_font({ font });
  return name;
}

/** Writes the font command: ^A with a font name, or ^A@ with a font file on the printer's drive. */
function fontCommand(font: string, heightDots: number): string {
  if (font.includes(':')) return `^A@N,${heightDots},${heightDots},${font}`;
  return `^A${font}N,${heightDots},${heightDots}`;
}

/**
 * Estimated width of a text in ems of the printer font: full-width characters (kana, kanji,
 * full-width forms) one em, others 0.6 em, which covers the proportional font 0. The printer
 * measures the text itself, so the estimate only has to keep a field from running into the next.
 */
export function estimatedWidthEm(text: string): number {
  let width = 0;
  for (const char of text) {
    const code = char.codePointAt(0)!;
    width += (code >= 0x2e80 && code <= 0x9fff) || (code >= 0xf900 && code <= 0xfaff) || (code >= 0xff01 && code <= 0xff60) ? 1 : 0.6;
  }
  return width;
}

/** Smallest font height in dots: about 1.3 mm at 203 dpi. */
const MIN_FONT_DOTS = 10;

/**
 * Returns the font height in dots and the text to print so that the text fits its field:
 * shrunk down to MIN_FONT_DOTS, and past that cut with "…", as the PDF does.
 */
function fitField(text: string, fieldWidthDots: number, heightDots: number): { text: string; heightDots: number } {
  const widthEm = estimatedWidthEm(text);
  if (widthEm * heightDots <= fieldWidthDots) return { text, heightDots };
  const fitting = Math.floor(fieldWidthDots / widthEm);
  if (fitting >= MIN_FONT_DOTS) return { text, heightDots: fitting };

  const characters = [...text];
  while (characters.length > 1 && estimatedWidthEm(`${characters.join('')}…`) * MIN_FONT_DOTS > fieldWidthDots) characters.pop();
  return { text: `${characters.join('')}…`, heightDots: MIN_FONT_DOTS };
}

/** Renders one ZPL format per tag; sheet templates print label by label too. */
export function renderTagsZpl(template: TagTemplate, tags: readonly PrintTag[], options: ZplOptions = {}): string {
  const font = options.font ?? '0';
  const dots = (mm: number) => mmToDots(mm, template.dpi);
  const formats = tags.map((tag) => {
    // ^CI28 makes field data UTF-8; ^PW and ^LL set the label width and length.
    const lines = ['^XA', '^CI28', `^PW${dots(template.labelWidthMm)}`, `^LL${dots(template.labelHeightMm)}`, '^LH0,0'];

    for (const layout of template.fields) {
      const text = tag.texts[layout.field];
      if (text === '') continue;
      const fitted = fitField(text, dots(layout.widthMm), Math.max(MIN_FONT_DOTS, Math.round((layout.fontSizePt * template.dpi) / 72)));
      lines.push(`^FO${dots(layout.xMm)},${dots(layout.yMm)}${fontCommand(font, fitted.heightDots)}^FH^FD${fieldData(fitted.text)}^FS`);
    }

    const area = template.barcode;
    if (area && tag.barcode) {
      const placed = placeBarcode(tag.barcode.kind, tag.barcode.text, barcodeAreaOf(template, tag.barcode.kind));
      lines.push(barcodeCommand(tag.barcode.kind, tag.barcode.text, dots(area.xMm), dots(area.yMm), placed.moduleDots, placed.heightDots));
    }

    lines.push('^XZ');
    return lines.join('\n');
  });
  return formats.join('\n') + '\n';
}

/**
 * Writes the barcode field. ^FO is where the bars start, so linear codes are moved right by
 * their quiet zone, which the printer does not add. ^BE takes the 12 digits and adds the
 * check digit itself; QR field data starts with "MA," (error correction M, automatic mode).
 * Code 128 uses automatic mode (A), in which the printer switches to code set C for runs of
 * digits as bwip-js does for the PDF, so both print the same number of modules.
 */
function barcodeCommand(kind: BarcodeKind, text: string, x: number, y: number, moduleDots: number, heightDots: number): string {
  if (kind === 'qr') return `^FO${x + 4 * moduleDots},${y + 4 * moduleDots}^BQN,2,${Math.min(10, moduleDots)}^FH^FDMA,${fieldData(text)}^FS`;
  if (kind === 'ean13') return `^FO${x + 11 * moduleDots},${y}^BY${moduleDots}^BEN,${heightDots},N,N^FD${text.slice(0, 12)}^FS`;
  return `^FO${x + 10 * moduleDots},${y}^BY${moduleDots}^BCN,${heightDots},N,N,N,A^FH^FD${fieldData(text)}^FS`;
}
