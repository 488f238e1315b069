/**
 * Segmentation quality metrics for the photo studio benchmark. Pure functions, no I/O.
 *
 * Conventions shared by every function here:
 * - Images are row-major, `width × height` pixels, one value a pixel.
 * - A prediction is a soft map with values in [0, 1] (Float32Array or Float64Array; use
 *   {@link normalizePrediction} for an 8-bit map). A mask is a Uint8Array, non-zero = object.
 * - Threshold curves have 256 entries: entry t binarises the prediction as
 *   floor(value × 255) >= t, so entry 0 marks every pixel as object.
 *
 * Definitions follow the papers: S-measure (Fan et al., ICCV 2017), E-measure (Fan et al.,
 * IJCAI 2018), weighted F-measure (Margolin et al., CVPR 2014), boundary IoU (Cheng et al.,
 * CVPR 2021). Zero-size and degenerate cases are documented on each function.
 */

import { distanceToForeground } from './distance.js';
import { filterZeroPadded, gaussianKernel, innerBand } from './filters.js';

/** Soft prediction with values in [0, 1]. */
export type Prediction = Float32Array | Float64Array;

/** Guards against division by zero; machine epsilon for doubles, as the reference papers' code uses. */
const EPS = Number.EPSILON;

/** Number of thresholds in a curve (8-bit levels). */
export const THRESHOLD_COUNT = 256;

function checkSizes(width: number, height: number, ...arrays: ArrayLike<number>[]): void {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) {
    throw new RangeError(`image size must be positive integers, got ${width} × ${height}`);
  }
  for (const a of arrays) {
    if (a.length !== width * height) {
      throw new RangeError(`array of length ${a.length} does not match ${width} × ${height}`);
    }
  }
}

function checkSameLength(...arrays: ArrayLike<number>[]): void {
  for (const a of arrays) {
    if (a.length !== arrays[0]!.length || a.length === 0) {
      throw new RangeError(`arrays must be non-empty and of equal length, got ${arrays.map((x) => x.length).join(', ')}`);
    }
  }
}

/**
 * Turns an 8-bit prediction (0–255) into a map in [0, 1]: divides by 255, then stretches
 * min–max to [0, 1] unless the map is constant (then it stays value / 255).
 */
export function normalizePrediction(raw: Uint8Array): Float64Array {
  const out = new Float64Array(raw.length);
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < raw.length; i++) {
    const v = raw[i]! / 255;
    out[i] = v;
    if (v < min) min = v;
    if (v > max) max = v;
  }

  if (max !== min) {
    const range = max - min;
    for (let i = 0; i < out.length; i++) out[i] = (out[i]! - min) / range;
  }
  return out;
}

/** Binarises an 8-bit ground-truth mask: value > 127 (that is value / 255 > 0.5) is object. */
export function binarizeMask(raw: Uint8Array): Uint8Array {
  const out = new Uint8Array(raw.length);
  for (let i = 0; i < raw.length; i++) out[i] = raw[i]! > 127 ? 1 : 0;
  return out;
}

/** Mean absolute error between a soft prediction and a binary mask, in [0, 1]. */
export function meanAbsoluteError(pred: Prediction, gt: Uint8Array): number {
  checkSameLength(pred, gt);
  let sum = 0;
  for (let i = 0; i < pred.length; i++) sum += Math.abs(pred[i]! - (gt[i] ? 1 : 0));
  return sum / pred.length;
}

/**
 * Intersection over union of two binary masks, in [0, 1]. Two empty masks agree fully: 1.
 */
export function iou(a: Uint8Array, b: Uint8Array): number {
  checkSameLength(a, b);
  let inter = 0;
  let union = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] !== 0;
    const y = b[i] !== 0;
    if (x && y) inter++;
    if (x || y) union++;
  }
  return union === 0 ? 1 : inter / union;
}

/**
 * Boundary IoU (Cheng et al., CVPR 2021): IoU of the two masks' inner contour bands, each band
 * being the mask pixels within `d` pixels (chessboard distance, default 3) of a pixel outside
 * the mask; the image edge counts as outside. Two empty bands agree fully: 1.
 */
export function boundaryIou(pred: Uint8Array, gt: Uint8Array, width: number, height: number, d = 3): number {
  checkSizes(width, height, pred, gt);
  return iou(innerBand(pred, width, height, d), innerBand(gt, width, height, d));
}

/**
 * Adaptive threshold of a prediction: twice its mean, capped at 1 (Achanta et al., 2009).
 */
