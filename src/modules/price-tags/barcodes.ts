import bwipjs from 'bwip-js';
import { priceTagErrors } from './errors.js';

// Barcode rules of price tags: EAN-13/JAN and EAN-8 check digits, in-store JAN codes, the
// Code 128 check value, and bars laid out in whole printer dots. A printer rounds a bar
// that ends between two dots to one side, so bars of equal width come out unequal. Scanners
// decode the ratios of bar and space widths, so every module here is a whole number of dots.

export type BarcodeKind = 'code128' | 'ean13' | 'qr';

export const BARCODE_KINDS: readonly BarcodeKind[] = ['code128', 'ean13', 'qr'];

/**
 * Returns the check digit of an EAN-13 (JAN) or EAN-8 code from its other digits (12 or 7).
 * Digits are weighted 3, 1, 3, ... from the right, so one rule serves both lengths.
 */
export function eanCheckDigit(body: string): number {
  if (!/^(\d{7}|\d{12})$/.test(body)) throw priceTagErrors.invalid_ean_length({ code: body, lengths: '7 / 12' });
  let sum = 0;
  for (let index = 0; index < body.length; index += 1) {
    const weight = (body.length - index) % 2 === 1 ? 3 : 1;
    sum += Number(body[index]) * weight;
  }
  return (10 - (sum % 10)) % 10;
}

/** Checks a whole EAN-13 or EAN-8 code and returns it; a wrong check digit is an error naming both. */
export function verifyEan(code: string): string {
  const trimmed = code.trim();
  if (!/^(\d{8}|\d{13})$/.test(trimmed)) throw priceTagErrors.invalid_ean_length({ code, lengths: '8 / 13' });
  const expected = eanCheckDigit(trimmed.slice(0, -1));
  const actual = trimmed.slice(-1);
  if (Number(actual) !== expected) throw priceTagErrors.wrong_check_digit({ code: trimmed, expected, actual });
  return trimmed;
}

/** Tells whether a code is a valid EAN-13 or EAN-8, for filters that must not raise. */
export function isValidEan(code: string): boolean {
  return /^(\d{8}|\d{13})$/.test(code) && Number(code.slice(-1)) === eanCheckDigit(code.slice(0, -1));
}

/**
 * Makes an in-store JAN code (インストアコード): a prefix from 20 to 29, which GS1 Japan leaves
 * to each store, 10 digits of the store's own number, and the check digit. `number` is a
 * sequence or the digits of a stock number ("R-2026-0042" gives 2026 0042).
 */
export function inStoreJan(prefix: number, number: number | string): string {
  if (!Number.isInteger(prefix) || prefix < 20 || prefix > 29) throw priceTagErrors.invalid_in_store_prefix({ prefix: String(prefix) });
  let digits = '';
  if (typeof number === 'string') digits = number.replace(/\D/g, '');
  else if (Number.isSafeInteger(number) && number >= 0) digits = String(number);
  if (digits === '' || digits.length > 10) throw priceTagErrors.in_store_number_too_long({ value: String(number) });
  const body = `${prefix}${digits.padStart(10, '0')}`;
  return `${body}${eanCheckDigit(body)}`;
}

/** Prefix of the in-store JAN codes that tsunagu makes; 21 to 29 stay free for the shop's other uses. */
export const IN_STORE_JAN_PREFIX = 20;

/**
 * Returns the number inside an in-store JAN code of the given prefix (its 10 digits after the
 * prefix), or null when the code is not one, or its check digit is wrong.
 */
export function inStoreJanNumber(code: string, prefix: number): number | null {
  if (!new RegExp(`^${prefix}\\d{11}$`).test(code) || !isValidEan(code)) return null;
  return Number(code.slice(2, 12));
}

/** Tells whether an EAN-13 code is an in-store code (prefix 20 to 29). */
export function isInStoreJan(code: string): boolean {
  return /^2\d{12}$/.test(code);
}

/** Code 128 encodes printable ASCII here; stock numbers are printable ASCII. */
export function isCode128Text(text: string): boolean {
  return /^[\x20-\x7e]{1,80}$/.test(text);
}

/** Symbol value of the Code 128 start character for code set B. */
export const CODE128_START_B = 104;

/** Values of text in Code 128 code set B, where each printable ASCII character is its code minus 32. */
export function code128SetBValues(text: string): number[] {
  if (!isCode128Text(text)) throw priceTagErrors.not_code128_text({ text });
  return [...text].map((char) => char.charCodeAt(0) - 32);
}

/**
 * Returns the Code 128 check value: the start value plus each data value times its position
 * (from 1), modulo 103. `values` are the symbols after the start character, in any code set.
 */
export function code128CheckValue(startValue: number, values: readonly number[]): number {
  let sum = startValue;
  values.forEach((value, index) => {
    sum += value * (index + 1);
  });
  return sum % 103;
}

/** A one-dimensional barcode: bar and space widths in modules, starting with a bar. */
export interface LinearSymbol {
  kind: 'code128' | 'ean13';
  /** Alternating bar and space widths in modules, quiet zones not included. */
  widths: number[];
  /** Quiet zone in modules on the left and on the right. */
  quietLeft: number;
  quietRight: number;
}

/** A QR code: rows of dark (true) and light modules, quiet zone not included. */
export interface MatrixSymbol {
  kind: 'qr';
  size: number;
  dark: boolean[][];
  quiet: number;
}

export type BarcodeSymbol = LinearSymbol | MatrixSymbol;

/**
 * Encodes a barcode with bwip-js. Code 128 may switch to code set C for runs of digits, as
 * bwip-js chooses; EAN-13 codes are checked first so that a wrong check digit gets our message.
 */
