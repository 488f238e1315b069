/**
 * Pipeline step 7: resize and encode a composited photo for one preset, within its byte limit.
 *
 * Input contract: 8-bit interleaved RGB or RGBA, already composited and framed (step 6) at the
 * preset's aspect; a different aspect is letterboxed on white rather than distorted. Output
 * carries the sRGB ICC profile and no other metadata (no EXIF, so no GPS position or camera
 * serial leaks to a mall).
 */

import sharp from 'sharp';

import { photoErrors } from './photo-errors.js';
import type { PhotoPreset } from './presets.js';

export interface RawImage {
  data: Uint8Array;
  width: number;
  height: number;
  channels: 3 | 4;
}

export interface EncodedPhoto {
  bytes: Buffer;
  format: PhotoPreset['format'];
  width: number;
  height: number;
  /** Quality used for JPEG/WebP; null for PNG (lossless). */
  quality: number | null;
  /** Every quality tried, highest first, with the resulting size in bytes. */
  attempts: { quality: number | null; bytes: number }[];
}

/** Qualities tried from best to smallest; 60 is the lowest that still looks clean on jewelry. */
export const DEFAULT_QUALITIES = [92, 88, 84, 80, 76, 72, 68, 64, 60] as const;

/** Gaussian sigma of the unsharp mask after resizing: mild, to restore crispness lost to Lanczos. */
const SHARPEN_SIGMA = 0.6;

const WHITE = { r: 255, g: 255, b: 255, alpha: 1 };

export async function encodeForPreset(
  image: RawImage,
  preset: PhotoPreset,
  options: { qualities?: readonly number[] } = {},
): Promise<EncodedPhoto> {
  const qualities = options.qualities ?? DEFAULT_QUALITIES;

  // Resize once to raw pixels, then encode the same pixels at each quality.
  const keepAlpha = preset.format !== 'jpeg' && image.channels === 4;
  let pipeline = sharp(image.data, { raw: { width: image.width, height: image.height, channels: image.channels } })
    .resize(preset.width, preset.height, { kernel: 'lanczos3', fit: 'contain', background: WHITE })
    .sharpen({ sigma: SHARPEN_SIGMA });
  if (!keepAlpha) pipeline = pipeline.flatten({ background: WHITE });
  const resized = await pipeline.raw().toBuffer({ resolveWithObject: true });
  const raw = { width: resized.info.width, height: resized.info.height, channels: resized.info.channels as 3 | 4 };

  const attempts: EncodedPhoto['attempts'] = [];
  const encode = (quality: number | null): Promise<Buffer> => {
    const base = sharp(resized.data, { raw }).withIccProfile('srgb');
    if (preset.format === 'png') return base.png({ compressionLevel: 9, adaptiveFiltering: true }).toBuffer();
    if (preset.format === 'webp') return base.webp({ quality: quality!, smartSubsample: true, effort: 4 }).toBuffer();
    // 4:4:4 keeps chroma blocks 8 px like luma, so colour ringing stays as close to the
    // piece as luma ringing. Plain libjpeg-turbo with optimised Huffman tables: mozjpeg's
    // trellis search saved about 10 % of bytes but took five times as long (300 ms for a
    // 2000 px image on 2 cores), and every channel's byte limit leaves room to spare.
    return base.jpeg({ quality: quality!, optimiseCoding: true, chromaSubsampling: '4:4:4' }).toBuffer();
  };

  // PNG is lossless: one attempt. Lossy formats: walk the qualities down until it fits.
  const ladder: (number | null)[] = preset.format === 'png' ? [null] : [...qualities];
  for (const quality of ladder) {
    const bytes = await encode(quality);
    attempts.push({ quality, bytes: bytes.length });
    if (bytes.length <= preset.maxBytes) {
      return { bytes, format: preset.format, width: raw.width, height: raw.height, quality, attempts };
    }
  }

  const last = attempts[attempts.length - 1]!;
  throw photoErrors.photo_over_byte_limit({
    preset: preset.id,
    sizeKb: Math.ceil(last.bytes / 1000),
    limitKb: Math.floor(preset.maxBytes / 1000),
    quality: last.quality ?? 100,
  });
}
