/**
 * Pipeline step 2, second half: which pixels are the piece.
 *
 * Each pixel is compared with the modelled table behind it (background.ts) through ratios
 * image / table per channel, which cancel the table's gradient, vignetting and colour cast:
 * - chroma: the ratios differ between channels (gold, rose gold, coloured stones);
 * - texture: the ratio changes sharply nearby (metal edges, facets, sparkle, chain links);
 * - brightness: far darker than the table (dark metal), or brighter (highlights on grey).
 * A shadow or a reflection on the table darkens all channels alike and smoothly, so it
 * shows neither chroma nor texture. Only darkness lets it join the piece, so such pixels
 * reached from the outside are peeled off again (segment-regions.ts).
 *
 * Strong evidence seeds the piece; weaker evidence joins when connected to a seed
 * (hysteresis). A closing bridges the thin gaps between links and along highlights, and
 * enclosed holes are filled unless they look like the table (the inside of a ring).
 */

import { fitBackground, renderBackground, type BackgroundModel } from './background.js';
import type { Segmenter, WorkingImage } from './pipeline-types.js';
import { boxBlur, close, dilate, erode, labelComponents } from './raster.js';
import { fillHoles, peelShadows } from './segment-regions.js';

export interface Segmentation {
  /** 1 = piece, 0 = background, row-major at the working size. */
  mask: Uint8Array;
  /** Soft coverage 0..1 per pixel: 1 inside, fractional along the contour. */
  alpha: Float32Array;
  /** Evidence per pixel scaled so that 1 is the seed threshold. */
  score: Float32Array;
  background: BackgroundModel;
  /** The modelled table colour per pixel, interleaved RGB in 0..1. */
  table: Float32Array;
}

/** Tuning of the classical segmenter; units are ratios (1 = the table) unless stated. */
export interface SegmentTuning {
  /** Chroma deviation that counts as certain piece. */
  chroma: number;
  /** Ratio gradient (Sobel, per pixel) that counts as certain piece. */
  texture: number;
  /** Darkening (1 - ratio) that counts as certain piece even when smooth. */
  dark: number;
  /** Brightening (ratio - 1) that counts as certain piece. */
  bright: number;
  /** Fraction of the seed level at which connected pixels still join. */
  grow: number;
  /** Closing radius as a fraction of the shorter side. */
  closing: number;
  /** Holes smaller than this fraction of the piece's area are filled whatever they hold. */
  smallHole: number;
  /** Components smaller than this fraction of the image are dropped as specks. */
  speck: number;
}

export const DEFAULT_TUNING: SegmentTuning = {
  chroma: 0.06,
  texture: 0.035,
  dark: 0.5,
  bright: 0.08,
  grow: 0.5,
  closing: 0.006,
  smallHole: 0.01,
  speck: 0.0004,
};

function sobelMagnitude(plane: Float32Array, width: number, height: number): Float32Array {
  const out = new Float32Array(width * height);
  for (let y = 1; y < height - 1; y++) {
    for (let x = 1; x < width - 1; x++) {
      const i = y * width + x;
      const a = plane[i - width - 1]!;
      const b = plane[i - width]!;
      const c = plane[i - width + 1]!;
      const d = plane[i - 1]!;
      const f = plane[i + 1]!;
      const g = plane[i + width - 1]!;
      const h = plane[i + width]!;
      const k = plane[i + width + 1]!;
      const gx = (c + 2 * f + k - a - 2 * d - g) / 8;
      const gy = (g + 2 * h + k - a - 2 * b - c) / 8;
      out[i] = Math.sqrt(gx * gx + gy * gy);
    }
  }
  return out;
}

