/**
 * Checks an encoded output against its preset, rule by rule, so that the benchmark can report
 * a compliance fraction and the studio can say which rule failed.
 *
 * Definitions (units are pixels unless stated):
 * - Border ring: every pixel within `preset.borderRingPx` of an edge. With background
 *   'white' each of them must be exactly RGB 255,255,255 and opaque; no tolerance.
 * - Piece pixels: from the mask when given (value ≥ 128 of a width × height Uint8Array),
 *   otherwise every opaque pixel with a channel below PIECE_LEVEL. The level ignores the faint
 *   JPEG ringing (a few levels below 255) that sits in the 8 × 8 blocks next to the piece, which
 *   would otherwise widen the bounding box by up to 7 px.
 * - Fill: longest side of the piece's bounding box / matching image side.
 * - Margins: distance from the bounding box to each edge / that image side; the smallest is
 *   reported.
 */

import sharp from 'sharp';

import { photoErrors } from './photo-errors.js';
import type { PhotoPreset } from './presets.js';

export interface RuleResult {
  rule: 'size' | 'format' | 'bytes' | 'border_white' | 'no_frame' | 'piece_present' | 'fill' | 'margins' | 'top_left_clear' | 'resolution';
  ok: boolean;
  measured: string | number;
  expected: string;
}

/** A channel at or above this level (of 255) counts as background when no mask is given. */
export const PIECE_LEVEL = 245;

/** A ring whose pixels vary less than this (standard deviation of luma, 0–255) is uniform. */
const FRAME_UNIFORMITY = 4;

interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

export async function checkCompliance(encoded: Uint8Array, preset: PhotoPreset, mask?: Uint8Array): Promise<RuleResult[]> {
  const results: RuleResult[] = [];

  // Container-level rules.
  const metadata = await sharp(encoded).metadata();
  const format = metadata.format ?? 'unknown';
  results.push({ rule: 'format', ok: format === preset.format, measured: format, expected: preset.format });
  results.push({ rule: 'bytes', ok: encoded.length <= preset.maxBytes, measured: encoded.length, expected: `≤ ${preset.maxBytes}` });

  const { data, info } = await sharp(encoded).toColourspace('srgb').ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  const { width, height } = info;
  results.push({
    rule: 'size',
    ok: width === preset.width && height === preset.height,
    measured: `${width}x${height}`,
    expected: `${preset.width}x${preset.height}`,
  });

  if (mask && mask.length !== width * height) throw photoErrors.photo_mask_size({ width, height, expected: width * height });

  // Border rules.
  const ring = Math.min(preset.borderRingPx, Math.floor(Math.min(width, height) / 2));
  const inRing = (x: number, y: number): boolean => x < ring || y < ring || x >= width - ring || y >= height - ring;
  let notWhite = 0;
  let count = 0;
  let sum = 0;
  let sumSquares = 0;
  let transparent = 0;
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      if (!inRing(x, y)) {
        // Jump over the interior of the row.
        if (x === ring) x = width - ring - 1;
        continue;
      }
      const at = (y * width + x) * 4;
      const r = data[at]!;
      const g = data[at + 1]!;
      const b = data[at + 2]!;
      if (r !== 255 || g !== 255 || b !== 255 || data[at + 3] !== 255) notWhite += 1;
      count += 1;
      // A transparent edge (a cut-out) is no frame: only visible pixels count toward one.
      if (data[at + 3] === 0) {
        transparent += 1;
        continue;
      }
      const luma = 0.299 * r + 0.587 * g + 0.114 * b;
      sum += luma;
      sumSquares += luma * luma;
    }
  }
  if (preset.background === 'white') {
    results.push({ rule: 'border_white', ok: notWhite === 0, measured: notWhite, expected: `0 of ${count} ring pixels off 255,255,255` });
  }
  const visible = count - transparent;
  const mean = visible === 0 ? 255 : sum / visible;
  const deviation = visible === 0 ? 0 : Math.sqrt(Math.max(0, sumSquares / visible - mean * mean));
  const isFrame = deviation < FRAME_UNIFORMITY && mean < PIECE_LEVEL;
  results.push({
    rule: 'no_frame',
    ok: !isFrame,
    measured: `ring luma mean ${mean.toFixed(1)}, sd ${deviation.toFixed(1)}`,
    expected: `not a uniform band below ${PIECE_LEVEL}`,
  });

  // Layout rules from the piece's bounding box.
  const isPiece = (index: number): boolean => {
    if (mask) return mask[index]! >= 128;
    const at = index * 4;
    return data[at + 3]! >= 128 && Math.min(data[at]!, data[at + 1]!, data[at + 2]!) < PIECE_LEVEL;
  };
  const box = boundingBox(width, height, isPiece);
  results.push({ rule: 'piece_present', ok: box !== null, measured: box ? 1 : 0, expected: 'a piece in the image' });
  if (!box) return results;

  const boxWidth = box.right - box.left + 1;
  const boxHeight = box.bottom - box.top + 1;
  if (preset.fill) {
    const fill = Math.max(boxWidth / width, boxHeight / height);
    results.push({
      rule: 'fill',
      ok: fill >= preset.fill.min && fill <= preset.fill.max,
      measured: round(fill),
      expected: `${preset.fill.min}–${preset.fill.max} (target ${preset.fill.target})`,
    });
  }
  if (preset.minMargin !== null) {
    const margin = Math.min(box.left / width, box.top / height, (width - 1 - box.right) / width, (height - 1 - box.bottom) / height);
    results.push({ rule: 'margins', ok: margin >= preset.minMargin, measured: round(margin), expected: `≥ ${preset.minMargin} on every side` });
  }
  if (preset.clearTopLeft !== null) {
    const clearWidth = Math.floor(width * preset.clearTopLeft);
    const clearHeight = Math.floor(height * preset.clearTopLeft);
    let inside = 0;
    for (let y = 0; y < clearHeight; y += 1) {
      for (let x = 0; x < clearWidth; x += 1) if (isPiece(y * width + x)) inside += 1;
    }
    results.push({
      rule: 'top_left_clear',
      ok: inside === 0,
      measured: inside,
      expected: `0 piece pixels in the top-left ${preset.clearTopLeft * 100} % square`,
    });
  }
  return results;
}

/** Fraction of rules passed, for the benchmark summary. 1 when every rule holds. */
export function complianceFraction(results: readonly RuleResult[]): number {
  return results.length === 0 ? 1 : results.filter((result) => result.ok).length / results.length;
}

function boundingBox(width: number, height: number, isPiece: (index: number) => boolean): Box | null {
  let box: Box | null = null;
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      if (!isPiece(y * width + x)) continue;
      if (!box) box = { left: x, top: y, right: x, bottom: y };
      else {
        box.left = Math.min(box.left, x);
        box.right = Math.max(box.right, x);
        box.top = Math.min(box.top, y);
        box.bottom = Math.max(box.bottom, y);
      }
    }
  }
  return box;
}

function round(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}
