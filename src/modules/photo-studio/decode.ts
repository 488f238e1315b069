/**
 * Pipeline step 1: decode an uploaded photo into sRGB pixels.
 *
 * Contract: the result is 8-bit, row-major, interleaved RGB or RGBA (`channels` 3 or 4), with
 * the EXIF orientation already applied (so `width`/`height` are the upright size) and the
 * colours converted from the embedded ICC profile (for example Display P3 from a phone) to sRGB.
 * Limits are checked from the header before any pixel is decoded, so a small file that claims
 * a huge size (a decompression bomb) costs no memory.
 */

import sharp, { type Metadata, type OutputInfo } from 'sharp';

import { photoErrors } from './photo-errors.js';

export interface DecodeOptions {
  /** Shown in error messages. */
  fileName: string;
  /** Largest accepted width × height in pixels (before rotation). */
  maxPixels?: number;
  /** Largest accepted file size in bytes. */
  maxBytes?: number;
}

export interface DecodedPhoto {
  data: Uint8Array;
  width: number;
  height: number;
  channels: 3 | 4;
  original: {
    format: string;
    /** EXIF orientation 1–8 as stored in the file; 1 when absent. */
    orientation: number;
    hasAlpha: boolean;
    /** Bits per channel of the source, e.g. 8 or 16. */
    bitsPerChannel: number;
    /** Description of the embedded ICC profile, when the file has one. */
    iccName: string | null;
    width: number;
    height: number;
  };
}

export const DEFAULT_MAX_PIXELS = 50_000_000;
export const DEFAULT_MAX_BYTES = 40_000_000;

/** Formats accepted as input; HEIC (HEVC inside HEIF) is not in sharp's prebuilt binaries. */
const SUPPORTED_FORMATS = new Set(['jpeg', 'png', 'webp', 'tiff', 'gif', 'avif']);
const SUPPORTED_LABEL = 'JPEG, PNG, WebP, TIFF, GIF, AVIF';

/** HEIF brands that mean HEVC-coded content (iPhone photos). Read from the `ftyp` box. */
const HEIC_BRANDS = new Set(['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'mif1', 'msf1']);

const BITS_BY_DEPTH: Record<string, number> = { uchar: 8, char: 8, ushort: 16, short: 16, uint: 32, int: 32, float: 32, double: 64 };

function isHeic(bytes: Uint8Array): boolean {
  if (bytes.length < 12) return false;
  const box = Buffer.from(bytes.subarray(4, 12)).toString('latin1');
  return box.startsWith('ftyp') && HEIC_BRANDS.has(box.slice(4, 8));
}

function megabytes(bytes: number): string {
  return (bytes / 1_000_000).toFixed(1);
}

export async function decodePhoto(bytes: Uint8Array, options: DecodeOptions): Promise<DecodedPhoto> {
  const { fileName } = options;
  const maxPixels = options.maxPixels ?? DEFAULT_MAX_PIXELS;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;

  // Cheap checks on the bytes themselves.
  if (bytes.length === 0) throw photoErrors.photo_empty({ fileName });
  if (bytes.length > maxBytes) {
    throw photoErrors.photo_too_many_bytes({ fileName, sizeMb: megabytes(bytes.length), limitMb: megabytes(maxBytes) });
  }
  if (isHeic(bytes)) throw photoErrors.photo_heic_unsupported({ fileName });

  // Header only: sharp's metadata() does not decode pixels.
  let metadata: Metadata;
  try {
    metadata = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch {
    throw photoErrors.photo_corrupt({ fileName });
  }
  const format = metadata.format ?? 'unknown';
  if (format === 'heif' && metadata.compression === 'hevc') throw photoErrors.photo_heic_unsupported({ fileName });
  if (!SUPPORTED_FORMATS.has(format === 'heif' ? 'avif' : format)) {
    throw photoErrors.photo_format_unsupported({ fileName, format, supported: SUPPORTED_LABEL });
  }
  const width = metadata.width ?? 0;
  const height = metadata.height ?? 0;
  if (width <= 0 || height <= 0) throw photoErrors.photo_corrupt({ fileName });
  if (width * height > maxPixels) {
    throw photoErrors.photo_too_many_pixels({ fileName, width, height, limitMp: (maxPixels / 1_000_000).toFixed(1) });
  }

  // Decode: rotate() with no angle applies the EXIF orientation; converting to the sRGB
  // colourspace uses the embedded ICC profile as the source and casts to 8 bits a channel.
  // limitInputPixels repeats the pixel limit inside libvips in case the header lied.
  let decoded: { data: Buffer; info: OutputInfo };
  try {
    decoded = await sharp(bytes, { limitInputPixels: maxPixels, failOn: 'error' })
      .rotate()
      .toColourspace('srgb')
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
  } catch {
    throw photoErrors.photo_corrupt({ fileName });
  }
  const channels = decoded.info.channels;
  if (channels !== 3 && channels !== 4) throw photoErrors.photo_corrupt({ fileName });

  return {
    data: new Uint8Array(decoded.data.buffer, decoded.data.byteOffset, decoded.data.length),
    width: decoded.info.width,
    height: decoded.info.height,
    channels,
    original: {
      format,
      orientation: metadata.orientation ?? 1,
      hasAlpha: metadata.hasAlpha ?? false,
      bitsPerChannel: BITS_BY_DEPTH[metadata.depth ?? 'uchar'] ?? 8,
      iccName: safeIccDescription(metadata.icc),
      width,
      height,
    },
  };
}

/** A damaged profile must not fail the decode: its name is informational only. */
function safeIccDescription(icc: Buffer | undefined): string | null {
  try {
    return iccDescription(icc);
  } catch {
    return null;
  }
}

/**
 * Reads the profile description ('desc' tag) of an ICC profile: ICC v2 stores it as
 * 'desc' (ASCII), v4 as 'mluc' (UTF-16BE). Returns null when absent or unreadable.
 */
export function iccDescription(icc: Buffer | undefined): string | null {
  if (!icc || icc.length < 132) return null;
  const tagCount = icc.readUInt32BE(128);
  for (let i = 0; i < tagCount && 132 + i * 12 + 12 <= icc.length; i += 1) {
    const at = 132 + i * 12;
    if (icc.toString('latin1', at, at + 4) !== 'desc') continue;
    const offset = icc.readUInt32BE(at + 4);
    const type = icc.toString('latin1', offset, offset + 4);
    if (type === 'desc') {
      const length = icc.readUInt32BE(offset + 8);
      return icc.toString('latin1', offset + 12, offset + 12 + length).replace(/\0+$/, '');
    }
    if (type === 'mluc') {
      const recordLength = icc.readUInt32BE(offset + 20);
      const stringOffset = icc.readUInt32BE(offset + 24);
      // UTF-16 needs an even byte count; a damaged profile may not have one.
      const raw = icc.subarray(offset + stringOffset, offset + stringOffset + (recordLength & ~1));
      return Buffer.from(raw).swap16().toString('utf16le').replace(/\0+$/, '');
    }
  }
  return null;
}