export function segmentPiece(image: WorkingImage, tuning: SegmentTuning = DEFAULT_TUNING): Segmentation {
  const background = fitBackground(image);
  const noise = (background.noise[0] + background.noise[1] + background.noise[2]) / 3;

  // First pass against the smooth model of the border. A lamp's hotspot or strong vignetting
  // is not quadratic, so the table is then measured again around the first mask and the
  // piece found a second time against that. The first pass only has to say roughly where the
  // piece is, so on a large working copy it runs at half the size.
  const model = renderBackground(background);
  const half = image.width * image.height >= HALF_SIZE_FIRST_PASS ? halve(image) : null;
  const firstImage = half ?? image;
  const firstModel = half ? renderBackground(fitBackground(half)) : model;
  const first = segmentAgainst(firstImage, firstModel, noise, tuning);

  // Only the part of the first mask near colour or texture is kept off the table estimate:
  // a smooth patch found only by its brightness is more likely a hotspot of the lamp.
  const near = dilate(first.evidence, firstImage.width, firstImage.height, half ? EVIDENCE_REACH / 2 : EVIDENCE_REACH);
  let exclude: Uint8Array = new Uint8Array(first.mask.length);
  for (let p = 0; p < exclude.length; p++) exclude[p] = first.mask[p]! && near[p]! ? 1 : 0;
  if (half) exclude = doubleMask(exclude, half.width, image.width, image.height);
  const table = localTable(image, model, exclude);
  const second = segmentAgainst(image, table, noise, tuning, model);
  return { mask: second.mask, alpha: second.alpha, score: second.score, table: second.table, background };
}

/** Distance in pixels from colour or texture evidence within which the first mask counts as piece. */
const EVIDENCE_REACH = 8;

/** Working copies of at least this many pixels run the first pass at half size. */
const HALF_SIZE_FIRST_PASS = 400_000;

/** The image at half its width and height, each pixel the mean of a 2 × 2 block. */
function halve(image: WorkingImage): WorkingImage {
  const width = Math.floor(image.width / 2);
  const height = Math.floor(image.height / 2);
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      for (let c = 0; c < 3; c++) {
        const a = 3 * (2 * y * image.width + 2 * x) + c;
        const b = a + 3 * image.width;
        data[3 * (y * width + x) + c] = (image.data[a]! + image.data[a + 3]! + image.data[b]! + image.data[b + 3]! + 2) >> 2;
      }
    }
  }
  return { data, width, height };
}

/** A half-size mask back at full size, each pixel taking its 2 × 2 block's value. */
function doubleMask(mask: Uint8Array, halfWidth: number, width: number, height: number): Uint8Array {
  const halfHeight = mask.length / halfWidth;
  const out = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    const hy = Math.min(halfHeight - 1, y >> 1);
    for (let x = 0; x < width; x++) out[y * width + x] = mask[hy * halfWidth + Math.min(halfWidth - 1, x >> 1)]!;
  }
  return out;
}

/** Cell side of the local table estimate as a fraction of the shorter side. */
const TABLE_CELL = 1 / 24;

/**
 * The table colour at every pixel, measured from the pixels around the piece: the mean of
 * the background pixels of each cell (away from the first mask), as a correction factor on
 * the fitted model. Cells covered by the piece take the factor diffused from their
 * neighbours, so the model's shape continues under the piece.
 */
