import { BOLD_FONT, openJapanesePdf, REGULAR_FONT, type PdfDoc } from '../../shared/pdf.js';
import { placeBarcode } from './barcodes.js';
import type { PrintTag } from './tags.js';
import { barcodeAreaOf, labelOrigin, labelsPerPage, mmToPoints, type TagTemplate } from './templates.js';

// Price tags as a PDF at the exact size of the tag stock, with Noto Sans JP embedded. The
// barcode is drawn as filled rectangles on the printer's dot grid of the template: its origin
// and every bar edge fall on whole dots from the page's top left, at the template's dpi.

/** Smallest font size a field shrinks to, in points: about 1.4 mm high, still legible on a laser or thermal print. */
export const MIN_TAG_FONT_PT = 4;

/** Space kept clear at the right end of each field, in points, so neighbouring fields never touch. */
const FIELD_GAP_PT = 1;

/**
 * Returns the font size at which a text of `textWidthPt` (measured at `fontSizePt`) fits in
 * `fieldWidthPt`, never below MIN_TAG_FONT_PT. A field never wraps onto the line below,
 * which would print over the next field.
 */
export function fittingFontSize(textWidthPt: number, fieldWidthPt: number, fontSizePt: number): number {
  if (textWidthPt <= fieldWidthPt) return fontSizePt;
  return Math.max(MIN_TAG_FONT_PT, Math.floor(((fontSizePt * fieldWidthPt) / textWidthPt) * 10) / 10);
}

/**
 * Sets the font size for a field's text and returns the text to draw. A text that fits at
 * some size down to MIN_TAG_FONT_PT is drawn whole. A longer one is cut to the longest start
 * that fits with "…", so that nothing runs into the next field or label.
 */
function fitField(doc: PdfDoc, text: string, fieldWidthPt: number, fontSizePt: number): string {
  const width = Math.max(1, fieldWidthPt - FIELD_GAP_PT);
  const size = fittingFontSize(doc.fontSize(fontSizePt).widthOfString(text), width, fontSizePt);
  doc.fontSize(size);
  if (doc.widthOfString(text) <= width) return text;

  const characters = [...text];
  while (characters.length > 1 && doc.widthOfString(`${characters.join('')}…`) > width) characters.pop();
  return `${characters.join('')}…`;
}

/** Renders tags in order, filling a sheet label by label before the next page. */
export async function renderTagsPdf(template: TagTemplate, tags: readonly PrintTag[]): Promise<Buffer> {
  const size: [number, number] = [mmToPoints(template.pageWidthMm), mmToPoints(template.pageHeightMm)];
  const { doc, finished } = await openJapanesePdf({ size, margin: 0, autoFirstPage: false, info: { Title: `Price tags (${template.name})` } });
  const pointsPerDot = 72 / template.dpi;

  tags.forEach((tag, index) => {
    if (index % labelsPerPage(template) === 0) doc.addPage({ size, margin: 0 });
    const origin = labelOrigin(template, index);

    for (const layout of template.fields) {
      const text = tag.texts[layout.field];
      if (text === '') continue;
      doc.font(layout.bold ? BOLD_FONT : REGULAR_FONT);
      const fitted = fitField(doc, text, mmToPoints(layout.widthMm), layout.fontSizePt);
      doc.text(fitted, mmToPoints(origin.xMm + layout.xMm), mmToPoints(origin.yMm + layout.yMm), { lineBreak: false });
    }

    const area = template.barcode;
    if (!area || !tag.barcode) return;
    const placed = placeBarcode(tag.barcode.kind, tag.barcode.text, barcodeAreaOf(template, tag.barcode.kind));
    // Rounding the origin to a dot keeps sheet labels, whose margins are not whole dots, on the grid.
    const leftDots = Math.round(((origin.xMm + area.xMm) * template.dpi) / 25.4);
    const topDots = Math.round(((origin.yMm + area.yMm) * template.dpi) / 25.4);
    for (const rect of placed.rects) {
      doc.rect((leftDots + rect.x) * pointsPerDot, (topDots + rect.y) * pointsPerDot, rect.width * pointsPerDot, rect.height * pointsPerDot);
    }
    doc.fill('black');
  });

  doc.end();
  return finished;
}