export function adaptiveThreshold(pred: Prediction): number {
  let sum = 0;
  for (let i = 0; i < pred.length; i++) sum += pred[i]!;
  return Math.min((2 * sum) / pred.length, 1);
}

/** Confusion counts of a binarised prediction against a mask (pixels). */
export interface Confusion {
  tp: number;
  fp: number;
  fn: number;
  tn: number;
}

/** Per-threshold confusion counts, entry t for the 8-bit threshold t (see module notes). */
export interface ConfusionCurve {
  tp: Float64Array;
  fp: Float64Array;
  /** Object pixels in the mask. */
  positives: number;
  /** All pixels. */
  total: number;
}

/** Confusion counts at the 256 thresholds, from one histogram pass. */
export function confusionCurve(pred: Prediction, gt: Uint8Array): ConfusionCurve {
  checkSameLength(pred, gt);
  const fgHist = new Float64Array(THRESHOLD_COUNT);
  const bgHist = new Float64Array(THRESHOLD_COUNT);
  let positives = 0;
  for (let i = 0; i < pred.length; i++) {
    // Truncation, not rounding: a value just under a level belongs to the level below.
    const level = Math.min(255, Math.max(0, Math.floor(pred[i]! * 255)));
    if (gt[i]) {
      fgHist[level]!++;
      positives++;
    } else {
      bgHist[level]!++;
    }
  }

  // Cumulative from the top: pixels with level >= t.
  const tp = new Float64Array(THRESHOLD_COUNT);
  const fp = new Float64Array(THRESHOLD_COUNT);
  let accTp = 0;
  let accFp = 0;
  for (let t = THRESHOLD_COUNT - 1; t >= 0; t--) {
    accTp += fgHist[t]!;
    accFp += bgHist[t]!;
    tp[t] = accTp;
    fp[t] = accFp;
  }
  return { tp, fp, positives, total: pred.length };
}

/** Confusion counts of the prediction binarised as value >= threshold. */
export function confusionAt(pred: Prediction, gt: Uint8Array, threshold: number): Confusion {
  checkSameLength(pred, gt);
  const c: Confusion = { tp: 0, fp: 0, fn: 0, tn: 0 };
  for (let i = 0; i < pred.length; i++) {
    const p = pred[i]! >= threshold;
    if (gt[i]) {
      if (p) c.tp++;
      else c.fn++;
    } else if (p) {
      c.fp++;
    } else {
      c.tn++;
    }
  }
  return c;
}

/**
 * F-measure from counts: (1 + β²)·P·R / (β²·P + R). Precision is 0 when nothing is
 * predicted, recall 0 when the mask is empty, and F is 0 when both are 0.
 */
export function fMeasureFromCounts(tp: number, predicted: number, positives: number, beta2 = 0.3): number {
  const precision = predicted === 0 ? 0 : tp / predicted;
  const recall = positives === 0 ? 0 : tp / positives;
  const denominator = beta2 * precision + recall;
  return denominator === 0 ? 0 : ((1 + beta2) * precision * recall) / denominator;
}

/**
 * F-measure (β² = 0.3 by default) at each of the 256 thresholds. The maximum F-measure of a
 * data set is the maximum of the per-threshold mean over its images.
 */
export function fMeasureCurve(pred: Prediction, gt: Uint8Array, beta2 = 0.3): Float64Array {
  const c = confusionCurve(pred, gt);
  const out = new Float64Array(THRESHOLD_COUNT);
  for (let t = 0; t < THRESHOLD_COUNT; t++) out[t] = fMeasureFromCounts(c.tp[t]!, c.tp[t]! + c.fp[t]!, c.positives, beta2);
  return out;
}

/** F-measure of the prediction binarised at {@link adaptiveThreshold}. */
export function adaptiveFMeasure(pred: Prediction, gt: Uint8Array, beta2 = 0.3): number {
  const c = confusionAt(pred, gt, adaptiveThreshold(pred));
  return fMeasureFromCounts(c.tp, c.tp + c.fp, c.tp + c.fn, beta2);
}

/** IoU from counts: TP / (TP + FP + FN); 1 when both prediction and mask are empty. */
function iouFromCounts(tp: number, predicted: number, positives: number): number {
  const union = predicted + positives - tp;
  return union === 0 ? 1 : tp / union;
}