function localTable(image: WorkingImage, model: Float32Array, mask: Uint8Array): Float32Array {
  const { data, width, height } = image;
  const cell = Math.max(8, Math.round(Math.min(width, height) * TABLE_CELL));
  const gw = Math.ceil(width / cell);
  const gh = Math.ceil(height / cell);
  const away = dilate(mask, width, height, 3);

  // Per cell and channel: sum of image / model over background pixels, and their count.
  const sums = new Float64Array(gw * gh * 3);
  const counts = new Float64Array(gw * gh);
  for (let y = 0; y < height; y++) {
    const gy = Math.floor(y / cell);
    for (let x = 0; x < width; x++) {
      const p = y * width + x;
      if (away[p]) continue;
      const g = gy * gw + Math.floor(x / cell);
      counts[g]! += 1;
      for (let c = 0; c < 3; c++) sums[3 * g + c]! += data[3 * p + c]! / 255 / Math.max(0.02, model[3 * p + c]!);
    }
  }

  // Known cells have at least a quarter of their pixels on the table; the rest are filled by
  // repeated averaging of their neighbours (a discrete harmonic fill), starting from 1.
  const factor = new Float64Array(gw * gh * 3).fill(1);
  const known = new Uint8Array(gw * gh);
  for (let g = 0; g < gw * gh; g++) {
    if (counts[g]! < 0.25 * cell * cell) continue;
    known[g] = 1;
    for (let c = 0; c < 3; c++) factor[3 * g + c] = sums[3 * g + c]! / counts[g]!;
  }
  for (let iteration = 0; iteration < gw + gh; iteration++) {
    for (let gy = 0; gy < gh; gy++) {
      for (let gx = 0; gx < gw; gx++) {
        const g = gy * gw + gx;
        if (known[g]) continue;
        for (let c = 0; c < 3; c++) {
          let sum = 0;
          let count = 0;
          if (gx > 0) (sum += factor[3 * (g - 1) + c]!), count++;
          if (gx < gw - 1) (sum += factor[3 * (g + 1) + c]!), count++;
          if (gy > 0) (sum += factor[3 * (g - gw) + c]!), count++;
          if (gy < gh - 1) (sum += factor[3 * (g + gw) + c]!), count++;
          factor[3 * g + c] = sum / count;
        }
      }
    }
  }

  // Bilinear interpolation between cell centres.
  const table = new Float32Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    const fy = Math.min(gh - 1, Math.max(0, (y + 0.5) / cell - 0.5));
    const y0 = Math.floor(fy);
    const y1 = Math.min(gh - 1, y0 + 1);
    const ty = fy - y0;
    for (let x = 0; x < width; x++) {
      const fx = Math.min(gw - 1, Math.max(0, (x + 0.5) / cell - 0.5));
      const x0 = Math.floor(fx);
      const x1 = Math.min(gw - 1, x0 + 1);
      const tx = fx - x0;
      const p = y * width + x;
      for (let c = 0; c < 3; c++) {
        const top = factor[3 * (y0 * gw + x0) + c]! * (1 - tx) + factor[3 * (y0 * gw + x1) + c]! * tx;
        const bottom = factor[3 * (y1 * gw + x0) + c]! * (1 - tx) + factor[3 * (y1 * gw + x1) + c]! * tx;
        table[3 * p + c] = model[3 * p + c]! * (top * (1 - ty) + bottom * ty);
      }
    }
  }
  return table;
}

/**
 * Segments the image against a given table colour per pixel (interleaved RGB, 0..1). With
 * the fitted `model` given, a pixel counts as brighter than the table only when it is
 * brighter than both. A local table measured next to a shadow comes out too dark, so the lit
 * table beside it would otherwise pass for a highlight.
 */
