import { mmToDots, placeBarcode, type BarcodeKind } from './barcodes.js';
import type { PrintTag } from './tags.js';
import type { TagTemplate } from './templates.js';

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

/** Font height in dots at which a text fits its field width, never below 10 dots (about 1.3 mm at 203 dpi). */
function fittingHeightDots(text: string, fieldWidthDots: number, heightDots: number): number {
  const widthEm = estimatedWidthEm(text);
  if (widthEm * heightDots <= fieldWidthDots) return heightDots;
  return Math.max(10, Math.floor(fieldWidthDots / widthEm));
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
      const heightDots = fittingHeightDots(text, dots(layout.widthMm), Math.max(10, Math.round((layout.fontSizePt * template.dpi) / 72)));
      lines.push(`^FO${dots(layout.xMm)},${dots(layout.yMm)}${fontCommand(font, heightDots)}^FH^FD${fieldData(text)}^FS`);
    }

    const area = template.barcode;
    if (area && tag.barcode) {
      const placed = placeBarcode(tag.barcode.kind, tag.barcode.text, {
        widthDots: dots(area.widthMm),
        heightDots: dots(area.heightMm),
        maxModuleDots: Math.max(1, dots(area.maxModuleMm)),
      });
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
 */
function barcodeCommand(kind: BarcodeKind, text: string, x: number, y: number, moduleDots: number, heightDots: number): string {
  if (kind === 'qr') return `^FO${x + 4 * moduleDots},${y + 4 * moduleDots}^BQN,2,${Math.min(10, moduleDots)}^FH^FDMA,${fieldData(text)}^FS`;
  if (kind === 'ean13') return `^FO${x + 11 * moduleDots},${y}^BY${moduleDots}^BEN,${heightDots},N,N^FD${text.slice(0, 12)}^FS`;
  return `^FO${x + 10 * moduleDots},${y}^BY${moduleDots}^BCN,${heightDots},N,N,N^FH^FD${fieldData(text)}^FS`;
}
