import type { BarcodeKind } from './barcodes.js';
import { barcodeText, tagFieldTexts, type TagField, type TagItem, type TagTemplate } from './templates.js';

// The content of each tag, ready for a renderer: formatted field texts and the barcode.
// PDF and ZPL output draw the same content, so they cannot disagree on what a tag shows.

/** One tag to print: the text of each field and the barcode, if the template has one. */
export interface PrintTag {
  texts: Record<TagField, string>;
  barcode: { kind: BarcodeKind; text: string } | null;
}

export interface TagOptions {
  /** Cost cipher of the company; without one the cost code stays empty. */
  costCipher: string | null;
  /** Barcode kind instead of the template's. */
  barcodeKind?: BarcodeKind;
}

/** Builds the tags of pieces in the given order, one tag per piece. */
export function buildPrintTags(template: TagTemplate, items: readonly TagItem[], options: TagOptions): PrintTag[] {
  const kind = options.barcodeKind ?? template.barcode?.kind;
  return items.map((item) => ({
    texts: tagFieldTexts(item, options.costCipher),
    barcode: template.barcode && kind ? { kind, text: barcodeText(item, kind) } : null,
  }));
}
