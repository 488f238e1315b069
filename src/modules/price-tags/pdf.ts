import { BOLD_FONT, openJapanesePdf, REGULAR_FONT } from '../../shared/pdf.js';
import { mmToDots, placeBarcode } from './barcodes.js';
import type { PrintTag } from './tags.js';
import { labelOrigin, labelsPerPage, mmToPoints, type TagTemplate } from './templates.js';

// Price tags as a PDF at the exact size of the tag stock, with Noto Sans JP embedded. The
// barcode is drawn as filled rectangles on the printer's dot grid of the template: its origin
// and every bar edge fall on whole dots from the page's top left, at the template's dpi.

/** Smallest font size a field shrinks to, in points: about 1.4 mm high, still legible on a laser or thermal print. */
export const MIN_TAG_FONT_PT = 4;

/**
 * Returns the font size at which a text of `textWidthPt` (measured at `fontSizePt`) fits in
 * `fieldWidthPt`. A field never wraps onto the line below, which would print over the next
 * field, and never loses characters, so the text read back from the PDF is the input.
 */
export function fittingFontSize(textWidthPt: number, fieldWidthPt: number, fontSizePt: number): number {
  if (textWidthPt <= fieldWidthPt) return fontSizePt;
  return Math.max(MIN_TAG_FONT_PT, Math.floor(((fontSizePt * fieldWidthPt) / textWidthPt) * 10) / 10);
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
      const widthPt = mmToPoints(layout.widthMm);
      doc
        .fontSize(fittingFontSize(doc.fontSize(layout.fontSizePt).widthOfString(text), widthPt, layout.fontSizePt))
        .text(text, mmToPoints(origin.xMm + layout.xMm), mmToPoints(origin.yMm + layout.yMm), { lineBreak: false });
    }

    const area = template.barcode;
    if (!area || !tag.barcode) return;
    const placed = placeBarcode(tag.barcode.kind, tag.barcode.text, {
      widthDots: mmToDots(area.widthMm, template.dpi),
      heightDots: mmToDots(area.heightMm, template.dpi),
      maxModuleDots: Math.max(1, mmToDots(area.maxModuleMm, template.dpi)),
    });
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
