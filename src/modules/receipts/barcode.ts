import bwipjs from 'bwip-js';

// Code 128 barcodes of the sale number, so a return can be started by scanning the receipt.

/** Checks that text fits Code 128, which encodes ASCII. Sale numbers are printable ASCII. */
export function isCode128Text(text: string): boolean {
  return /^[\x20-\x7e]{1,80}$/.test(text);
}

export interface BarcodeSvg {
  /** The <svg> element, without an XML declaration, ready to inline in HTML. */
  svg: string;
  /** Width in narrow bars (modules), quiet zones included, for sizing the print. */
  modules: number;
}

/** Quiet zone on each side, in modules. Code 128 needs at least 10. */
const QUIET_ZONE_MODULES = 10;

/**
 * Draws a Code 128 barcode as SVG at one unit per module, or returns null when the text
 * cannot be encoded. The caller sizes it, and may stretch its height freely.
 */
export function code128Svg(text: string): BarcodeSvg | null {
  if (!isCode128Text(text)) return null;
  const raw = bwipjs.toSVG({ bcid: 'code128', text, scale: 1, height: 10, includetext: false, paddingwidth: QUIET_ZONE_MODULES });
  const viewBox = /viewBox="0 0 (\d+(?:\.\d+)?) (\d+(?:\.\d+)?)"/.exec(raw);
  if (!viewBox) throw new Error('bwip-js returned an SVG without a viewBox');
  const svg = raw.replace(/^<\?xml[^>]*>\s*/, '').trim();
  return { svg, modules: Number(viewBox[1]) };
}

/** Draws a Code 128 barcode as a PNG for the PDF, or returns null when the text cannot be encoded. */
export async function code128Png(text: string): Promise<Buffer | null> {
  if (!isCode128Text(text)) return null;
  return bwipjs.toBuffer({ bcid: 'code128', text, scale: 3, height: 10, includetext: false, paddingwidth: QUIET_ZONE_MODULES });
}