/** IoU at each of the 256 thresholds. */
export function iouCurve(pred: Prediction, gt: Uint8Array): Float64Array {
  const c = confusionCurve(pred, gt);
  const out = new Float64Array(THRESHOLD_COUNT);
  for (let t = 0; t < THRESHOLD_COUNT; t++) out[t] = iouFromCounts(c.tp[t]!, c.tp[t]! + c.fp[t]!, c.positives);
  return out;
}

/** IoU of the prediction binarised at {@link adaptiveThreshold}. */
export function adaptiveIou(pred: Prediction, gt: Uint8Array): number {
  const c = confusionAt(pred, gt, adaptiveThreshold(pred));
  return iouFromCounts(c.tp, c.tp + c.fp, c.tp + c.fn);
}

/**
 * E-measure (Fan et al., IJCAI 2018) of a binary map against a mask, from confusion counts.
 * The enhanced alignment of a pixel depends only on its (prediction, mask) pair, so the sum
 * over the image is a weighted sum of four values. An empty mask scores the share of pixels
 * predicted as background, a full mask the share predicted as object. Divided by N - 1 as
 * the authors' code does.
 */
export function eMeasureFromCounts(c: Confusion): number {
  const total = c.tp + c.fp + c.fn + c.tn;
  const positives = c.tp + c.fn;
  const predicted = c.tp + c.fp;
  let sum: number;

  if (positives === 0) {
    sum = total - predicted;
  } else if (positives === total) {
    sum = predicted;
  } else {
    const meanPred = predicted / total;
    const meanGt = positives / total;
    const enhanced = (p: number, g: number): number => {
      const dp = p - meanPred;
      const dg = g - meanGt;
      const align = (2 * dp * dg) / (dp * dp + dg * dg + EPS);
      return ((align + 1) * (align + 1)) / 4;
    };
    sum = c.tp * enhanced(1, 1) + c.fp * enhanced(1, 0) + c.fn * enhanced(0, 1) + c.tn * enhanced(0, 0);
  }

  return sum / (total - 1 + EPS);
}

/** E-measure at each of the 256 thresholds. */
export function eMeasureCurve(pred: Prediction, gt: Uint8Array): Float64Array {
  const c = confusionCurve(pred, gt);
  const out = new Float64Array(THRESHOLD_COUNT);
  for (let t = 0; t < THRESHOLD_COUNT; t++) {
    const tp = c.tp[t]!;
    const fp = c.fp[t]!;
    const fn = c.positives - tp;
    out[t] = eMeasureFromCounts({ tp, fp, fn, tn: c.total - tp - fp - fn });
  }
  return out;
}

/** E-measure of the prediction binarised at {@link adaptiveThreshold}. */
export function adaptiveEMeasure(pred: Prediction, gt: Uint8Array): number {
  return eMeasureFromCounts(confusionAt(pred, gt, adaptiveThreshold(pred)));
}

/** Object-aware similarity of one region: 2x̄ / (x̄² + 1 + σx), σx the sample deviation. */
function objectScore(values: ArrayLike<number>, count: number): number {
  if (count === 0) return 0;
  let sum = 0;
  for (let i = 0; i < count; i++) sum += values[i]!;
  const mean = sum / count;
  let sq = 0;
  for (let i = 0; i < count; i++) sq += (values[i]! - mean) * (values[i]! - mean);
  const sigma = count > 1 ? Math.sqrt(sq / (count - 1)) : 0;
  return (2 * mean) / (mean * mean + 1 + sigma + EPS);
}

/** SSIM-style structural similarity of one rectangle [x0, x1) × [y0, y1) (Fan et al., 2017). */
function regionSsim(
  pred: Prediction,
  gt: Uint8Array,
  width: number,
  x0: number,
  x1: number,
  y0: number,
  y1: number,
): number {
  const n = (x1 - x0) * (y1 - y0);
  if (n === 0) return 0;

  let sx = 0;
  let sy = 0;
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      sx += pred[y * width + x]!;
      sy += gt[y * width + x] ? 1 : 0;
    }
  }
  const mx = sx / n;
  const my = sy / n;

  let vx = 0;
  let vy = 0;
  let cxy = 0;
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      const dx = pred[y * width + x]! - mx;
      const dy = (gt[y * width + x] ? 1 : 0) - my;
      vx += dx * dx;
      vy += dy * dy;
      cxy += dx * dy;
    }
  }
  vx /= n - 1 + EPS;
  vy /= n - 1 + EPS;
  cxy /= n - 1 + EPS;

  const alpha = 4 * mx * my * cxy;
  const beta = (mx * mx + my * my) * (vx + vy);
  if (alpha !== 0) return alpha / (beta + EPS);
  return beta === 0 ? 1 : 0;
}

