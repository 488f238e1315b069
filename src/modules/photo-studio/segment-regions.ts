/**
 * Region rules of the classical segmenter (segment.ts), applied to a whole mask: shadows
 * peeled off the outline, and enclosed holes filled or kept open.
 */

import type { SegmentTuning } from './segment.js';
import { dilate, labelComponents } from './raster.js';

/** Evidence other than darkness (scaled so 1 is the seed level) below which a dark pixel may be a shadow. */
const SHADOW_STRUCTURE = 0.75;

/** A peel that would remove more than this share of the mask has leaked into smooth metal. */
const MAX_PEEL_SHARE = 0.5;

/**
 * Removes a shadow that the hysteresis grew into the mask. A shadow on the table is only
 * darker: it has no chroma or texture of its own and reaches the piece from the outside. So
 * the mask pixels without such evidence that connect to the image border through pixels
 * like them (4-connected) are dropped. The pixels just next to the kept mask come back,
 * because the piece's anti-aliased edge carries less evidence than its inside.
 *
 * Where the piece's outline has a gap in its evidence, the peel can run on into smooth dark
 * metal. A peel that would remove more than MAX_PEEL_SHARE of the mask is taken for such a
 * leak and not applied.
 */
export function peelShadows(mask: Uint8Array, notDark: Float32Array, width: number, height: number): Uint8Array {
  const n = width * height;
  const open = new Uint8Array(n);
  for (let p = 0; p < n; p++) open[p] = !mask[p] || notDark[p]! < SHADOW_STRUCTURE ? 1 : 0;
  const regions = labelComponents(width, height, open, 4);

  const peeled = mask.slice();
  let before = 0;
  let after = 0;
  for (let p = 0; p < n; p++) {
    if (!mask[p]) continue;
    before++;
    if (open[p] && regions.touchesBorder[regions.labels[p]!]) peeled[p] = 0;
    else after++;
  }
  if (after < (1 - MAX_PEEL_SHARE) * before) return mask;

  const edge = dilate(peeled, width, height, 1);
  for (let p = 0; p < n; p++) peeled[p] = mask[p] && edge[p] ? 1 : 0;
  return peeled;
}

/** How much darker than the table (a shadow) a neutral hole inside a coloured piece may be. */
const COLOURED_HOLE_SHADE = 0.25;

/**
 * A hole whose mean ratio to the table is above 1 by more than this is brighter than the table
 * around the piece, so it is not the table seen through the piece but a stone's sparkle.
 */
const HOLE_BRIGHTER = 0.012;

/**
 * Standard deviation of the ratio below which a darker hole is one flat patch, such as a
 * stone's facet. A shadowed table inside a ring darkens gradually, so it varies more.
 */
const FLAT_HOLE_SPREAD = 0.015;

/**
 * Fills enclosed background regions that are not table: highlights, flat areas inside a band
 * and see-through stones. A hole that looks like the table (brightness within noise of it, no
 * chroma, no texture) is kept open: the inside of a ring, the gap between links.
 */
export function fillHoles(
  mask: Uint8Array,
  width: number,
  height: number,
  ratio: Float32Array,
  chroma: Float32Array,
  texture: Float32Array,
  tuning: SegmentTuning,
  levels: { chromaLevel: number; textureLevel: number; noise: number },
): Uint8Array {
  const n = width * height;
  let pieceArea = 0;
  for (let p = 0; p < n; p++) pieceArea += mask[p] ? 1 : 0;
  const open = new Uint8Array(n);
  for (let p = 0; p < n; p++) open[p] = mask[p] ? 0 : 1;
  const holes = labelComponents(width, height, open, 4);
  const tolerance = Math.max(0.03, 4 * levels.noise);

  // Inside a coloured piece (gold, rose gold), a neutral hole cannot be metal, so it stays open
  // even when a shadow darkens it. Inside white metal a darker neutral hole may be the band's
  // inner face, so only a hole as bright as the table stays open.
  let chromaSum = 0;
  for (let p = 0; p < n; p++) if (mask[p]) chromaSum += chroma[p]!;
  const coloured = pieceArea > 0 && chromaSum / pieceArea > levels.chromaLevel;
  const shade = coloured ? COLOURED_HOLE_SHADE : 0;

  // Per hole: pixels that look like the table, and the sum and square sum of the ratio.
  const tableLike = new Float64Array(holes.areas.length);
  const ratioSum = new Float64Array(holes.areas.length);
  const ratioSquares = new Float64Array(holes.areas.length);
  for (let p = 0; p < n; p++) {
    const label = holes.labels[p]!;
    if (label === 0 || holes.touchesBorder[label]) continue;
    const q = ratio[p]!;
    ratioSum[label]! += q;
    ratioSquares[label]! += q * q;
    const looksLikeTable =
      q > 1 - tolerance - shade && q < 1 + tolerance && chroma[p]! < levels.chromaLevel * 0.5 && texture[p]! < levels.textureLevel * 0.5;
    if (looksLikeTable) tableLike[label]! += 1;
  }

  const keepOpen = new Uint8Array(holes.areas.length);
  for (let label = 1; label < holes.areas.length; label++) {
    const area = holes.areas[label]!;
    if (holes.touchesBorder[label] || area < tuning.smallHole * pieceArea) continue;
    const mean = ratioSum[label]! / area;
    const spread = Math.sqrt(Math.max(0, ratioSquares[label]! / area - mean * mean));
    const brighter = mean > 1 + HOLE_BRIGHTER;
    const flatAndDarker = mean < 1 - tolerance && spread < FLAT_HOLE_SPREAD;
    keepOpen[label] = tableLike[label]! / area > 0.5 && !brighter && !flatAndDarker ? 1 : 0;
  }

  const out = mask.slice();
  for (let p = 0; p < n; p++) {
    const label = holes.labels[p]!;
    if (label !== 0 && !holes.touchesBorder[label] && !keepOpen[label]) out[p] = 1;
  }
  return out;
}