function segmentAgainst(image: WorkingImage, table: Float32Array, noise: number, tuning: SegmentTuning, model?: Float32Array): Omit<Segmentation, 'background'> & { evidence: Uint8Array } {
  const { data, width, height } = image;
  const n = width * height;

  // Ratios to the table; the brightness ratio is the mean of the three.
  const ratio = new Float32Array(n);
  const chroma = new Float32Array(n);
  for (let p = 0; p < n; p++) {
    const i = 3 * p;
    const r = data[i]! / 255 / Math.max(0.02, table[i]!);
    const g = data[i + 1]! / 255 / Math.max(0.02, table[i + 1]!);
    const b = data[i + 2]! / 255 / Math.max(0.02, table[i + 2]!);
    const q = (r + g + b) / 3;
    ratio[p] = q;
    chroma[p] = Math.max(Math.abs(r - q), Math.abs(g - q), Math.abs(b - q)) / Math.max(0.2, q);
  }

  // Smooth chroma and brightness a little against noise; texture on a lightly blurred ratio.
  const smoothChroma = boxBlur(chroma, width, height, 1);
  const smoothRatio = boxBlur(ratio, width, height, 1);
  const texture = sobelMagnitude(smoothRatio, width, height);

  // Thresholds never sit inside the noise: at least 4 sigma of what the border shows.
  const chromaLevel = Math.max(tuning.chroma, 4 * noise);
  const textureLevel = Math.max(tuning.texture, 3 * noise);
  const brightLevel = Math.max(tuning.bright, 4 * noise);
  const score = new Float32Array(n);
  const evidence = new Uint8Array(n);
  // Evidence other than darkness, for telling a shadow from the piece.
  const notDark = new Float32Array(n);
  for (let p = 0; p < n; p++) {
    const q = smoothRatio[p]!;
    const structure = Math.max(smoothChroma[p]! / chromaLevel, texture[p]! / textureLevel);
    evidence[p] = structure >= 1 ? 1 : 0;
    const brightness = model ? q * Math.min(1, tableOverModel(table, model, p)) : q;
    notDark[p] = Math.max(structure, (brightness - 1) / brightLevel);
    score[p] = Math.max(structure, (1 - q) / tuning.dark, (brightness - 1) / brightLevel);
  }

  // Hysteresis: seeds above 1, grown through pixels above `grow` (8-connected).
  const weakSet = new Uint8Array(n);
  for (let p = 0; p < n; p++) weakSet[p] = score[p]! >= tuning.grow ? 1 : 0;
  const weak = labelComponents(width, height, weakSet, 8);
  const seeded = new Uint8Array(weak.areas.length);
  for (let p = 0; p < n; p++) if (score[p]! >= 1) seeded[weak.labels[p]!] = 1;
  let mask: Uint8Array = new Uint8Array(n);
  for (let p = 0; p < n; p++) mask[p] = seeded[weak.labels[p]!] ? 1 : 0;
  mask = peelShadows(mask, notDark, width, height);

  // Bridge thin gaps (links of a chain, a highlight along a band).
  const side = Math.min(width, height);
  mask = close(mask, width, height, Math.max(1.5, tuning.closing * side));

  // Drop specks (dust, noise) but keep everything of a reasonable size: earrings come in pairs.
  const parts = labelComponents(width, height, mask, 8);
  const minArea = tuning.speck * n;
  for (let p = 0; p < n; p++) if (mask[p] && parts.areas[parts.labels[p]!]! < minArea) mask[p] = 0;

  mask = fillHoles(mask, width, height, smoothRatio, smoothChroma, texture, tuning, { chromaLevel, textureLevel, noise });
  const alpha = refineEdgesNearPiece(image, table, mask, noise);
  const refined = new Uint8Array(n);
  for (let p = 0; p < n; p++) refined[p] = alpha[p]! >= 0.5 ? 1 : 0;
  return { mask: refined, alpha, score, table, evidence };
}

/** Brightness of the local table relative to the fitted model at pixel p. */
function tableOverModel(table: Float32Array, model: Float32Array, p: number): number {
  const i = 3 * p;
  return (table[i]! + table[i + 1]! + table[i + 2]!) / Math.max(0.06, model[i]! + model[i + 1]! + model[i + 2]!);
}

/** Half-width in pixels of the band around the support's contour where alpha is estimated. */
const EDGE_BAND = 2;

/**
 * Runs refineEdges on the piece's bounding box only, with enough margin that every window it
 * averages lies inside the box: the same alpha as on the whole image, in a fraction of the
 * time when the piece is small.
 */
function refineEdgesNearPiece(image: WorkingImage, table: Float32Array, support: Uint8Array, noise: number): Float32Array {
  const { data, width, height } = image;
  let left = width;
  let right = -1;
  let top = height;
  let bottom = -1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (!support[y * width + x]) continue;
      if (x < left) left = x;
      if (x > right) right = x;
      if (y < top) top = y;
      if (y > bottom) bottom = y;
    }
  }
  const alpha = new Float32Array(width * height);
  if (right < 0) return alpha;

  // The band reaches EDGE_BAND past the support, and its averages 2 × EDGE_BAND further.
  const margin = 3 * EDGE_BAND + 2;
  const x0 = Math.max(0, left - margin);
  const y0 = Math.max(0, top - margin);
  const w = Math.min(width, right + margin + 1) - x0;
  const h = Math.min(height, bottom + margin + 1) - y0;
  const cropData = new Uint8Array(w * h * 3);
  const cropTable = new Float32Array(w * h * 3);
  const cropSupport = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) {
    const from = (y0 + y) * width + x0;
    cropData.set(data.subarray(3 * from, 3 * (from + w)), 3 * y * w);
    cropTable.set(table.subarray(3 * from, 3 * (from + w)), 3 * y * w);
    cropSupport.set(support.subarray(from, from + w), y * w);
  }

  const cropAlpha = refineEdges({ data: cropData, width: w, height: h }, cropTable, cropSupport, noise);
  for (let y = 0; y < h; y++) alpha.set(cropAlpha.subarray(y * w, (y + 1) * w), (y0 + y) * width + x0);
  return alpha;
}