/** Rounds half to even, so that a centroid exactly between two pixels splits the same way every time. */
function roundHalfEven(v: number): number {
  const r = Math.round(v);
  return Math.abs(v % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/**
 * S-measure (Fan et al., ICCV 2017), in [0, 1]: 0.5 × object-aware + 0.5 × region-aware
 * structural similarity. An empty mask scores 1 - mean(pred), a full mask mean(pred).
 * The region term splits the image at the mask's centroid (rounded, half to even; the
 * centroid row and column go to the top-left parts) into four rectangles weighted by area.
 */
export function sMeasure(pred: Prediction, gt: Uint8Array, width: number, height: number, alpha = 0.5): number {
  checkSizes(width, height, pred, gt);
  const total = width * height;

  let positives = 0;
  let predSum = 0;
  let sumX = 0;
  let sumY = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      predSum += pred[i]!;
      if (gt[i]) {
        positives++;
        sumX += x;
        sumY += y;
      }
    }
  }
  if (positives === 0) return 1 - predSum / total;
  if (positives === total) return predSum / total;

  // Object term: prediction over the object, its complement over the background.
  const fgValues = new Float64Array(positives);
  const bgValues = new Float64Array(total - positives);
  let nf = 0;
  let nb = 0;
  for (let i = 0; i < total; i++) {
    if (gt[i]) fgValues[nf++] = pred[i]!;
    else bgValues[nb++] = 1 - pred[i]!;
  }
  const share = positives / total;
  const objectTerm = share * objectScore(fgValues, nf) + (1 - share) * objectScore(bgValues, nb);

  // Region term: split column/row counts include the centroid pixel in the left/top parts.
  const cx = roundHalfEven(sumX / positives) + 1;
  const cy = roundHalfEven(sumY / positives) + 1;
  const w1 = (cx * cy) / total;
  const w2 = ((width - cx) * cy) / total;
  const w3 = (cx * (height - cy)) / total;
  const w4 = 1 - w1 - w2 - w3;
  const regionTerm =
    w1 * regionSsim(pred, gt, width, 0, cx, 0, cy) +
    w2 * regionSsim(pred, gt, width, cx, width, 0, cy) +
    w3 * regionSsim(pred, gt, width, 0, cx, cy, height) +
    w4 * regionSsim(pred, gt, width, cx, width, cy, height);

  return Math.max(0, alpha * objectTerm + (1 - alpha) * regionTerm);
}

/**
 * Weighted F-measure (Margolin et al., CVPR 2014), in [0, 1], β² = 1 by default as in the
 * authors' code. Errors of background pixels are taken from their nearest object pixel and
 * smoothed with a 7 × 7 Gaussian (σ = 5, zero outside the image); object pixels keep the
 * smaller of raw and smoothed error; background errors grow with distance d from the object
 * by 2 - exp(-ln 2 × d / 5). An empty mask scores 0.
 */
export function weightedFMeasure(pred: Prediction, gt: Uint8Array, width: number, height: number, beta2 = 1): number {
  checkSizes(width, height, pred, gt);
  const total = width * height;

  const error = new Float64Array(total);
  let positives = 0;
  for (let i = 0; i < total; i++) {
    error[i] = Math.abs(pred[i]! - (gt[i] ? 1 : 0));
    if (gt[i]) positives++;
  }
  if (positives === 0) return 0;

  // Dependency: each background pixel carries the error of its nearest object pixel.
  const { distance, nearest } = distanceToForeground(gt, width, height);
  const carried = new Float64Array(total);
  for (let i = 0; i < total; i++) carried[i] = gt[i] ? error[i]! : error[nearest[i]!]!;
  const smoothed = filterZeroPadded(carried, width, height, gaussianKernel(7, 5), 7);

  // Importance: background errors weigh more the farther they lie from the object.
  let errorOnObject = 0;
  let errorOnBackground = 0;
  for (let i = 0; i < total; i++) {
    if (gt[i]) {
      errorOnObject += Math.min(error[i]!, smoothed[i]!);
    } else {
      errorOnBackground += error[i]! * (2 - Math.exp((Math.log(0.5) / 5) * distance[i]!));
    }
  }

  const tpw = positives - errorOnObject;
  const recall = 1 - errorOnObject / positives;
  const precision = tpw / (EPS + tpw + errorOnBackground);
  return ((1 + beta2) * recall * precision) / (EPS + recall + beta2 * precision);
}