export function encodeBarcode(kind: BarcodeKind, text: string): BarcodeSymbol {
  if (kind === 'qr') {
    const [drawing] = bwipjs.raw({ bcid: 'qrcode', text }) as unknown as { pixs: number[]; pixx: number; pixy: number }[];
    const size = drawing!.pixx;
    const dark = Array.from({ length: drawing!.pixy }, (_, row) => Array.from({ length: size }, (_, column) => drawing!.pixs[row * size + column] === 1));
    return { kind, size, dark, quiet: 4 };
  }

  if (kind === 'ean13') {
    const code = verifyEan(text);
    if (code.length !== 13) throw priceTagErrors.invalid_ean_length({ code, lengths: '13' });
  } else if (!isCode128Text(text)) {
    throw priceTagErrors.not_code128_text({ text });
  }
  const [drawing] = bwipjs.raw({ bcid: kind, text }) as unknown as { sbs: number[] }[];
  // EAN-13 needs 11 modules left (the first digit is printed there) and 7 right; Code 128 needs 10 each side.
  return kind === 'ean13'
    ? { kind, widths: drawing!.sbs, quietLeft: 11, quietRight: 7 }
    : { kind, widths: drawing!.sbs, quietLeft: 10, quietRight: 10 };
}

/** Width of a symbol in modules, quiet zones included. */
export function symbolModules(symbol: BarcodeSymbol): number {
  if (symbol.kind === 'qr') return symbol.size + 2 * symbol.quiet;
  return symbol.quietLeft + symbol.widths.reduce((sum, width) => sum + width, 0) + symbol.quietRight;
}

/** A dark rectangle in printer dots, from the top left of the barcode area. */
export interface DotRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface PlacedBarcode {
  /** Module width in whole printer dots. */
  moduleDots: number;
  /** Width and height of the symbol with its quiet zones, in dots. */
  widthDots: number;
  heightDots: number;
  rects: DotRect[];
}

/** Converts millimetres to whole printer dots at `dpi`, rounding down so nothing grows past its area. */
export function mmToDots(mm: number, dpi: number): number {
  return Math.floor((mm * dpi) / 25.4 + 1e-9);
}

/** Converts printer dots to millimetres. 2 dots at 203 dpi are 0.250 mm. */
export function dotsToMm(dots: number, dpi: number): number {
  return (dots * 25.4) / dpi;
}

/**
 * Narrowest module that tags print, in millimetres. A printer's dot spreads a little into its
 * neighbours, so a 1-dot module prints unevenly. About 0.15 mm (6 mil) for bars and 0.2 mm
 * for QR cells are what handheld 2D imagers read from a tag at a hand's distance (an
 * estimate from scanner datasheets, not a standard's limit).
 */
export const MIN_MODULE_MM = { linear: 0.15, qr: 0.2 } as const;

/** Returns the narrowest module of a barcode kind at `dpi`, in whole dots and never below 2 dots (3 for QR). */
export function minModuleDots(kind: BarcodeKind, dpi: number): number {
  if (kind === 'qr') return Math.max(3, Math.ceil((MIN_MODULE_MM.qr * dpi) / 25.4));
  return Math.max(2, Math.ceil((MIN_MODULE_MM.linear * dpi) / 25.4));
}

/** An area of whole printer dots for a barcode, with the range of module widths allowed in it. */
export interface BarcodeArea {
  widthDots: number;
  heightDots: number;
  /** Upper limit of the module width, so a short code does not grow into a long barcode. */
  maxModuleDots: number;
  /** Lower limit of the module width, below which scanners miss the bars. */
  minModuleDots: number;
}

/**
 * Chooses the module width: the largest whole number of dots that fits the symbol with its
 * quiet zones in the area's width (and, for QR, its height), capped at its maximum. Raises
 * barcode_too_wide when even the minimum module does not fit.
 */
export function chooseModuleDots(symbol: BarcodeSymbol, text: string, area: BarcodeArea): number {
  const modules = symbolModules(symbol);
  const limit = symbol.kind === 'qr' ? Math.min(area.widthDots, area.heightDots) : area.widthDots;
  const fitting = Math.floor(limit / modules);
  const minimum = Math.max(1, area.minModuleDots);
  if (fitting < minimum) throw priceTagErrors.barcode_too_wide({ text, modules, dots: limit, minimum });
  return Math.max(minimum, Math.min(fitting, area.maxModuleDots));
}

/**
 * Lays a barcode out in an area of whole dots: every bar and cell starts and ends on a dot
 * boundary. Linear bars take the whole area height.
 */
export function placeBarcode(
  kind: BarcodeKind,
  text: string,
  area: BarcodeArea,
): PlacedBarcode {
  const symbol = encodeBarcode(kind, text);
  const moduleDots = chooseModuleDots(symbol, text, area);
  const rects: DotRect[] = [];

  if (symbol.kind === 'qr') {
    const side = (symbol.size + 2 * symbol.quiet) * moduleDots;
    symbol.dark.forEach((row, rowIndex) => {
      row.forEach((isDark, columnIndex) => {
        if (!isDark) return;
        rects.push({
          x: (symbol.quiet + columnIndex) * moduleDots,
          y: (symbol.quiet + rowIndex) * moduleDots,
          width: moduleDots,
          height: moduleDots,
        });
      });
    });
    return { moduleDots, widthDots: side, heightDots: side, rects };
  }

  // Even indexes of the widths are bars, odd ones spaces.
  let x = symbol.quietLeft * moduleDots;
  symbol.widths.forEach((width, index) => {
    if (index % 2 === 0) rects.push({ x, y: 0, width: width * moduleDots, height: area.heightDots });
    x += width * moduleDots;
  });
  return { moduleDots, widthDots: symbolModules(symbol) * moduleDots, heightDots: area.heightDots, rects };
}