/**
 * Alpha near the contour from the colour model I = α·F + (1 - α)·B, with B the table next to
 * the pixel (the mean of nearby pixels outside the support, else the fitted model) and F the
 * piece's colour estimated from nearby confident piece pixels (those far from the table
 * colour, weighted toward the farthest). Away from the contour alpha is the support itself.
 * Where the piece and the table have nearly the same colour (white metal on white) the
 * estimate is ill-conditioned and the support decides.
 */
function refineEdges(image: WorkingImage, table: Float32Array, support: Uint8Array, noise: number): Float32Array {
  const { data, width, height } = image;
  const n = width * height;
  const near = dilate(support, width, height, EDGE_BAND);
  const inner = erode(support, width, height, EDGE_BAND);

  // Confident piece pixels: inside the support and clearly off the table colour.
  const confident = new Float32Array(n);
  const sums = [new Float32Array(n), new Float32Array(n), new Float32Array(n)];
  const strong = 8 * noise;
  for (let p = 0; p < n; p++) {
    if (!support[p]) continue;
    const i = 3 * p;
    const d = Math.max(Math.abs(data[i]! / 255 - table[i]!), Math.abs(data[i + 1]! / 255 - table[i + 1]!), Math.abs(data[i + 2]! / 255 - table[i + 2]!));
    if (d < strong) continue;
    // Weighted by the squared distance from the table colour, so the estimate leans to the
    // most distinct nearby colour. The plain mean mixes a tube's bright ridge into its dark
    // flank, which made alpha along the flank's edge too high.
    const emphasis = (d / strong) ** 2;
    confident[p] = emphasis;
    for (let c = 0; c < 3; c++) sums[c]![p] = (emphasis * data[i + c]!) / 255;
  }
  const radius = 2 * EDGE_BAND;
  const weight = boxBlur(confident, width, height, radius);
  const local = sums.map((plane) => boxBlur(plane, width, height, radius));

  // The table right next to the piece, shadow included: the mean of nearby pixels outside
  // the support. The fitted model knows no shadow, so next to a contact shadow it would
  // count the darker table as part of the piece.
  const outside = new Float32Array(n);
  const outsideSums = [new Float32Array(n), new Float32Array(n), new Float32Array(n)];
  const grown = dilate(support, width, height, 1);
  for (let p = 0; p < n; p++) {
    if (grown[p]) continue;
    outside[p] = 1;
    for (let c = 0; c < 3; c++) outsideSums[c]![p] = data[3 * p + c]! / 255;
  }
  const outsideWeight = boxBlur(outside, width, height, radius);
  const outsideLocal = outsideSums.map((plane) => boxBlur(plane, width, height, radius));

  const alpha = new Float32Array(n);
  for (let p = 0; p < n; p++) {
    if (inner[p]) {
      alpha[p] = 1;
      continue;
    }
    if (!near[p]) continue;
    const w = weight[p]!;
    if (w < 0.02) {
      alpha[p] = support[p]!;
      continue;
    }
    const i = 3 * p;
    const ow = outsideWeight[p]!;
    let num = 0;
    let den = 0;
    for (let c = 0; c < 3; c++) {
      const b = ow > 0.05 ? outsideLocal[c]![p]! / ow : table[i + c]!;
      const f = local[c]![p]! / w - b;
      num += (data[i + c]! / 255 - b) * f;
      den += f * f;
    }
    if (den < (4 * noise) ** 2 * 3) {
      alpha[p] = support[p]!;
      continue;
    }
    alpha[p] = Math.min(1, Math.max(0, num / den));
  }
  return alpha;
}

/** The classical segmenter as a pipeline plug-in (probabilities 0 or 1, softened by matting). */
export const classicalSegmenter: Segmenter = {
  name: 'classical',
  async segment(image) {
    const { mask } = segmentPiece(image);
    const out = new Float32Array(mask.length);
    for (let i = 0; i < mask.length; i++) out[i] = mask[i]!;
    return out;
  },
};

